/**
 * The scaler runtime against mocked AWS clients (aws-sdk-client-mock): the faults the local
 * servers cannot produce, each with no crash, no lost state and no half-applied change.
 */
import { CloudWatchClient, GetMetricDataCommand, GetMetricDataCommandInput } from '@aws-sdk/client-cloudwatch';
import {
  DescribeTableCommand, DynamoDBClient, TableDescription, UpdateTableCommand, UpdateTableCommandInput,
} from '@aws-sdk/client-dynamodb';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { startStatusServer } from './local-servers';
import { MAX_QUERIES_PER_CALL } from '../../lambda/aws/cloudwatch-metrics';
import { runScalerCheck, ScalerDeps } from '../../lambda/scaler';
import { checkRecords, textLine } from '../../lambda/scaler-log';
import { StateStore, StoredUnit, UnreadableUnit, WriteOutcome } from '../../lambda/state/state-store';
import { EnginePolicy, TableState } from '../../src/engine';
import { target } from '../engine/builders';

const NOW = Date.UTC(2017, 7, 12, 12, 0, 0);
const TOPIC = 'arn:aws:sns:us-east-1:123456789012:scaling';

const ddb = mockClient(DynamoDBClient);
const cw = mockClient(CloudWatchClient);
const sns = mockClient(SNSClient);

/** An in-memory store with revisions, as the state table keeps them. */
class MemoryStore implements StateStore {
  public readonly description = 'memory';
  public readonly writes: Array<{ table: string; unit: TableState | null; revision: number }> = [];
  public conflictOn?: string;
  constructor(public units: Record<string, { unit?: TableState; revision: number } | { error: string }> = {}) {}
  public async load(tables: readonly string[]): Promise<Map<string, StoredUnit | UnreadableUnit>> {
    return new Map(tables.map((name) => [name, this.units[name] ?? { revision: 0 }]));
  }
  public async write(name: string, unit: TableState | null, revision: number): Promise<WriteOutcome> {
    const current = this.units[name];
    const stored = current && 'revision' in current ? current.revision : 0;
    if (this.conflictOn === name || stored !== revision) return { outcome: 'conflict' };
    this.writes.push({ table: name, unit, revision });
    this.units[name] = unit === null ? { revision: 0 } : { unit, revision: revision + 1 };
    return { outcome: 'ok', revision: revision + 1 };
  }
  public async flush(): Promise<void> {}
}

function policy(extra: Partial<Parameters<typeof target>[0]> = {}): EnginePolicy {
  return { checkIntervalSeconds: 60, tables: [{ tablePattern: '^t', policy: target(extra), gsis: [{ indexPattern: 'g', policy: target(extra) }] }] };
}

function table(name: string, read = 100, write = 100, extra: Partial<TableDescription> = {}): TableDescription {
  return {
    TableName: name,
    TableStatus: 'ACTIVE',
    ProvisionedThroughput: { ReadCapacityUnits: read, WriteCapacityUnits: write, NumberOfDecreasesToday: 0 },
    ...extra,
  };
}

/** CloudWatch answers every query with one datapoint: `pct` % of 100 units/s over the window's five minutes. */
function cloudWatchAt(pct: (table: string, gsi: string | undefined, metric: string) => number | undefined) {
  cw.on(GetMetricDataCommand).callsFake((input: GetMetricDataCommandInput) => ({
    MetricDataResults: input.MetricDataQueries!.map((q) => {
      const dims = q.MetricStat!.Metric!.Dimensions!;
      const p = pct(dims[0].Value!, dims[1]?.Value, q.MetricStat!.Metric!.MetricName!);
      const start = input.StartTime!.getTime();
      return p === undefined ? { Id: q.Id, Timestamps: [], Values: [] }
        : { Id: q.Id, Timestamps: [0, 1, 2, 3, 4].map((m) => new Date(start + m * 60_000)), Values: [0, 1, 2, 3, 4].map(() => p * 60) };
    }),
  }));
}

