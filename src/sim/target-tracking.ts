/**
 * A model of Application Auto Scaling target tracking for one DynamoDB dimension (the service
 * AWS runs, not this project's engine), driven each minute by the CloudWatch model.
 *
 * AWS facts it encodes:
 * - Target tracking on `DynamoDBReadCapacityUtilization` creates CloudWatch alarms on the consumed
 *   Sum per minute: AlarmHigh fires when 2 of 2 one-minute datapoints are above the target share of
 *   the provisioned capacity, AlarmLow when 15 of 15 are below the target minus 20 points
 *   (Developer Guide, "Managing throughput capacity automatically with DynamoDB auto scaling",
 *   https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/AutoScaling.html; the alarms
 *   are visible in the CloudWatch console of any auto-scaled table). A ProvisionedCapacityHigh/Low
 *   pair also exists; it does not scale, so it is not modelled.
 * - Missing datapoints leave an alarm in INSUFFICIENT_DATA, which takes no action: an idle table
 *   (no requests, hence no datapoints) never scales in.
 * - The new capacity is the consumption divided by the target utilization, clamped to [min, max].
 *   Throttled requests are not consumed, so under throttling one step grows capacity by at most
 *   about 1/target.
 * - Cooldowns (Application Auto Scaling API Reference, `TargetTrackingScalingPolicyConfiguration`,
 *   https://docs.aws.amazon.com/autoscaling/application/APIReference/API_TargetTrackingScalingPolicyConfiguration.html):
 *   the default for DynamoDB is 0 seconds; a scale-in waits for the scale-in cooldown, a scale-out
 *   during the scale-in cooldown happens at once and ends that cooldown; no scale-in happens during
 *   a scale-out cooldown.
 * - Target utilization must be 20-90 %.
 *
 * Modelling choices (AWS does not document them): alarms are evaluated once a minute on the
 * datapoints visible then; the consumption used for a new capacity is the mean of the datapoints
 * that put the alarm in ALARM (2 for a scale-out, 15 for a scale-in); while an alarm stays in ALARM
 * the policy acts again each minute the new capacity differs; an update refused by DynamoDB
 * (table UPDATING, decrease quota) is retried at the next evaluation.
 *
 * How far one scale-out goes is the least documented of these, so it is a parameter
 * (`scaleOutSizing`): `mean` (the default) sizes it from the mean of AlarmHigh's 2 datapoints;
 * `latest` from the latest one. They differ when demand steps up: once burst credit is gone the
 * latest minute is capped near the capacity, so `latest` climbs by about 1/target per step, while
 * `mean` still counts the earlier minute that burst capacity served. Scale-in is sized from the
 * mean of AlarmLow's 15 datapoints in both.
 */
import { CloudWatchModel } from './cloudwatch';
import { ProvisionedCapacity } from './dynamodb-capacity';
import {
  ALARM_LOW_OFFSET_PERCENT, DEFAULT_MAX_CAPACITY, SuspendedState,
  DEFAULT_TARGET_UTILIZATION, MAX_TARGET_UTILIZATION, MIN_TARGET_UTILIZATION, TargetTrackingSettings, validateTargetTracking,
} from '../engine';

/** Datapoints AlarmHigh evaluates (all must breach). */
export const ALARM_HIGH_DATAPOINTS = 2;
/** Datapoints AlarmLow evaluates (all must breach). */
export const ALARM_LOW_DATAPOINTS = 15;
/** AlarmLow's threshold is this many points below the target (the engine's, which the hybrid guard reads too). */
export { ALARM_LOW_OFFSET_PERCENT };

/** The state of a CloudWatch alarm. */
export type AlarmState = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';

/** Which of AlarmHigh's datapoints size a scale-out: their mean, or the latest one. */
export type ScaleOutSizing = 'mean' | 'latest';

/** The scale-out sizing the model uses unless told otherwise. */
export const DEFAULT_SCALE_OUT_SIZING: ScaleOutSizing = 'mean';

/** The model's options: the engine's target tracking settings and the modelling choice AWS leaves open. */
export interface TargetTrackingModelOptions extends TargetTrackingSettings {
  /** Which of AlarmHigh's datapoints size a scale-out. @default 'mean' */
  readonly scaleOutSizing?: ScaleOutSizing;
}

/** Native target tracking for one dimension. */
export class TargetTrackingModel {
  /** AlarmHigh's state after the last evaluation. */
  public alarmHigh: AlarmState = 'INSUFFICIENT_DATA';
  /** AlarmLow's state after the last evaluation. */
  public alarmLow: AlarmState = 'INSUFFICIENT_DATA';
  /**
   * The scalable target's `SuspendedState` (the hybrid path's guard sets it): with dynamic
   * scale-in suspended, AlarmLow in ALARM does nothing; scale-out goes on.
   */
  public suspendedState: SuspendedState = { dynamicScalingInSuspended: false, dynamicScalingOutSuspended: false, scheduledScalingSuspended: false };
  private readonly target: number;
  private readonly min: number;
  private readonly max: number;
  private readonly outCooldownMs: number;
  private readonly inCooldownMs: number;
  private readonly disableScaleIn: boolean;
  private readonly sizing: ScaleOutSizing;
  private scaleOutUntil = Number.NEGATIVE_INFINITY;
  private scaleInUntil = Number.NEGATIVE_INFINITY;

