/**
 * The scaler runtime: one check of a set of tables against the real AWS APIs, by driving the
 * engine's check protocol with the AWS adapters. The Lambda handler and `dynamic-scaling run`
 * both call {@link runScalerCheck}; neither holds a scaling rule or a step of the loop.
 *
 * Around the protocol, the runtime owns what is I/O: loading each table's state unit (a unit that
 * does not decode is an error for that table alone), the conditional writes of the claim and of
 * the final state, publishing the notifications, and the log lines and metrics of the check.
 */
import { ApplicationAutoScalingClient } from '@aws-sdk/client-application-auto-scaling';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SNSClient } from '@aws-sdk/client-sns';
import { errorMessage } from './aws/call-outcome';
import { readMetrics, MetricsReadStats } from './aws/cloudwatch-metrics';
import { describeTable, updateCapacity } from './aws/dynamodb-tables';
import { describeScalableTargets, suspendScaleIn } from './aws/scalable-targets';
import { basicAuthFromSecret, BasicAuth } from './aws/secrets';
import { publishNotifications, PublishResult } from './aws/sns-notifications';
import { pollCircuitBreaker } from './circuit-breaker-http';
import { ScalerLog } from './scaler-log';
import { DryRunStateStore } from './state/dry-run-state-store';
import { isUnreadable, StateStore } from './state/state-store';
import {
  CheckAnswer, CheckFault, dictionary, CheckRequest, CheckResult, CheckStep, CircuitBreakerAnswer, CircuitBreakerRequest, EnginePolicy,
  encodeTableState, MetricsRequest, runCheck, TableCheck, TableState,
} from '../src/engine';

/** What a check needs from its host. */
export interface ScalerDeps {
  /** DynamoDB: DescribeTable and UpdateTable of the managed tables. */
  readonly dynamodb: DynamoDBClient;
  /** CloudWatch: GetMetricData. */
  readonly cloudwatch: CloudWatchClient;
  /** SNS: the policy's notifications. */
  readonly sns: SNSClient;
  /** Secrets Manager: circuit-breaker credentials. @default - a breaker with a credentials secret reads as open */
  readonly secrets?: SecretsManagerClient;
  /**
   * Application Auto Scaling: the scalable targets of guarded dimensions (hybrid path).
   * @default - a table with guarded dimensions is skipped, its scalable targets unreadable
   */
  readonly autoscaling?: ApplicationAutoScalingClient;
  /** Where the state units live. */
  readonly store: StateStore;
  /** Where the decision and fault lines go. */
  readonly log: ScalerLog;
  /** Polls a circuit breaker. @default - an HTTP GET ({@link pollCircuitBreaker}) */
  readonly pollCircuitBreaker?: (request: CircuitBreakerRequest) => Promise<CircuitBreakerAnswer>;
  /** The clock. @default Date.now */
  readonly now?: () => number;
}

/** One check's options. */
export interface ScalerCheckOptions {
  /** The policy, validated. */
  readonly policy: EnginePolicy;
  /** The tables to check, by exact name. */
  readonly tables: readonly string[];
  /** Decide and log, change nothing, publish nothing. @default false */
  readonly dryRun?: boolean;
}

/** AWS calls made by one check, by action (the cost of running the scaler). */
export type CallCounts = Record<
  'DescribeTable' | 'GetMetricData' | 'UpdateTable' | 'Publish' | 'CircuitBreaker' | 'DescribeScalableTargets' | 'RegisterScalableTarget', number
> & {
  /** Metrics requested from GetMetricData (billed per metric). */
  MetricsRequested: number;
};

/** What a check did. */
export interface CheckSummary {
  /** The protocol's result. */
  readonly result: CheckResult;
  /** Per table, checked or skipped and why, including tables whose state could not be read. */
  readonly tables: TableCheck[];
  /** Every failed call, and every table whose state could not be read or written. */
  readonly faults: Array<CheckFault | StateFault>;
  /** What publishing each notification gave. */
  readonly published: PublishResult[];
  /** AWS calls by action. */
  readonly calls: CallCounts;
  /** Wall time of the check, ms. */
  readonly durationMs: number;
}

/** A table whose state unit could not be read, or written after the check. */
export interface StateFault {
  /** The table. */
  readonly table: string;
  /** `ReadState` or `WriteState`. */
  readonly action: 'ReadState' | 'WriteState';
  /** `conflict` (another check wrote first) or `error`. */
  readonly outcome: 'conflict' | 'error';
  /** Why. */
  readonly message: string;
}

/**
 * Runs one check. Never throws for a table's fault (each is in `faults` and logged); throws only
 * when the state store as a whole cannot be read ({@link StateStoreError}).
 */
