/**
 * A dynamic-dynamodb.conf addresses tables by regular expression (dd semantics: the first
 * section whose pattern matches the start of a name wins, spec §2.6). A host manages exact
 * tables: this expands the sections into one exact rule per table of a given list, so state and
 * rules are keyed by the table's own name and `orders` never picks up what a pattern meant for
 * `orders-archive`. GSI sections stay patterns, resolved against each table's own indexes at
 * the check (D12: the first matching section wins).
 */
import { EnginePolicy, TableRule } from '../core/policy';
import { matchTableRule } from '../core/table-matching';

/** The outcome of {@link expandTableRules}. */
export interface ExpandedPolicy {
  /** The policy with one exact rule per matched table, in the order of the list given. */
  readonly policy: EnginePolicy;
  /** The tables of the list that no section matches: dd would not manage them either. */
  readonly unmatched: string[];
}

/**
 * Expands `policy`'s table rules for `tableNames` (for `run`, the account's tables from
 * ListTables; for the construct, the table it manages).
 *
 * @param policy a policy whose rules may be patterns
 * @param tableNames the exact tables to manage; duplicates are ignored
 */
export function expandTableRules(policy: EnginePolicy, tableNames: readonly string[]): ExpandedPolicy {
  const tables: TableRule[] = [];
  const unmatched: string[] = [];
  for (const name of [...new Set(tableNames)]) {
    const rule = matchTableRule(policy, name);
    if (rule) tables.push({ tableName: name, policy: rule.policy, gsis: rule.gsis });
    else unmatched.push(name);
  }
  return { policy: { ...policy, tables }, unmatched };
}