/** Consumed at `reads` / `writes` % of 100 units for every target; Provisioned answered as 100. */
function loads(reads: number, writes: number) {
  cloudWatchAt((_t, _g, m) => (m.startsWith('Provisioned') ? 100 / 60 : m === 'ConsumedReadCapacityUnits' ? reads : m === 'ConsumedWriteCapacityUnits' ? writes : undefined));
}

function deps(store: StateStore, lines: string[] = []): ScalerDeps {
  return {
    dynamodb: new DynamoDBClient({ region: 'us-east-1' }),
    cloudwatch: new CloudWatchClient({ region: 'us-east-1' }),
    sns: new SNSClient({ region: 'us-east-1' }),
    store,
    log: { check: (s, dry) => lines.push(...checkRecords(s, dry).map(textLine)) },
    now: () => NOW,
    pollCircuitBreaker: async (r) => ({ id: r.id, kind: r.kind, result: { status: 200 } }),
  };
}

const updates = () => ddb.commandCalls(UpdateTableCommand).map((c) => c.args[0].input as UpdateTableCommandInput);

beforeEach(() => {
  ddb.reset();
  cw.reset();
  sns.reset();
});

test('load rises: the table and its GSI scale up in one UpdateTable; the state is written', async () => {
  ddb.on(DescribeTableCommand).resolves({ Table: table('t1', 100, 100, { GlobalSecondaryIndexes: [{ IndexName: 'g1', IndexStatus: 'ACTIVE', ProvisionedThroughput: { ReadCapacityUnits: 100, WriteCapacityUnits: 100 } }] }) });
  ddb.on(UpdateTableCommand).resolves({});
  loads(95, 50);
  const store = new MemoryStore();
  const lines: string[] = [];
  const s = await runScalerCheck(deps(store, lines), { policy: policy(), tables: ['t1'] });
  expect(updates()).toEqual([{
    TableName: 't1',
    ProvisionedThroughput: { ReadCapacityUnits: 150, WriteCapacityUnits: 100 },
    GlobalSecondaryIndexUpdates: [{ Update: { IndexName: 'g1', ProvisionedThroughput: { ReadCapacityUnits: 150, WriteCapacityUnits: 100 } } }],
  }]);
  expect(s.calls).toMatchObject({ DescribeTable: 1, GetMetricData: 1, MetricsRequested: 8, UpdateTable: 1 });
  // The claim writes the unit as it is once the update succeeded: it is not written a second time.
  expect(store.writes.map((w) => w.table)).toEqual(['t1']);
  expect(lines[0]).toMatch(/^t1 reads: 100 -> 150 - consumed 95\.00% of 100 reads units/);
  expect(lines.at(-1)).toMatch(/^check: 1\/1 tables checked, 2 change\(s\), 0 fault\(s\)/);
});

test('GetMetricData: one query per metric, at most 500 per call, ceil(queries / 500) calls', async () => {
  const names = Array.from({ length: 100 }, (_, i) => `t${String(i).padStart(3, '0')}`);
  const gsis = Array.from({ length: 5 }, (_, i) => ({ IndexName: `g${i}`, IndexStatus: 'ACTIVE' as const, ProvisionedThroughput: { ReadCapacityUnits: 10, WriteCapacityUnits: 10 } }));
  ddb.on(DescribeTableCommand).callsFake((input) => ({ Table: table(input.TableName, 10, 10, { GlobalSecondaryIndexes: gsis }) }));
  loads(50, 50);
  const s = await runScalerCheck(deps(new MemoryStore()), { policy: policy(), tables: names });
  const queries = cw.commandCalls(GetMetricDataCommand).map((c) => c.args[0].input.MetricDataQueries!.length);
  expect(s.calls.MetricsRequested).toBe(100 * 6 * 4);
  expect(queries.every((n) => n <= MAX_QUERIES_PER_CALL)).toBe(true);
  expect(queries.length).toBe(Math.ceil((100 * 6 * 4) / MAX_QUERIES_PER_CALL));
});

