/**
 * Prices and the two ways DynamoDB bills throughput.
 *
 * AWS facts (Amazon DynamoDB pricing, https://aws.amazon.com/dynamodb/pricing/, us-east-1, as in
 * data/traces/README.md):
 * - Provisioned: 0.00013 USD per RCU-hour and 0.00065 USD per WCU-hour, charged for the capacity
 *   provisioned whether or not it is used. The model charges capacity-seconds pro rata.
 * - On-demand: 0.125 USD per million read request units and 0.625 USD per million write request
 *   units, charged per unit consumed. One request unit is one capacity unit consumed for one
 *   second, so an on-demand table costs `consumed units × price per request unit`. On-demand
 *   tables are modelled as never throttling (their "double the previous peak" rule is not modelled).
 */

/** Reads or writes, as the CLI names them. */
export type SimDimension = 'read' | 'write';

/** USD prices; any field may be overridden. */
export interface Prices {
  /** USD per read capacity unit per hour (provisioned). @default 0.00013 */
  readonly rcuHour: number;
  /** USD per write capacity unit per hour (provisioned). @default 0.00065 */
  readonly wcuHour: number;
  /** USD per million read request units (on-demand). @default 0.125 */
  readonly readRequestMillion: number;
  /** USD per million write request units (on-demand). @default 0.625 */
  readonly writeRequestMillion: number;
}

/** us-east-1 prices, as the benchmark convention states them. */
export const DEFAULT_PRICES: Prices = {
  rcuHour: 0.00013,
  wcuHour: 0.00065,
  readRequestMillion: 0.125,
  writeRequestMillion: 0.625,
};

/** The cost of provisioned capacity: `unitSeconds` capacity-seconds of the dimension. */
export function provisionedCostUsd(unitSeconds: number, dimension: SimDimension, prices: Prices = DEFAULT_PRICES): number {
  const perHour = dimension === 'read' ? prices.rcuHour : prices.wcuHour;
  return (unitSeconds / 3600) * perHour;
}

/** The on-demand cost of `units` request units of the dimension. */
export function onDemandCostUsd(units: number, dimension: SimDimension, prices: Prices = DEFAULT_PRICES): number {
  const perMillion = dimension === 'read' ? prices.readRequestMillion : prices.writeRequestMillion;
  return (units / 1e6) * perMillion;
}
