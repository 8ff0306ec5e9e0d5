/**
 * dynamic-dynamodb.conf → {@link EnginePolicy} (spec §2), so a Dynamic DynamoDB user can migrate
 * a configuration as is. dd's reading rules are kept (RawConfigParser syntax, option types,
 * `[default_options]` merged under every table and GSI section, a GSI not inheriting its table
 * section) except where this project deliberately differs:
 * - D11: `[global]` and `[logging]` are optional; min/max default to 1/40000; every problem in
 *   the file is reported, not only the first.
 * - D9/D10: circuit-breaker URLs and maintenance windows are checked when the file is read.
 * - `decrease-reserve` is this project's own option (D15).
 *
 * What dd silently ignored (unknown options and sections, a table regex containing `:`, unknown
 * SNS message types) is still ignored, with a warning.
 */
import { getIniValue, IniFile, iniOptionNames, IniSection, readIni } from './dd-ini';
import {
  DD_OPTION_NAMING, GLOBAL_OPTIONS, isDimensionOption, LOG_LEVELS, LOGGING_OPTIONS, SECTION_OPTIONS, DdOptionType, SectionOption,
} from './dd-options';
import { parsePythonScaleDict } from './python-literal';
import { ConfigProblem } from '../core/config-problem';
import { parseMaintenanceWindows } from '../core/maintenance-window';
import {
  CircuitBreaker, DEFAULT_CHECK_INTERVAL_SECONDS, DEFAULT_DIMENSION_POLICY, DEFAULT_TARGET_POLICY, DimensionPolicy, EnginePolicy, GsiRule,
  MaintenanceWindow, NOTIFICATION_TYPES, NotificationType, ScaleDict, TableRule, TargetPolicy,
} from '../core/policy';
import { checkPolicy } from '../core/validate';

export { SECTION_OPTIONS, GLOBAL_OPTIONS } from './dd-options';

/** The result of {@link parseDdConfig}. */
export interface DdConfigResult {
  /** The policy, present only when `errors` is empty. @default - none when there are errors */
  readonly policy?: EnginePolicy;
  /** Everything dd would have rejected (and D9/D10 add), each with section, option and value. */
  readonly errors: ConfigProblem[];
  /** What dd silently ignored and this parser ignores too, and what dd accepts but is risky, said out loud. */
  readonly warnings: ConfigProblem[];
}

/** dd's `circuit-breaker-timeout` default, in milliseconds (spec §2.2). */
export const DEFAULT_CIRCUIT_BREAKER_TIMEOUT_MS = 10000;

export { DEFAULT_CHECK_INTERVAL_SECONDS };

const MESSAGES = {
  integer: (option: string, value: string) => `${option} expects an integer, got '${value}'`,
  float: (option: string, value: string) => `${option} expects a number, got '${value}'`,
  boolean: (option: string, value: string) => `${option} expects true/false, yes/no, on/off or 1/0, got '${value}'`,
  dict: (option: string, error: string) => `${option} expects a Python dict literal such as {0.25: 5, 0.5: 10}: ${error}`,
  dictWarning: (option: string, warning: string) => `${option}: ${warning}`,
  window: (error: string) => `maintenance-windows: ${error}`,
  required: (option: string, section: string) =>
    `${option} is required in [${section}] (or in [default_options]); dd exits without it`,
  logLevel: (value: string) => `log-level ('${value}') must be one of ${LOG_LEVELS.join(', ')}`,
  noTable: () => 'no [table: <table-regex>] section found; dd exits without one',
  tableWithoutRegex: () => 'a table section needs a regex: write [table: <table-regex>] (dd crashed on [table])',
  unknownTable: (tableKey: string) =>
    `this GSI section names table '${tableKey}', but no [table: ${tableKey}] section exists `
    + '(the text after "table:" must equal a table section\'s regex)',
  // Warnings.
  unknownOption: (option: string, section: string) => `unknown option '${option}' in [${section}] is ignored`,
  tableRegexWithColon: (header: string) =>
    `section [${header}] is ignored, as dd ignores it: dd takes the text after the last ':' as the table regex, `
    + 'so a table regex cannot contain \':\'',
  malformedGsiHeader: (header: string) =>
    `section [${header}] is ignored, as dd ignores it: a GSI section header must be `
    + '"gsi: <gsi-regex> table: <table-regex>" with single spaces and no spaces inside the regexes',
  unknownSection: (header: string) => `section [${header}] is not a dynamic-dynamodb section and is ignored`,
  duplicateTable: (header: string, key: string) =>
    `section [${header}] repeats table regex '${key}'; as in dd, its options replace the earlier section's`,
  duplicateGsi: (header: string, key: string) =>
    `section [${header}] repeats GSI regex '${key}' for this table; as in dd, its options replace the earlier section's`,
  snsType: (value: string) =>
    `sns-message-types entry '${value}' is ignored, as dd ignores it: expected ${NOTIFICATION_TYPES.join(', ')}`,
  gsiChecks: (option: string, value: number) =>
    `${option} (${value}) in a GSI section is read as 1, which is how dd behaves (it checked this only for tables)`,
  orphanTimeout: (section: string) =>
    `circuit-breaker-timeout in [${section}] has no effect without a circuit-breaker-url in the same section`,
};