test('LimitExceeded: the increases alone go through; the held decrease keeps its counter', async () => {
  ddb.on(DescribeTableCommand).resolves({ Table: table('t1') });
  ddb.on(UpdateTableCommand).rejectsOnce(Object.assign(new Error('decreases exhausted'), { name: 'LimitExceededException' })).resolves({});
  loads(95, 10);
  sns.on(PublishCommand).resolves({});
  const store = new MemoryStore();
  const s = await runScalerCheck(deps(store), { policy: policy({ snsTopicArn: TOPIC, snsMessageTypes: ['scale-up', 'scale-down'] }), tables: ['t1'] });
  expect(updates().map((u) => u.ProvisionedThroughput)).toEqual([
    { ReadCapacityUnits: 150, WriteCapacityUnits: 50 }, { ReadCapacityUnits: 150, WriteCapacityUnits: 100 },
  ]);
  expect(sns.commandCalls(PublishCommand).map((c) => c.args[0].input.Message)).toEqual(['t1 - Reads: UP from 100 to 150\n']);
  expect(s.faults).toEqual([{ table: 't1', gsi: null, action: 'UpdateTable', outcome: 'LimitExceeded', message: 'LimitExceededException: decreases exhausted' }]);
  const writes = s.result.decisions.find((d) => d.table === 't1' && d.gsi === null && d.dimension === 'writes')!;
  expect(store.units.t1).toEqual({ unit: { table: { counters: { reads: 0, writes: writes.counterOut } }, gsis: {} }, revision: 2 });
});

test.each([
  ['ResourceInUseException', 'ResourceInUse'],
  ['ValidationException', 'Validation'],
  ['AccessDeniedException', 'AccessDenied'],
  ['ResourceNotFoundException', 'ResourceNotFound'],
  ['InternalServerError', 'error'],
])('UpdateTable fails with %s: nothing applied, nothing published, counters kept, said', async (name, outcome) => {
  ddb.on(DescribeTableCommand).resolves({ Table: table('t1') });
  ddb.on(UpdateTableCommand).rejects(Object.assign(new Error('refused for arn:aws:dynamodb:us-east-1:123:table/t1'), { name }));
  loads(10, 50);
  const store = new MemoryStore();
  const lines: string[] = [];
  const s = await runScalerCheck(deps(store, lines), { policy: policy({ snsTopicArn: TOPIC, snsMessageTypes: ['scale-down'], reads: { checksBeforeScaleDown: 1 } }), tables: ['t1'] });
  expect(updates()).toHaveLength(1);
  expect(sns.commandCalls(PublishCommand)).toHaveLength(0);
  expect(s.faults.map((f) => f.outcome)).toEqual([outcome]);
  expect(store.units.t1).toMatchObject({ unit: { table: { counters: { reads: 1, writes: 0 } } } });
  expect(lines).toContain(`t1: UpdateTable failed: ${outcome} (${name}: refused for arn:aws:dynamodb:us-east-1:123:table/t1)`);
});

test('a table that disappeared is skipped and said; its state is kept, marked missing', async () => {
  ddb.on(DescribeTableCommand).rejects(Object.assign(new Error('Requested resource not found'), { name: 'ResourceNotFoundException' }));
  const store = new MemoryStore({ t1: { unit: { table: { counters: { reads: 2, writes: 0 } }, gsis: {} }, revision: 3 } });
  const lines: string[] = [];
  const s = await runScalerCheck(deps(store, lines), { policy: policy(), tables: ['t1'] });
  expect(s.tables).toEqual([{ table: 't1', status: 'skipped', reason: 'the table does not exist (ResourceNotFound)' }]);
  expect(store.units.t1).toEqual({ unit: { table: { counters: { reads: 2, writes: 0 } }, gsis: {}, missingSinceMs: NOW }, revision: 4 });
  expect(cw.commandCalls(GetMetricDataCommand)).toHaveLength(0);
  expect(lines).toContain('t1: skipped: the table does not exist (ResourceNotFound)');
});

test('CloudWatch throttling (after the SDK\'s retries): the tables of that call are skipped, their state untouched', async () => {
  ddb.on(DescribeTableCommand).resolves({ Table: table('t1') });
  cw.on(GetMetricDataCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'Throttling' }));
  const before = { unit: { table: { counters: { reads: 1, writes: 1 } }, gsis: {} }, revision: 1 };
  const store = new MemoryStore({ t1: before });
  const s = await runScalerCheck(deps(store), { policy: policy(), tables: ['t1'] });
  expect(s.tables[0]).toEqual({ table: 't1', status: 'skipped', reason: 'a CloudWatch read failed: no decision on partial data' });
  expect(store.units.t1).toBe(before);
  expect(updates()).toEqual([]);
});

