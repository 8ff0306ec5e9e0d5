/**
 * Numeric rules of a native (Application Auto Scaling target tracking) policy for one
 * dimension of a DynamoDB table or index. Pure: no aws-cdk-lib, no tokens, no clock.
 *
 * The construct, the CLI and the simulator all call `validateTargetTracking`; each formats the
 * problems in its own voice. A value that is `undefined` is not checked: the construct passes
 * `undefined` for values that are unresolved CDK tokens (known only at deploy time).
 */

import { DEFAULT_MAX_CAPACITY } from './policy';

/** The smallest provisioned capacity DynamoDB accepts for a table or index. */
export const MIN_PROVISIONED_CAPACITY = 1;

/** The highest capacity this library accepts: DynamoDB's default per-table quota. */
export const MAX_PROVISIONED_CAPACITY = DEFAULT_MAX_CAPACITY;

/** The target utilization range DynamoDB documents for auto scaling, in percent. */
export const MIN_TARGET_UTILIZATION = 20;
/** @see MIN_TARGET_UTILIZATION */
export const MAX_TARGET_UTILIZATION = 90;

/** The target utilization the DynamoDB console proposes, used when a policy gives none. */
export const DEFAULT_TARGET_UTILIZATION = 70;

/** One scheduled capacity change, as plain numbers. */
export interface ScheduledCapacityInput {
  /** The scheduled action's name (for messages). */
  readonly name: string;
  /** New minimum capacity, if the action sets one. */
  readonly minCapacity?: number;
  /** New maximum capacity, if the action sets one. */
  readonly maxCapacity?: number;
  /**
   * Whether the action sets a minimum or a maximum, for callers that blank out values they
   * cannot know yet (CDK tokens). Defaults to whether `minCapacity` or `maxCapacity` is set.
   */
  readonly setsCapacity?: boolean;
}

/**
 * One dimension's target tracking settings as plain numbers (seconds for cooldowns), written
 * once here. The construct's public `CapacityScalingOptions` carries the same settings (cooldowns
 * as `Duration`s; `targetTrackingSettings` in src/private/native.ts maps it onto this type, key
 * for key), validation reads them (`TargetTrackingInput`) and the simulator's model of the
 * native service runs them (`TargetTrackingModel`). Undefined means not given, or from the
 * construct, a CDK token known only at deploy time; each host documents its own defaults.
 */
export interface TargetTrackingSettings {
  /** The lowest capacity target tracking may set, in capacity units. */
  readonly minCapacity?: number;
  /** The highest capacity target tracking may set, in capacity units. */
  readonly maxCapacity?: number;
  /** The consumed-to-provisioned ratio to keep, in percent (20-90). */
  readonly targetUtilizationPercent?: number;
  /** Seconds after a scale-in before another scale-in may start. */
  readonly scaleInCooldownSeconds?: number;
  /** Seconds after a scale-out before another scale-out may start. */
  readonly scaleOutCooldownSeconds?: number;
  /** Never lower capacity through target tracking (scheduled actions still apply). */
  readonly disableScaleIn?: boolean;
}

/** A target tracking policy for one dimension, as validated: its settings and its schedules. */
export interface TargetTrackingInput extends TargetTrackingSettings {
  readonly schedules?: readonly ScheduledCapacityInput[];
}

/** One broken rule: which property, the value received, and what it must be. */
export interface ValidationProblem {
  /** Property path, prefixed, e.g. `policy.read.minCapacity` or `policy.read.schedules[0].maxCapacity`. */
  readonly property: string;
  /** The value received. */
  readonly value: number | string;
  /** What the value must be, e.g. `must be >= 1` or `must be <= policy.read.maxCapacity (10)`. */
  readonly rule: string;
}

/**
 * DynamoDB's rules for a dimension's `minCapacity` and `maxCapacity` (whole units, within the
 * default quota, min <= max), shared by every scaling policy that has bounds.
 *
 * @param prefix the caller's path to the dimension, e.g. `policy.read.`
 */
