/**
 * The scaler Lambda's handler with mocked AWS clients: which tables it checks (on a schedule
 * event those of its check interval, all on an event naming none, the alarm's on an alarm),
 * policies read from the state table, and its EMF metrics.
 */
import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import {
  BatchGetItemCommand, DescribeTableCommand, DynamoDBClient, ScanCommand, UpdateItemCommand, UpdateTableCommand,
} from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { alarmEvent } from './alarm-event';
import { alarmTables, combinePolicies, handler, scheduleInterval } from '../../lambda/handler';
import { SCHEDULE_EVENT_SOURCE, STATE_TABLE_ENV } from '../../src/constants';

const ddb = mockClient(DynamoDBClient);
const cw = mockClient(CloudWatchClient);
const bounds = { min: 5, max: 1000 };
const policyOf = (table: string, checkIntervalSeconds?: number) => JSON.stringify({
  tables: [{ tableName: table, policy: { reads: bounds, writes: bounds } }],
  ...(checkIntervalSeconds !== undefined ? { checkIntervalSeconds } : {}),
});

/** A throttle alarm's event: metric math over the table's read and write throttles. */
const throttleAlarmEvent = (table: string) => alarmEvent(table, ['ReadThrottleEvents', 'WriteThrottleEvents'], 'm0 + m1');

let stdout: string[] = [];
let stderr: string[] = [];
let spies: jest.SpyInstance[] = [];

beforeEach(() => {
  ddb.reset();
  cw.reset();
  process.env[STATE_TABLE_ENV] = 'scaler-state';
  process.env.AWS_REGION = 'us-east-1';
  ddb.on(ScanCommand).resolves({
    Items: [
      { tableName: { S: 't1' }, policy: { S: policyOf('t1') } },
      { tableName: { S: 't2' }, policy: { S: policyOf('t2') } },
      { tableName: { S: 't3' }, policy: { S: '{"tables": [{"tableName": "other"}]}' } },
    ],
  });
  ddb.on(BatchGetItemCommand).resolves({ Responses: {} });
  ddb.on(UpdateItemCommand).resolves({});
  ddb.on(DescribeTableCommand).callsFake((input) => ({ Table: { TableName: input.TableName, TableStatus: 'ACTIVE', ProvisionedThroughput: { ReadCapacityUnits: 100, WriteCapacityUnits: 100 } } }));
  ddb.on(UpdateTableCommand).resolves({});
  cw.on(GetMetricDataCommand).callsFake((input) => ({
    MetricDataResults: input.MetricDataQueries.map((q: { Id: string; MetricStat: { Metric: { MetricName: string } } }) => ({
      Id: q.Id,
      Timestamps: q.MetricStat.Metric.MetricName === 'ConsumedReadCapacityUnits' ? [new Date(Math.ceil(input.StartTime.getTime() / 60_000) * 60_000)] : [],
      Values: [95 * 300],
    })),
  }));
  stdout = [];
  stderr = [];
  const capture = (into: string[]) => (chunk: string | Uint8Array) => {
    into.push(String(chunk));
    return true;
  };
  spies = [jest.spyOn(process.stdout, 'write').mockImplementation(capture(stdout)), jest.spyOn(process.stderr, 'write').mockImplementation(capture(stderr))];
});

afterEach(() => spies.forEach((s) => s.mockRestore()));

const described = () => ddb.commandCalls(DescribeTableCommand).map((c) => c.args[0].input.TableName);

test('on its schedule: every table whose item holds a usable policy; the unusable one is said', async () => {
  const result = await handler({ 'source': 'aws.events', 'detail-type': 'Scheduled Event' });
  expect(described()).toEqual(['t1', 't2']);
  expect(result).toEqual({ checked: 2, skipped: 1, changes: 2, faults: 0 });
  expect(stderr.join('')).toContain('its policy cannot be used: it must have exactly one rule, with tableName \\"t3\\"');
});

test('a table whose item says dry run is decided and logged but never updated; the others are', async () => {
  ddb.on(ScanCommand).resolves({
    Items: [
      { tableName: { S: 't1' }, policy: { S: policyOf('t1') }, dryRun: { BOOL: true } },
      { tableName: { S: 't2' }, policy: { S: policyOf('t2') } },
    ],
  });
  const result = await handler({});
  expect(described().sort()).toEqual(['t1', 't2']);
  expect(ddb.commandCalls(UpdateTableCommand).map((c) => c.args[0].input.TableName)).toEqual(['t2']);
  expect(result).toEqual({ checked: 2, skipped: 0, changes: 1, faults: 0 });
  expect(stdout.join('')).toMatch(/"table":"t1"[^\n]*"dryRun":true/);
});

test('invoked by a table\'s throttle alarm: only that table', async () => {
  const result = await handler(throttleAlarmEvent('t2'));
  expect(described()).toEqual(['t2']);
  expect(result).toMatchObject({ checked: 1 });
});

