/** GetMetricData: batching by window, paging, aggregation over [startMs, endMs), per-query failures. */
import { CloudWatchClient, GetMetricDataCommand, GetMetricDataCommandInput } from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import { readMetrics } from '../../lambda/aws/cloudwatch-metrics';
import { MetricsRequest } from '../../src/engine';

const cw = mockClient(CloudWatchClient);
const client = new CloudWatchClient({ region: 'us-east-1' });
const MIN = 60_000;
const T = Date.UTC(2026, 0, 1, 12, 0);

function request(id: number, startMs: number, endMs: number, gsi: string | null = null): MetricsRequest {
  return {
    id,
    kind: 'metrics',
    table: 't',
    gsi,
    startMs,
    endMs,
    metrics: [{ metric: 'ConsumedReadCapacityUnits', statistic: 'Sum' }, { metric: 'ProvisionedReadCapacityUnits', statistic: 'Average' }],
  };
}

/** One datapoint per minute from `from` for every query, valued by the minute's index. */
function perMinute(from: number, minutes: number) {
  return (input: GetMetricDataCommandInput) => ({
    MetricDataResults: input.MetricDataQueries!.map((q) => ({
      Id: q.Id,
      StatusCode: 'Complete',
      Timestamps: Array.from({ length: minutes }, (_, m) => new Date(from + m * MIN)),
      Values: Array.from({ length: minutes }, (_, m) => m + 1),
    })),
  });
}

beforeEach(() => cw.reset());

test('a window not on a minute: the datapoints stamped in [start, end) are summed (Sum) and averaged (Average)', async () => {
  cw.on(GetMetricDataCommand).callsFake(perMinute(T, 10));
  // [12:02:30, 12:05:30) holds the datapoints of 12:03, 12:04 and 12:05: values 4, 5, 6.
  const [a] = await readMetrics(client, [request(1, T + 2.5 * MIN, T + 5.5 * MIN)]);
  expect(a).toEqual({ id: 1, kind: 'metrics', outcome: 'ok', values: { ConsumedReadCapacityUnits: 15, ProvisionedReadCapacityUnits: 5 } });
  const call = cw.commandCalls(GetMetricDataCommand)[0].args[0].input;
  expect([call.StartTime, call.EndTime]).toEqual([new Date(T + 3 * MIN), new Date(T + 6 * MIN)]);
});

test('requests with different windows go in different calls; one window\'s queries share a call', async () => {
  cw.on(GetMetricDataCommand).callsFake(perMinute(T, 10));
  await readMetrics(client, [request(1, T, T + 5 * MIN), request(2, T, T + 5 * MIN, 'g'), request(3, T + MIN, T + 6 * MIN)]);
  expect(cw.commandCalls(GetMetricDataCommand).map((c) => c.args[0].input.MetricDataQueries!.length).sort()).toEqual([2, 4]);
});

test('NextToken: the pages of a query are put together', async () => {
  cw.on(GetMetricDataCommand)
    .resolvesOnce({ NextToken: 'p2', MetricDataResults: [{ Id: 'm0', StatusCode: 'PartialData', Timestamps: [new Date(T)], Values: [7] }] })
    .resolvesOnce({ MetricDataResults: [{ Id: 'm0', StatusCode: 'Complete', Timestamps: [new Date(T + MIN)], Values: [8] }] });
  const [a] = await readMetrics(client, [{ ...request(1, T, T + 5 * MIN), metrics: [{ metric: 'ConsumedReadCapacityUnits', statistic: 'Sum' }] }]);
  expect(a).toMatchObject({ outcome: 'ok', values: { ConsumedReadCapacityUnits: 15 } });
  expect(cw.commandCalls(GetMetricDataCommand).map((c) => c.args[0].input.NextToken)).toEqual([undefined, 'p2']);
});

test('a query CloudWatch did not complete fails its request, not read as an idle table', async () => {
  cw.on(GetMetricDataCommand).resolves({
    MetricDataResults: [
      { Id: 'm0', StatusCode: 'Forbidden', Timestamps: [], Values: [], Messages: [{ Code: 'Forbidden', Value: 'not authorized' }] },
      { Id: 'm1', StatusCode: 'Complete', Timestamps: [], Values: [] },
    ],
  });
  const [a] = await readMetrics(client, [request(1, T, T + 5 * MIN)]);
  expect(a).toEqual({ id: 1, kind: 'metrics', outcome: 'AccessDenied', message: 'ConsumedReadCapacityUnits: Forbidden (not authorized)' });
});

test('a query with no result at all fails its request', async () => {
  cw.on(GetMetricDataCommand).resolves({ MetricDataResults: [] });
  const [a] = await readMetrics(client, [request(1, T, T + 5 * MIN)]);
  expect(a).toMatchObject({ outcome: 'error', message: 'ConsumedReadCapacityUnits: no result' });
});

test('a step policy\'s request (periodSeconds 60) also gets each Sum metric a minute, null where CloudWatch has no datapoint', async () => {
  cw.on(GetMetricDataCommand).callsFake((input: GetMetricDataCommandInput) => ({
    MetricDataResults: input.MetricDataQueries!.map((q) => ({
      Id: q.Id, StatusCode: 'Complete', Timestamps: [new Date(T + 3 * MIN), new Date(T + 5 * MIN)], Values: [30, 50],
    })),
  }));
  const [step] = await readMetrics(client, [{ ...request(1, T + 2.5 * MIN, T + 5.5 * MIN), periodSeconds: 60 }]);
  // Minutes 12:03, 12:04, 12:05; the gauge (Average) is not a series.
  expect(step).toEqual({
    id: 1,
    kind: 'metrics',
    outcome: 'ok',
    values: { ConsumedReadCapacityUnits: 80, ProvisionedReadCapacityUnits: 40 },
    series: { ConsumedReadCapacityUnits: [30, null, 50] },
  });
  const [plain] = await readMetrics(client, [request(2, T + 2.5 * MIN, T + 5.5 * MIN)]);
  expect(plain).not.toHaveProperty('series');
});
