import { CfnParameter, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Schedule } from 'aws-cdk-lib/aws-applicationautoscaling';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { newStack, provisionedTable, simplePolicy } from './helpers';
import { CapacityScalingOptions, DynamicScaling, ScalingPolicy } from '../../src';
import { DynamicScalingRegistry } from '../../src/private/registry';

function scaleReads(read: CapacityScalingOptions, stack?: Stack): () => DynamicScaling {
  const s = stack ?? newStack().stack;
  return () => new DynamicScaling(s, 'Scaling', { table: provisionedTable(s), policy: ScalingPolicy.targetTracking({ read }) });
}

describe('bad input: synth-time errors naming the construct, the property and the value', () => {
  test('PAY_PER_REQUEST table', () => {
    const { stack } = newStack();
    const table = new dynamodb.Table(stack, 'OnDemand', {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING }, billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
    });
    expect(() => new DynamicScaling(stack, 'Scaling', { table, policy: simplePolicy() })).toThrow(
      "DynamicScaling 'Scaling': table billingMode (PAY_PER_REQUEST) must be PROVISIONED: on-demand tables have no capacity to scale");
  });

  test.each([
    ['min < 1', { minCapacity: 0, maxCapacity: 10 }, "DynamicScaling 'Scaling': policy.read.minCapacity (0) must be >= 1"],
    ['min > max', { minCapacity: 50, maxCapacity: 10 }, "DynamicScaling 'Scaling': policy.read.minCapacity (50) must be <= policy.read.maxCapacity (10)"],
    ['max > 40000', { minCapacity: 1, maxCapacity: 40001 },
      "DynamicScaling 'Scaling': policy.read.maxCapacity (40001) must be <= 40000 (DynamoDB's default per-table capacity quota)"],
    ['fractional capacity', { minCapacity: 1.5, maxCapacity: 10 }, "DynamicScaling 'Scaling': policy.read.minCapacity (1.5) must be a whole number of capacity units"],
    ['target < 20', { minCapacity: 1, maxCapacity: 10, targetUtilizationPercent: 19 },
      "DynamicScaling 'Scaling': policy.read.targetUtilizationPercent (19) must be between 20 and 90"],
    ['target > 90', { minCapacity: 1, maxCapacity: 10, targetUtilizationPercent: 91 },
      "DynamicScaling 'Scaling': policy.read.targetUtilizationPercent (91) must be between 20 and 90"],
    ['fractional cooldown', { minCapacity: 1, maxCapacity: 10, scaleOutCooldown: Duration.millis(1500) },
      "DynamicScaling 'Scaling': policy.read.scaleOutCooldown (1.5 seconds) must be a whole number of seconds"],
    ['schedule without min or max', { minCapacity: 1, maxCapacity: 10, schedules: [{ schedule: Schedule.rate(Duration.hours(1)) }] },
      "DynamicScaling 'Scaling': policy.read.schedules[0] (schedule-1) must set minCapacity, maxCapacity or both"],
    ['schedule min > max', { minCapacity: 1, maxCapacity: 10, schedules: [{ schedule: Schedule.rate(Duration.hours(1)), minCapacity: 9, maxCapacity: 3 }] },
      "DynamicScaling 'Scaling': policy.read.schedules[0].minCapacity (9) must be <= policy.read.schedules[0].maxCapacity (3)"],
    ['schedule min < 1', { minCapacity: 1, maxCapacity: 10, schedules: [{ schedule: Schedule.rate(Duration.hours(1)), minCapacity: 0 }] },
      "DynamicScaling 'Scaling': policy.read.schedules[0].minCapacity (0) must be >= 1"],
    ['duplicate schedule names', {
      minCapacity: 1,
      maxCapacity: 10,
      schedules: [
        { name: 'a', schedule: Schedule.rate(Duration.hours(1)), minCapacity: 2 },
        { name: 'a', schedule: Schedule.rate(Duration.hours(2)), minCapacity: 3 },
      ],
    }, "DynamicScaling 'Scaling': policy.read.schedules[1].name (a) must be unique among the schedules of this dimension"],
  ])('%s', (_name, read, message) => {
    expect(scaleReads(read as CapacityScalingOptions)).toThrow(message);
  });

  test('several problems are reported together, one per line', () => {
    expect(scaleReads({ minCapacity: 0, maxCapacity: 50000, targetUtilizationPercent: 5 })).toThrow([
      "DynamicScaling 'Scaling': policy.read.minCapacity (0) must be >= 1",
      "DynamicScaling 'Scaling': policy.read.maxCapacity (50000) must be <= 40000 (DynamoDB's default per-table capacity quota)",
      "DynamicScaling 'Scaling': policy.read.targetUtilizationPercent (5) must be between 20 and 90",
    ].join('\n'));
  });

  test('a problem in a GSI override names the override', () => {
    const { stack } = newStack();
    expect(() => new DynamicScaling(stack, 'Scaling', {
      table: provisionedTable(stack, ['ByG']),
      policy: simplePolicy(),
      indexPolicies: [{ indexName: 'ByG', policy: ScalingPolicy.targetTracking({ write: { minCapacity: 5, maxCapacity: 4 } }) }],
    })).toThrow("DynamicScaling 'Scaling': indexPolicies[0].policy.write.minCapacity (5) must be <= indexPolicies[0].policy.write.maxCapacity (4)");
  });

  test('a policy with neither read nor write', () => {
    const { stack } = newStack();
    expect(() => new DynamicScaling(stack, 'Scaling', { table: provisionedTable(stack), policy: ScalingPolicy.targetTracking({}) }))
      .toThrow("DynamicScaling 'Scaling': policy (targetTracking with neither read nor write) must set read, write or both");
  });

  test('unknown GSI name in indexNames', () => {
    const { stack } = newStack();
    expect(() => new DynamicScaling(stack, 'Scaling', { table: provisionedTable(stack, ['ByA', 'ByB']), policy: simplePolicy(), indexNames: ['ByC'] }))
      .toThrow("DynamicScaling 'Scaling': indexNames[0] (ByC) must name a global secondary index of table Test/Table (it has: ByA, ByB)");
  });

  test('unknown GSI name in indexPolicies', () => {
    const { stack } = newStack();
    expect(() => new DynamicScaling(stack, 'Scaling', {
      table: provisionedTable(stack, ['ByA']), policy: simplePolicy(), indexPolicies: [{ indexName: 'Nope', policy: simplePolicy() }],
    })).toThrow("DynamicScaling 'Scaling': indexPolicies[0].indexName (Nope) must be one of the scaled global secondary indexes (it has: ByA)");
  });

  test('an index name DynamoDB would refuse, for an imported table', () => {
    const { stack } = newStack();
    expect(() => new DynamicScaling(stack, 'Scaling', {
      table: dynamodb.Table.fromTableName(stack, 'Imported', 'orders'), policy: simplePolicy(), indexNames: ['by user'],
    })).toThrow("DynamicScaling 'Scaling': indexNames[0] (by user) must be a valid index name (3-255 characters among a-z, A-Z, 0-9, _, - and .)");
  });

  test('a repeated GSI name', () => {
    const { stack } = newStack();
    expect(() => new DynamicScaling(stack, 'Scaling', { table: provisionedTable(stack, ['ByA']), policy: simplePolicy(), indexNames: ['ByA', 'ByA'] }))
      .toThrow("DynamicScaling 'Scaling': indexNames[1] (ByA) must not repeat an earlier entry");
  });

  test('a TableV2 is refused with a pointer to its own auto scaling', () => {
    const { stack } = newStack();
    jest.spyOn(console, 'warn').mockImplementation(() => undefined); // aws-cdk-lib's own deprecation notice
    const table = new dynamodb.TableV2(stack, 'V2', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } });
    expect(() => new DynamicScaling(stack, 'Scaling', { table, policy: simplePolicy() })).toThrow(
      "DynamicScaling 'Scaling': table (Test/V2) is a TableV2 (AWS::DynamoDB::GlobalTable), which this version does not scale; "
      + "use TableV2's own Billing.provisioned({ readCapacity: Capacity.autoscaled(...) })");
  });
});

