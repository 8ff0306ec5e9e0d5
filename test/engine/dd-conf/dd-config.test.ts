/**
 * dynamic-dynamodb.conf parsing (spec §2, D9-D13). The dd vectors pin what dd parsed; the
 * tables below pin this parser's own texts and the places where it deliberately differs.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { formatConfigProblem } from '../../../src/engine/core/config-problem';
import { parseMaintenanceWindows } from '../../../src/engine/core/maintenance-window';
import { DEFAULT_DIMENSION_POLICY, DEFAULT_TARGET_POLICY, EnginePolicy, TargetPolicy } from '../../../src/engine/core/policy';
import { matchGsiRule, matchTableRule } from '../../../src/engine/core/table-matching';
import { DdConfigResult, parseDdConfig } from '../../../src/engine/dd-conf/dd-config';
import { GLOBAL_OPTIONS, isDimensionOption, readSectionOption, SECTION_OPTIONS, SectionOption } from '../../../src/engine/dd-conf/dd-options';
import { ddVectors, Scenario } from '../dd-vectors';

/** The four options dd requires in every section, so examples can focus on the rest. */
const UNITS = [
  'increase-reads-unit: percent',
  'decrease-reads-unit: percent',
  'increase-writes-unit: percent',
  'decrease-writes-unit: percent',
].join('\n');

/** A file with one `[table: ^t$]` section holding the units plus `body`. */
function conf(body: string, before = ''): string {
  return `${before}\n[table: ^t$]\n${UNITS}\n${body}\n`;
}

function ok(text: string): EnginePolicy {
  const result = parseDdConfig(text);
  expect(result.errors).toEqual([]);
  expect(result.policy).toBeDefined();
  return result.policy!;
}

function table(text: string): TargetPolicy {
  return ok(text).tables[0].policy;
}

/** dd's parsed value (as the vectors' JSON holds it) in the model's form. */
function expectedModelValue(o: SectionOption, ddValue: unknown): unknown {
  switch (o.type) {
    case 'dict': return Object.entries(ddValue as Record<string, number>).map(([k, v]) => [Number(k), v]).sort(byKey);
    case 'list': return (ddValue as string).split(',').map(s => s.trim());
    case 'windows': return parseMaintenanceWindows(ddValue as string).windows;
    default: return ddValue;
  }
}

function modelValue(o: SectionOption, policy: TargetPolicy): unknown {
  const value = readSectionOption(policy, o);
  return o.type === 'dict' && Array.isArray(value) ? [...value].map(e => [...e]).sort(byKey) : value;
}

function byKey(a: unknown[], b: unknown[]): number {
  return (a[0] as number) - (b[0] as number);
}

/** The model's default for an option the file does not set. */
function modelDefault(o: SectionOption): unknown {
  if (isDimensionOption(o)) return DEFAULT_DIMENSION_POLICY[o.field];
  if (o.field === 'circuitBreakerUrl' || o.field === 'circuitBreakerTimeoutMs' || o.field === 'circuitBreakerCredentialsSecret') return undefined;
  return DEFAULT_TARGET_POLICY[o.field];
}

/** Every option of a section against dd's parsed dict: set ones equal, the rest at the model defaults. */
function expectSectionAgrees(policy: TargetPolicy, ddOptions: Record<string, unknown>): void {
  for (const name of Object.keys(ddOptions)) expect(SECTION_OPTIONS.map(o => o.name)).toContain(name);
  for (const o of SECTION_OPTIONS) {
    const expected = o.name in ddOptions ? expectedModelValue(o, ddOptions[o.name]) : modelDefault(o);
    expect({ option: o.name, value: modelValue(o, policy) }).toEqual({ option: o.name, value: expected });
  }
}

const scenarios = ddVectors().decision_scenarios;
const accepted = scenarios.filter(s => !s.config_error);
const rejected = scenarios.filter(s => s.config_error);

describe('dd vectors: every accepted scenario ini parses and agrees with dd\'s parsed config', () => {
  test('the public vectors hold both kinds', () => {
    expect(accepted.length).toBeGreaterThan(40);
    expect(rejected.length).toBeGreaterThan(0);
  });

  test.each(accepted.map(s => [s.name, s] as [string, Scenario]))('%s', (_name, s) => {
    const policy = ok(s.ini);
    const config = s.config as {
      tables: [string, Record<string, unknown>][];
      gsis?: [string, string, Record<string, unknown>][];
      global?: Record<string, unknown>;
    };
    expect(policy.tables.map(t => t.tablePattern)).toEqual(config.tables.map(([key]) => key));
    config.tables.forEach(([key, options], i) => {
      expectSectionAgrees(policy.tables[i].policy, options);
      const gsis = (config.gsis ?? []).filter(([, tableKey]) => tableKey === key);
      expect(policy.tables[i].gsis.map(g => g.indexPattern)).toEqual(gsis.map(([gsiKey]) => gsiKey));
      gsis.forEach(([, , gsiOptions], j) => expectSectionAgrees(policy.tables[i].gsis[j].policy, gsiOptions));
    });
    const global = config.global ?? {};
    expect(policy.checkIntervalSeconds).toBe(global['check-interval'] ?? 300);
    expect(policy.circuitBreaker).toEqual(global['circuit-breaker-url'] === undefined ? undefined : {
      url: global['circuit-breaker-url'],
      timeoutMs: global['circuit-breaker-timeout'] ?? 10000,
    });
  });
});

