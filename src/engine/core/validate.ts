/**
 * Validation of an {@link EnginePolicy}: dd's own checks (spec §2.3's validation column, with
 * D11: every problem is reported, not only the first) plus the sanity rules a library needs
 * (D9 circuit-breaker URLs, D10 windows, D15 decrease reserve). Used by the conf parser, the
 * construct and the scaler's cold start, so messages read well outside an INI file.
 *
 * What dd accepts and no D-number changes is never an error: where it is risky (a max above
 * DynamoDB's default quota, thresholds without a steady band, a metric window that ends after the
 * check) it is a warning.
 */
import { ConfigProblem } from './config-problem';
import { Dimension } from './decide-types';
import { DECREASES_AT_ANY_TIME, MAX_DECREASE_RESERVE } from './decrease-quota';
import {
  CircuitBreaker, DEFAULT_MAX_CAPACITY, DimensionPolicy, EnginePolicy, NOTIFICATION_TYPES, ScaleDict, TargetField, TargetPolicy,
} from './policy';
import { JSON_PATH_NAMING, PolicyLocation, PolicyNaming } from './policy-naming';
import { JSON_STEP_NAMES, validateStepPolicy } from './step-scaling';
import { compilePythonRegex } from './table-matching';
import { MAX_TARGET_UTILIZATION, MIN_TARGET_UTILIZATION } from './validate-target-tracking';

const MINUTES_PER_DAY = 1440;

/** The rule texts. Values are echoed as received. */
const MESSAGES = {
  integerAtLeast: (option: string, value: unknown, min: number) => `${option} (${show(value)}) must be an integer >= ${min}`,
  numberAtLeast: (option: string, value: unknown, min: number) => `${option} (${show(value)}) must be a number >= ${min}`,
  numberAbove: (option: string, value: unknown, min: number) => `${option} (${show(value)}) must be a number > ${min}`,
  integerRange: (option: string, value: unknown, min: number, max: number, why: string) =>
    `${option} (${show(value)}) must be an integer from ${min} to ${max}${why}`,
  quota: (option: string, value: unknown) =>
    `${option} (${show(value)}) is above ${DEFAULT_MAX_CAPACITY}, DynamoDB's default per-table capacity quota: `
    + 'unless the account\'s quota was raised, DynamoDB refuses an update above it and the capacity stays where it is',
  minAboveMax: (minOption: string, min: number, maxOption: string, max: number) =>
    `${minOption} (${min}) must be <= ${maxOption} (${max})`,
  lowerNotBelowUpper: (lowerOption: string, lower: number, upperOption: string, upper: number) =>
    `${lowerOption} (${lower}) is not below ${upperOption} (${upper}): there is no steady band between them, so the `
    + 'consumption after an increase can fall below the lower threshold and ask for a decrease, and capacity can swing up and down',
  repeatedAboveChecks: (option: string, value: number, checksOption: string, checks: number) =>
    `${option} (${value}) is above ${checksOption} (${checks}): a repeated decrease never needs more checks than the first, `
    + `so it needs ${checks}`,
  peakWithoutScale: (option: string, value: number, scaleOption: string) =>
    `${option} (${value}) has no effect without ${scaleOption}: only a decrease scale sizes decreases from consumption`,
  tableRule: (option: string) => `${option}: a table rule names its table exactly (tableName) or by a pattern (tablePattern), exactly one of the two`,
  tableName: (option: string, value: unknown) => `${option} (${show(value)}) must be a non-empty table name`,
  unit: (option: string, value: unknown) => `${option} (${show(value)}) must be 'percent' or 'units'`,
  boolean: (option: string, value: unknown) => `${option} (${show(value)}) must be true or false`,
  lookback: (startOption: string, start: number, periodOption: string, period: number) =>
    `${startOption} (${start}) is below ${periodOption} (${period}): the metric window ends ${period - start} min after `
    + 'the check, which has no data yet, so consumption reads low and can cause needless decreases',
  scaleShape: (option: string) => `${option} must be a list of [threshold, amount] pairs`,
  scaleKey: (option: string, key: unknown) => `${option} threshold ${show(key)} must be a number >= 0`,
  scaleValue: (option: string, key: unknown, value: unknown) =>
    `${option} amount ${show(value)} for threshold ${show(key)} must be a number >= 0`,
  circuitBreakerUrl: (option: string, url: unknown) =>
    `${option} (${show(url)}) must be an http:// or https:// URL with a host, `
    + 'optionally with user:password@ (e.g. https://user:secret@status.example.com/ok)',
  circuitBreakerTimeout: (option: string, value: unknown) => `${option} (${show(value)}) must be a number of milliseconds > 0`,
  credentialsSecret: (option: string, value: unknown) =>
    `${option} (${show(value)}) must be the name or ARN of a Secrets Manager secret holding {"username": ..., "password": ...}`,
  twoCredentials: (option: string, urlOption: string) =>
    `${option} and credentials in ${urlOption}: give the credentials one way, the secret (no password in the URL)`,
  snsType: (option: string, value: unknown) => `${option} entry ${show(value)} must be one of ${NOTIFICATION_TYPES.join(', ')}`,
  window: (option: string, index: number, window: unknown) =>
    `${option} window ${index + 1} (${show(window)}) must have startMinute and endMinute as integers from 0 to ${MINUTES_PER_DAY - 1}`,
};

