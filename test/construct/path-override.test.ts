import { Template } from 'aws-cdk-lib/assertions';
import { newStack, provisionedTable } from './helpers';
import { CapacityScalingOptions, DynamicScaling, ScalingDimension, ScalingPath, ScalingPolicy } from '../../src';
import { NonNativeFeature } from '../../src/private/non-native-feature';

/**
 * No public factory builds a policy with non-native features yet (custom rules and guards come
 * with the Lambda path). This test double stands in for them, through the same internal hook
 * those factories will override, to check how the construct reports the path choice.
 */
class PolicyNeeding extends ScalingPolicy {
  constructor(private readonly features: NonNativeFeature[]) {
    super();
  }
  public _capacity(dimension: ScalingDimension): CapacityScalingOptions | undefined {
    return dimension === ScalingDimension.READ ? { minCapacity: 1, maxCapacity: 10 } : undefined;
  }
  public _nonNativeFeatures(): NonNativeFeature[] {
    return this.features;
  }
}

describe('path override', () => {
  test('forcing NATIVE with a policy the native service cannot honour names the features', () => {
    const { stack } = newStack();
    const policy = new PolicyNeeding([{ name: 'maintenance windows', guard: true }, { name: 'step adjustments', guard: false }]);
    expect(() => new DynamicScaling(stack, 'Scaling', { table: provisionedTable(stack), policy, path: ScalingPath.NATIVE })).toThrow(
      "DynamicScaling 'Scaling': path (NATIVE) cannot run policy: it needs maintenance windows, step adjustments, "
      + 'which Application Auto Scaling lacks; remove them from the policy or leave path unset (auto)');
  });

  test.each([
    ['LAMBDA with target tracking is refused, saying what to use instead', ScalingPath.LAMBDA,
      ScalingPolicy.targetTracking({ read: { minCapacity: 1, maxCapacity: 2 } }),
      "DynamicScaling 'Scaling': path (LAMBDA) cannot run policy: it is target tracking, which Application Auto Scaling runs at "
      + 'no cost to you; use NATIVE or leave path unset (auto), or give a policy the scaler runs (ScalingPolicy.custom, recommended or fromDynamicDynamoDbConfig)'],
    ['NATIVE with a custom policy is refused, naming the features that need the scaler', ScalingPath.NATIVE,
      ScalingPolicy.custom({ read: { minCapacity: 1, maxCapacity: 2 } }),
      "DynamicScaling 'Scaling': path (NATIVE) cannot run policy: it needs threshold rules, decrease-quota planning, "
      + 'which Application Auto Scaling lacks; remove them from the policy or leave path unset (auto)'],
    ['HYBRID with target tracking without guards is refused, saying what to add', ScalingPath.HYBRID,
      ScalingPolicy.targetTracking({ read: { minCapacity: 1, maxCapacity: 2 } }),
      "DynamicScaling 'Scaling': path (HYBRID) cannot run policy: it has no scale-in guard for the HYBRID path to run; "
      + 'give ScalingPolicy.targetTracking scaleInGuards, or use NATIVE or leave path unset (auto)'],
  ])('forcing %s', (_name, path, policy, message) => {
    const { stack } = newStack();
    expect(() => new DynamicScaling(stack, 'Scaling', { table: provisionedTable(stack), policy, path })).toThrow(message);
  });

  test('nothing is created when one index policy cannot be honoured, not even for the table', () => {
    const { stack } = newStack();
    expect(() => new DynamicScaling(stack, 'Scaling', {
      table: provisionedTable(stack, ['ByG']),
      policy: ScalingPolicy.targetTracking({ read: { minCapacity: 1, maxCapacity: 2 } }),
      indexPolicies: [{ indexName: 'ByG', policy: new PolicyNeeding([{ name: 'circuit breaker', guard: true }]) }],
      path: ScalingPath.NATIVE,
    })).toThrow("DynamicScaling 'Scaling': path (NATIVE) cannot run indexPolicies[0].policy: it needs circuit breaker, "
      + 'which Application Auto Scaling lacks; remove it from the policy or leave path unset (auto)');
    expect(stack.node.findChild('Scaling').node.children).toEqual([]);
    Template.fromStack(stack).resourceCountIs('AWS::ApplicationAutoScaling::ScalableTarget', 0);
  });
});
