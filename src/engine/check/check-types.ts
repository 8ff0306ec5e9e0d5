/**
 * The requests the check protocol asks a host to make, the answers it takes, and what a check
 * returns. The protocol does no I/O: a host (the scaler Lambda, `dynamic-scaling run`, the CLI,
 * the simulator) turns each request into an AWS call (or a model of one) and answers it.
 */
import { TableState } from './table-state';
import {
  CapacityUpdate, CircuitBreakerOutcome, Dimension, DimensionDecision, EngineNotification, MetricSeries, MetricSums, ScaleInChange, TableSnapshot,
} from '../core/decide-types';
import { MetricRead, MetricStatistic } from '../core/metrics-read';
import { EnginePolicy } from '../core/policy';
import { ScalableTargetState, SuspendedState } from '../core/scale-in-guard';
import { SentCapacity } from '../core/settle';

/** A CloudWatch metric of `AWS/DynamoDB` the engine reads. */
export type MetricName = keyof MetricSums;

export type { MetricStatistic };

/**
 * How an AWS call ended, by the error's name without `Exception`: `LimitExceeded` (the decrease
 * quota), `ResourceInUse` (the table is UPDATING), `Validation` (e.g. an update that changes
 * nothing), `ResourceNotFound` (the table is gone), `AccessDenied`, or any other `error`.
 */
export type CallOutcome = 'ok' | 'LimitExceeded' | 'ResourceInUse' | 'Validation' | 'ResourceNotFound' | 'AccessDenied' | 'error';

/** `DescribeTable` of one table. */
export interface DescribeTableRequest {
  /** Unique within the check (1, 2, … in the order asked); the answer carries it back. */
  readonly id: number;
  /** The kind of request. */
  readonly kind: 'describe-table';
  /** The table's exact name. */
  readonly table: string;
}

/**
 * The CloudWatch metrics of one table or GSI over one exact window: for each, the `statistic` of
 * the datapoints whose timestamp is in `[startMs, endMs)`. Each metric is one GetMetricData query
 * (a host batches up to 500 queries in a call); only the metrics the target's rules read are asked.
 */
export interface MetricsRequest {
  /** Unique within the check. */
  readonly id: number;
  /** The kind of request. */
  readonly kind: 'metrics';
  /** The table (dimension `TableName`). */
  readonly table: string;
  /** The GSI (dimension `GlobalSecondaryIndexName`), or null for the table. */
  readonly gsi: string | null;
  /** The metrics and their statistics. */
  readonly metrics: readonly MetricRead[];
  /** Window start, epoch ms (inclusive). */
  readonly startMs: number;
  /** Window end, epoch ms (exclusive). */
  readonly endMs: number;
  /**
   * When set (60), the answer also carries each `Sum` metric per one-minute period of the window,
   * in `series`: a dimension with a step policy evaluates its minutes.
   * @default - the window's statistics only
   */
  readonly periodSeconds?: number;
}

/** One poll of a circuit-breaker URL (D13: once per URL per check). */
export interface CircuitBreakerRequest {
  /** Unique within the check. */
  readonly id: number;
  /** The kind of request. */
  readonly kind: 'circuit-breaker';
  /** The URL to `GET`, credentials removed. */
  readonly url: string;
  /** Timeout in milliseconds. */
  readonly timeoutMs: number;
  /** Basic-auth user taken from the configured URL. @default - no authentication */
  readonly username?: string;
  /** Basic-auth password taken from the configured URL; never log it. @default - no authentication */
  readonly password?: string;
  /** A Secrets Manager secret with `{"username", "password"}` for basic auth; the host reads it. @default - none */
  readonly credentialsSecret?: string;
  /** The first table (in check order) this breaker guards, for the `x-table-name` header. */
  readonly table: string;
  /** Its GSI when the breaker is a GSI's own, for the `x-gsi-name` header; else null. */
  readonly gsi: string | null;
}

/** One dimension of a table or GSI, as a scalable target of Application Auto Scaling (see `scalableTargetId`). */
export interface ScalableTargetRef {
  /** The GSI, or null for the table. */
  readonly gsi: string | null;
  /** Reads or writes. */
  readonly dimension: Dimension;
}

/**
 * `DescribeScalableTargets` (namespace `dynamodb`) of a table's guarded dimensions (the hybrid
 * path): their min, max and `SuspendedState`.
 */
export interface ScalableTargetsRequest {
  /** Unique within the check. */
  readonly id: number;
  /** The kind of request. */
  readonly kind: 'scalable-targets';
  /** The table. */
  readonly table: string;
  /** The guarded dimensions. */
  readonly targets: readonly ScalableTargetRef[];
}

/**
 * `RegisterScalableTarget` of one guarded dimension with a new `SuspendedState` (min and max not
 * passed, so left as they are): suspends or resumes native scale-in.
 */
