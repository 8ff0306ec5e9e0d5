/**
 * CloudWatch for `dynamic-scaling trace`: a table's (or GSI's) metrics as Sums per period over a
 * long window, with GetMetricData. The window is cut into chunks of at most
 * {@link MAX_DATAPOINTS_PER_CALL} datapoints over all the queries of a call (GetMetricData's limit),
 * and each call follows its NextToken pages. Part of the scaler bundle, which holds the AWS SDK,
 * so the published CLI runs it without the SDK among its dependencies.
 */
import { CloudWatchClient, GetMetricDataCommand, MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import { errorMessage } from './call-outcome';
import { CONNECTION_TIMEOUT_MS, MAX_ATTEMPTS, REQUEST_TIMEOUT_MS } from './clients';
import type { TraceMetricSeries, TraceMetricsRequest, TraceReadErrorCode, TraceReadStats } from '../../src/cli/trace-contract';

/** GetMetricData's limit of datapoints per call, over all its queries. */
export const MAX_DATAPOINTS_PER_CALL = 100_800;

/** A read AWS refused or could not answer (see trace-contract.ts). */
export class TraceReadError extends Error {
  constructor(message: string, public readonly code: TraceReadErrorCode) {
    super(message);
    this.name = 'TraceReadError';
  }
}

/** `[startMs, endMs)` windows of at most `maxDatapoints` datapoints over `queries` queries. */
export function timeChunks(
  startMs: number, endMs: number, periodSeconds: number, queries: number, maxDatapoints = MAX_DATAPOINTS_PER_CALL,
): Array<[number, number]> {
  const periodsPerCall = Math.floor(maxDatapoints / queries);
  if (periodsPerCall < 1) throw new Error(`${queries} queries exceed ${maxDatapoints} datapoints per call`);
  const step = periodsPerCall * periodSeconds * 1000;
  const chunks: Array<[number, number]> = [];
  for (let from = startMs; from < endMs; from += step) chunks.push([from, Math.min(endMs, from + step)]);
  return chunks;
}

function readError(e: unknown, what: string): TraceReadError {
  if (e instanceof TraceReadError) return e;
  const name = (e as { name?: unknown } | null)?.name;
  const text = `${what}: ${errorMessage(e)}`;
  if (name === 'AccessDenied' || name === 'AccessDeniedException' || name === 'AuthorizationError') {
    return new TraceReadError(`${text} (the credentials need cloudwatch:GetMetricData)`, 'AccessDenied');
  }
  if (typeof name === 'string' && /Throttl|TooManyRequests|RequestLimitExceeded/.test(name)) {
    return new TraceReadError(`${text} (still throttled after ${MAX_ATTEMPTS} attempts; try again later or with fewer --days)`, 'Throttling');
  }
  if (name === 'CredentialsProviderError') return new TraceReadError(`no usable AWS credentials: ${errorMessage(e)}`, 'Credentials');
  return new TraceReadError(text, 'error');
}

/**
 * Reads every metric of `request` with `client`. Datapoints are keyed by the start of their period.
 *
 * @throws TraceReadError when a call fails (after the SDK's retries) or a query is not Complete
 */
export async function readMetricSeries(client: CloudWatchClient, request: TraceMetricsRequest, maxDatapoints = MAX_DATAPOINTS_PER_CALL):
Promise<{ series: TraceMetricSeries[]; stats: TraceReadStats }> {
  const what = `GetMetricData of table ${request.table}${request.index !== undefined ? ` index ${request.index}` : ''}`;
  const queries: MetricDataQuery[] = request.metrics.map((metric, i) => ({
    Id: `m${i}`,
    MetricStat: {
      Metric: {
        Namespace: 'AWS/DynamoDB',
        MetricName: metric,
        Dimensions: [
          { Name: 'TableName', Value: request.table },
          ...(request.index !== undefined ? [{ Name: 'GlobalSecondaryIndexName', Value: request.index }] : []),
        ],
      },
      Period: request.periodSeconds,
      Stat: 'Sum',
    },
    ReturnData: true,
  }));
  const points = request.metrics.map(() => new Map<number, number>());
  const chunks = timeChunks(request.startMs, request.endMs, request.periodSeconds, queries.length, maxDatapoints);
  let calls = 0;
  for (const [from, to] of chunks) {
    let nextToken: string | undefined;
    do {
      calls++;
      let out;
      try {
        out = await client.send(new GetMetricDataCommand({
          MetricDataQueries: queries,
          StartTime: new Date(from),
          EndTime: new Date(to),
          ScanBy: 'TimestampAscending',
          NextToken: nextToken,
        }));
      } catch (e) {
        throw readError(e, what);
      }
      for (const r of out.MetricDataResults ?? []) {
        const i = Number(r.Id?.slice(1));
        if (!(i >= 0 && i < points.length)) continue;
        // Forbidden or InternalError: the query has no datapoints, which would read as an idle table.
        if (r.StatusCode !== undefined && r.StatusCode !== 'Complete' && r.StatusCode !== 'PartialData') {
          const why = (r.Messages ?? []).map((m) => m.Value ?? m.Code).filter(Boolean).join('; ');
          const message = `${what}: ${request.metrics[i]} is ${r.StatusCode}${why ? ` (${why})` : ''}`;
          throw new TraceReadError(message, r.StatusCode === 'Forbidden' ? 'AccessDenied' : 'error');
        }
        const ts = r.Timestamps ?? [];
        const vs = r.Values ?? [];
        for (let k = 0; k < ts.length; k++) {
          const t = ts[k].getTime();
          if (t >= from && t < to) points[i].set(t, vs[k]);
        }
      }
      nextToken = out.NextToken;
    } while (nextToken);
  }
  return {
    series: request.metrics.map((metric, i) => ({ metric, points: [...points[i]].sort((a, b) => a[0] - b[0]) })),
    stats: { calls, chunks: chunks.length },
  };
}

/** The runtime entry of `dynamic-scaling trace`: a client from the SDK's environment, then {@link readMetricSeries}. */
export async function readTraceMetrics(request: TraceMetricsRequest): Promise<{ series: TraceMetricSeries[]; stats: TraceReadStats }> {
  const client = new CloudWatchClient({
    ...(request.region !== undefined ? { region: request.region } : {}),
    retryMode: 'standard',
    maxAttempts: MAX_ATTEMPTS,
    requestHandler: { connectionTimeout: CONNECTION_TIMEOUT_MS, requestTimeout: REQUEST_TIMEOUT_MS },
  });
  try {
    return await readMetricSeries(client, request);
  } finally {
    client.destroy();
  }
}
