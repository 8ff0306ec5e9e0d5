/**
 * Which rule manages a table or a GSI (spec §2.6, R2.7 with D12). Patterns are Python regexes
 * matched like `re.match`: anchored at the start only, so `my_table` also matches `my_table2`
 * (*regex_unanchored_prefix*). The first rule in file order wins, for tables as in dd and for
 * GSIs too (D12; dd applied every matching GSI section).
 */
import type { ManagedTargets } from './decide-types';
import { EnginePolicy, GsiRule, TableRule, TargetPolicy } from './policy';

/** The outcome of {@link compilePythonRegex}. */
export type CompiledPattern =
  | { readonly ok: true; readonly regex: RegExp }
  | { readonly ok: false; readonly error: string };

const MESSAGES = {
  unsupported: (pattern: string, what: string) =>
    `regex '${pattern}' uses Python regex syntax that is not supported here: ${what}`,
  invalid: (pattern: string, reason: string) => `regex '${pattern}' is not a valid regular expression: ${reason}`,
};

/**
 * Compiled patterns, keyed by the rule object so a hot loop compiles each pattern once and the
 * cache goes away with the policy. A rule whose pattern does not compile maps to `undefined`.
 */
const compiled = new WeakMap<TableRule | GsiRule, RegExp | undefined>();

/**
 * The first table rule, in file order, that names `tableName` exactly or whose pattern matches
 * its start.
 * A rule whose pattern does not compile never matches; `validatePolicy` reports it.
 */
export function matchTableRule(policy: EnginePolicy, tableName: string): TableRule | undefined {
  return policy.tables.find(rule => (rule.tableName !== undefined
    ? rule.tableName === tableName
    : cachedRegex(rule, rule.tablePattern ?? '')?.test(tableName) ?? false));
}

/** The first GSI rule of `rule`, in file order, whose pattern matches the start of `gsiName` (D12). */
export function matchGsiRule(rule: TableRule, gsiName: string): GsiRule | undefined {
  return rule.gsis.find(gsi => cachedRegex(gsi, gsi.indexPattern)?.test(gsiName) ?? false);
}

/** One table or GSI a policy manages, with its options. */
export interface ManagedTarget {
  /** The GSI, or null for the table. */
  readonly gsi: string | null;
  /** Its options. */
  readonly policy: TargetPolicy;
}

/**
 * What `policy` manages of table `table` whose GSIs are `gsiNames`: the table's rule, and its
 * targets in check order (the table, then each GSI a rule matches, by name; D12). Undefined when
 * no rule manages the table.
 */
export function managedTargets(policy: EnginePolicy, table: string, gsiNames: readonly string[]): ManagedTargets | undefined {
  let byTable = lastMatches.get(policy);
  if (byTable === undefined) lastMatches.set(policy, byTable = new Map());
  const last = byTable.get(table);
  if (last !== undefined && sameNames(last.gsiNames, gsiNames)) return last.managed;
  const managed = matchTargets(policy, table, gsiNames);
  byTable.set(table, { gsiNames: [...gsiNames], managed });
  return managed;
}

/**
 * The last match of each table, per policy object: a host checks the same tables with the same
 * policy at every check, and a match sorts the GSIs and runs the patterns. One entry per table
 * name ever checked with the policy, dropped with the policy object.
 */
const lastMatches = new WeakMap<EnginePolicy, Map<string, { gsiNames: readonly string[]; managed: ManagedTargets | undefined }>>();

