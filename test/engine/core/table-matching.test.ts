/**
 * Table and GSI matching (spec §2.6, R2.7, D12): Python `re.match` semantics, first rule wins.
 */
import { DEFAULT_TARGET_POLICY, EnginePolicy, GsiRule, TableRule } from '../../../src/engine/core/policy';
import { compilePythonRegex, matchGsiRule, matchTableRule } from '../../../src/engine/core/table-matching';
import { parseDdConfig } from '../../../src/engine/dd-conf/dd-config';

function rule(tablePattern: string, gsiPatterns: string[] = []): TableRule {
  return {
    tablePattern,
    policy: DEFAULT_TARGET_POLICY,
    gsis: gsiPatterns.map((indexPattern): GsiRule => ({ indexPattern, policy: DEFAULT_TARGET_POLICY })),
  };
}

function policy(...tables: TableRule[]): EnginePolicy {
  return { tables, checkIntervalSeconds: 300 };
}

describe('tables', () => {
  test('regex_unanchored_prefix: a pattern matches at the start only, so my_table also manages my_table2', () => {
    const p = policy(rule('my_table'));
    expect(matchTableRule(p, 'my_table2')).toBe(p.tables[0]);
    expect(matchTableRule(p, 'my_table')).toBe(p.tables[0]);
    expect(matchTableRule(p, 'old_my_table')).toBeUndefined();
  });

  test('regex_first_section_wins: the first matching rule in file order wins', () => {
    const p = policy(rule('^orders'), rule('^orders$'), rule('.*'));
    expect(matchTableRule(p, 'orders')).toBe(p.tables[0]);
    expect(matchTableRule(p, 'users')).toBe(p.tables[2]);
  });

  test('regex_first_section_wins through the parser: file order is kept', () => {
    const units = 'increase-reads-unit: percent\ndecrease-reads-unit: percent\nincrease-writes-unit: percent\ndecrease-writes-unit: percent\n';
    const parsed = parseDdConfig(`[table: ^t]\n${units}min-provisioned-reads: 2\n[table: ^t$]\n${units}min-provisioned-reads: 3\n`).policy!;
    expect(matchTableRule(parsed, 't')!.policy.reads.min).toBe(2);
  });

  test('a table that matches nothing is not managed', () => {
    expect(matchTableRule(policy(rule('^a$')), 'b')).toBeUndefined();
  });

  test('an alternation is anchored as a whole, as re.match anchors it', () => {
    const p = policy(rule('a|b'));
    expect(['a1', 'b1', 'xb'].map(n => matchTableRule(p, n) !== undefined)).toEqual([true, true, false]);
  });

  test('an empty pattern matches every table', () => {
    expect(matchTableRule(policy(rule('')), 'anything')).toBeDefined();
  });

  test('a rule whose pattern does not compile never matches (validatePolicy reports it)', () => {
    const p = policy(rule('^t('), rule('^t'));
    expect(matchTableRule(p, 't')).toBe(p.tables[1]);
  });

  test('a pattern is compiled once per rule object: the cache is keyed by the (readonly) rule', () => {
    const mutable = { ...rule('^t$') };
    const p = policy(mutable);
    expect(matchTableRule(p, 't')).toBe(mutable);
    // Policies are readonly; changing one in place shows the compiled regex is reused, not rebuilt.
    mutable.tablePattern = '^u$';
    expect([matchTableRule(p, 't'), matchTableRule(p, 'u')]).toEqual([mutable, undefined]);
    // A new rule object is compiled on its own.
    expect(matchTableRule(policy({ ...mutable }), 'u')).toBeDefined();
  });
});

describe('GSIs', () => {
  test('D12: the first matching GSI rule wins (dd applied every matching section)', () => {
    const r = rule('^t$', ['^idx', '^idx_a$', '.*']);
    expect(matchGsiRule(r, 'idx_a')).toBe(r.gsis[0]);
    expect(matchGsiRule(r, 'other')).toBe(r.gsis[2]);
  });

  test('GSI patterns are start-anchored too', () => {
    const r = rule('^t$', ['g']);
    expect([matchGsiRule(r, 'g2'), matchGsiRule(r, 'xg')]).toEqual([r.gsis[0], undefined]);
  });

  test('a table rule without GSI rules scales no GSI (gsi_no_gsi_config)', () => {
    expect(matchGsiRule(rule('^t$'), 'g')).toBeUndefined();
  });
});

describe('Python regex syntax', () => {
  test.each([
    ['named group and back-reference', '(?P<p>ab)-(?P=p)', 'ab-ab', 'ab-ac'],
    ['\\A and \\Z', '\\Aorders\\Z', 'orders', 'orders2'],
    ['inline ignore-case flag', '(?i)orders$', 'ORDERS', 'ORDERS2'],
    ['flag group after the start (Python 2 applies it to the whole pattern)', 'orders(?i)$', 'ORDERS', 'users'],
    ['unicode and locale flags are ignored', '(?uL)^t$', 't', 'tt'],
    ['a comment group', 'ord(?#the prefix)ers$', 'orders', 'ord'],
    ['a ] first in a class is a literal', '[]a]+$', ']a]', 'b'],
    ['a ] first in a negated class is a literal', '[^]]+$', 'abc', 'a]'],
    ['escaped characters', 'a\\.b\\d$', 'a.b1', 'axb1'],
    ['lookahead', 'prod(?!_test)', 'prod_live', 'prod_test'],
    ['{,n} means {0,n}', '^t{,2}$', 'tt', 'ttt'],
  ])('%s', (_name, pattern, matching, notMatching) => {
    const compiled = compilePythonRegex(pattern);
    if (!compiled.ok) throw new Error(compiled.error);
    expect([compiled.regex.test(matching), compiled.regex.test(notMatching)]).toEqual([true, false]);
  });

  test.each([
    ['verbose flag', '(?x) ^ t $', "regex '(?x) ^ t $' uses Python regex syntax that is not supported here: verbose flag (?x)"],
    ['conditional group', '(a)?(?(1)b|c)', "regex '(a)?(?(1)b|c)' uses Python regex syntax that is not supported here: conditional group (?(…)…)"],
    ['unterminated group', '^t(', "regex '^t(' is not a valid regular expression: Unterminated group"],
    ['nothing to repeat', '*t', "regex '*t' is not a valid regular expression: Nothing to repeat"],
    ['unterminated back-reference', '(?P<a>x)(?P=a', "regex '(?P<a>x)(?P=a' is not a valid regular expression: unterminated (?P=name)"],
  ])('%s is reported', (_name, pattern, error) => {
    expect(compilePythonRegex(pattern)).toEqual({ ok: false, error });
  });
});
