/**
 * The hybrid path's guard (`DimensionPolicy.scaleInGuard`): native target tracking scales the
 * dimension; this rule only says whether its dynamic scale-in must be suspended now, and lowers
 * an idle dimension to its minimum (target tracking never does: its low alarm has no data).
 * It never proposes an increase.
 */
import { DimensionResult } from './dimension-decision';
import { PUBLISH_DELAY_MINUTES, PUBLISH_EXTRA_WAIT_MINUTES } from './metrics-read';
import { CircuitBreaker, DEFAULT_DIMENSION_POLICY, DEFAULT_TARGET_POLICY, DimensionPolicy, MaintenanceWindow, TargetPolicy } from './policy';

/** A dimension guarded on the hybrid path. */
export interface ScaleInGuardRules {
  /**
   * The native policy's target utilization, percent. A check is low when the consumed % of its
   * window is below target tracking's own scale-in threshold, this minus
   * {@link ALARM_LOW_OFFSET_PERCENT} (its AlarmLow).
   */
  readonly targetUtilizationPercent: number;
  /**
   * Consecutive low checks before native scale-in is allowed; scale-in stays suspended until
   * then, and a check that is not low starts the count again. 0: no such guard. @default 0
   */
  readonly consecutiveLowChecks: number;
  /**
   * Lower the dimension to its minimum (the scalable target's `MinCapacity`) when its window had
   * no traffic (no consumed unit, no throttled request) and scale-in is allowed. @default false
   */
  readonly scaleInWhenIdle: boolean;
}

/** Seconds between a guard's checks unless the policy says: native scale-in needs 15 low minutes anyway. */
export const DEFAULT_GUARD_CHECK_INTERVAL_SECONDS = 300;

/** Target tracking's AlarmLow is this many points below the target utilization (AWS's own alarm). */
export const ALARM_LOW_OFFSET_PERCENT = 20;

/** Application Auto Scaling's `SuspendedState` of a scalable target. */
export interface SuspendedState {
  /** Dynamic (target tracking) scale-in is suspended. */
  readonly dynamicScalingInSuspended: boolean;
  /** Dynamic scale-out is suspended. */
  readonly dynamicScalingOutSuspended: boolean;
  /** Scheduled actions are suspended. */
  readonly scheduledScalingSuspended: boolean;
}

/** A scalable target as `DescribeScalableTargets` reports it. */
export interface ScalableTargetState {
  /** `MinCapacity`: what an idle dimension is lowered to. */
  readonly minCapacity: number;
  /** `MaxCapacity`. */
  readonly maxCapacity: number;
  /** `SuspendedState`; a target registered without one has every flag false. */
  readonly suspendedState: SuspendedState;
}

/** What the guard of one dimension is decided on. */
export interface GuardInput {
  /** The rules. */
  readonly rules: ScaleInGuardRules;
  /** Capacity now. */
  readonly current: number;
  /** The policy's minimum, used when the scalable target is not known. */
  readonly policyMin: number;
  /** Consumed % of the window (D8), or null when the window was not read (held). */
  readonly consumedPercent: number | null;
  /** The window had no consumed unit and no throttled request. */
  readonly idle: boolean;
  /** The counter (consecutive low checks) before this check. */
  readonly counterIn: number;
  /** Why the circuit breaker is open, or undefined when it is closed (or there is none). */
  readonly breakerOpen?: string;
  /** Why scale-in is outside the maintenance windows, or undefined when inside (or there are none). */
  readonly outsideWindows?: string;
  /** The scalable target now, or undefined when it could not be found. */
  readonly target?: ScalableTargetState;
}

/** The guard's decision for one dimension. */
export interface GuardResult extends DimensionResult {
  /** Whether native scale-in must be suspended now. */
  readonly suspend: boolean;
  /** The `SuspendedState` to register, or undefined when the target's is right already (or it is unknown). */
  readonly register?: SuspendedState;
}

/**
 * Decides one guarded dimension: suspend native scale-in while the circuit breaker is open,
 * outside the maintenance windows, or until `consecutiveLowChecks` low checks in a row; with
 * `scaleInWhenIdle`, lower an idle dimension to its minimum when scale-in is allowed.
 *
 * @param reasons where to append why, or undefined to skip them
 */
