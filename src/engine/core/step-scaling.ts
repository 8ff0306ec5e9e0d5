/**
 * Step scaling for a DynamoDB dimension, done by the engine because Application Auto Scaling
 * rejects StepScaling policies in the `dynamodb` namespace. This module is the arithmetic only:
 * the policy model, its validation, the two alarms, which step applies, the new capacity and the
 * cooldowns. Pure: no aws-cdk-lib, no clock, no I/O; the caller passes `nowMs` and the datapoints,
 * and applies DynamoDB's decrease quota to a decrease this module proposes.
 *
 * Sources (quoted in the comments as "User Guide", "API" and "CDK"):
 * - User Guide: Application Auto Scaling User Guide, "Step scaling policies for Application Auto
 *   Scaling" (https://docs.aws.amazon.com/autoscaling/application/userguide/application-auto-scaling-step-scaling-policies.html).
 * - API: Application Auto Scaling API Reference, `StepScalingPolicyConfiguration` and `StepAdjustment`.
 * - CDK: aws-cdk-lib `StepScalingPolicy` (aws-applicationautoscaling) and `normalizeIntervals` /
 *   `findAlarmThresholds` (aws-autoscaling-common/lib/interval-utils.ts), which `scaleOnMetric` uses.
 */

import { validateCapacityBounds, ValidationProblem } from './validate-target-tracking';

/** How the `change` of a step is read, as Application Auto Scaling's `AdjustmentType`. */
export type StepAdjustmentType = 'ChangeInCapacity' | 'PercentChangeInCapacity' | 'ExactCapacity';

/** How the datapoints of the evaluation window are aggregated to pick a step (`MetricAggregationType`). */
export type StepMetricAggregation = 'Average' | 'Minimum' | 'Maximum';

/** The adjustment types, in Application Auto Scaling's order. */
export const STEP_ADJUSTMENT_TYPES: readonly StepAdjustmentType[] = ['ChangeInCapacity', 'PercentChangeInCapacity', 'ExactCapacity'];

/** The metric aggregation types. */
export const STEP_METRIC_AGGREGATIONS: readonly StepMetricAggregation[] = ['Average', 'Minimum', 'Maximum'];

/** The cooldown when a step policy gives none: 300 s, this library's choice (AWS documents different defaults by service; CDK sets none). */
export const DEFAULT_STEP_COOLDOWN_SECONDS = 300;

/** CDK's `StepScalingPolicy` needs at least this many steps. */
export const MIN_STEP_INTERVALS = 2;

/** CDK's `StepScalingPolicy` accepts at most this many steps. */
export const MAX_STEP_INTERVALS = 40;

/** Application Auto Scaling's quota of step adjustments per step scaling policy, so per alarm. */
export const MAX_STEPS_PER_ALARM = 20;

/** The period of the step alarms, in seconds: the datapoints are per-minute utilization values. */
export const STEP_ALARM_PERIOD_SECONDS = 60;

/** CloudWatch caps Period × EvaluationPeriods at one day for periods under an hour: 1440 one-minute periods. */
export const MAX_STEP_EVALUATION_PERIODS = 86_400 / STEP_ALARM_PERIOD_SECONDS;

/**
 * One step, as in CDK's `ScalingInterval`: a range of utilization percent (consumed / provisioned
 * × 100) and the change to make when the aggregated utilization falls in it. Bounds are absolute
 * values of the utilization, not offsets from an alarm threshold; a missing bound is taken from the
 * neighbouring step, the lowest step starts at 0 and the highest never ends.
 */
export interface StepInterval {
  /** The lowest utilization percent of the step. @default - the upper bound of the step below, or 0 */
  readonly lower?: number;
  /** The utilization percent where the step ends. @default - the lower bound of the step above, or no end */
  readonly upper?: number;
  /**
   * Capacity units to add (negative: remove) with ChangeInCapacity, percent of the current
   * capacity with PercentChangeInCapacity, or the capacity to set with ExactCapacity. A whole
   * number; 0 (except with ExactCapacity) marks a range where nothing changes.
   */
  readonly change: number;
}

/**
 * A step policy as validated: everything optional, because the construct passes `undefined` for a
 * CDK token (known only at deploy time) and a value that is `undefined` is not checked.
 */
