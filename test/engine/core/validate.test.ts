/**
 * checkPolicy / validatePolicy: dd's validation column (spec §2.3) with D11 (every problem reported), the
 * warnings for what dd accepts but is risky, and the
 * sanity rules (D9 URLs, D10 windows, D15 reserve). Compliant / non-compliant tables with the
 * exact texts, as the construct will show them.
 */
import {
  DEFAULT_DIMENSION_POLICY, DEFAULT_TARGET_POLICY, DimensionPolicy, EnginePolicy, TargetPolicy,
} from '../../../src/engine/core/policy';
import { checkPolicy as checkWith, validatePolicy as validateWith } from '../../../src/engine/core/validate';
import { DD_OPTION_NAMING } from '../../../src/engine/dd-conf/dd-options';

// These rules are checked with dd's option names, as a dynamic-dynamodb.conf reports them.
const checkPolicy = (p: EnginePolicy) => checkWith(p, DD_OPTION_NAMING);
const validatePolicy = (p: EnginePolicy) => validateWith(p, DD_OPTION_NAMING);

const TABLE = 'table: ^orders$';
const GSI = 'gsi: ^idx$ table: ^orders$';

/** A policy with one table rule (and one GSI rule) whose reads, writes or target fields are overridden. */
function policyWith(
  target: Partial<TargetPolicy> = {}, reads: Partial<DimensionPolicy> = {}, writes: Partial<DimensionPolicy> = {},
  gsi: Partial<TargetPolicy> = {},
): EnginePolicy {
  const base: TargetPolicy = {
    ...DEFAULT_TARGET_POLICY,
    reads: { ...DEFAULT_DIMENSION_POLICY, min: 5, max: 100, ...reads },
    writes: { ...DEFAULT_DIMENSION_POLICY, min: 5, max: 100, ...writes },
    ...target,
  };
  return {
    checkIntervalSeconds: 300,
    tables: [{ tablePattern: '^orders$', policy: base, gsis: [{ indexPattern: '^idx$', policy: { ...DEFAULT_TARGET_POLICY, ...gsi } }] }],
  };
}

test('the defaults and a typical policy are valid, without warnings', () => {
  expect(checkPolicy(policyWith())).toEqual({ errors: [], warnings: [] });
  expect(checkPolicy({ tables: [], checkIntervalSeconds: 300 })).toEqual({ errors: [], warnings: [] });
});

describe('what dd accepts is a warning, not an error (no D-number changes it)', () => {
  test.each<[string, EnginePolicy, string, string, string]>([
    ['max above the default table quota (the quota can be raised)', policyWith({}, { max: 40001 }), 'max-provisioned-reads', '40001',
      "max-provisioned-reads (40001) is above 40000, DynamoDB's default per-table capacity quota: unless the account's quota "
      + 'was raised, DynamoDB refuses an update above it and the capacity stays where it is'],
    ['lower threshold equal to upper', policyWith({}, { lowerThreshold: 90, upperThreshold: 90 }), 'reads-lower-threshold', '90',
      'reads-lower-threshold (90) is not below reads-upper-threshold (90): there is no steady band between them, so the consumption '
      + 'after an increase can fall below the lower threshold and ask for a decrease, and capacity can swing up and down'],
    ['lower threshold above upper, writes', policyWith({}, {}, { lowerThreshold: 80, upperThreshold: 60 }), 'writes-lower-threshold', '80',
      'writes-lower-threshold (80) is not below writes-upper-threshold (60): there is no steady band between them, so the consumption '
      + 'after an increase can fall below the lower threshold and ask for a decrease, and capacity can swing up and down'],
    ['metric window ending after the check', policyWith({ lookbackWindowStart: 5, lookbackPeriod: 10 }), 'lookback-window-start', '5',
      'lookback-window-start (5) is below lookback-period (10): the metric window ends 5 min after the check, which has no data yet, '
      + 'so consumption reads low and can cause needless decreases'],
  ])('%s', (_name, policy, option, value, message) => {
    expect(checkPolicy(policy)).toEqual({ errors: [], warnings: [{ section: TABLE, option, value, message }] });
    expect(validatePolicy(policy)).toEqual([]);
  });

  test('a warning and an error are reported side by side', () => {
    const result = checkPolicy(policyWith({}, { max: 50000, min: 0 }));
    expect(result.errors.map(e => e.option)).toEqual(['min-provisioned-reads']);
    expect(result.warnings.map(w => w.option)).toEqual(['max-provisioned-reads']);
  });
});