describe('dd vectors: every config_error scenario is an error naming the same option', () => {
  /** The option dd's message names (dd prints some with underscores). */
  function ddOption(printed: string): string | undefined {
    const dashed = printed.replace(/_/g, '-');
    return [...SECTION_OPTIONS, ...GLOBAL_OPTIONS].map(o => o.name)
      .filter(name => new RegExp(`(^|[^a-z-])${name}([^a-z-]|$)`).test(dashed))[0];
  }

  test.each(rejected.map(s => [s.name, s] as [string, Scenario]))('%s', (_name, s) => {
    const result = parseDdConfig(s.ini);
    const named = ddOption(s.config_error!.printed);
    expect(named).toBeDefined();
    expect(result.policy).toBeUndefined();
    expect(result.errors.map(e => e.option)).toContain(named);
  });

  test('config_min_gt_max: the exact problem', () => {
    const s = rejected.find(r => r.name === 'config_min_gt_max')!;
    expect(parseDdConfig(s.ini).errors).toEqual([{
      section: 'table: ^t$',
      option: 'min-provisioned-reads',
      value: '50',
      message: 'min-provisioned-reads (50) must be <= max-provisioned-reads (10)',
    }]);
  });

  test('config_float_with: the exact problem', () => {
    const s = rejected.find(r => r.name === 'config_float_with')!;
    const errors = parseDdConfig(s.ini).errors;
    expect(errors).toEqual([{
      section: 'table: ^t$',
      option: 'increase-reads-with',
      value: '12.5',
      line: s.ini.split('\n').findIndex(l => l.startsWith('increase-reads-with')) + 1,
      message: "increase-reads-with expects an integer, got '12.5'",
    }]);
    expect(formatConfigProblem(errors[0])).toBe(`line ${errors[0].line} [table: ^t$]: increase-reads-with expects an integer, got '12.5'`);
    expect(formatConfigProblem({ message: 'no [table: <table-regex>] section found' })).toBe('no [table: <table-regex>] section found');
  });
});