  /**
   * @param options the engine's target tracking settings; unset ones take the service's
   *   defaults: target 70 %, min 1, max 40000, cooldowns 0 seconds, scale-in enabled; and the
   *   scale-out sizing (default `mean`).
   */
  constructor(options: TargetTrackingModelOptions = {}) {
    this.target = options.targetUtilizationPercent ?? DEFAULT_TARGET_UTILIZATION;
    if (validateTargetTracking('', { targetUtilizationPercent: this.target }).length > 0) {
      throw new Error(`target utilization must be ${MIN_TARGET_UTILIZATION}-${MAX_TARGET_UTILIZATION} %, got ${this.target}`);
    }
    this.min = options.minCapacity ?? 1;
    this.max = options.maxCapacity ?? DEFAULT_MAX_CAPACITY;
    this.outCooldownMs = (options.scaleOutCooldownSeconds ?? 0) * 1000;
    this.inCooldownMs = (options.scaleInCooldownSeconds ?? 0) * 1000;
    this.disableScaleIn = options.disableScaleIn ?? false;
    this.sizing = options.scaleOutSizing ?? DEFAULT_SCALE_OUT_SIZING;
  }

  /** The scalable target's minimum capacity. */
  public get minCapacity(): number {
    return this.min;
  }

  /** The scalable target's maximum capacity. */
  public get maxCapacity(): number {
    return this.max;
  }

  /** The target utilization, percent. */
  public get targetPercent(): number {
    return this.target;
  }

  /** Which of AlarmHigh's datapoints size a scale-out. */
  public get scaleOutSizing(): ScaleOutSizing {
    return this.sizing;
  }

  /**
   * Evaluates both alarms at `nowMs` and, if one is in ALARM, updates the table.
   *
   * @returns the capacity asked for, or undefined when nothing was sent
   */
  public evaluate(nowMs: number, cw: CloudWatchModel, table: ProvisionedCapacity): number | undefined {
    const capacity = table.capacity;
    const last = cw.lastVisibleMinute(nowMs);
    const high = this.evaluateAlarm(cw, last, ALARM_HIGH_DATAPOINTS, (perSecond) => perSecond > (capacity * this.target) / 100);
    const lowThreshold = (capacity * (this.target - ALARM_LOW_OFFSET_PERCENT)) / 100;
    const low = this.evaluateAlarm(cw, last, ALARM_LOW_DATAPOINTS, (perSecond) => perSecond < lowThreshold);
    this.alarmHigh = high.state;
    this.alarmLow = low.state;

    if (high.state === 'ALARM' && nowMs >= this.scaleOutUntil && !this.suspendedState.dynamicScalingOutSuspended) {
      const wanted = this.capacityFor(this.sizing === 'latest' ? high.latestPerSecond : high.meanPerSecond);
      if (wanted > capacity && table.update(nowMs, wanted) === 'ok') {
        this.scaleOutUntil = nowMs + this.outCooldownMs;
        this.scaleInUntil = Number.NEGATIVE_INFINITY;
        return wanted;
      }
      return undefined;
    }
    if (low.state === 'ALARM' && !this.disableScaleIn && !this.suspendedState.dynamicScalingInSuspended && nowMs >= this.scaleInUntil && nowMs >= this.scaleOutUntil) {
      const wanted = this.capacityFor(low.meanPerSecond);
      if (wanted < capacity && table.update(nowMs, wanted) === 'ok') {
        this.scaleInUntil = nowMs + this.inCooldownMs;
        return wanted;
      }
    }
    return undefined;
  }

  private capacityFor(consumedPerSecond: number): number {
    const raw = Math.ceil((consumedPerSecond * 100) / this.target - 1e-9);
    return Math.min(this.max, Math.max(this.min, raw));
  }

  /** An alarm over the last `n` visible minutes: ALARM when every one has a datapoint that breaches. */
  private evaluateAlarm(
    cw: CloudWatchModel, last: number, n: number, breaches: (perSecond: number) => boolean,
  ): { state: AlarmState; meanPerSecond: number; latestPerSecond: number } {
    if (last - n + 1 < 0) return { state: 'INSUFFICIENT_DATA', meanPerSecond: 0, latestPerSecond: 0 };
    let present = 0; let breaching = 0; let sum = 0; let latest = 0;
    for (let m = last - n + 1; m <= last; m++) {
      if (!cw.hasRequests[m]) continue;
      present++;
      const perSecond = cw.consumed[m] / 60;
      sum += perSecond;
      latest = perSecond;
      if (breaches(perSecond)) breaching++;
    }
    if (present === 0) return { state: 'INSUFFICIENT_DATA', meanPerSecond: 0, latestPerSecond: 0 };
    return { state: breaching === n ? 'ALARM' : 'OK', meanPerSecond: sum / present, latestPerSecond: latest };
  }
}
