import { Token } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import {
  checkPolicy, CircuitBreaker, DEFAULT_DIMENSION_POLICY, DimensionPolicy, EnginePolicy, PolicyLocation, PolicyNaming, stepAlarms, TargetField,
  TargetPolicy,
} from '../engine';
import type { NonNativeFeature } from './non-native-feature';

/** The options of one target (the table or a GSI) on the Lambda path, and where they come from. */
export interface LambdaTarget {
  /** The engine's options. */
  readonly policy: TargetPolicy;
  /** Where the options come from, for decisions: `ScalingPolicy.custom`, `[table: ^orders$] of the conf`. */
  readonly source: string;
}

/** A topic or secret a policy names, as the construct must grant it. */
export interface PolicyGrants {
  /** SNS topic ARNs the scaler publishes to. */
  readonly topicArns: string[];
  /** Secrets the scaler reads (a custom policy's circuit-breaker credentials). */
  readonly secrets: secretsmanager.ISecret[];
}

/**
 * A policy the scaler Lambda runs: what every Lambda-path factory of `ScalingPolicy` gives the
 * construct. The engine's own model and validation do the work; this names things for the user.
 */
export interface LambdaPolicy {
  /** The factory, for messages: `custom`, `recommended`, `fromDynamicDynamoDbConfig`. */
  readonly kind: string;
  /** Seconds between checks. */
  readonly checkIntervalSeconds: number;
  /** Decide without acting. */
  readonly dryRun: boolean;
  /** The policy-wide circuit breaker (a conf's `[global]` one). @default - none */
  readonly circuitBreaker?: CircuitBreaker;
  /** Every problem, each a message starting with the property path under `property`. */
  problems(property: string): { errors: string[]; warnings: string[] };
  /** The options of the table (`indexName` undefined) or of one GSI, or why the policy does not manage it. */
  target(indexName: string | undefined): LambdaTarget | { readonly unmanaged: string };
  /** The ARNs and names the options refer to. */
  grants(): PolicyGrants;
}

/** A dimension the policy leaves alone. */
export const UNSCALED_DIMENSION: DimensionPolicy = { ...DEFAULT_DIMENSION_POLICY, enableAutoscaling: false };

/** Stand-ins for values that are tokens at synth: validation cannot see them, the deploy checks them again. */
export const TOKEN_STAND_INS = {
  url: 'https://token.invalid/',
  arn: 'arn:aws:sns:us-east-1:123456789012:token',
  secret: 'token-secret',
  table: 'token-table',
};

/**
 * Validates one target's options with the engine's rules, named by `naming`, as a one-table
 * policy (so table-level rules run too).
 */
export function checkTarget(
  target: TargetPolicy, checkIntervalSeconds: number, naming: PolicyNaming, circuitBreaker?: CircuitBreaker,
): { errors: string[]; warnings: string[] } {
  const policy: EnginePolicy = {
    tables: [{ tableName: TOKEN_STAND_INS.table, policy: forValidation(target), gsis: [] }],
    checkIntervalSeconds,
    ...(circuitBreaker ? { circuitBreaker } : {}),
  };
  const check = checkPolicy(policy, naming);
  return { errors: check.errors.map((p) => p.message), warnings: check.warnings.map((p) => p.message) };
}

function forValidation(t: TargetPolicy): TargetPolicy {
  const cb = t.circuitBreaker;
  return {
    ...t,
    ...(t.snsTopicArn !== undefined && Token.isUnresolved(t.snsTopicArn) ? { snsTopicArn: TOKEN_STAND_INS.arn } : {}),
    ...(cb ? {
      circuitBreaker: {
        ...cb,
        url: Token.isUnresolved(cb.url) ? TOKEN_STAND_INS.url : cb.url,
        ...(cb.credentialsSecret !== undefined && Token.isUnresolved(cb.credentialsSecret) ? { credentialsSecret: TOKEN_STAND_INS.secret } : {}),
      },
    } : {}),
  };
}

/** A naming whose every option is `<property>.<name>`, for construct properties. */
export function propertyNaming(
  property: string,
  dimensionName: (field: keyof DimensionPolicy) => string,
  targetName: (field: TargetField) => string,
  dimensionProperty: { reads: string; writes: string },
  checkInterval: string,
): PolicyNaming {
  return {
    section: () => undefined,
    rule: () => `${property} (table name)`,
    dimensionOption: (dimension, field, _at: PolicyLocation) => `${property}.${dimensionProperty[dimension]}.${dimensionName(field)}`,
    targetOption: (field) => `${property}.${targetName(field)}`,
    checkIntervalOption: () => `${property}.${checkInterval}`,
  };
}

