/**
 * The JSON form of a policy (`--policy FILE.json`, `dynamic-scaling run --policy`, and what the
 * construct hands the scaler): the engine's {@link EnginePolicy}, where an omitted option takes
 * its default. Unknown keys are errors naming their JSON path; a value of the wrong type is kept
 * for `checkPolicy` to report with its path (never replaced by the default).
 */
import { isObject, Json, JsonDecodeError, onlyKnown, pathOf, show } from './json-reader';
import {
  DEFAULT_CHECK_INTERVAL_SECONDS, DEFAULT_DIMENSION_POLICY, DEFAULT_TARGET_POLICY, DimensionPolicy, EnginePolicy, GsiRule, TableRule, TargetPolicy,
} from '../core/policy';
import { ScaleInGuardRules } from '../core/scale-in-guard';

// Records over every key, so a field added to the model must be added here too (the compiler says so).
// Their order is the order error messages list the accepted keys in.
const DIMENSION_FIELDS: Record<keyof DimensionPolicy, true> = {
  upperThreshold: true,
  lowerThreshold: true,
  throttledUpperThreshold: true,
  increaseWith: true,
  increaseUnit: true,
  decreaseWith: true,
  decreaseUnit: true,
  min: true,
  max: true,
  checksBeforeScaleDown: true,
  checksResetPercent: true,
  allowScaleDownAtZeroPercent: true,
  enableAutoscaling: true,
  enableUpScaling: true,
  enableDownScaling: true,
  increaseConsumedUnit: true,
  increaseConsumedWith: true,
  increaseConsumedScale: true,
  increaseThrottledByProvisionedUnit: true,
  increaseThrottledByProvisionedScale: true,
  increaseThrottledByConsumedUnit: true,
  increaseThrottledByConsumedScale: true,
  decreaseConsumedUnit: true,
  decreaseConsumedWith: true,
  decreaseConsumedScale: true,
  upperAlarmThreshold: true,
  lowerAlarmThreshold: true,
  maxIncreasePercent: true,
  checksBeforeRepeatedScaleDown: true,
  decreasePeakHalfLifeMinutes: true,
  step: true,
  scaleInGuard: true,
};
const TARGET_FIELDS: Record<keyof TargetPolicy, true> = {
  reads: true,
  writes: true,
  circuitBreaker: true,
  alwaysDecreaseRwTogether: true,
  lookbackWindowStart: true,
  lookbackPeriod: true,
  maintenanceWindows: true,
  snsTopicArn: true,
  snsMessageTypes: true,
  decreaseReserve: true,
  increasesAgainstCurrentCapacity: true,
  countThrottledAsConsumed: true,
  lookbackWindowStartMax: true,
};
const TABLE_RULE_FIELDS: Record<keyof TableRule, true> = { tablePattern: true, tableName: true, policy: true, gsis: true };
const GSI_RULE_FIELDS: Record<keyof GsiRule, true> = { indexPattern: true, policy: true };
const POLICY_FIELDS: Record<keyof EnginePolicy, true> = { tables: true, checkIntervalSeconds: true, circuitBreaker: true };
const CIRCUIT_BREAKER_FIELDS = ['url', 'timeoutMs', 'credentialsSecret'];
const GUARD_FIELDS = ['targetUtilizationPercent', 'consecutiveLowChecks', 'scaleInWhenIdle'];
const GUARD_DEFAULTS: Omit<ScaleInGuardRules, 'targetUtilizationPercent'> = { consecutiveLowChecks: 0, scaleInWhenIdle: false };
const STEP_FIELDS = ['steps', 'adjustmentType', 'minAdjustmentMagnitude', 'cooldownSeconds', 'evaluationPeriods', 'datapointsToAlarm', 'metricAggregation'];

/**
 * Reads a policy from parsed JSON; omitted options take the engine's defaults.
 *
 * @throws JsonDecodeError when the shape is wrong or a key is unknown, naming its JSON path
 */
export function policyFromJson(x: Json): EnginePolicy {
  if (!isObject(x) || !Array.isArray(x.tables) || x.tables.length === 0) {
    throw new JsonDecodeError(`the policy must be an object with a non-empty "tables" list, got ${show(isObject(x) ? x.tables : x)}`);
  }
  onlyKnown(x, '', Object.keys(POLICY_FIELDS), 'policy field');
  circuitBreaker(x.circuitBreaker, 'circuitBreaker');
  const tables: TableRule[] = x.tables.map((t: Json, i: number) => {
    const where = pathOf('tables', i);
    if (!isObject(t)) throw new JsonDecodeError(`${where} must be an object, got ${show(t)}`);
    onlyKnown(t, where, Object.keys(TABLE_RULE_FIELDS), 'table rule field');
    if (typeof t.tablePattern !== 'string' && typeof t.tableName !== 'string') {
      throw new JsonDecodeError(`${where}: needs a "tableName" (one table) or a "tablePattern" (a regex) string`);
    }
    if (t.gsis !== undefined && !Array.isArray(t.gsis)) throw new JsonDecodeError(`${where}.gsis must be a list, got ${show(t.gsis)}`);
    const gsis: GsiRule[] = ((t.gsis ?? []) as Json[]).map((g: Json, j: number) => {
      const gWhere = `${where}.gsis[${j}]`;
      if (!isObject(g) || typeof g.indexPattern !== 'string') throw new JsonDecodeError(`${gWhere}: needs an "indexPattern" string`);
      onlyKnown(g, gWhere, Object.keys(GSI_RULE_FIELDS), 'GSI rule field');
      return { indexPattern: g.indexPattern, policy: target(g.policy, gWhere) };
    });
    return {
      ...(t.tablePattern !== undefined ? { tablePattern: t.tablePattern as string } : {}),
      ...(t.tableName !== undefined ? { tableName: t.tableName as string } : {}),
      policy: target(t.policy, where),
      gsis,
    };
  });
  return {
    ...(x as object),
    tables,
    checkIntervalSeconds: (x.checkIntervalSeconds ?? DEFAULT_CHECK_INTERVAL_SECONDS) as number,
  } as EnginePolicy;
}