test('missing datapoints read as no traffic (dd), the table is still decided', async () => {
  ddb.on(DescribeTableCommand).resolves({ Table: table('t1') });
  cloudWatchAt(() => undefined);
  const s = await runScalerCheck(deps(new MemoryStore()), { policy: policy(), tables: ['t1'] });
  expect(s.tables).toEqual([{ table: 't1', status: 'checked' }]);
  expect(s.result.decisions[0].consumedPercent).toBe(0);
});

test('a table switched to on-demand is skipped (D9) and no metric is read for it', async () => {
  ddb.on(DescribeTableCommand).resolves({ Table: table('t1', 0, 0, { BillingModeSummary: { BillingMode: 'PAY_PER_REQUEST' } }) });
  const s = await runScalerCheck(deps(new MemoryStore()), { policy: policy(), tables: ['t1'] });
  expect(s.result.decisions[0].reasons[0]).toBe('skipped: table has no provisioned capacity (on-demand?), read 0, write 0');
  expect(cw.commandCalls(GetMetricDataCommand)).toHaveLength(0);
});

test('an index being created is not updated; the table is', async () => {
  ddb.on(DescribeTableCommand).resolves({ Table: table('t1', 100, 100, { GlobalSecondaryIndexes: [{ IndexName: 'g1', IndexStatus: 'CREATING', ProvisionedThroughput: { ReadCapacityUnits: 50, WriteCapacityUnits: 50 } }] }) });
  ddb.on(UpdateTableCommand).resolves({});
  loads(95, 50);
  await runScalerCheck(deps(new MemoryStore()), { policy: policy(), tables: ['t1'] });
  expect(updates()).toEqual([{ TableName: 't1', ProvisionedThroughput: { ReadCapacityUnits: 150, WriteCapacityUnits: 100 } }]);
});

test('a state unit that does not decode is an error for that table; the others go on', async () => {
  ddb.on(DescribeTableCommand).callsFake((input) => ({ Table: table(input.TableName) }));
  ddb.on(UpdateTableCommand).resolves({});
  loads(95, 50);
  const store = new MemoryStore({ t1: { error: 'state of t1.table.counters.reads must be an integer >= 0, got "x"' } });
  const s = await runScalerCheck(deps(store), { policy: policy(), tables: ['t1', 't2'] });
  expect(s.tables).toEqual([
    { table: 't1', status: 'skipped', reason: 'its state cannot be read: state of t1.table.counters.reads must be an integer >= 0, got "x"' },
    { table: 't2', status: 'checked' },
  ]);
  expect(updates().map((u) => u.TableName)).toEqual(['t2']);
  expect(store.units.t1).toEqual({ error: 'state of t1.table.counters.reads must be an integer >= 0, got "x"' });
});

test('a state write that loses its condition: the claim fails, nothing is sent', async () => {
  ddb.on(DescribeTableCommand).resolves({ Table: table('t1') });
  ddb.on(UpdateTableCommand).resolves({});
  loads(95, 50);
  const store = new MemoryStore();
  store.conflictOn = 't1';
  const s = await runScalerCheck(deps(store), { policy: policy(), tables: ['t1'] });
  expect(updates()).toEqual([]);
  expect(s.faults.map((f) => [f.action, f.outcome])).toEqual([['ClaimState', 'conflict']]);
});

test('dry run: decided and logged, nothing changed, nothing written, nothing published', async () => {
  ddb.on(DescribeTableCommand).resolves({ Table: table('t1') });
  loads(95, 50);
  const store = new MemoryStore();
  const lines: string[] = [];
  await runScalerCheck(deps(store, lines), { policy: policy({ snsTopicArn: TOPIC, snsMessageTypes: ['scale-up'] }), tables: ['t1'], dryRun: true });
  expect(updates()).toEqual([]);
  expect(store.writes).toEqual([]);
  expect(sns.commandCalls(PublishCommand)).toHaveLength(0);
  expect(lines[0]).toMatch(/^\[dry run\] t1 reads: 100 \(no change\), planned 150 \(dry-run\)/);
  expect(lines.at(-1)).toMatch(/\[dry run: nothing changed\]$/);
});