describe('option types (spec §2.1)', () => {
  test.each([
    ['int', 'min-provisioned-reads: 7', (p: TargetPolicy) => p.reads.min, 7],
    ['int with sign', 'min-provisioned-reads: +7', (p: TargetPolicy) => p.reads.min, 7],
    ['float upper threshold', 'reads-upper-threshold: 92.5', (p: TargetPolicy) => p.reads.upperThreshold, 92.5],
    ['float with exponent', 'writes-upper-threshold: 9e1', (p: TargetPolicy) => p.writes.upperThreshold, 90],
    ['float timeout', 'circuit-breaker-url: http://cb/up\ncircuit-breaker-timeout: 2500.5',
      (p: TargetPolicy) => p.circuitBreaker, { url: 'http://cb/up', timeoutMs: 2500.5 }],
    ['bool yes', 'always-decrease-rw-together: yes', (p: TargetPolicy) => p.alwaysDecreaseRwTogether, true],
    ['bool On', 'always-decrease-rw-together: On', (p: TargetPolicy) => p.alwaysDecreaseRwTogether, true],
    ['bool 1', 'allow-scaling-down-writes-on-0-percent: 1', (p: TargetPolicy) => p.writes.allowScaleDownAtZeroPercent, true],
    ['bool off', 'enable-writes-up-scaling: off', (p: TargetPolicy) => p.writes.enableUpScaling, false],
    ['bool FALSE', 'enable-reads-down-scaling: FALSE', (p: TargetPolicy) => p.reads.enableDownScaling, false],
    ['dict', 'increase-consumed-reads-scale: {0: 0, 0.25: 5, 1: 20}',
      (p: TargetPolicy) => p.reads.increaseConsumedScale, [[0, 0], [0.25, 5], [1, 20]]],
    ['dict over continuation lines', 'decrease-consumed-writes-scale: {10: 50,\n    25: 20,\n    40: 5}',
      (p: TargetPolicy) => p.writes.decreaseConsumedScale, [[10, 50], [25, 20], [40, 5]]],
    ['empty dict is no scale (falsy in dd)', 'increase-consumed-reads-scale: {}', (p: TargetPolicy) => p.reads.increaseConsumedScale, undefined],
    ['str', 'sns-topic-arn: arn:aws:sns:us-east-1:123456789012:dd', (p: TargetPolicy) => p.snsTopicArn, 'arn:aws:sns:us-east-1:123456789012:dd'],
    ['empty str is unset (falsy in dd)', 'sns-topic-arn:', (p: TargetPolicy) => p.snsTopicArn, undefined],
    ['sns-message-types split on , and trimmed', 'sns-message-types: scale-up , low-throughput-alarm',
      (p: TargetPolicy) => p.snsMessageTypes, ['scale-up', 'low-throughput-alarm']],
    ['empty optional unit falls back (falsy in dd)', 'increase-consumed-reads-unit:', (p: TargetPolicy) => p.reads.increaseConsumedUnit, undefined],
    ['optional unit', 'increase-throttled-by-consumed-writes-unit: units',
      (p: TargetPolicy) => p.writes.increaseThrottledByConsumedUnit, 'units'],
    ['decrease-reserve (this project\'s option, D15)', 'decrease-reserve: 3', (p: TargetPolicy) => p.decreaseReserve, 3],
    ['decrease-reserve defaults to 0', '', (p: TargetPolicy) => p.decreaseReserve, 0],
  ])('%s', (_name, body, read, expected) => {
    expect(read(table(conf(body)))).toEqual(expected);
  });

  test.each([
    ['int given a float', 'min-provisioned-reads: 12.5', 'min-provisioned-reads', "min-provisioned-reads expects an integer, got '12.5'"],
    ['int given text', 'lookback-period: five', 'lookback-period', "lookback-period expects an integer, got 'five'"],
    ['lower threshold is int in dd', 'reads-lower-threshold: 30.5', 'reads-lower-threshold', "reads-lower-threshold expects an integer, got '30.5'"],
    ['float given text', 'reads-upper-threshold: high', 'reads-upper-threshold', "reads-upper-threshold expects a number, got 'high'"],
    ['bool given text', 'enable-reads-autoscaling: maybe', 'enable-reads-autoscaling',
      "enable-reads-autoscaling expects true/false, yes/no, on/off or 1/0, got 'maybe'"],
    ['dict given a number', 'increase-consumed-reads-scale: 5', 'increase-consumed-reads-scale',
      "increase-consumed-reads-scale expects a Python dict literal such as {0.25: 5, 0.5: 10}: expected '{' at column 1, found '5'"],
    ['dict with a string key', "increase-consumed-writes-scale: {'a': 1}", 'increase-consumed-writes-scale',
      'increase-consumed-writes-scale expects a Python dict literal such as {0.25: 5, 0.5: 10}: '
      + 'expected a number as key at column 2, found a string'],
    ['empty dict value (dd crashed in literal_eval)', 'decrease-consumed-reads-scale:', 'decrease-consumed-reads-scale',
      'decrease-consumed-reads-scale expects a Python dict literal such as {0.25: 5, 0.5: 10}: '
      + 'expected a dict literal such as {0.25: 5, 0.5: 10}, got an empty value'],
  ])('%s is an error', (_name, body, optionName, message) => {
    const result = parseDdConfig(conf(body));
    expect(result.policy).toBeUndefined();
    expect(result.errors).toEqual([expect.objectContaining({ section: 'table: ^t$', option: optionName, message })]);
  });

  test.each(SECTION_OPTIONS.map(o => [o.name, o] as [string, SectionOption]))('%s is read into the model', (name, o) => {
    const sample = { int: '7', float: '95.5', bool: 'false', str: 'http://cb/up', unit: 'units', dict: '{1: 2}', list: 'scale-up', windows: '01:00-02:00' }[o.type];
    // A timeout only counts with a URL; a disabled master switch must be false, not the default true.
    const extra = name === 'circuit-breaker-timeout' ? 'circuit-breaker-url: http://cb/up\n' : '';
    // decrease-reserve is at most 3 (D15); lookback-window-start-max is at least lookback-window-start (15).
    const given = name === 'decrease-reserve' ? '2' : name === 'lookback-window-start-max' ? '20' : sample;
    const body = `${extra}${name}: ${o.type === 'bool' && modelDefault(o) === false ? 'true' : given}`;
    const value = readSectionOption(table(conf(body)), o);
    expect(value).toBeDefined();
    expect(value).not.toEqual(modelDefault(o));
  });
});

