/**
 * The scaler Lambda: one per stack, serving every table of the stack on the Lambda path. The
 * stack writes each managed table's policy into that table's item of the state table; the
 * scaler reads the items, checks the tables (all of them on its schedule, only the alarm's tables
 * when a throttle alarm invokes it) and keeps each table's state in the same item.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { scalerClients, ScalerClients } from './aws/clients';
import { runScalerCheck } from './scaler';
import { PowertoolsScalerLog } from './scaler-log';
import { recordCheckMetrics } from './scaler-metrics';
import { DynamoDbStateStore } from './state/dynamodb-state-store';
import { DRY_RUN_ENV, METRICS_NAMESPACE, STATE_TABLE_ENV } from '../src/constants';
import { checkPolicy, EnginePolicy, formatConfigProblem, JsonDecodeError, policyFromJson, TableRule } from '../src/engine';

const logger = new Logger({ serviceName: 'dynamic-scaling' });
const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: 'dynamic-scaling' });
/** Reused across invocations of a warm function. */
let clients: ScalerClients | undefined;

/** What an invocation returns (for the Lambda console and tests). */
export interface HandlerResult {
  /** Tables checked. */
  readonly checked: number;
  /** Tables skipped, for a fault or a policy that does not decode. */
  readonly skipped: number;
  /** Updates applied. */
  readonly changes: number;
  /** Failed calls. */
  readonly faults: number;
}

/**
 * Runs one check: every managed table, or, when a CloudWatch alarm invokes the function, the
 * tables its metrics name.
 */
export async function handler(event: unknown): Promise<HandlerResult> {
  const stateTable = process.env[STATE_TABLE_ENV];
  if (!stateTable) throw new Error(`${STATE_TABLE_ENV} is not set: the scaler does not know its state table`);
  clients ??= scalerClients();
  const store = new DynamoDbStateStore(clients.dynamodb, stateTable);
  const { policy, invalid } = combinePolicies(await store.managedTables());
  for (const i of invalid) logger.error('skipped', { table: i.table, reason: `its policy cannot be used: ${i.message}` });
  const managed = policy.tables.map((r) => r.tableName!);
  const alarmed = alarmTables(event);
  const tables = alarmed === undefined ? managed : managed.filter((t) => alarmed.includes(t));
  if (alarmed !== undefined) logger.info('alarm', { alarmTables: alarmed, checking: tables });
  const summary = await runScalerCheck(
    { ...clients, store, log: new PowertoolsScalerLog(logger) },
    { policy, tables, dryRun: process.env[DRY_RUN_ENV] === 'true' },
  );
  recordCheckMetrics(metrics, summary);
  metrics.publishStoredMetrics();
  return {
    checked: summary.tables.filter((t) => t.status === 'checked').length,
    skipped: summary.tables.filter((t) => t.status === 'skipped').length + invalid.length,
    changes: summary.result.updates.filter((u) => u.sent !== null).length,
    faults: summary.faults.length,
  };
}

/**
 * One policy of every managed table's own: each item holds a policy with one exact rule for
 * its table. A policy-wide circuit breaker moves into that table's rule, so tables never share
 * one by accident. An item whose policy does not decode or validate is reported and left out.
 */
export function combinePolicies(items: ReadonlyArray<{ table: string; policy: string }>): {
  policy: EnginePolicy; invalid: Array<{ table: string; message: string }>;
} {
  const tables: TableRule[] = [];
  const invalid: Array<{ table: string; message: string }> = [];
  for (const item of items) {
    try {
      const p = policyFromJson(JSON.parse(item.policy));
      const errors = checkPolicy(p).errors;
      if (errors.length > 0) throw new JsonDecodeError(errors.map(formatConfigProblem).join('; '));
      const rules = p.tables.filter((r) => r.tableName === item.table);
      if (rules.length !== 1) throw new JsonDecodeError(`it must have exactly one rule, with tableName ${JSON.stringify(item.table)}`);
      const rule = rules[0];
      tables.push(p.circuitBreaker && !rule.policy.circuitBreaker ? { ...rule, policy: { ...rule.policy, circuitBreaker: p.circuitBreaker } } : rule);
    } catch (e) {
      if (!(e instanceof SyntaxError) && !(e instanceof JsonDecodeError)) throw e;
      invalid.push({ table: item.table, message: e.message });
    }
  }
  return { policy: { checkIntervalSeconds: 60, tables }, invalid };
}

/**
 * The tables a CloudWatch alarm's event names (the `TableName` dimension of its metrics), or
 * undefined for any other event (the schedule): `{ source: 'aws.cloudwatch', alarmData: {
 * configuration: { metrics: [{ metricStat: { metric: { dimensions: { TableName } } } }] } } }`.
 */
export function alarmTables(event: unknown): string[] | undefined {
  const e = event as { source?: unknown; alarmData?: { configuration?: { metrics?: unknown[] } } } | null;
  if (e?.source !== 'aws.cloudwatch' || !e.alarmData) return undefined;
  const names = new Set<string>();
  for (const m of e.alarmData.configuration?.metrics ?? []) {
    const table = (m as { metricStat?: { metric?: { dimensions?: Record<string, unknown> } } }).metricStat?.metric?.dimensions?.TableName;
    if (typeof table === 'string') names.add(table);
  }
  return [...names].sort();
}
