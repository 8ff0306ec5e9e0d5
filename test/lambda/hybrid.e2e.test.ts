/**
 * End to end, the hybrid path: native target tracking's scalable targets registered in
 * moto_server's Application Auto Scaling, the table in dynalite, CloudWatch metrics written to
 * moto_server with PutMetricData, and the scaler runtime in process running the guard policy
 * `guardTargetPolicy` builds: it suspends and resumes dynamic scale-in on the real (local)
 * targets, and lowers an idle table to its targets' minimum with a real UpdateTable.
 */
import {
  ApplicationAutoScalingClient, DescribeScalableTargetsCommand, RegisterScalableTargetCommand, ScalableDimension, ScalableTarget,
} from '@aws-sdk/client-application-auto-scaling';
import { CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { CreateTableCommand, DynamoDBClient, UpdateTableCommand } from '@aws-sdk/client-dynamodb';
import { SNSClient } from '@aws-sdk/client-sns';
import { activeTable, LocalAws, motoSuite, startLocalAws, startStatusServer } from './local-servers';
import { CheckSummary, runScalerCheck, ScalerDeps } from '../../lambda/scaler';
import { checkRecords, textLine } from '../../lambda/scaler-log';
import { DynamoDbStateStore } from '../../lambda/state/dynamodb-state-store';
import { EnginePolicy, GuardTargetOptions, guardTargetPolicy, MaintenanceWindow, validatePolicy } from '../../src/engine';

const suite = motoSuite;
const MINUTE = 60_000;
const GSI = 'by-date';
/** Native target tracking at 70 %: a check is low below 50 % (its AlarmLow). */
const NATIVE = { targetUtilizationPercent: 70, minCapacity: 5, maxCapacity: 500 };
/** The scalable targets' bounds in Application Auto Scaling: the minimum differs from the policy's, so the test sees which one is used. */
const TARGET_MIN = 7;
const TARGET_MAX = 400;

let aws: LocalAws;
let dynamodb: DynamoDBClient;
let cloudwatch: CloudWatchClient;
let autoscaling: ApplicationAutoScalingClient;
let sns: SNSClient;
let tableNumber = 0;

/** A target's state in moto, as a short tuple: [in, out, scheduled] suspended, min, max. */
type TargetView = [boolean, boolean, boolean, number, number];

suite('the hybrid path\'s guards against moto_server (Application Auto Scaling, CloudWatch) and dynalite', () => {
  beforeAll(async () => {
    aws = await startLocalAws();
    ({ dynamodb, cloudwatch, sns } = aws);
    autoscaling = aws.autoscaling;
  }, 60_000);

  afterAll(async () => {
    await aws?.stop();
  });

  /** A check time half a minute past the current minute: the window's minutes do not depend on how long the test takes. */
  function checkTime(): number {
    return Math.floor(Date.now() / MINUTE) * MINUTE + MINUTE / 2;
  }

  /** A new table `hybrid-N` at 100/100 (and, with `gsi`, its GSI `by-date` at 100/100). */
  async function createTable(gsi = false): Promise<string> {
    const name = `hybrid-${++tableNumber}`;
    const throughput = { ReadCapacityUnits: 100, WriteCapacityUnits: 100 };
    await dynamodb.send(new CreateTableCommand({
      TableName: name,
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }, ...(gsi ? [{ AttributeName: 'day', AttributeType: 'S' as const }] : [])],
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      ProvisionedThroughput: throughput,
      ...(gsi ? {
        GlobalSecondaryIndexes: [{ IndexName: GSI, KeySchema: [{ AttributeName: 'day', KeyType: 'HASH' }], Projection: { ProjectionType: 'KEYS_ONLY' }, ProvisionedThroughput: throughput }],
      } : {}),
    }));
    await activeTable(dynamodb, name);
    return name;
  }

  /** The resource IDs and dimensions of the table's (and GSI's) reads and writes. */
  function targetIds(table: string, gsi: boolean): Array<[string, ScalableDimension]> {
    const ids: Array<[string, ScalableDimension]> = [
      [`table/${table}`, 'dynamodb:table:ReadCapacityUnits'], [`table/${table}`, 'dynamodb:table:WriteCapacityUnits'],
    ];
    if (gsi) ids.push([`table/${table}/index/${GSI}`, 'dynamodb:index:ReadCapacityUnits'], [`table/${table}/index/${GSI}`, 'dynamodb:index:WriteCapacityUnits']);
    return ids;
  }

  /** Registers the scalable targets as the construct's native path does, with min, max and a SuspendedState. */
  async function registerTargets(table: string, gsi: boolean, suspended: { in?: boolean; out?: boolean; scheduled?: boolean } = {}): Promise<void> {
    for (const [resourceId, dimension] of targetIds(table, gsi)) {
      await autoscaling.send(new RegisterScalableTargetCommand({
        ServiceNamespace: 'dynamodb',
        ResourceId: resourceId,
        ScalableDimension: dimension,
        MinCapacity: TARGET_MIN,
        MaxCapacity: TARGET_MAX,
        RoleARN: 'arn:aws:iam::123456789012:role/aws-service-role/dynamodb.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_DynamoDBTable',
        SuspendedState: {
          DynamicScalingInSuspended: suspended.in ?? false,
          DynamicScalingOutSuspended: suspended.out ?? false,
          ScheduledScalingSuspended: suspended.scheduled ?? false,
        },
      }));
    }
  }

  /** The table's targets as moto has them now, in {@link targetIds}' order. */
  async function targetsNow(table: string, gsi: boolean): Promise<TargetView[]> {
    const ids = targetIds(table, gsi);
    const found: ScalableTarget[] = (await autoscaling.send(new DescribeScalableTargetsCommand({
      ServiceNamespace: 'dynamodb', ResourceIds: [...new Set(ids.map(([r]) => r))],
    }))).ScalableTargets ?? [];
    return ids.map(([r, d]) => {
      const t = found.find((x) => x.ResourceId === r && x.ScalableDimension === d);
      if (!t) throw new Error(`${r} ${d} is not registered in moto`);
      const s = t.SuspendedState ?? {};
      const flags = [s.DynamicScalingInSuspended, s.DynamicScalingOutSuspended, s.ScheduledScalingSuspended].map((f) => f === true);
      return [flags[0], flags[1], flags[2], t.MinCapacity!, t.MaxCapacity!];
    });
  }

  /**
   * Consumed units per minute at `percent` % of 100 units/s, reads and writes, for the table (and
   * its GSI) over the 40 minutes before `until`: every window a guard reads at `until` is full.
   */
  async function putLoad(table: string, gsi: boolean, percent: number, until: number): Promise<void> {
    const timestamps = Array.from({ length: 40 }, (_, i) => new Date(Math.floor(until / MINUTE) * MINUTE - (i + 1) * MINUTE));
    for (const index of gsi ? [undefined, GSI] : [undefined]) {
      const dims = [{ Name: 'TableName', Value: table }, ...(index ? [{ Name: 'GlobalSecondaryIndexName', Value: index }] : [])];
      await cloudwatch.send(new PutMetricDataCommand({
        Namespace: 'AWS/DynamoDB',
        MetricData: timestamps.flatMap((Timestamp) => ['ConsumedReadCapacityUnits', 'ConsumedWriteCapacityUnits'].map((MetricName) => ({
          MetricName, Dimensions: dims, Timestamp, Value: percent * 60, Unit: 'Count' as const,
        }))),
      }));
    }
  }

  /** The hybrid policy of one table (and its GSI), validated. */
  function policyFor(table: string, options: Partial<GuardTargetOptions>, gsi = false): EnginePolicy {
    const guard = guardTargetPolicy({ reads: NATIVE, writes: NATIVE, checkIntervalSeconds: 60, ...options });
    const policy: EnginePolicy = {
      tables: [{ tableName: table, policy: guard, gsis: gsi ? [{ indexPattern: `^${GSI}$`, policy: guard }] : [] }],
      checkIntervalSeconds: 60,
    };
    expect(validatePolicy(policy)).toEqual([]);
    return policy;
  }

  /** The scaler's dependencies: every client on the local servers, the state in dynalite's state table. */
  function deps(nowMs: number, lines: string[] = []): ScalerDeps {
    return {
      dynamodb,
      cloudwatch,
      sns,
      autoscaling,
      store: new DynamoDbStateStore(dynamodb, 'scaler-state'),
      log: { check: (s, dry) => lines.push(...checkRecords(s, dry).map(textLine)) },
      now: () => nowMs,
    };
  }

  /** One check of `table`, which must go without a fault (its log lines are then in the failure message); its lines go to `lines`. */
  async function check(table: string, policy: EnginePolicy, nowMs: number, lines: string[] = []): Promise<CheckSummary> {
    const s = await runScalerCheck(deps(nowMs, lines), { policy, tables: [table] });
    expect({ faults: s.faults, lines }).toEqual({ faults: [], lines: expect.any(Array) });
    expect(s.tables).toEqual([{ table, status: 'checked' }]);
    return s;
  }

  /** Read and write capacity of the table once an update has been applied (ACTIVE again), and its decreases today. */
  async function capacity(table: string): Promise<[number, number, number]> {
    const t = (await activeTable(dynamodb, table)).ProvisionedThroughput!;
    return [t.ReadCapacityUnits!, t.WriteCapacityUnits!, t.NumberOfDecreasesToday ?? 0];
  }

  test('moto stores SuspendedState and keeps min and max when RegisterScalableTarget passes only SuspendedState', async () => {
    const table = await createTable(true);
    await registerTargets(table, true, { out: true });
    expect(await targetsNow(table, true)).toEqual(Array(4).fill([false, true, false, TARGET_MIN, TARGET_MAX]));
    await autoscaling.send(new RegisterScalableTargetCommand({
      ServiceNamespace: 'dynamodb',
      ResourceId: `table/${table}/index/${GSI}`,
      ScalableDimension: 'dynamodb:index:WriteCapacityUnits',
      SuspendedState: { DynamicScalingInSuspended: true, DynamicScalingOutSuspended: true, ScheduledScalingSuspended: false },
    }));
    expect((await targetsNow(table, true))[3]).toEqual([true, true, false, TARGET_MIN, TARGET_MAX]);
  }, 30_000);

  test('the circuit breaker opens: scale-in suspended on every target, table and GSI; it closes: resumed, the other flags as they were', async () => {
    const table = await createTable(true);
    // The scheduled actions were suspended by someone else: the guard leaves that alone.
    await registerTargets(table, true, { scheduled: true });
    let status = 503;
    const breaker = await startStatusServer(() => status);
    try {
      const policy = policyFor(table, { circuitBreaker: { url: `${breaker.endpoint}/up`, timeoutMs: 5_000 } }, true);
      const now = checkTime();
      await putLoad(table, true, 60, now);
      const open = await check(table, policy, now);
      expect(await targetsNow(table, true)).toEqual(Array(4).fill([true, false, true, TARGET_MIN, TARGET_MAX]));
      expect(open.calls).toMatchObject({ CircuitBreaker: 1, DescribeScalableTargets: 1, RegisterScalableTarget: 4, UpdateTable: 0 });
      expect(open.result.decisions.every((d) => d.scaleInSuspended === true)).toBe(true);
      expect(breaker.requests.map((h) => h['x-table-name'])).toEqual([table]);
      // Still open: the targets are suspended already, nothing is registered again.
      const still = await check(table, policy, now + MINUTE);
      expect(still.calls.RegisterScalableTarget).toBe(0);

      status = 200;
      const closed = await check(table, policy, now + 2 * MINUTE);
      expect(await targetsNow(table, true)).toEqual(Array(4).fill([false, false, true, TARGET_MIN, TARGET_MAX]));
      expect(closed.calls).toMatchObject({ RegisterScalableTarget: 4, UpdateTable: 0 });
      // Capacity is native target tracking's: the guard never changed it.
      expect(await capacity(table)).toEqual([100, 100, 0]);
    } finally {
      await breaker.stop();
    }
  }, 30_000);

  test('outside the maintenance windows: scale-in suspended; inside one: resumed', async () => {
    const table = await createTable();
    await registerTargets(table, false, { out: true });
    const now = checkTime();
    const minuteOfDay = Math.floor(now / MINUTE) % 1440;
    // A window an hour from now to two hours from now (UTC), possibly across midnight.
    const window: MaintenanceWindow = { startMinute: (minuteOfDay + 60) % 1440, endMinute: (minuteOfDay + 120) % 1440 };
    const policy = policyFor(table, { maintenanceWindows: [window] });
    await putLoad(table, false, 60, now);
    const lines: string[] = [];
    const outside = await check(table, policy, now, lines);
    expect(await targetsNow(table, false)).toEqual(Array(2).fill([true, true, false, TARGET_MIN, TARGET_MAX]));
    expect(outside.calls.RegisterScalableTarget).toBe(2);
    expect(lines[0]).toContain('native scale-in suspended: outside every maintenance window until the next check');

    const inside = await check(table, policy, now + 90 * MINUTE);
    expect(await targetsNow(table, false)).toEqual(Array(2).fill([false, true, false, TARGET_MIN, TARGET_MAX]));
    expect(inside.calls.RegisterScalableTarget).toBe(2);
  }, 30_000);

  describe('an idle table (no datapoint at all) with scaleInWhenIdle', () => {
    /**
     * Checks a minute apart until the guard reads the window as idle: while the window may still
     * be published it is held and moved back a minute (up to `lookbackWindowStartMax`), so the
     * first checks change nothing.
     */
    async function checksUntilIdle(table: string, policy: EnginePolicy, now: number, apartMs = MINUTE): Promise<number[]> {
      const updates: number[] = [];
      for (let k = 0; k < 4; k++) updates.push((await check(table, policy, now + k * apartMs)).calls.UpdateTable);
      return updates;
    }

    test('lowered to the scalable targets\' minimum once, in one UpdateTable; the next check changes nothing', async () => {
      const table = await createTable();
      await registerTargets(table, false);
      const policy = policyFor(table, { scaleInWhenIdle: true });
      const now = checkTime();
      expect(await checksUntilIdle(table, policy, now)).toEqual([0, 0, 0, 1]);
      expect(await capacity(table)).toEqual([TARGET_MIN, TARGET_MIN, 1]);
      const again = await check(table, policy, now + 4 * MINUTE);
      expect(again.calls).toMatchObject({ UpdateTable: 0, RegisterScalableTarget: 0 });
      expect(await capacity(table)).toEqual([TARGET_MIN, TARGET_MIN, 1]);
      // The targets themselves are untouched: the guard suspended nothing.
      expect(await targetsNow(table, false)).toEqual(Array(2).fill([false, false, false, TARGET_MIN, TARGET_MAX]));
    }, 30_000);

    test('with the day\'s decreases used up (4, within the hour), not lowered: held by the decrease quota', async () => {
      const table = await createTable();
      await registerTargets(table, false);
      for (const units of [90, 80, 70, 60]) {
        const throughput = { ReadCapacityUnits: units, WriteCapacityUnits: units };
        await dynamodb.send(new UpdateTableCommand({ TableName: table, ProvisionedThroughput: throughput }));
        await activeTable(dynamodb, table);
      }
      expect(await capacity(table)).toEqual([60, 60, 4]);
      const policy = policyFor(table, { scaleInWhenIdle: true });
      // The checks at the time of the decreases (dynalite's clock): a check after midnight UTC would see a new day's quota.
      const now = Date.now();
      expect(await checksUntilIdle(table, policy, now, 0)).toEqual([0, 0, 0, 0]);
      expect(await capacity(table)).toEqual([60, 60, 4]);
      const last = await check(table, policy, now);
      expect(last.result.decisions.map((d) => [d.dimension, d.proposedUnits, d.heldBy])).toEqual([
        ['reads', TARGET_MIN, 'decrease-quota'], ['writes', TARGET_MIN, 'decrease-quota'],
      ]);
    }, 30_000);
  });

  test('consecutiveLowChecks 2: the first low check keeps scale-in suspended, the second resumes it', async () => {
    const table = await createTable();
    await registerTargets(table, false, { in: true, scheduled: true });
    const policy = policyFor(table, { consecutiveLowChecks: 2 });
    const now = checkTime();
    // 10 % of the capacity: below target tracking's AlarmLow (70 - 20 = 50 %), not idle.
    await putLoad(table, false, 10, now);
    const first = await check(table, policy, now);
    expect(first.result.decisions.map((d) => [d.consumedPercent, d.counterOut, d.scaleInSuspended])).toEqual([[10, 1, true], [10, 1, true]]);
    expect(first.calls.RegisterScalableTarget).toBe(0);
    expect(await targetsNow(table, false)).toEqual(Array(2).fill([true, false, true, TARGET_MIN, TARGET_MAX]));

    const second = await check(table, policy, now + MINUTE);
    expect(second.result.decisions.map((d) => [d.counterOut, d.scaleInSuspended])).toEqual([[2, false], [2, false]]);
    expect(second.calls.RegisterScalableTarget).toBe(2);
    expect(await targetsNow(table, false)).toEqual(Array(2).fill([false, false, true, TARGET_MIN, TARGET_MAX]));
    // A low window is not idle: the capacity is left to target tracking.
    expect(await capacity(table)).toEqual([100, 100, 0]);
  }, 30_000);
});
