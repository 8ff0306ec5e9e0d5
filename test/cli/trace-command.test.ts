/**
 * `dynamic-scaling trace` against a mocked CloudWatch: the period for --days, the window, chunks of
 * at most 100,800 datapoints, NextToken pages, the CSV (read back with the trace reader), errors.
 */
import { CloudWatchClient, GetMetricDataCommand, GetMetricDataCommandInput, GetMetricDataCommandOutput } from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import { MAX_DATAPOINTS_PER_CALL, readMetricSeries, timeChunks } from '../../lambda/aws/cloudwatch-trace';
import { main } from '../../src/cli/main';
import { periodForDays, PUBLISH_DELAY_MS, traceCsv, traceWindow } from '../../src/cli/trace-command';
import { loadTrace, parseTraceRows } from '../../src/sim/trace';

const cw = mockClient(CloudWatchClient);
const MIN = 60_000;
const DAY = 86_400_000;
/** The clock of every command run: 12:02:30, so a 1-minute window ends at 11:57 (5 minutes' delay). */
const NOW = Date.UTC(2026, 11, 3, 12, 2, 30);
const END = Date.UTC(2026, 11, 3, 11, 57);

/**
 * A fake GetMetricData over `data` (metric name to `[ms, sum]` datapoints at the query's period):
 * the datapoints in [StartTime, EndTime), `pageSize` per query per page, with NextToken.
 */
function fakeCloudWatch(data: Record<string, Array<[number, number]>>, pageSize = Infinity, inclusiveEnd = false) {
  return (input: GetMetricDataCommandInput): GetMetricDataCommandOutput => {
    const from = input.StartTime!.getTime();
    const to = input.EndTime!.getTime();
    const offset = Number(input.NextToken ?? 0);
    let more = false;
    const results = input.MetricDataQueries!.map((q) => {
      const all = (data[q.MetricStat!.Metric!.MetricName!] ?? []).filter(([t]) => t >= from && (t < to || (inclusiveEnd && t === to)));
      const page = all.slice(offset, offset + pageSize);
      if (offset + pageSize < all.length) more = true;
      return { Id: q.Id, StatusCode: 'Complete' as const, Timestamps: page.map(([t]) => new Date(t)), Values: page.map(([, v]) => v) };
    });
    return { MetricDataResults: results, NextToken: more ? String(offset + pageSize) : undefined, $metadata: {} };
  };
}

async function cli(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const written: Record<string, string> = {};
  const code = await main(['trace', ...argv], {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    readFile: async (p: string) => {
      if (!(p in written)) throw new Error(`ENOENT: no such file, open '${p}'`);
      return written[p];
    },
    writeFile: async (p: string, d: string) => { written[p] = d; },
  } as never);
  return { code, stdout, stderr, written };
}

const calls = () => cw.commandCalls(GetMetricDataCommand).map((c) => c.args[0].input);

beforeEach(() => {
  cw.reset();
  jest.spyOn(Date, 'now').mockReturnValue(NOW);
  delete process.env.DYNAMIC_SCALING_SCALER_BUNDLE;
});
afterEach(() => jest.restoreAllMocks());

describe('the period: the finest CloudWatch keeps for the whole span', () => {
  test.each([[1, 60], [15, 60], [16, 300], [63, 300], [64, 3600], [455, 3600]])('--days %d: %d s', (days, period) => {
    expect(periodForDays(days)).toBe(period);
  });

  test('456 days is beyond CloudWatch\'s retention', () => {
    expect(() => periodForDays(456)).toThrow('--days must be at most 455 (CloudWatch\'s retention), got 456');
  });

  test('the window ends on a period boundary 5 minutes ago at least, and starts where CloudWatch still keeps that period', () => {
    expect(traceWindow(1, 60, NOW)).toEqual({ startMs: END - DAY, endMs: END });
    // 15 days at one minute: not before 15 days ago, on a minute.
    expect(traceWindow(15, 60, NOW)).toEqual({ startMs: Date.UTC(2026, 10, 18, 12, 3), endMs: END });
    expect(traceWindow(30, 300, NOW)).toEqual({ startMs: Date.UTC(2026, 11, 3, 11, 55) - 30 * DAY, endMs: Date.UTC(2026, 11, 3, 11, 55) });
    const hourly = traceWindow(455, 3600, NOW);
    expect(hourly.endMs).toBe(Date.UTC(2026, 11, 3, 11));
    expect(hourly.startMs).toBe(Date.UTC(2026, 11, 3, 13) - 455 * DAY);
    expect(NOW - traceWindow(1, 60, NOW).endMs).toBeGreaterThanOrEqual(PUBLISH_DELAY_MS);
  });

  test.each([['1', 60], ['30', 300], ['100', 3600]])('--days %s asks GetMetricData for %d s Sums of both metrics', async (days, period) => {
    cw.on(GetMetricDataCommand).callsFake(fakeCloudWatch({ ConsumedReadCapacityUnits: [[END - DAY, 5]] }));
    const r = await cli(['--table', 'orders', '--dimension', 'read', '--days', days]);
    expect(r.code).toBe(0);
    for (const input of calls()) {
      expect(input.MetricDataQueries!.map((q) => [q.MetricStat!.Metric!.MetricName, q.MetricStat!.Period, q.MetricStat!.Stat]))
        .toEqual([['ConsumedReadCapacityUnits', period, 'Sum'], ['ReadThrottleEvents', period, 'Sum']]);
    }
  });
});