/** Marks a value that failed to convert (where dd exited). */
const FAILED = Symbol('failed');

/** A typed option value; `undefined` is an option set to an empty value (falsy in dd, so unset). */
type OptionValue = number | boolean | string | ScaleDict | NotificationType[] | MaintenanceWindow[] | undefined;

/** The typed options of one section, in the order read. */
type SectionValues = Map<string, OptionValue>;

interface Target {
  readonly label: string;
  readonly values: SectionValues;
}

/**
 * Reads a dynamic-dynamodb.conf file. The text is parsed as dd 2.5.1 parses it (spec §2), every
 * problem is collected, and the resulting policy is checked with {@link checkPolicy}: its errors
 * are errors, its warnings (what dd accepts but is risky) warnings.
 *
 * @param text the file's content (the CLI reads the file; the engine does no I/O)
 */
export function parseDdConfig(text: string): DdConfigResult {
  const ini = readIni(text);
  const problems = new Problems(ini.errors);

  let global: IniSection | undefined;
  let logging: IniSection | undefined;
  let defaults: IniSection | undefined;
  const tableSections: { section: IniSection; key: string }[] = [];
  const gsiSections: { section: IniSection; gsiKey: string; tableKey: string }[] = [];
  for (const section of ini.sections) {
    const h = section.header;
    const kind = classify(h);
    switch (kind.kind) {
      case 'global': global = section; break;
      case 'logging': logging = section; break;
      case 'default_options': defaults = section; break;
      case 'table': tableSections.push({ section, key: kind.key }); break;
      case 'gsi': gsiSections.push({ section, gsiKey: kind.gsiKey, tableKey: kind.tableKey }); break;
      case 'broken': problems.error({ section: h, line: section.line, message: kind.error }); break;
      default: problems.warn({ section: h, line: section.line, message: kind.warning });
    }
  }

  const globalOptions = readGlobal(ini, global, problems);
  readLogging(ini, logging, problems);
  const defaultValues = defaults ? readSection(ini, defaults, problems) : new Map<string, OptionValue>();

  // Table keys keep their first position when repeated, as in dd's OrderedDict.
  const tables = new Map<string, { target: Target; gsis: Map<string, Target> }>();
  for (const { section, key } of tableSections) {
    if (tables.has(key)) {
      problems.warn({ section: section.header, line: section.line, message: MESSAGES.duplicateTable(section.header, key) });
    }
    checkRequired(ini, section, defaults, problems);
    const values = new Map([...defaultValues, ...readSection(ini, section, problems)]);
    tables.set(key, { target: { label: `table: ${key}`, values }, gsis: new Map() });
  }
  if (tableSections.length === 0) problems.error({ message: MESSAGES.noTable() });

  for (const { section, gsiKey, tableKey } of gsiSections) {
    const table = tables.get(tableKey);
    if (!table) {
      problems.error({ section: section.header, line: section.line, value: tableKey, message: MESSAGES.unknownTable(tableKey) });
      continue;
    }
    if (table.gsis.has(gsiKey)) {
      problems.warn({ section: section.header, line: section.line, message: MESSAGES.duplicateGsi(section.header, gsiKey) });
    }
    checkRequired(ini, section, defaults, problems);
    // A GSI inherits [default_options] only, never its table's section (spec §2.1).
    const values = new Map([...defaultValues, ...readSection(ini, section, problems)]);
    normaliseGsiChecks(section, values, problems);
    table.gsis.set(gsiKey, { label: `gsi: ${gsiKey} table: ${tableKey}`, values });
  }

  const policy: EnginePolicy = {
    tables: [...tables].map(([key, t]): TableRule => ({
      tablePattern: key,
      policy: buildTarget(t.target, problems),
      gsis: [...t.gsis].map(([gsiKey, g]): GsiRule => ({ indexPattern: gsiKey, policy: buildTarget(g, problems) })),
    })),
    checkIntervalSeconds: globalOptions.interval,
    ...(globalOptions.circuitBreaker ? { circuitBreaker: globalOptions.circuitBreaker } : {}),
  };

  const checked = checkPolicy(policy, DD_OPTION_NAMING);
  for (const problem of checked.errors) {
    if (!problems.failedToParse(problem)) problems.error(problem);
  }
  for (const problem of checked.warnings) {
    if (!problems.failedToParse(problem)) problems.warn(problem);
  }
  return problems.errors.length === 0
    ? { policy, errors: [], warnings: problems.warnings }
    : { errors: problems.errors, warnings: problems.warnings };
}

