/**
 * The input and output of `decide()`: one check of every managed table and its GSIs.
 * Everything the engine needs is here, including the clock (`nowMs`) and the state carried
 * between checks, so the engine stays pure and deterministic.
 */
import type { HoldRule } from './apply';
import { EnginePolicy, NotificationType, TableRule, TargetPolicy } from './policy';
import type { ScalableTargetState, SuspendedState } from './scale-in-guard';
import type { StepScalingState } from './step-scaling';

/** A table's or GSI's status, as DynamoDB's `DescribeTable` reports it. Only `ACTIVE` may be updated. */
export type CapacityStatus = 'ACTIVE' | 'UPDATING' | 'CREATING' | 'DELETING' | string;

/** Reads or writes. */
export type Dimension = 'reads' | 'writes';

/** The current capacity of a GSI, from `DescribeTable`. */
export interface IndexSnapshot {
  /** Provisioned read capacity units now. 0 means on-demand (D9: skipped). */
  readonly read: number;
  /** Provisioned write capacity units now. 0 means on-demand (D9: skipped). */
  readonly write: number;
  /** `IndexStatus`. @default 'ACTIVE' */
  readonly status?: CapacityStatus;
  /** `NumberOfDecreasesToday` (D15). @default 0 */
  readonly decreasesToday?: number;
  /** `LastDecreaseDateTime` in epoch milliseconds (D15). @default - no decrease known */
  readonly lastDecreaseMs?: number;
  /**
   * Since when the capacity has been what it is, epoch ms: the latest of `CreationDateTime`,
   * `LastIncreaseDateTime` and `LastDecreaseDateTime`. When it is well before a metric window,
   * the window's provisioned capacity is the current one and need not be read from CloudWatch
   * (`provisionedIsCurrent`). @default - unknown: the provisioned capacity is read
   */
  readonly capacitySinceMs?: number;
}

/** The current capacity of a table, from `DescribeTable`. */
export interface TableSnapshot extends IndexSnapshot {
  /** The table's GSIs, by index name. @default - none */
  readonly gsis?: Readonly<Record<string, IndexSnapshot>>;
}

/**
 * CloudWatch statistics over the lookback window of one table (key `t`) or GSI (key `t:g`).
 * An absent metric means "no datapoint" (dd treats it as 0).
 */
export interface MetricSums {
  /** Sum of `ConsumedReadCapacityUnits` over the window. @default - no datapoint */
  readonly ConsumedReadCapacityUnits?: number;
  /** Sum of `ConsumedWriteCapacityUnits` over the window. @default - no datapoint */
  readonly ConsumedWriteCapacityUnits?: number;
  /** Sum of `ReadThrottleEvents` over the window. @default - no datapoint */
  readonly ReadThrottleEvents?: number;
  /** Sum of `WriteThrottleEvents` over the window. @default - no datapoint */
  readonly WriteThrottleEvents?: number;
  /**
   * The **Average** of `ProvisionedReadCapacityUnits` over the window (a gauge, so the average is
   * the meaningful statistic): the capacity consumption is measured against (D8).
   * @default - the current provisioning (dd's behaviour)
   */
  readonly ProvisionedReadCapacityUnits?: number;
  /** The Average of `ProvisionedWriteCapacityUnits` over the window (D8). @default - the current provisioning */
  readonly ProvisionedWriteCapacityUnits?: number;
}

/** What polling a circuit-breaker URL gave: an HTTP status, or an error such as `timeout`. */
export interface CircuitBreakerOutcome {
  /** The final HTTP status. 200-299 means closed. @default - no answer */
  readonly status?: number;
  /** Why there was no answer (`timeout`, `connection refused`, …): open. @default - none */
  readonly error?: string;
}

/** Per-dimension consecutive-check counters of one table or GSI (dd's `CHECK_STATUS`). */
export interface DimensionCounters {
  /** Read counter. */
  readonly reads: number;
  /** Write counter. */
  readonly writes: number;
}

/** The consecutive-check counters: tables by name, GSIs by `table:gsi`. */
export interface CounterState {
  /** By table name. */
  readonly tables: Readonly<Record<string, DimensionCounters>>;
  /** By `table:gsi`. */
  readonly gsis: Readonly<Record<string, DimensionCounters>>;
}

/**
 * State carried from one check to the next. Pass the previous output's `state` back unchanged.
 * Only `counters` is required; the documented minimal form `{ counters }` works.
 */
