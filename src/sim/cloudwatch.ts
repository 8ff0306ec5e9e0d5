/**
 * A model of the CloudWatch metrics DynamoDB publishes for one dimension of a table.
 *
 * AWS facts it encodes (Developer Guide, "DynamoDB Metrics and dimensions",
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/metrics-dimensions.html):
 * - `ConsumedRead/WriteCapacityUnits` are one-minute datapoints whose Sum is the units consumed
 *   in that minute; a minute without requests has no datapoint.
 * - `Read/WriteThrottleEvents` count throttled requests; a minute without throttling has no datapoint.
 * - `ProvisionedRead/WriteCapacityUnits` is a gauge of the provisioned capacity; its Average over a
 *   window is the capacity consumption was measured against. It is aggregated at **five-minute**
 *   intervals ("all other DynamoDB metrics" in that page's note): one datapoint per five minutes
 *   (periods aligned to the epoch, as CloudWatch aligns them), so a one-minute query window holds
 *   a Provisioned datapoint only when it starts on a five-minute boundary and that datapoint's
 *   five minutes have been published.
 * - Datapoints appear some time after their period ends. The same page says CloudWatch alarms
 *   "might have a short delay of up to a few minutes"; the default delay (120 s) is the "about
 *   2 minutes" availability delay of one-minute CloudWatch metrics reported by Datadog's "Cloud
 *   metric delay" guide (https://docs.datadoghq.com/integrations/guide/cloud-metric-delay/).
 *   docs/simulator.md lists the sources.
 *
 * A query for `[startMs, endMs)` aggregates the datapoints whose timestamp (the start of their
 * period) falls in the window and that are already visible at `nowMs`, as one GetMetricStatistics
 * period covering the window does.
 */

const MINUTE_MS = 60_000;

/** Seconds after the end of its period until a datapoint can be read, by default. */
export const DEFAULT_CLOUDWATCH_DELAY_SECONDS = 120;

/** The aggregation period of `Provisioned*CapacityUnits`, minutes, by default. */
export const DEFAULT_PROVISIONED_PERIOD_MINUTES = 5;

/** Options of the CloudWatch model. */
export interface CloudWatchOptions {
  /** Seconds after the end of its period until a datapoint can be read. @default 120 */
  readonly delaySeconds?: number;
  /** Minutes aggregated by one `Provisioned*CapacityUnits` datapoint (1 to 60). @default 5 */
  readonly provisionedPeriodMinutes?: number;
}

/** The metrics of one simulated dimension. */
export type SimMetric = 'consumed' | 'throttled' | 'provisioned';

/** Per-minute datapoints of one dimension of one table, from a fixed start time. */
export class CloudWatchModel {
  /** Units consumed per minute (`Consumed*CapacityUnits` Sum). */
  public readonly consumed: Float64Array;
  /** Throttled requests per minute (`*ThrottleEvents` Sum). */
  public readonly throttled: Float64Array;
  /** Mean provisioned capacity per minute (what `Provisioned*CapacityUnits` aggregates). */
  public readonly provisioned: Float64Array;
  /** 1 when the minute had requests, hence a consumed datapoint. */
  public readonly hasRequests: Uint8Array;
  /** The delay before a datapoint is visible, in ms. */
  public readonly delayMs: number;
  /** Minutes one `Provisioned*CapacityUnits` datapoint aggregates. */
  public readonly provisionedPeriodMinutes: number;
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
    this.delayMs = (options.delaySeconds ?? DEFAULT_CLOUDWATCH_DELAY_SECONDS) * 1000;
    this.provisionedPeriodMinutes = options.provisionedPeriodMinutes ?? DEFAULT_PROVISIONED_PERIOD_MINUTES;
    if (!Number.isInteger(this.provisionedPeriodMinutes) || this.provisionedPeriodMinutes < 1 || this.provisionedPeriodMinutes > 60) {
      throw new Error(`provisionedPeriodMinutes must be an integer from 1 to 60, got ${this.provisionedPeriodMinutes}`);
    }
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

  /**
   * Whether a datapoint of `metric` is stamped at the start of minute `m` (for `provisioned`: the
   * minute starts a period, whatever was recorded).
   */
  public hasDatapoint(metric: SimMetric, m: number): boolean {
    if (metric === 'consumed') return this.hasRequests[m] === 1;
    if (metric === 'throttled') return this.throttled[m] > 0;
    return this.startsProvisionedPeriod(m);
  }

  /** Whether minute `m` starts a `Provisioned*CapacityUnits` period (periods are aligned to the epoch). */
  public startsProvisionedPeriod(m: number): boolean {
    const epochMinute = Math.round(this.startMs / MINUTE_MS) + m;
    return ((epochMinute % this.provisionedPeriodMinutes) + this.provisionedPeriodMinutes) % this.provisionedPeriodMinutes === 0;
  }

  /**
   * The Sum (or, for `provisioned`, the Average) of `metric` over the datapoints whose minute
   * starts in `[startMs, endMs)` and that are visible at `nowMs`.
   *
   * @returns undefined when there is no such datapoint
   */
  public query(metric: SimMetric, startMs: number, endMs: number, nowMs: number): number | undefined {
    const from = Math.max(0, Math.ceil((startMs - this.startMs) / MINUTE_MS));
    const lastInWindow = Math.ceil((endMs - this.startMs) / MINUTE_MS) - 1;
    if (metric === 'provisioned') return this.queryProvisioned(from, lastInWindow, nowMs);
    const to = Math.min(this.lastVisibleMinute(nowMs), lastInWindow);
    const series = metric === 'consumed' ? this.consumed : this.throttled;
    let sum = 0; let n = 0;
    for (let m = from; m <= to; m++) {
      if (!this.hasDatapoint(metric, m)) continue;
      sum += series[m];
      n++;
    }
    if (n === 0) return undefined;
    return sum;
  }

  /**
   * The one-minute datapoints of `metric` (consumed or throttled) whose minute starts in
   * `[startMs, endMs)`, oldest first: a minute not visible at `nowMs`, or without a datapoint, is null.
   */
  public series(metric: 'consumed' | 'throttled', startMs: number, endMs: number, nowMs: number): Array<number | null> {
    const first = Math.ceil((startMs - this.startMs) / MINUTE_MS);
    const lastInWindow = Math.ceil((endMs - this.startMs) / MINUTE_MS) - 1;
    const lastVisible = this.lastVisibleMinute(nowMs);
    const values = metric === 'consumed' ? this.consumed : this.throttled;
    const out: Array<number | null> = [];
    for (let m = first; m <= lastInWindow; m++) {
      out.push(m >= 0 && m <= lastVisible && this.hasDatapoint(metric, m) ? values[m] : null);
    }
    return out;
  }

  /**
   * The Average of the `Provisioned*CapacityUnits` datapoints stamped in minutes `[from, to]`:
   * each covers a whole period (possibly reaching past the window) and is visible once that
   * period's last minute is.
   */
  private queryProvisioned(from: number, to: number, nowMs: number): number | undefined {
    const period = this.provisionedPeriodMinutes;
    const lastVisible = this.lastVisibleMinute(nowMs);
    let sum = 0; let n = 0;
    for (let m = from; m <= to; m++) {
      if (!this.startsProvisionedPeriod(m) || m + period - 1 > lastVisible) continue;
      let capacity = 0;
      for (let k = m; k < m + period; k++) capacity += this.provisioned[k];
      sum += capacity / period;
      n++;
    }
    return n === 0 ? undefined : sum / n;
  }
}
