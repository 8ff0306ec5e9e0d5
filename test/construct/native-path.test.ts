import { Annotations, Duration, Stack, TimeZone } from 'aws-cdk-lib';
import { Annotations as AssertAnnotations, Match, Template } from 'aws-cdk-lib/assertions';
import { Schedule } from 'aws-cdk-lib/aws-applicationautoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { newStack, provisionedTable, simplePolicy } from './helpers';
import { DynamicScaling, ScalingDimension, ScalingPath, ScalingPolicy } from '../../src';

const TARGET = 'AWS::ApplicationAutoScaling::ScalableTarget';
const POLICY = 'AWS::ApplicationAutoScaling::ScalingPolicy';

describe('native path on a Table', () => {
  test('one ScalableTarget and one target tracking policy per table and GSI dimension', () => {
    const { stack } = newStack();
    const table = provisionedTable(stack, ['ByA', 'ByB']);
    new DynamicScaling(stack, 'Scaling', { table, policy: simplePolicy() });

    const t = Template.fromStack(stack);
    t.resourceCountIs(TARGET, 6);
    t.resourceCountIs(POLICY, 6);
    t.resourceCountIs('AWS::IAM::Role', 0);
    const tableRef = { Ref: stack.getLogicalId(table.node.defaultChild as dynamodb.CfnTable) };
    t.hasResourceProperties(TARGET, {
      ServiceNamespace: 'dynamodb',
      ScalableDimension: 'dynamodb:table:ReadCapacityUnits',
      ResourceId: { 'Fn::Join': ['', ['table/', tableRef]] },
      MinCapacity: 5,
      MaxCapacity: 100,
    });
    t.hasResourceProperties(TARGET, {
      ScalableDimension: 'dynamodb:index:WriteCapacityUnits',
      ResourceId: { 'Fn::Join': ['', ['table/', tableRef, '/index/ByB']] },
      MinCapacity: 2,
      MaxCapacity: 50,
    });
  });

  test('uses the DynamoDB service-linked role, as aws-dynamodb does', () => {
    const { stack } = newStack();
    new DynamicScaling(stack, 'Scaling', { table: provisionedTable(stack), policy: simplePolicy() });
    Template.fromStack(stack).hasResourceProperties(TARGET, {
      RoleARN: {
        'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' },
          ':iam::111111111111:role/aws-service-role/dynamodb.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_DynamoDBTable']],
      },
    });
  });

  test('target tracking on the predefined utilization metrics, default target 70, no cooldowns unless given', () => {
    const { stack } = newStack();
    new DynamicScaling(stack, 'Scaling', { table: provisionedTable(stack), policy: simplePolicy() });
    const t = Template.fromStack(stack);
    for (const metric of ['DynamoDBReadCapacityUtilization', 'DynamoDBWriteCapacityUtilization']) {
      t.hasResourceProperties(POLICY, {
        PolicyType: 'TargetTrackingScaling',
        TargetTrackingScalingPolicyConfiguration: {
          PredefinedMetricSpecification: { PredefinedMetricType: metric },
          TargetValue: 70,
          ScaleInCooldown: Match.absent(),
          ScaleOutCooldown: Match.absent(),
          DisableScaleIn: Match.absent(),
        },
      });
    }
  });

  test('target, cooldowns and disableScaleIn reach the policy', () => {
    const { stack } = newStack();
    new DynamicScaling(stack, 'Scaling', {
      table: provisionedTable(stack),
      policy: ScalingPolicy.targetTracking({
        write: {
          minCapacity: 1,
          maxCapacity: 10,
          targetUtilizationPercent: 45,
          scaleInCooldown: Duration.minutes(10),
          scaleOutCooldown: Duration.seconds(30),
          disableScaleIn: true,
        },
      }),
    });
    const t = Template.fromStack(stack);
    t.resourceCountIs(TARGET, 1);
    t.hasResourceProperties(POLICY, {
      TargetTrackingScalingPolicyConfiguration: {
        PredefinedMetricSpecification: { PredefinedMetricType: 'DynamoDBWriteCapacityUtilization' },
        TargetValue: 45,
        ScaleInCooldown: 600,
        ScaleOutCooldown: 30,
        DisableScaleIn: true,
      },
    });
  });

  test('scheduled actions (cron, rate, at) with min/max per action', () => {
    const { stack } = newStack();
    new DynamicScaling(stack, 'Scaling', {
      table: provisionedTable(stack),
      policy: ScalingPolicy.targetTracking({
        read: {
          minCapacity: 5,
          maxCapacity: 100,
          schedules: [
            { name: 'morning', schedule: Schedule.cron({ hour: '8', minute: '0' }), minCapacity: 50, timeZone: TimeZone.EUROPE_BERLIN },
            { schedule: Schedule.rate(Duration.hours(6)), maxCapacity: 80 },
            { schedule: Schedule.at(new Date(Date.UTC(2030, 0, 1, 0, 0, 0))), minCapacity: 10, maxCapacity: 20 },
          ],
        },
      }),
    });
    Template.fromStack(stack).hasResourceProperties(TARGET, {
      ScheduledActions: [
        { ScheduledActionName: 'morning', Schedule: 'cron(0 8 * * ? *)', ScalableTargetAction: { MinCapacity: 50 }, Timezone: 'Europe/Berlin' },
        { ScheduledActionName: 'schedule-2', Schedule: 'rate(6 hours)', ScalableTargetAction: { MaxCapacity: 80 } },
        { ScheduledActionName: 'schedule-3', Schedule: 'at(2030-01-01T00:00:00)', ScalableTargetAction: { MinCapacity: 10, MaxCapacity: 20 } },
      ],
    });
  });

  test('never a StepScaling policy', () => {
    const { stack } = newStack();
    new DynamicScaling(stack, 'Scaling', { table: provisionedTable(stack, ['ByG']), policy: simplePolicy() });
    const policies = Template.fromStack(stack).findResources(POLICY);
    expect(Object.values(policies).map((p) => p.Properties.PolicyType)).toEqual(Array(4).fill('TargetTrackingScaling'));
  });

  test('step scaling added to an exposed scalable target is refused at synth', () => {
    const { stack } = newStack();
    const scaling = new DynamicScaling(stack, 'Scaling', { table: provisionedTable(stack), policy: simplePolicy() });
    scaling.scalableTargets[0].scaleOnMetric('Steps', {
      metric: new cloudwatch.Metric({ namespace: 'AWS/DynamoDB', metricName: 'ConsumedReadCapacityUnits' }),
      scalingSteps: [{ upper: 10, change: -1 }, { lower: 50, change: +1 }],
    });
    expect(() => Template.fromStack(stack)).toThrow(
      "DynamicScaling 'Scaling': Test/Scaling/TableRead/Target/Steps/LowerPolicy/Resource is a StepScaling policy, which Application Auto Scaling "
      + 'does not support for DynamoDB; use the target tracking policy (and schedules) of DynamicScaling instead');
  });

  test('a GSI override replaces the table policy for that index only', () => {
    const { stack } = newStack();
    new DynamicScaling(stack, 'Scaling', {
      table: provisionedTable(stack, ['Hot', 'Cold']),
      policy: simplePolicy(),
      indexPolicies: [{ indexName: 'Cold', policy: ScalingPolicy.targetTracking({ read: { minCapacity: 1, maxCapacity: 3 } }) }],
    });
    const t = Template.fromStack(stack);
    t.resourceCountIs(TARGET, 5); // table r/w, Hot r/w, Cold r
    t.hasResourceProperties(TARGET, {
      ScalableDimension: 'dynamodb:index:ReadCapacityUnits',
      ResourceId: { 'Fn::Join': ['', ['table/', Match.anyValue(), '/index/Cold']] },
      MinCapacity: 1,
      MaxCapacity: 3,
    });
  });

  test('indexNames limits the scaled GSIs; an empty list scales only the table', () => {
    const { stack } = newStack();
    const a = new DynamicScaling(stack, 'A', { table: provisionedTable(stack, ['ByX', 'ByY'], 'T1'), policy: simplePolicy(), indexNames: ['ByY'] });
    const b = new DynamicScaling(stack, 'B', { table: provisionedTable(stack, ['ByX'], 'T2'), policy: simplePolicy(), indexNames: [] });
    expect(a.indexNames).toEqual(['ByY']);
    expect(a.scalableTargets).toHaveLength(4);
    expect(b.scalableTargets).toHaveLength(2);
  });

  test('decisions say the path, why, and the numbers, per table/GSI dimension', () => {
    const { stack } = newStack();
    const scaling = new DynamicScaling(stack, 'Scaling', {
      table: provisionedTable(stack, ['ByG']),
      policy: ScalingPolicy.targetTracking({ read: { minCapacity: 5, maxCapacity: 100, targetUtilizationPercent: 60 } }),
    });
    expect(scaling.decisions.map((d) => [d.indexName, d.dimension, d.path, d.minCapacity, d.maxCapacity, d.targetUtilizationPercent]))
      .toEqual([
        [undefined, ScalingDimension.READ, ScalingPath.NATIVE, 5, 100, 60],
        [undefined, ScalingDimension.WRITE, undefined, undefined, undefined, undefined],
        ['ByG', ScalingDimension.READ, ScalingPath.NATIVE, 5, 100, 60],
        ['ByG', ScalingDimension.WRITE, undefined, undefined, undefined, undefined],
      ]);
    expect(scaling.decisions[0].reasons).toEqual([
      'auto: target tracking needs nothing Application Auto Scaling lacks, so the native service runs it',
      'the table follows the table policy (policy)',
    ]);
    expect(scaling.decisions[1].reasons).toEqual(['not scaled: the table policy (policy) gives no write settings']);
    expect(scaling.decisions[2].reasons[1]).toBe("index ByG follows the table's policy (no entry in indexPolicies)");
    expect(scaling.decisions[0].scalableTarget).toBe(scaling.scalableTargets[0]);
    expect(scaling.decisions[2].scalableDimension).toBe('dynamodb:index:ReadCapacityUnits');
  });

  test('forcing NATIVE with a pure target tracking policy is honoured and says so', () => {
    const { stack } = newStack();
    const scaling = new DynamicScaling(stack, 'Scaling', { table: provisionedTable(stack), policy: simplePolicy(), path: ScalingPath.NATIVE });
    expect(scaling.decisions[0].reasons[0]).toBe('path NATIVE was requested by the path property');
    Template.fromStack(stack).resourceCountIs(TARGET, 2);
  });

  test('a provisioned table gets no billing-mode warning', () => {
    const { stack } = newStack();
    new DynamicScaling(stack, 'Scaling', { table: provisionedTable(stack), policy: simplePolicy() });
    AssertAnnotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
  });
});

