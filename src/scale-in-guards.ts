import { Duration } from 'aws-cdk-lib';
import { CircuitBreakerOptions, MaintenanceWindow } from './custom-scaling-options';

/**
 * Guards on the scale-in of native target tracking (the HYBRID path): Application Auto Scaling
 * keeps scaling out, and the scaler suspends its dynamic scale-in (`SuspendedState`) while a
 * guard holds it back. The native policy's AlarmLow still decides when and how far to scale in.
 */
export interface ScaleInGuards {
  /**
   * Native scale-in waits until this many consecutive checks found consumption below target
   * tracking's own scale-in threshold (the target minus 20 points) over the last 15 minutes.
   * AlarmLow needs 15 low minutes anyway, so with checks every 5 minutes a value of 3 or less
   * adds no delay of its own. 0: no such guard.
   *
   * @default 0
   */
  readonly consecutiveLowChecks?: number;

  /**
   * Daily UTC windows in which native scale-in may happen; outside them (and when a window
   * closes before the next check) it is suspended.
   *
   * @default - scale-in at any time
   */
  readonly maintenanceWindows?: MaintenanceWindow[];

  /**
   * An HTTP endpoint asked at every check: while it does not answer 2xx (during an incident),
   * native scale-in is suspended and the count of low checks starts again.
   *
   * @default - no circuit breaker
   */
  readonly circuitBreaker?: CircuitBreakerOptions;

  /**
   * Lower a dimension that had no traffic at all for 15 minutes (no consumed unit, no throttled
   * request) to its scalable target's minimum capacity, within DynamoDB's decrease quota and
   * when the other guards allow scale-in. Target tracking never does: its AlarmLow has no data.
   * Traffic that comes back is met by the native scale-out, from the minimum.
   *
   * @default false
   */
  readonly scaleInWhenIdle?: boolean;

  /**
   * How often the scaler checks the guards (whole minutes). A guard acts at the next check: a
   * shorter interval suspends sooner after an incident starts, at the scaler's running cost.
   *
   * @default Duration.minutes(5)
   */
  readonly checkInterval?: Duration;
}