export function validateCapacityBounds(prefix: string, minCapacity: number | undefined, maxCapacity: number | undefined): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  capacity(problems, `${prefix}minCapacity`, minCapacity);
  capacity(problems, `${prefix}maxCapacity`, maxCapacity);
  if (isNum(minCapacity) && isNum(maxCapacity) && minCapacity > maxCapacity) {
    problems.push({ property: `${prefix}minCapacity`, value: minCapacity, rule: `must be <= ${prefix}maxCapacity (${maxCapacity})` });
  }
  return problems;
}

/**
 * Checks one dimension's target tracking settings against DynamoDB's and Application Auto
 * Scaling's limits. Returns every problem found, in property order (empty when valid).
 *
 * @param prefix prepended to every property name, in problems and in rules that name another
 *   property: the caller's path to this dimension, e.g. `policy.read.` (or `''`).
 */
export function validateTargetTracking(prefix: string, input: TargetTrackingInput): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  const at = (property: string) => `${prefix}${property}`;
  problems.push(...validateCapacityBounds(prefix, input.minCapacity, input.maxCapacity));

  const target = input.targetUtilizationPercent;
  if (isNum(target) && !(target >= MIN_TARGET_UTILIZATION && target <= MAX_TARGET_UTILIZATION)) {
    problems.push({
      property: at('targetUtilizationPercent'),
      value: target,
      rule: `must be between ${MIN_TARGET_UTILIZATION} and ${MAX_TARGET_UTILIZATION}`,
    });
  }

  cooldown(problems, at('scaleInCooldown'), input.scaleInCooldownSeconds);
  cooldown(problems, at('scaleOutCooldown'), input.scaleOutCooldownSeconds);

  const seen = new Set<string>();
  (input.schedules ?? []).forEach((s, i) => {
    const schedule = at(`schedules[${i}]`);
    if (seen.has(s.name)) {
      problems.push({ property: `${schedule}.name`, value: s.name, rule: 'must be unique among the schedules of this dimension' });
    }
    seen.add(s.name);
    if (!(s.setsCapacity ?? (s.minCapacity !== undefined || s.maxCapacity !== undefined))) {
      problems.push({ property: schedule, value: s.name, rule: 'must set minCapacity, maxCapacity or both' });
    }
    capacity(problems, `${schedule}.minCapacity`, s.minCapacity);
    capacity(problems, `${schedule}.maxCapacity`, s.maxCapacity);
    if (isNum(s.minCapacity) && isNum(s.maxCapacity) && s.minCapacity > s.maxCapacity) {
      problems.push({ property: `${schedule}.minCapacity`, value: s.minCapacity, rule: `must be <= ${schedule}.maxCapacity (${s.maxCapacity})` });
    }
  });
  return problems;
}

function capacity(problems: ValidationProblem[], property: string, value: number | undefined): void {
  if (!isNum(value)) return;
  if (!Number.isInteger(value)) {
    problems.push({ property, value, rule: 'must be a whole number of capacity units' });
  } else if (value < MIN_PROVISIONED_CAPACITY) {
    problems.push({ property, value, rule: `must be >= ${MIN_PROVISIONED_CAPACITY}` });
  } else if (value > MAX_PROVISIONED_CAPACITY) {
    problems.push({ property, value, rule: `must be <= ${MAX_PROVISIONED_CAPACITY} (DynamoDB's default per-table capacity quota)` });
  }
}

function cooldown(problems: ValidationProblem[], property: string, seconds: number | undefined): void {
  if (!isNum(seconds)) return;
  if (seconds < 0) {
    problems.push({ property, value: `${seconds} seconds`, rule: 'must be >= 0 seconds' });
  } else if (!Number.isInteger(seconds)) {
    problems.push({ property, value: `${seconds} seconds`, rule: 'must be a whole number of seconds' });
  }
}

function isNum(v: number | undefined): v is number {
  return typeof v === 'number';
}