describe('INI syntax (RawConfigParser)', () => {
  test.each([
    ['= as separator', 'min-provisioned-reads = 9', 9],
    ['inline ; comment after whitespace', 'min-provisioned-reads: 9 ; nine', 9],
    ['comment lines with # and ;', '# a comment\n; another\nmin-provisioned-reads: 9', 9],
    ['rem comment line', 'rem dd accepts Windows-style comments\nmin-provisioned-reads: 9', 9],
    ['the last repeated option wins', 'min-provisioned-reads: 8\nmin-provisioned-reads: 9', 9],
  ])('%s', (_name, body, min) => {
    expect(table(conf(body)).reads.min).toBe(min);
  });

  test('only the first ; of a value can start a comment, and only after whitespace (RawConfigParser)', () => {
    expect(table(conf('sns-topic-arn: arn;x ; not a comment')).snsTopicArn).toBe('arn;x ; not a comment');
    expect(table(conf('sns-topic-arn: arn:x ; a comment')).snsTopicArn).toBe('arn:x');
  });

  test('an indented comment after an option continues its value, as in RawConfigParser', () => {
    // The dict literal then holds a Python comment line, which literal_eval accepted too.
    expect(table(conf('increase-consumed-reads-scale: {0: 0,\n  # busy hours\n  1: 5}')).reads.increaseConsumedScale).toEqual([[0, 0], [1, 5]]);
  });

  test('option names are case-sensitive: a capitalised name is unknown, with a warning', () => {
    const result = parseDdConfig(conf('Min-Provisioned-Reads: 9'));
    expect(result.policy!.tables[0].policy.reads.min).toBe(1);
    expect(result.warnings).toEqual([expect.objectContaining({
      section: 'table: ^t$',
      option: 'Min-Provisioned-Reads',
      value: '9',
      message: "unknown option 'Min-Provisioned-Reads' in [table: ^t$] is ignored",
    })]);
  });

  test('a ] inside a section header is part of the regex (#281)', () => {
    expect(ok(`[table: ^t[]]$]\n${UNITS}\n`).tables[0].tablePattern).toBe('^t[]]$');
  });

  test('a repeated section header merges into the first section', () => {
    const p = table(`${conf('min-provisioned-reads: 2')}\n[table: ^t$]\nmax-provisioned-reads: 20\n`);
    expect([p.reads.min, p.reads.max]).toEqual([2, 20]);
  });

  test('[DEFAULT] options are seen by every section, as in RawConfigParser', () => {
    const p = ok(`[DEFAULT]\nmin-provisioned-writes: 4\n${conf('')}`);
    expect(p.tables[0].policy.writes.min).toBe(4);
  });

  test.each([
    ['an option before any section', 'min-provisioned-reads: 9\n' + conf(''),
      { line: 1, message: "'min-provisioned-reads: 9' appears before any [section] header" }],
    ['a line that is no option', conf('just some words'),
      { section: 'table: ^t$', line: 7, message: "'just some words' is neither a [section] header, an option (name: value or name = value) nor a comment" }],
  ])('%s is an error', (_name, text, problem) => {
    expect(parseDdConfig(text).errors).toEqual([problem]);
  });
});