describe('native path across stacks', () => {
  test('a DynamicScaling in another stack than its Table references the table through an export', () => {
    const { app, stack } = newStack();
    const table = provisionedTable(stack);
    const scalingStack = new Stack(app, 'Scaling', { env: { account: '111111111111', region: 'eu-west-1' } });
    new DynamicScaling(scalingStack, 'Scaling', { table, policy: simplePolicy() });
    Template.fromStack(stack).resourceCountIs(TARGET, 0);
    Template.fromStack(scalingStack).hasResourceProperties(TARGET, {
      ResourceId: { 'Fn::Join': ['', ['table/', { 'Fn::ImportValue': Match.stringLikeRegexp('^Test:ExportsOutputRefTable') }]] },
    });
  });
});

describe('native path on an imported table', () => {
  test('fromTableName: the table only, by name, with an unknownBillingMode warning', () => {
    const { stack } = newStack();
    new DynamicScaling(stack, 'Scaling', { table: dynamodb.Table.fromTableName(stack, 'Imported', 'orders'), policy: simplePolicy() });
    const t = Template.fromStack(stack);
    t.resourceCountIs(TARGET, 2);
    t.hasResourceProperties(TARGET, { ResourceId: 'table/orders', ScalableDimension: 'dynamodb:table:WriteCapacityUnits' });
    AssertAnnotations.fromStack(stack).hasWarning('/Test/Scaling', Match.stringLikeRegexp(
      'The billing mode of table Test/Imported is not known at synth time \\(imported table\\)\\..*\\[ack: dynamic-scaling:unknownBillingMode\\]'));
    AssertAnnotations.fromStack(stack).hasInfo('/Test/Scaling', Match.stringLikeRegexp('cannot be discovered; only the table is scaled'));
  });

  test('the unknownBillingMode warning can be acknowledged by its id', () => {
    const { stack } = newStack();
    const scaling = new DynamicScaling(stack, 'Scaling', { table: dynamodb.Table.fromTableName(stack, 'Imported', 'orders'), policy: simplePolicy() });
    Annotations.of(scaling).acknowledgeWarning('dynamic-scaling:unknownBillingMode', 'orders is provisioned (checked in the console)');
    AssertAnnotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
  });

  test('fromTableAttributes with explicitly named GSIs', () => {
    const { stack } = newStack();
    const table = dynamodb.Table.fromTableAttributes(stack, 'Imported', { tableName: 'orders', globalIndexes: ['ByUser'] });
    new DynamicScaling(stack, 'Scaling', { table, indexNames: ['ByUser'], policy: simplePolicy() });
    const t = Template.fromStack(stack);
    t.resourceCountIs(TARGET, 4);
    t.hasResourceProperties(TARGET, { ResourceId: 'table/orders/index/ByUser', ScalableDimension: 'dynamodb:index:ReadCapacityUnits' });
  });
});