test('a unit the check leaves as it was is not written again', async () => {
  ddb.on(DescribeTableCommand).resolves({ Table: table('t1') });
  loads(50, 50);
  const store = new MemoryStore({ t1: { unit: { table: {}, gsis: {} }, revision: 4 } });
  await runScalerCheck(deps(store), { policy: policy(), tables: ['t1'] });
  expect(store.writes).toEqual([]);
  loads(10, 50);
  await runScalerCheck(deps(store), { policy: policy({ reads: { checksBeforeScaleDown: 3 } }), tables: ['t1'] });
  expect(store.writes).toEqual([{ table: 't1', unit: { table: { counters: { reads: 1, writes: 0 } }, gsis: {} }, revision: 4 }]);
});

describe('a circuit breaker whose credentials are in Secrets Manager', () => {
  const secrets = mockClient(SecretsManagerClient);
  const breakerPolicy = (url: string): EnginePolicy => ({ ...policy(), circuitBreaker: { url, timeoutMs: 2000, credentialsSecret: 'prod/status' } });
  const withSecrets = (store: StateStore, lines: string[]): ScalerDeps => {
    const { pollCircuitBreaker: _default, ...rest } = deps(store, lines);
    return { ...rest, secrets: new SecretsManagerClient({ region: 'us-east-1' }) };
  };
  beforeEach(() => {
    secrets.reset();
    ddb.on(DescribeTableCommand).resolves({ Table: table('t1') });
    ddb.on(UpdateTableCommand).resolves({});
    loads(95, 50);
  });

  test('the poll carries basic auth from the secret, read once per check', async () => {
    secrets.on(GetSecretValueCommand).resolves({ SecretString: JSON.stringify({ username: 'ops', password: 's3cret' }) });
    const server = await startStatusServer(() => 200);
    try {
      await runScalerCheck(withSecrets(new MemoryStore(), []), { policy: breakerPolicy(`${server.endpoint}/up`), tables: ['t1'] });
      expect(server.requests.map((h) => h.authorization)).toEqual([`Basic ${Buffer.from('ops:s3cret').toString('base64')}`]);
      expect(secrets.commandCalls(GetSecretValueCommand).map((c) => c.args[0].input.SecretId)).toEqual(['prod/status']);
      expect(updates()).toHaveLength(1);
    } finally {
      await server.stop();
    }
  });

  test('a secret that cannot be read: the breaker reads as open, nothing changes, the reason names the secret, not its value', async () => {
    secrets.on(GetSecretValueCommand).rejects(Object.assign(new Error('not authorized to perform secretsmanager:GetSecretValue'), { name: 'AccessDeniedException' }));
    const lines: string[] = [];
    await runScalerCheck(withSecrets(new MemoryStore(), lines), { policy: breakerPolicy('http://127.0.0.1:9/up'), tables: ['t1'] });
    expect(updates()).toEqual([]);
    expect(lines[0]).toContain('is open (error: credentials secret prod/status: AccessDeniedException: not authorized to perform secretsmanager:GetSecretValue)');
  });
});

test('an SNS subject is ASCII and under 100 characters', async () => {
  const long = `t${'x'.repeat(120)}`;
  ddb.on(DescribeTableCommand).resolves({ Table: table(long) });
  ddb.on(UpdateTableCommand).resolves({});
  sns.on(PublishCommand).resolves({});
  loads(95, 50);
  const p: EnginePolicy = { checkIntervalSeconds: 60, tables: [{ tableName: long, policy: target({ snsTopicArn: TOPIC, snsMessageTypes: ['scale-up'] }), gsis: [] }] };
  await runScalerCheck(deps(new MemoryStore()), { policy: p, tables: [long] });
  const subject = sns.commandCalls(PublishCommand)[0].args[0].input.Subject!;
  expect(subject).toMatch(/^[\x20-\x7e]+\.\.\.$/);
  expect(subject.length).toBe(99);
});

