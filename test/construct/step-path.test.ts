/**
 * `ScalingPolicy.step`: step scaling, which Application Auto Scaling rejects for DynamoDB, run by
 * the scaler: the path is LAMBDA, the steps reach the scaler's policy item, a scale-out and a
 * scale-in alarm per dimension invoke the scaler, and no StepScaling policy is created.
 */
import { CfnParameter, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import { newStack, provisionedTable } from './helpers';
import { DynamicScaling, ScalingPath, ScalingPolicy, StepScalingOptions } from '../../src';
import { checkPolicy, policyFromJson } from '../../src/engine';
import { Scaler } from '../../src/private/scaler';

/** The example: -30 % below 25 %, +40 % from 75 %, +100 % from 95 %. */
const READ: StepScalingOptions = {
  minCapacity: 5,
  maxCapacity: 1000,
  adjustmentType: appscaling.AdjustmentType.PERCENT_CHANGE_IN_CAPACITY,
  scalingSteps: [{ upper: 25, change: -30 }, { lower: 75, change: 40 }, { lower: 95, change: 100 }],
};

function stepTable(options: StepScalingOptions = READ, stack: Stack = newStack().stack) {
  const scaling = new DynamicScaling(stack, 'Scaling', { table: provisionedTable(stack), policy: ScalingPolicy.step({ read: options }) });
  return { stack, scaling, template: Template.fromStack(stack) };
}

test('the path is LAMBDA and the decision says step, with the steps as the alarms use them', () => {
  const { scaling } = stepTable();
  const read = scaling.decisions.find((d) => d.dimension === 'READ')!;
  expect(read.path).toBe(ScalingPath.LAMBDA);
  expect(read.reasons).toEqual([
    'auto: the policy needs features Application Auto Scaling lacks (step scaling (Application Auto Scaling rejects it for DynamoDB), decrease-quota planning)',
    'the table follows the table policy (policy): ScalingPolicy.step',
    "5-1000, steps of PercentChangeInCapacity (below 25 %: -30, 75-95 %: +40, 95 % and above: +100) on 1 of 1 minutes' utilization, cooldown 300 s; "
      + 'checked every 1 min',
  ]);
  expect(scaling.decisions.find((d) => d.dimension === 'WRITE')!.path).toBeUndefined();
});

test('a scale-out alarm at 75 % (>=) and a scale-in alarm at 25 % (<=) on the utilization, both invoking the scaler; no StepScaling policy', () => {
  const { stack, template } = stepTable({ ...READ, evaluationPeriods: 3, datapointsToAlarm: 2 });
  const scaler = Scaler.find(stack)!;
  const fn = stack.getLogicalId(scaler.function.node.defaultChild as never);
  for (const [operator, threshold] of [['GreaterThanOrEqualToThreshold', 75], ['LessThanOrEqualToThreshold', 25]] as const) {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      ComparisonOperator: operator,
      Threshold: threshold,
      EvaluationPeriods: 3,
      DatapointsToAlarm: 2,
      TreatMissingData: 'notBreaching',
      AlarmActions: [{ 'Fn::GetAtt': [fn, 'Arn'] }],
      AlarmName: Match.stringLikeRegexp(`^${scaler.alarmNamePrefix}`),
      Metrics: Match.arrayWith([
        Match.objectLike({ Expression: '100 * consumed / 60 / FILL(provisioned, REPEAT)' }),
        Match.objectLike({ Id: 'consumed', MetricStat: Match.objectLike({ Metric: Match.objectLike({ MetricName: 'ConsumedReadCapacityUnits' }), Stat: 'Sum', Period: 60 }) }),
        Match.objectLike({ Id: 'provisioned', MetricStat: Match.objectLike({ Metric: Match.objectLike({ MetricName: 'ProvisionedReadCapacityUnits' }), Stat: 'Average' }) }),
      ]),
    });
  }
  template.resourceCountIs('AWS::ApplicationAutoScaling::ScalingPolicy', 0);
  // Still one permission for every alarm of the stack.
  template.resourceCountIs('AWS::Lambda::Permission', 2);
});

test('the steps reach the scaler\'s policy item, with a window that holds the evaluated minutes, and validate in the engine', () => {
  const { template } = stepTable({ ...READ, evaluationPeriods: 3, datapointsToAlarm: 2, cooldown: Duration.minutes(2) });
  const resource = Object.values(template.findResources('Custom::DynamicScalingPolicy'))[0];
  const parts = resource.Properties.Policy['Fn::Join'][1] as unknown[];
  const policy = policyFromJson(JSON.parse(parts.map((p) => (typeof p === 'string' ? p : 'orders')).join('')));
  expect(checkPolicy(policy).errors).toEqual([]);
  const target = policy.tables[0].policy;
  expect(target.reads.step).toEqual({
    steps: [{ upper: 25, change: -30 }, { lower: 75, change: 40 }, { lower: 95, change: 100 }],
    adjustmentType: 'PercentChangeInCapacity',
    cooldownSeconds: 120,
    evaluationPeriods: 3,
    datapointsToAlarm: 2,
  });
  expect([target.reads.min, target.reads.max, target.writes.enableAutoscaling]).toEqual([5, 1000, false]);
  // 3 minutes, starting 2 minutes back for CloudWatch to publish them, waiting up to 3 more.
  expect([target.lookbackPeriod, target.lookbackWindowStart, target.lookbackWindowStartMax]).toEqual([3, 5, 8]);
  expect(policy.checkIntervalSeconds).toBe(60);
});

describe('validation as Application Auto Scaling and CDK validate, naming the property', () => {
  test.each<[string, StepScalingOptions, string]>([
    ['min above max', { ...READ, minCapacity: 50, maxCapacity: 10 }, 'policy.read.minCapacity (50) must be <= policy.read.maxCapacity (10)'],
    ['one step', { ...READ, scalingSteps: [{ lower: 75, change: 40 }] },
      "policy.read.scalingSteps (1 step) must have at least 2 steps (CDK's rule): add the range where nothing changes as a step with change 0, "
      + 'or a step for the other direction'],
    ['a minimum magnitude without percent changes', { ...READ, adjustmentType: appscaling.AdjustmentType.CHANGE_IN_CAPACITY, minAdjustmentMagnitude: 2 },
      'policy.read.minAdjustmentMagnitude (2) applies only with policy.read.adjustmentType PercentChangeInCapacity (it is ChangeInCapacity): '
      + 'remove it or change the adjustment type'],
  ])('%s', (_name, options, message) => {
    expect(() => stepTable(options)).toThrow(`DynamicScaling 'Scaling': ${message}`);
  });

  test('a token evaluation period must be known at synth time', () => {
    const { stack } = newStack();
    const periods = new CfnParameter(stack, 'P', { type: 'Number' }).valueAsNumber;
    expect(() => stepTable({ ...READ, evaluationPeriods: periods }, stack)).toThrow(
      /^DynamicScaling 'Scaling': policy\.read\.evaluationPeriods \(\$\{Token\[.*\]\}\) must be known at synth time/);
  });

  test('forcing NATIVE is refused, naming step scaling', () => {
    const { stack } = newStack();
    expect(() => new DynamicScaling(stack, 'Scaling', {
      table: provisionedTable(stack), policy: ScalingPolicy.step({ read: READ }), path: ScalingPath.NATIVE,
    })).toThrow("DynamicScaling 'Scaling': path (NATIVE) cannot run policy: it needs step scaling (Application Auto Scaling rejects it for DynamoDB), "
      + 'decrease-quota planning, which Application Auto Scaling lacks; remove them from the policy or leave path unset (auto)');
  });
});