export function decideGuardDimension(g: GuardInput, reasons: string[] | undefined): GuardResult {
  const { rules } = g;
  const lowBelow = rules.targetUtilizationPercent - ALARM_LOW_OFFSET_PERCENT;
  let counter: number;
  if (g.breakerOpen !== undefined) counter = 0;
  else if (g.consumedPercent === null) counter = g.counterIn;
  else counter = g.consumedPercent < lowBelow ? g.counterIn + 1 : 0;

  const why: string[] = [];
  if (g.breakerOpen !== undefined) why.push(g.breakerOpen);
  if (g.outsideWindows !== undefined) why.push(g.outsideWindows);
  if (rules.consecutiveLowChecks > 0 && counter < rules.consecutiveLowChecks) {
    why.push(`${counter} of ${rules.consecutiveLowChecks} consecutive low checks (consumed below ${lowBelow} %)`);
  }
  const suspend = why.length > 0;
  if (reasons) {
    if (g.consumedPercent !== null) reasons.push(`consumed ${g.consumedPercent} %${g.consumedPercent < lowBelow ? `: a low check (below ${lowBelow} %)` : ''}`);
    reasons.push(suspend ? `native scale-in suspended: ${why.join('; ')}` : 'native scale-in allowed');
  }

  let register: SuspendedState | undefined;
  if (g.target === undefined) {
    reasons?.push('no scalable target found for this dimension: nothing to suspend or resume');
  } else if (g.target.suspendedState.dynamicScalingInSuspended !== suspend) {
    register = { ...g.target.suspendedState, dynamicScalingInSuspended: suspend };
    reasons?.push(`${suspend ? 'suspending' : 'resuming'} dynamic scale-in on the scalable target`);
  }

  const min = Math.max(1, g.target?.minCapacity ?? g.policyMin);
  let proposed = g.current;
  if (rules.scaleInWhenIdle && g.consumedPercent !== null && g.idle && g.current > min) {
    if (suspend) {
      reasons?.push(`idle, but not lowered to ${min}: scale-in is suspended`);
    } else {
      proposed = min;
      reasons?.push(`idle (no consumed unit, no throttled request): lowering to the minimum, ${min}`);
    }
  }
  return {
    updateNeeded: proposed !== g.current,
    proposedUnits: proposed,
    counterOut: counter,
    counterIfApplied: counter,
    lowChecksPeakOut: 0,
    throttleDriven: false,
    suspend,
    ...(register ? { register } : {}),
  };
}

/** One dimension's native target tracking, as the guard needs it. */
export interface GuardedDimension {
  /** The native policy's target utilization, percent. */
  readonly targetUtilizationPercent: number;
  /** The native policy's minimum: the fallback for idle lowering when the scalable target cannot be read. */
  readonly minCapacity: number;
  /** The native policy's maximum. */
  readonly maxCapacity: number;
}

/** What a hybrid target is made of: the native settings of its guarded dimensions, and the guards. */
export interface GuardTargetOptions {
  /** Reads, when native target tracking scales them. @default - reads not guarded */
  readonly reads?: GuardedDimension;
  /** Writes, when native target tracking scales them. @default - writes not guarded */
  readonly writes?: GuardedDimension;
  /** Seconds between the guard's checks. */
  readonly checkIntervalSeconds: number;
  /** Consecutive low checks before scale-in. @default 0 */
  readonly consecutiveLowChecks?: number;
  /** Lower an idle dimension to its minimum. @default false */
  readonly scaleInWhenIdle?: boolean;
  /** Scale-in only inside these windows. @default - at any time */
  readonly maintenanceWindows?: readonly MaintenanceWindow[];
  /** Scale-in only while this breaker is closed. @default - none */
  readonly circuitBreaker?: CircuitBreaker;
}

/**
 * Minutes a guard's window spans at least: the datapoints target tracking's AlarmLow evaluates.
 * A low check is then one where AlarmLow would (about) be in ALARM, and an idle one one where it
 * has no data at all, which is when native scale-in never comes.
 */
export const GUARD_WINDOW_MINUTES = 15;

/**
 * The engine policy of a hybrid target: each guarded dimension with `scaleInGuard` and the
 * native bounds, the other one unmanaged; a window of {@link GUARD_WINDOW_MINUTES} (or the check
 * interval, if longer, so no minute goes unseen), ending {@link PUBLISH_DELAY_MINUTES} before
 * the check and moved back up to {@link PUBLISH_EXTRA_WAIT_MINUTES} more while CloudWatch has not
 * published it, so a late window is not read as idle.
 */
export function guardTargetPolicy(o: GuardTargetOptions): TargetPolicy {
  // Up, not to the nearest: a window shorter than the interval leaves seconds between checks unread.
  const period = Math.max(GUARD_WINDOW_MINUTES, Math.ceil(o.checkIntervalSeconds / 60));
  const dim = (d: GuardedDimension | undefined): DimensionPolicy => (d === undefined
    ? { ...DEFAULT_DIMENSION_POLICY, enableAutoscaling: false }
    : {
      ...DEFAULT_DIMENSION_POLICY,
      min: d.minCapacity,
      max: d.maxCapacity,
      // Never up: native target tracking scales out.
      enableUpScaling: false,
      scaleInGuard: {
        targetUtilizationPercent: d.targetUtilizationPercent,
        consecutiveLowChecks: o.consecutiveLowChecks ?? 0,
        scaleInWhenIdle: o.scaleInWhenIdle ?? false,
      },
    });
  return {
    ...DEFAULT_TARGET_POLICY,
    reads: dim(o.reads),
    writes: dim(o.writes),
    lookbackPeriod: period,
    lookbackWindowStart: period + PUBLISH_DELAY_MINUTES,
    lookbackWindowStartMax: period + PUBLISH_DELAY_MINUTES + PUBLISH_EXTRA_WAIT_MINUTES,
    ...(o.maintenanceWindows && o.maintenanceWindows.length > 0 ? { maintenanceWindows: o.maintenanceWindows } : {}),
    ...(o.circuitBreaker ? { circuitBreaker: o.circuitBreaker } : {}),
  };
}