describe('sections (spec §2.1)', () => {
  test('[default_options] is merged under each table and GSI section; the section wins', () => {
    const p = ok(`[default_options]\n${UNITS}\nmin-provisioned-reads: 3\nmax-provisioned-reads: 300\n`
      + '[table: ^a$]\nmin-provisioned-reads: 5\n[table: ^b$]\n[gsi: ^g$ table: ^b$]\nmax-provisioned-reads: 30\n');
    expect(p.tables.map(t => [t.tablePattern, t.policy.reads.min, t.policy.reads.max])).toEqual([['^a$', 5, 300], ['^b$', 3, 300]]);
    expect([p.tables[1].gsis[0].policy.reads.min, p.tables[1].gsis[0].policy.reads.max]).toEqual([3, 30]);
  });

  test('a GSI does not inherit its table section, only [default_options]', () => {
    const p = ok(`${conf('min-provisioned-reads: 50\nlookback-period: 1')}\n[gsi: ^g$ table: ^t$]\n${UNITS}\n`);
    expect(p.tables[0].policy.reads.min).toBe(50);
    expect(p.tables[0].gsis[0].policy.reads.min).toBe(1);
    expect(p.tables[0].gsis[0].policy.lookbackPeriod).toBe(5);
  });

  test('GSI sections may come before their table and keep file order', () => {
    const p = ok(`[gsi: ^b table: ^t$]\n${UNITS}\n[gsi: ^a table: ^t$]\n${UNITS}\n${conf('')}`);
    expect(p.tables[0].gsis.map(g => g.indexPattern)).toEqual(['^b', '^a']);
  });

  test('the unit options are required in each section unless [default_options] sets them', () => {
    const result = parseDdConfig('[table: ^t$]\nincrease-reads-unit: percent\n');
    expect(result.errors).toEqual(['decrease-reads-unit', 'increase-writes-unit', 'decrease-writes-unit'].map(name => ({
      section: 'table: ^t$',
      option: name,
      line: 1,
      message: `${name} is required in [table: ^t$] (or in [default_options]); dd exits without it`,
    })));
  });

  test('no table section is an error', () => {
    expect(parseDdConfig('[global]\nregion: eu-west-1\n').errors).toEqual([
      { message: 'no [table: <table-regex>] section found; dd exits without one' },
    ]);
  });

  test('[table] without a regex is an error (dd crashed on it)', () => {
    expect(parseDdConfig(`${conf('')}[table]\n${UNITS}\n`).errors).toEqual([
      { section: 'table', line: 8, message: 'a table section needs a regex: write [table: <table-regex>] (dd crashed on [table])' },
    ]);
  });

  test('a repeated GSI regex for the same table replaces the earlier options in place, with a warning', () => {
    // dd never checks the third word, so only another spelling of it can repeat a GSI header.
    const result = parseDdConfig(`${conf('')}[gsi: ^g$ table: ^t$]\n${UNITS}\n[gsi: ^h$ table: ^t$]\n${UNITS}\n`
      + `[gsi: ^g$ index-of: ^t$]\n${UNITS}\nmin-provisioned-reads: 9\n`);
    expect(result.policy!.tables[0].gsis.map(g => [g.indexPattern, g.policy.reads.min])).toEqual([['^g$', 9], ['^h$', 1]]);
    expect(result.warnings.map(w => w.message)).toEqual([
      "section [gsi: ^g$ index-of: ^t$] repeats GSI regex '^g$' for this table; as in dd, its options replace the earlier section's",
    ]);
  });

  test('a GSI section must name an existing table key, string-equal', () => {
    expect(parseDdConfig(`${conf('')}[gsi: ^g$ table: ^t]\n${UNITS}\n`).errors).toEqual([{
      section: 'gsi: ^g$ table: ^t',
      line: 8,
      value: '^t',
      message: 'this GSI section names table \'^t\', but no [table: ^t] section exists '
        + '(the text after "table:" must equal a table section\'s regex)',
    }]);
  });

  // Decision: keep dd's behaviour (the section is ignored), but say so, since it is surely a mistake.
  test('a table regex containing ":" makes the section a non-table section: ignored, as in dd, with a warning', () => {
    const result = parseDdConfig(`${conf('')}[table: ^ns:t$]\n${UNITS}\n`);
    expect(result.policy!.tables.map(t => t.tablePattern)).toEqual(['^t$']);
    expect(result.warnings).toEqual([{
      section: 'table: ^ns:t$',
      line: 8,
      message: 'section [table: ^ns:t$] is ignored, as dd ignores it: dd takes the text after the last \':\' as the table regex, '
        + 'so a table regex cannot contain \':\'',
    }]);
  });

  test('a GSI header with extra spaces is ignored, as in dd, with a warning', () => {
    const result = parseDdConfig(`${conf('')}[gsi:  ^g$ table: ^t$]\n${UNITS}\n`);
    expect(result.policy!.tables[0].gsis).toEqual([]);
    expect(result.warnings.map(w => w.message)).toEqual(['section [gsi:  ^g$ table: ^t$] is ignored, as dd ignores it: '
      + 'a GSI section header must be "gsi: <gsi-regex> table: <table-regex>" with single spaces and no spaces inside the regexes']);
  });

  test('an unknown section is ignored with a warning', () => {
    expect(parseDdConfig(`[monitoring]\nx: 1\n${conf('')}`).warnings).toEqual([
      { section: 'monitoring', line: 1, message: 'section [monitoring] is not a dynamic-dynamodb section and is ignored' },
    ]);
  });

  test('a repeated table regex under another spelling replaces the earlier options in place, with a warning', () => {
    const result = parseDdConfig(`${conf('min-provisioned-reads: 2')}[table: ^u$]\n${UNITS}\n[table:^t$]\n${UNITS}\nmin-provisioned-reads: 3\n`);
    expect(result.policy!.tables.map(t => [t.tablePattern, t.policy.reads.min])).toEqual([['^t$', 3], ['^u$', 1]]);
    expect(result.warnings.map(w => w.message)).toEqual(["section [table:^t$] repeats table regex '^t$'; as in dd, its options replace the earlier section's"]);
  });

  test('a Python 2 octal number in a scale dict keeps dd\'s value, with a warning', () => {
    const result = parseDdConfig(conf('increase-consumed-reads-scale: {010: 5}'));
    expect(result.policy!.tables[0].policy.reads.increaseConsumedScale).toEqual([[8, 5]]);
    expect(result.warnings.map(w => [w.option, w.message])).toEqual([['increase-consumed-reads-scale',
      "increase-consumed-reads-scale: '010' at column 2 is read as octal 8, as Python 2 (and so dd) reads a leading 0; "
      + 'write 8, or drop the leading 0 if you meant decimal']]);
  });

  test('unknown SNS message types are dropped with a warning, as dd drops them', () => {
    const result = parseDdConfig(conf('sns-message-types: scale-up,scale-sideways,low-throughput-alarm'));
    expect(result.policy!.tables[0].policy.snsMessageTypes).toEqual(['scale-up', 'low-throughput-alarm']);
    expect(result.warnings.map(w => [w.option, w.value, w.message])).toEqual([['sns-message-types', 'scale-sideways',
      "sns-message-types entry 'scale-sideways' is ignored, as dd ignores it: expected scale-up, scale-down, high-throughput-alarm, low-throughput-alarm"]]);
  });

  test('a GSI num-*-checks-before-scale-down below 1 is read as 1 (dd never checked it for GSIs), with a warning', () => {
    const result = parseDdConfig(`${conf('')}[gsi: ^g$ table: ^t$]\n${UNITS}\nnum-read-checks-before-scale-down: 0\n`);
    expect(result.policy!.tables[0].gsis[0].policy.reads.checksBeforeScaleDown).toBe(1);
    expect(result.warnings.map(w => w.message)).toEqual([
      'num-read-checks-before-scale-down (0) in a GSI section is read as 1, which is how dd behaves (it checked this only for tables)',
    ]);
  });

  test('config_checks_zero: a table num-read-checks-before-scale-down of 0 is an error, as in dd', () => {
    expect(parseDdConfig(conf('num-read-checks-before-scale-down: 0')).errors).toEqual([{
      section: 'table: ^t$',
      option: 'num-read-checks-before-scale-down',
      value: '0',
      message: 'num-read-checks-before-scale-down (0) must be an integer >= 1',
    }]);
  });
});