export interface StepPolicyInput {
  /** The lowest capacity the policy may set. @default - not checked */
  readonly minCapacity?: number;
  /** The highest capacity the policy may set. @default - not checked */
  readonly maxCapacity?: number;
  /** The steps, in any order (CDK's `scalingSteps`). @default - not checked */
  readonly steps?: readonly StepInterval[];
  /** How each step's `change` is read. @default 'ChangeInCapacity' */
  readonly adjustmentType?: StepAdjustmentType;
  /**
   * With PercentChangeInCapacity only: a change that rounds to fewer units than this changes
   * capacity by this many units. @default - no minimum
   */
  readonly minAdjustmentMagnitude?: number;
  /** Seconds after a scaling activity during which the cooldown rules apply (CDK's `cooldown`). @default 300 */
  readonly cooldownSeconds?: number;
  /** N of the alarms' M-out-of-N rule, in one-minute periods. @default 1 */
  readonly evaluationPeriods?: number;
  /** M of the alarms' M-out-of-N rule. @default - evaluationPeriods */
  readonly datapointsToAlarm?: number;
  /** How the window's datapoints are aggregated to pick a step (CDK's `metricAggregationType`). @default 'Average' */
  readonly metricAggregation?: StepMetricAggregation;
}

/** A step policy for one dimension (reads or writes) of a table or index. */
export interface StepPolicy extends StepPolicyInput {
  /** The lowest capacity the policy may set. */
  readonly minCapacity: number;
  /** The highest capacity the policy may set. */
  readonly maxCapacity: number;
  /** The steps, in any order (CDK's `scalingSteps`). */
  readonly steps: readonly StepInterval[];
}

/**
 * What one dimension's step scaling remembers between checks (JSON-able). Application Auto
 * Scaling keeps one cooldown per policy: the scale-out one remembers the units added since it
 * started, the scale-in one only when it started.
 */
export interface StepScalingState {
  /** When the scale-out that started the current scale-out cooldown was made (ms). @default - no scale-out yet */
  readonly scaleOutStartMs?: number;
  /** Units added since `scaleOutStartMs`, that scale-out included. @default 0 */
  readonly scaleOutAddedUnits?: number;
  /** When the last scale-in was made (ms); cleared by a scale-out, which ends its cooldown. @default - no scale-in cooldown */
  readonly lastScaleInMs?: number;
}

/** A step with both bounds known, as the alarms use it. */
export interface ResolvedStep {
  /** Index of the step in `StepPolicy.steps`. */
  readonly index: number;
  /** Lower bound, utilization percent; `-Infinity` for the lowest scale-in step. */
  readonly lower: number;
  /** Upper bound, utilization percent; `Infinity` for the highest scale-out step. */
  readonly upper: number;
  /** The step's change. */
  readonly change: number;
}

/** One of the two alarms of a step policy and the steps its action chooses from. */
export interface StepAlarm {
  /** The alarm threshold, utilization percent. */
  readonly threshold: number;
  /**
   * `GreaterThanOrEqualToThreshold` for the scale-out alarm (its steps include their lower bound),
   * `LessThanOrEqualToThreshold` for the scale-in alarm (its steps include their upper bound).
   */
  readonly comparison: 'GreaterThanOrEqualToThreshold' | 'LessThanOrEqualToThreshold';
  /** The steps, lowest first; together they cover everything on the alarm's side of its threshold. */
  readonly steps: readonly ResolvedStep[];
}

/** The alarms of a valid step policy. */
export interface StepAlarms {
  /** The high alarm. @default - no step above the range without a change: the policy never scales out on an alarm */
  readonly scaleOut?: StepAlarm;
  /** The low alarm. @default - no step below the range without a change: the policy never scales in on an alarm */
  readonly scaleIn?: StepAlarm;
}

/** One check's input to {@link evaluateStepPolicy}. */
export interface StepCheckInput {
  /**
   * Utilization percent of the last one-minute periods, oldest first; only the last
   * `evaluationPeriods` count. A non-finite value is a missing datapoint: it does not breach.
   */
  readonly utilization: readonly number[];
  /** The dimension's provisioned capacity now. */
  readonly currentCapacity: number;
  /** The step state left by the previous check. */
  readonly state: StepScalingState;
  /** The check's time (ms since the epoch). */
  readonly nowMs: number;
}

/** The step that applied, and the alarm whose policy it belongs to. */
export interface AppliedStep extends ResolvedStep {
  /** The alarm that applied it. */
  readonly alarm: 'scale-out' | 'scale-in';
}

/** What one check of a step policy decides. */
export interface StepEvaluation {
  /** Whether the scale-out alarm would be in ALARM. */
  readonly scaleOutAlarm: boolean;
  /** Whether the scale-in alarm would be in ALARM. */
  readonly scaleInAlarm: boolean;
  /** The window's datapoints aggregated by `metricAggregation`. @default - the window has no datapoint */
  readonly metricValue?: number;
  /** The step that applies. @default - no alarm in ALARM, or no step matches the aggregated value */
  readonly step?: AppliedStep;
  /** The capacity to set, within [minCapacity, maxCapacity]. @default - leave the capacity as it is */
  readonly newCapacity?: number;
  /** Why, in plain sentences, in the order they were decided. */
  readonly reasons: readonly string[];
  /** The state to keep for the next check (the input state when nothing changed). */
  readonly state: StepScalingState;
}