type SectionKind =
  | { kind: 'global' | 'logging' | 'default_options' }
  | { kind: 'table'; key: string }
  | { kind: 'gsi'; gsiKey: string; tableKey: string }
  | { kind: 'ignored'; warning: string }
  | { kind: 'broken'; error: string };

/** dd's section rules (cfp: parse): a table header split at its last ':', a GSI header at single spaces. */
function classify(header: string): SectionKind {
  if (header === 'global' || header === 'logging' || header === 'default_options') return { kind: header };
  // dd reads `[table]` as a table section without a regex and crashes (IndexError).
  if (header === 'table') return { kind: 'broken', error: MESSAGES.tableWithoutRegex() };
  const colon = header.lastIndexOf(':');
  if (colon >= 0 && header.slice(0, colon) === 'table') return { kind: 'table', key: pythonStrip(header.slice(colon + 1)) };
  const tokens = header.split(' ');
  if (tokens.length === 4 && tokens[0] === 'gsi:') return { kind: 'gsi', gsiKey: tokens[1], tableKey: tokens[3] };
  if (/^table\s*:/.test(header)) return { kind: 'ignored', warning: MESSAGES.tableRegexWithColon(header) };
  if (/^gsi\s*:/.test(header)) return { kind: 'ignored', warning: MESSAGES.malformedGsiHeader(header) };
  return { kind: 'ignored', warning: MESSAGES.unknownSection(header) };
}

/** Python's `str.strip()` without arguments strips ASCII whitespace. */
function pythonStrip(text: string): string {
  return text.replace(/^[ \t\n\r\f\v]+|[ \t\n\r\f\v]+$/g, '');
}

function readGlobal(ini: IniFile, section: IniSection | undefined, problems: Problems) {
  let interval = DEFAULT_CHECK_INTERVAL_SECONDS;
  let url: string | undefined;
  let timeoutMs = DEFAULT_CIRCUIT_BREAKER_TIMEOUT_MS;
  if (section) {
    warnUnknown(section, GLOBAL_OPTIONS.map(o => o.name), problems);
    for (const option of GLOBAL_OPTIONS) {
      const raw = getIniValue(ini, section, option.name);
      if (raw === undefined || option.field === 'ignored') continue;
      const value = convert(option.name, option.type, raw.value, false, section, raw.line, problems);
      if (value === FAILED || value === undefined) continue;
      if (option.field === 'checkIntervalSeconds') interval = value as number;
      else if (option.field === 'circuitBreakerUrl') url = value as string;
      else timeoutMs = value as number;
    }
  }
  const circuitBreaker: CircuitBreaker | undefined = url !== undefined ? { url, timeoutMs } : undefined;
  return { interval, circuitBreaker };
}

