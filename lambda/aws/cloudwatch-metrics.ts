/**
 * CloudWatch: the protocol's `metrics` requests of one step read with GetMetricData, never
 * GetMetricStatistics and never a call per metric. One query per metric; the queries that share a
 * window go in one call, at most 500 per call (GetMetricData's limit), so a check of N metrics
 * over one window makes ceil(N / 500) calls.
 *
 * Each query asks for one-minute datapoints over the window and the adapter aggregates those whose
 * timestamp is in `[startMs, endMs)`, as the request defines: Sum adds them, Average averages them.
 * GetMetricData is billed per metric requested, whatever the window.
 */
import { CloudWatchClient, GetMetricDataCommand, MetricDataQuery, MetricDataResult } from '@aws-sdk/client-cloudwatch';
import { callOutcome, errorMessage } from './call-outcome';
import { MetricsAnswer, MetricsRequest, MetricSums } from '../../src/engine';

/** GetMetricData's limit of queries per call. */
export const MAX_QUERIES_PER_CALL = 500;

const MINUTE_MS = 60_000;

interface Query {
  readonly request: MetricsRequest;
  readonly metric: keyof MetricSums;
  readonly statistic: 'Sum' | 'Average';
}

/** What a read cost: calls made and metrics requested (the billed unit). */
export interface MetricsReadStats {
  /** GetMetricData calls. */
  calls: number;
  /** Metrics requested. */
  metrics: number;
}

/**
 * Answers every `metrics` request of a step. A call that fails (after the SDK's retries) fails
 * every request with a query in it.
 */
export async function readMetrics(client: CloudWatchClient, requests: readonly MetricsRequest[], stats?: MetricsReadStats): Promise<MetricsAnswer[]> {
  const byWindow = new Map<string, Query[]>();
  for (const request of requests) {
    const key = `${request.startMs}/${request.endMs}`;
    const queries = byWindow.get(key) ?? [];
    for (const m of request.metrics) queries.push({ request, metric: m.metric, statistic: m.statistic });
    byWindow.set(key, queries);
  }
  const values = new Map<number, { -readonly [M in keyof MetricSums]?: number }>();
  const series = new Map<number, { -readonly [M in keyof MetricSums]?: Array<number | null> }>();
  const failed = new Map<number, { outcome: MetricsAnswer['outcome']; message: string }>();
  const batches: Query[][] = [];
  for (const queries of byWindow.values()) {
    for (let i = 0; i < queries.length; i += MAX_QUERIES_PER_CALL) batches.push(queries.slice(i, i + MAX_QUERIES_PER_CALL));
  }
  await Promise.all(batches.map(async (batch) => {
    try {
      const results = await getMetricData(client, batch, stats);
      batch.forEach((q, i) => {
        const pages = results.get(`m${i}`);
        // A query CloudWatch did not complete (Forbidden, InternalError) has no datapoints, which
        // would read as an idle table: its request fails instead (no decision on partial data).
        const status = pages?.at(-1)?.StatusCode;
        if (pages === undefined || (status !== undefined && status !== 'Complete')) {
          const why = pages?.flatMap((p) => p.Messages ?? []).map((m) => m.Value ?? m.Code).filter(Boolean).join('; ');
          const message = `${q.metric}: ${status ?? 'no result'}${why ? ` (${why})` : ''}`;
          if (!failed.has(q.request.id)) failed.set(q.request.id, { outcome: status === 'Forbidden' ? 'AccessDenied' : 'error', message });
          return;
        }
        const value = aggregate(pages, q);
        const sums = values.get(q.request.id) ?? {};
        if (value !== undefined) sums[q.metric] = value;
        values.set(q.request.id, sums);
        // A step policy evaluates the window's minutes: the Sum metrics, a datapoint a minute.
        if (q.request.periodSeconds !== undefined && q.statistic === 'Sum') {
          const s = series.get(q.request.id) ?? {};
          s[q.metric] = minutes(pages, q.request);
          series.set(q.request.id, s);
        }
      });
    } catch (e) {
      for (const q of batch) failed.set(q.request.id, { outcome: callOutcome(e), message: errorMessage(e) });
    }
  }));
  return requests.map((r) => {
    const f = failed.get(r.id);
    if (f) return { id: r.id, kind: r.kind, outcome: f.outcome, message: f.message };
    const s = series.get(r.id);
    return { id: r.id, kind: r.kind, outcome: 'ok', values: values.get(r.id) ?? {}, ...(s ? { series: s } : {}) };
  });
}

/** One GetMetricData call of a batch (following NextToken), results by query id. */
async function getMetricData(client: CloudWatchClient, batch: readonly Query[], stats?: MetricsReadStats): Promise<Map<string, MetricDataResult[]>> {
  const { startMs, endMs } = batch[0].request;
  const queries: MetricDataQuery[] = batch.map((q, i) => ({
    Id: `m${i}`,
    MetricStat: {
      Metric: {
        Namespace: 'AWS/DynamoDB',
        MetricName: q.metric,
        Dimensions: [
          { Name: 'TableName', Value: q.request.table },
          ...(q.request.gsi !== null ? [{ Name: 'GlobalSecondaryIndexName', Value: q.request.gsi }] : []),
        ],
      },
      Period: 60,
      Stat: q.statistic,
    },
    ReturnData: true,
  }));
  if (stats) stats.metrics += queries.length;
  const results = new Map<string, MetricDataResult[]>();
  let nextToken: string | undefined;
  do {
    if (stats) stats.calls++;
    // Datapoints are stamped at the start of their minute: the first one in the window is at or after its start.
    const out = await client.send(new GetMetricDataCommand({
      MetricDataQueries: queries,
      StartTime: new Date(Math.ceil(startMs / MINUTE_MS) * MINUTE_MS),
      EndTime: new Date(Math.ceil(endMs / MINUTE_MS) * MINUTE_MS),
      NextToken: nextToken,
    }));
    for (const r of out.MetricDataResults ?? []) {
      if (r.Id) results.set(r.Id, [...(results.get(r.Id) ?? []), r]);
    }
    nextToken = out.NextToken;
  } while (nextToken);
  return results;
}

/** The datapoint of each minute starting in `[startMs, endMs)`, oldest first; null where CloudWatch has none. */
function minutes(results: MetricDataResult[] | undefined, request: MetricsRequest): Array<number | null> {
  const byMinute = new Map<number, number>();
  for (const r of results ?? []) {
    const ts = r.Timestamps ?? [];
    const vs = r.Values ?? [];
    for (let i = 0; i < ts.length; i++) byMinute.set(ts[i].getTime(), vs[i]);
  }
  const out: Array<number | null> = [];
  for (let t = Math.ceil(request.startMs / MINUTE_MS) * MINUTE_MS; t < request.endMs; t += MINUTE_MS) out.push(byMinute.get(t) ?? null);
  return out;
}

/** The statistic over the datapoints stamped in `[startMs, endMs)`, or undefined when there are none. */
function aggregate(results: MetricDataResult[] | undefined, q: Query): number | undefined {
  let sum = 0;
  let n = 0;
  for (const r of results ?? []) {
    const ts = r.Timestamps ?? [];
    const vs = r.Values ?? [];
    for (let i = 0; i < ts.length; i++) {
      const t = ts[i].getTime();
      if (t < q.request.startMs || t >= q.request.endMs) continue;
      sum += vs[i];
      n++;
    }
  }
  if (n === 0) return undefined;
  return q.statistic === 'Sum' ? sum : sum / n;
}
