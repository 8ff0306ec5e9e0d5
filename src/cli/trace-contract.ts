/**
 * What `dynamic-scaling trace` hands the scaler runtime (lambda/aws/cloudwatch-trace.ts, loaded
 * from the scaler bundle, which holds the AWS SDK): types only, as run-contract.ts.
 */

/** One metric series to read: a DynamoDB metric of a table or one of its GSIs, as a Sum per period. */
export interface TraceMetricsRequest {
  /** The table. */
  readonly table: string;
  /** The GSI, or undefined for the table itself. */
  readonly index?: string;
  /** The `AWS/DynamoDB` metric names, e.g. `ConsumedReadCapacityUnits`. */
  readonly metrics: readonly string[];
  /** Seconds per datapoint: 60, 300 or 3600. */
  readonly periodSeconds: number;
  /** Epoch milliseconds of the first period (a multiple of the period). */
  readonly startMs: number;
  /** Epoch milliseconds of the end, exclusive (a multiple of the period). */
  readonly endMs: number;
  /** The AWS region. @default - the SDK's chain (`AWS_REGION`, profile) */
  readonly region?: string;
}

/** The datapoints of one metric: period start (epoch ms) to its Sum, in time order. */
export interface TraceMetricSeries {
  /** The metric name. */
  readonly metric: string;
  /** `[epochMs, sum]` pairs, sorted, one per period that has a datapoint. */
  readonly points: ReadonlyArray<readonly [number, number]>;
}

/** What the read cost. */
export interface TraceReadStats {
  /** GetMetricData calls (pages included). */
  readonly calls: number;
  /** Time chunks the window was split into. */
  readonly chunks: number;
}

/**
 * How the runtime rejects a read AWS refused or could not answer: an `Error` named
 * `TraceReadError` with this `code` (a name, not a class: the bundle has its own copy of every class).
 */
export type TraceReadErrorCode = 'AccessDenied' | 'Throttling' | 'Credentials' | 'error';

/** The runtime `trace` drives: `readTraceMetrics` of the scaler bundle. */
export interface TraceRuntime {
  /** Reads every metric of the request; rejects with an error named `TraceReadError` that has a `code`. */
  readTraceMetrics(request: TraceMetricsRequest): Promise<{ series: TraceMetricSeries[]; stats: TraceReadStats }>;
}
