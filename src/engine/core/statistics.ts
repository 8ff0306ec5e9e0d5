/**
 * The metrics of spec §3, computed from CloudWatch Sums over the lookback window, with dd's
 * floating-point order (R3.6) so results are bit-identical. A missing Sum is "no datapoint".
 * D9: a consumed Sum of 0 gives 0% throttled-by-consumed instead of a division by zero; a
 * capacity of 0 (on-demand) never reaches these functions (`decide` skips the target).
 */

/** Seconds in the lookback period (`lookback-period` minutes × 60). */
export function lookbackSeconds(lookbackPeriodMinutes: number): number {
  return lookbackPeriodMinutes * 60;
}

/**
 * Consumed % (R3.2): `((Sum / secs) / provisioned) * 100`, 0 when there is no datapoint.
 *
 * @param consumedSum Sum of `Consumed*CapacityUnits`, or undefined for no datapoint
 * @param secs the lookback period in seconds
 * @param provisioned the capacity consumption is measured against (> 0)
 */
export function consumedPercent(consumedSum: number | undefined, secs: number, provisioned: number): number {
  if (consumedSum === undefined) return 0;
  return ((consumedSum / secs) / provisioned) * 100;
}

/**
 * Throttle count (R3.3): `int(Sum)` of `*ThrottleEvents`, a raw count over the window.
 *
 * @param throttleSum Sum of `*ThrottleEvents`, or undefined for no datapoint
 */
export function throttleCount(throttleSum: number | undefined): number {
  return throttleSum === undefined ? 0 : Math.trunc(throttleSum);
}

/**
 * Throttled-by-provisioned % (R3.4): `((throttle Sum / secs) / provisioned) * 100`.
 *
 * @param throttleSum Sum of `*ThrottleEvents`, or undefined for no datapoint
 * @param secs the lookback period in seconds
 * @param provisioned the capacity throttles are measured against (> 0)
 */
export function throttledByProvisionedPercent(throttleSum: number | undefined, secs: number, provisioned: number): number {
  if (throttleSum === undefined) return 0;
  return ((throttleSum / secs) / provisioned) * 100;
}

/**
 * Throttled-by-consumed % (R3.5): `((throttle Sum / secs) / (consumed Sum / secs)) * 100` when both
 * metrics have a datapoint, else 0. A consumed Sum of 0 gives 0 (D9; dd divides by zero).
 *
 * @param throttleSum Sum of `*ThrottleEvents`, or undefined for no datapoint
 * @param consumedSum Sum of `Consumed*CapacityUnits`, or undefined for no datapoint
 * @param secs the lookback period in seconds
 */
export function throttledByConsumedPercent(throttleSum: number | undefined, consumedSum: number | undefined, secs: number): number {
  if (throttleSum === undefined || consumedSum === undefined || consumedSum === 0) return 0;
  return ((throttleSum / secs) / (consumedSum / secs)) * 100;
}

/** The CloudWatch query window of R3.1, relative to the check's time. */
export interface MetricWindow {
  /** The window starts this many minutes before now (`lookback-window-start`). */
  readonly startMinutesBeforeNow: number;
  /** The window ends this many minutes before now (`start − lookback-period`). */
  readonly endMinutesBeforeNow: number;
  /** The statistic's period in seconds: one datapoint covers the whole window. */
  readonly periodSeconds: number;
}

/**
 * The window dd queries (R3.1): from `now − start` to `now − (start − period)` minutes, one
 * `Sum` datapoint of `period × 60` seconds. Hosts query exactly this.
 *
 * @param lookbackWindowStart `lookback-window-start`, minutes
 * @param lookbackPeriod `lookback-period`, minutes
 */
export function metricWindow(lookbackWindowStart: number, lookbackPeriod: number): MetricWindow {
  return {
    startMinutesBeforeNow: lookbackWindowStart,
    endMinutesBeforeNow: lookbackWindowStart - lookbackPeriod,
    periodSeconds: lookbackSeconds(lookbackPeriod),
  };
}