describe('[global] and [logging]', () => {
  test('check-interval and the global circuit breaker; region and credentials are accepted and ignored', () => {
    const result = parseDdConfig(conf('', '[global]\nregion: eu-west-1\naws-access-key-id: AKIA\naws-secret-access-key-id: s\n'
      + 'check-interval: 60\ncircuit-breaker-url: https://cb.example/ok\ncircuit-breaker-timeout: 500\n[logging]\nlog-level: DEBUG\nlog-file: /tmp/dd.log\n'));
    expect(result.warnings).toEqual([]);
    expect(result.policy!.checkIntervalSeconds).toBe(60);
    expect(result.policy!.circuitBreaker).toEqual({ url: 'https://cb.example/ok', timeoutMs: 500 });
  });

  test('an invalid log-level is an error, as in dd', () => {
    expect(parseDdConfig(conf('', '[logging]\nlog-level: verbose\n')).errors).toEqual([{
      section: 'logging',
      option: 'log-level',
      value: 'verbose',
      line: 2,
      message: "log-level ('verbose') must be one of debug, info, warning, error",
    }]);
  });

  test('a table-level timeout without a URL has no effect, with a warning', () => {
    const result = parseDdConfig(conf('circuit-breaker-timeout: 100', '[global]\ncircuit-breaker-url: http://cb/up\n'));
    expect(result.policy!.tables[0].policy.circuitBreaker).toBeUndefined();
    expect(result.warnings.map(w => w.message)).toEqual([
      'circuit-breaker-timeout in [table: ^t$] has no effect without a circuit-breaker-url in the same section',
    ]);
  });

  test('the table-level timeout goes with the table URL; the global timeout does not apply to it (R8.2)', () => {
    const p = ok(conf('circuit-breaker-url: http://cb/table', '[global]\ncircuit-breaker-url: http://cb/global\ncircuit-breaker-timeout: 500\n'));
    expect(p.circuitBreaker).toEqual({ url: 'http://cb/global', timeoutMs: 500 });
    expect(p.tables[0].policy.circuitBreaker).toEqual({ url: 'http://cb/table', timeoutMs: 10000 });
  });
});

describe('what dd accepts is read, with a warning that says why it is risky', () => {
  test('a max above 40000, a lower threshold not below the upper one and a window ending after the check', () => {
    const result = parseDdConfig(conf('max-provisioned-reads: 80000\nwrites-lower-threshold: 90\nwrites-upper-threshold: 80\n'
      + 'lookback-window-start: 5\nlookback-period: 10'));
    expect(result.errors).toEqual([]);
    expect(result.policy!.tables[0].policy.reads.max).toBe(80000);
    expect(result.warnings.map(formatConfigProblem)).toEqual([
      "[table: ^t$]: max-provisioned-reads (80000) is above 40000, DynamoDB's default per-table capacity quota: unless the account's "
        + 'quota was raised, DynamoDB refuses an update above it and the capacity stays where it is',
      '[table: ^t$]: writes-lower-threshold (90) is not below writes-upper-threshold (80): there is no steady band between them, so the '
        + 'consumption after an increase can fall below the lower threshold and ask for a decrease, and capacity can swing up and down',
      '[table: ^t$]: lookback-window-start (5) is below lookback-period (10): the metric window ends 5 min after the check, which has '
        + 'no data yet, so consumption reads low and can cause needless decreases',
    ]);
  });

  test('the warnings stay warnings next to an error', () => {
    const result = parseDdConfig(conf('max-provisioned-reads: 80000\nmin-provisioned-writes: 0'));
    expect(result.policy).toBeUndefined();
    expect(result.errors.map(e => e.option)).toEqual(['min-provisioned-writes']);
    expect(result.warnings.map(w => w.option)).toEqual(['max-provisioned-reads']);
  });
});

