import { Duration, Token } from 'aws-cdk-lib';
import { DEFAULT_GUARD_CHECK_INTERVAL_SECONDS, DEFAULT_TARGET_UTILIZATION, GuardedDimension, guardTargetPolicy, TargetPolicy } from '../engine';
import { ScaleInGuards } from '../scale-in-guards';
import { CapacityScalingOptions, TargetTrackingOptions } from '../scaling-policy';
import { ConstructValues } from './construct-values';
import { TARGET_PROPERTIES } from './custom-policy';
import { checkTarget, LambdaPolicy, LambdaTarget, PolicyGrants, propertyNaming } from './lambda-policy';

/** How often the guards are checked unless `checkInterval` says: the engine's default. */
const DEFAULT_GUARD_CHECK_INTERVAL = Duration.seconds(DEFAULT_GUARD_CHECK_INTERVAL_SECONDS);

/**
 * The scaler's part of `ScalingPolicy.targetTracking` with `scaleInGuards` (the HYBRID path):
 * the engine's guard target (`guardTargetPolicy`) for the dimensions target tracking scales, with
 * the native settings the guard reads. Application Auto Scaling still runs the target tracking.
 */
export class GuardLambdaPolicy implements LambdaPolicy {
  public readonly kind = 'targetTracking';
  public readonly checkIntervalSeconds: number;
  public readonly dryRun = false;
  private readonly values = new ConstructValues();
  private readonly target_: TargetPolicy;

  constructor(options: TargetTrackingOptions, private readonly guards: ScaleInGuards) {
    const v = this.values;
    this.checkIntervalSeconds = v.seconds(guards.checkInterval ?? DEFAULT_GUARD_CHECK_INTERVAL, 'scaleInGuards.checkInterval');
    const checks = v.known(guards.consecutiveLowChecks, 'scaleInGuards.consecutiveLowChecks');
    if (checks !== undefined && !(Number.isInteger(checks) && checks >= 0)) {
      v.problems.push((at) => `${at}.scaleInGuards.consecutiveLowChecks (${checks}) must be an integer >= 0`);
    }
    const dimension = (o: CapacityScalingOptions | undefined): GuardedDimension | undefined => (o === undefined ? undefined : {
      // Tokens and bad values are the native validation's to report: the guard only needs stand-ins then.
      targetUtilizationPercent: known(o.targetUtilizationPercent) ?? DEFAULT_TARGET_UTILIZATION,
      minCapacity: known(o.minCapacity) ?? 1,
      maxCapacity: known(o.maxCapacity) ?? 1,
    });
    this.target_ = guardTargetPolicy({
      reads: dimension(options.read),
      writes: dimension(options.write),
      checkIntervalSeconds: this.checkIntervalSeconds,
      consecutiveLowChecks: checks !== undefined && Number.isInteger(checks) && checks >= 0 ? checks : 0,
      scaleInWhenIdle: guards.scaleInWhenIdle ?? false,
      maintenanceWindows: guards.maintenanceWindows?.map((w, i) => v.window(w, `scaleInGuards.maintenanceWindows[${i}]`)),
      circuitBreaker: guards.circuitBreaker ? v.circuitBreaker(guards.circuitBreaker, 'scaleInGuards.circuitBreaker') : undefined,
    });
  }

  /** The target's table-level options (breaker, windows) checked by the engine, named as `scaleInGuards` properties. */
  public problems(property: string): { errors: string[]; warnings: string[] } {
    const naming = propertyNaming(`${property}.scaleInGuards`, (f) => f, (f) => TARGET_PROPERTIES[f],
      { reads: 'read', writes: 'write' }, 'checkInterval (in seconds)');
    const found = checkTarget(this.target_, this.checkIntervalSeconds, naming);
    return { errors: [...this.values.problems.map((m) => m(property)), ...found.errors], warnings: found.warnings };
  }

  public target(): LambdaTarget {
    return { policy: this.target_, source: 'the scale-in guards of ScalingPolicy.targetTracking' };
  }

  public grants(): PolicyGrants {
    return { topicArns: [], secrets: this.guards.circuitBreaker?.credentials ? [this.guards.circuitBreaker.credentials] : [] };
  }
}

function known(v: number | undefined): number | undefined {
  return v === undefined || Token.isUnresolved(v) ? undefined : v;
}