describe('GetMetricData: chunks and pages', () => {
  test('a chunk holds at most 100,800 datapoints over its queries', () => {
    // 15 days of minutes for 2 queries: 43,200 datapoints, one call.
    expect(timeChunks(0, 15 * DAY, 60, 2)).toEqual([[0, 15 * DAY]]);
    // 40 days of minutes for 2 queries: 115,200 datapoints, 50,400 minutes then the rest.
    const chunks = timeChunks(0, 40 * DAY, 60, 2);
    expect(chunks).toEqual([[0, 50_400 * MIN], [50_400 * MIN, 40 * DAY]]);
    for (const [from, to] of chunks) expect(2 * (to - from) / MIN).toBeLessThanOrEqual(MAX_DATAPOINTS_PER_CALL);
  });

  test('the window is read in chunks, each chunk to its last page, and the datapoints merged in order', async () => {
    const start = Date.UTC(2026, 0, 1);
    const consumed: Array<[number, number]> = Array.from({ length: 30 }, (_, m) => [start + m * MIN, m + 1]);
    cw.on(GetMetricDataCommand).callsFake(fakeCloudWatch({ ConsumedWriteCapacityUnits: consumed, WriteThrottleEvents: [[start + 7 * MIN, 2]] }, 4));
    const { series, stats } = await readMetricSeries(new CloudWatchClient({ region: 'us-east-1' }), {
      table: 't', index: 'g', metrics: ['ConsumedWriteCapacityUnits', 'WriteThrottleEvents'], periodSeconds: 60, startMs: start, endMs: start + 30 * MIN,
    }, 20);
    expect(series[0].points).toEqual(consumed);
    expect(series[1].points).toEqual([[start + 7 * MIN, 2]]);
    // 20 datapoints over 2 queries: chunks of 10 minutes, 3 pages of 4 each.
    expect(stats).toEqual({ calls: 9, chunks: 3 });
    const inputs = calls();
    expect(inputs.map((i) => [i.StartTime!.getTime() - start, i.EndTime!.getTime() - start, i.NextToken])).toEqual([
      [0, 10 * MIN, undefined], [0, 10 * MIN, '4'], [0, 10 * MIN, '8'],
      [10 * MIN, 20 * MIN, undefined], [10 * MIN, 20 * MIN, '4'], [10 * MIN, 20 * MIN, '8'],
      [20 * MIN, 30 * MIN, undefined], [20 * MIN, 30 * MIN, '4'], [20 * MIN, 30 * MIN, '8'],
    ]);
    expect(inputs[0].MetricDataQueries![0].MetricStat!.Metric!.Dimensions).toEqual([
      { Name: 'TableName', Value: 't' }, { Name: 'GlobalSecondaryIndexName', Value: 'g' },
    ]);
  });

  test('a datapoint stamped at a chunk\'s EndTime is read once, in the next chunk, and none past the window', async () => {
    const start = Date.UTC(2026, 0, 1);
    const consumed: Array<[number, number]> = Array.from({ length: 21 }, (_, m) => [start + m * MIN, m + 1]);
    cw.on(GetMetricDataCommand).callsFake(fakeCloudWatch({ ConsumedReadCapacityUnits: consumed }, Infinity, true));
    const { series } = await readMetricSeries(new CloudWatchClient({ region: 'us-east-1' }), {
      table: 't', metrics: ['ConsumedReadCapacityUnits', 'ReadThrottleEvents'], periodSeconds: 60, startMs: start, endMs: start + 20 * MIN,
    }, 20);
    expect(series[0].points).toEqual(consumed.slice(0, 20));
  });

  test('the command follows NextToken: every page\'s datapoints are in the CSV', async () => {
    const points: Array<[number, number]> = Array.from({ length: 10 }, (_, m) => [END - 60 * MIN + m * MIN, 100 + m]);
    cw.on(GetMetricDataCommand).callsFake(fakeCloudWatch({ ConsumedReadCapacityUnits: points }, 3));
    const r = await cli(['--table', 'orders', '--dimension', 'read', '--days', '1']);
    expect(r.code).toBe(0);
    expect(calls().map((i) => i.NextToken)).toEqual([undefined, '3', '6', '9']);
    expect(parseTraceRows(r.stdout).map((row) => [row.timeMs, row.value])).toEqual(points);
  });
});