// D9: dd accepted anything after `http(s)://` and exited at run time; here the host is required.
const CIRCUIT_BREAKER_URL = /^https?:\/\/(?:[^\s:@/]+:[^\s@/]+@)?(?:[^\s:@/?#]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?(?:[/?#]\S*)?$/;

/** The result of {@link checkPolicy}. */
export interface PolicyCheck {
  /** What makes the policy unusable. Empty when the policy is valid. */
  readonly errors: ConfigProblem[];
  /** What is legal (dd accepts it) but risky; each message says why. */
  readonly warnings: ConfigProblem[];
}

/**
 * Every error and warning of `policy`, each in a stable order (global, then each table followed
 * by its GSIs), named as the user wrote them.
 *
 * @param naming how options and sections are named: JSON paths by default; the conf front end
 * passes dd's option names
 */
export function checkPolicy(policy: EnginePolicy, naming: PolicyNaming = JSON_PATH_NAMING): PolicyCheck {
  const problems: PolicyCheck = { errors: [], warnings: [] };
  const global = new Checker(policy, naming, {}, problems);
  global.integerAtLeast(naming.checkIntervalOption(), policy.checkIntervalSeconds, 1);
  if (policy.circuitBreaker) global.circuitBreaker(policy.circuitBreaker);

  policy.tables.forEach((table, t) => {
    const checker = new Checker(policy, naming, { table: t }, problems);
    checker.tableRule(table.tablePattern, table.tableName);
    checker.target(table.policy);
    table.gsis.forEach((gsi, g) => {
      const gsiChecker = new Checker(policy, naming, { table: t, gsi: g }, problems);
      gsiChecker.pattern(gsi.indexPattern);
      gsiChecker.target(gsi.policy);
    });
  });
  return problems;
}

/**
 * The errors of `policy` (see {@link checkPolicy}); an empty array means the policy is valid.
 * Warnings are not included.
 */
export function validatePolicy(policy: EnginePolicy, naming: PolicyNaming = JSON_PATH_NAMING): ConfigProblem[] {
  return checkPolicy(policy, naming).errors;
}

/** Checks for one section, appending to shared lists. */
class Checker {
  private readonly section: string | undefined;

  constructor(
    policy: EnginePolicy, private readonly naming: PolicyNaming, private readonly at: PolicyLocation, private readonly problems: PolicyCheck,
  ) {
    this.section = naming.section(policy, at);
  }

  /** A table rule names its table exactly or by a pattern, never both. */
  public tableRule(pattern: string | undefined, name: string | undefined): void {
    if ((pattern === undefined) === (name === undefined)) {
      const option = this.naming.rule(this.at);
      this.report(option, pattern ?? name, MESSAGES.tableRule(option));
    } else if (pattern !== undefined) {
      this.pattern(pattern);
    } else if (typeof name !== 'string' || name === '') {
      this.report(this.naming.rule(this.at, true), name, MESSAGES.tableName(this.naming.rule(this.at, true), name));
    }
  }

  public pattern(pattern: string): void {
    const compiled = compilePythonRegex(pattern);
    if (!compiled.ok) this.problems.errors.push({ ...this.where(), value: pattern, message: compiled.error });
  }

  public target(t: TargetPolicy): void {
    this.dimension('reads', t.reads);
    this.dimension('writes', t.writes);
    this.stepWindow(t);
    this.guardedPair(t);

    const start = this.targetOption('lookbackWindowStart');
    const period = this.targetOption('lookbackPeriod');
    const startOk = this.integerAtLeast(start, t.lookbackWindowStart, 1);
    const periodOk = this.integerAtLeast(period, t.lookbackPeriod, 1);
    if (startOk && periodOk && t.lookbackWindowStart < t.lookbackPeriod) {
      this.warn(start, t.lookbackWindowStart, MESSAGES.lookback(start, t.lookbackWindowStart, period, t.lookbackPeriod));
    }
    // lookbackWindowStartMax only ever moves the window back from lookback-window-start.
    if (t.lookbackWindowStartMax !== undefined && startOk) {
      this.integerAtLeast(this.targetOption('lookbackWindowStartMax'), t.lookbackWindowStartMax, t.lookbackWindowStart);
    }
    // JSON policies reach here unchecked: "yes" must not read as true.
    this.boolean(this.targetOption('alwaysDecreaseRwTogether'), t.alwaysDecreaseRwTogether);
    for (const field of ['increasesAgainstCurrentCapacity', 'countThrottledAsConsumed'] as const) {
      if (t[field] !== undefined) this.boolean(this.targetOption(field), t[field]);
    }

    (t.maintenanceWindows ?? []).forEach((w, i) => {
      const ok = [w.startMinute, w.endMinute].every(m => Number.isInteger(m) && m >= 0 && m < MINUTES_PER_DAY);
      if (!ok) this.report(this.targetOption('maintenanceWindows'), w, MESSAGES.window(this.targetOption('maintenanceWindows'), i, w));
    });

    for (const type of t.snsMessageTypes) {
      if (!NOTIFICATION_TYPES.includes(type)) this.report(this.targetOption('snsMessageTypes'), type, MESSAGES.snsType(this.targetOption('snsMessageTypes'), type));
    }

    if (t.circuitBreaker) this.circuitBreaker(t.circuitBreaker);

    const reserve = this.targetOption('decreaseReserve');
    if (!isIntegerIn(t.decreaseReserve, 0, MAX_DECREASE_RESERVE)) {
      this.report(reserve, t.decreaseReserve, MESSAGES.integerRange(reserve, t.decreaseReserve, 0, MAX_DECREASE_RESERVE,
        ` (DynamoDB accepts at most ${DECREASES_AT_ANY_TIME} decreases in a row; the scaler keeps at least one)`));
    }
  }

  public circuitBreaker(cb: CircuitBreaker): void {
    if (typeof cb.url !== 'string' || !CIRCUIT_BREAKER_URL.test(cb.url)) {
      this.report(this.targetOption('circuitBreakerUrl'), cb.url, MESSAGES.circuitBreakerUrl(this.targetOption('circuitBreakerUrl'), cb.url));
    }
    if (cb.credentialsSecret !== undefined) {
      const option = this.targetOption('circuitBreakerCredentialsSecret');
      if (typeof cb.credentialsSecret !== 'string' || cb.credentialsSecret.trim() === '') {
        this.report(option, cb.credentialsSecret, MESSAGES.credentialsSecret(option, cb.credentialsSecret));
      } else if (typeof cb.url === 'string' && /^https?:\/\/[^/@]*@/.test(cb.url)) {
        this.report(option, cb.credentialsSecret, MESSAGES.twoCredentials(option, this.targetOption('circuitBreakerUrl')));
      }
    }
    if (!(isFiniteNumber(cb.timeoutMs) && cb.timeoutMs > 0)) {
      this.report(this.targetOption('circuitBreakerTimeoutMs'), cb.timeoutMs, MESSAGES.circuitBreakerTimeout(this.targetOption('circuitBreakerTimeoutMs'), cb.timeoutMs));
    }
  }

  /** Reports unless `value` is an integer >= `min`; returns whether it is. */
  public integerAtLeast(option: string, value: number, min: number): boolean {
    if (Number.isInteger(value) && value >= min) return true;
    this.report(option, value, MESSAGES.integerAtLeast(option, value, min));
    return false;
  }

  private dimension(dim: Dimension, d: DimensionPolicy): void {
    const name = (field: keyof DimensionPolicy) => this.naming.dimensionOption(dim, field, this.at);

    // dd's "may not be lower than 1" list (cfg: __check_table_rules), minus what D11 defaults.
    const upperOk = this.numberAtLeast(name('upperThreshold'), d.upperThreshold, 1);
    const lowerOk = this.integerAtLeast(name('lowerThreshold'), d.lowerThreshold, 1);
    this.integerAtLeast(name('increaseWith'), d.increaseWith, 1);
    this.integerAtLeast(name('decreaseWith'), d.decreaseWith, 1);
    this.integerAtLeast(name('checksBeforeScaleDown'), d.checksBeforeScaleDown, 1);
    const minOk = this.integerAtLeast(name('min'), d.min, 1);
    const maxOk = this.integerAtLeast(name('max'), d.max, 1);
    if (maxOk && d.max > DEFAULT_MAX_CAPACITY) this.warn(name('max'), d.max, MESSAGES.quota(name('max'), d.max));
    // Unlike dd, the writes pair is checked even when the reads pair fails (D11).
    if (minOk && maxOk && d.min > d.max) {
      this.report(name('min'), d.min, MESSAGES.minAboveMax(name('min'), d.min, name('max'), d.max));
    }
    if (upperOk && lowerOk && d.lowerThreshold >= d.upperThreshold) {
      this.warn(name('lowerThreshold'), d.lowerThreshold,
        MESSAGES.lowerNotBelowUpper(name('lowerThreshold'), d.lowerThreshold, name('upperThreshold'), d.upperThreshold));
    }

    // 0 disables these.
    this.integerAtLeast(name('throttledUpperThreshold'), d.throttledUpperThreshold, 0);
    this.integerAtLeast(name('checksResetPercent'), d.checksResetPercent, 0);
    this.integerAtLeast(name('upperAlarmThreshold'), d.upperAlarmThreshold, 0);
    this.integerAtLeast(name('lowerAlarmThreshold'), d.lowerAlarmThreshold, 0);
    // 0 falls back to increase-/decrease-<dim>-with, as in dd.
    if (d.increaseConsumedWith !== undefined) this.integerAtLeast(name('increaseConsumedWith'), d.increaseConsumedWith, 0);
    if (d.decreaseConsumedWith !== undefined) this.integerAtLeast(name('decreaseConsumedWith'), d.decreaseConsumedWith, 0);
    if (d.maxIncreasePercent !== undefined) this.integerAtLeast(name('maxIncreasePercent'), d.maxIncreasePercent, 0);
    if (d.checksBeforeRepeatedScaleDown !== undefined
      && this.integerAtLeast(name('checksBeforeRepeatedScaleDown'), d.checksBeforeRepeatedScaleDown, 1)
      && Number.isInteger(d.checksBeforeScaleDown) && d.checksBeforeRepeatedScaleDown > d.checksBeforeScaleDown) {
      this.warn(name('checksBeforeRepeatedScaleDown'), d.checksBeforeRepeatedScaleDown, MESSAGES.repeatedAboveChecks(
        name('checksBeforeRepeatedScaleDown'), d.checksBeforeRepeatedScaleDown, name('checksBeforeScaleDown'), d.checksBeforeScaleDown));
    }
    if (d.decreasePeakHalfLifeMinutes !== undefined
      && this.numberAtLeast(name('decreasePeakHalfLifeMinutes'), d.decreasePeakHalfLifeMinutes, 0)
      && d.decreasePeakHalfLifeMinutes > 0 && !(d.decreaseConsumedScale && d.decreaseConsumedScale.length > 0)) {
      this.warn(name('decreasePeakHalfLifeMinutes'), d.decreasePeakHalfLifeMinutes,
        MESSAGES.peakWithoutScale(name('decreasePeakHalfLifeMinutes'), d.decreasePeakHalfLifeMinutes, name('decreaseConsumedScale')));
    }

    for (const field of ['allowScaleDownAtZeroPercent', 'enableAutoscaling', 'enableUpScaling', 'enableDownScaling'] as const) {
      this.boolean(name(field), d[field]);
    }

    this.unit(name('increaseUnit'), d.increaseUnit);
    this.unit(name('decreaseUnit'), d.decreaseUnit);
    for (const field of ['increaseConsumedUnit', 'increaseThrottledByProvisionedUnit', 'increaseThrottledByConsumedUnit',
      'decreaseConsumedUnit'] as const) {
      if (d[field] !== undefined) this.unit(name(field), d[field]);
    }
    for (const field of ['increaseConsumedScale', 'increaseThrottledByProvisionedScale', 'increaseThrottledByConsumedScale',
      'decreaseConsumedScale'] as const) {
      const scale = d[field];
      if (scale !== undefined) this.scale(name(field), scale);
    }
    if (d.scaleInGuard !== undefined) this.scaleInGuard(name('scaleInGuard'), d);
    if (d.step !== undefined) {
      // The bounds are the dimension's min and max, checked above.
      for (const p of validateStepPolicy(`${name('step')}.`, { ...d.step, minCapacity: undefined, maxCapacity: undefined }, JSON_STEP_NAMES)) {
        this.report(p.property, p.value, `${p.property} (${p.value}) ${p.rule}`);
      }
    }
  }

  /** A guard's own options (the hybrid path); it replaces dd's rules and step scaling, so it goes with neither. */
  private scaleInGuard(option: string, d: DimensionPolicy): void {
    const g = d.scaleInGuard!;
    if (!(isFiniteNumber(g.targetUtilizationPercent) && g.targetUtilizationPercent >= MIN_TARGET_UTILIZATION
      && g.targetUtilizationPercent <= MAX_TARGET_UTILIZATION)) {
      this.report(`${option}.targetUtilizationPercent`, g.targetUtilizationPercent, `${option}.targetUtilizationPercent `
        + `(${show(g.targetUtilizationPercent)}) must be a number from ${MIN_TARGET_UTILIZATION} to ${MAX_TARGET_UTILIZATION}`);
    }
    this.integerAtLeast(`${option}.consecutiveLowChecks`, g.consecutiveLowChecks, 0);
    this.boolean(`${option}.scaleInWhenIdle`, g.scaleInWhenIdle);
    if (d.step !== undefined) {
      this.report(option, g, `${option} and ${option.replace(/scaleInGuard$/, 'step')} cannot both be set: `
        + 'a guarded dimension is scaled by native target tracking, a step dimension by the scaler');
    }
  }

  /**
   * A target with a guarded dimension is on the hybrid path, where the scaler runs the guard and
   * no rule of dd's or steps: its other dimension must be guarded too or left to the native service.
   */
  private guardedPair(t: TargetPolicy): void {
    for (const [guarded, other] of [['reads', 'writes'], ['writes', 'reads']] as const) {
      if (t[guarded].scaleInGuard === undefined || t[other].scaleInGuard !== undefined || t[other].enableAutoscaling !== true) continue;
      const option = this.naming.dimensionOption(other, 'enableAutoscaling', this.at);
      this.report(option, true, `${option} (true) with ${this.naming.dimensionOption(guarded, 'scaleInGuard', this.at)}: a target with a `
        + `scale-in guard is scaled by native target tracking, so the scaler would run no rule for ${other}; give ${other} a scaleInGuard too, `
        + `or set ${option} to false`);
    }
  }

  /** The lookback window holds the one-minute datapoints a step policy's alarms evaluate. */
  public stepWindow(t: TargetPolicy): void {
    for (const dim of ['reads', 'writes'] as const) {
      const periods = t[dim].step?.evaluationPeriods ?? 1;
      if (t[dim].step === undefined || !Number.isInteger(t.lookbackPeriod) || t.lookbackPeriod >= periods) continue;
      const option = this.targetOption('lookbackPeriod');
      this.report(option, t.lookbackPeriod, `${option} (${t.lookbackPeriod}) must be >= ${this.naming.dimensionOption(dim, 'step', this.at)}.evaluationPeriods `
        + `(${periods}): the window holds the one-minute datapoints the step alarms evaluate`);
    }
  }

  private numberAtLeast(option: string, value: number, min: number): boolean {
    if (isFiniteNumber(value) && value >= min) return true;
    this.report(option, value, MESSAGES.numberAtLeast(option, value, min));
    return false;
  }

  private boolean(option: string, value: unknown): void {
    if (typeof value !== 'boolean') this.report(option, value, MESSAGES.boolean(option, value));
  }

  private unit(option: string, value: unknown): void {
    if (value !== 'percent' && value !== 'units') this.report(option, value, MESSAGES.unit(option, value));
  }

  private scale(option: string, scale: ScaleDict): void {
    if (!Array.isArray(scale) || !scale.every(e => Array.isArray(e) && e.length === 2)) {
      this.report(option, scale, MESSAGES.scaleShape(option));
      return;
    }
    for (const [key, value] of scale) {
      if (!(isFiniteNumber(key) && key >= 0)) this.report(option, key, MESSAGES.scaleKey(option, key));
      if (!(isFiniteNumber(value) && value >= 0)) this.report(option, value, MESSAGES.scaleValue(option, key, value));
    }
  }

  private report(option: string, value: unknown, message: string): void {
    this.problems.errors.push(this.problem(option, value, message));
  }

  private warn(option: string, value: unknown, message: string): void {
    this.problems.warnings.push(this.problem(option, value, message));
  }

  private problem(option: string, value: unknown, message: string): ConfigProblem {
    return { ...this.where(), option, value: typeof value === 'string' ? value : show(value), message };
  }

  private where(): { section?: string } {
    return this.section === undefined ? {} : { section: this.section };
  }

  private targetOption(field: TargetField): string {
    return this.naming.targetOption(field, this.at);
  }
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function isIntegerIn(value: number, min: number, max: number): boolean {
  return Number.isInteger(value) && value >= min && value <= max;
}

/** A value as the user wrote it: numbers and strings bare, anything else as JSON. */
function show(value: unknown): string {
  if (value === '') return "''";
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === undefined) return 'undefined';
  if (isWindow(value)) return `${clock(value.startMinute)}-${clock(value.endMinute)}`;
  return JSON.stringify(value);
}

function isWindow(value: unknown): value is { startMinute: number; endMinute: number } {
  return typeof value === 'object' && value !== null && 'startMinute' in value && 'endMinute' in value;
}

function clock(minute: number): string {
  if (!Number.isInteger(minute) || minute < 0 || minute >= MINUTES_PER_DAY) return String(minute);
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}