describe('per-dimension rules, each naming the dd option and the value', () => {
  test.each<[string, Partial<DimensionPolicy>, string, string, string]>([
    // dd's "may not be lower than 1" list.
    ['upper threshold 0', { upperThreshold: 0 }, 'reads-upper-threshold', '0', 'reads-upper-threshold (0) must be a number >= 1'],
    ['lower threshold 0', { lowerThreshold: 0 }, 'reads-lower-threshold', '0', 'reads-lower-threshold (0) must be an integer >= 1'],
    ['lower threshold not an integer', { lowerThreshold: 30.5 }, 'reads-lower-threshold', '30.5',
      'reads-lower-threshold (30.5) must be an integer >= 1'],
    ['increase with 0', { increaseWith: 0 }, 'increase-reads-with', '0', 'increase-reads-with (0) must be an integer >= 1'],
    ['increase with 12.5', { increaseWith: 12.5 }, 'increase-reads-with', '12.5', 'increase-reads-with (12.5) must be an integer >= 1'],
    ['decrease with -5', { decreaseWith: -5 }, 'decrease-reads-with', '-5', 'decrease-reads-with (-5) must be an integer >= 1'],
    ['checks 0 (config_checks_zero)', { checksBeforeScaleDown: 0 }, 'num-read-checks-before-scale-down', '0',
      'num-read-checks-before-scale-down (0) must be an integer >= 1'],
    ['min 0', { min: 0 }, 'min-provisioned-reads', '0', 'min-provisioned-reads (0) must be an integer >= 1'],
    ['max 0', { max: 0 }, 'max-provisioned-reads', '0', 'max-provisioned-reads (0) must be an integer >= 1'],
    ['NaN', { max: NaN }, 'max-provisioned-reads', 'NaN', 'max-provisioned-reads (NaN) must be an integer >= 1'],
    // Sanity.
    ['min above max', { min: 500, max: 100 }, 'min-provisioned-reads', '500', 'min-provisioned-reads (500) must be <= max-provisioned-reads (100)'],
    ['negative throttle threshold', { throttledUpperThreshold: -1 }, 'throttled-reads-upper-threshold', '-1',
      'throttled-reads-upper-threshold (-1) must be an integer >= 0'],
    ['negative reset percent', { checksResetPercent: -1 }, 'num-read-checks-reset-percent', '-1',
      'num-read-checks-reset-percent (-1) must be an integer >= 0'],
    ['negative alarm threshold', { upperAlarmThreshold: -1 }, 'reads-upper-alarm-threshold', '-1',
      'reads-upper-alarm-threshold (-1) must be an integer >= 0'],
    ['negative increase-consumed-with', { increaseConsumedWith: -1 }, 'increase-consumed-reads-with', '-1',
      'increase-consumed-reads-with (-1) must be an integer >= 0'],
    ['fractional decrease-consumed-with', { decreaseConsumedWith: 2.5 }, 'decrease-consumed-reads-with', '2.5',
      'decrease-consumed-reads-with (2.5) must be an integer >= 0'],
    ['unknown unit', { increaseUnit: 'percentage' as never }, 'increase-reads-unit', 'percentage',
      "increase-reads-unit (percentage) must be 'percent' or 'units'"],
    ['empty unit', { decreaseUnit: '' as never }, 'decrease-reads-unit', '', "decrease-reads-unit ('') must be 'percent' or 'units'"],
    ['unknown optional unit', { increaseThrottledByConsumedUnit: 'pct' as never }, 'increase-throttled-by-consumed-reads-unit', 'pct',
      "increase-throttled-by-consumed-reads-unit (pct) must be 'percent' or 'units'"],
    ['negative scale threshold', { increaseConsumedScale: [[-0.5, 5]] }, 'increase-consumed-reads-scale', '-0.5',
      'increase-consumed-reads-scale threshold -0.5 must be a number >= 0'],
    ['negative scale amount', { decreaseConsumedScale: [[10, -50]] }, 'decrease-consumed-reads-scale', '-50',
      'decrease-consumed-reads-scale amount -50 for threshold 10 must be a number >= 0'],
    ['infinite scale amount', { increaseThrottledByProvisionedScale: [[1, Infinity]] }, 'increase-throttled-by-provisioned-reads-scale',
      'Infinity', 'increase-throttled-by-provisioned-reads-scale amount Infinity for threshold 1 must be a number >= 0'],
    ['scale not made of pairs', { increaseThrottledByConsumedScale: [[1]] as never }, 'increase-throttled-by-consumed-reads-scale', '[[1]]',
      'increase-throttled-by-consumed-reads-scale must be a list of [threshold, amount] pairs'],
    // This project's additions and booleans, as a JSON policy can give them.
    ['max-increase percent not a number', { maxIncreasePercent: 'yes' as never }, 'max-increase-reads-percent', 'yes',
      'max-increase-reads-percent (yes) must be an integer >= 0'],
    ['max-increase percent negative', { maxIncreasePercent: -10 }, 'max-increase-reads-percent', '-10',
      'max-increase-reads-percent (-10) must be an integer >= 0'],
    ['max-increase percent fractional', { maxIncreasePercent: 12.5 }, 'max-increase-reads-percent', '12.5',
      'max-increase-reads-percent (12.5) must be an integer >= 0'],
    ['a flag given as a string', { enableDownScaling: 'yes' as never }, 'enable-reads-down-scaling', 'yes',
      'enable-reads-down-scaling (yes) must be true or false'],
    ['a flag given as a number', { allowScaleDownAtZeroPercent: 1 as never }, 'allow-scaling-down-reads-on-0-percent', '1',
      'allow-scaling-down-reads-on-0-percent (1) must be true or false'],
  ])('%s', (_name, reads, option, value, message) => {
    expect(validatePolicy(policyWith({}, reads))).toEqual([{ section: TABLE, option, value, message }]);
  });

  test.each<[string, Partial<DimensionPolicy>]>([
    ['a decrease above 100 percent (decrease_over_100_percent: decreases to min)', { decreaseWith: 120 }],
    ['upper threshold above 100 (consumption can exceed provisioned)', { upperThreshold: 150 }],
    ['a float upper threshold (config_float_upper_threshold)', { upperThreshold: 92.5 }],
    ['min equal to max', { min: 100, max: 100 }],
    ['max at the quota', { max: 40000 }],
    ['alarm thresholds are independent (a lower alarm above the upper one is allowed, as in dd)', { upperAlarmThreshold: 50, lowerAlarmThreshold: 60 }],
    ['0 disables the throttle, reset and alarm thresholds', { throttledUpperThreshold: 0, checksResetPercent: 0, upperAlarmThreshold: 0, lowerAlarmThreshold: 20 }],
    ['0 makes increase-consumed-with fall back', { increaseConsumedWith: 0 }],
    ['a scale dict with a 0 bucket', { increaseConsumedScale: [[0, 0], [0.25, 5]] }],
    ['an empty scale dict', { decreaseConsumedScale: [] }],
    ['units', { increaseUnit: 'units', decreaseUnit: 'units', decreaseConsumedUnit: 'percent' }],
    ['max-increase percent 0 (no cap) and flags as booleans', { maxIncreasePercent: 0, enableDownScaling: false, allowScaleDownAtZeroPercent: true }],
    ['max-increase percent 90', { maxIncreasePercent: 90 }],
  ])('valid: %s', (_name, reads) => {
    expect(validatePolicy(policyWith({}, reads))).toEqual([]);
  });

  test('writes are named with dd\'s writes spelling (num-write-…)', () => {
    expect(validatePolicy(policyWith({}, {}, { checksBeforeScaleDown: 0 }))).toEqual([{
      section: TABLE,
      option: 'num-write-checks-before-scale-down',
      value: '0',
      message: 'num-write-checks-before-scale-down (0) must be an integer >= 1',
    }]);
  });
});