function sameNames(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function matchTargets(policy: EnginePolicy, table: string, gsiNames: readonly string[]): ManagedTargets | undefined {
  const rule = matchTableRule(policy, table);
  if (!rule) return undefined;
  const targets: ManagedTarget[] = [{ gsi: null, policy: rule.policy }];
  for (const gsi of [...gsiNames].sort()) {
    const gsiRule = matchGsiRule(rule, gsi);
    if (gsiRule) targets.push({ gsi, policy: gsiRule.policy });
  }
  return { rule, targets };
}

function cachedRegex(rule: TableRule | GsiRule, pattern: string): RegExp | undefined {
  if (compiled.has(rule)) return compiled.get(rule);
  const result = compilePythonRegex(pattern);
  const regex = result.ok ? result.regex : undefined;
  compiled.set(rule, regex);
  return regex;
}

/**
 * Compiles a Python 2 `re` pattern into a JavaScript RegExp anchored at the start, as `re.match`.
 *
 * Translated: `(?P<name>…)`, `(?P=name)`, `\A`, `\Z`, `(?#comment)`, `{,n}`, global flag groups
 * `(?i)`/`(?m)`/`(?s)` (`(?u)`/`(?L)` are accepted and ignored), and a `]` that opens a
 * character class (`[]a]`). Unsupported, and reported: the verbose flag `(?x)` and conditional
 * groups `(?(1)…)`.
 */
export function compilePythonRegex(pattern: string): CompiledPattern {
  const flags = new Set<string>();
  let out = '';
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i];
    if (c === '\\') {
      const next = pattern[i + 1];
      if (next === 'A') out += '(?<![\\s\\S])';
      else if (next === 'Z') out += '(?![\\s\\S])';
      else out += pattern.slice(i, i + 2);
      i += 2;
    } else if (c === '[') {
      const end = classEnd(pattern, i);
      out += translateClass(pattern.slice(i, end));
      i = end;
    } else if (pattern.startsWith('(?P<', i)) {
      out += '(?<';
      i += 4;
    } else if (pattern.startsWith('(?P=', i)) {
      const close = pattern.indexOf(')', i);
      if (close < 0) return invalid(pattern, 'unterminated (?P=name)');
      out += `\\k<${pattern.slice(i + 4, close)}>`;
      i = close + 1;
    } else if (pattern.startsWith('(?#', i)) {
      const close = pattern.indexOf(')', i);
      if (close < 0) return invalid(pattern, 'unterminated comment (?#…)');
      i = close + 1;
    } else if (pattern.startsWith('(?(', i)) {
      return { ok: false, error: MESSAGES.unsupported(pattern, 'conditional group (?(…)…)') };
    } else {
      const flagGroup = /^\(\?([iLmsux]+)\)/.exec(pattern.slice(i));
      const openLowerBound = /^\{,([0-9]+)\}/.exec(pattern.slice(i));
      if (openLowerBound) {
        // Python reads `{,3}` as `{0,3}`; JavaScript would read it as literal text.
        out += `{0,${openLowerBound[1]}}`;
        i += openLowerBound[0].length;
      } else if (flagGroup) {
        if (flagGroup[1].includes('x')) return { ok: false, error: MESSAGES.unsupported(pattern, 'verbose flag (?x)') };
        for (const f of flagGroup[1]) if ('ims'.includes(f)) flags.add(f);
        i += flagGroup[0].length;
      } else {
        out += c;
        i++;
      }
    }
  }
  try {
    return { ok: true, regex: new RegExp(`^(?:${out})`, [...flags].sort().join('')) };
  } catch (e) {
    return invalid(pattern, e instanceof Error ? e.message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /, '') : String(e));
  }
}

function invalid(pattern: string, reason: string): CompiledPattern {
  return { ok: false, error: MESSAGES.invalid(pattern, reason) };
}

/** Index just after the class that starts at `start`; a `]` right after `[` or `[^` is a literal. */
function classEnd(pattern: string, start: number): number {
  let i = start + 1;
  if (pattern[i] === '^') i++;
  if (pattern[i] === ']') i++;
  while (i < pattern.length && pattern[i] !== ']') i += pattern[i] === '\\' ? 2 : 1;
  return Math.min(i + 1, pattern.length);
}

/** JavaScript reads `[]` as an empty class, Python as a literal `]`: escape it. */
function translateClass(cls: string): string {
  const prefix = cls.startsWith('[^') ? '[^' : '[';
  const rest = cls.slice(prefix.length);
  return rest.startsWith(']') ? `${prefix}\\${rest}` : cls;
}