describe('cross-construct checks at synth (node.addValidation)', () => {
  test('each scaled dimension is claimed once, at synth', () => {
    const claim = jest.spyOn(DynamicScalingRegistry.prototype, 'claim');
    try {
      const { stack } = newStack();
      new DynamicScaling(stack, 'Scaling', { table: provisionedTable(stack, ['ByA']), policy: simplePolicy() });
      expect(claim).not.toHaveBeenCalled();
      Template.fromStack(stack);
      // Table and ByA, reads and writes.
      expect(claim).toHaveBeenCalledTimes(4);
    } finally {
      claim.mockRestore();
    }
  });

  test('two DynamicScaling on the same table dimension', () => {
    const { stack } = newStack();
    const table = provisionedTable(stack);
    new DynamicScaling(stack, 'First', { table, policy: simplePolicy() });
    new DynamicScaling(stack, 'Second', { table, policy: ScalingPolicy.targetTracking({ write: { minCapacity: 1, maxCapacity: 5 } }) });
    expect(() => Template.fromStack(stack)).toThrow(
      "DynamicScaling 'Second': the write capacity of table Test/Table is already scaled by DynamicScaling 'Test/First'; "
      + 'use one DynamicScaling per table (per-index policies go in indexPolicies)');
  });

  test('two DynamicScaling on the same imported table name, from two stacks', () => {
    const { app, stack } = newStack();
    const other = new Stack(app, 'Other', { env: { account: '111111111111', region: 'eu-west-1' } });
    new DynamicScaling(stack, 'A', { table: dynamodb.Table.fromTableName(stack, 'T', 'shared'), policy: simplePolicy() });
    new DynamicScaling(other, 'B', { table: dynamodb.Table.fromTableName(other, 'T', 'shared'), policy: simplePolicy() });
    // Each stack keeps its own registry: an imported name is only checked within one stack.
    expect(() => app.synth()).not.toThrow();
  });

  test('two DynamicScaling on the same imported table name within a stack', () => {
    const { stack } = newStack();
    new DynamicScaling(stack, 'A', { table: dynamodb.Table.fromTableName(stack, 'T1', 'shared'), policy: simplePolicy() });
    new DynamicScaling(stack, 'B', { table: dynamodb.Table.fromTableName(stack, 'T2', 'shared'), policy: simplePolicy() });
    expect(() => Template.fromStack(stack)).toThrow(
      "DynamicScaling 'B': the read capacity of table Test/T2 is already scaled by DynamicScaling 'Test/A'");
  });

  test('two DynamicScaling on different GSIs of one table still clash on the table dimensions', () => {
    const { stack } = newStack();
    const table = provisionedTable(stack, ['ByX', 'ByY']);
    new DynamicScaling(stack, 'First', { table, policy: simplePolicy(), indexNames: ['ByX'] });
    new DynamicScaling(stack, 'Second', { table, policy: ScalingPolicy.targetTracking({ read: { minCapacity: 1, maxCapacity: 5 } }), indexNames: ['ByY'] });
    // Second also scales the table's reads, which First already does.
    expect(() => Template.fromStack(stack)).toThrow(
      "DynamicScaling 'Second': the read capacity of table Test/Table is already scaled by DynamicScaling 'Test/First'");
  });

  test('two DynamicScaling on different dimensions of one table are fine', () => {
    const { stack } = newStack();
    const table = provisionedTable(stack, ['ByX']);
    new DynamicScaling(stack, 'Reads', { table, policy: ScalingPolicy.targetTracking({ read: { minCapacity: 1, maxCapacity: 5 } }) });
    new DynamicScaling(stack, 'Writes', { table, policy: ScalingPolicy.targetTracking({ write: { minCapacity: 1, maxCapacity: 5 } }) });
    expect(() => Template.fromStack(stack)).not.toThrow();
  });

  test('a table that already uses autoScaleReadCapacity', () => {
    const { stack } = newStack();
    const table = provisionedTable(stack);
    table.autoScaleReadCapacity({ minCapacity: 1, maxCapacity: 10 }).scaleOnUtilization({ targetUtilizationPercent: 50 });
    new DynamicScaling(stack, 'Scaling', { table, policy: simplePolicy() });
    expect(() => Template.fromStack(stack)).toThrow(
      "DynamicScaling 'Scaling': the read capacity of table Test/Table is already scaled by table.autoScaleReadCapacity(); "
      + 'remove that call or leave this dimension out of the policy');
  });

  test('a GSI that already uses autoScaleGlobalSecondaryIndexWriteCapacity, called after DynamicScaling', () => {
    const { stack } = newStack();
    const table = provisionedTable(stack, ['ByG']);
    new DynamicScaling(stack, 'Scaling', { table, policy: simplePolicy() });
    table.autoScaleGlobalSecondaryIndexWriteCapacity('ByG', { minCapacity: 1, maxCapacity: 10 });
    expect(() => Template.fromStack(stack)).toThrow(
      "DynamicScaling 'Scaling': the write capacity of index ByG of table Test/Table is already scaled by "
      + "table.autoScaleGlobalSecondaryIndexWriteCapacity('ByG'); remove that call or leave this dimension out of the policy");
  });

  test('autoScale on a dimension the policy leaves alone is fine', () => {
    const { stack } = newStack();
    const table = provisionedTable(stack);
    table.autoScaleWriteCapacity({ minCapacity: 1, maxCapacity: 10 }).scaleOnUtilization({ targetUtilizationPercent: 50 });
    new DynamicScaling(stack, 'Scaling', { table, policy: ScalingPolicy.targetTracking({ read: { minCapacity: 1, maxCapacity: 5 } }) });
    expect(() => Template.fromStack(stack)).not.toThrow();
  });

  test('a GSI added after DynamicScaling', () => {
    const { stack } = newStack();
    const table = provisionedTable(stack, ['Early']);
    new DynamicScaling(stack, 'Scaling', { table, policy: simplePolicy() });
    table.addGlobalSecondaryIndex({ indexName: 'Late', partitionKey: { name: 'late', type: dynamodb.AttributeType.STRING } });
    expect(() => Template.fromStack(stack)).toThrow(
      "DynamicScaling 'Scaling': table Test/Table gained global secondary index Late after DynamicScaling was created, so it is not scaled; "
      + 'create DynamicScaling after the last addGlobalSecondaryIndex(), or list the indexes in indexNames');
  });

  test('a GSI added after DynamicScaling is fine when indexNames chose the indexes explicitly', () => {
    const { stack } = newStack();
    const table = provisionedTable(stack, ['Early']);
    new DynamicScaling(stack, 'Scaling', { table, policy: simplePolicy(), indexNames: ['Early'] });
    table.addGlobalSecondaryIndex({ indexName: 'Late', partitionKey: { name: 'late', type: dynamodb.AttributeType.STRING } });
    expect(() => Template.fromStack(stack)).not.toThrow();
  });
});