/**
 * A policy as JSON that {@link policyFromJson} reads back to an equal policy. `compact` leaves
 * out every option equal to its default (the construct writes one policy per table into a
 * template, where size counts).
 */
export function policyToJson(policy: EnginePolicy, compact = false): Record<string, unknown> {
  const json = JSON.parse(JSON.stringify(policy));
  if (!compact) return json;
  const compactTarget = (t: Record<string, unknown>) => {
    omitDefaults(t, DEFAULT_TARGET_POLICY, ['reads', 'writes']);
    for (const d of ['reads', 'writes']) {
      omitDefaults(t[d] as Record<string, unknown>, DEFAULT_DIMENSION_POLICY, []);
      if (Object.keys(t[d] as object).length === 0) delete t[d];
    }
  };
  for (const rule of json.tables as Array<{ policy: Record<string, unknown>; gsis: Array<{ policy: Record<string, unknown> }> }>) {
    compactTarget(rule.policy);
    rule.gsis.forEach((g) => compactTarget(g.policy));
    if (rule.gsis.length === 0) delete (rule as { gsis?: unknown }).gsis;
  }
  if (json.checkIntervalSeconds === DEFAULT_CHECK_INTERVAL_SECONDS) delete json.checkIntervalSeconds;
  return json;
}

function omitDefaults(x: Record<string, unknown>, defaults: object, keep: string[]): void {
  for (const [k, v] of Object.entries(defaults)) {
    if (!keep.includes(k) && JSON.stringify(x[k]) === JSON.stringify(v)) delete x[k];
  }
}

/** A step policy's shape: an object of known options with a list of steps, each an object of known bounds. */
function stepShape(x: Json, where: string): void {
  if (!isObject(x)) throw new JsonDecodeError(`${where} must be an object, got ${show(x)}`);
  onlyKnown(x, where, STEP_FIELDS, 'step option');
  if (!Array.isArray(x.steps)) throw new JsonDecodeError(`${where}.steps must be a list of {"lower"?, "upper"?, "change"} steps, got ${show(x.steps)}`);
  x.steps.forEach((s: Json, i: number) => {
    const at = pathOf(`${where}.steps`, i);
    if (!isObject(s)) throw new JsonDecodeError(`${at} must be an object, got ${show(s)}`);
    onlyKnown(s, at, ['lower', 'upper', 'change'], 'step field');
  });
}

function circuitBreaker(x: Json, where: string): void {
  if (isObject(x)) onlyKnown(x, where, CIRCUIT_BREAKER_FIELDS, 'circuit breaker field');
}

function target(x: Json, where: string): TargetPolicy {
  if (x === undefined) return DEFAULT_TARGET_POLICY;
  if (!isObject(x)) throw new JsonDecodeError(`${where}.policy must be an object, got ${show(x)}`);
  onlyKnown(x, `${where}.policy`, Object.keys(TARGET_FIELDS), 'table or GSI option');
  circuitBreaker(x.circuitBreaker, `${where}.policy.circuitBreaker`);
  const dim = (d: Json, name: 'reads' | 'writes'): DimensionPolicy => {
    if (d === undefined) return DEFAULT_DIMENSION_POLICY;
    if (!isObject(d)) throw new JsonDecodeError(`${where}.policy.${name} must be an object, got ${show(d)}`);
    onlyKnown(d, `${where}.policy.${name}`, Object.keys(DIMENSION_FIELDS), `${name} option`);
    if (d.step !== undefined) stepShape(d.step, `${where}.policy.${name}.step`);
    let guard: Partial<ScaleInGuardRules> | undefined;
    if (d.scaleInGuard !== undefined) {
      const at = `${where}.policy.${name}.scaleInGuard`;
      if (!isObject(d.scaleInGuard)) throw new JsonDecodeError(`${at} must be an object, got ${show(d.scaleInGuard)}`);
      onlyKnown(d.scaleInGuard, at, GUARD_FIELDS, 'scale-in guard option');
      // The guard's own defaults, as for every other option; the target utilization has none.
      guard = { ...GUARD_DEFAULTS, ...(d.scaleInGuard as Partial<ScaleInGuardRules>) };
    }
    return { ...DEFAULT_DIMENSION_POLICY, ...(d as Partial<DimensionPolicy>), ...(guard ? { scaleInGuard: guard as ScaleInGuardRules } : {}) };
  };
  return { ...DEFAULT_TARGET_POLICY, ...(x as Partial<TargetPolicy>), reads: dim(x.reads, 'reads'), writes: dim(x.writes, 'writes') };
}
