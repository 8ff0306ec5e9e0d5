/**
 * `ScalingPolicy.targetTracking` with `scaleInGuards`: the HYBRID path. Application Auto Scaling
 * keeps its target tracking (scalable targets and policies as on the NATIVE path), and the
 * scaler gets a guard policy item, a schedule, and the right to suspend the targets' scale-in.
 */
import { Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { newStack, provisionedTable } from './helpers';
import { CapacityScalingOptions, DynamicScaling, ScaleInGuards, ScalingPath, ScalingPolicy } from '../../src';
import { checkPolicy, EnginePolicy, policyFromJson } from '../../src/engine';

const READ: CapacityScalingOptions = { minCapacity: 5, maxCapacity: 100 };
const WRITE: CapacityScalingOptions = { minCapacity: 2, maxCapacity: 50, targetUtilizationPercent: 50 };

function hybrid(guards: ScaleInGuards, options: { gsis?: string[]; path?: ScalingPath; stack?: Stack } = {}) {
  const stack = options.stack ?? newStack().stack;
  const scaling = new DynamicScaling(stack, 'Scaling', {
    table: provisionedTable(stack, options.gsis ?? []),
    policy: ScalingPolicy.targetTracking({ read: READ, write: WRITE, scaleInGuards: guards }),
    ...(options.path ? { path: options.path } : {}),
  });
  return { stack, scaling, template: Template.fromStack(stack) };
}

/** The policy the scaler reads from the table's policy item, the table's name as `orders`. */
function scalerPolicy(template: Template): EnginePolicy {
  const resource = Object.values(template.findResources('Custom::DynamicScalingPolicy'))[0];
  const parts = resource.Properties.Policy['Fn::Join'][1] as unknown[];
  return policyFromJson(JSON.parse(parts.map((p) => (typeof p === 'string' ? p : 'orders')).join('')));
}

test('guards make the path HYBRID, and each decision says what guards it', () => {
  const { scaling } = hybrid({ consecutiveLowChecks: 3, maintenanceWindows: [{ start: '02:00', end: '04:00' }], scaleInWhenIdle: true });
  expect(scaling.decisions.map((d) => [d.dimension, d.path])).toEqual([['READ', ScalingPath.HYBRID], ['WRITE', ScalingPath.HYBRID]]);
  expect(scaling.decisions[0].reasons).toEqual([
    'auto: native target tracking plus scale-in guards the native service lacks (consecutive checks before scale-in, maintenance windows, '
      + 'scale-in when idle)',
    'the table follows the table policy (policy)',
    'native scale-in guarded by the scaler every 5 min: after 3 consecutive low checks, only in 02:00-04:00 UTC, an idle dimension lowered to its minimum',
  ]);
  expect(scaling.scalableTargets).toHaveLength(2);
  expect(scaling.scalerFunction).toBeDefined();
});

test('native target tracking is deployed as on the NATIVE path, next to the scaler, its guard schedule and no throttle alarm', () => {
  const { template } = hybrid({ consecutiveLowChecks: 2 });
  template.resourceCountIs('AWS::ApplicationAutoScaling::ScalableTarget', 2);
  template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
    PolicyType: 'TargetTrackingScaling',
    TargetTrackingScalingPolicyConfiguration: Match.objectLike({ TargetValue: 50 }),
  });
  template.resourceCountIs('AWS::Lambda::Function', 1);
  template.resourceCountIs('Custom::DynamicScalingPolicy', 1);
  template.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(5 minutes)' });
  // Only the scaler's errors alarm: target tracking scales out, so throttling need not call the scaler.
  template.resourceCountIs('AWS::CloudWatch::Alarm', 1);
});

test('a guarded target leaves SuspendedState to the scaler; an unguarded one says nothing is suspended, so leaving HYBRID resumes it', () => {
  const { template } = hybrid({ consecutiveLowChecks: 2 });
  for (const t of Object.values(template.findResources('AWS::ApplicationAutoScaling::ScalableTarget'))) {
    expect(t.Properties.SuspendedState).toBeUndefined();
  }
  const { stack } = newStack();
  new DynamicScaling(stack, 'Scaling', { table: provisionedTable(stack), policy: ScalingPolicy.targetTracking({ read: READ }) });
  Template.fromStack(stack).hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
    SuspendedState: { DynamicScalingInSuspended: false, DynamicScalingOutSuspended: false, ScheduledScalingSuspended: false },
  });
});

