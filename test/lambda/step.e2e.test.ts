/**
 * End to end: a step policy through the scaler's handler, in process, invoked as a CloudWatch
 * alarm invokes it, against dynalite (the managed table and the state table) and moto_server
 * (per-minute ConsumedReadCapacityUnits written with PutMetricData) on 127.0.0.1.
 */
import { CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { CreateTableCommand, DynamoDBClient, GetItemCommand, waitUntilTableExists } from '@aws-sdk/client-dynamodb';
import { alarmEvent } from './alarm-event';
import { activeTable, createStateTable, localAwsEnv, LocalServer, motoSuite, startDynalite, startMoto, TEST_CREDENTIALS, TEST_REGION } from './local-servers';
import { handler } from '../../lambda/handler';
import { DynamoDbStateStore, STATE_KEY } from '../../lambda/state/dynamodb-state-store';
import { STATE_TABLE_ENV } from '../../src/constants';
import { decodeTableState } from '../../src/engine';

const suite = motoSuite;
const CREDENTIALS = TEST_CREDENTIALS;
const REGION = TEST_REGION;
const STACK = 'arn:aws:cloudformation:us-east-1:123456789012:stack/app/0a1b2c3d';
const MINUTE = 60_000;
const CAPACITY = 100;
/** The policy's window: it starts 4 minutes before the check and holds 3 minutes. */
const WINDOW_START_MINUTES = 4;
const WINDOW_MINUTES = 3;

let dynalite: LocalServer;
let moto: LocalServer;
let dynamodb: DynamoDBClient;
let cloudwatch: CloudWatchClient;
let store: DynamoDbStateStore;
let saved: NodeJS.ProcessEnv;
let quiet: jest.SpyInstance[];
let tableNumber = 0;

/** Reads by steps: -20 % at or below 30 % utilization, +50 % at or above 70 %, 2 of the last 3 minutes; writes unmanaged. */
const stepPolicyOf = (table: string) => JSON.stringify({
  tables: [{
    tableName: table,
    policy: {
      lookbackWindowStart: WINDOW_START_MINUTES,
      lookbackPeriod: WINDOW_MINUTES,
      lookbackWindowStartMax: 6,
      reads: {
        min: 5,
        max: 1000,
        step: {
          steps: [{ upper: 30, change: -20 }, { lower: 30, upper: 70, change: 0 }, { lower: 70, change: 50 }],
          adjustmentType: 'PercentChangeInCapacity',
          evaluationPeriods: 3,
          datapointsToAlarm: 2,
        },
      },
      writes: { enableAutoscaling: false },
    },
  }],
  checkIntervalSeconds: 60,
});

suite('a step policy through the scaler\'s handler, against dynalite and moto_server', () => {
  beforeAll(async () => {
    [dynalite, moto] = await Promise.all([startDynalite(), startMoto()]);
    dynamodb = new DynamoDBClient({ region: REGION, endpoint: dynalite.endpoint, credentials: CREDENTIALS });
    // moto_server fails to read the gzip bodies the SDK sends for large PutMetricData calls.
    cloudwatch = new CloudWatchClient({ region: REGION, endpoint: moto.endpoint, credentials: CREDENTIALS, disableRequestCompression: true });
    await createStateTable(dynamodb);
    store = new DynamoDbStateStore(dynamodb, 'scaler-state');
    // The handler's clients read the SDK environment once, at its first invocation.
    saved = { ...process.env };
    Object.assign(process.env, {
      [STATE_TABLE_ENV]: 'scaler-state',
      ...localAwsEnv(dynalite, moto, REGION),
    });
    quiet = [jest.spyOn(process.stdout, 'write').mockImplementation(() => true), jest.spyOn(process.stderr, 'write').mockImplementation(() => true)];
  }, 60_000);

  afterAll(async () => {
    quiet?.forEach((q) => q.mockRestore());
    if (saved) process.env = saved;
    dynamodb?.destroy();
    cloudwatch?.destroy();
    await Promise.all([dynalite?.stop(), moto?.stop()]);
  });

  /** A new table `events-N` at 100/100, its policy written into the state table as the stack's policy resource writes it. */
  async function createManagedTable(): Promise<string> {
    const name = `events-${++tableNumber}`;
    await dynamodb.send(new CreateTableCommand({
      TableName: name,
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      ProvisionedThroughput: { ReadCapacityUnits: CAPACITY, WriteCapacityUnits: CAPACITY },
    }));
    await waitUntilTableExists({ client: dynamodb, maxWaitTime: 10, minDelay: 1 }, { TableName: name });
    await store.writePolicy(name, stepPolicyOf(name), `${STACK}#StepPolicy`);
    return name;
  }

  /**
   * A check time half a minute past a minute boundary, so the window's minutes do not depend on
   * how long the test takes to get to the check: `[now - 4 min, now - 1 min)` holds the datapoints
   * stamped 3, 2 and 1 minutes before the minute the check is in.
   */
  function checkClock(): { nowMs: number; windowMinutes: number[] } {
    // Ten minutes ahead: the window's minutes come after the table's creation, which DescribeTable
    // reports as the time its capacity was set (minutes before it measured no capacity of its own).
    const nowMs = Math.floor(Date.now() / MINUTE) * MINUTE + 10 * MINUTE + MINUTE / 2;
    const startMs = nowMs - WINDOW_START_MINUTES * MINUTE;
    const first = Math.ceil(startMs / MINUTE) * MINUTE;
    return { nowMs, windowMinutes: Array.from({ length: WINDOW_MINUTES }, (_, i) => first + i * MINUTE) };
  }

  /**
   * Consumed read units per minute: `percent` % of the capacity in the window's minutes, and 10 %
   * (the scale-in step) in the seven minutes before and the three after, so a check that reads
   * other minutes decides otherwise.
   */
  async function putReads(table: string, windowMinutes: number[], percent: number): Promise<void> {
    const last = windowMinutes[windowMinutes.length - 1];
    const around = [...Array.from({ length: 7 }, (_, i) => windowMinutes[0] - (i + 1) * MINUTE), ...[1, 2, 3].map((i) => last + i * MINUTE)];
    const datapoint = (t: number, p: number) => ({
      MetricName: 'ConsumedReadCapacityUnits',
      Dimensions: [{ Name: 'TableName', Value: table }],
      Timestamp: new Date(t),
      Value: (p / 100) * CAPACITY * 60,
      Unit: 'Count' as const,
    });
    await cloudwatch.send(new PutMetricDataCommand({
      Namespace: 'AWS/DynamoDB',
      MetricData: [...windowMinutes.map((t) => datapoint(t, percent)), ...around.map((t) => datapoint(t, 10))],
    }));
  }

  /** Invokes the handler with the alarm's event, its clock at `nowMs` and running from there. */
  async function invokeByAlarm(table: string, nowMs: number): Promise<unknown> {
    const realNow = Date.now.bind(Date);
    const offset = nowMs - realNow();
    // The handler runs the check on Date.now: dynalite, in this process, shares the clock.
    const clock = jest.spyOn(Date, 'now').mockImplementation(() => realNow() + offset);
    try {
      return await handler(alarmEvent(table, ['ConsumedReadCapacityUnits']));
    } finally {
      clock.mockRestore();
    }
  }

  /** Read capacity once an update has been applied (ACTIVE again). */
  async function capacity(table: string): Promise<number> {
    return (await activeTable(dynamodb, table)).ProvisionedThroughput!.ReadCapacityUnits!;
  }

  /** The table's state as the scaler left it in its item, decoded. */
  async function stateOf(table: string) {
    const item = (await dynamodb.send(new GetItemCommand({ TableName: 'scaler-state', Key: { [STATE_KEY]: { S: table } }, ConsistentRead: true }))).Item;
    return item?.state?.S === undefined ? undefined : decodeTableState(item.state.S, `state of ${table}`);
  }

  test('85 % in the window\'s 3 minutes: the alarm\'s check adds 50 %, 100 -> 150, and starts the scale-out cooldown', async () => {
    const table = await createManagedTable();
    const { nowMs, windowMinutes } = checkClock();
    await putReads(table, windowMinutes, 85);
    const result = await invokeByAlarm(table, nowMs);
    expect(result).toEqual({ checked: 1, skipped: 0, changes: 1, faults: 0 });
    expect(await capacity(table)).toBe(150);
    const state = await stateOf(table);
    expect(state?.table.stepScaling).toEqual({ reads: { scaleOutStartMs: expect.any(Number), scaleOutAddedUnits: 50 } });
    // The cooldown starts at the check's own time.
    expect(state!.table.stepScaling!.reads!.scaleOutStartMs! - nowMs).toBeGreaterThanOrEqual(0);
    expect(state!.table.stepScaling!.reads!.scaleOutStartMs! - nowMs).toBeLessThan(30_000);
  }, 30_000);

  test('50 %, the range without a change: no change, no cooldown kept', async () => {
    const table = await createManagedTable();
    const { nowMs, windowMinutes } = checkClock();
    await putReads(table, windowMinutes, 50);
    const result = await invokeByAlarm(table, nowMs);
    expect(result).toEqual({ checked: 1, skipped: 0, changes: 0, faults: 0 });
    expect(await capacity(table)).toBe(100);
    expect((await stateOf(table))?.table.stepScaling).toBeUndefined();
  }, 30_000);
});