export interface SuspendScaleInAction extends ScalableTargetRef {
  /** Unique within the check. */
  readonly id: number;
  /** The kind of action. */
  readonly kind: 'suspend-scale-in';
  /** The table. */
  readonly table: string;
  /** The whole state to register (the flags this project does not manage as they were). */
  readonly suspendedState: SuspendedState;
}

/** New read and write capacity of a table or one GSI. */
export interface Throughput {
  /** Read capacity units. */
  readonly reads: number;
  /** Write capacity units. */
  readonly writes: number;
}

/** A GSI's part of an `update-capacity` action (`GlobalSecondaryIndexUpdates[].Update`). */
export interface IndexThroughput extends Throughput {
  /** The index name. */
  readonly index: string;
}

/**
 * One `UpdateTable` of a table and its GSIs together. DynamoDB applies all of it or none; the
 * protocol retries the increases alone after `LimitExceeded`.
 */
export interface UpdateCapacityAction {
  /** Unique within the check. */
  readonly id: number;
  /** The kind of action. */
  readonly kind: 'update-capacity';
  /** The table. */
  readonly table: string;
  /** The table's new throughput. @default - the table's own throughput is not changed */
  readonly throughput?: Throughput;
  /** The GSIs' new throughput, by index name order. */
  readonly gsis: readonly IndexThroughput[];
  /** The id of the action this retries with the increases alone. @default - not a retry */
  readonly retryOf?: number;
}

/**
 * Before a table's updates are sent: persist `state` (the table's unit as it will be if every
 * update succeeds) only if nobody has written the table's unit since this check read it (a
 * conditional write on its version). Two overlapping checks of one table (a schedule and an
 * alarm) then never both send: the one that loses the condition answers `conflict` and sends
 * nothing for that table.
 */
export interface ClaimStateRequest {
  /** Unique within the check. */
  readonly id: number;
  /** The kind of request. */
  readonly kind: 'claim-state';
  /** The table. */
  readonly table: string;
  /** The unit to write. */
  readonly state: TableState;
}

/** Anything the protocol asks a host to do. */
export type CheckRequest =
  | DescribeTableRequest | MetricsRequest | CircuitBreakerRequest | ScalableTargetsRequest
  | ClaimStateRequest | UpdateCapacityAction | SuspendScaleInAction;

/** The phases of a check, in order; a phase with nothing to ask is not yielded. */
export type CheckPhase = 'describe' | 'read' | 'claim' | 'send' | 'retry';

/** What the protocol yields: every request of one phase, to be answered together (in any order). */
export interface CheckStep {
  /** The phase. */
  readonly phase: CheckPhase;
  /** The requests; independent of each other, so a host may make them in parallel. */
  readonly requests: readonly CheckRequest[];
}

/** The answer to a {@link DescribeTableRequest}. */
export interface DescribeTableAnswer {
  /** The request's id. */
  readonly id: number;
  /** The request's kind. */
  readonly kind: 'describe-table';
  /** How the call ended. */
  readonly outcome: CallOutcome;
  /** The table's capacity and its GSIs', when `ok`. @default - none: the call failed */
  readonly snapshot?: TableSnapshot;
  /** The error's message, when not `ok`. @default - none */
  readonly message?: string;
}

/** The answer to a {@link MetricsRequest}. */
export interface MetricsAnswer {
  /** The request's id. */
  readonly id: number;
  /** The request's kind. */
  readonly kind: 'metrics';
  /** How the reads ended (after the SDK's own retries); one failed metric fails them all. */
  readonly outcome: CallOutcome;
  /** Each metric's statistic over the window; a metric absent has no datapoint in it. @default - no datapoints */
  readonly values?: MetricSums;
  /**
   * With `periodSeconds`: each `Sum` metric per period of the window, oldest first, one entry per
   * period (null: no datapoint). @default - none
   */
  readonly series?: MetricSeries;
  /** The error's message, when not `ok`. @default - none */
  readonly message?: string;
}

/** The answer to a {@link CircuitBreakerRequest}: a status, or why there was none (open). */
export interface CircuitBreakerAnswer {
  /** The request's id. */
  readonly id: number;
  /** The request's kind. */
  readonly kind: 'circuit-breaker';
  /** The HTTP status or the error. */
  readonly result: CircuitBreakerOutcome;
}

/** The answer to an {@link UpdateCapacityAction}. */
export interface UpdateCapacityAnswer {
  /** The action's id. */
  readonly id: number;
  /** The action's kind. */
  readonly kind: 'update-capacity';
  /** How the call ended. */
  readonly outcome: CallOutcome;
  /** The error's message, when not `ok`. @default - none */
  readonly message?: string;
}