test('CloudWatch refuses a query (Forbidden): the table is skipped, not scaled down as if idle', async () => {
  ddb.on(DescribeTableCommand).resolves({ Table: table('t1') });
  ddb.on(UpdateTableCommand).resolves({});
  cw.on(GetMetricDataCommand).callsFake((input: GetMetricDataCommandInput) => ({
    MetricDataResults: input.MetricDataQueries!.map((q) => ({ Id: q.Id, StatusCode: 'Forbidden', Timestamps: [], Values: [] })),
  }));
  const store = new MemoryStore({ t1: { unit: { table: { counters: { reads: 2, writes: 0 } }, gsis: {} }, revision: 1 } });
  const s = await runScalerCheck(deps(store), { policy: policy({ both: { allowScaleDownAtZeroPercent: true, checksBeforeScaleDown: 3 } }), tables: ['t1'] });
  expect(updates()).toEqual([]);
  expect(s.tables[0].status).toBe('skipped');
  expect(store.writes).toEqual([]);
});

test('a dry run that checks again counts its low checks (dd\'s --dry-run), and the real state never changes', async () => {
  ddb.on(DescribeTableCommand).resolves({ Table: table('t1') });
  loads(10, 50);
  const store = new MemoryStore({ t1: { unit: { table: { counters: { reads: 1, writes: 0 } }, gsis: {} }, revision: 3 } });
  const p = policy({ reads: { checksBeforeScaleDown: 3 } });
  const first = await runScalerCheck(deps(store), { policy: p, tables: ['t1'], dryRun: true });
  const second = await runScalerCheck(deps(store), { policy: p, tables: ['t1'], dryRun: true });
  expect([first, second].map((s) => s.result.decisions[0].counterOut)).toEqual([2, 3]);
  expect(second.result.updates.map((u) => [u.update.reads, u.outcome])).toEqual([[50, 'dry-run']]);
  expect(store.writes).toEqual([]);
  expect(updates()).toEqual([]);
});

test('after a claim, a final write that fails is written again: the claimed unit does not stay when the update failed', async () => {
  ddb.on(DescribeTableCommand).resolves({ Table: table('t1') });
  ddb.on(UpdateTableCommand).rejects(Object.assign(new Error('busy'), { name: 'ResourceInUseException' }));
  loads(10, 50);
  const store = new MemoryStore({ t1: { unit: { table: { counters: { reads: 2, writes: 0 } }, gsis: {} }, revision: 1 } });
  const p = policy({ reads: { checksBeforeScaleDown: 3 } });
  // The claim succeeds; the first final write fails, the second goes through.
  const write = store.write.bind(store);
  let calls = 0;
  store.write = async (...args) => (++calls === 2 ? { outcome: 'error', message: 'ProvisionedThroughputExceededException' } : write(...args));
  const s = await runScalerCheck(deps(store), { policy: p, tables: ['t1'] });
  expect(calls).toBe(3);
  expect(store.units.t1).toMatchObject({ unit: { table: { counters: { reads: 3, writes: 0 } } } });
  expect(s.faults.map((f) => f.action)).toEqual(['UpdateTable']);
});

test('a table whose final state write lost its condition: its alarm is left to the check that won', async () => {
  ddb.on(DescribeTableCommand).resolves({ Table: table('t1') });
  sns.on(PublishCommand).resolves({});
  loads(50, 50);
  const store = new MemoryStore();
  store.conflictOn = 't1';
  const alarming = policy({ snsTopicArn: TOPIC, snsMessageTypes: ['low-throughput-alarm'], reads: { lowerAlarmThreshold: 60 } });
  const s = await runScalerCheck(deps(store), { policy: alarming, tables: ['t1'] });
  expect(s.result.notifications.map((n) => n.type)).toEqual(['low-throughput-alarm']);
  expect(sns.commandCalls(PublishCommand)).toHaveLength(0);
  expect(s.faults).toEqual([expect.objectContaining({ action: 'WriteState', outcome: 'conflict' })]);
});
