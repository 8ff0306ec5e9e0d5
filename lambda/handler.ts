/**
 * The scaler Lambda: one per stack, serving every table of the stack on the Lambda path. The
 * stack's policy resources (custom resources served by this function, see policy-resource.ts)
 * write each managed table's policy into that table's item of the state table; the scaler reads
 * the items, checks the tables (on a schedule, those of the schedule's check interval; on a
 * throttle alarm, the alarm's tables) and keeps each table's state in the same item.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { CfnResponseBody } from './aws/cfn-response';
import { scalerClients, ScalerClients } from './aws/clients';
import { combinePolicies } from './managed-policies';
import { handlePolicyResource, isPolicyResourceEvent } from './policy-resource';
import { runScalerCheck } from './scaler';
import { PowertoolsScalerLog } from './scaler-log';
import { recordCheckMetrics } from './scaler-metrics';
import { DynamoDbStateStore } from './state/dynamodb-state-store';
import { DEFAULT_METRICS_SERVICE, DRY_RUN_ENV, METRICS_NAMESPACE, METRICS_SERVICE_ENV, SCHEDULE_EVENT_SOURCE, SCHEDULE_INTERVAL_FIELD, STATE_TABLE_ENV } from '../src/constants';

export { combinePolicies } from './managed-policies';

const service = process.env[METRICS_SERVICE_ENV] || DEFAULT_METRICS_SERVICE;
const logger = new Logger({ serviceName: service });
const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: service });
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
 * Answers a CloudFormation policy resource event (returning the answer sent), or runs one check:
 * on a CloudWatch alarm, the tables its metrics name; on a schedule event, the tables of its
 * check interval; on any other event, every managed table.
 */
export async function handler(event: unknown, context?: { logStreamName?: string }): Promise<HandlerResult | CfnResponseBody> {
  if (isPolicyResourceEvent(event)) {
    clients ??= scalerClients();
    return handlePolicyResource(event, {
      dynamodb: clients.dynamodb,
      stateTable: process.env[STATE_TABLE_ENV],
      log: logger,
      logStream: context?.logStreamName,
    });
  }
  const stateTable = process.env[STATE_TABLE_ENV];
  if (!stateTable) throw new Error(`${STATE_TABLE_ENV} is not set: the scaler does not know its state table`);
  clients ??= scalerClients();
  const store = new DynamoDbStateStore(clients.dynamodb, stateTable);
  const { policy, intervals, dryRunTables, invalid } = combinePolicies(await store.managedTables());
  for (const i of invalid) logger.error('skipped', { table: i.table, reason: `its policy cannot be used: ${i.message}` });
  const managed = policy.tables.map((r) => r.tableName!);
  const alarmed = alarmTables(event);
  const interval = alarmed === undefined ? scheduleInterval(event) : undefined;
  let tables = managed;
  if (alarmed !== undefined) {
    tables = managed.filter((t) => alarmed.includes(t));
    logger.info('alarm', { alarmTables: alarmed, checking: tables });
  } else if (typeof interval === 'number') {
    tables = managed.filter((t) => intervals.get(t) === interval);
    logger.info('schedule', { [SCHEDULE_INTERVAL_FIELD]: interval, checking: tables });
  } else if (interval === 'invalid') {
    logger.warn('schedule', { reason: `${SCHEDULE_INTERVAL_FIELD} is not a whole number of seconds >= 1: checking every table`, event });
  }
  // Nothing to check (no table of this interval, an alarm of a table no longer managed): the
  // engine's check protocol is not run on no tables.
  if (tables.length === 0) return { checked: 0, skipped: invalid.length, changes: 0, faults: 0 };
  // Tables whose policy says dry run are checked apart, as dry runs; the environment's switch makes every check one.
  const allDry = process.env[DRY_RUN_ENV] === 'true';
  const groups = [
    { tables: tables.filter((t) => !allDry && !dryRunTables.has(t)), dryRun: false },
    { tables: tables.filter((t) => allDry || dryRunTables.has(t)), dryRun: true },
  ].filter((g) => g.tables.length > 0);
  const result = { checked: 0, skipped: invalid.length, changes: 0, faults: 0 };
  for (const group of groups) {
    const summary = await runScalerCheck({ ...clients, store, log: new PowertoolsScalerLog(logger) }, { policy, ...group });
    recordCheckMetrics(metrics, summary);
    result.checked += summary.tables.filter((t) => t.status === 'checked').length;
    result.skipped += summary.tables.filter((t) => t.status === 'skipped').length;
    result.changes += summary.result.updates.filter((u) => u.sent !== null).length;
    result.faults += summary.faults.length;
  }
  metrics.publishStoredMetrics();
  return result;
}

/**
 * The check interval a schedule event names: `{ source: SCHEDULE_EVENT_SOURCE,
 * checkIntervalSeconds: 300 }` gives 300; `invalid` when the interval of such an event is not a
 * whole number >= 1; undefined for any other event, and for a schedule event without an interval.
 */
export function scheduleInterval(event: unknown): number | 'invalid' | undefined {
  const e = event as Record<string, unknown> | null;
  if (typeof e !== 'object' || e === null || e.source !== SCHEDULE_EVENT_SOURCE || e[SCHEDULE_INTERVAL_FIELD] === undefined) return undefined;
  const seconds = e[SCHEDULE_INTERVAL_FIELD];
  return typeof seconds === 'number' && Number.isInteger(seconds) && seconds >= 1 ? seconds : 'invalid';
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