describe('per-target rules', () => {
  test.each<[string, Partial<TargetPolicy>, string, string, string]>([
    ['lookback-window-start 0', { lookbackWindowStart: 0 }, 'lookback-window-start', '0', 'lookback-window-start (0) must be an integer >= 1'],
    ['lookback-period 0 (dd divided by zero)', { lookbackPeriod: 0 }, 'lookback-period', '0', 'lookback-period (0) must be an integer >= 1'],
    ['maintenance window out of the day', { maintenanceWindows: [{ startMinute: 60, endMinute: 1440 }] }, 'maintenance-windows', '01:00-1440',
      'maintenance-windows window 1 (01:00-1440) must have startMinute and endMinute as integers from 0 to 1439'],
    ['unknown SNS type', { snsMessageTypes: ['scale-sideways' as never] }, 'sns-message-types', 'scale-sideways',
      'sns-message-types entry scale-sideways must be one of scale-up, scale-down, high-throughput-alarm, low-throughput-alarm'],
    ['D9: URL without scheme', { circuitBreaker: { url: 'cb.example/up', timeoutMs: 1000 } }, 'circuit-breaker-url', 'cb.example/up',
      'circuit-breaker-url (cb.example/up) must be an http:// or https:// URL with a host, optionally with user:password@ '
      + '(e.g. https://user:secret@status.example.com/ok)'],
    ['D9: URL without host (dd accepted it and failed at each check)', { circuitBreaker: { url: 'http://', timeoutMs: 1000 } },
      'circuit-breaker-url', 'http://', 'circuit-breaker-url (http://) must be an http:// or https:// URL with a host, '
      + 'optionally with user:password@ (e.g. https://user:secret@status.example.com/ok)'],
    ['D9: user without password', { circuitBreaker: { url: 'https://user@cb.example', timeoutMs: 1000 } }, 'circuit-breaker-url',
      'https://user@cb.example', 'circuit-breaker-url (https://user@cb.example) must be an http:// or https:// URL with a host, '
      + 'optionally with user:password@ (e.g. https://user:secret@status.example.com/ok)'],
    ['timeout 0', { circuitBreaker: { url: 'http://cb/up', timeoutMs: 0 } }, 'circuit-breaker-timeout', '0',
      'circuit-breaker-timeout (0) must be a number of milliseconds > 0'],
    ['decrease reserve 4 (D15)', { decreaseReserve: 4 }, 'decrease-reserve', '4',
      'decrease-reserve (4) must be an integer from 0 to 3 (DynamoDB accepts at most 4 decreases in a row; the scaler keeps at least one)'],
    ['decrease reserve -1 (D15)', { decreaseReserve: -1 }, 'decrease-reserve', '-1',
      'decrease-reserve (-1) must be an integer from 0 to 3 (DynamoDB accepts at most 4 decreases in a row; the scaler keeps at least one)'],
    ['increases-against-current-capacity as a string', { increasesAgainstCurrentCapacity: 'yes' as never },
      'increases-against-current-capacity', 'yes', 'increases-against-current-capacity (yes) must be true or false'],
    ['count-throttled-as-consumed as a number', { countThrottledAsConsumed: 1 as never },
      'count-throttled-as-consumed', '1', 'count-throttled-as-consumed (1) must be true or false'],
    ['always-decrease-rw-together as a string', { alwaysDecreaseRwTogether: 'true' as never },
      'always-decrease-rw-together', 'true', 'always-decrease-rw-together (true) must be true or false'],
    ['lookback-window-start-max below lookback-window-start', { lookbackWindowStartMax: 10 }, 'lookback-window-start-max', '10',
      'lookback-window-start-max (10) must be an integer >= 15'],
    ['lookback-window-start-max as a string', { lookbackWindowStartMax: 'yes' as never }, 'lookback-window-start-max', 'yes',
      'lookback-window-start-max (yes) must be an integer >= 15'],
  ])('%s', (_name, target, option, value, message) => {
    expect(validatePolicy(policyWith(target))).toEqual([{ section: TABLE, option, value, message }]);
  });

  test.each<[string, Partial<TargetPolicy>]>([
    ['lookback-window-start equal to lookback-period', { lookbackWindowStart: 5, lookbackPeriod: 5 }],
    ['windows crossing midnight (D10)', { maintenanceWindows: [{ startMinute: 1380, endMinute: 60 }, { startMinute: 0, endMinute: 1439 }] }],
    ['every SNS type', { snsMessageTypes: ['scale-up', 'scale-down', 'high-throughput-alarm', 'low-throughput-alarm'] }],
    ['D9: URL with user:password@, port, path and query', { circuitBreaker: { url: 'https://u:p@cb.example:8443/ok?x=1', timeoutMs: 2.5 } }],
    ['D9: IPv6 host', { circuitBreaker: { url: 'http://[::1]:8080/up', timeoutMs: 10000 } }],
    ['decrease reserve 3', { decreaseReserve: 3 }],
    ['the project\'s options at their extremes', {
      increasesAgainstCurrentCapacity: true, countThrottledAsConsumed: false, lookbackWindowStart: 3, lookbackWindowStartMax: 3,
    }],
  ])('valid: %s', (_name, target) => {
    expect(validatePolicy(policyWith(target))).toEqual([]);
  });
});