function readLogging(ini: IniFile, section: IniSection | undefined, problems: Problems): void {
  if (!section) return;
  warnUnknown(section, LOGGING_OPTIONS, problems);
  const level = getIniValue(ini, section, 'log-level');
  if (level && !LOG_LEVELS.includes(level.value.toLowerCase())) {
    problems.error({ section: section.header, option: 'log-level', value: level.value, line: level.line, message: MESSAGES.logLevel(level.value) });
  }
}

/** The typed options a table, GSI or default_options section sets, reporting every bad value. */
function readSection(ini: IniFile, section: IniSection, problems: Problems): SectionValues {
  warnUnknown(section, SECTION_OPTIONS.map(o => o.name), problems);
  const values: SectionValues = new Map();
  for (const name of iniOptionNames(ini, section)) {
    const option = SECTION_OPTIONS.find(o => o.name === name);
    const raw = getIniValue(ini, section, name)!;
    if (!option) continue;
    const value = convert(name, option.type, raw.value, isRequired(option), section, raw.line, problems);
    if (value === FAILED) problems.markFailed(section.header, name);
    else values.set(name, value);
  }
  return values;
}

/** dd exits when a table or GSI section lacks a required option that [default_options] does not set. */
function checkRequired(ini: IniFile, section: IniSection, defaults: IniSection | undefined, problems: Problems): void {
  for (const option of SECTION_OPTIONS) {
    if (!isRequired(option)) continue;
    const present = getIniValue(ini, section, option.name) ?? (defaults && getIniValue(ini, defaults, option.name));
    if (present) continue;
    const message = MESSAGES.required(option.name, section.header);
    problems.error({ section: section.header, option: option.name, line: section.line, message });
  }
}

function isRequired(option: SectionOption): boolean {
  return isDimensionOption(option) && option.required === true;
}

/** dd never checked `num-*-checks-before-scale-down` for GSIs, where any value below 1 acts as 1. */
function normaliseGsiChecks(section: IniSection, values: SectionValues, problems: Problems): void {
  for (const name of ['num-read-checks-before-scale-down', 'num-write-checks-before-scale-down']) {
    const value = values.get(name);
    if (typeof value === 'number' && Number.isInteger(value) && value < 1) {
      problems.warn({ section: section.header, option: name, value: String(value), message: MESSAGES.gsiChecks(name, value) });
      values.set(name, 1);
    }
  }
}

function warnUnknown(section: IniSection, known: readonly string[], problems: Problems): void {
  for (const [name, raw] of section.options) {
    if (!known.includes(name)) {
      const message = MESSAGES.unknownOption(name, section.header);
      problems.warn({ section: section.header, option: name, value: raw.value, line: raw.line, message });
    }
  }
}

/** Converts a raw value as dd's `__parse_options` does; reports and returns FAILED where dd exited. */
function convert(
  name: string, type: DdOptionType, raw: string, required: boolean,
  section: IniSection, line: number, problems: Problems,
): OptionValue | typeof FAILED {
  const fail = (message: string): typeof FAILED => {
    problems.error({ section: section.header, option: name, value: raw, line, message });
    return FAILED;
  };
  const text = pythonStrip(raw);
  switch (type) {
    case 'int':
      return /^[+-]?[0-9]+$/.test(text) ? Number(text) : fail(MESSAGES.integer(name, raw));
    case 'float':
      return /^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$/.test(text) ? Number(text) : fail(MESSAGES.float(name, raw));
    case 'bool': {
      const lower = raw.toLowerCase();
      if (['1', 'yes', 'true', 'on'].includes(lower)) return true;
      if (['0', 'no', 'false', 'off'].includes(lower)) return false;
      return fail(MESSAGES.boolean(name, raw));
    }
    case 'dict': {
      const parsed = parsePythonScaleDict(raw);
      if (!parsed.ok) return fail(MESSAGES.dict(name, parsed.error));
      for (const warning of parsed.warnings ?? []) {
        problems.warn({ section: section.header, option: name, value: raw, line, message: MESSAGES.dictWarning(name, warning) });
      }
      // An empty dict is falsy in dd: the same as not configuring a scale.
      return parsed.entries.length > 0 ? parsed.entries : undefined;
    }
    case 'list': {
      if (raw === '') return [];
      const types: NotificationType[] = [];
      for (const part of raw.split(',').map(pythonStrip)) {
        if ((NOTIFICATION_TYPES as readonly string[]).includes(part)) types.push(part as NotificationType);
        else problems.warn({ section: section.header, option: name, value: part, line, message: MESSAGES.snsType(part) });
      }
      return types;
    }
    case 'windows': {
      if (raw === '') return undefined;
      const parsed = parseMaintenanceWindows(raw);
      if (parsed.errors.length === 0) return parsed.windows;
      for (const error of parsed.errors) problems.error({ section: section.header, option: name, value: raw, line, message: MESSAGES.window(error) });
      return FAILED;
    }
    case 'unit':
      // An empty optional unit falls back in dd (`unit or increase-unit`); a required one must be valid.
      return raw === '' && !required ? undefined : raw;
    case 'str':
      return raw === '' ? undefined : raw;
  }
}

