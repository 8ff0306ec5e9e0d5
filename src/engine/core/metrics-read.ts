/**
 * Which CloudWatch metrics a target's rules read. GetMetricData is billed per metric requested,
 * so a host asks only for these; a metric left out reads as "no datapoint", which no rule of the
 * policy looks at.
 */
import { MetricSums } from './decide-types';
import { DimensionPolicy, TargetPolicy } from './policy';

/** The statistic a metric is read with: Sum for counts, Average for the Provisioned* gauges. */
export type MetricStatistic = 'Sum' | 'Average';

/** One metric to read and how. */
export interface MetricRead {
  /** The metric. */
  readonly metric: keyof MetricSums;
  /** Its statistic. */
  readonly statistic: MetricStatistic;
}

/** Whether a dimension's rules read its throttle events (thresholds, scales, the D5 guard). */
function readsThrottles(d: DimensionPolicy): boolean {
  return d.throttledUpperThreshold > 0
    || (d.increaseThrottledByProvisionedScale?.length ?? 0) > 0
    || (d.increaseThrottledByConsumedScale?.length ?? 0) > 0;
}

/**
 * The metrics `decide` reads for a target under `policy`: consumed units and the provisioned
 * average (D8) of both dimensions always; throttle events only where a rule uses them
 * (`throttled-<dim>-upper-threshold`, the throttled-by scales, `count-throttled-as-consumed`).
 */
export function metricsRead(policy: TargetPolicy): readonly MetricRead[] {
  let reads = cache.get(policy);
  if (reads === undefined) {
    reads = metricsOf(policy);
    cache.set(policy, reads);
  }
  return reads;
}

/** Per policy object, computed once: a check asks for every target's metrics. */
const cache = new WeakMap<TargetPolicy, readonly MetricRead[]>();

function metricsOf(policy: TargetPolicy): readonly MetricRead[] {
  const throttles = (d: DimensionPolicy) => policy.countThrottledAsConsumed === true || readsThrottles(d);
  return [
    { metric: 'ConsumedReadCapacityUnits', statistic: 'Sum' },
    { metric: 'ConsumedWriteCapacityUnits', statistic: 'Sum' },
    ...(throttles(policy.reads) ? [{ metric: 'ReadThrottleEvents', statistic: 'Sum' } as const] : []),
    ...(throttles(policy.writes) ? [{ metric: 'WriteThrottleEvents', statistic: 'Sum' } as const] : []),
    { metric: 'ProvisionedReadCapacityUnits', statistic: 'Average' },
    { metric: 'ProvisionedWriteCapacityUnits', statistic: 'Average' },
  ];
}
