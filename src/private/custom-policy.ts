import { Duration } from 'aws-cdk-lib';
import {
  CapacityChange, CapacityChangeUnit, CustomCapacityOptions, CustomScalingOptions, GranularScale, ScalingNotificationType,
} from '../custom-scaling-options';
import {
  CapacityUnit, DEFAULT_DIMENSION_POLICY, DEFAULT_TARGET_POLICY, DimensionPolicy, NotificationType, ScaleDict, TargetField, TargetPolicy,
} from '../engine';
import { ConstructValues } from './construct-values';
import { checkTarget, LambdaPolicy, LambdaTarget, PolicyGrants, propertyNaming, UNSCALED_DIMENSION } from './lambda-policy';

/** The property of `CustomCapacityOptions` that sets each engine field (a record: a new field must be named here). */
export const DIMENSION_PROPERTIES: Record<keyof DimensionPolicy, string> = {
  upperThreshold: 'upperThresholdPercent',
  lowerThreshold: 'lowerThresholdPercent',
  throttledUpperThreshold: 'throttledEventsThreshold',
  increaseWith: 'increase.amount',
  increaseUnit: 'increase.unit',
  decreaseWith: 'decrease.amount',
  decreaseUnit: 'decrease.unit',
  min: 'minCapacity',
  max: 'maxCapacity',
  checksBeforeScaleDown: 'checksBeforeScaleDown',
  checksBeforeRepeatedScaleDown: 'checksBeforeRepeatedScaleDown',
  decreasePeakHalfLifeMinutes: 'decreasePeakHalfLife (in minutes)',
  checksResetPercent: 'checksResetPercent',
  allowScaleDownAtZeroPercent: 'scaleDownAtZeroPercent',
  enableAutoscaling: '(enabled)',
  enableUpScaling: 'disableScaleOut',
  enableDownScaling: 'disableScaleIn',
  increaseConsumedUnit: 'increaseOnConsumed.unit',
  increaseConsumedWith: 'increaseOnConsumed.amount',
  increaseConsumedScale: 'increaseOnConsumedScale',
  increaseThrottledByProvisionedUnit: 'increaseOnThrottledByProvisionedScale.unit',
  increaseThrottledByProvisionedScale: 'increaseOnThrottledByProvisionedScale',
  increaseThrottledByConsumedUnit: 'increaseOnThrottledByConsumedScale.unit',
  increaseThrottledByConsumedScale: 'increaseOnThrottledByConsumedScale',
  decreaseConsumedUnit: 'decreaseOnConsumed.unit',
  decreaseConsumedWith: 'decreaseOnConsumed.amount',
  decreaseConsumedScale: 'decreaseOnConsumedScale',
  maxIncreasePercent: 'maxIncreasePercent',
  upperAlarmThreshold: 'upperAlarmThresholdPercent',
  lowerAlarmThreshold: 'lowerAlarmThresholdPercent',
  step: 'step',
  scaleInGuard: 'scaleInGuards',
};

/** The property of `CustomScalingOptions` that sets each target-level engine field. */
export const TARGET_PROPERTIES: Record<TargetField, string> = {
  alwaysDecreaseRwTogether: 'decreaseReadsAndWritesTogether',
  lookbackWindowStart: 'lookbackWindowStart (in minutes)',
  lookbackPeriod: 'lookbackPeriod (in minutes)',
  lookbackWindowStartMax: 'lookbackWindowStartMax (in minutes)',
  maintenanceWindows: 'maintenanceWindows',
  snsTopicArn: 'notifications.topic',
  snsMessageTypes: 'notifications.messageTypes',
  decreaseReserve: 'decreaseReserve',
  increasesAgainstCurrentCapacity: 'increasesAgainstCurrentCapacity',
  countThrottledAsConsumed: 'countThrottledAsConsumed',
  circuitBreakerUrl: 'circuitBreaker.url',
  circuitBreakerTimeoutMs: 'circuitBreaker.timeout (in milliseconds)',
  circuitBreakerCredentialsSecret: 'circuitBreaker.credentials',
};

const NOTIFICATION_TYPE_NAMES: Record<ScalingNotificationType, NotificationType> = {
  [ScalingNotificationType.SCALE_UP]: 'scale-up',
  [ScalingNotificationType.SCALE_DOWN]: 'scale-down',
  [ScalingNotificationType.HIGH_THROUGHPUT_ALARM]: 'high-throughput-alarm',
  [ScalingNotificationType.LOW_THROUGHPUT_ALARM]: 'low-throughput-alarm',
};

const DEFAULT_CHECK_INTERVAL = Duration.minutes(1);

/**
 * `ScalingPolicy.custom`: typed construct properties turned into the engine's options, checked by
 * the engine's rules with the properties' names, plus what only a construct can check (tokens,
 * units that must agree, whole minutes).
 */