test('the guard policy item holds the guards and the native settings they read, and validates in the engine', () => {
  const { template } = hybrid({
    consecutiveLowChecks: 3, maintenanceWindows: [{ start: '22:00', end: '06:00' }], scaleInWhenIdle: true, checkInterval: Duration.minutes(10),
  }, { gsis: ['ByG'] });
  const policy = scalerPolicy(template);
  expect(checkPolicy(policy).errors).toEqual([]);
  expect(policy.checkIntervalSeconds).toBe(600);
  const target = policy.tables[0].policy;
  expect(target.reads.scaleInGuard).toEqual({ targetUtilizationPercent: 70, consecutiveLowChecks: 3, scaleInWhenIdle: true });
  expect(target.writes.scaleInGuard).toEqual({ targetUtilizationPercent: 50, consecutiveLowChecks: 3, scaleInWhenIdle: true });
  expect([target.reads.min, target.reads.max, target.reads.enableUpScaling]).toEqual([5, 100, false]);
  expect(target.maintenanceWindows).toEqual([{ startMinute: 22 * 60, endMinute: 6 * 60 }]);
  // A 15-minute window at least (AlarmLow's), here the 10-minute interval's: 15.
  expect([target.lookbackPeriod, target.lookbackWindowStart, target.lookbackWindowStartMax]).toEqual([15, 17, 20]);
  expect(policy.tables[0].gsis.map((g) => [g.indexPattern, g.policy.reads.scaleInGuard?.consecutiveLowChecks])).toEqual([['^ByG$', 3]]);
});

test('a dimension the policy leaves alone is left alone by the guard too', () => {
  const { stack } = newStack();
  new DynamicScaling(stack, 'Scaling', {
    table: provisionedTable(stack),
    policy: ScalingPolicy.targetTracking({ read: READ, scaleInGuards: { consecutiveLowChecks: 1 } }),
  });
  const target = scalerPolicy(Template.fromStack(stack)).tables[0].policy;
  expect([target.reads.enableAutoscaling, target.writes.enableAutoscaling, target.writes.scaleInGuard]).toEqual([true, false, undefined]);
});

describe('scaler IAM for the guards', () => {
  test('DescribeScalableTargets, and RegisterScalableTarget only in the dynamodb namespace and its dimensions', () => {
    const { template } = hybrid({ consecutiveLowChecks: 2 });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          { Action: 'application-autoscaling:DescribeScalableTargets', Effect: 'Allow', Resource: '*' },
          {
            Action: 'application-autoscaling:RegisterScalableTarget',
            Effect: 'Allow',
            Resource: '*',
            Condition: {
              StringEquals: {
                'application-autoscaling:service-namespace': 'dynamodb',
                'application-autoscaling:scalable-dimension': [
                  'dynamodb:table:ReadCapacityUnits', 'dynamodb:table:WriteCapacityUnits',
                  'dynamodb:index:ReadCapacityUnits', 'dynamodb:index:WriteCapacityUnits',
                ],
              },
            },
          },
        ]),
      },
    });
  });

  test('no Application Auto Scaling action for a scaler without a guarded table', () => {
    const { stack } = newStack();
    new DynamicScaling(stack, 'Scaling', { table: provisionedTable(stack), policy: ScalingPolicy.custom({ read: READ }) });
    expect(JSON.stringify(Template.fromStack(stack).findResources('AWS::IAM::Policy'))).not.toContain('application-autoscaling');
  });

  test('the circuit breaker credentials are granted', () => {
    const { stack } = newStack();
    const secret = new secretsmanager.Secret(stack, 'Secret');
    hybrid({ circuitBreaker: { url: 'https://status.example.com/ok', credentials: secret } }, { stack });
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: 'secretsmanager:GetSecretValue' })]) },
    });
  });
});