describe('the CSV', () => {
  test('one row per interval from the first datapoint to the last; an interval without one is 0', () => {
    const t = Date.UTC(2026, 0, 1, 10);
    expect(traceCsv([[t, 30], [t + 3 * MIN, 60.5], [t + 4 * MIN, 1]], 60)).toEqual({
      csv: 'timestamp,value\n2026-01-01T10:00:00Z,30\n2026-01-01T10:01:00Z,0\n2026-01-01T10:02:00Z,0\n2026-01-01T10:03:00Z,60.5\n2026-01-01T10:04:00Z,1\n',
      rows: 5,
      filled: 2,
    });
  });

  test('loads with the trace reader, unscaled: each row is the units consumed in its 5-minute interval', async () => {
    const start = END - 5 * MIN - 10 * DAY;
    const p = (i: number): [number, number] => [start + i * 5 * MIN, 300 * (i + 1)];
    cw.on(GetMetricDataCommand).callsFake(fakeCloudWatch({ ConsumedReadCapacityUnits: [p(0), p(1), p(3)] }));
    const r = await cli(['--table', 'orders', '--index', 'by-date', '--dimension', 'read', '--days', '20']);
    expect(r.code).toBe(0);
    const trace = loadTrace(r.stdout, { scaleToMean: false });
    expect(trace.intervalSeconds).toBe(300);
    expect(trace.rows).toBe(4);
    expect(trace.startMs).toBe(start);
    // 300 units over 300 s is 1 unit/s in each of its minutes; the missing interval is idle.
    expect(Array.from(trace.load)).toEqual([...Array(5).fill(1), ...Array(5).fill(2), ...Array(5).fill(0), ...Array(5).fill(4)]);
  });

  test('--output writes the file, not stdout; stderr says it is unscaled and how to simulate it, and counts throttles and idle intervals', async () => {
    const t = END - 10 * MIN;
    cw.on(GetMetricDataCommand).callsFake(fakeCloudWatch({
      ConsumedWriteCapacityUnits: [[t, 600], [t + 2 * MIN, 900]],
      WriteThrottleEvents: [[t + 2 * MIN, 12], [t + 5 * MIN, 0]],
    }));
    const r = await cli(['--table', 'orders', '--dimension', 'write', '--days', '2', '--output', 'orders.csv']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.written['orders.csv']).toBe('timestamp,value\n2026-12-03T11:47:00Z,600\n2026-12-03T11:48:00Z,0\n2026-12-03T11:49:00Z,900\n');
    expect(r.stderr).toBe([
      'dynamic-scaling trace: 3 rows of 60 s, 2026-12-03T11:47:00Z to 2026-12-03T11:50:00Z: ConsumedWriteCapacityUnits (Sum) of table orders, written to orders.csv',
      'dynamic-scaling trace: 1 interval(s) without a datapoint (idle) are written as 0',
      'dynamic-scaling trace: 12 WriteThrottleEvents in 1 interval(s): the trace is the capacity consumed, so it understates the demand there',
      'dynamic-scaling trace: the values are consumed write units per interval, unscaled; simulate them as they are with:',
      '  dynamic-scaling simulate --trace orders.csv --dimension write --no-scale',
      '',
    ].join('\n'));
  });

  test('the written trace runs through simulate --no-scale as printed', async () => {
    const points: Array<[number, number]> = Array.from({ length: 120 }, (_, m) => [END - 200 * MIN + m * MIN, m % 30 === 0 ? 30_000 : 3_000]);
    cw.on(GetMetricDataCommand).callsFake(fakeCloudWatch({ ConsumedReadCapacityUnits: points }));
    const traced = await cli(['--table', 'orders', '--dimension', 'read', '--days', '1']);
    let stdout = '';
    const code = await main(['simulate', '--trace', 't.csv', '--dimension', 'read', '--no-scale', '--json', '--compare', 'on-demand'], {
      stdout: { write: (s: string) => (stdout += s) },
      stderr: { write: () => true },
      readFile: async () => traced.stdout,
    });
    expect(code).toBe(0);
    // Unscaled: 3,000 units a minute is 50 units/s, 30,000 is 500; 468,000 units in all.
    expect(JSON.parse(stdout).trace).toMatchObject({ minutes: 120, peakUnitsPerSecond: 500, meanUnitsPerSecond: 65, requestedUnits: 468_000 });
  });
});

