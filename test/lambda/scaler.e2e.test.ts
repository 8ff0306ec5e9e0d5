/**
 * End to end: the scaler runtime in process, and `dynamic-scaling run --once` as a subprocess,
 * against dynalite (the managed tables and the state table) and moto_server (CloudWatch metrics
 * written with PutMetricData, SNS) on 127.0.0.1.
 */
import { execFile, spawn } from 'child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import {
  CreateTableCommand, DescribeTableCommand, DynamoDBClient, PutItemCommand, UpdateTableCommand, waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import { CreateTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { activeTable, LocalAws, localAwsEnv, LocalServer, motoSuite, startLocalAws, startStatusServer, TEST_REGION } from './local-servers';
import { bundleScaler } from '../../lambda/bundle';
import { handler } from '../../lambda/handler';
import { runScalerCheck, ScalerDeps } from '../../lambda/scaler';
import { checkRecords, textLine } from '../../lambda/scaler-log';
import { DynamoDbStateStore, POLICY_ATTRIBUTE, STATE_KEY } from '../../lambda/state/dynamodb-state-store';
import { STATE_TABLE_ENV } from '../../src/constants';
import { EnginePolicy } from '../../src/engine';
import { target } from '../engine/builders';

const suite = motoSuite;
const REGION = TEST_REGION;
const MINUTE = 60_000;
/** A check time on a minute boundary, so each window holds exactly five one-minute datapoints. */
const T0 = Math.floor(Date.now() / MINUTE) * MINUTE;

let aws: LocalAws;
let dynalite: LocalServer;
let moto: LocalServer;
let dynamodb: DynamoDBClient;
let cloudwatch: CloudWatchClient;
let sns: SNSClient;
let tableNumber = 0;

suite('the scaler against dynalite and moto_server', () => {
  beforeAll(async () => {
    aws = await startLocalAws();
    ({ dynalite, moto, dynamodb, cloudwatch, sns } = aws);
  }, 60_000);

  afterAll(async () => {
    await aws?.stop();
  });

  /** The SDK environment that points every client at the local servers. */
  function localEnv(): Record<string, string> {
    return localAwsEnv(dynalite, moto, REGION);
  }

  /** A new table `orders-N` with a GSI `by-date`, both at 100/100. */
  async function createTable(): Promise<string> {
    const name = `orders-${++tableNumber}`;
    const throughput = { ReadCapacityUnits: 100, WriteCapacityUnits: 100 };
    await dynamodb.send(new CreateTableCommand({
      TableName: name,
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }, { AttributeName: 'day', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      ProvisionedThroughput: throughput,
      GlobalSecondaryIndexes: [{ IndexName: 'by-date', KeySchema: [{ AttributeName: 'day', KeyType: 'HASH' }], Projection: { ProjectionType: 'KEYS_ONLY' }, ProvisionedThroughput: throughput }],
    }));
    await waitUntilTableExists({ client: dynamodb, maxWaitTime: 10, minDelay: 1 }, { TableName: name });
    return name;
  }

  /** Consumed units per minute at `percent` % of 100 units/s, for the table and its GSI, over `minutes` minutes before `until`. */
  async function putLoad(table: string, percent: { reads: number; writes: number }, until: number, minutes = 30): Promise<void> {
    const timestamps = Array.from({ length: minutes }, (_, i) => new Date(until - (i + 1) * MINUTE));
    for (const gsi of [undefined, 'by-date']) {
      const dims = [{ Name: 'TableName', Value: table }, ...(gsi ? [{ Name: 'GlobalSecondaryIndexName', Value: gsi }] : [])];
      await cloudwatch.send(new PutMetricDataCommand({
        Namespace: 'AWS/DynamoDB',
        MetricData: timestamps.flatMap((Timestamp) => [
          { MetricName: 'ConsumedReadCapacityUnits', Dimensions: dims, Timestamp, Value: percent.reads * 60, Unit: 'Count' as const },
          { MetricName: 'ConsumedWriteCapacityUnits', Dimensions: dims, Timestamp, Value: percent.writes * 60, Unit: 'Count' as const },
        ]),
      }));
    }
  }

  /** Read capacity of the table and its GSI, and its decreases today, once an update has been applied (ACTIVE again). */
  async function capacity(table: string): Promise<[number, number, number]> {
    const t = await activeTable(dynamodb, table);
    const gsi = t.GlobalSecondaryIndexes![0].ProvisionedThroughput!;
    return [t.ProvisionedThroughput!.ReadCapacityUnits!, gsi.ReadCapacityUnits!, t.ProvisionedThroughput!.NumberOfDecreasesToday ?? 0];
  }

  function policyFor(table: string, options: Parameters<typeof target>[0] = {}, extra: Partial<EnginePolicy> = {}): EnginePolicy {
    return { checkIntervalSeconds: 60, ...extra, tables: [{ tableName: table, policy: target(options), gsis: [{ indexPattern: 'by', policy: target(options) }] }] };
  }

  function deps(nowMs: number, lines: string[] = []): ScalerDeps {
    return {
      dynamodb,
      cloudwatch,
      sns,
      store: new DynamoDbStateStore(dynamodb, 'scaler-state'),
      log: { check: (s, dry) => lines.push(...checkRecords(s, dry).map(textLine)) },
      now: () => nowMs,
    };
  }

  test('load rises: the table and its GSI scale up in one check, one UpdateTable; the scaling message is published', async () => {
    const table = await createTable();
    const topic = (await sns.send(new CreateTopicCommand({ Name: `scaling-${table}` }))).TopicArn!;
    await putLoad(table, { reads: 95, writes: 50 }, T0);
    const s = await runScalerCheck(deps(T0), { policy: policyFor(table, { snsTopicArn: topic, snsMessageTypes: ['scale-up'] }), tables: [table] });
    expect(s.calls.UpdateTable).toBe(1);
    expect(s.faults).toEqual([]);
    expect((await capacity(table)).slice(0, 2)).toEqual([150, 150]);
    expect(s.published.map((p) => [p.outcome, p.notification.subject])).toEqual([['ok', `Updated provisioning for table ${table}`], ['ok', 'Updated provisioning for GSI by-date']]);
  }, 30_000);

  test('low load for N checks: exactly one decrease, counted in the state table between checks', async () => {
    const table = await createTable();
    const policy = policyFor(table, { both: { checksBeforeScaleDown: 3 } });
    await putLoad(table, { reads: 10, writes: 50 }, T0 + 5 * MINUTE, 40);
    const read: number[] = [];
    for (let k = 0; k < 5; k++) {
      await runScalerCheck(deps(T0 + k * MINUTE), { policy, tables: [table] });
      read.push((await capacity(table))[0]);
    }
    expect(read).toEqual([100, 100, 50, 50, 50]);
    expect((await capacity(table))[2]).toBe(1);
  }, 30_000);

  test('the circuit breaker answers 503: nothing changes; then 200: the change goes through', async () => {
    const table = await createTable();
    let status = 503;
    const breaker = await startStatusServer(() => status);
    try {
      const policy = policyFor(table, {}, { circuitBreaker: { url: `${breaker.endpoint}/up`, timeoutMs: 10_000 } });
      await putLoad(table, { reads: 95, writes: 50 }, T0);
      const lines: string[] = [];
      await runScalerCheck(deps(T0, lines), { policy, tables: [table] });
      expect((await capacity(table))[0]).toBe(100);
      expect(lines[0]).toContain(`circuit breaker ${breaker.endpoint}/up is open (HTTP 503)`);
      expect(breaker.requests.map((h) => h['x-table-name'])).toEqual([table]);
      status = 200;
      const after: string[] = [];
      await runScalerCheck(deps(T0, after), { policy, tables: [table] });
      // The decision line too, so a failure says why (a breaker that timed out reads as open).
      expect([(await capacity(table))[0], after[0]]).toEqual([150, expect.stringContaining(`${table} reads: 100 -> 150`)]);
    } finally {
      await breaker.stop();
    }
  }, 30_000);

  test('a scheduled and an alarm-triggered check overlap: one UpdateTable, consistent counters', async () => {
    const table = await createTable();
    await putLoad(table, { reads: 95, writes: 10 }, T0);
    const policy = policyFor(table, { writes: { checksBeforeScaleDown: 5 } });
    const [a, b] = await Promise.all([
      runScalerCheck(deps(T0), { policy, tables: [table] }),
      runScalerCheck(deps(T0), { policy, tables: [table] }),
    ]);
    expect(a.calls.UpdateTable + b.calls.UpdateTable).toBe(1);
    expect((await capacity(table))[0]).toBe(150);
    const winner = a.calls.UpdateTable === 1 ? a : b;
    const counters = winner.result.states[table]!.table.counters;
    const store = await new DynamoDbStateStore(dynamodb, 'scaler-state').load([table]);
    expect(store.get(table)).toMatchObject({ unit: { table: { counters } } });
  }, 30_000);

  test('the decrease quota is spent (4 decreases today): the decrease waits, the increase still goes through', async () => {
    const table = await createTable();
    for (const units of [90, 80, 70, 60]) {
      await dynamodb.send(new UpdateTableCommand({ TableName: table, ProvisionedThroughput: { ReadCapacityUnits: 100, WriteCapacityUnits: units } }));
      await capacity(table);
    }
    expect((await dynamodb.send(new DescribeTableCommand({ TableName: table }))).Table!.ProvisionedThroughput!.NumberOfDecreasesToday).toBe(4);
    await putLoad(table, { reads: 95, writes: 5 }, T0);
    const lines: string[] = [];
    const s = await runScalerCheck(deps(T0, lines), { policy: policyFor(table), tables: [table] });
    await capacity(table); // once the update is applied (ACTIVE again)
    const t = (await dynamodb.send(new DescribeTableCommand({ TableName: table }))).Table!.ProvisionedThroughput!;
    expect([t.ReadCapacityUnits, t.WriteCapacityUnits]).toEqual([150, 60]);
    expect(s.result.decisions.find((d) => d.gsi === null && d.dimension === 'writes')!.heldBy).toBe('decrease-quota');
  }, 30_000);

  test('the state table: conditional writes on the revision, the stack\'s policy kept beside the state', async () => {
    const store = new DynamoDbStateStore(dynamodb, 'scaler-state');
    const unit = { table: { counters: { reads: 2, writes: 0 } }, gsis: {} };
    await dynamodb.send(new PutItemCommand({ TableName: 'scaler-state', Item: { [STATE_KEY]: { S: 'managed' }, [POLICY_ATTRIBUTE]: { S: '{"tables":[]}' } } }));
    expect(await store.load(['managed', 'unknown'])).toEqual(new Map([['managed', { revision: 0 }], ['unknown', { revision: 0 }]]));
    expect(await store.write('managed', unit, 0)).toEqual({ outcome: 'ok', revision: 1 });
    expect(await store.write('managed', unit, 0)).toEqual({ outcome: 'conflict' });
    expect(await store.write('managed', null, 1)).toEqual({ outcome: 'ok', revision: 2 });
    expect(await store.load(['managed'])).toEqual(new Map([['managed', { revision: 2 }]]));
    expect(await store.managedTables()).toEqual([{ table: 'managed', policy: '{"tables":[]}' }]);
    await dynamodb.send(new PutItemCommand({ TableName: 'scaler-state', Item: { [STATE_KEY]: { S: 'broken' }, revision: { N: '3' }, state: { S: '{"version": 9}' } } }));
    expect((await store.load(['broken'])).get('broken')).toEqual({
      error: 'state table scaler-state, item broken.version is 9, newer than this engine reads (1): upgrade the scaler; the state is left as it is',
    });
  });

  test('the Lambda handler, in process: the policy from the state table item, the scheduled check scales the table', async () => {
    const table = await createTable();
    await putLoad(table, { reads: 95, writes: 50 }, Date.now(), 40);
    const policy = { tables: [{ tableName: table, policy: { reads: { min: 5, max: 1000 }, writes: { min: 5, max: 1000 } }, gsis: [{ indexPattern: 'by' }] }] };
    await dynamodb.send(new PutItemCommand({ TableName: 'scaler-state', Item: { [STATE_KEY]: { S: table }, [POLICY_ATTRIBUTE]: { S: JSON.stringify(policy) } } }));
    const saved = { ...process.env };
    Object.assign(process.env, { [STATE_TABLE_ENV]: 'scaler-state', ...localEnv() });
    const quiet = [jest.spyOn(process.stdout, 'write').mockImplementation(() => true), jest.spyOn(process.stderr, 'write').mockImplementation(() => true)];
    try {
      const result = await handler({ 'source': 'aws.events', 'detail-type': 'Scheduled Event' });
      expect(result).toMatchObject({ checked: expect.any(Number), changes: 2, faults: 0 });
      expect((await capacity(table)).slice(0, 2)).toEqual([150, 150]);
      const item = await new DynamoDbStateStore(dynamodb, 'scaler-state').load([table]);
      expect(item.get(table)).toMatchObject({ revision: 1 });
      expect((await new DynamoDbStateStore(dynamodb, 'scaler-state').managedTables()).map((m) => m.table)).toContain(table);
    } finally {
      quiet.forEach((q) => q.mockRestore());
      process.env = saved;
    }
  }, 30_000);

  describe('dynamic-scaling run --once, as a subprocess', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ds-run-'));
    // The command runs the scaler bundle, as the package does: built fresh here.
    const bundle = bundleScaler(join(dir, 'bundle'));
    const env = () => ({ DYNAMIC_SCALING_SCALER_BUNDLE: bundle, ...process.env, ...localEnv() });
    const cli = (args: string[]) => new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile('npx', ['ts-node', '--transpile-only', '--project', 'test/tsconfig.json', 'src/cli/main.ts', 'run', ...args],
        { cwd: join(__dirname, '..', '..'), env: env(), timeout: 60_000 },
        (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }));
    });

    test('scales the table, writes the state file, exits 0', async () => {
      const table = await createTable();
      await putLoad(table, { reads: 95, writes: 50 }, Date.now(), 40);
      const policyFile = join(dir, 'policy.json');
      const policy = { checkIntervalSeconds: 60, tables: [{ tableName: table, policy: { reads: { min: 5, max: 1000 } } }] };
      writeFileSync(policyFile, JSON.stringify(policy));
      const stateFile = join(dir, 'state.json');
      const run = await cli(['--once', '--policy', policyFile, '--state-file', stateFile]);
      expect(run.stderr).toContain('managing 1 table(s) every 60 s with state file');
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(new RegExp(`${table} reads: 100 -> 150`));
      expect((await capacity(table))[0]).toBe(150);
      expect(JSON.parse(readFileSync(stateFile, 'utf8'))).toMatchObject({ version: 1, tables: { [table]: { table: {} } } });
    }, 90_000);

    test('without --once it checks until SIGTERM, which ends it after the check in progress, exit 0', async () => {
      const table = await createTable();
      const policyFile = join(dir, 'policy-loop.json');
      writeFileSync(policyFile, JSON.stringify({ checkIntervalSeconds: 60, tables: [{ tableName: table }] }));
      const child = spawn(process.execPath, [require.resolve('ts-node/dist/bin.js'), '--transpile-only', '--project', 'test/tsconfig.json', 'src/cli/main.ts',
        'run', '--policy', policyFile], { cwd: join(__dirname, '..', '..'), env: env() });
      let stdout = '';
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      await new Promise<void>((resolve) => child.stdout!.on('data', (d) => {
        stdout += String(d);
        if (stdout.includes('check: ')) resolve();
      }));
      const signalled = Date.now();
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      // Well before the next check, a minute after the first.
      expect(Date.now() - signalled).toBeLessThan(10_000);
    }, 90_000);

    test('a state table that does not exist is unusable state: exit 1, said plainly', async () => {
      const policyFile = join(dir, 'policy-missing.json');
      writeFileSync(policyFile, JSON.stringify({ tables: [{ tableName: 'orders-1' }] }));
      const run = await cli(['--once', '--policy', policyFile, '--state-table', 'no-such-state-table']);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/^dynamic-scaling run: unusable state: state table no-such-state-table cannot be read: ResourceNotFoundException/m);
    }, 90_000);

    test('a corrupt state file is a clear error, exit 1, and the file is left as it is', async () => {
      const policyFile = join(dir, 'policy-corrupt.json');
      writeFileSync(policyFile, JSON.stringify({ tables: [{ tableName: 'orders-1' }] }));
      const stateFile = join(dir, 'corrupt.json');
      writeFileSync(stateFile, '{"version": 1, "tables": {"orders-1": {"table": {"counters": {"reads": "x"');
      const run = await cli(['--once', '--policy', policyFile, '--state-file', stateFile]);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/^dynamic-scaling run: unusable state: state file .*corrupt\.json is not JSON \(truncated\?\): .* \(the file is left as it is; fix or remove it\)$/m);
      expect(readFileSync(stateFile, 'utf8')).toBe('{"version": 1, "tables": {"orders-1": {"table": {"counters": {"reads": "x"');
    }, 90_000);

    test('an invalid policy exits 2, listing every problem with its JSON path', async () => {
      const policyFile = join(dir, 'bad.json');
      writeFileSync(policyFile, JSON.stringify({ tables: [{ tableName: 'orders-1', policy: { reads: { min: 0, max: -1 } } }] }));
      const run = await cli(['--once', '--policy', policyFile]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('tables[0].policy.reads.min (0) must be an integer >= 1');
      expect(run.stderr).toContain('tables[0].policy.reads.max (-1) must be an integer >= 1');
    }, 90_000);
  });
});