/** How a front end names the step options whose names differ between CDK and the policy JSON. */
export interface StepOptionNames {
  /** The steps. */
  readonly steps: string;
  /** The cooldown. */
  readonly cooldown: string;
  /** The aggregation of the datapoints. */
  readonly metricAggregation: string;
}

/** The construct's names (CDK's `scaleOnMetric`): `scalingSteps`, `cooldown`, `metricAggregationType`. */
export const CONSTRUCT_STEP_NAMES: StepOptionNames = { steps: 'scalingSteps', cooldown: 'cooldown', metricAggregation: 'metricAggregationType' };

/** The policy JSON's names, the fields themselves: `steps`, `cooldownSeconds`, `metricAggregation`. */
export const JSON_STEP_NAMES: StepOptionNames = { steps: 'steps', cooldown: 'cooldownSeconds', metricAggregation: 'metricAggregation' };

/**
 * Checks a step policy as Application Auto Scaling and CDK's `StepScalingPolicy` would, plus
 * DynamoDB's capacity limits. Returns every problem found (empty when valid).
 *
 * Properties are named as the construct's step options name them (CDK's `scaleOnMetric` names):
 * `steps` is `scalingSteps`, `cooldownSeconds` is `cooldown`, `metricAggregation` is
 * `metricAggregationType`; the others keep their names.
 *
 * @param prefix prepended to every property name, in problems and in rules that name another
 *   property: the caller's path to this dimension, e.g. `policy.read.` (or `''`).
 */
export function validateStepPolicy(prefix: string, policy: StepPolicyInput, names: StepOptionNames = CONSTRUCT_STEP_NAMES): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  const at = (property: string) => `${prefix}${property}`;

  problems.push(...validateCapacityBounds(prefix, policy.minCapacity, policy.maxCapacity));

  const type = policy.adjustmentType;
  if (type !== undefined && !STEP_ADJUSTMENT_TYPES.includes(type)) {
    problems.push({ property: at('adjustmentType'), value: String(type), rule: 'must be ChangeInCapacity, PercentChangeInCapacity or ExactCapacity' });
  }
  if (policy.steps !== undefined) {
    problems.push(...resolveSteps(`${prefix}${names.steps}`, policy.steps, type ?? 'ChangeInCapacity').problems);
  }

  const magnitude = policy.minAdjustmentMagnitude;
  if (magnitude !== undefined) {
    if ((type ?? 'ChangeInCapacity') !== 'PercentChangeInCapacity') {
      problems.push({
        property: at('minAdjustmentMagnitude'),
        value: magnitude,
        rule: `applies only with ${at('adjustmentType')} PercentChangeInCapacity (it is ${type ?? 'ChangeInCapacity, the default'}): remove it or change the adjustment type`,
      });
    } else if (!(Number.isInteger(magnitude) && magnitude >= 1)) {
      problems.push({ property: at('minAdjustmentMagnitude'), value: magnitude, rule: 'must be a whole number >= 1 (capacity units)' });
    }
  }

  const cooldown = policy.cooldownSeconds;
  if (cooldown !== undefined && !(Number.isInteger(cooldown) && cooldown >= 0)) {
    problems.push({ property: at(names.cooldown), value: `${cooldown} seconds`, rule: 'must be a whole number of seconds >= 0' });
  }

  const periods = policy.evaluationPeriods;
  if (periods !== undefined && !(Number.isInteger(periods) && periods >= 1 && periods <= MAX_STEP_EVALUATION_PERIODS)) {
    problems.push({
      property: at('evaluationPeriods'),
      value: periods,
      rule: `must be a whole number from 1 to ${MAX_STEP_EVALUATION_PERIODS} (CloudWatch evaluates at most one day of one-minute periods)`,
    });
  }
  const datapoints = policy.datapointsToAlarm;
  if (datapoints !== undefined) {
    if (periods === undefined) {
      // CDK's rule: M of N means nothing without N.
      problems.push({ property: at('datapointsToAlarm'), value: datapoints, rule: `needs ${at('evaluationPeriods')}: set it too (the N of "M out of N")` });
    }
    if (!(Number.isInteger(datapoints) && datapoints >= 1)) {
      problems.push({ property: at('datapointsToAlarm'), value: datapoints, rule: 'must be a whole number >= 1' });
    } else if (isNum(periods) && datapoints > periods) {
      problems.push({ property: at('datapointsToAlarm'), value: datapoints, rule: `must be <= ${at('evaluationPeriods')} (${periods})` });
    }
  }

  const aggregation = policy.metricAggregation;
  if (aggregation !== undefined && !STEP_METRIC_AGGREGATIONS.includes(aggregation)) {
    problems.push({ property: at(names.metricAggregation), value: String(aggregation), rule: 'must be Average, Minimum or Maximum' });
  }
  return problems;
}