describe('sections and D11', () => {
  test('GSI problems name the GSI section', () => {
    expect(validatePolicy(policyWith({}, {}, {}, { lookbackPeriod: 0 }))).toEqual([{
      section: GSI, option: 'lookback-period', value: '0', message: 'lookback-period (0) must be an integer >= 1',
    }]);
  });

  test('global problems name [global]', () => {
    const p = { ...policyWith(), checkIntervalSeconds: 0, circuitBreaker: { url: 'ftp://cb', timeoutMs: -1 } };
    expect(validatePolicy(p).map(e => [e.section, e.option, e.value])).toEqual([
      ['global', 'check-interval', '0'],
      ['global', 'circuit-breaker-url', 'ftp://cb'],
      ['global', 'circuit-breaker-timeout', '-1'],
    ]);
  });

  test('an invalid or unsupported pattern names its section and the pattern', () => {
    const p = policyWith();
    const bad: EnginePolicy = { ...p, tables: [{ ...p.tables[0], tablePattern: '^t(', gsis: [{ ...p.tables[0].gsis[0], indexPattern: '(?x)i' }] }] };
    expect(validatePolicy(bad)).toEqual([
      { section: 'table: ^t(', value: '^t(', message: "regex '^t(' is not a valid regular expression: Unterminated group" },
      { section: 'gsi: (?x)i table: ^t(', value: '(?x)i', message: "regex '(?x)i' uses Python regex syntax that is not supported here: verbose flag (?x)" },
    ]);
  });

  test('D11: reads and writes min > max are both reported (dd checked writes only when reads passed)', () => {
    expect(validatePolicy(policyWith({}, { min: 50, max: 10 }, { min: 60, max: 20 })).map(e => e.message)).toEqual([
      'min-provisioned-reads (50) must be <= max-provisioned-reads (10)',
      'min-provisioned-writes (60) must be <= max-provisioned-writes (20)',
    ]);
  });

  test('D11: every problem of every section is reported, in a stable order', () => {
    const p = { ...policyWith({ lookbackPeriod: 0 }, { increaseWith: 0 }, { decreaseUnit: 'x' as never }, { decreaseReserve: 30 }), checkIntervalSeconds: 1.5 };
    expect(validatePolicy(p).map(e => `${e.section} ${e.option}`)).toEqual([
      'global check-interval',
      `${TABLE} increase-reads-with`,
      `${TABLE} decrease-writes-unit`,
      `${TABLE} lookback-period`,
      `${GSI} decrease-reserve`,
    ]);
  });

  test('one bad value is reported once: rules that depend on it are skipped', () => {
    expect(validatePolicy(policyWith({}, { min: 0.5, max: 0 }))).toEqual([
      { section: TABLE, option: 'min-provisioned-reads', value: '0.5', message: 'min-provisioned-reads (0.5) must be an integer >= 1' },
      { section: TABLE, option: 'max-provisioned-reads', value: '0', message: 'max-provisioned-reads (0) must be an integer >= 1' },
    ]);
  });
});
