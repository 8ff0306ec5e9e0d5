/**
 * A feature of a policy that Application Auto Scaling cannot provide. Its own module so that
 * `scaling-policy.ts` (which lists a policy's features) and `select-path.ts` (which reads them
 * and names a `ScalingPath`) do not import each other.
 */
export interface NonNativeFeature {
  /** Plain words, shown in errors and decisions, e.g. `maintenance windows`. */
  readonly name: string;
  /**
   * True for a guard on native scale-in (circuit breaker, maintenance windows, consecutive
   * checks, scale-in at zero traffic): the HYBRID path can honour it. False for rules only the
   * scaler Lambda can run (thresholds, step adjustments, throttle-driven scaling, ...).
   */
  readonly guard: boolean;
}
