/**
 * Runs a custom policy (Dynamic DynamoDB configuration, preset or user policy) exactly as the
 * scaler Lambda would: every check interval it reads the simulated CloudWatch over the policy's
 * lookback window and the simulated `DescribeTable`, calls the engine's `decide()`, and sends the
 * updates it returns. No scaling rule lives here.
 *
 * One dimension is simulated; the other is held at its policy minimum with no traffic, so it
 * never asks for a change. `always-decrease-rw-together` would then block every decrease, so it
 * is switched off for the simulation (and said so in `notes`). Checks run at minute boundaries:
 * a check interval under a minute, or not a whole number of minutes, is said so in `notes` too.
 */
import { CloudWatchModel } from './cloudwatch';
import { ProvisionedCapacity } from './dynamodb-capacity';
import { CapacityController, ProvisionedRunOptions, runProvisioned } from './provisioned-run';
import { PolicyRun } from './results';
import { Trace } from './trace';
import { CapacityUpdate, decide, DecideInput, DecideOutput, EngineState, MetricSums, queryWindow } from '../engine/core/decide';
import { DimensionPolicy, EnginePolicy, TargetPolicy } from '../engine/core/policy';
import { SentCapacity, settleUpdate } from '../engine/core/settle';
import { matchTableRule } from '../engine/core/table-matching';

const MINUTE_MS = 60_000;

/** The table name used when the policy does not name one. */
export const DEFAULT_SIM_TABLE = 'table';

/** Options of an engine run. */
export interface EngineRunOptions extends Omit<ProvisionedRunOptions, 'kind'> {
  /** The simulated table's name, which the policy's table rules must match. @default - see `simTableName` */
  readonly tableName?: string;
}

/** A custom policy's run, with what the simulation had to assume. */
export interface EngineRun extends PolicyRun {
  /** Things the user should know about how the policy was simulated. */
  readonly notes: string[];
}

/**
 * The table name to simulate: the first table rule's pattern when it is a plain name
 * (anchors allowed), otherwise `table`.
 */
export function simTableName(policy: EnginePolicy): string {
  const first = policy.tables[0]?.tablePattern;
  if (first === undefined) return DEFAULT_SIM_TABLE;
  const plain = first.replace(/^\^/, '').replace(/\$$/, '');
  return /^[A-Za-z0-9_-]+$/.test(plain) ? plain : DEFAULT_SIM_TABLE;
}

/** Runs `trace` through `policy` via `decide()`. */
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
    notes.push(`check-interval ${interval} s is shorter than the simulator's one-minute step: the policy was checked once a minute`);
  } else if (interval % 60 !== 0) {
    notes.push(`check-interval ${interval} s is not a whole number of minutes: each check ran at the first minute boundary at or after its time`);
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
  const controller = new EngineController(simPolicy, target, tableName, read, otherCapacity);
  const run = runProvisioned(trace, controller, {
    ...options,
    kind: 'custom',
    table: { ...options.table, initialCapacity },
  });
  return { ...run, notes };
}

class EngineController implements CapacityController {
  private state: EngineState = { counters: { tables: {}, gsis: {} } };
  private nextCheckMs = Number.NEGATIVE_INFINITY;
  private readonly intervalMs: number;
  private checked = false;

  constructor(
    private readonly policy: EnginePolicy,
    private readonly target: TargetPolicy,
    private readonly tableName: string,
    private readonly read: boolean,
    private readonly otherCapacity: number,
  ) {
    this.intervalMs = Math.max(MINUTE_MS, policy.checkIntervalSeconds * 1000);
  }

  public atMinute(_m: number, nowMs: number, cw: CloudWatchModel, table: ProvisionedCapacity): void {
    if (nowMs < this.nextCheckMs) return;
    this.nextCheckMs = (this.nextCheckMs === Number.NEGATIVE_INFINITY ? nowMs : this.nextCheckMs) + this.intervalMs;

    // The window the engine asks for at this check (it moves with lookbackWindowStartMax).
    const w = queryWindow(this.target, this.state, this.tableName);
    const from = nowMs - w.startMinutesBeforeNow * MINUTE_MS;
    const to = nowMs - w.endMinutesBeforeNow * MINUTE_MS;
    const consumed = cw.query('consumed', from, to, nowMs);
    const throttled = cw.query('throttled', from, to, nowMs);
    const provisioned = cw.query('provisioned', from, to, nowMs);
    const sums: MetricSums = this.read
      ? { ConsumedReadCapacityUnits: consumed, ReadThrottleEvents: throttled, ProvisionedReadCapacityUnits: provisioned }
      : { ConsumedWriteCapacityUnits: consumed, WriteThrottleEvents: throttled, ProvisionedWriteCapacityUnits: provisioned };
    const capacity = table.describedCapacity();
    const input: DecideInput = {
      nowMs,
      policy: this.policy,
      tables: {
        [this.tableName]: {
          read: this.read ? capacity : this.otherCapacity,
          write: this.read ? this.otherCapacity : capacity,
          status: table.status(nowMs),
          decreasesToday: table.quota.decreasesToday(nowMs),
          lastDecreaseMs: table.quota.lastDecreaseMs,
        },
      },
      metricSums: { [this.tableName]: sums },
      state: this.state,
      explain: false,
    };
    const out: DecideOutput = decide(input);
    if (!this.checked) {
      this.checked = true;
      if (!out.decisions.some((d) => d.table === this.tableName && d.gsi === null)) {
        throw new Error(`decide() made no decision for the simulated table "${this.tableName}"`);
      }
    }
    // decide() assumes its updates succeed; a refused one, or one where only the increase-only
    // retry went out, is settled as every host settles it (settle.ts: counterOut kept, D3; throttles kept, D8).
    let state = out.state;
    for (const u of out.updates) {
      if (u.table !== this.tableName || u.gsi !== null) continue;
      const sent = this.send(nowMs, table, u);
      if (sent !== u) state = settleUpdate(input, { ...out, state }, u, sent);
    }
    this.state = state;
  }

  /**
   * Sends `u` for the simulated dimension (the other one never changes); after
   * `LimitExceededException`, its increase-only retry, as dd and the scaler do.
   *
   * @returns what DynamoDB accepted: `u` itself, its `increaseOnly` retry, or null
   */
  private send(nowMs: number, table: ProvisionedCapacity, u: CapacityUpdate): SentCapacity | null {
    const units = (c: SentCapacity) => (this.read ? c.reads : c.writes);
    if (units(u) === table.capacity) return u;
    const outcome = table.update(nowMs, units(u));
    if (outcome === 'ok') return u;
    if (outcome !== 'LimitExceededException' || u.increaseOnly === null) return null;
    const retry = units(u.increaseOnly);
    return retry === table.capacity || table.update(nowMs, retry) === 'ok' ? u.increaseOnly : null;
  }
}