/** Applies a section's typed values over the model's defaults. */
function buildTarget(target: Target, problems: Problems): TargetPolicy {
  const reads: Record<string, unknown> = { ...DEFAULT_DIMENSION_POLICY };
  const writes: Record<string, unknown> = { ...DEFAULT_DIMENSION_POLICY };
  const rest: Record<string, unknown> = { ...DEFAULT_TARGET_POLICY };
  let url: string | undefined;
  let timeoutMs: number | undefined;
  for (const option of SECTION_OPTIONS) {
    if (!target.values.has(option.name)) continue;
    const value = target.values.get(option.name);
    if (value === undefined) continue;
    if (isDimensionOption(option)) {
      (option.dimension === 'reads' ? reads : writes)[option.field] = value;
    } else if (option.field === 'circuitBreakerUrl') {
      url = value as string;
    } else if (option.field === 'circuitBreakerTimeoutMs') {
      timeoutMs = value as number;
    } else {
      rest[option.field] = value;
    }
  }
  if (url !== undefined) {
    // The same-level timeout, or dd's default: never the global timeout (spec R8.2).
    rest.circuitBreaker = { url, timeoutMs: timeoutMs ?? DEFAULT_CIRCUIT_BREAKER_TIMEOUT_MS };
  } else if (timeoutMs !== undefined) {
    problems.warn({ section: target.label, option: 'circuit-breaker-timeout', value: String(timeoutMs), message: MESSAGES.orphanTimeout(target.label) });
  }
  return { ...rest, reads: reads as unknown as DimensionPolicy, writes: writes as unknown as DimensionPolicy } as TargetPolicy;
}

/** Collects errors and warnings, and remembers which options failed to parse. */
class Problems {
  public readonly errors: ConfigProblem[];
  public readonly warnings: ConfigProblem[] = [];
  private readonly failed: { header: string; option: string }[] = [];

  constructor(initial: readonly ConfigProblem[]) {
    this.errors = [...initial];
  }

  public error(problem: ConfigProblem): void {
    this.errors.push(problem);
  }

  public warn(problem: ConfigProblem): void {
    this.warnings.push(problem);
  }

  /** Remembers an option that failed to parse in `header` (default_options reaches every section). */
  public markFailed(header: string, option: string): void {
    this.failed.push({ header, option });
  }

  /**
   * Whether a validation problem involves an option that already failed to parse: the policy then
   * holds a default in its place, which says nothing about the file. Messages name every option
   * they involve (`lookback-window-start (3) is below lookback-period (5): …`), so the names tell.
   */
  public failedToParse(problem: ConfigProblem): boolean {
    return this.failed.some(f => (f.header === 'default_options' || sameSection(f.header, problem.section))
      && (f.option === problem.option || mentions(problem.message, f.option)));
  }
}

/** Whether `message` names `option` as a whole word (`lookback-period`, not `lookback-period-x`). */
function mentions(message: string, option: string): boolean {
  let at = message.indexOf(option);
  while (at >= 0) {
    const before = message[at - 1];
    const after = message[at + option.length];
    if (!(before && /[a-z0-9-]/.test(before)) && !(after && /[a-z0-9-]/.test(after))) return true;
    at = message.indexOf(option, at + 1);
  }
  return false;
}

/** A section header as written (`table:^t$`) and the policy's label (`table: ^t$`) name the same section. */
function sameSection(header: string, label: string | undefined): boolean {
  return label !== undefined && header.replace(/\s+/g, '') === label.replace(/\s+/g, '');
}