describe('errors: exit 1, said plainly', () => {
  test.each([
    [['--table', 't', '--dimension', 'read', '--bogus', 'x'], /unknown option --bogus/],
    [['--dimension', 'read'], /--table is required/],
    [['--table', 't'], /--dimension is required \(read or write\)/],
    [['--table', 't', '--dimension', 'reads'], /--dimension must be read or write, got 'reads'/],
    [['--table', 't', '--dimension', 'read', '--days', '0'], /--days must be a whole number of days >= 1, got '0'/],
    [['--table', 't', '--dimension', 'read', '--days', '1.5'], /--days must be a whole number of days >= 1, got '1.5'/],
    [['--table', 't', '--dimension', 'read', '--days', 'ten'], /--days must be a whole number of days >= 1, got 'ten'/],
    [['--table', 't', '--dimension', 'read', '--days', '456'], /--days must be at most 455 \(CloudWatch's retention\), got 456/],
    [['--table', 't', '--dimension', 'read', 'extra'], /unexpected argument 'extra'/],
  ])('%j', async (argv, message) => {
    const r = await cli(argv);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toContain('usage: dynamic-scaling trace --table NAME');
    expect(calls()).toEqual([]);
  });

  test('no datapoints at all: an error naming the table, the index and the metric, and no output', async () => {
    cw.on(GetMetricDataCommand).callsFake(fakeCloudWatch({ ReadThrottleEvents: [[END - MIN, 3]] }));
    const r = await cli(['--table', 'orders', '--index', 'by-date', '--dimension', 'read', '--days', '3', '--output', 'o.csv']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('dynamic-scaling trace: no ConsumedReadCapacityUnits datapoints for table orders index by-date from 2026-11-30T11:57:00Z'
      + ' to 2026-12-03T11:57:00Z (is the name right, in this account and region, and did it have traffic?); nothing written\n');
    expect(r.stdout).toBe('');
    expect(r.written).toEqual({});
  });

  test.each([
    ['AccessDenied', 'User: arn:aws:iam::123:user/x is not authorized to perform: cloudwatch:GetMetricData',
      'dynamic-scaling trace: GetMetricData of table orders: AccessDenied: User: arn:aws:iam::123:user/x is not authorized to perform: cloudwatch:GetMetricData (the credentials need cloudwatch:GetMetricData)\n'],
    ['Throttling', 'Rate exceeded',
      'dynamic-scaling trace: GetMetricData of table orders: Throttling: Rate exceeded (still throttled after 3 attempts; try again later or with fewer --days)\n'],
    ['CredentialsProviderError', 'Could not load credentials from any providers',
      'dynamic-scaling trace: no usable AWS credentials: CredentialsProviderError: Could not load credentials from any providers\n'],
  ])('%s from the SDK', async (name, message, stderr) => {
    cw.on(GetMetricDataCommand).rejects(Object.assign(new Error(message), { name }));
    const r = await cli(['--table', 'orders', '--dimension', 'read']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(stderr);
    expect(r.stdout).toBe('');
  });

  test('a query CloudWatch did not complete is an error, not an idle table', async () => {
    cw.on(GetMetricDataCommand).resolves({
      MetricDataResults: [
        { Id: 'm0', StatusCode: 'Forbidden', Timestamps: [], Values: [], Messages: [{ Code: 'Forbidden', Value: 'no access to AWS/DynamoDB' }] },
        { Id: 'm1', StatusCode: 'Complete', Timestamps: [], Values: [] },
      ],
    });
    const r = await cli(['--table', 'orders', '--dimension', 'write']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('dynamic-scaling trace: GetMetricData of table orders: ConsumedWriteCapacityUnits is Forbidden (no access to AWS/DynamoDB)\n');
  });

  test('an unwritable --output: exit 1 with the reason', async () => {
    cw.on(GetMetricDataCommand).callsFake(fakeCloudWatch({ ConsumedReadCapacityUnits: [[END - MIN, 3]] }));
    let stderr = '';
    const code = await main(['trace', '--table', 'orders', '--dimension', 'read', '--output', '/no/such/dir/o.csv'], {
      stdout: { write: () => true },
      stderr: { write: (s: string) => (stderr += s) },
      readFile: async () => '',
    });
    const failing = { code, stderr };
    expect(failing.code).toBe(1);
    expect(failing.stderr).toMatch(/^dynamic-scaling trace: ENOENT: no such file or directory, open '\/no\/such\/dir\/o.csv'/);
  });
});
