import { CfnElement, CfnParameter, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { IConstruct } from 'constructs';
import { newStack, provisionedTable, simplePolicy } from './helpers';
import { DynamicScaling, ScalingDimension, ScalingPath, ScalingPolicy } from '../../src';
import { POLICY_RESOURCE_TYPE, SCHEDULE_EVENT_SOURCE, STATE_TABLE_ENV } from '../../src/constants';
import { checkPolicy, EnginePolicy, policyFromJson } from '../../src/engine';
import { Scaler } from '../../src/private/scaler';

const FUNCTION = 'AWS::Lambda::Function';
const RULE = 'AWS::Events::Rule';
const ALARM = 'AWS::CloudWatch::Alarm';
const PERMISSION = 'AWS::Lambda::Permission';
const TARGET = 'AWS::ApplicationAutoScaling::ScalableTarget';
const ALARMS_PRINCIPAL = 'lambda.alarms.cloudwatch.amazonaws.com';

/** A resource of a synthesized template. */
type TemplateResource = { [key: string]: any };

/** Bounds for reads and writes, valid for every Lambda-path factory. */
const BOUNDS = { minCapacity: 2, maxCapacity: 40 };

function customPolicy(): ScalingPolicy {
  return ScalingPolicy.custom({ read: BOUNDS, write: BOUNDS });
}

function logicalId(construct: IConstruct): string {
  return Stack.of(construct).getLogicalId(construct.node.defaultChild as CfnElement);
}

/** The text of a string or an `Fn::Join` of strings and Refs, each Ref replaced by its entry in `refs`. */
function joined(value: unknown, refs: Record<string, string>): string {
  if (typeof value === 'string') return value;
  const [separator, parts] = (value as { 'Fn::Join': [string, unknown[]] })['Fn::Join'];
  return parts.map((part) => {
    if (typeof part === 'string') return part;
    const ref = (part as { Ref?: string }).Ref;
    if (ref === undefined || refs[ref] === undefined) throw new Error(`unexpected part ${JSON.stringify(part)}`);
    return refs[ref];
  }).join(separator);
}

/** A policy resource's Policy, read back by the engine's own codec (what the scaler reads), tables named by `refs`. */
function enginePolicy(resource: TemplateResource, refs: Record<string, string>): EnginePolicy {
  return policyFromJson(JSON.parse(joined(resource.Properties.Policy, refs)));
}

/** The throttle alarms: the alarms whose action invokes something (the scaler's errors alarm has none). */
function throttleAlarms(t: Template): TemplateResource[] {
  return Object.values(t.findResources(ALARM, { Properties: { AlarmActions: Match.anyValue() } }));
}

/** The metrics an alarm's math sums, as `MetricName` and its dimensions. */
function alarmMetrics(alarm: TemplateResource): Array<{ metric: string; dimensions: Record<string, unknown> }> {
  return alarm.Properties.Metrics.filter((m: any) => m.MetricStat).map((m: any) => ({
    metric: m.MetricStat.Metric.MetricName,
    dimensions: Object.fromEntries(m.MetricStat.Metric.Dimensions.map((d: any) => [d.Name, d.Value])),
  }));
}

function throttleSources(tableRef: unknown, indexes: Array<string | undefined>): Array<{ metric: string; dimensions: Record<string, unknown> }> {
  return indexes.flatMap((indexName) => ['ReadThrottleEvents', 'WriteThrottleEvents'].map((metric) => ({
    metric,
    dimensions: indexName === undefined ? { TableName: tableRef } : { TableName: tableRef, GlobalSecondaryIndexName: indexName },
  })));
}

describe('Lambda path: one custom-policy table with two GSIs', () => {
  const setUp = () => {
    const { stack } = newStack();
    const table = provisionedTable(stack, ['ByA', 'ByB']);
    const scaling = new DynamicScaling(stack, 'Scaling', { table, policy: customPolicy() });
    return { stack, table, scaling, t: Template.fromStack(stack), fn: { 'Fn::GetAtt': [logicalId(scaling.scalerFunction!), 'Arn'] } };
  };

  test('one scaler function: Node.js 22 on arm64, told the state table by its environment', () => {
    const { t, scaling } = setUp();
    t.resourceCountIs(FUNCTION, 1);
    t.hasResourceProperties(FUNCTION, {
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      Environment: { Variables: { [STATE_TABLE_ENV]: { Ref: logicalId(scaling.stateTable!) } } },
    });
  });

  test('one on-demand state table keyed by tableName', () => {
    const { t, scaling } = setUp();
    t.resourceCountIs('AWS::DynamoDB::Table', 2); // the managed table and the state table
    expect(t.findResources('AWS::DynamoDB::Table')[logicalId(scaling.stateTable!)].Properties).toMatchObject({
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [{ AttributeName: 'tableName', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'tableName', AttributeType: 'S' }],
    });
  });

  test('one schedule every minute that tells the scaler its check interval', () => {
    const { t, fn } = setUp();
    t.resourceCountIs(RULE, 1);
    t.hasResourceProperties(RULE, {
      ScheduleExpression: 'rate(1 minute)',
      Targets: [{ Arn: fn, Input: '{"source":"dynamic-scaling.schedule","checkIntervalSeconds":60}' }],
    });
    expect(SCHEDULE_EVENT_SOURCE).toBe('dynamic-scaling.schedule');
  });

  test('one policy resource for the table, served by the scaler, naming the table by its Ref', () => {
    const { t, table, fn } = setUp();
    t.resourceCountIs(POLICY_RESOURCE_TYPE, 1);
    t.hasResourceProperties(POLICY_RESOURCE_TYPE, { ServiceToken: fn, TableName: { Ref: logicalId(table) } });
  });

  test('its Policy is a valid one-rule engine policy: the table, and one exact rule per GSI', () => {
    const { t, table } = setUp();
    const [resource] = Object.values(t.findResources(POLICY_RESOURCE_TYPE));
    expect(Object.keys(resource.Properties.Policy)).toEqual(['Fn::Join']);
    const policy = enginePolicy(resource, { [logicalId(table)]: 'orders' });

    expect(checkPolicy(policy).errors).toEqual([]);
    expect(policy.checkIntervalSeconds).toBe(60);
    expect(policy.tables).toHaveLength(1);
    const [rule] = policy.tables;
    expect(rule.tableName).toBe('orders');
    expect(rule.tablePattern).toBeUndefined();
    expect(rule.gsis.map((g) => g.indexPattern)).toEqual(['^ByA$', '^ByB$']);
    for (const target of [rule.policy, ...rule.gsis.map((g) => g.policy)]) {
      for (const d of [target.reads, target.writes]) {
        expect([d.enableAutoscaling, d.min, d.max]).toEqual([true, 2, 40]);
      }
    }
  });

  test('one throttle alarm on the read and write throttles of the table and each GSI, invoking the scaler', () => {
    const { t, table, fn } = setUp();
    const alarms = throttleAlarms(t);
    expect(alarms).toHaveLength(1);
    expect(alarms[0].Properties.AlarmActions).toEqual([fn]);
    const metrics = alarmMetrics(alarms[0]);
    const expected = throttleSources({ Ref: logicalId(table) }, [undefined, 'ByA', 'ByB']);
    expect(metrics).toHaveLength(expected.length);
    expect(metrics).toEqual(expect.arrayContaining(expected));
    // The alarm's math adds them all up.
    const ids = alarms[0].Properties.Metrics.filter((m: any) => m.MetricStat).map((m: any) => m.Id).sort();
    const summed = (alarms[0].Properties.Metrics.find((m: any) => m.Expression).Expression as string).match(/FILL\((\w+), 0\)/g)!
      .map((f) => f.slice(5, -4)).sort();
    expect(summed).toEqual(ids);
  });

  test('the throttle alarm is named under the scaler prefix that the one alarms permission covers', () => {
    const { stack, t, fn } = setUp();
    const prefix = Scaler.find(stack)!.alarmNamePrefix;
    expect(prefix).toMatch(/^Test.+-$/);
    const permissions = Object.values(t.findResources(PERMISSION, { Properties: { Principal: ALARMS_PRINCIPAL } }));
    expect(permissions).toHaveLength(1);
    expect(permissions[0].Properties).toMatchObject({ Action: 'lambda:InvokeFunction', FunctionName: fn, SourceAccount: { Ref: 'AWS::AccountId' } });
    expect(joined(permissions[0].Properties.SourceArn, { 'AWS::Partition': 'aws' }))
      .toBe(`arn:aws:cloudwatch:eu-west-1:111111111111:alarm:${prefix}*`);
    for (const alarm of throttleAlarms(t)) {
      expect(alarm.Properties.AlarmName.startsWith(prefix)).toBe(true);
    }
  });
});

describe('Lambda path: one scaler per stack', () => {
  test('three tables share one function, one state table and one alarms permission; each has its policy resource and alarm', () => {
    const { stack } = newStack();
    const scalings = ['A', 'B', 'C'].map((id) =>
      new DynamicScaling(stack, `Scaling${id}`, { table: provisionedTable(stack, ['ByG'], `Table${id}`), policy: customPolicy() }));
    const t = Template.fromStack(stack);

    t.resourceCountIs(FUNCTION, 1);
    expect(Object.keys(t.findResources('AWS::DynamoDB::Table', { Properties: { BillingMode: 'PAY_PER_REQUEST' } }))).toHaveLength(1);
    expect(Object.keys(t.findResources(PERMISSION, { Properties: { Principal: ALARMS_PRINCIPAL } }))).toHaveLength(1);
    t.resourceCountIs(RULE, 1);
    t.resourceCountIs(POLICY_RESOURCE_TYPE, 3);

    const alarms = throttleAlarms(t);
    expect(alarms).toHaveLength(3);
    const prefix = Scaler.find(stack)!.alarmNamePrefix;
    expect(alarms.every((a) => a.Properties.AlarmName.startsWith(prefix))).toBe(true);
    expect(new Set(alarms.map((a) => a.Properties.AlarmName)).size).toBe(3);

    for (const s of scalings) {
      expect(s.scalerFunction).toBe(scalings[0].scalerFunction);
      expect(s.stateTable).toBe(scalings[0].stateTable);
      expect(s.scalerErrorsAlarm).toBe(scalings[0].scalerErrorsAlarm);
      t.hasResourceProperties(POLICY_RESOURCE_TYPE, { TableName: { Ref: logicalId(s.table) } });
    }
    expect(new Set(scalings.map((s) => s.throttleAlarm)).size).toBe(3);
  });

  test('two check intervals make two schedules, each with its interval', () => {
    const { stack } = newStack();
    const every1 = provisionedTable(stack, [], 'Every1');
    const every5 = provisionedTable(stack, [], 'Every5');
    new DynamicScaling(stack, 'A', { table: every1, policy: customPolicy() });
    new DynamicScaling(stack, 'B', { table: every5, policy: ScalingPolicy.custom({ read: BOUNDS, checkInterval: Duration.minutes(5) }) });
    new DynamicScaling(stack, 'C', { table: provisionedTable(stack, [], 'AlsoEvery1'), policy: customPolicy() });
    const t = Template.fromStack(stack);

    t.resourceCountIs(RULE, 2);
    t.hasResourceProperties(RULE, {
      ScheduleExpression: 'rate(1 minute)',
      Targets: [Match.objectLike({ Input: '{"source":"dynamic-scaling.schedule","checkIntervalSeconds":60}' })],
    });
    t.hasResourceProperties(RULE, {
      ScheduleExpression: 'rate(5 minutes)',
      Targets: [Match.objectLike({ Input: '{"source":"dynamic-scaling.schedule","checkIntervalSeconds":300}' })],
    });
    const policies = Object.values(t.findResources(POLICY_RESOURCE_TYPE));
    const intervalOf = (table: dynamodb.Table) => enginePolicy(
      policies.find((p) => (p.Properties.TableName as { Ref: string }).Ref === logicalId(table))!, { [logicalId(table)]: 'x' }).checkIntervalSeconds;
    expect([intervalOf(every1), intervalOf(every5)]).toEqual([60, 300]);
  });

  test('the policy resource is created after the scaler (and its permissions) exist', () => {
    const { stack } = newStack();
    const scaling = new DynamicScaling(stack, 'Scaling', { table: provisionedTable(stack), policy: customPolicy() });
    const t = Template.fromStack(stack);
    const [resource] = Object.values(t.findResources(POLICY_RESOURCE_TYPE));
    expect(resource.DependsOn).toEqual(expect.arrayContaining([
      logicalId(scaling.scalerFunction!), logicalId(scaling.stateTable!), Object.keys(t.findResources('AWS::IAM::Policy'))[0],
    ]));
  });

  test('a dry-run policy marks its policy resource; others do not', () => {
    const { stack } = newStack();
    const dry = new DynamicScaling(stack, 'Dry', { table: provisionedTable(stack, [], 'T1'), policy: ScalingPolicy.recommended({ read: BOUNDS, dryRun: true }) });
    const live = new DynamicScaling(stack, 'Live', { table: provisionedTable(stack, [], 'T2'), policy: ScalingPolicy.recommended({ read: BOUNDS }) });
    const t = Template.fromStack(stack);
    t.hasResourceProperties(POLICY_RESOURCE_TYPE, { TableName: { Ref: logicalId(dry.table) }, DryRun: 'true' });
    t.hasResourceProperties(POLICY_RESOURCE_TYPE, { TableName: { Ref: logicalId(live.table) }, DryRun: Match.absent() });
  });

  test('an index name is escaped in its exact pattern', () => {
    const { stack } = newStack();
    const table = provisionedTable(stack, ['By.Email']);
    new DynamicScaling(stack, 'Scaling', { table, policy: customPolicy() });
    const [resource] = Object.values(Template.fromStack(stack).findResources(POLICY_RESOURCE_TYPE));
    const [pattern] = enginePolicy(resource, { [logicalId(table)]: 'orders' }).tables[0].gsis.map((g) => g.indexPattern);
    expect(pattern).toBe('^By\\.Email$');
    expect(['By.Email', 'ByxEmail', 'By.Emails'].filter((n) => new RegExp(pattern).test(n))).toEqual(['By.Email']);
  });
});

describe('Lambda path decisions', () => {
  test('each Lambda-path dimension names the features that need the scaler, its policy and its rules', () => {
    const { stack } = newStack();
    const scaling = new DynamicScaling(stack, 'Scaling', {
      table: provisionedTable(stack),
      policy: ScalingPolicy.custom({
        read: { ...BOUNDS, throttledEventsThreshold: 5, checksBeforeScaleDown: 3 },
        maintenanceWindows: [{ start: '22:00', end: '06:00' }],
        circuitBreaker: { url: 'https://status.example.com/ok' },
        decreaseReserve: 1,
      }),
    });
    expect(scaling.decisions.map((d) => [d.indexName, d.dimension, d.path, d.minCapacity, d.maxCapacity])).toEqual([
      [undefined, ScalingDimension.READ, ScalingPath.LAMBDA, 2, 40],
      [undefined, ScalingDimension.WRITE, undefined, undefined, undefined],
    ]);
    expect(scaling.decisions[0].reasons).toEqual([
      'auto: the policy needs features Application Auto Scaling lacks (threshold rules, throttle-driven scaling, '
      + 'consecutive checks before scale-down, maintenance windows, a circuit breaker, a decrease reserve, decrease-quota planning)',
      'the table follows the table policy (policy): ScalingPolicy.custom',
      '2-40, up 50 % above 90 %, down 50 % below 30 % after 3 low checks, up when throttled more than 5 times; checked every 1 min',
    ]);
    expect(scaling.decisions[1].reasons).toEqual(['not scaled: ScalingPolicy.custom gives no write settings']);
    expect(scaling.decisions[0].scalableTarget).toBeUndefined();
    expect(scaling.scalableTargets).toEqual([]);
  });

  test('forcing LAMBDA with a scaler policy is honoured and says so', () => {
    const { stack } = newStack();
    const scaling = new DynamicScaling(stack, 'Scaling', { table: provisionedTable(stack), policy: customPolicy(), path: ScalingPath.LAMBDA });
    expect(scaling.decisions.map((d) => [d.path, d.reasons[0]]))
      .toEqual(Array(2).fill([ScalingPath.LAMBDA, 'path LAMBDA was requested by the path property']));
  });

  test('the recommended policy names its own features', () => {
    const { stack } = newStack();
    const scaling = new DynamicScaling(stack, 'Scaling', { table: provisionedTable(stack), policy: ScalingPolicy.recommended({ write: BOUNDS }) });
    expect(scaling.decisions[0].reasons).toEqual(['not scaled: ScalingPolicy.recommended gives no read settings']);
    expect(scaling.decisions[1].path).toBe(ScalingPath.LAMBDA);
    expect(scaling.decisions[1].reasons[0]).toBe('auto: the policy needs features Application Auto Scaling lacks (granular scale steps, '
      + 'throttle-driven scaling, consecutive checks before scale-down, capped increases, decrease-quota planning)');
    expect(scaling.decisions[1].reasons[1]).toBe('the table follows the table policy (policy): ScalingPolicy.recommended');
  });

  test('a conf: each target names its section; an index no gsi section matches is not scaled, as in Dynamic DynamoDB', () => {
    const { stack } = newStack();
    const conf = [
      '[global]', 'check-interval: 300',
      '[default_options]', 'increase-reads-unit: percent', 'decrease-reads-unit: percent', 'increase-writes-unit: percent', 'decrease-writes-unit: percent',
      '[table: ^orders$]', 'min-provisioned-reads: 2',
      '[gsi: ^ByA$ table: ^orders$]', 'min-provisioned-reads: 3',
    ].join('\n');
    const table = provisionedTable(stack, ['ByA', 'ByB']);
    const scaling = new DynamicScaling(stack, 'Scaling', { table, policy: ScalingPolicy.fromDynamicDynamoDbConfig(conf, { tableName: 'orders' }) });
    expect(scaling.decisions.map((d) => [d.indexName, d.dimension, d.path, d.minCapacity])).toEqual([
      [undefined, ScalingDimension.READ, ScalingPath.LAMBDA, 2],
      [undefined, ScalingDimension.WRITE, ScalingPath.LAMBDA, 1],
      ['ByA', ScalingDimension.READ, ScalingPath.LAMBDA, 3],
      ['ByA', ScalingDimension.WRITE, ScalingPath.LAMBDA, 1],
      ['ByB', ScalingDimension.READ, undefined, undefined],
      ['ByB', ScalingDimension.WRITE, undefined, undefined],
    ]);
    expect(scaling.decisions[0].reasons.slice(1)).toEqual([
      'the table follows the table policy (policy): section [table: ^orders$] of the dynamic-dynamodb.conf',
      '2-40000, up 50 % above 90 %, down 50 % below 30 %; checked every 5 min',
    ]);
    expect(scaling.decisions[2].reasons[1])
      .toBe("index ByA follows the table's policy (no entry in indexPolicies): section [gsi: ^ByA$ table: ^orders$] of the dynamic-dynamodb.conf");
    expect(scaling.decisions[4].reasons).toEqual([
      'not scaled: no [gsi: <regex> table: ^orders$] section of the conf matches index ByB, so Dynamic DynamoDB would not scale it',
    ]);

    // The unscaled index is neither in the policy nor watched by the alarm.
    const t = Template.fromStack(stack);
    const [resource] = Object.values(t.findResources(POLICY_RESOURCE_TYPE));
    expect(enginePolicy(resource, { [logicalId(table)]: 'orders' }).tables[0].gsis.map((g) => g.indexPattern)).toEqual(['^ByA$']);
    expect(alarmMetrics(throttleAlarms(t)[0]).map((m) => m.dimensions.GlobalSecondaryIndexName)).not.toContain('ByB');
  });

  test('mixed: a native table with one custom GSI gets native resources for the table and the Lambda ones for that GSI only', () => {
    const { stack } = newStack();
    const table = provisionedTable(stack, ['Hot', 'Cold']);
    const scaling = new DynamicScaling(stack, 'Scaling', {
      table,
      policy: simplePolicy(),
      indexPolicies: [{ indexName: 'Hot', policy: ScalingPolicy.custom({ read: BOUNDS }) }],
    });
    expect(scaling.decisions.map((d) => [d.indexName, d.dimension, d.path])).toEqual([
      [undefined, ScalingDimension.READ, ScalingPath.NATIVE],
      [undefined, ScalingDimension.WRITE, ScalingPath.NATIVE],
      ['Hot', ScalingDimension.READ, ScalingPath.LAMBDA],
      ['Hot', ScalingDimension.WRITE, undefined],
      ['Cold', ScalingDimension.READ, ScalingPath.NATIVE],
      ['Cold', ScalingDimension.WRITE, ScalingPath.NATIVE],
    ]);
    expect(scaling.decisions[2].reasons[1]).toBe('index Hot follows its own policy (indexPolicies[0]): ScalingPolicy.custom');

    const t = Template.fromStack(stack);
    t.resourceCountIs(TARGET, 4);
    t.resourceCountIs(TARGET, scaling.scalableTargets.length);
    expect(Object.values(t.findResources(TARGET)).map((r) => joined(r.Properties.ResourceId, { [logicalId(table)]: 'orders' })).sort())
      .toEqual(['table/orders', 'table/orders', 'table/orders/index/Cold', 'table/orders/index/Cold']);
    t.resourceCountIs(FUNCTION, 1);
    t.resourceCountIs(POLICY_RESOURCE_TYPE, 1);

    const [resource] = Object.values(t.findResources(POLICY_RESOURCE_TYPE));
    const rule = enginePolicy(resource, { [logicalId(table)]: 'orders' }).tables[0];
    expect([rule.policy.reads.enableAutoscaling, rule.policy.writes.enableAutoscaling]).toEqual([false, false]);
    expect(rule.gsis.map((g) => [g.indexPattern, g.policy.reads.enableAutoscaling, g.policy.writes.enableAutoscaling]))
      .toEqual([['^Hot$', true, false]]);

    const alarms = throttleAlarms(t);
    expect(alarms).toHaveLength(1);
    const metrics = alarmMetrics(alarms[0]);
    const expected = throttleSources({ Ref: logicalId(table) }, ['Hot']);
    expect(metrics).toHaveLength(expected.length);
    expect(metrics).toEqual(expect.arrayContaining(expected));
  });

  test('scaler outputs are set on the Lambda path', () => {
    const { stack } = newStack();
    const scaling = new DynamicScaling(stack, 'Scaling', { table: provisionedTable(stack), policy: customPolicy() });
    const scaler = Scaler.find(stack)!;
    expect(scaling.scalerFunction).toBe(scaler.function);
    expect(scaling.stateTable).toBe(scaler.stateTable);
    expect(scaling.scalerErrorsAlarm).toBe(scaler.errorsAlarm);
    expect(scaling.throttleAlarm).toBeDefined();
    expect(scaling.throttleAlarm!.node.path).toBe('Test/Scaling/Throttles/Alarm');
    // Errors of the function and faults its checks report (a refused UpdateTable does not fail the invocation).
    Template.fromStack(stack).hasResourceProperties(ALARM, {
      Metrics: Match.arrayWith([
        Match.objectLike({ Id: 'expr_1', Expression: 'FILL(errors, 0) + FILL(faults, 0)' }),
        Match.objectLike({
          Id: 'errors',
          MetricStat: Match.objectLike({
            Metric: {
              MetricName: 'Errors', Namespace: 'AWS/Lambda', Dimensions: [{ Name: 'FunctionName', Value: { Ref: logicalId(scaling.scalerFunction!) } }],
            },
          }),
        }),
        Match.objectLike({
          Id: 'faults',
          MetricStat: Match.objectLike({
            Metric: {
              MetricName: 'CheckFaults', Namespace: 'DynamicScaling', Dimensions: [{ Name: 'service', Value: scaler.metricsService }],
            },
          }),
        }),
      ]),
      Threshold: 1,
    });
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ POWERTOOLS_SERVICE_NAME: scaler.metricsService }) },
    });
  });

  test('a native-only stack has no scaler, and no scaler outputs', () => {
    const { stack } = newStack();
    const scaling = new DynamicScaling(stack, 'Scaling', { table: provisionedTable(stack, ['ByG']), policy: simplePolicy() });
    expect([scaling.scalerFunction, scaling.stateTable, scaling.scalerErrorsAlarm, scaling.throttleAlarm]).toEqual(Array(4).fill(undefined));
    expect(Scaler.find(stack)).toBeUndefined();
    const t = Template.fromStack(stack);
    t.resourceCountIs(FUNCTION, 0);
    t.resourceCountIs(ALARM, 0);
    t.resourceCountIs(RULE, 0);
    t.resourceCountIs(POLICY_RESOURCE_TYPE, 0);
    t.resourceCountIs('AWS::DynamoDB::Table', 1);
  });

  test('a native DynamicScaling beside a Lambda-path one gets no scaler outputs', () => {
    const { stack } = newStack();
    new DynamicScaling(stack, 'Custom', { table: provisionedTable(stack, [], 'T1'), policy: customPolicy() });
    const native = new DynamicScaling(stack, 'Native', { table: provisionedTable(stack, [], 'T2'), policy: simplePolicy() });
    expect([native.scalerFunction, native.stateTable, native.scalerErrorsAlarm, native.throttleAlarm]).toEqual(Array(4).fill(undefined));
    Template.fromStack(stack).resourceCountIs(POLICY_RESOURCE_TYPE, 1);
  });
});