/**
 * The two alarms of a valid policy, their thresholds and steps, for the construct to build the
 * CloudWatch alarms and for {@link evaluateStepPolicy}. Throws on an invalid policy.
 *
 * With ChangeInCapacity and PercentChangeInCapacity the scale-out threshold is the lowest bound of
 * the steps that increase and the scale-in threshold the highest bound of the steps that decrease
 * (the range without a change lies between them). CDK places them the same way around that range;
 * without one, CDK splits at the middle step, which can put a decrease on the scale-out alarm, so
 * here the split is where the changes turn positive. With ExactCapacity a change has no direction
 * and CDK's placement is kept: the steps next to the range without a change, or the middle step.
 */
export function stepAlarms(policy: StepPolicy): StepAlarms {
  const problems = validateStepPolicy('', policy);
  if (problems.length > 0) {
    throw new Error(`invalid step policy: ${problems.map((p) => `${p.property} (${p.value}) ${p.rule}`).join('; ')}`);
  }
  return resolveSteps(CONSTRUCT_STEP_NAMES.steps, policy.steps, policy.adjustmentType ?? 'ChangeInCapacity').alarms;
}

/**
 * Application Auto Scaling's rounding of a percent change that is not a whole number of units
 * (User Guide, "Scaling adjustment types"): above 1 rounded down (12.7 → 12), between 0 and 1
 * rounded to 1 (.67 → 1), between 0 and -1 rounded to -1 (-.58 → -1), below -1 rounded up
 * (-6.67 → -6). Zero stays zero.
 */
export function roundPercentAdjustment(units: number): number {
  if (units > 0) return Math.max(1, Math.floor(units));
  if (units < 0) return Math.min(-1, Math.ceil(units));
  return 0;
}

/**
 * One check of a step policy: the alarms, the step, the new capacity and the next state.
 *
 * - An alarm is in ALARM when `datapointsToAlarm` of the last `evaluationPeriods` datapoints are
 *   at or above the scale-out threshold (or at or below the scale-in one).
 * - The step is picked with the datapoints aggregated by `metricAggregation` (User Guide: the
 *   aggregation type is applied to the most recent datapoints, and the result is compared with the
 *   steps' bounds). Above a threshold a step includes its lower bound, below it its upper bound.
 *   A value on neither alarm's side (possible with M out of N) matches no step: no change.
 * - The change is applied to the current capacity, then clamped to [minCapacity, maxCapacity].
 * - Cooldowns, as the API's `Cooldown` describes them: during a scale-out cooldown the units added
 *   since it started count as part of the step, so a step only adds what it asks beyond them; a
 *   scale-in waits for its cooldown to end; a scale-out ends a scale-in cooldown at once. An
 *   increase follows the scale-out rules and a decrease the scale-in rules, whichever alarm
 *   applied it (with ExactCapacity a step may go either way).
 *
 * Throws on an invalid policy: validate it first ({@link validateStepPolicy}).
 */