export class CustomLambdaPolicy implements LambdaPolicy {
  public readonly kind: string = 'custom';
  public readonly checkIntervalSeconds: number;
  public readonly dryRun: boolean;
  private readonly target_: TargetPolicy;
  /** Values only the construct can check (tokens, minutes, times), and their problems. */
  private readonly values = new ConstructValues();

  constructor(private readonly options: CustomScalingOptions, kind?: string) {
    if (kind) this.kind = kind;
    this.checkIntervalSeconds = this.values.seconds(options.checkInterval ?? DEFAULT_CHECK_INTERVAL, 'checkInterval');
    this.dryRun = options.dryRun ?? false;
    const minutes = (d: Duration | undefined, property: string) => (d === undefined ? undefined : this.values.seconds(d, property) / 60);
    const lookbackWindowStartMax = minutes(options.lookbackWindowStartMax, 'lookbackWindowStartMax');
    const cb = options.circuitBreaker;
    const n = options.notifications;
    this.target_ = {
      ...DEFAULT_TARGET_POLICY,
      reads: options.read ? this.dimension(options.read, 'read') : UNSCALED_DIMENSION,
      writes: options.write ? this.dimension(options.write, 'write') : UNSCALED_DIMENSION,
      alwaysDecreaseRwTogether: options.decreaseReadsAndWritesTogether ?? false,
      lookbackWindowStart: minutes(options.lookbackWindowStart, 'lookbackWindowStart') ?? DEFAULT_TARGET_POLICY.lookbackWindowStart,
      lookbackPeriod: minutes(options.lookbackPeriod, 'lookbackPeriod') ?? DEFAULT_TARGET_POLICY.lookbackPeriod,
      ...(lookbackWindowStartMax !== undefined ? { lookbackWindowStartMax } : {}),
      ...(options.maintenanceWindows ? { maintenanceWindows: options.maintenanceWindows.map((w, i) => this.values.window(w, `maintenanceWindows[${i}]`)) } : {}),
      ...(n ? {
        snsTopicArn: n.topic.topicArn,
        snsMessageTypes: (n.messageTypes ?? Object.values(ScalingNotificationType)).map((t) => NOTIFICATION_TYPE_NAMES[t] ?? t),
      } : {}),
      ...(cb ? { circuitBreaker: this.values.circuitBreaker(cb, 'circuitBreaker') } : {}),
      decreaseReserve: this.values.known(options.decreaseReserve, 'decreaseReserve') ?? 0,
      increasesAgainstCurrentCapacity: options.increasesAgainstCurrentCapacity ?? false,
      countThrottledAsConsumed: options.countThrottledAsConsumed ?? false,
    };
  }

  public problems(property: string): { errors: string[]; warnings: string[] } {
    const naming = propertyNaming(property, (f) => DIMENSION_PROPERTIES[f], (f) => TARGET_PROPERTIES[f],
      { reads: 'read', writes: 'write' }, 'checkInterval (in seconds)');
    const found = checkTarget(this.target_, this.checkIntervalSeconds, naming);
    const errors = [
      ...(!this.options.read && !this.options.write ? [`${property} (${this.kind} with neither read nor write) must set read, write or both`] : []),
      ...this.values.problems.map((m) => m(property)),
      ...found.errors,
    ];
    return { errors, warnings: found.warnings };
  }

  public target(): LambdaTarget {
    return { policy: this.target_, source: `ScalingPolicy.${this.kind}` };
  }

  public grants(): PolicyGrants {
    return {
      topicArns: this.options.notifications ? [this.options.notifications.topic.topicArn] : [],
      secrets: this.options.circuitBreaker?.credentials ? [this.options.circuitBreaker.credentials] : [],
    };
  }