describe('deliberate differences from dd', () => {
  test('D11: [global] and [logging] are optional', () => {
    expect(ok(conf('')).checkIntervalSeconds).toBe(300);
  });

  test('D11: min defaults to 1 and max to 40000 when absent (config_missing_min_max)', () => {
    const p = table(conf(''));
    expect([p.reads.min, p.reads.max, p.writes.min, p.writes.max]).toEqual([1, 40000, 1, 40000]);
  });

  test('D11: every problem is reported, across sections and kinds, not only the first', () => {
    const result: DdConfigResult = parseDdConfig(
      '[default_options]\nlookback-period: 2.5\n'
      + `[table: ^a$]\n${UNITS}\nmin-provisioned-reads: 50\nmax-provisioned-reads: 10\n`
      + 'min-provisioned-writes: 60\nmax-provisioned-writes: 20\nincrease-reads-unit: percnt\n'
      + `[table: ^b$]\n${UNITS}\nincrease-writes-with: 1.5\nlookback-window-start: 0\n`
      + `[gsi: ^g$ table: ^b$]\n${UNITS}\ncircuit-breaker-url: ftp://cb\n`,
    );
    expect(result.policy).toBeUndefined();
    expect(result.errors.map(e => `${e.section} | ${e.option} | ${e.value}`)).toEqual([
      'default_options | lookback-period | 2.5',
      'table: ^b$ | increase-writes-with | 1.5',
      'table: ^a$ | min-provisioned-reads | 50',
      'table: ^a$ | increase-reads-unit | percnt',
      'table: ^a$ | min-provisioned-writes | 60',
      'table: ^b$ | lookback-window-start | 0',
      'gsi: ^g$ table: ^b$ | circuit-breaker-url | ftp://cb',
    ]);
  });

  test('D11: a value that failed to parse is reported once, not again through rules that depend on it', () => {
    // lookback-period falls back to 5 in the model, which would make lookback-window-start 3 look wrong.
    const result = parseDdConfig(`[default_options]\nlookback-period: 2.5\n${conf('lookback-window-start: 3')}`);
    expect(result.errors).toEqual([{
      section: 'default_options',
      option: 'lookback-period',
      value: '2.5',
      line: 2,
      message: "lookback-period expects an integer, got '2.5'",
    }]);
    expect(result.warnings).toEqual([]);
  });

  test('D9: a malformed circuit-breaker URL is an error when the file is read (dd exited at run time)', () => {
    expect(parseDdConfig(conf('', '[global]\ncircuit-breaker-url: cb.example/up\n')).errors).toEqual([{
      section: 'global',
      option: 'circuit-breaker-url',
      value: 'cb.example/up',
      message: 'circuit-breaker-url (cb.example/up) must be an http:// or https:// URL with a host, '
        + 'optionally with user:password@ (e.g. https://user:secret@status.example.com/ok)',
    }]);
  });

  test('D9: a URL with user:password@ is accepted', () => {
    expect(ok(conf('circuit-breaker-url: http://user:pw@cb.example/up')).tables[0].policy.circuitBreaker!.url)
      .toBe('http://user:pw@cb.example/up');
  });

  test.each([
    ['9:00-17:00', [{ startMinute: 540, endMinute: 1020 }]],
    ['23:00-01:00', [{ startMinute: 1380, endMinute: 60 }]],
    ['01:00-02:00, 10:00-11:00', [{ startMinute: 60, endMinute: 120 }, { startMinute: 600, endMinute: 660 }]],
  ])('D10: maintenance-windows %s is accepted as written', (windows, expected) => {
    expect(table(conf(`maintenance-windows: ${windows}`)).maintenanceWindows).toEqual(expected);
  });

  test('D10: a malformed maintenance window is an error (dd treated it as never inside)', () => {
    expect(parseDdConfig(conf('maintenance-windows: 01:00')).errors).toEqual([{
      section: 'table: ^t$',
      option: 'maintenance-windows',
      value: '01:00',
      line: 7,
      message: "maintenance-windows: maintenance window '01:00' is malformed; expected HH:MM-HH:MM in UTC (e.g. 22:00-06:00)",
    }]);
  });

  test('D13: a GSI without its own circuit-breaker-url has none in the model, so the engine applies the table\'s', () => {
    const p = ok(`${conf('circuit-breaker-url: http://cb/table')}[gsi: ^g$ table: ^t$]\n${UNITS}\n`
      + `[gsi: ^h$ table: ^t$]\n${UNITS}\ncircuit-breaker-url: http://cb/gsi\n`);
    expect(p.tables[0].gsis.map(g => g.policy.circuitBreaker)).toEqual([undefined, { url: 'http://cb/gsi', timeoutMs: 10000 }]);
  });

  test('D6: a GSI keeps its decrease-consumed-* options (dd dropped them)', () => {
    const p = ok(`${conf('')}[gsi: ^g$ table: ^t$]\n${UNITS}\ndecrease-consumed-reads-scale: {20: 10}\n`);
    expect(p.tables[0].gsis[0].policy.reads.decreaseConsumedScale).toEqual([[20, 10]]);
  });
});