describe('tokens never trip validation', () => {
  test('CfnParameter values for min, max, target, cooldown and schedule capacity', () => {
    const { stack } = newStack();
    const min = new CfnParameter(stack, 'Min', { type: 'Number' }).valueAsNumber;
    const max = new CfnParameter(stack, 'Max', { type: 'Number' }).valueAsNumber;
    const target = new CfnParameter(stack, 'Target', { type: 'Number' }).valueAsNumber;
    const cooldown = new CfnParameter(stack, 'Cooldown', { type: 'Number' }).valueAsNumber;
    const gsi = new CfnParameter(stack, 'Gsi', { type: 'String' }).valueAsString;
    const scaling = new DynamicScaling(stack, 'Scaling', {
      table: dynamodb.Table.fromTableName(stack, 'Imported', new CfnParameter(stack, 'TableName').valueAsString),
      indexNames: [gsi],
      policy: ScalingPolicy.targetTracking({
        read: {
          minCapacity: min,
          maxCapacity: max,
          targetUtilizationPercent: target,
          scaleInCooldown: Duration.seconds(cooldown),
          schedules: [{ schedule: Schedule.rate(Duration.hours(1)), minCapacity: min, maxCapacity: max }],
        },
      }),
    });
    const t = Template.fromStack(stack);
    expect(scaling.scalableTargets).toHaveLength(2);
    t.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      MinCapacity: { Ref: 'Min' },
      MaxCapacity: { Ref: 'Max' },
      ResourceId: { 'Fn::Join': ['', ['table/', { Ref: 'TableName' }, '/index/', { Ref: 'Gsi' }]] },
    });
    t.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      TargetTrackingScalingPolicyConfiguration: { TargetValue: { Ref: 'Target' }, ScaleInCooldown: { Ref: 'Cooldown' } },
    });
  });
});
