/**
 * A model of the CloudWatch metrics DynamoDB publishes for one dimension of a table.
 *
 * AWS facts it encodes (Developer Guide, "DynamoDB Metrics and dimensions",
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/metrics-dimensions.html):
 * - `ConsumedRead/WriteCapacityUnits` are one-minute datapoints whose Sum is the units consumed
 *   in that minute; a minute without requests has no datapoint.
 * - `Read/WriteThrottleEvents` count throttled requests; a minute without throttling has no datapoint.
 * - `ProvisionedRead/WriteCapacityUnits` is a gauge of the provisioned capacity; its Average over a
 *   window is the capacity consumption was measured against.
 * - Datapoints appear some time after their minute ends (a configurable delay here; CloudWatch
 *   documents no bound).
 *
 * A query for `[startMs, endMs)` aggregates the datapoints whose timestamp (the start of their
 * minute) falls in the window and that are already visible at `nowMs`, as one GetMetricStatistics
 * period covering the window does.
 */

const MINUTE_MS = 60_000;

/** Options of the CloudWatch model. */
export interface CloudWatchOptions {
  /** Seconds after the end of its minute until a datapoint can be read. @default 60 */
  readonly delaySeconds?: number;
}

/** The metrics of one simulated dimension. */
export type SimMetric = 'consumed' | 'throttled' | 'provisioned';

/** Per-minute datapoints of one dimension of one table, from a fixed start time. */
export class CloudWatchModel {
  /** Units consumed per minute (`Consumed*CapacityUnits` Sum). */
  public readonly consumed: Float64Array;
  /** Throttled requests per minute (`*ThrottleEvents` Sum). */
  public readonly throttled: Float64Array;
  /** Mean provisioned capacity per minute (`Provisioned*CapacityUnits`). */
  public readonly provisioned: Float64Array;
  /** 1 when the minute had requests, hence a consumed datapoint. */
  public readonly hasRequests: Uint8Array;
  /** The delay before a datapoint is visible, in ms. */
  public readonly delayMs: number;
  private recorded = 0;

  /**
   * @param startMs the start of minute 0
   * @param minutes how many minutes may be recorded
   */
  constructor(public readonly startMs: number, minutes: number, options: CloudWatchOptions = {}) {
    this.consumed = new Float64Array(minutes);
    this.throttled = new Float64Array(minutes);
    this.provisioned = new Float64Array(minutes);
    this.hasRequests = new Uint8Array(minutes);
    this.delayMs = (options.delaySeconds ?? 60) * 1000;
  }

  /** Records minute `m` (minutes must be recorded in order). */
  public record(m: number, requested: number, consumed: number, throttled: number, provisioned: number): void {
    this.consumed[m] = consumed;
    this.throttled[m] = throttled;
    this.provisioned[m] = provisioned;
    this.hasRequests[m] = requested > 0 ? 1 : 0;
    this.recorded = m + 1;
  }

  /** The number of the last minute whose datapoints are visible at `nowMs`, or -1. */
  public lastVisibleMinute(nowMs: number): number {
    const m = Math.floor((nowMs - this.delayMs - this.startMs) / MINUTE_MS) - 1;
    return Math.min(m, this.recorded - 1);
  }

  /** Whether minute `m` has a datapoint for `metric`. */
  public hasDatapoint(metric: SimMetric, m: number): boolean {
    if (metric === 'consumed') return this.hasRequests[m] === 1;
    if (metric === 'throttled') return this.throttled[m] > 0;
    return true;
  }

  /**
   * The Sum (or, for `provisioned`, the Average) of `metric` over the datapoints whose minute
   * starts in `[startMs, endMs)` and that are visible at `nowMs`.
   *
   * @returns undefined when there is no such datapoint
   */
  public query(metric: SimMetric, startMs: number, endMs: number, nowMs: number): number | undefined {
    const from = Math.max(0, Math.ceil((startMs - this.startMs) / MINUTE_MS));
    const to = Math.min(this.lastVisibleMinute(nowMs), Math.ceil((endMs - this.startMs) / MINUTE_MS) - 1);
    const series = metric === 'consumed' ? this.consumed : metric === 'throttled' ? this.throttled : this.provisioned;
    let sum = 0; let n = 0;
    for (let m = from; m <= to; m++) {
      if (!this.hasDatapoint(metric, m)) continue;
      sum += series[m];
      n++;
    }
    if (n === 0) return undefined;
    return metric === 'provisioned' ? sum / n : sum;
  }
}