export interface EngineState {
  /** Consecutive-check counters. */
  readonly counters: CounterState;
  /**
   * The last alarm signature per table (`t`) or GSI (`t:g`), e.g. `high-throughput-alarm:reads`,
   * or `''` when no alarm fires. An alarm is notified only when it changes (D14).
   * @default - no alarm fired before
   */
  readonly alarms?: Readonly<Record<string, string>>;
  /**
   * Per target (`t` / `t:g`) and dimension: the end (epoch ms) of the lookback window whose
   * throttles last drove an increase. Throttles of windows starting more than
   * `THROTTLE_OVERLAP_TOLERANCE_MS` (30 s) before it are not counted again (D8).
   * @default - none
   */
  readonly throttleCountedUntil?: Readonly<Record<string, { readonly reads?: number; readonly writes?: number }>>;
  /**
   * Per target (`t` / `t:g`), with `lookbackWindowStartMax`: `minutes` the next check's window
   * starts before `lookback-window-start` because a window was not published yet, and how many
   * published windows in a row were read since (`published`). Hosts query `queryWindow()`,
   * which adds `minutes`.
   * @default - none: every window starts at lookback-window-start
   */
  readonly lookbackShift?: Readonly<Record<string, LookbackShift>>;
  /**
   * Per target (`t` / `t:g`) and dimension, with `decreasePeakHalfLifeMinutes`: the recent peak
   * of the consecutive low checks counted so far, in consumed units per second as it stood at
   * `atMs`. Read only while that dimension's counter is above 0.
   * @default - none
   */
  readonly lowChecksPeak?: Readonly<Record<string, { readonly reads?: LowChecksPeak; readonly writes?: LowChecksPeak }>>;
  /**
   * Per target (`t` / `t:g`) and dimension with a step policy: its cooldowns (see `StepScalingState`).
   * @default - none
   */
  readonly stepScaling?: Readonly<Record<string, { readonly reads?: StepScalingState; readonly writes?: StepScalingState }>>;
}

/**
 * One-minute datapoints of a target's window, oldest first, one entry per minute (null: no
 * datapoint), for dimensions with a step policy. Sums, as `MetricSums` has them.
 */
export type MetricSeries = Partial<Readonly<Record<keyof MetricSums, ReadonlyArray<number | null>>>>;

/** The recent peak of a dimension's low checks (`decreasePeakHalfLifeMinutes`). */
export interface LowChecksPeak {
  /** Consumed units per second. */
  readonly unitsPerSecond: number;
  /** When it was last updated, epoch milliseconds; it halves every half-life after that. */
  readonly atMs: number;
}

/** How far a target's window has moved back, waiting for CloudWatch (`lookbackWindowStartMax`). */
export interface LookbackShift {
  /** Minutes before `lookback-window-start` the next window starts. */
  readonly minutes: number;
  /** Published windows read in a row at this shift. */
  readonly published: number;
}

/** The input of one check. */
export interface DecideInput {
  /** The check's time, epoch milliseconds (UTC). */
  readonly nowMs: number;
  /** The policy (already validated). */
  readonly policy: EnginePolicy;
  /** Every table in the account/region the policy may manage, by name. */
  readonly tables: Readonly<Record<string, TableSnapshot>>;
  /** CloudWatch statistics per target: `t` or `t:g`. @default - no datapoints */
  readonly metricSums: Readonly<Record<string, MetricSums>>;
  /** Per-minute datapoints per target with a step policy: `t` or `t:g`. @default - none: a step policy sees no datapoint */
  readonly metricSeries?: Readonly<Record<string, MetricSeries>>;
  /** State from the previous check. */
  readonly state: EngineState;
  /**
   * The outcome of polling each circuit-breaker URL once for this check (D13), by URL as
   * configured. A configured URL with no outcome counts as open.
   * @default - no circuit breaker polled
   */
  readonly circuitBreakers?: Readonly<Record<string, CircuitBreakerOutcome>>;
  /**
   * Whether to build human-readable reasons. The simulator turns them off for speed.
   * @default true
   */
  readonly explain?: boolean;
  /**
   * What the policy manages of each table, when the caller has matched it already (the check
   * protocol matches a table's targets to know which windows to read): `managedTargets` for the
   * table's snapshot. A table missing here is matched by `decide`.
   * @default - `decide` matches every table
   */
  readonly managed?: Readonly<Record<string, ManagedTargets | undefined>>;
  /**
   * The scalable targets of guarded dimensions (`scaleInGuard`), per target (`t` / `t:g`) and
   * dimension, as `DescribeScalableTargets` reports them; a dimension absent has none registered.
   * A target absent here was not read: its guard decides but registers nothing.
   * @default - none read
   */
  readonly scalableTargets?: Readonly<Record<string, ScalableTargets>>;
}

/** The scalable targets of one table or GSI, by dimension (absent: none registered). */
export interface ScalableTargets {
  /** Read capacity's scalable target. @default - none registered */
  readonly reads?: ScalableTargetState;
  /** Write capacity's scalable target. @default - none registered */
  readonly writes?: ScalableTargetState;
}