test('a production-style file migrates to the whole expected policy (fixtures/dd-config/migration.conf)', () => {
  const text = readFileSync(join(__dirname, 'fixtures', 'dd-config', 'migration.conf'), 'utf8');
  const result = parseDdConfig(text);
  expect(result.errors).toEqual([]);
  expect(result.warnings).toEqual([]);
  const dim = DEFAULT_DIMENSION_POLICY;
  const defaults = {
    ...DEFAULT_TARGET_POLICY,
    reads: { ...dim, min: 5, max: 1000 },
    writes: { ...dim, min: 5, max: 500 },
    snsTopicArn: 'arn:aws:sns:eu-west-1:123456789012:capacity',
    snsMessageTypes: ['scale-up', 'scale-down'],
  };
  expect(result.policy).toEqual({
    checkIntervalSeconds: 120,
    circuitBreaker: { url: 'https://ops:s3cret@status.example.com/dynamodb', timeoutMs: 2000 },
    tables: [
      {
        tablePattern: '^orders$',
        policy: {
          ...defaults,
          reads: {
            ...defaults.reads,
            increaseConsumedScale: [[0, 0], [0.5, 10], [0.8, 25], [0.95, 100]],
            increaseConsumedUnit: 'percent',
            checksBeforeScaleDown: 3,
            checksResetPercent: 40,
          },
          writes: { ...defaults.writes, increaseThrottledByConsumedScale: [[1, 20], [5, 50]] },
          maintenanceWindows: [{ startMinute: 1320, endMinute: 120 }, { startMinute: 720, endMinute: 750 }],
          alwaysDecreaseRwTogether: true,
          decreaseReserve: 2,
        },
        gsis: [
          {
            indexPattern: '^by_customer$',
            policy: {
              ...defaults,
              reads: { ...defaults.reads, min: 2, upperAlarmThreshold: 95, lowerAlarmThreshold: 5 },
              writes: { ...defaults.writes, enableDownScaling: false },
            },
          },
          {
            indexPattern: '^by_',
            policy: { ...defaults, reads: { ...defaults.reads, increaseUnit: 'units', increaseWith: 20 } },
          },
        ],
      },
      {
        tablePattern: '^events_',
        policy: {
          ...defaults,
          writes: {
            ...defaults.writes,
            increaseUnit: 'units',
            increaseWith: 100,
            decreaseUnit: 'units',
            decreaseWith: 50,
            throttledUpperThreshold: 25,
            upperThreshold: 80.5,
            lowerThreshold: 20,
            allowScaleDownAtZeroPercent: true,
          },
          lookbackWindowStart: 10,
          lookbackPeriod: 1,
          circuitBreaker: { url: 'http://localhost:8080/health', timeoutMs: 500 },
          // An empty value overrides [default_options]'s topic and, being falsy in dd, means none.
          snsTopicArn: undefined,
        },
        gsis: [],
      },
    ],
  });
  expect(matchTableRule(result.policy!, 'events_2024')?.tablePattern).toBe('^events_');
  expect(matchGsiRule(result.policy!.tables[0], 'by_customer')?.indexPattern).toBe('^by_customer$');
  expect(matchGsiRule(result.policy!.tables[0], 'by_date')?.indexPattern).toBe('^by_');
});

test('docs/dd-config.md documents every option', () => {
  const doc = readFileSync(join(__dirname, '..', '..', '..', 'docs', 'dd-config.md'), 'utf8');
  const missing = [...SECTION_OPTIONS, ...GLOBAL_OPTIONS].map(o => o.name).filter(name => !doc.includes(`\`${name}\``));
  expect(missing).toEqual([]);
});