export function evaluateStepPolicy(policy: StepPolicy, input: StepCheckInput): StepEvaluation {
  const alarms = stepAlarms(policy);
  const periods = policy.evaluationPeriods ?? 1;
  const needed = policy.datapointsToAlarm ?? periods;
  const window = input.utilization.slice(-periods).filter((v) => Number.isFinite(v));
  const reasons: string[] = [];
  const unchanged = { state: input.state, reasons };

  const breaching = (alarm: StepAlarm | undefined, breaches: (v: number) => boolean) =>
    alarm === undefined ? 0 : window.filter(breaches).length;
  const outCount = breaching(alarms.scaleOut, (v) => v >= alarms.scaleOut!.threshold);
  const inCount = breaching(alarms.scaleIn, (v) => v <= alarms.scaleIn!.threshold);
  const scaleOutAlarm = alarms.scaleOut !== undefined && outCount >= needed;
  const scaleInAlarm = alarms.scaleIn !== undefined && inCount >= needed;
  const flags = { scaleOutAlarm, scaleInAlarm };

  if (window.length === 0) {
    reasons.push(`no alarm: none of the last ${periods} one-minute periods has a datapoint`);
    return { ...flags, ...unchanged };
  }
  const metricValue = aggregate(window, policy.metricAggregation ?? 'Average');
  const aggregated = `${(policy.metricAggregation ?? 'Average').toLowerCase()} utilization ${pct(metricValue)}`;
  if (!scaleOutAlarm && !scaleInAlarm) {
    const parts = [
      alarms.scaleOut ? `${outCount} at or above ${pct(alarms.scaleOut.threshold)}` : undefined,
      alarms.scaleIn ? `${inCount} at or below ${pct(alarms.scaleIn.threshold)}` : undefined,
    ].filter((p) => p !== undefined);
    reasons.push(`no alarm: of the last ${window.length} datapoints ${parts.join(' and ')}, ${needed} needed`);
    return { ...flags, metricValue, ...unchanged };
  }

  if (scaleOutAlarm) {
    reasons.push(`the scale-out alarm is in ALARM: ${outCount} of the last ${window.length} datapoints at or above ${pct(alarms.scaleOut!.threshold)}`);
  }
  if (scaleInAlarm) {
    reasons.push(`the scale-in alarm is in ALARM: ${inCount} of the last ${window.length} datapoints at or below ${pct(alarms.scaleIn!.threshold)}`);
  }
  // The aggregate lies on one side only, except at a threshold both alarms share: scale-out first.
  let step: AppliedStep | undefined;
  if (scaleOutAlarm && metricValue >= alarms.scaleOut!.threshold) {
    const s = alarms.scaleOut!.steps.find((x) => metricValue >= x.lower && metricValue < x.upper);
    step = s && { ...s, alarm: 'scale-out' };
  } else if (scaleInAlarm && metricValue <= alarms.scaleIn!.threshold) {
    const s = alarms.scaleIn!.steps.find((x) => metricValue > x.lower && metricValue <= x.upper);
    step = s && { ...s, alarm: 'scale-in' };
  }
  if (step === undefined) {
    reasons.push(`the ${aggregated} of the window is not on the alarm's side of its threshold: no step applies`);
    return { ...flags, metricValue, ...unchanged };
  }
  reasons.push(`the ${aggregated} falls in step ${step.index + 1} (${range(step)})`);

  const type = policy.adjustmentType ?? 'ChangeInCapacity';
  const current = input.currentCapacity;
  const target = (base: number, explain: boolean) => {
    const raw = adjust(policy, type, step!.change, base, explain ? reasons : undefined);
    const clamped = Math.min(policy.maxCapacity, Math.max(policy.minCapacity, raw));
    if (explain && clamped !== raw) {
      reasons.push(`${raw} is clamped to ${clamped > raw ? 'minCapacity' : 'maxCapacity'} (${clamped})`);
    }
    return clamped;
  };
  const proposed = target(current, true);
  const cooldownMs = (policy.cooldownSeconds ?? DEFAULT_STEP_COOLDOWN_SECONDS) * 1000;
  const state = input.state;
  const result = { ...flags, metricValue, step };

  if (proposed === current) {
    reasons.push(`the capacity stays at ${current}`);
    return { ...result, ...unchanged };
  }
  // A clamp can turn a relative step against its alarm (capacity above maxCapacity and a
  // scale-out step): such a step only ever moves capacity its own way. ExactCapacity sets a value.
  if (type !== 'ExactCapacity' && (step.alarm === 'scale-out') !== (proposed > current)) {
    reasons.push(`the ${step.alarm} alarm does not move capacity the other way (${current} → ${proposed}): the capacity stays at ${current}`);
    return { ...result, ...unchanged };
  }
  if (proposed > current) {
    const start = state.scaleOutStartMs;
    const added = state.scaleOutAddedUnits ?? 0;
    if (start !== undefined && input.nowMs < start + cooldownMs && added > 0) {
      // API, Cooldown: "capacity added by the initiating scale-out activity is calculated as part
      // of the desired capacity for the next scale-out activity" (+2, then +3 in cooldown: +1).
      const base = Math.max(0, current - added);
      const squashed = target(base, false);
      const left = secondsLeft(start + cooldownMs, input.nowMs);
      if (squashed <= current) {
        reasons.push(`scale-out cooldown (${left} s left): the ${added} units added since it started cover this step (${base} → ${squashed}), so the capacity stays at ${current}`);
        return { ...result, ...unchanged };
      }
      reasons.push(`scale-out cooldown (${left} s left): the ${added} units added since it started count, so the step goes from ${base} to ${squashed}, ${squashed - current} more`);
      const next = { scaleOutStartMs: start, scaleOutAddedUnits: added + squashed - current };
      return { ...result, newCapacity: squashed, reasons, state: next };
    }
    const ended = state.lastScaleInMs !== undefined && input.nowMs < state.lastScaleInMs + cooldownMs;
    reasons.push(`scale out from ${current} to ${proposed}${ended ? ', which ends the scale-in cooldown' : ''}`);
    return { ...result, newCapacity: proposed, reasons, state: { scaleOutStartMs: input.nowMs, scaleOutAddedUnits: proposed - current } };
  }
  if (state.lastScaleInMs !== undefined && input.nowMs < state.lastScaleInMs + cooldownMs) {
    reasons.push(`scale-in cooldown (${secondsLeft(state.lastScaleInMs + cooldownMs, input.nowMs)} s left): the scale-in from ${current} to ${proposed} waits`);
    return { ...result, ...unchanged };
  }
  reasons.push(`scale in from ${current} to ${proposed}`);
  // Units removed since a scale-out are no longer there to count towards the next one.
  const stillAdded = Math.max(0, (state.scaleOutAddedUnits ?? 0) - (current - proposed));
  const { scaleOutAddedUnits: _added, ...rest } = state;
  return {
    ...result,
    newCapacity: proposed,
    reasons,
    state: { ...rest, ...(state.scaleOutAddedUnits !== undefined ? { scaleOutAddedUnits: stillAdded } : {}), lastScaleInMs: input.nowMs },
  };
}