/** What of a target's options the native service cannot do, in plain words, for path selection. */
export function lambdaFeatures(t: TargetPolicy): NonNativeFeature[] {
  const names: string[] = [];
  const scaled = [t.reads, t.writes].filter((d) => d.enableAutoscaling);
  // Guards on native target tracking (the HYBRID path): each is one the native service lacks.
  const guards = scaled.map((d) => d.scaleInGuard).filter((g) => g !== undefined);
  if (guards.length > 0) {
    if (guards.some((g) => g.consecutiveLowChecks > 0)) names.push('consecutive checks before scale-in');
    if ((t.maintenanceWindows ?? []).length > 0) names.push('maintenance windows');
    if (t.circuitBreaker) names.push('a circuit breaker');
    if (guards.some((g) => g.scaleInWhenIdle)) names.push('scale-in when idle');
    return names.map((name) => ({ name, guard: true }));
  }
  if (scaled.some((d) => d.step)) names.push('step scaling (Application Auto Scaling rejects it for DynamoDB)');
  const dims = scaled.filter((d) => !d.step);
  const any = (f: (d: DimensionPolicy) => boolean) => dims.some(f);
  if (any((d) => !d.increaseConsumedScale || !d.decreaseConsumedScale)) names.push('threshold rules');
  if (any((d) => !!(d.increaseConsumedScale || d.decreaseConsumedScale))) names.push('granular scale steps');
  if (any((d) => d.throttledUpperThreshold > 0 || !!d.increaseThrottledByProvisionedScale || !!d.increaseThrottledByConsumedScale)
    || t.countThrottledAsConsumed) {
    names.push('throttle-driven scaling');
  }
  if (any((d) => d.checksBeforeScaleDown > 1)) names.push('consecutive checks before scale-down');
  if (any((d) => d.allowScaleDownAtZeroPercent)) names.push('scale-down at 0 %');
  if (any((d) => (d.maxIncreasePercent ?? 0) > 0)) names.push('capped increases');
  if (t.alwaysDecreaseRwTogether) names.push('reads and writes decreased together');
  if ((t.maintenanceWindows ?? []).length > 0) names.push('maintenance windows');
  if (t.circuitBreaker) names.push('a circuit breaker');
  if (t.snsTopicArn !== undefined) names.push('SNS notifications');
  if (t.decreaseReserve > 0) names.push('a decrease reserve');
  names.push('decrease-quota planning');
  return names.map((name) => ({ name, guard: false }));
}

/** A hybrid target's guards in brief: `scale-in guarded every 5 min: after 3 consecutive low checks, ...`. */
export function describeGuards(t: TargetPolicy, checkIntervalSeconds: number): string {
  const g = (t.reads.scaleInGuard ?? t.writes.scaleInGuard)!;
  const clock = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  const parts: string[] = [];
  if (g.consecutiveLowChecks > 0) parts.push(`after ${g.consecutiveLowChecks} consecutive low checks`);
  const windows = t.maintenanceWindows ?? [];
  if (windows.length > 0) parts.push(`only in ${windows.map((w) => `${clock(w.startMinute)}-${clock(w.endMinute)}`).join(', ')} UTC`);
  if (t.circuitBreaker) parts.push(`while ${Token.isUnresolved(t.circuitBreaker.url) ? 'the circuit breaker' : t.circuitBreaker.url} answers 2xx`);
  if (g.scaleInWhenIdle) parts.push('an idle dimension lowered to its minimum');
  return `native scale-in guarded by the scaler every ${checkIntervalSeconds / 60} min: ${parts.join(', ')}`;
}

/** One dimension's rules in brief: `1-500, up 50 % above 90 %, down 50 % below 30 % after 3 low checks`. */
export function describeDimension(d: DimensionPolicy): string {
  if (d.step) {
    const s = d.step;
    // The steps as the alarms use them, both bounds known (the policy is valid by now).
    const placed = stepAlarms({ ...s, minCapacity: d.min, maxCapacity: d.max });
    const resolved = [...placed.scaleIn?.steps ?? [], ...placed.scaleOut?.steps ?? []];
    const range = (x: { lower: number; upper: number }) => (x.upper === Infinity ? `${x.lower} % and above`
      : x.lower <= 0 || x.lower === -Infinity ? `below ${x.upper} %` : `${x.lower}-${x.upper} %`);
    const steps = resolved.map((x) => `${range(x)}: ${x.change > 0 ? '+' : ''}${x.change}`).join(', ');
    const periods = s.evaluationPeriods ?? 1;
    return `${d.min}-${d.max}, steps of ${s.adjustmentType ?? 'ChangeInCapacity'} (${steps}) on `
      + `${s.datapointsToAlarm ?? periods} of ${periods} minutes' utilization, cooldown ${s.cooldownSeconds ?? 300} s`;
  }
  const amount = (v: number | undefined, unit: string | undefined) => (unit === 'units' ? `${v} units` : `${v} %`);
  const scale = (s: ReadonlyArray<readonly [number, number]>, unit: string | undefined) =>
    [...s].sort((a, b) => a[0] - b[0]).map(([k, v]) => `${k} %: ${amount(v, unit)}`).join(', ');
  const up = d.increaseConsumedScale
    ? `up by consumed % (${scale(d.increaseConsumedScale, d.increaseConsumedUnit ?? d.increaseUnit)})`
    : `up ${amount(d.increaseConsumedWith || d.increaseWith, d.increaseConsumedUnit ?? d.increaseUnit)} above ${d.upperThreshold} %`;
  const down = d.decreaseConsumedScale
    ? `down by consumed % (${scale(d.decreaseConsumedScale, d.decreaseConsumedUnit ?? d.decreaseUnit)})`
    : `down ${amount(d.decreaseConsumedWith || d.decreaseWith, d.decreaseConsumedUnit ?? d.decreaseUnit)} below ${d.lowerThreshold} %`;
  const parts = [`${d.min}-${d.max}`, d.enableUpScaling ? up : 'never up', d.enableDownScaling ? down : 'never down'];
  if (d.checksBeforeScaleDown > 1) parts[2] += ` after ${d.checksBeforeScaleDown} low checks`;
  if (d.throttledUpperThreshold > 0) parts.push(`up when throttled more than ${d.throttledUpperThreshold} times`);
  return parts.join(', ');
}