describe('one schedule per check interval: a schedule event checks the tables of its interval', () => {
  beforeEach(() => {
    ddb.on(ScanCommand).resolves({
      Items: [
        { tableName: { S: 'every-minute-a' }, policy: { S: policyOf('every-minute-a', 60) } },
        { tableName: { S: 'every-minute-b' }, policy: { S: policyOf('every-minute-b', 60) } },
        { tableName: { S: 'every-5-minutes' }, policy: { S: policyOf('every-5-minutes', 300) } },
        // No interval in the policy: the engine's default, 300 s.
        { tableName: { S: 'default-interval' }, policy: { S: policyOf('default-interval') } },
      ],
    });
  });
  const schedule = (checkIntervalSeconds?: unknown) => ({
    source: SCHEDULE_EVENT_SOURCE, ...(checkIntervalSeconds !== undefined ? { checkIntervalSeconds } : {}),
  });

  test.each([
    ['the 60-s schedule: the 60-s tables', schedule(60), ['every-minute-a', 'every-minute-b']],
    ['the 300-s schedule: the 300-s tables, the policy without an interval among them', schedule(300), ['default-interval', 'every-5-minutes']],
    ['a schedule no table has (a rule left from an older policy): none', schedule(120), []],
    ['a schedule event without an interval (an older rule): every table', schedule(), ['default-interval', 'every-5-minutes', 'every-minute-a', 'every-minute-b']],
    ['a test invoke, {}: every table', {}, ['default-interval', 'every-5-minutes', 'every-minute-a', 'every-minute-b']],
    ['an interval in an event from another source: every table', { source: 'aws.events', checkIntervalSeconds: 60 }, ['default-interval', 'every-5-minutes', 'every-minute-a', 'every-minute-b']],
    ['the alarm of a 300-s table: that table, whatever the interval', throttleAlarmEvent('every-5-minutes'), ['every-5-minutes']],
    ['the alarm of a 60-s table: that table', throttleAlarmEvent('every-minute-b'), ['every-minute-b']],
    ['the alarm of a table no longer managed: none', throttleAlarmEvent('gone'), []],
  ])('%s', async (_, event, tables) => {
    const result = await handler(event);
    expect([...described()].sort()).toEqual(tables);
    expect(result).toMatchObject({ checked: tables.length });
  });

  test('an interval that is not a whole number of seconds: every table, with a warning', async () => {
    await handler(schedule('60'));
    expect(described()).toHaveLength(4);
    expect(stdout.join('') + stderr.join('')).toContain('checkIntervalSeconds is not a whole number of seconds >= 1: checking every table');
  });

  test('scheduleInterval reads the interval of the schedule\'s events only', () => {
    expect(scheduleInterval(schedule(300))).toBe(300);
    expect(scheduleInterval(schedule())).toBeUndefined();
    expect(scheduleInterval({ source: 'aws.events', checkIntervalSeconds: 60 })).toBeUndefined();
    expect(scheduleInterval(null)).toBeUndefined();
    expect([schedule(0), schedule(1.5), schedule('60'), schedule(null)].map(scheduleInterval)).toEqual(['invalid', 'invalid', 'invalid', 'invalid']);
  });
});

test('EMF metrics: capacity changes and the check\'s duration, in the DynamicScaling namespace', async () => {
  await handler({});
  const emf = stdout.map((l) => l.trim()).filter((l) => l.startsWith('{') && l.includes('_aws')).map((l) => JSON.parse(l));
  const main = emf.find((m) => 'CapacityChanges' in m)!;
  expect(main._aws.CloudWatchMetrics[0].Namespace).toBe('DynamicScaling');
  expect(main.CapacityChanges).toBe(2);
  expect(typeof main.CheckDuration).toBe('number');
  expect(main.CheckFaults).toBe(0);
});

test('CheckFaults counts the check\'s failed calls, which do not fail the invocation (the errors alarm reads it)', async () => {
  ddb.on(UpdateTableCommand).rejects(Object.assign(new Error('not authorized'), { name: 'AccessDeniedException' }));
  await handler({});
  const main = stdout.map((l) => l.trim()).filter((l) => l.startsWith('{') && l.includes('CheckFaults')).map((l) => JSON.parse(l))[0];
  expect(main.CheckFaults).toBeGreaterThan(0);
});

test('a missing state table setting is an error, not a silent no-op', async () => {
  delete process.env[STATE_TABLE_ENV];
  await expect(handler({})).rejects.toThrow('DYNAMIC_SCALING_STATE_TABLE is not set: the scaler does not know its state table');
});

test('alarmTables reads the TableName dimensions of an alarm\'s metrics; any other event is the schedule', () => {
  expect(alarmTables(throttleAlarmEvent('orders'))).toEqual(['orders']);
  expect(alarmTables({ source: 'aws.events' })).toBeUndefined();
  expect(alarmTables(null)).toBeUndefined();
});

test('combinePolicies keeps each table\'s check interval (the engine\'s default, 300 s, when its policy has none)', () => {
  const { intervals, invalid } = combinePolicies([
    { table: 'a', policy: policyOf('a', 60) },
    { table: 'b', policy: policyOf('b') },
    { table: 'c', policy: policyOf('c', 0) },
  ]);
  expect(intervals).toEqual(new Map([['a', 60], ['b', 300]]));
  expect(invalid).toEqual([{ table: 'c', message: expect.stringContaining('checkIntervalSeconds') }]);
});

test('combinePolicies moves a policy-wide circuit breaker into its table\'s rule and reports a policy that is not JSON', () => {
  const { policy, invalid } = combinePolicies([
    { table: 'a', policy: JSON.stringify({ tables: [{ tableName: 'a' }], circuitBreaker: { url: 'https://status.example/ok', timeoutMs: 1000 } }) },
    { table: 'b', policy: '{"tables": [' },
  ]);
  expect(policy.tables.map((r) => [r.tableName, r.policy.circuitBreaker?.url])).toEqual([['a', 'https://status.example/ok']]);
  expect(invalid).toEqual([{ table: 'b', message: expect.stringMatching(/JSON/) }]);
});