  private dimension(o: CustomCapacityOptions, dim: 'read' | 'write'): DimensionPolicy {
    const at = (p: string) => `${dim}.${p}`;
    const change = (c: CapacityChange | undefined, p: string) => (c === undefined ? undefined : { with: this.values.known(c.amount, at(`${p}.amount`)), unit: unitOf(c.unit) });
    const scale = (s: GranularScale | undefined, p: string): { scale?: ScaleDict; unit?: CapacityUnit } => (s === undefined ? {} : {
      scale: s.steps.map((step, i) => [this.values.known(step.thresholdPercent, at(`${p}.steps[${i}].thresholdPercent`)) ?? 0,
        this.values.known(step.amount, at(`${p}.steps[${i}].amount`)) ?? 0] as const),
      unit: unitOf(s.unit),
    });
    const increase = change(o.increase, 'increase');
    const decrease = change(o.decrease, 'decrease');
    const incConsumed = change(o.increaseOnConsumed, 'increaseOnConsumed');
    const incScale = scale(o.increaseOnConsumedScale, 'increaseOnConsumedScale');
    const byProvisioned = scale(o.increaseOnThrottledByProvisionedScale, 'increaseOnThrottledByProvisionedScale');
    const byConsumed = scale(o.increaseOnThrottledByConsumedScale, 'increaseOnThrottledByConsumedScale');
    const decConsumed = change(o.decreaseOnConsumed, 'decreaseOnConsumed');
    const decScale = scale(o.decreaseOnConsumedScale, 'decreaseOnConsumedScale');
    this.sameUnit(incConsumed?.unit, incScale.unit, at('increaseOnConsumed'), at('increaseOnConsumedScale'));
    this.sameUnit(decConsumed?.unit, decScale.unit, at('decreaseOnConsumed'), at('decreaseOnConsumedScale'));
    const halfLife = o.decreasePeakHalfLife === undefined ? undefined : this.values.seconds(o.decreasePeakHalfLife, at('decreasePeakHalfLife'), false) / 60;
    const d = DEFAULT_DIMENSION_POLICY;
    return {
      ...d,
      min: this.values.known(o.minCapacity, at('minCapacity')) ?? d.min,
      max: this.values.known(o.maxCapacity, at('maxCapacity')) ?? d.max,
      upperThreshold: this.values.known(o.upperThresholdPercent, at('upperThresholdPercent')) ?? d.upperThreshold,
      lowerThreshold: this.values.known(o.lowerThresholdPercent, at('lowerThresholdPercent')) ?? d.lowerThreshold,
      throttledUpperThreshold: this.values.known(o.throttledEventsThreshold, at('throttledEventsThreshold')) ?? d.throttledUpperThreshold,
      increaseWith: increase?.with ?? d.increaseWith,
      increaseUnit: increase?.unit ?? d.increaseUnit,
      decreaseWith: decrease?.with ?? d.decreaseWith,
      decreaseUnit: decrease?.unit ?? d.decreaseUnit,
      ...(incConsumed?.with !== undefined ? { increaseConsumedWith: incConsumed.with } : {}),
      ...(incConsumed?.unit ?? incScale.unit ? { increaseConsumedUnit: incConsumed?.unit ?? incScale.unit } : {}),
      ...(incScale.scale ? { increaseConsumedScale: incScale.scale } : {}),
      ...(byProvisioned.scale
        ? { increaseThrottledByProvisionedScale: byProvisioned.scale, increaseThrottledByProvisionedUnit: byProvisioned.unit } : {}),
      ...(byConsumed.scale ? { increaseThrottledByConsumedScale: byConsumed.scale, increaseThrottledByConsumedUnit: byConsumed.unit } : {}),
      ...(decConsumed?.with !== undefined ? { decreaseConsumedWith: decConsumed.with } : {}),
      ...(decConsumed?.unit ?? decScale.unit ? { decreaseConsumedUnit: decConsumed?.unit ?? decScale.unit } : {}),
      ...(decScale.scale ? { decreaseConsumedScale: decScale.scale } : {}),
      ...(o.maxIncreasePercent !== undefined ? { maxIncreasePercent: this.values.known(o.maxIncreasePercent, at('maxIncreasePercent')) } : {}),
      checksBeforeScaleDown: this.values.known(o.checksBeforeScaleDown, at('checksBeforeScaleDown')) ?? d.checksBeforeScaleDown,
      ...(o.checksBeforeRepeatedScaleDown !== undefined
        ? { checksBeforeRepeatedScaleDown: this.values.known(o.checksBeforeRepeatedScaleDown, at('checksBeforeRepeatedScaleDown')) } : {}),
      checksResetPercent: this.values.known(o.checksResetPercent, at('checksResetPercent')) ?? d.checksResetPercent,
      ...(halfLife !== undefined ? { decreasePeakHalfLifeMinutes: halfLife } : {}),
      allowScaleDownAtZeroPercent: o.scaleDownAtZeroPercent ?? false,
      enableUpScaling: !(o.disableScaleOut ?? false),
      enableDownScaling: !(o.disableScaleIn ?? false),
      upperAlarmThreshold: this.values.known(o.upperAlarmThresholdPercent, at('upperAlarmThresholdPercent')) ?? d.upperAlarmThreshold,
      lowerAlarmThreshold: this.values.known(o.lowerAlarmThresholdPercent, at('lowerAlarmThresholdPercent')) ?? d.lowerAlarmThreshold,
    } as DimensionPolicy;
  }

  private sameUnit(a: CapacityUnit | undefined, b: CapacityUnit | undefined, pa: string, pb: string): void {
    if (a !== undefined && b !== undefined && a !== b) {
      this.values.problems.push((at) => `${at}.${pb} (${b}) must be in the unit of ${at}.${pa} (${a}): the scaler has one unit for both`);
    }
  }
}

function unitOf(u: CapacityChangeUnit): CapacityUnit {
  return u === CapacityChangeUnit.UNITS ? 'units' : 'percent';
}
