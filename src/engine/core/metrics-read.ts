/**
 * Which CloudWatch metrics a target's rules read. GetMetricData is billed per metric requested,
 * so a host asks only for these; a metric left out reads as "no datapoint", which no rule of the
 * policy looks at.
 */
import { IndexSnapshot, MetricSums } from './decide-types';
import { DimensionPolicy, TargetPolicy } from './policy';

/**
 * Minutes after a minute ends until CloudWatch has usually published its datapoint: a window the
 * scaler builds for a policy (step, guard) ends this long before the check.
 */
export const PUBLISH_DELAY_MINUTES = 2;

/**
 * How much further back such a window may move while CloudWatch has not published it yet
 * (`lookbackWindowStartMax`), so a late window is not read as idle.
 */
export const PUBLISH_EXTRA_WAIT_MINUTES = 3;

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
 * The metrics `decide` reads for a target under `policy`: consumed units of both dimensions
 * (of a guarded target, of its guarded dimensions only); the provisioned average (D8) unless
 * `provisioned` is false (see {@link provisionedIsCurrent}); throttle events only where a rule
 * uses them (`throttled-<dim>-upper-threshold`, the throttled-by scales,
 * `count-throttled-as-consumed`, a scale-in guard).
 */
export function metricsRead(policy: TargetPolicy, provisioned = true): readonly MetricRead[] {
  let reads = cache.get(policy);
  if (reads === undefined) {
    const all = metricsOf(policy);
    reads = { all, withoutProvisioned: all.filter((m) => !m.metric.startsWith('Provisioned')) };
    cache.set(policy, reads);
  }
  return provisioned ? reads.all : reads.withoutProvisioned;
}

/** Per policy object, computed once: a check asks for every target's metrics. */
const cache = new WeakMap<TargetPolicy, { all: readonly MetricRead[]; withoutProvisioned: readonly MetricRead[] }>();

/**
 * How long before a window a capacity change must have been requested for every
 * `Provisioned*CapacityUnits` datapoint of the window to show it: DynamoDB applies a throughput
 * update within minutes (a table still UPDATING is read anyway) and CloudWatch aggregates the
 * Provisioned metrics over five minutes.
 */
export const PROVISIONED_SETTLED_MS = 15 * 60_000;

/**
 * Whether the capacity provisioned during a window starting at `windowStartMs` is the current
 * one, so the Provisioned* metrics (D8) need not be requested: GetMetricData is billed per
 * metric, and a table at rest then costs two metrics a target instead of four.
 */
export function provisionedIsCurrent(snapshot: IndexSnapshot, windowStartMs: number): boolean {
  return (snapshot.status ?? 'ACTIVE') === 'ACTIVE' && snapshot.capacitySinceMs !== undefined
    && snapshot.capacitySinceMs < windowStartMs - PROVISIONED_SETTLED_MS;
}

function metricsOf(policy: TargetPolicy): readonly MetricRead[] {
  // A guard reads throttles to tell an idle window (no request at all) from a throttled one.
  const throttles = (d: DimensionPolicy) => policy.countThrottledAsConsumed === true || readsThrottles(d) || d.scaleInGuard !== undefined;
  // A guarded target (hybrid path) reads nothing of a dimension it does not guard; dd's rules read
  // both consumed metrics whatever is enabled (the throughput alarms look at both).
  const guarded = policy.reads.scaleInGuard !== undefined || policy.writes.scaleInGuard !== undefined;
  const read = (d: DimensionPolicy) => !guarded || (d.scaleInGuard !== undefined && d.enableAutoscaling);
  const reads = read(policy.reads);
  const writes = read(policy.writes);
  return [
    ...(reads ? [{ metric: 'ConsumedReadCapacityUnits', statistic: 'Sum' } as const] : []),
    ...(writes ? [{ metric: 'ConsumedWriteCapacityUnits', statistic: 'Sum' } as const] : []),
    ...(reads && throttles(policy.reads) ? [{ metric: 'ReadThrottleEvents', statistic: 'Sum' } as const] : []),
    ...(writes && throttles(policy.writes) ? [{ metric: 'WriteThrottleEvents', statistic: 'Sum' } as const] : []),
    ...(reads ? [{ metric: 'ProvisionedReadCapacityUnits', statistic: 'Average' } as const] : []),
    ...(writes ? [{ metric: 'ProvisionedWriteCapacityUnits', statistic: 'Average' } as const] : []),
  ];
}
