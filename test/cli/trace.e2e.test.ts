/**
 * End to end: `dynamic-scaling trace` as a subprocess, running the scaler bundle built fresh (as the
 * package does), against moto_server on 127.0.0.1 holding metrics written with PutMetricData; the
 * CSV is read back with the trace reader. Under CI a missing moto_server fails; elsewhere it skips.
 */
import { execFile } from 'child_process';
import { mkdtempSync, readFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { CloudWatchClient, MetricDatum, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { bundleScaler } from '../../lambda/bundle';
import { loadTrace, parseTraceRows } from '../../src/sim/trace';
import { LocalServer, motoSuite, startMoto, TEST_REGION } from '../lambda/local-servers';

const suite = motoSuite;
const REGION = TEST_REGION;
const MIN = 60_000;
/** The first minute of the traffic: two hours ago, on 5 minutes; 90 minutes of it. */
const BASE = Math.floor(Date.now() / (5 * MIN)) * 5 * MIN - 120 * MIN;
const MINUTES = 90;
/** Idle minutes: no datapoint (a whole 5-minute interval, and one more minute). */
const IDLE = new Set([10, 11, 12, 13, 14, 37]);
const tableReads = (i: number) => i + 1;
const indexReads = (i: number) => 2 * (i + 1);

let moto: LocalServer;

suite('dynamic-scaling trace against moto_server', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ds-trace-'));
  const bundle = bundleScaler(join(dir, 'bundle'));

  beforeAll(async () => {
    moto = await startMoto();
    // moto_server fails to read the gzip bodies the SDK sends for large PutMetricData calls.
    const cloudwatch = new CloudWatchClient({
      region: REGION, endpoint: moto.endpoint, credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, disableRequestCompression: true,
    });
    const data: MetricDatum[] = [];
    for (let i = 0; i < MINUTES; i++) {
      if (IDLE.has(i)) continue;
      const Timestamp = new Date(BASE + i * MIN);
      data.push({ MetricName: 'ConsumedReadCapacityUnits', Dimensions: [{ Name: 'TableName', Value: 'orders' }], Timestamp, Value: tableReads(i) });
      data.push({
        MetricName: 'ConsumedReadCapacityUnits',
        Dimensions: [{ Name: 'TableName', Value: 'orders' }, { Name: 'GlobalSecondaryIndexName', Value: 'by-date' }],
        Timestamp,
        Value: indexReads(i),
      });
    }
    data.push({ MetricName: 'ReadThrottleEvents', Dimensions: [{ Name: 'TableName', Value: 'orders' }], Timestamp: new Date(BASE + 50 * MIN), Value: 7 });
    await cloudwatch.send(new PutMetricDataCommand({ Namespace: 'AWS/DynamoDB', MetricData: data }));
    cloudwatch.destroy();
  }, 60_000);

  afterAll(async () => {
    await moto?.stop();
  });

  const cli = (args: string[]) => new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile('npx', ['ts-node', '--transpile-only', '--project', 'test/tsconfig.json', 'src/cli/main.ts', 'trace', ...args], {
      cwd: join(__dirname, '..', '..'),
      env: {
        ...process.env,
        DYNAMIC_SCALING_SCALER_BUNDLE: bundle,
        AWS_REGION: REGION,
        AWS_ACCESS_KEY_ID: 'test',
        AWS_SECRET_ACCESS_KEY: 'test',
        AWS_ENDPOINT_URL_CLOUDWATCH: moto.endpoint,
      },
      timeout: 60_000,
    }, (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }));
  });

  test('a table\'s reads at one minute, to --output: every minute from the first datapoint to the last, idle ones 0', async () => {
    const file = join(dir, 'orders.csv');
    const r = await cli(['--table', 'orders', '--dimension', 'read', '--days', '1', '--output', file]);
    expect(r.stderr).toContain(`dynamic-scaling trace: ${MINUTES} rows of 60 s`);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('dynamic-scaling trace: 6 interval(s) without a datapoint (idle) are written as 0');
    expect(r.stderr).toContain('dynamic-scaling trace: 7 ReadThrottleEvents in 1 interval(s)');
    expect(r.stderr).toContain(`  dynamic-scaling simulate --trace ${file} --dimension read --no-scale\n`);
    const csv = readFileSync(file, 'utf8');
    const expected = Array.from({ length: MINUTES }, (_, i) => [BASE + i * MIN, IDLE.has(i) ? 0 : tableReads(i)]);
    expect(parseTraceRows(csv).map((row) => [row.timeMs, row.value])).toEqual(expected);
    const trace = loadTrace(csv, { scaleToMean: false });
    expect(trace.startMs).toBe(BASE);
    // Unscaled: the units of each minute, spread over its 60 seconds.
    expect(Array.from(trace.load, (unitsPerSecond) => Math.round(unitsPerSecond * 60 * 1e9) / 1e9)).toEqual(expected.map(([, v]) => v));
  }, 90_000);

  test('an index\'s reads over 30 days: 5-minute sums, to stdout', async () => {
    const r = await cli(['--table', 'orders', '--index', 'by-date', '--dimension', 'read', '--days', '30']);
    expect(r.stderr).toContain('dynamic-scaling trace: 18 rows of 300 s');
    expect(r.code).toBe(0);
    const sums = Array.from({ length: MINUTES / 5 }, (_, b) => {
      let s = 0;
      for (let i = 5 * b; i < 5 * b + 5; i++) s += IDLE.has(i) ? 0 : indexReads(i);
      return [BASE + b * 5 * MIN, s];
    });
    expect(parseTraceRows(r.stdout).map((row) => [row.timeMs, row.value])).toEqual(sums);
    expect(loadTrace(r.stdout, { scaleToMean: false }).intervalSeconds).toBe(300);
  }, 90_000);

  test('a table with no datapoints: exit 1, naming the table, the index and the metric', async () => {
    const r = await cli(['--table', 'orders', '--index', 'by-date', '--dimension', 'write', '--days', '1']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^dynamic-scaling trace: no ConsumedWriteCapacityUnits datapoints for table orders index by-date from \S+ to \S+ \(is the name right/m);
  }, 90_000);
});
