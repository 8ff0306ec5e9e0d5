/**
 * A model of one dimension (reads or writes) of a provisioned DynamoDB table, second by second.
 *
 * AWS facts it encodes:
 * - Provisioned capacity is a per-second rate: N units let N units be consumed each second
 *   (Developer Guide, "Provisioned capacity mode",
 *   https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/provisioned-capacity-mode.html).
 * - Burst capacity: DynamoDB keeps up to 300 seconds of unused capacity and may spend it when
 *   consumption exceeds the provisioned rate (Developer Guide, "Burst capacity",
 *   https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/burst-adaptive-capacity.html).
 *   Burst is best effort; the model assumes it is always granted.
 * - Consumption above capacity plus burst is throttled (`ProvisionedThroughputExceededException`,
 *   counted by `ReadThrottleEvents` / `WriteThrottleEvents`). Throttled requests consume nothing.
 *   SDKs retry them; the number of retries the model makes is a parameter (default none).
 * - `UpdateTable` puts the table in `UPDATING`; the old capacity holds until it becomes `ACTIVE`
 *   again and the new capacity applies (API Reference, UpdateTable). AWS says this "takes several
 *   minutes" (Developer Guide, "DynamoDB Metrics and dimensions"): 180 s by default here, a
 *   parameter. An `UpdateTable` meanwhile fails with
 *   `ResourceInUseException`. An update that changes nothing fails with `ValidationException`.
 * - Decreases are limited by the daily decrease quota (see `DecreaseQuota`).
 */
import { DecreaseQuota } from './decrease-quota';
import { DEFAULT_MAX_CAPACITY } from '../engine';

/**
 * Seconds from `UpdateTable` until the new capacity applies, by default: AWS says it "takes
 * several minutes to update the provisioned capacity" (Developer Guide, "DynamoDB Metrics and
 * dimensions"); docs/simulator.md lists the sources.
 */
export const DEFAULT_UPDATE_DELAY_SECONDS = 180;

/** Options of the provisioned-capacity model. */
export interface ProvisionedCapacityOptions {
  /** Capacity at the start, in units. */
  readonly initialCapacity: number;
  /** Seconds from `UpdateTable` until the new capacity applies. @default 180 */
  readonly updateDelaySeconds?: number;
  /** Seconds of unused capacity DynamoDB keeps for bursts. @default 300 */
  readonly burstSeconds?: number;
  /** Seconds of capacity in the burst bucket at the start. @default - full (burstSeconds) */
  readonly initialBurstSeconds?: number;
  /** How many times a throttled request is retried, one second later each time. @default 0 */
  readonly retryAttempts?: number;
  /** The largest capacity an update may ask for (the default per-table quota). @default 40000 */
  readonly maxCapacity?: number;
}

/** The answer to an `UpdateTable`. */
export type UpdateOutcome = 'ok' | 'ResourceInUseException' | 'LimitExceededException' | 'ValidationException';

/** What happened during one simulated minute. Reused between calls: copy what you keep. */
export interface MinuteOutcome {
  /** Units consumed (served) in the minute. */
  consumed: number;
  /** Units throttled in the minute (every throttled attempt, as `*ThrottleEvents` counts them). */
  throttled: number;
  /** Units requested in the minute, retries included. */
  requested: number;
  /** Capacity summed over the minute's seconds (unit-seconds), for cost and the provisioned metric. */
  capacitySeconds: number;
}

/** One dimension of a provisioned table. */
export class ProvisionedCapacity {
  /** Capacity in effect. */
  public capacity: number;
  /** Successful `UpdateTable` calls. */
  public changes = 0;
  /** Successful decreases. */
  public decreases = 0;
  /** The decrease-quota counter. */
  public readonly quota = new DecreaseQuota();
  /** The outcome of the last `runMinute`. */
  public readonly minute: MinuteOutcome = { consumed: 0, throttled: 0, requested: 0, capacitySeconds: 0 };

  private readonly delayMs: number;
  private readonly burstSeconds: number;
  private readonly maxCapacity: number;
  private burst: number;
  /** When the last accepted update was requested (DynamoDB's LastIncrease/LastDecreaseDateTime); never, at first. */
  public capacitySinceMs = Number.NEGATIVE_INFINITY;
  private pending: number | undefined;
  private pendingAtMs = 0;
  private readonly retries: Float64Array;

