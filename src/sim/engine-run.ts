/**
 * Runs a custom policy (Dynamic DynamoDB configuration, preset or user policy) exactly as the
 * scaler does: every check interval it runs the engine's check protocol and answers its requests
 * (DescribeTable, the CloudWatch windows, UpdateTable and its increase-only retry) from the
 * simulated table and CloudWatch. No scaling rule, and no part of the loop, lives here.
 *
 * One dimension is simulated; the other is held at its policy minimum with no traffic, so it
 * never asks for a change. `always-decrease-rw-together` would then block every decrease, so it
 * is switched off for the simulation (and said so in `notes`). Checks run at minute boundaries:
 * a check interval under a minute, or not a whole number of minutes, is said so in `notes` too.
 *
 * The run also counts what the scaler would pay for (running-cost.ts): the checks, the metrics
 * each check requests (what the protocol asks for: `metricsRead` of the target, 2-4 metrics), and
 * the state writes (each claim before an update, and the final write unless the state item already
 * holds that state, as the scaler skips it). A check interval under a minute is charged at its own
 * rate: each simulated check counts `60 / interval` times.
 */
import { CloudWatchModel, SimMetric } from './cloudwatch';
import { Prices } from './cost';
import { ProvisionedCapacity, UpdateOutcome } from './dynamodb-capacity';
import { CapacityController, ProvisionedRunOptions, runProvisioned } from './provisioned-run';
import { PolicyRun } from './results';
import { scalerRunningCost, ScalerUsage, targetTrackingRunningCostUsd } from './running-cost';
import { TargetTrackingModel } from './target-tracking';
import { Trace } from './trace';
import {
  CallOutcome, CheckAnswer, CheckRequest, configuredCircuitBreakers, DimensionPolicy, EnginePolicy, matchTableRule, MetricName,
  runCheckSync, TableState,
} from '../engine';

const MINUTE_MS = 60_000;

/** The table name used when the policy does not name one. */
export const DEFAULT_SIM_TABLE = 'table';

/** Options of an engine run. */
export interface EngineRunOptions extends Omit<ProvisionedRunOptions, 'kind'> {
  /** The simulated table's name, which the policy's table rules must match. @default - see `simTableName` */
  readonly tableName?: string;
  /**
   * Native target tracking of the simulated dimension, evaluated every minute before the check:
   * the hybrid path, whose guards (`scaleInGuard`) suspend its scale-in through its
   * `suspendedState`. @default - no native policy: the engine alone scales
   */
  readonly native?: TargetTrackingModel;
}

/** A custom policy's run, with what the simulation had to assume. */
export interface EngineRun extends PolicyRun {
  /** Things the user should know about how the policy was simulated. */
  readonly notes: string[];
  /** What the scaler did, which its running cost charges (checks at the policy's own rate). */
  readonly scalerUsage: ScalerUsage;
}

/**
 * The table name to simulate: the first table rule's exact name, or its pattern when that is a
 * plain name (anchors allowed), otherwise `table`.
 */
export function simTableName(policy: EnginePolicy): string {
  const rule = policy.tables[0];
  if (rule?.tableName !== undefined) return rule.tableName;
  const first = rule?.tablePattern;
  if (first === undefined) return DEFAULT_SIM_TABLE;
  const plain = first.replace(/^\^/, '').replace(/\$$/, '');
  return /^[A-Za-z0-9_-]+$/.test(plain) ? plain : DEFAULT_SIM_TABLE;
}