/** The answer to a {@link ScalableTargetsRequest}. */
export interface ScalableTargetsAnswer {
  /** The request's id. */
  readonly id: number;
  /** The request's kind. */
  readonly kind: 'scalable-targets';
  /** How the call ended. */
  readonly outcome: CallOutcome;
  /** The requested targets that are registered, when `ok`; one absent is not registered. @default - none */
  readonly targets?: ReadonlyArray<ScalableTargetRef & { readonly state: ScalableTargetState }>;
  /** The error's message, when not `ok`. @default - none */
  readonly message?: string;
}

/** The answer to a {@link SuspendScaleInAction}. */
export interface SuspendScaleInAnswer {
  /** The action's id. */
  readonly id: number;
  /** The action's kind. */
  readonly kind: 'suspend-scale-in';
  /** How the call ended. */
  readonly outcome: CallOutcome;
  /** The error's message, when not `ok`. @default - none */
  readonly message?: string;
}

/** The answer to a {@link ClaimStateRequest}. */
export interface ClaimStateAnswer {
  /** The request's id. */
  readonly id: number;
  /** The request's kind. */
  readonly kind: 'claim-state';
  /** `ok`: written; `conflict`: another check wrote the unit first; `error`: the write failed. */
  readonly outcome: 'ok' | 'conflict' | 'error';
  /** The error's message. @default - none */
  readonly message?: string;
}

/** Any answer. */
export type CheckAnswer =
  | DescribeTableAnswer | MetricsAnswer | CircuitBreakerAnswer | ScalableTargetsAnswer
  | ClaimStateAnswer | UpdateCapacityAnswer | SuspendScaleInAnswer;

/** The input of one check. */
export interface CheckInput {
  /** The check's time, epoch ms (UTC). */
  readonly nowMs: number;
  /** The policy (validated). Exact table rules for managed tables; patterns still match. */
  readonly policy: EnginePolicy;
  /** The tables to check, by exact name (an alarm-triggered check names only its table). */
  readonly tables: readonly string[];
  /** Each table's persisted unit; absent for a table never checked. */
  readonly states: Readonly<Record<string, TableState | undefined>>;
  /** Build human-readable reasons. @default true */
  readonly explain?: boolean;
  /**
   * Decide everything and send nothing (dd's `--dry-run`): no update is made, no notification
   * is returned, and the state is settled as if every update had been refused (D3: counters
   * are kept). @default false
   */
  readonly dryRun?: boolean;
}

/** Where a call failed, for logs and metrics. */
export interface CheckFault {
  /** The table. */
  readonly table: string;
  /** The GSI, or null. */
  readonly gsi: string | null;
  /** The call that failed: an AWS action, or the state write that claims a table before its updates. */
  readonly action: 'DescribeTable' | 'GetMetricData' | 'UpdateTable' | 'ClaimState' | 'DescribeScalableTargets' | 'RegisterScalableTarget';
  /** How it ended. */
  readonly outcome: CallOutcome | 'conflict';
  /** The error's message. @default - none */
  readonly message?: string;
}

/** What became of one planned update of a table or GSI. */
export interface UpdateResult {
  /** The update `decide` planned. */
  readonly update: CapacityUpdate;
  /** What DynamoDB accepted: the update, its increase-only retry, or null. */
  readonly sent: SentCapacity | null;
  /** How the (last) call for it ended; `dry-run` when none was made. */
  readonly outcome: CallOutcome | 'dry-run';
}

/** What became of one `SuspendedState` change of a guarded dimension. */
export interface ScaleInResult {
  /** The change `decide` planned. */
  readonly change: ScaleInChange;
  /** How the call ended; `dry-run` when none was made. */
  readonly outcome: CallOutcome | 'dry-run';
}

/** How one table's check went. */
export interface TableCheck {
  /** The table. */
  readonly table: string;
  /** `checked`: decided (and sent); `skipped`: not decided this check (see `reason`). */
  readonly status: 'checked' | 'skipped';
  /** Why it was skipped. @default - it was checked */
  readonly reason?: string;
}

/** What a check returns. */
export interface CheckResult {
  /** Every decision, tables by name, each followed by its GSIs. */
  readonly decisions: DimensionDecision[];
  /** Every planned update and what became of it. */
  readonly updates: UpdateResult[];
  /** Every planned suspension or resumption of native scale-in (hybrid path) and what became of it. */
  readonly scaleIn: ScaleInResult[];
  /** The notifications that may now be published: alarms, and scaling messages of applied updates. */
  readonly notifications: EngineNotification[];
  /**
   * The units to persist, by table: the new unit, or null to delete it (a table gone for longer
   * than `MISSING_TABLE_STATE_TTL_MS`). A table skipped for a fault is absent: its unit is left
   * as it was.
   */
  readonly states: Readonly<Record<string, TableState | null>>;
  /** Per table, in name order. */
  readonly tables: TableCheck[];
  /** Every failed call. */
  readonly faults: CheckFault[];
}