  constructor(options: ProvisionedCapacityOptions) {
    if (!(options.initialCapacity >= 1)) throw new Error(`initialCapacity must be at least 1, got ${options.initialCapacity}`);
    this.capacity = options.initialCapacity;
    this.delayMs = (options.updateDelaySeconds ?? DEFAULT_UPDATE_DELAY_SECONDS) * 1000;
    this.burstSeconds = options.burstSeconds ?? 300;
    this.maxCapacity = options.maxCapacity ?? DEFAULT_MAX_CAPACITY;
    this.burst = Math.min(options.initialBurstSeconds ?? this.burstSeconds, this.burstSeconds) * this.capacity;
    this.retries = new Float64Array(options.retryAttempts ?? 0);
  }

  /** `TableStatus` at `nowMs`. */
  public status(nowMs: number): 'ACTIVE' | 'UPDATING' {
    return this.pending !== undefined && nowMs < this.pendingAtMs ? 'UPDATING' : 'ACTIVE';
  }

  /** The capacity `DescribeTable` reports: the requested one while `UPDATING`. */
  public describedCapacity(): number {
    return this.pending ?? this.capacity;
  }

  /** Unused capacity kept for bursts now, in units. */
  public get burstUnits(): number {
    return this.burst;
  }

  /** Sends `UpdateTable` for this dimension at `nowMs`. */
  public update(nowMs: number, capacity: number): UpdateOutcome {
    this.settle(nowMs);
    if (this.status(nowMs) === 'UPDATING') return 'ResourceInUseException';
    if (!Number.isInteger(capacity) || capacity < 1 || capacity > this.maxCapacity || capacity === this.capacity) {
      return 'ValidationException';
    }
    if (capacity < this.capacity) {
      if (!this.quota.tryDecrease(nowMs)) return 'LimitExceededException';
      this.decreases++;
    }
    this.changes++;
    this.capacitySinceMs = nowMs;
    if (this.delayMs === 0) {
      this.apply(capacity);
    } else {
      this.pending = capacity;
      this.pendingAtMs = nowMs + this.delayMs;
    }
    return 'ok';
  }

  /**
   * Runs the 60 seconds that start at `startMs`, with `load` units per second requested in each
   * (plus retries). The result is in `this.minute`.
   */
  public runMinute(startMs: number, load: number): MinuteOutcome {
    const out = this.minute;
    out.consumed = 0; out.throttled = 0; out.requested = 0; out.capacitySeconds = 0;
    const retries = this.retries;
    const nRetry = retries.length;
    // The second (0-60) at which a pending update applies, 60 when it does not apply this minute.
    let applyAt = 60;
    if (this.pending !== undefined) applyAt = Math.max(0, Math.min(60, Math.ceil((this.pendingAtMs - startMs) / 1000)));
    let c = this.capacity;
    let b = this.burst;
    let cap = this.burstSeconds * c;
    let consumed = 0; let throttled = 0; let requested = 0; let capSec = 0;
    for (let s = 0; s < 60; s++) {
      if (s === applyAt) {
        this.apply(this.pending!);
        c = this.capacity; cap = this.burstSeconds * c;
        if (b > cap) b = cap;
      }
      let demand = load;
      if (nRetry > 0) for (let k = 0; k < nRetry; k++) demand += retries[k];
      requested += demand;
      capSec += c;
      if (demand <= c) {
        consumed += demand;
        b += c - demand;
        if (b > cap) b = cap;
        if (nRetry > 0) retries.fill(0);
      } else {
        const extra = demand - c;
        const fromBurst = extra < b ? extra : b;
        b -= fromBurst;
        consumed += c + fromBurst;
        const lost = extra - fromBurst;
        throttled += lost;
        if (nRetry > 0) {
          // Each class of attempts is throttled in proportion; the last class gives up.
          const f = lost / demand;
          for (let k = nRetry - 1; k > 0; k--) retries[k] = retries[k - 1] * f;
          retries[0] = load * f;
        }
      }
    }
    this.burst = b;
    // After the minute's bucket is kept, so the new capacity's smaller bucket clamps it.
    if (applyAt === 60 && this.pending !== undefined && startMs + 60_000 >= this.pendingAtMs) this.apply(this.pending);
    out.consumed = consumed; out.throttled = throttled; out.requested = requested; out.capacitySeconds = capSec;
    return out;
  }

  private settle(nowMs: number): void {
    if (this.pending !== undefined && nowMs >= this.pendingAtMs) this.apply(this.pending);
  }

  private apply(capacity: number): void {
    this.capacity = capacity;
    this.pending = undefined;
    const cap = this.burstSeconds * capacity;
    if (this.burst > cap) this.burst = cap;
  }
}
