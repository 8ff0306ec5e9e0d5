/**
 * The policies of the managed tables, as the state table's items hold them: each item one
 * table's policy JSON, written by the stack's policy resource. The scaler combines them for a
 * check; the policy resource validates a policy with the same code before it writes it, so a
 * policy the scaler would skip fails the deploy instead.
 */
import { checkPolicy, EnginePolicy, formatConfigProblem, JsonDecodeError, policyFromJson, TableRule } from '../src/engine';

/** The managed tables' policies, combined. */
export interface ManagedPolicies {
  /**
   * One policy holding every usable table's rule. Its own `checkIntervalSeconds` means nothing
   * (a check does not read it): each table's interval is in `intervals`.
   */
  readonly policy: EnginePolicy;
  /** Each usable table's check interval in seconds: its policy's `checkIntervalSeconds`. */
  readonly intervals: ReadonlyMap<string, number>;
  /** The usable tables whose checks are dry runs (their policy's `dryRun`). */
  readonly dryRunTables: ReadonlySet<string>;
  /** The tables whose policy does not decode or validate, and why. */
  readonly invalid: Array<{ table: string; message: string }>;
}

/**
 * One policy of every managed table's own: each item holds a policy with one exact rule for
 * its table. A policy-wide circuit breaker moves into that table's rule, so tables never share
 * one by accident. An item whose policy does not decode or validate is reported and left out.
 */
export function combinePolicies(items: ReadonlyArray<{ table: string; policy: string; dryRun?: boolean }>): ManagedPolicies {
  const tables: TableRule[] = [];
  const intervals = new Map<string, number>();
  const invalid: Array<{ table: string; message: string }> = [];
  const dryRunTables = new Set<string>();
  for (const item of items) {
    try {
      const p = policyFromJson(JSON.parse(item.policy));
      const errors = checkPolicy(p).errors;
      if (errors.length > 0) throw new JsonDecodeError(errors.map(formatConfigProblem).join('; '));
      const rules = p.tables.filter((r) => r.tableName === item.table);
      if (rules.length !== 1) throw new JsonDecodeError(`it must have exactly one rule, with tableName ${JSON.stringify(item.table)}`);
      const rule = rules[0];
      tables.push(p.circuitBreaker && !rule.policy.circuitBreaker ? { ...rule, policy: { ...rule.policy, circuitBreaker: p.circuitBreaker } } : rule);
      intervals.set(item.table, p.checkIntervalSeconds);
      if (item.dryRun) dryRunTables.add(item.table);
    } catch (e) {
      if (!(e instanceof SyntaxError) && !(e instanceof JsonDecodeError)) throw e;
      invalid.push({ table: item.table, message: e.message });
    }
  }
  return { policy: { checkIntervalSeconds: 60, tables }, intervals, dryRunTables, invalid };
}
