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
import { dimensionOptionName, targetOptionName } from '../dd-conf/dd-options';
import { Dimension } from './decide-types';
import { DECREASES_AT_ANY_TIME, MAX_DECREASE_RESERVE } from './decrease-quota';
import {
  CircuitBreaker, DEFAULT_MAX_CAPACITY, DimensionPolicy, EnginePolicy, NOTIFICATION_TYPES, ScaleDict, TargetPolicy,
} from './policy';
import { compilePythonRegex } from './table-matching';

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
  unit: (option: string, value: unknown) => `${option} (${show(value)}) must be 'percent' or 'units'`,
  boolean: (option: string, value: unknown) => `${option} (${show(value)}) must be true or false`,
  lookback: (start: number, period: number) =>
    `lookback-window-start (${start}) is below lookback-period (${period}): the metric window ends ${period - start} min after `
    + 'the check, which has no data yet, so consumption reads low and can cause needless decreases',
  scaleShape: (option: string) => `${option} must be a list of [threshold, amount] pairs`,
  scaleKey: (option: string, key: unknown) => `${option} threshold ${show(key)} must be a number >= 0`,
  scaleValue: (option: string, key: unknown, value: unknown) =>
    `${option} amount ${show(value)} for threshold ${show(key)} must be a number >= 0`,
  circuitBreakerUrl: (url: unknown) =>
    `circuit-breaker-url (${show(url)}) must be an http:// or https:// URL with a host, `
    + 'optionally with user:password@ (e.g. https://user:secret@status.example.com/ok)',
  circuitBreakerTimeout: (value: unknown) => `circuit-breaker-timeout (${show(value)}) must be a number of milliseconds > 0`,
  snsType: (value: unknown) => `sns-message-types entry ${show(value)} must be one of ${NOTIFICATION_TYPES.join(', ')}`,
  window: (index: number, window: unknown) =>
    `maintenance-windows window ${index + 1} (${show(window)}) must have startMinute and endMinute as integers from 0 to ${MINUTES_PER_DAY - 1}`,
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
 * by its GSIs).
 */
export function checkPolicy(policy: EnginePolicy): PolicyCheck {
  const problems: PolicyCheck = { errors: [], warnings: [] };
  const global = new Checker('global', problems);
  global.integerAtLeast('check-interval', policy.checkIntervalSeconds, 1);
  if (policy.circuitBreaker) global.circuitBreaker(policy.circuitBreaker);

  for (const table of policy.tables) {
    const tableSection = `table: ${table.tablePattern}`;
    const checker = new Checker(tableSection, problems);
    checker.pattern(table.tablePattern);
    checker.target(table.policy);
    for (const gsi of table.gsis) {
      const gsiChecker = new Checker(`gsi: ${gsi.indexPattern} ${tableSection}`, problems);
      gsiChecker.pattern(gsi.indexPattern);
      gsiChecker.target(gsi.policy);
    }
  }
  return problems;
}

/**
 * The errors of `policy` (see {@link checkPolicy}); an empty array means the policy is valid.
 * Warnings are not included.
 */
export function validatePolicy(policy: EnginePolicy): ConfigProblem[] {
  return checkPolicy(policy).errors;
}

/** Checks for one section, appending to shared lists. */
class Checker {
  constructor(private readonly section: string, private readonly problems: PolicyCheck) {}

  public pattern(pattern: string): void {
    const compiled = compilePythonRegex(pattern);
    if (!compiled.ok) this.problems.errors.push({ section: this.section, value: pattern, message: compiled.error });
  }

  public target(t: TargetPolicy): void {
    this.dimension('reads', t.reads);
    this.dimension('writes', t.writes);

    const start = targetOptionName('lookbackWindowStart');
    const period = targetOptionName('lookbackPeriod');
    const startOk = this.integerAtLeast(start, t.lookbackWindowStart, 1);
    const periodOk = this.integerAtLeast(period, t.lookbackPeriod, 1);
    if (startOk && periodOk && t.lookbackWindowStart < t.lookbackPeriod) {
      this.warn(start, t.lookbackWindowStart, MESSAGES.lookback(t.lookbackWindowStart, t.lookbackPeriod));
    }
    // lookbackWindowStartMax only ever moves the window back from lookback-window-start.
    if (t.lookbackWindowStartMax !== undefined && startOk) {
      this.integerAtLeast(targetOptionName('lookbackWindowStartMax'), t.lookbackWindowStartMax, t.lookbackWindowStart);
    }
    // JSON policies reach here unchecked: "yes" must not read as true.
    this.boolean(targetOptionName('alwaysDecreaseRwTogether'), t.alwaysDecreaseRwTogether);
    for (const field of ['increasesAgainstCurrentCapacity', 'countThrottledAsConsumed'] as const) {
      if (t[field] !== undefined) this.boolean(targetOptionName(field), t[field]);
    }

    (t.maintenanceWindows ?? []).forEach((w, i) => {
      const ok = [w.startMinute, w.endMinute].every(m => Number.isInteger(m) && m >= 0 && m < MINUTES_PER_DAY);
      if (!ok) this.report(targetOptionName('maintenanceWindows'), w, MESSAGES.window(i, w));
    });

    for (const type of t.snsMessageTypes) {
      if (!NOTIFICATION_TYPES.includes(type)) this.report(targetOptionName('snsMessageTypes'), type, MESSAGES.snsType(type));
    }

    if (t.circuitBreaker) this.circuitBreaker(t.circuitBreaker);

    const reserve = targetOptionName('decreaseReserve');
    if (!isIntegerIn(t.decreaseReserve, 0, MAX_DECREASE_RESERVE)) {
      this.report(reserve, t.decreaseReserve, MESSAGES.integerRange(reserve, t.decreaseReserve, 0, MAX_DECREASE_RESERVE,
        ` (DynamoDB accepts at most ${DECREASES_AT_ANY_TIME} decreases in a row; the scaler keeps at least one)`));
    }
  }

  public circuitBreaker(cb: CircuitBreaker): void {
    if (typeof cb.url !== 'string' || !CIRCUIT_BREAKER_URL.test(cb.url)) {
      this.report(targetOptionName('circuitBreakerUrl'), cb.url, MESSAGES.circuitBreakerUrl(cb.url));
    }
    if (!(isFiniteNumber(cb.timeoutMs) && cb.timeoutMs > 0)) {
      this.report(targetOptionName('circuitBreakerTimeoutMs'), cb.timeoutMs, MESSAGES.circuitBreakerTimeout(cb.timeoutMs));
    }
  }

  /** Reports unless `value` is an integer >= `min`; returns whether it is. */
  public integerAtLeast(option: string, value: number, min: number): boolean {
    if (Number.isInteger(value) && value >= min) return true;
    this.report(option, value, MESSAGES.integerAtLeast(option, value, min));
    return false;
  }

  private dimension(dim: Dimension, d: DimensionPolicy): void {
    const name = (field: keyof DimensionPolicy) => dimensionOptionName(dim, field);

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
    return { section: this.section, option, value: typeof value === 'string' ? value : show(value), message };
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
