/**
 * How validation names what the user wrote. The rules are written once (validate.ts) on the
 * policy model; each front end names the model's fields its own way: dd option names and
 * sections for a dynamic-dynamodb.conf (dd-conf), JSON paths for a JSON policy (here, the
 * default), construct properties at synth.
 */
import { Dimension } from './decide-types';
import { DimensionPolicy, describeTableRule, EnginePolicy, TargetField } from './policy';

/** Where in a policy a field is: the global level, a table rule, or one of its GSI rules (indexes into the lists). */
export interface PolicyLocation {
  /** Index into `policy.tables`. @default - the global level */
  readonly table?: number;
  /** Index into that rule's `gsis`. @default - the table rule itself */
  readonly gsi?: number;
}

/** Names for validation messages and `ConfigProblem.section` / `option`. */
export interface PolicyNaming {
  /** The `section` of a problem at `at`, or undefined when the option name says where. */
  section(policy: EnginePolicy, at: PolicyLocation): string | undefined;
  /** A rule's table name or pattern field (`tableName` when the rule names its table exactly). */
  rule(at: PolicyLocation, exact?: boolean): string;
  /** A per-dimension field at `at`. */
  dimensionOption(dimension: Dimension, field: keyof DimensionPolicy, at: PolicyLocation): string;
  /** A target-level field at `at` (at the global level: the global circuit breaker). */
  targetOption(field: TargetField, at: PolicyLocation): string;
  /** The check interval. */
  checkIntervalOption(): string;
}

const CIRCUIT_BREAKER_FIELDS: Partial<Record<TargetField, string>> = {
  circuitBreakerUrl: 'url', circuitBreakerTimeoutMs: 'timeoutMs', circuitBreakerCredentialsSecret: 'credentialsSecret',
};

function rulePath(at: PolicyLocation): string {
  return at.gsi === undefined ? `tables[${at.table}]` : `tables[${at.table}].gsis[${at.gsi}]`;
}

/** JSON paths into the policy document: `tables[0].policy.reads.min`, `checkIntervalSeconds`. */
export const JSON_PATH_NAMING: PolicyNaming = {
  section: () => undefined,
  rule: (at, exact) => (at.gsi !== undefined ? `${rulePath(at)}.indexPattern` : `${rulePath(at)}.${exact ? 'tableName' : 'tablePattern'}`),
  dimensionOption: (dimension, field, at) => `${rulePath(at)}.policy.${dimension}.${field}`,
  targetOption: (field, at) => {
    const cb = CIRCUIT_BREAKER_FIELDS[field];
    const path = cb !== undefined ? `circuitBreaker.${cb}` : field;
    return at.table === undefined ? path : `${rulePath(at)}.policy.${path}`;
  },
  checkIntervalOption: () => 'checkIntervalSeconds',
};

/** The section text dd-style messages use: `global`, `table: <rule>`, `gsi: <pattern> table: <rule>`. */
export function ruleSection(policy: EnginePolicy, at: PolicyLocation): string {
  if (at.table === undefined) return 'global';
  const table = policy.tables[at.table];
  const tableSection = `table: ${describeTableRule(table)}`;
  return at.gsi === undefined ? tableSection : `gsi: ${table.gsis[at.gsi].indexPattern} ${tableSection}`;
}