/** The capacity a step asks for from `base`, before clamping; explains percent arithmetic into `reasons`. */
function adjust(policy: StepPolicy, type: StepAdjustmentType, change: number, base: number, reasons?: string[]): number {
  if (type === 'ExactCapacity') {
    reasons?.push(`ExactCapacity: set the capacity to ${change}`);
    return change;
  }
  if (type === 'ChangeInCapacity') {
    reasons?.push(`ChangeInCapacity: ${signed(change)} units on ${base}`);
    return base + change;
  }
  // base and change are whole numbers, so base * change / 100 is exact to the hundredth.
  const units = (base * change) / 100;
  let delta = roundPercentAdjustment(units);
  const magnitude = policy.minAdjustmentMagnitude;
  const rounded = delta !== units ? `, rounded to ${signed(delta)}` : '';
  if (magnitude !== undefined && delta !== 0 && Math.abs(delta) < magnitude) {
    delta = Math.sign(delta) * magnitude;
    reasons?.push(`PercentChangeInCapacity: ${signed(change)}% of ${base} is ${signed(units)} units${rounded}, raised to minAdjustmentMagnitude: ${signed(delta)}`);
  } else {
    reasons?.push(`PercentChangeInCapacity: ${signed(change)}% of ${base} is ${signed(units)} units${rounded}`);
  }
  return base + delta;
}

function aggregate(values: readonly number[], how: StepMetricAggregation): number {
  if (how === 'Minimum') return Math.min(...values);
  if (how === 'Maximum') return Math.max(...values);
  return values.reduce((a, b) => a + b, 0) / values.length;
}

/** A step with both bounds known, before the alarms are placed. */
interface Band {
  readonly index?: number;
  lower?: number;
  upper?: number;
  /** Undefined for a range without a change: a gap, or a step with change 0 (relative types). */
  readonly change?: number;
}

/**
 * CDK's `normalizeIntervals` with problems instead of exceptions: order the steps, take missing
 * bounds from the neighbours, start at 0 and end at infinity, then check for overlaps and at most
 * one range without a change. Then places the alarms (see {@link stepAlarms}).
 */