export async function runScalerCheck(deps: ScalerDeps, options: ScalerCheckOptions): Promise<CheckSummary> {
  const clock = deps.now ?? Date.now;
  const started = clock();
  const calls: CallCounts = {
    DescribeTable: 0,
    GetMetricData: 0,
    UpdateTable: 0,
    Publish: 0,
    CircuitBreaker: 0,
    DescribeScalableTargets: 0,
    RegisterScalableTarget: 0,
    MetricsRequested: 0,
  };
  const noAutoscaling = 'no Application Auto Scaling client: the scale-in guards cannot run';
  const stateFaults: StateFault[] = [];
  const unreadable: TableCheck[] = [];

  // A dry run reads the real state and keeps what it would write apart (never written).
  const store = options.dryRun ? DryRunStateStore.over(deps.store) : deps.store;
  const loaded = await store.load(options.tables);
  const states = dictionary<TableState | undefined>();
  const revisions = new Map<string, number>();
  /** Each table's unit as the store holds it now, encoded: read at the start, then as claimed. */
  const stored = new Map<string, string>();
  const tables: string[] = [];
  for (const table of options.tables) {
    const slot = loaded.get(table) ?? { revision: 0 };
    if (isUnreadable(slot)) {
      // Never checked on an empty state: that would reset its counters silently.
      stateFaults.push({ table, action: 'ReadState', outcome: 'error', message: slot.error });
      unreadable.push({ table, status: 'skipped', reason: `its state cannot be read: ${slot.error}` });
      continue;
    }
    states[table] = slot.unit;
    revisions.set(table, slot.revision);
    if (slot.unit) stored.set(table, encodeTableState(slot.unit));
    tables.push(table);
  }

  const credentials = new Map<string, Promise<BasicAuth>>();
  const poll = deps.pollCircuitBreaker ?? (async (r: CircuitBreakerRequest): Promise<CircuitBreakerAnswer> => {
    if (r.credentialsSecret === undefined) return pollCircuitBreaker(r);
    if (!deps.secrets) return { id: r.id, kind: r.kind, result: { error: `no Secrets Manager client for secret ${r.credentialsSecret}` } };
    let secret = credentials.get(r.credentialsSecret);
    if (!secret) credentials.set(r.credentialsSecret, secret = basicAuthFromSecret(deps.secrets, r.credentialsSecret));
    try {
      return await pollCircuitBreaker(r, await secret);
    } catch (e) {
      // Unreadable credentials: the breaker cannot be asked, so it reads as open (no change), said why.
      return { id: r.id, kind: r.kind, result: { error: `credentials secret ${r.credentialsSecret}: ${errorMessage(e)}` } };
    }
  });
  const answer = async (step: CheckStep): Promise<CheckAnswer[]> => {
    const metrics = step.requests.filter((r): r is MetricsRequest => r.kind === 'metrics');
    const stats: MetricsReadStats = { calls: 0, metrics: 0 };
    const metricAnswers = metrics.length > 0 ? readMetrics(deps.cloudwatch, metrics, stats) : Promise.resolve([]);
    const others = Promise.all(step.requests.filter((r) => r.kind !== 'metrics').map((r) => one(r)));
    const all = [...await metricAnswers, ...await others];
    calls.GetMetricData += stats.calls;
    calls.MetricsRequested += stats.metrics;
    return all;
  };
  const one = async (r: Exclude<CheckRequest, MetricsRequest>): Promise<CheckAnswer> => {
    switch (r.kind) {
      case 'describe-table':
        calls.DescribeTable++;
        return describeTable(deps.dynamodb, r);
      case 'circuit-breaker':
        calls.CircuitBreaker++;
        return poll(r);
      case 'claim-state': {
        const written = await store.write(r.table, r.state, revisions.get(r.table) ?? 0);
        if (written.outcome === 'ok') {
          revisions.set(r.table, written.revision);
          stored.set(r.table, encodeTableState(r.state));
        }
        return { id: r.id, kind: r.kind, outcome: written.outcome, ...(written.outcome === 'error' ? { message: written.message } : {}) };
      }
      case 'update-capacity':
        calls.UpdateTable++;
        return updateCapacity(deps.dynamodb, r);
      case 'scalable-targets':
        if (!deps.autoscaling) return { id: r.id, kind: r.kind, outcome: 'error', message: noAutoscaling };
        calls.DescribeScalableTargets++;
        return describeScalableTargets(deps.autoscaling, r);
      case 'suspend-scale-in':
        if (!deps.autoscaling) return { id: r.id, kind: r.kind, outcome: 'error', message: noAutoscaling };
        calls.RegisterScalableTarget++;
        return suspendScaleIn(deps.autoscaling, r);
    }
  };
  const result = await runCheck(
    { nowMs: started, policy: options.policy, tables, states, explain: true, dryRun: options.dryRun === true },
    answer,
  );

  const lost = new Set<string>();
  for (const [table, unit] of Object.entries(result.states)) {
    // A unit as it is stored already (as read, or as claimed) is not written again: one write less.
    if (unit !== null && stored.get(table) === encodeTableState(unit)) continue;
    let written = await store.write(table, unit, revisions.get(table) ?? 0);
    // Conditional on the revision this check holds, so writing again cannot overwrite another
    // check's state; it matters after a claim, whose unit assumed every update went through.
    if (written.outcome === 'error') written = await store.write(table, unit, revisions.get(table) ?? 0);
    if (written.outcome === 'conflict') lost.add(table);
    if (written.outcome !== 'ok') {
      stateFaults.push({
        table,
        action: 'WriteState',
        outcome: written.outcome,
        message: written.outcome === 'conflict' ? 'another check wrote this table\'s state first; this check\'s state is dropped' : written.message,
      });
    }
  }
  await store.flush();
  // The check that won a table's state also notifies its alarms: publish them once.
  const notifications = result.notifications.filter((n) => !lost.has(n.table));
  const published = notifications.length > 0 ? await publishNotifications(deps.sns, notifications) : [];
  calls.Publish += published.length;

  const summary: CheckSummary = {
    result,
    tables: [...result.tables, ...unreadable].sort((a, b) => (a.table < b.table ? -1 : a.table > b.table ? 1 : 0)),
    faults: [...result.faults, ...stateFaults],
    published,
    calls,
    durationMs: clock() - started,
  };
  deps.log.check(summary, options.dryRun === true);
  return summary;
}
