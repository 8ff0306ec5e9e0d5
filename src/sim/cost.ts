/**
 * Prices, the two ways DynamoDB bills throughput, and the one table of every price the simulator
 * and the benches charge (`PRICE_TABLE`: field, default, environment variable, what it buys).
 *
 * AWS facts (us-east-1, list prices, as in data/traces/README.md):
 * - Provisioned: 0.00013 USD per RCU-hour and 0.00065 USD per WCU-hour, charged for the capacity
 *   provisioned whether or not it is used. The model charges capacity-seconds pro rata.
 * - On-demand: 0.125 USD per million read request units and 0.625 USD per million write request
 *   units, charged per unit consumed. One request unit is one capacity unit consumed for one
 *   second, so an on-demand table costs `consumed units × price per request unit`. On-demand
 *   tables are modelled as never throttling (their "double the previous peak" rule is not modelled).
 *   (https://aws.amazon.com/dynamodb/pricing/)
 * - CloudWatch: a standard-resolution alarm 0.10 USD per alarm-month (a metric-math alarm is billed
 *   per metric in it); GetMetricData 0.01 USD per 1,000 metrics requested
 *   (https://aws.amazon.com/cloudwatch/pricing/).
 * - Lambda on arm64: 0.20 USD per million requests, 0.0000133334 USD per GB-second
 *   (https://aws.amazon.com/lambda/pricing/).
 * What each policy pays to run is in `running-cost.ts`.
 */

/** Reads or writes, as the CLI names them. */
export type SimDimension = 'read' | 'write';

/** USD prices; any field may be overridden (see `PRICE_TABLE` for the environment variables). */
export interface Prices {
  /** USD per read capacity unit per hour (provisioned). @default 0.00013 */
  readonly rcuHour: number;
  /** USD per write capacity unit per hour (provisioned). @default 0.00065 */
  readonly wcuHour: number;
  /** USD per million read request units (on-demand). @default 0.125 */
  readonly readRequestMillion: number;
  /** USD per million write request units (on-demand). @default 0.625 */
  readonly writeRequestMillion: number;
  /** USD per standard-resolution alarm-month (a metric-math alarm: per metric in it). @default 0.10 */
  readonly alarmMonth: number;
  /** USD per metric requested from GetMetricData. @default 0.00001 (0.01 per 1,000) */
  readonly getMetricDataPerMetric: number;
  /** USD per Lambda request. @default 0.0000002 (0.20 per million) */
  readonly lambdaRequest: number;
  /** USD per Lambda GB-second (arm64). @default 0.0000133334 */
  readonly lambdaGbSecond: number;
  /** USD per read request unit of the scaler's state table (on-demand). @default 0.000000125 */
  readonly stateRead: number;
  /** USD per write request unit of the scaler's state table (on-demand). @default 0.000000625 */
  readonly stateWrite: number;
}

/** One row of the price table. */
export interface PriceRow {
  /** The field of `Prices`. */
  readonly field: keyof Prices;
  /** The default (us-east-1 list price), USD. */
  readonly usd: number;
  /** The environment variable that overrides it (read by the benches and the CLI). */
  readonly env: string;
  /** What the price is for. */
  readonly per: string;
}

/**
 * Every price the simulator and the benches charge, with its default and the environment variable
 * that overrides it: the one place prices are written down (docs/simulator.md#prices shows it).
 */
export const PRICE_TABLE: readonly PriceRow[] = [
  { field: 'rcuHour', usd: 0.00013, env: 'PRICE_RCU_HOUR', per: 'provisioned read capacity unit-hour' },
  { field: 'wcuHour', usd: 0.00065, env: 'PRICE_WCU_HOUR', per: 'provisioned write capacity unit-hour' },
  { field: 'readRequestMillion', usd: 0.125, env: 'PRICE_READ_MILLION', per: 'million on-demand read request units' },
  { field: 'writeRequestMillion', usd: 0.625, env: 'PRICE_WRITE_MILLION', per: 'million on-demand write request units' },
  { field: 'alarmMonth', usd: 0.10, env: 'PRICE_ALARM_MONTH', per: 'standard-resolution alarm-month (metric-math alarm: per metric in it)' },
  { field: 'getMetricDataPerMetric', usd: 0.01 / 1000, env: 'PRICE_GET_METRIC_DATA', per: 'metric requested from GetMetricData' },
  { field: 'lambdaRequest', usd: 0.20 / 1e6, env: 'PRICE_LAMBDA_REQUEST', per: 'Lambda request' },
  { field: 'lambdaGbSecond', usd: 0.0000133334, env: 'PRICE_LAMBDA_GB_SECOND', per: 'Lambda GB-second (arm64)' },
  { field: 'stateRead', usd: 0.125 / 1e6, env: 'PRICE_DDB_READ', per: 'read request unit of the scaler\'s on-demand state table' },
  { field: 'stateWrite', usd: 0.625 / 1e6, env: 'PRICE_DDB_WRITE', per: 'write request unit of the scaler\'s on-demand state table' },
];

/** The price table's defaults. */
export const DEFAULT_PRICES: Prices = Object.fromEntries(PRICE_TABLE.map((r) => [r.field, r.usd])) as unknown as Prices;

/**
 * The prices `env` overrides (`PRICE_*` variables of `PRICE_TABLE`); pure: the caller passes
 * `process.env`. An empty variable is ignored; one that is not a number >= 0 is an error naming it.
 */
export function pricesFromEnvironment(env: Readonly<Record<string, string | undefined>>): Partial<Prices> {
  const prices: { -readonly [K in keyof Prices]?: number } = {};
  for (const row of PRICE_TABLE) {
    const raw = env[row.env];
    if (raw === undefined || raw.trim() === '') continue;
    const value = Number(raw);
    if (!Number.isFinite(value) || value < 0) throw new Error(`${row.env} must be a price in USD >= 0, got '${raw}'`);
    prices[row.field] = value;
  }
  return prices;
}

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