/** A change of a scalable target's `SuspendedState` (`RegisterScalableTarget`), min and max left alone. */
export interface ScaleInChange {
  /** The table. */
  readonly table: string;
  /** The GSI, or null. */
  readonly gsi: string | null;
  /** Reads or writes. */
  readonly dimension: Dimension;
  /** The whole new state: the two flags this project does not manage are passed as they were. */
  readonly suspendedState: SuspendedState;
}

/** What a policy manages of one table: its rule and its targets in check order (see `managedTargets`). */
export interface ManagedTargets {
  /** The table's rule. */
  readonly rule: TableRule;
  /** The table (gsi null) and each GSI a rule matches, in check order, with its options. */
  readonly targets: ReadonlyArray<{ readonly gsi: string | null; readonly policy: TargetPolicy }>;
}

/** The decision for one dimension of one table or GSI. */
export interface DimensionDecision {
  /** The table. */
  readonly table: string;
  /** The GSI, or null for the table itself. */
  readonly gsi: string | null;
  /** Reads or writes. */
  readonly dimension: Dimension;
  /** The capacity now. */
  readonly currentUnits: number;
  /** Whether the decision wants a change (before the apply rules of §7). */
  readonly updateNeeded: boolean;
  /** The capacity the decision proposes (equal to `currentUnits` when no update is needed). */
  readonly proposedUnits: number;
  /** The counter before this check. */
  readonly counterIn: number;
  /** The counter the decision returns (dd's `counter_out`), before a successful apply zeroes it. */
  readonly counterOut: number;
  /** Consumed % used for the thresholds (D8), or null when the target was skipped. */
  readonly consumedPercent: number | null;
  /** Why: human-readable, in order. Empty when `explain` is false. */
  readonly reasons: string[];
  /** The apply rule that held the proposed change back (for metrics). @default - none held it */
  readonly heldBy?: HoldRule;
  /** For a guarded dimension (hybrid path): whether native scale-in is to be suspended. @default - not guarded */
  readonly scaleInSuspended?: boolean;
}

/** One `UpdateTable` to send (for a GSI, a `GlobalSecondaryIndexUpdates[].Update`). */
export interface CapacityUpdate {
  /** The table. */
  readonly table: string;
  /** The GSI, or null for the table. */
  readonly gsi: string | null;
  /** Read capacity to set. */
  readonly reads: number;
  /** Write capacity to set. */
  readonly writes: number;
  /** Read capacity now. */
  readonly fromReads: number;
  /** Write capacity now. */
  readonly fromWrites: number;
  /** Whether DynamoDB counts this update as a decrease (either dimension goes down; D15). */
  readonly isDecrease: boolean;
  /**
   * What to send instead if DynamoDB answers `LimitExceededException`: the increases alone
   * (dd's increase-only retry), or null when nothing would be left.
   */
  readonly increaseOnly: { readonly reads: number; readonly writes: number } | null;
}

/** An SNS message to publish (§10-§11). */
export interface EngineNotification {
  /** The message type a subscriber filtered on: the first of `types` that is subscribed. */
  readonly type: NotificationType;
  /** Every type the event carries (`scale-up` and `scale-down` for a mixed update). */
  readonly types: NotificationType[];
  /** The SNS topic. */
  readonly topicArn: string;
  /** The table. */
  readonly table: string;
  /** The GSI, or null. */
  readonly gsi: string | null;
  /** The subject, exactly as dd writes it. */
  readonly subject: string;
  /** The body, exactly as dd writes it. */
  readonly message: string;
  /**
   * True for a scaling message: publish it only after the matching update succeeded
   * (and after an increase-only retry, rebuild it from what was applied).
   */
  readonly afterUpdate: boolean;
}

/** The result of one check. */
export interface DecideOutput {
  /** Per target and dimension, tables in name order, each followed by its GSIs. */
  readonly decisions: DimensionDecision[];
  /** The updates to send, after the apply rules (status, down-scaling flags, windows, rw-together, quota). */
  readonly updates: CapacityUpdate[];
  /**
   * The state for the next check, assuming every update succeeds. If an update fails, or only
   * its `increaseOnly` retry goes through, pass it to `settleUpdate` (settle.ts): a dimension
   * whose change was not applied keeps this check's counter (its decision's `counterOut`, not the
   * input counter, D3) and its throttles of the window (D8); an applied one is reset.
   */
  readonly state: EngineState;
  /** Notifications, alarms first, in target order. */
  readonly notifications: EngineNotification[];
  /** `SuspendedState` changes of guarded dimensions' scalable targets, in target order. */
  readonly scaleIn: readonly ScaleInChange[];
}
