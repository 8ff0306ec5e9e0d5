/**
 * The scaler Lambda's handler with mocked AWS clients: which tables it checks (all on the
 * schedule, the alarm's on an alarm), policies read from the state table, and its EMF metrics.
 */
import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import {
  BatchGetItemCommand, DescribeTableCommand, DynamoDBClient, ScanCommand, UpdateItemCommand, UpdateTableCommand,
} from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { alarmTables, combinePolicies, handler } from '../../lambda/handler';
import { STATE_TABLE_ENV } from '../../src/constants';

const ddb = mockClient(DynamoDBClient);
const cw = mockClient(CloudWatchClient);
const bounds = { min: 5, max: 1000 };
const policyOf = (table: string) => JSON.stringify({ tables: [{ tableName: table, policy: { reads: bounds, writes: bounds } }] });

/** An alarm's event as CloudWatch sends it to a Lambda action (metric math over the table's throttle metrics). */
function alarmEvent(table: string) {
  return {
    source: 'aws.cloudwatch',
    alarmArn: `arn:aws:cloudwatch:us-east-1:123456789012:alarm:dynamic-scaling-${table}`,
    alarmData: {
      alarmName: `dynamic-scaling-${table}`,
      state: { value: 'ALARM' },
      configuration: {
        metrics: [
          { id: 'e', expression: 'r + w', returnData: true },
          { id: 'r', metricStat: { metric: { namespace: 'AWS/DynamoDB', name: 'ReadThrottleEvents', dimensions: { TableName: table } }, period: 60, stat: 'Sum' }, returnData: false },
          { id: 'w', metricStat: { metric: { namespace: 'AWS/DynamoDB', name: 'WriteThrottleEvents', dimensions: { TableName: table } }, period: 60, stat: 'Sum' }, returnData: false },
        ],
      },
    },
  };
}

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

test('invoked by a table\'s throttle alarm: only that table', async () => {
  const result = await handler(alarmEvent('t2'));
  expect(described()).toEqual(['t2']);
  expect(result.checked).toBe(1);
});

test('EMF metrics: capacity changes and the check\'s duration, in the DynamicScaling namespace', async () => {
  await handler({});
  const emf = stdout.map((l) => l.trim()).filter((l) => l.startsWith('{') && l.includes('_aws')).map((l) => JSON.parse(l));
  const main = emf.find((m) => 'CapacityChanges' in m)!;
  expect(main._aws.CloudWatchMetrics[0].Namespace).toBe('DynamicScaling');
  expect(main.CapacityChanges).toBe(2);
  expect(typeof main.CheckDuration).toBe('number');
});

test('a missing state table setting is an error, not a silent no-op', async () => {
  delete process.env[STATE_TABLE_ENV];
  await expect(handler({})).rejects.toThrow('DYNAMIC_SCALING_STATE_TABLE is not set: the scaler does not know its state table');
});

test('alarmTables reads the TableName dimensions of an alarm\'s metrics; any other event is the schedule', () => {
  expect(alarmTables(alarmEvent('orders'))).toEqual(['orders']);
  expect(alarmTables({ source: 'aws.events' })).toBeUndefined();
  expect(alarmTables(null)).toBeUndefined();
});

test('combinePolicies moves a policy-wide circuit breaker into its table\'s rule and reports a policy that is not JSON', () => {
  const { policy, invalid } = combinePolicies([
    { table: 'a', policy: JSON.stringify({ tables: [{ tableName: 'a' }], circuitBreaker: { url: 'https://status.example/ok', timeoutMs: 1000 } }) },
    { table: 'b', policy: '{"tables": [' },
  ]);
  expect(policy.tables.map((r) => [r.tableName, r.policy.circuitBreaker?.url])).toEqual([['a', 'https://status.example/ok']]);
  expect(invalid).toEqual([{ table: 'b', message: expect.stringMatching(/JSON/) }]);
});
