/**
 * A dimension with a step policy (`DimensionPolicy.step`): its decision for one check, in the
 * shape of dd's per-dimension decision so the apply rules (§7: status, maintenance windows,
 * reads-and-writes-together, the decrease quota) and the rest of the check treat it alike. The
 * step arithmetic itself is step-scaling.ts.
 */
import { MetricSeries, MetricSums } from './decide-types';
import { DimensionResult } from './dimension-decision';
import { DimensionPolicy } from './policy';
import { evaluateStepPolicy, StepScalingState } from './step-scaling';

/** What a step dimension decides: dd's result shape, and the step state to keep if its change is sent. */
export interface StepDimensionResult extends DimensionResult {
  /** The step state for the next check when this check's change is sent. */
  readonly stepStateIfApplied: StepScalingState;
}

/** Where the series' minutes are: the first one's start, and since when the capacity is what it is now. */
export interface StepWindow {
  /** Start of the series' first minute (ms). */
  readonly firstMinuteMs: number;
  /** When the capacity last changed (ms), from `DescribeTable`. @default - not known: every minute counts */
  readonly capacitySinceMs?: number;
}

/** The metrics of the dimension's utilization. */
const METRICS = {
  reads: { consumed: 'ConsumedReadCapacityUnits', throttles: 'ReadThrottleEvents' },
  writes: { consumed: 'ConsumedWriteCapacityUnits', throttles: 'WriteThrottleEvents' },
} as const satisfies Record<string, Record<string, keyof MetricSums>>;

/**
 * Decides a step dimension: its per-minute utilization (consumed units, plus throttled requests
 * with `countThrottledAsConsumed`, over the current capacity) evaluated by the step alarms.
 *
 * @param reasons where to append reasons, or undefined to skip them
 */
export function decideStepDimension(
  dim: 'reads' | 'writes', p: DimensionPolicy, current: number, series: MetricSeries | undefined,
  countThrottles: boolean, state: StepScalingState | undefined, nowMs: number, reasons: string[] | undefined,
  window: StepWindow,
): StepDimensionResult {
  const consumed = series?.[METRICS[dim].consumed] ?? [];
  const throttles = series?.[METRICS[dim].throttles] ?? [];
  // A minute without a consumed datapoint is missing (it does not breach), as in a CloudWatch alarm
  // on it; so is a minute from before the capacity last changed, which measured another capacity.
  const since = window.capacitySinceMs ?? Number.NEGATIVE_INFINITY;
  const utilization = consumed.map((c, i) => (c === null || window.firstMinuteMs + i * 60_000 < since ? NaN
    : ((c + (countThrottles ? throttles[i] ?? 0 : 0)) / 60 / current) * 100));
  const evaluation = evaluateStepPolicy(
    { ...p.step!, minCapacity: p.min, maxCapacity: p.max },
    { utilization, currentCapacity: current, state: state ?? {}, nowMs },
  );
  let proposed = evaluation.newCapacity ?? current;
  if (reasons) reasons.push(...evaluation.reasons);
  if (proposed > current && !p.enableUpScaling) {
    reasons?.push(`up-scaling disabled (enable-${dim}-up-scaling = false)`);
    proposed = current;
  }
  return {
    updateNeeded: proposed !== current,
    proposedUnits: proposed,
    counterOut: 0,
    counterIfApplied: 0,
    lowChecksPeakOut: 0,
    throttleDriven: false,
    stepStateIfApplied: evaluation.state,
  };
}
