/**
 * Application Auto Scaling for the hybrid path, against a mocked client (aws-sdk-client-mock):
 * the `scalable-targets` request as DescribeScalableTargets, the `suspend-scale-in` action as a
 * RegisterScalableTarget that passes only `SuspendedState`, and the scaler running a guarded
 * policy (with and without an Application Auto Scaling client).
 */
import { Metrics } from '@aws-lambda-powertools/metrics';
import {
  ApplicationAutoScalingClient, DescribeScalableTargetsCommand, RegisterScalableTargetCommand, RegisterScalableTargetCommandInput, ScalableTarget,
} from '@aws-sdk/client-application-auto-scaling';
import { CloudWatchClient, GetMetricDataCommand, GetMetricDataCommandInput } from '@aws-sdk/client-cloudwatch';
import { DescribeTableCommand, DynamoDBClient, UpdateTableCommand, UpdateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { describeScalableTargets, suspendScaleIn } from '../../lambda/aws/scalable-targets';
import { runScalerCheck, ScalerDeps } from '../../lambda/scaler';
import { checkRecords, textLine } from '../../lambda/scaler-log';
import { recordCheckMetrics } from '../../lambda/scaler-metrics';
import { MemoryStateStore } from '../../lambda/state/memory-state-store';
import { EnginePolicy, guardTargetPolicy, GuardTargetOptions, validatePolicy } from '../../src/engine';

const aas = mockClient(ApplicationAutoScalingClient);
const ddb = mockClient(DynamoDBClient);
const cw = mockClient(CloudWatchClient);
const client = () => new ApplicationAutoScalingClient({ region: 'us-east-1' });
const awsError = (name: string, message: string) => Object.assign(new Error(message), { name });

/** A scalable target as DescribeScalableTargets returns it. */
function registered(resourceId: string, dimension: string, min: number, max: number, suspended?: [boolean, boolean, boolean]): ScalableTarget {
  return {
    ServiceNamespace: 'dynamodb',
    ResourceId: resourceId,
    ScalableDimension: dimension as ScalableTarget['ScalableDimension'],
    MinCapacity: min,
    MaxCapacity: max,
    RoleARN: 'arn:aws:iam::123456789012:role/aas',
    CreationTime: new Date(0),
    ...(suspended ? {
      SuspendedState: { DynamicScalingInSuspended: suspended[0], DynamicScalingOutSuspended: suspended[1], ScheduledScalingSuspended: suspended[2] },
    } : {}),
  };
}

beforeEach(() => {
  aas.reset();
  ddb.reset();
  cw.reset();
});

describe('describeScalableTargets', () => {
  test('the requested targets, with min, max and every SuspendedState flag; the index dimensions by their own names', async () => {
    aas.on(DescribeScalableTargetsCommand).resolves({
      ScalableTargets: [
        registered('table/orders', 'dynamodb:table:ReadCapacityUnits', 5, 500, [true, false, true]),
        // Registered but not asked for: not in the answer.
        registered('table/orders', 'dynamodb:table:WriteCapacityUnits', 5, 500),
        registered('table/orders/index/by-date', 'dynamodb:index:ReadCapacityUnits', 2, 50, [false, true, false]),
        registered('table/orders/index/by-date', 'dynamodb:index:WriteCapacityUnits', 3, 60),
        // Another table's target, as a filter that matched more would return it: not in the answer.
        registered('table/orders-archive', 'dynamodb:table:ReadCapacityUnits', 1, 10),
      ],
    });
    const answer = await describeScalableTargets(client(), {
      id: 7,
      kind: 'scalable-targets',
      table: 'orders',
      targets: [{ gsi: null, dimension: 'reads' }, { gsi: 'by-date', dimension: 'reads' }, { gsi: 'by-date', dimension: 'writes' }],
    });
    expect(answer).toEqual({
      id: 7,
      kind: 'scalable-targets',
      outcome: 'ok',
      targets: [
        { gsi: null, dimension: 'reads', state: { minCapacity: 5, maxCapacity: 500, suspendedState: { dynamicScalingInSuspended: true, dynamicScalingOutSuspended: false, scheduledScalingSuspended: true } } },
        { gsi: 'by-date', dimension: 'reads', state: { minCapacity: 2, maxCapacity: 50, suspendedState: { dynamicScalingInSuspended: false, dynamicScalingOutSuspended: true, scheduledScalingSuspended: false } } },
        // Registered without a SuspendedState: every flag false.
        { gsi: 'by-date', dimension: 'writes', state: { minCapacity: 3, maxCapacity: 60, suspendedState: { dynamicScalingInSuspended: false, dynamicScalingOutSuspended: false, scheduledScalingSuspended: false } } },
      ],
    });
    // One call, in the dynamodb namespace, each resource once.
    expect(aas.commandCalls(DescribeScalableTargetsCommand).map((c) => c.args[0].input)).toEqual([
      { ServiceNamespace: 'dynamodb', ResourceIds: ['table/orders', 'table/orders/index/by-date'], NextToken: undefined },
    ]);
  });

  test('a target with the index\'s name but the table\'s dimension is not the index\'s target', async () => {
    aas.on(DescribeScalableTargetsCommand).resolves({
      ScalableTargets: [registered('table/orders/index/by-date', 'dynamodb:table:ReadCapacityUnits', 2, 50)],
    });
    const answer = await describeScalableTargets(client(), { id: 1, kind: 'scalable-targets', table: 'orders', targets: [{ gsi: 'by-date', dimension: 'reads' }] });
    expect(answer).toEqual({ id: 1, kind: 'scalable-targets', outcome: 'ok', targets: [] });
  });

  test('pages are followed with NextToken, the same resources asked for on each', async () => {
    aas.on(DescribeScalableTargetsCommand)
      .resolvesOnce({ ScalableTargets: [registered('table/orders', 'dynamodb:table:ReadCapacityUnits', 5, 500)], NextToken: 'page-2' })
      .resolvesOnce({ ScalableTargets: [registered('table/orders', 'dynamodb:table:WriteCapacityUnits', 6, 600, [true, false, false])], NextToken: 'page-3' })
      .resolvesOnce({ ScalableTargets: [] });
    const answer = await describeScalableTargets(client(), {
      id: 1, kind: 'scalable-targets', table: 'orders', targets: [{ gsi: null, dimension: 'reads' }, { gsi: null, dimension: 'writes' }],
    });
    expect(answer.targets?.map((t) => [t.dimension, t.state.minCapacity, t.state.suspendedState.dynamicScalingInSuspended])).toEqual([
      ['reads', 5, false], ['writes', 6, true],
    ]);
    expect(aas.commandCalls(DescribeScalableTargetsCommand).map((c) => [c.args[0].input.ResourceIds, c.args[0].input.NextToken])).toEqual([
      [['table/orders'], undefined], [['table/orders'], 'page-2'], [['table/orders'], 'page-3'],
    ]);
  });

  test('nothing registered: ok, no targets (each is then "not found" to the engine)', async () => {
    aas.on(DescribeScalableTargetsCommand).resolves({ ScalableTargets: [] });
    expect(await describeScalableTargets(client(), { id: 2, kind: 'scalable-targets', table: 't', targets: [{ gsi: null, dimension: 'writes' }] }))
      .toEqual({ id: 2, kind: 'scalable-targets', outcome: 'ok', targets: [] });
  });

  test.each([
    ['AccessDeniedException', 'AccessDenied'],
    ['ValidationException', 'Validation'],
    ['ObjectNotFoundException', 'ResourceNotFound'],
    ['LimitExceededException', 'LimitExceeded'],
    ['InvalidNextTokenException', 'error'],
    ['ConcurrentUpdateException', 'error'],
    ['InternalServiceException', 'error'],
  ])('%s: outcome %s with the message, no targets', async (name, outcome) => {
    aas.on(DescribeScalableTargetsCommand).rejects(awsError(name, 'refused for table/t'));
    expect(await describeScalableTargets(client(), { id: 3, kind: 'scalable-targets', table: 't', targets: [{ gsi: null, dimension: 'reads' }] }))
      .toEqual({ id: 3, kind: 'scalable-targets', outcome, message: `${name}: refused for table/t` });
  });

  test('a later page that fails fails the whole answer: no decision on part of the targets', async () => {
    aas.on(DescribeScalableTargetsCommand)
      .resolvesOnce({ ScalableTargets: [registered('table/t', 'dynamodb:table:ReadCapacityUnits', 5, 500)], NextToken: 'p2' })
      .rejectsOnce(awsError('ThrottlingException', 'Rate exceeded'));
    expect(await describeScalableTargets(client(), { id: 4, kind: 'scalable-targets', table: 't', targets: [{ gsi: null, dimension: 'reads' }, { gsi: null, dimension: 'writes' }] }))
      .toEqual({ id: 4, kind: 'scalable-targets', outcome: 'error', message: 'ThrottlingException: Rate exceeded' });
  });
});

describe('suspendScaleIn', () => {
  const registers = () => aas.commandCalls(RegisterScalableTargetCommand).map((c) => c.args[0].input as RegisterScalableTargetCommandInput);

  test('passes all three flags and nothing else: min, max and the role stay as they are', async () => {
    aas.on(RegisterScalableTargetCommand).resolves({ ScalableTargetARN: 'arn' });
    const answer = await suspendScaleIn(client(), {
      id: 9,
      kind: 'suspend-scale-in',
      table: 'orders',
      gsi: 'by-date',
      dimension: 'writes',
      suspendedState: { dynamicScalingInSuspended: true, dynamicScalingOutSuspended: false, scheduledScalingSuspended: true },
    });
    expect(answer).toEqual({ id: 9, kind: 'suspend-scale-in', outcome: 'ok' });
    expect(registers()).toEqual([{
      ServiceNamespace: 'dynamodb',
      ResourceId: 'table/orders/index/by-date',
      ScalableDimension: 'dynamodb:index:WriteCapacityUnits',
      SuspendedState: { DynamicScalingInSuspended: true, DynamicScalingOutSuspended: false, ScheduledScalingSuspended: true },
    }]);
    // toEqual ignores undefined members: say it plainly.
    for (const key of ['MinCapacity', 'MaxCapacity', 'RoleARN']) expect(Object.keys(registers()[0])).not.toContain(key);
  });

  test('a resume of the table\'s reads: false passed as false, not left out', async () => {
    aas.on(RegisterScalableTargetCommand).resolves({});
    await suspendScaleIn(client(), {
      id: 1,
      kind: 'suspend-scale-in',
      table: 'orders',
      gsi: null,
      dimension: 'reads',
      suspendedState: { dynamicScalingInSuspended: false, dynamicScalingOutSuspended: true, scheduledScalingSuspended: false },
    });
    expect(registers()).toEqual([{
      ServiceNamespace: 'dynamodb',
      ResourceId: 'table/orders',
      ScalableDimension: 'dynamodb:table:ReadCapacityUnits',
      SuspendedState: { DynamicScalingInSuspended: false, DynamicScalingOutSuspended: true, ScheduledScalingSuspended: false },
    }]);
  });

  test.each([
    ['AccessDeniedException', 'AccessDenied'],
    ['ValidationException', 'Validation'],
    ['ObjectNotFoundException', 'ResourceNotFound'],
    ['ConcurrentUpdateException', 'error'],
  ])('%s: outcome %s with the message', async (name, outcome) => {
    aas.on(RegisterScalableTargetCommand).rejects(awsError(name, 'cannot register table/t'));
    expect(await suspendScaleIn(client(), {
      id: 5,
      kind: 'suspend-scale-in',
      table: 't',
      gsi: null,
      dimension: 'writes',
      suspendedState: { dynamicScalingInSuspended: true, dynamicScalingOutSuspended: false, scheduledScalingSuspended: false },
    })).toEqual({ id: 5, kind: 'suspend-scale-in', outcome, message: `${name}: cannot register table/t` });
  });
});

describe('runScalerCheck with a guarded policy', () => {
  const NOW = Date.UTC(2026, 2, 3, 12, 0, 30);
  const GUARD: GuardTargetOptions = {
    reads: { targetUtilizationPercent: 70, minCapacity: 5, maxCapacity: 500 },
    writes: { targetUtilizationPercent: 70, minCapacity: 5, maxCapacity: 500 },
    checkIntervalSeconds: 60,
  };

  function policyOf(tables: Record<string, GuardTargetOptions | undefined>): EnginePolicy {
    const policy: EnginePolicy = {
      checkIntervalSeconds: 60,
      tables: Object.entries(tables).map(([tableName, o]) => ({
        tableName,
        // A table without guarded dimensions: checked, no scalable target read.
        policy: o ? guardTargetPolicy(o) : guardTargetPolicy({ checkIntervalSeconds: 60 }),
        gsis: [],
      })),
    };
    expect(validatePolicy(policy)).toEqual([]);
    return policy;
  }

  function deps(lines: string[], options: { autoscaling?: boolean; breaker?: number } = {}): ScalerDeps {
    return {
      dynamodb: new DynamoDBClient({ region: 'us-east-1' }),
      cloudwatch: new CloudWatchClient({ region: 'us-east-1' }),
      sns: new SNSClient({ region: 'us-east-1' }),
      ...(options.autoscaling !== false ? { autoscaling: client() } : {}),
      store: new MemoryStateStore(),
      log: { check: (s, dry) => lines.push(...checkRecords(s, dry).map(textLine)) },
      now: () => NOW,
      pollCircuitBreaker: async (r) => ({ id: r.id, kind: r.kind, result: { status: options.breaker ?? 200 } }),
    };
  }

  /** Every table at 100/100, consuming `percent` % of it in every minute of the window. */
  function tablesAt(percent: number) {
    ddb.on(DescribeTableCommand).callsFake((input) => ({
      Table: { TableName: input.TableName, TableStatus: 'ACTIVE', ProvisionedThroughput: { ReadCapacityUnits: 100, WriteCapacityUnits: 100, NumberOfDecreasesToday: 0 } },
    }));
    ddb.on(UpdateTableCommand).resolves({});
    cw.on(GetMetricDataCommand).callsFake((input: GetMetricDataCommandInput) => ({
      MetricDataResults: input.MetricDataQueries!.map((q) => {
        const consumed = q.MetricStat!.Metric!.MetricName!.startsWith('Consumed');
        const minutes = Array.from({ length: 15 }, (_, m) => new Date(input.StartTime!.getTime() + m * 60_000));
        return consumed ? { Id: q.Id, StatusCode: 'Complete', Timestamps: minutes, Values: minutes.map(() => percent * 60) } : { Id: q.Id, StatusCode: 'Complete', Timestamps: [], Values: [] };
      }),
    }));
  }

  function targetsOf(table: string, suspended: boolean) {
    return [
      registered(`table/${table}`, 'dynamodb:table:ReadCapacityUnits', 5, 500, [suspended, false, true]),
      registered(`table/${table}`, 'dynamodb:table:WriteCapacityUnits', 5, 500, [suspended, false, false]),
    ];
  }

  test('no Application Auto Scaling client: the guarded table is skipped with the reason, nothing sent, its state untouched; the other table goes on', async () => {
    tablesAt(10);
    const lines: string[] = [];
    const d = deps(lines, { autoscaling: false });
    const s = await runScalerCheck(d, { policy: policyOf({ guarded: { ...GUARD, circuitBreaker: { url: 'http://breaker/up', timeoutMs: 1000 } }, plain: undefined }), tables: ['guarded', 'plain'] });
    expect(s.tables).toEqual([
      { table: 'guarded', status: 'skipped', reason: 'Application Auto Scaling could not be read: the scale-in guards cannot tell what to suspend' },
      { table: 'plain', status: 'checked' },
    ]);
    expect(s.faults).toEqual([{
      table: 'guarded', gsi: null, action: 'DescribeScalableTargets', outcome: 'error', message: 'no Application Auto Scaling client: the scale-in guards cannot run',
    }]);
    expect(lines).toContain('guarded: DescribeScalableTargets failed: error (no Application Auto Scaling client: the scale-in guards cannot run)');
    expect(s.calls).toMatchObject({ DescribeScalableTargets: 0, RegisterScalableTarget: 0, UpdateTable: 0 });
    expect(aas.calls()).toHaveLength(0);
    expect(s.result.states).not.toHaveProperty('guarded');
    expect((await d.store.load(['guarded'])).get('guarded')).toEqual({ revision: 0 });
  });

  test('the breaker is open: one DescribeScalableTargets, one RegisterScalableTarget per dimension, each counted; the other flags kept', async () => {
    tablesAt(60);
    aas.on(DescribeScalableTargetsCommand).resolves({ ScalableTargets: targetsOf('orders', false) });
    aas.on(RegisterScalableTargetCommand).resolves({});
    const lines: string[] = [];
    const s = await runScalerCheck(deps(lines, { breaker: 503 }), { policy: policyOf({ orders: { ...GUARD, circuitBreaker: { url: 'http://breaker/up', timeoutMs: 1000 } } }), tables: ['orders'] });
    expect(s.faults).toEqual([]);
    expect(s.calls).toMatchObject({
      DescribeTable: 1, GetMetricData: 1, CircuitBreaker: 1, DescribeScalableTargets: 1, RegisterScalableTarget: 2, UpdateTable: 0,
    });
    expect(aas.commandCalls(RegisterScalableTargetCommand).map((c) => [c.args[0].input.ScalableDimension, c.args[0].input.SuspendedState])).toEqual([
      ['dynamodb:table:ReadCapacityUnits', { DynamicScalingInSuspended: true, DynamicScalingOutSuspended: false, ScheduledScalingSuspended: true }],
      ['dynamodb:table:WriteCapacityUnits', { DynamicScalingInSuspended: true, DynamicScalingOutSuspended: false, ScheduledScalingSuspended: false }],
    ]);
    expect(s.result.scaleIn.map((r) => [r.change.dimension, r.outcome])).toEqual([['reads', 'ok'], ['writes', 'ok']]);
    expect(lines[0]).toContain('native scale-in suspended: circuit breaker http://breaker/up is open (HTTP 503)');
    expect(lines).toContain('orders reads: native scale-in suspended');
    expect(lines).toContain('orders writes: native scale-in suspended');
    const metrics = new Metrics({ namespace: 'Test', serviceName: 'test' });
    recordCheckMetrics(metrics, s);
    expect(metrics.serializeMetrics()).toMatchObject({ ScaleInChanges: 2, CapacityChanges: 0 });
  });

  test('the targets are as the guard wants them: read, not registered again', async () => {
    tablesAt(60);
    aas.on(DescribeScalableTargetsCommand).resolves({ ScalableTargets: targetsOf('orders', false) });
    const s = await runScalerCheck(deps([]), { policy: policyOf({ orders: GUARD }), tables: ['orders'] });
    expect(s.calls).toMatchObject({ DescribeScalableTargets: 1, RegisterScalableTarget: 0 });
    expect(aas.commandCalls(RegisterScalableTargetCommand)).toHaveLength(0);
  });

  test('RegisterScalableTarget refused: a fault per dimension with its message; the table is still checked', async () => {
    tablesAt(60);
    aas.on(DescribeScalableTargetsCommand).resolves({ ScalableTargets: targetsOf('orders', true) });
    aas.on(RegisterScalableTargetCommand).rejects(awsError('AccessDeniedException', 'not authorized to perform application-autoscaling:RegisterScalableTarget'));
    const lines: string[] = [];
    const s = await runScalerCheck(deps(lines), { policy: policyOf({ orders: GUARD }), tables: ['orders'] });
    const message = 'AccessDeniedException: not authorized to perform application-autoscaling:RegisterScalableTarget';
    expect(s.faults).toEqual([
      { table: 'orders', gsi: null, action: 'RegisterScalableTarget', outcome: 'AccessDenied', message },
      { table: 'orders', gsi: null, action: 'RegisterScalableTarget', outcome: 'AccessDenied', message },
    ]);
    expect(s.calls.RegisterScalableTarget).toBe(2);
    expect(s.tables).toEqual([{ table: 'orders', status: 'checked' }]);
    expect(lines).toContain(`orders: RegisterScalableTarget failed: AccessDenied (${message})`);
  });

  test('DescribeScalableTargets refused: the table is skipped, nothing registered, nothing updated', async () => {
    tablesAt(0);
    aas.on(DescribeScalableTargetsCommand).rejects(awsError('AccessDeniedException', 'no'));
    const s = await runScalerCheck(deps([]), { policy: policyOf({ orders: { ...GUARD, scaleInWhenIdle: true } }), tables: ['orders'] });
    expect(s.tables[0]).toEqual({ table: 'orders', status: 'skipped', reason: 'Application Auto Scaling could not be read: the scale-in guards cannot tell what to suspend' });
    expect(s.faults).toEqual([{ table: 'orders', gsi: null, action: 'DescribeScalableTargets', outcome: 'AccessDenied', message: 'AccessDeniedException: no' }]);
    expect(s.calls).toMatchObject({ DescribeScalableTargets: 1, RegisterScalableTarget: 0, UpdateTable: 0 });
  });

  test('a dry run reads the targets and registers nothing', async () => {
    tablesAt(60);
    aas.on(DescribeScalableTargetsCommand).resolves({ ScalableTargets: targetsOf('orders', true) });
    const s = await runScalerCheck(deps([]), { policy: policyOf({ orders: GUARD }), tables: ['orders'], dryRun: true });
    expect(s.result.scaleIn.map((r) => r.outcome)).toEqual(['dry-run', 'dry-run']);
    expect(s.calls).toMatchObject({ DescribeScalableTargets: 1, RegisterScalableTarget: 0 });
    expect(aas.commandCalls(RegisterScalableTargetCommand)).toHaveLength(0);
  });

  test('an idle table is lowered to its scalable targets\' minimum, not the policy\'s', async () => {
    // No datapoint in any window: held while the window may still be published, then idle.
    ddb.on(DescribeTableCommand).resolves({
      Table: { TableName: 'orders', TableStatus: 'ACTIVE', ProvisionedThroughput: { ReadCapacityUnits: 100, WriteCapacityUnits: 100, NumberOfDecreasesToday: 0 } },
    });
    ddb.on(UpdateTableCommand).resolves({});
    cw.on(GetMetricDataCommand).callsFake((input: GetMetricDataCommandInput) => ({
      MetricDataResults: input.MetricDataQueries!.map((q) => ({ Id: q.Id, StatusCode: 'Complete', Timestamps: [], Values: [] })),
    }));
    aas.on(DescribeScalableTargetsCommand).resolves({
      ScalableTargets: [
        registered('table/orders', 'dynamodb:table:ReadCapacityUnits', 7, 500),
        registered('table/orders', 'dynamodb:table:WriteCapacityUnits', 9, 500),
      ],
    });
    const d = deps([]);
    const policy = policyOf({ orders: { ...GUARD, scaleInWhenIdle: true } });
    const updates: Array<UpdateTableCommandInput['ProvisionedThroughput']> = [];
    for (let k = 0; k < 4; k++) {
      const s = await runScalerCheck({ ...d, now: () => NOW + k * 60_000 }, { policy, tables: ['orders'] });
      updates.push(...s.result.updates.map((u) => ({ ReadCapacityUnits: u.update.reads, WriteCapacityUnits: u.update.writes })));
    }
    // Three checks held (the window moved back a minute each), the fourth reads it as idle.
    expect(updates).toEqual([{ ReadCapacityUnits: 7, WriteCapacityUnits: 9 }]);
    const sent = ddb.commandCalls(UpdateTableCommand).map((c) => c.args[0].input.ProvisionedThroughput);
    expect(sent).toEqual([{ ReadCapacityUnits: 7, WriteCapacityUnits: 9 }]);
  });
});