/** Runs `trace` through `policy` with the engine's check protocol. */
export function runEnginePolicy(trace: Trace, policy: EnginePolicy, options: EngineRunOptions): EngineRun {
  const tableName = options.tableName ?? simTableName(policy);
  const target = matchTableRule(policy, tableName)?.policy;
  if (!target) {
    throw new Error(`the policy has no table rule matching the simulated table "${tableName}"; name the table with --table`);
  }
  const notes: string[] = [];
  // The simulator steps in minutes (CloudWatch's resolution): say when that moves the checks.
  const interval = policy.checkIntervalSeconds;
  if (interval < 60) {
    notes.push(`check-interval ${interval} s is shorter than the simulator's one-minute step: the policy was checked once a minute `
      + `(its running cost counts a check every ${interval} s)`);
  } else if (interval % 60 !== 0) {
    notes.push(`check-interval ${interval} s is not a whole number of minutes: each check ran at the first minute boundary at or after its time`);
  }
  if (configuredCircuitBreakers(policy).length > 0) {
    notes.push('the circuit breaker was simulated as closed (HTTP 200) at every check: the simulator has no endpoint to poll');
  }
  let simPolicy = policy;
  if (target.alwaysDecreaseRwTogether) {
    notes.push('always-decrease-rw-together was switched off: only one dimension is simulated');
    simPolicy = {
      ...policy,
      tables: policy.tables.map((rule) => ({ ...rule, policy: { ...rule.policy, alwaysDecreaseRwTogether: false } })),
    };
  }
  const read = options.dimension === 'read';
  const dim: DimensionPolicy = read ? target.reads : target.writes;
  const other: DimensionPolicy = read ? target.writes : target.reads;
  const otherCapacity = Math.max(1, Math.min(other.min, other.max));
  const initialCapacity = Math.min(dim.max, Math.max(dim.min, options.table.initialCapacity));
  const controller = new EngineController(simPolicy, tableName, read, otherCapacity, options.native);
  const run = runProvisioned(trace, controller, {
    ...options,
    kind: options.native ? 'hybrid' : 'custom',
    table: { ...options.table, initialCapacity },
  });
  return { ...run, notes, scalerUsage: controller.usage(trace.load.length * 60) };
}

/** The simulated dimension's share of its table's scaler costs: one of the two dimensions it scales. */
export const SIMULATED_DIMENSION_SHARE = 0.5;

class EngineController implements CapacityController {
  private state: TableState | undefined;
  private nextCheckMs = Number.NEGATIVE_INFINITY;
  private readonly intervalMs: number;
  private checked = false;
  /** What the scaler would pay for: checks, metrics requested, state writes. */
  private checks = 0;
  private metricsRequested = 0;
  private stateWrites = 0;
  /** The state item as stored (after the last write), to skip a write that changes nothing, as the scaler does. */
  private stored: string | undefined;

  constructor(
    private readonly policy: EnginePolicy,
    private readonly tableName: string,
    private readonly read: boolean,
    private readonly otherCapacity: number,
    private readonly native: TargetTrackingModel | undefined,
  ) {
    this.intervalMs = Math.max(MINUTE_MS, policy.checkIntervalSeconds * 1000);
  }

  public atMinute(_m: number, nowMs: number, cw: CloudWatchModel, table: ProvisionedCapacity): void {
    this.native?.evaluate(nowMs, cw, table);
    if (nowMs < this.nextCheckMs) return;
    this.nextCheckMs = (this.nextCheckMs === Number.NEGATIVE_INFINITY ? nowMs : this.nextCheckMs) + this.intervalMs;
    // The engine's check protocol, answered by the models: the same loop the scaler runs.
    const result = runCheckSync(
      { nowMs, policy: this.policy, tables: [this.tableName], states: { [this.tableName]: this.state }, explain: false },
      (step) => step.requests.map((r) => this.answer(r, nowMs, cw, table)),
    );
    if (!this.checked) {
      this.checked = true;
      if (!result.decisions.some((d) => d.table === this.tableName && d.gsi === null)) {
        throw new Error(`the engine made no decision for the simulated table "${this.tableName}"`);
      }
    }
    this.checks++;
    // Absent: the check left the state as it was; null: it dropped it.
    const next = result.states[this.tableName];
    if (next !== undefined) {
      const unit = next === null ? undefined : stableJson(next);
      if (next === null || unit !== this.stored) this.stateWrites++;
      this.stored = unit;
      this.state = next ?? undefined;
    }
  }

  /** What the scaler did over `seconds`: the table is its one target. */
  public usage(seconds: number): ScalerUsage {
    // Sub-minute intervals were checked once a minute: charge the checks at the policy's own rate.
    const perCheck = this.policy.checkIntervalSeconds < 60 ? 60 / this.policy.checkIntervalSeconds : 1;
    return {
      checks: this.checks * perCheck,
      metricsRequested: this.metricsRequested * perCheck,
      stateWrites: this.stateWrites * perCheck,
      targets: 1,
      seconds,
      // The hybrid path has no throttle alarm: target tracking scales out.
      ...(this.native ? { throttleAlarm: false } : {}),
    };
  }

  public runningCostUsd(seconds: number, prices: Prices): number {
    // A table's scaler serves both dimensions with the same checks (each reads its own metrics,
    // the throttle alarm one metric each): the simulated dimension carries its half, as target
    // tracking carries the 4 alarms of its own dimension.
    const scaler = scalerRunningCost(this.usage(seconds), prices).total * SIMULATED_DIMENSION_SHARE;
    // Hybrid: the native policy's alarms on the simulated dimension too (and no throttle alarm, in `usage`).
    return scaler + (this.native ? targetTrackingRunningCostUsd(1, seconds, prices) : 0);
  }