function resolveSteps(
  stepsPath: string, steps: readonly StepInterval[], type: StepAdjustmentType,
): { problems: ValidationProblem[]; alarms: StepAlarms } {
  const problems: ValidationProblem[] = [];
  const none = { problems, alarms: {} };
  const at = (i: number) => `${stepsPath}[${i}]`;
  if (steps.length < MIN_STEP_INTERVALS) {
    problems.push({
      property: stepsPath,
      value: `${steps.length} step${steps.length === 1 ? '' : 's'}`,
      rule: `must have at least ${MIN_STEP_INTERVALS} steps (CDK's rule): add the range where nothing changes as a step with change 0, or a step for the other direction`,
    });
    return none;
  }
  if (steps.length > MAX_STEP_INTERVALS) {
    problems.push({ property: stepsPath, value: `${steps.length} steps`, rule: `must have at most ${MAX_STEP_INTERVALS} steps (CDK's limit)` });
    return none;
  }

  steps.forEach((s, i) => {
    if (s.lower === undefined && s.upper === undefined) {
      problems.push({ property: at(i), value: JSON.stringify(s), rule: 'must set lower, upper or both' });
    }
    for (const bound of ['lower', 'upper'] as const) {
      const v = s[bound];
      if (v !== undefined && !(Number.isFinite(v) && v >= 0)) {
        problems.push({ property: `${at(i)}.${bound}`, value: v, rule: 'must be a number >= 0: bounds are utilization percent (consumed / provisioned × 100)' });
      }
    }
    if (isNum(s.lower) && isNum(s.upper) && s.lower >= s.upper) {
      problems.push({ property: `${at(i)}.lower`, value: s.lower, rule: `must be < ${at(i)}.upper (${s.upper})` });
    }
    const c = s.change as number | undefined;
    if (!isNum(c) || !Number.isInteger(c)) {
      problems.push({
        property: `${at(i)}.change`,
        value: String(c),
        rule: 'must be a whole number (a step adjustment is an integer): every step needs a change, 0 where nothing should change',
      });
    } else if (type === 'ExactCapacity' && c < 0) {
      problems.push({ property: `${at(i)}.change`, value: c, rule: 'must be >= 0 with adjustmentType ExactCapacity: it is the capacity to set' });
    } else if (type === 'PercentChangeInCapacity' && c < -100) {
      problems.push({ property: `${at(i)}.change`, value: c, rule: 'must be >= -100 with adjustmentType PercentChangeInCapacity: a step cannot remove more than the whole capacity' });
    }
  });
  if (problems.length > 0) return none;

  // CDK: sort by whichever bound is given, then propagate bounds to the neighbours until stable.
  // At a tie a step that ends there goes first (CDK keeps the input order and may then fail).
  const sorted: Band[] = steps.map((s, index) => ({ index, lower: s.lower, upper: s.upper, change: s.change }));
  sorted.sort((a, b) => (a.lower ?? a.upper)! - (b.lower ?? b.upper)! || Number(a.lower !== undefined) - Number(b.lower !== undefined));
  const given = sorted.map((b) => ({ lower: b.lower !== undefined, upper: b.upper !== undefined }));
  for (let changed = true; changed;) {
    changed = false;
    for (let i = 0; i + 1 < sorted.length; i++) {
      if (sorted[i].upper !== undefined && sorted[i + 1].lower === undefined) { sorted[i + 1].lower = sorted[i].upper; changed = true; }
    }
    for (let i = sorted.length - 1; i >= 1; i--) {
      if (sorted[i].lower !== undefined && sorted[i - 1].upper === undefined) { sorted[i - 1].upper = sorted[i].lower; changed = true; }
    }
  }
  sorted[0].lower ??= 0;
  sorted[sorted.length - 1].upper ??= Infinity;
  sorted.forEach((b, i) => {
    if (b.upper === undefined) {
      problems.push({
        property: `${at(b.index!)}.upper`,
        value: 'undefined',
        rule: `must be set, or ${at(sorted[i + 1].index!)}.lower: no bound says where one ends and the other starts`,
      });
    }
  });
  if (problems.length > 0) return none;

  const complete = sorted as Array<Band & { lower: number; upper: number }>;
  const reported = new Set<string>();
  for (let i = 0; i < complete.length; i++) {
    const b = complete[i];
    const prev = complete[i - 1];
    const next = complete[i + 1];
    // A bound taken from a neighbour can land past the step's own bound: the two overlap.
    const other = b.lower >= b.upper ? (!given[i].lower ? prev : next) : next !== undefined && b.upper > next.lower ? next : undefined;
    const pair = other && [b.index!, other.index!].sort().join();
    if (other !== undefined && !reported.has(pair!)) {
      reported.add(pair!);
      problems.push({ property: at(other.index!), value: JSON.stringify(steps[other.index!]), rule: `must not overlap ${at(b.index!)} (${JSON.stringify(steps[b.index!])})` });
    }
  }
  if (problems.length > 0) return none;

  // Ranges without a change: gaps, and for relative types steps with change 0 (CDK makes them "undefined").
  const bands: Band[] = [];
  const push = (band: Band) => {
    const last = bands[bands.length - 1];
    if (band.change === undefined && last !== undefined && last.change === undefined) last.upper = band.upper;
    else bands.push({ ...band });
  };
  if (complete[0].lower > 0) push({ lower: 0, upper: complete[0].lower });
  complete.forEach((b, i) => {
    if (i > 0 && complete[i - 1].upper < b.lower) push({ lower: complete[i - 1].upper, upper: b.lower });
    push(type !== 'ExactCapacity' && b.change === 0 ? { lower: b.lower, upper: b.upper } : b);
  });
  if (complete[complete.length - 1].upper < Infinity) push({ lower: complete[complete.length - 1].upper, upper: Infinity });
  const empty = bands.filter((b) => b.change === undefined);
  if (empty.length > 1) {
    problems.push({
      property: stepsPath,
      value: `no change in ${empty.map((b) => range(b)).join(', ')}`,
      rule: `must leave at most one range without a change (${type === 'ExactCapacity' ? 'a gap between steps' : 'a gap between steps, or a step with change 0'}): `
        + 'it separates the scale-in steps from the scale-out steps; cover the other ranges with steps',
    });
    return none;
  }
  const gap = bands.findIndex((b) => b.change === undefined);

  let split: { inLast?: number; outFirst?: number };
  if (type === 'ExactCapacity') {
    // CDK's findAlarmThresholds: the steps either side of the range without a change, else the middle.
    const middle = Math.floor(bands.length / 2);
    split = gap >= 0
      ? { inLast: gap > 0 ? gap - 1 : undefined, outFirst: gap < bands.length - 1 ? gap + 1 : undefined }
      : { inLast: middle - 1, outFirst: middle };
  } else {
    // Decreases, then at most one range without a change, then increases: anything else would put
    // a step on the wrong alarm.
    const firstUp = bands.findIndex((b) => b.change !== undefined && b.change > 0);
    const wrong = bands.findIndex((b, i) => b.change !== undefined && (b.change < 0
      ? (gap >= 0 && i > gap) || (firstUp >= 0 && i > firstUp)
      : gap >= 0 && i < gap));
    if (wrong >= 0) {
      const b = bands[wrong];
      const where = gap >= 0 && (b.change! > 0 || wrong > gap)
        ? `the range without a change (${range(bands[gap])})`
        : `${at(bands[firstUp].index!)}, which increases`;
      problems.push({
        property: `${at(b.index!)}.change`,
        value: b.change!,
        rule: b.change! < 0
          ? `must be > 0 here: the step (${range(b)}) lies above ${where}; steps that decrease must lie below it`
          : `must be < 0 here: the step (${range(b)}) lies below ${where}; steps that increase must lie above it`,
      });
      return none;
    }
    const lastDown = bands.map((b) => b.change !== undefined && b.change < 0).lastIndexOf(true);
    split = { inLast: lastDown >= 0 ? lastDown : undefined, outFirst: firstUp >= 0 ? firstUp : undefined };
  }

  const resolved = (b: Band, lower: number, upper: number): ResolvedStep => ({ index: b.index!, lower, upper, change: b.change! });
  const alarms: { scaleOut?: StepAlarm; scaleIn?: StepAlarm } = {};
  if (split.outFirst !== undefined) {
    const side = bands.slice(split.outFirst);
    alarms.scaleOut = {
      threshold: side[0].lower!,
      comparison: 'GreaterThanOrEqualToThreshold',
      steps: side.map((b, i) => resolved(b, b.lower!, i === side.length - 1 ? Infinity : b.upper!)),
    };
  }
  if (split.inLast !== undefined) {
    const side = bands.slice(0, split.inLast + 1);
    alarms.scaleIn = {
      threshold: side[side.length - 1].upper!,
      comparison: 'LessThanOrEqualToThreshold',
      // The lowest scale-in step extends to -infinity, as CDK extends it (a null lower bound in AAS).
      steps: side.map((b, i) => resolved(b, i === 0 ? -Infinity : b.lower!, b.upper!)),
    };
  }
  for (const [name, alarm] of [['scale-out', alarms.scaleOut], ['scale-in', alarms.scaleIn]] as const) {
    if (alarm !== undefined && alarm.steps.length > MAX_STEPS_PER_ALARM) {
      problems.push({
        property: stepsPath,
        value: `${alarm.steps.length} ${name} steps`,
        rule: `must have at most ${MAX_STEPS_PER_ALARM} ${name} steps (Application Auto Scaling's quota of step adjustments per step scaling policy)`,
      });
    }
  }
  return problems.length > 0 ? none : { problems, alarms };
}


function range(b: { lower?: number; upper?: number }): string {
  if (b.upper === Infinity) return `${pct(b.lower!)} and above`;
  if (b.lower === -Infinity) return `up to ${pct(b.upper!)}`;
  return `${b.lower}-${pct(b.upper!)}`;
}

function pct(v: number): string {
  return `${Number.isInteger(v) ? v : Number(v.toFixed(2))}%`;
}

function signed(v: number): string {
  return v > 0 ? `+${v}` : `${v}`;
}

function secondsLeft(untilMs: number, nowMs: number): number {
  return Math.ceil((untilMs - nowMs) / 1000);
}

function isNum(v: unknown): v is number {
  return typeof v === 'number';
}