describe('Lambda path with tokens', () => {
  test("a token table name and a CfnParameter circuit breaker URL synthesize, and reach the Policy's Fn::Join", () => {
    const { stack } = newStack();
    const url = new CfnParameter(stack, 'BreakerUrl').valueAsString;
    const table = provisionedTable(stack);
    new DynamicScaling(stack, 'Scaling', { table, policy: ScalingPolicy.custom({ read: BOUNDS, circuitBreaker: { url } }) });
    const t = Template.fromStack(stack);
    const [resource] = Object.values(t.findResources(POLICY_RESOURCE_TYPE));
    const parts = resource.Properties.Policy['Fn::Join'][1];
    expect(parts).toEqual(expect.arrayContaining([{ Ref: logicalId(table) }, { Ref: 'BreakerUrl' }]));
    const policy = enginePolicy(resource, { [logicalId(table)]: 'orders', BreakerUrl: 'https://status.example.com/ok' });
    expect(policy.tables[0].tableName).toBe('orders');
    expect(policy.tables[0].policy.circuitBreaker).toEqual({ url: 'https://status.example.com/ok', timeoutMs: 10000 });
  });

  test('an imported table whose name is a CfnParameter', () => {
    const { stack } = newStack();
    const table = dynamodb.Table.fromTableName(stack, 'Imported', new CfnParameter(stack, 'TableName').valueAsString);
    new DynamicScaling(stack, 'Scaling', { table, policy: customPolicy() });
    const t = Template.fromStack(stack);
    t.hasResourceProperties(POLICY_RESOURCE_TYPE, { TableName: { Ref: 'TableName' } });
    const [resource] = Object.values(t.findResources(POLICY_RESOURCE_TYPE));
    expect(enginePolicy(resource, { TableName: 'orders' }).tables[0].tableName).toBe('orders');
  });
});