  private answer(r: CheckRequest, nowMs: number, cw: CloudWatchModel, table: ProvisionedCapacity): CheckAnswer {
    switch (r.kind) {
      case 'describe-table': {
        const capacity = table.describedCapacity();
        return {
          id: r.id,
          kind: r.kind,
          outcome: 'ok',
          snapshot: {
            read: this.read ? capacity : this.otherCapacity,
            write: this.read ? this.otherCapacity : capacity,
            status: table.status(nowMs),
            decreasesToday: table.quota.decreasesToday(nowMs),
            lastDecreaseMs: table.quota.lastDecreaseMs,
            capacitySinceMs: table.capacitySinceMs,
          },
        };
      }
      case 'metrics': {
        this.metricsRequested += r.metrics.length;
        const values: { -readonly [M in MetricName]?: number } = {};
        for (const { metric } of r.metrics) {
          const sim = SIM_METRICS[metric];
          const value = sim.read === this.read ? cw.query(sim.kind, r.startMs, r.endMs, nowMs) : undefined;
          if (value !== undefined) values[metric] = value;
        }
        if (r.periodSeconds === undefined) return { id: r.id, kind: r.kind, outcome: 'ok', values };
        // A step policy's minutes: the Sum metrics of the simulated dimension, one entry a minute.
        const series: { -readonly [M in MetricName]?: Array<number | null> } = {};
        for (const { metric, statistic } of r.metrics) {
          const sim = SIM_METRICS[metric];
          if (statistic !== 'Sum' || sim.read !== this.read || sim.kind === 'provisioned') continue;
          series[metric] = cw.series(sim.kind, r.startMs, r.endMs, nowMs);
        }
        return { id: r.id, kind: r.kind, outcome: 'ok', values, series };
      }
      // The simulator models no circuit-breaker endpoint: it answers 200 (closed), said in notes.
      case 'circuit-breaker':
        return { id: r.id, kind: r.kind, result: { status: 200 } };
      // The simulator runs one check at a time: a claim always holds. It is a write of the state item.
      case 'claim-state':
        this.stateWrites++;
        this.stored = stableJson(r.state);
        return { id: r.id, kind: r.kind, outcome: 'ok' };
      case 'update-capacity': {
        // Only the simulated dimension changes; the other one never asks for a change.
        const units = r.throughput === undefined ? table.capacity : this.read ? r.throughput.reads : r.throughput.writes;
        const outcome = units === table.capacity ? 'ok' : table.update(nowMs, units);
        return { id: r.id, kind: r.kind, outcome: UPDATE_OUTCOMES[outcome] };
      }
      // The native policy, when simulated, is the simulated dimension's one scalable target.
      case 'scalable-targets': {
        const native = this.native;
        const targets = native === undefined ? [] : r.targets.filter((t) => t.gsi === null && (t.dimension === 'reads') === this.read).map((t) => ({
          ...t, state: { minCapacity: native.minCapacity, maxCapacity: native.maxCapacity, suspendedState: native.suspendedState },
        }));
        return { id: r.id, kind: r.kind, outcome: 'ok', targets };
      }
      case 'suspend-scale-in':
        if (this.native) this.native.suspendedState = r.suspendedState;
        return { id: r.id, kind: r.kind, outcome: this.native ? 'ok' : 'ResourceNotFound' };
    }
  }
}

/** JSON with sorted keys: two states compare equal whatever order their fields were set in. */
function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (v !== null && typeof v === 'object' && !Array.isArray(v)
    ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
    : v));
}

/** Which simulated series answers each CloudWatch metric, and for which dimension. */
const SIM_METRICS: Record<MetricName, { kind: SimMetric; read: boolean }> = {
  ConsumedReadCapacityUnits: { kind: 'consumed', read: true },
  ConsumedWriteCapacityUnits: { kind: 'consumed', read: false },
  ReadThrottleEvents: { kind: 'throttled', read: true },
  WriteThrottleEvents: { kind: 'throttled', read: false },
  ProvisionedReadCapacityUnits: { kind: 'provisioned', read: true },
  ProvisionedWriteCapacityUnits: { kind: 'provisioned', read: false },
};

const UPDATE_OUTCOMES: Record<UpdateOutcome, CallOutcome> = {
  ok: 'ok',
  ResourceInUseException: 'ResourceInUse',
  LimitExceededException: 'LimitExceeded',
  ValidationException: 'Validation',
};