describe('path choice', () => {
  test.each<[string, ScaleInGuards, ScalingPath, string]>([
    ['LAMBDA with guards', { consecutiveLowChecks: 2 }, ScalingPath.LAMBDA,
      "DynamicScaling 'Scaling': path (LAMBDA) cannot run policy: its consecutive checks before scale-in guard the scale-in of native "
      + 'target tracking, which the LAMBDA path does not run; use HYBRID or leave path unset (auto)'],
    ['NATIVE with guards', { scaleInWhenIdle: true }, ScalingPath.NATIVE,
      "DynamicScaling 'Scaling': path (NATIVE) cannot run policy: it needs scale-in when idle, which Application Auto Scaling lacks; "
      + 'remove it from the policy or leave path unset (auto)'],
  ])('forcing %s is refused', (_name, guards, path, message) => {
    expect(() => hybrid(guards, { path })).toThrow(message);
  });

  test('forcing HYBRID with a policy without guards is refused', () => {
    const { stack } = newStack();
    expect(() => new DynamicScaling(stack, 'Scaling', {
      table: provisionedTable(stack), policy: ScalingPolicy.targetTracking({ read: READ }), path: ScalingPath.HYBRID,
    })).toThrow("DynamicScaling 'Scaling': path (HYBRID) cannot run policy: it has no scale-in guard for the HYBRID path to run; "
      + 'give ScalingPolicy.targetTracking scaleInGuards, or use NATIVE or leave path unset (auto)');
  });

  test('forcing HYBRID with guards is honoured', () => {
    const { scaling } = hybrid({ consecutiveLowChecks: 2 }, { path: ScalingPath.HYBRID });
    expect(scaling.decisions[0].reasons[0]).toBe('path HYBRID was requested by the path property');
  });

  test('guards that guard nothing leave the policy NATIVE, with a warning', () => {
    const { stack, scaling, template } = hybrid({ consecutiveLowChecks: 0, checkInterval: Duration.minutes(1) });
    expect(scaling.decisions.map((d) => d.path)).toEqual([ScalingPath.NATIVE, ScalingPath.NATIVE]);
    template.resourceCountIs('AWS::Lambda::Function', 0);
    Annotations.fromStack(stack).hasWarning('/Test/Scaling', Match.stringLikeRegexp('^policy.scaleInGuards sets no guard'));
  });
});

describe('validation names the property and the value', () => {
  test.each<[string, ScaleInGuards, string]>([
    ['negative checks', { consecutiveLowChecks: -1 }, 'policy.scaleInGuards.consecutiveLowChecks (-1) must be an integer >= 0'],
    ['fractional checks', { consecutiveLowChecks: 1.5 }, 'policy.scaleInGuards.consecutiveLowChecks (1.5) must be an integer >= 0'],
    ['a check interval not in whole minutes', { consecutiveLowChecks: 1, checkInterval: Duration.seconds(90) },
      'policy.scaleInGuards.checkInterval (1 minute 30 seconds) must be a whole number of minutes, at least 1'],
    ['a malformed window', { maintenanceWindows: [{ start: '2am', end: '04:00' }] },
      'policy.scaleInGuards.maintenanceWindows[0].start (2am) must be a time HH:MM in UTC, from 00:00 to 23:59'],
    ['a circuit breaker URL that is not http(s)', { circuitBreaker: { url: 'ftp://status.example.com' } },
      'policy.scaleInGuards.circuitBreaker.url (ftp://status.example.com) must be an http:// or https:// URL with a host'],
  ])('%s', (_name, guards, message) => {
    expect(() => hybrid(guards)).toThrow(message);
  });

  test('the native settings are validated first, as the guards read them', () => {
    const { stack } = newStack();
    expect(() => new DynamicScaling(stack, 'Scaling', {
      table: provisionedTable(stack),
      policy: ScalingPolicy.targetTracking({ read: { ...READ, targetUtilizationPercent: 95 }, scaleInGuards: { consecutiveLowChecks: -1 } }),
    })).toThrow("DynamicScaling 'Scaling': policy.read.targetUtilizationPercent (95) must be between 20 and 90");
  });

  test('a guard interval that differs from an index policy\'s check interval is refused', () => {
    const { stack } = newStack();
    expect(() => new DynamicScaling(stack, 'Scaling', {
      table: provisionedTable(stack, ['ByG']),
      policy: ScalingPolicy.targetTracking({ read: READ, scaleInGuards: { consecutiveLowChecks: 2 } }),
      indexPolicies: [{ indexName: 'ByG', policy: ScalingPolicy.custom({ read: READ }) }],
    })).toThrow("DynamicScaling 'Scaling': indexPolicies[0].policy check interval (60 s) must equal that of policy (300 s): "
      + 'the scaler checks a table and its indexes together');
  });
});
