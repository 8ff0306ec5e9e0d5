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

  test('auto with such a policy picks LAMBDA, which this version refuses clearly (no silent native fallback)', () => {
    const { stack } = newStack();
    const policy = new PolicyNeeding([{ name: 'step adjustments', guard: false }]);
    expect(() => new DynamicScaling(stack, 'Scaling', { table: provisionedTable(stack), policy })).toThrow(
      "DynamicScaling 'Scaling': path (LAMBDA) is not available in this version of cdk-dynamic-scaling; only NATIVE is");
  });

  test('forcing LAMBDA or HYBRID is refused clearly in this version', () => {
    for (const path of [ScalingPath.LAMBDA, ScalingPath.HYBRID]) {
      const { stack } = newStack();
      expect(() => new DynamicScaling(stack, 'Scaling', {
        table: provisionedTable(stack), policy: ScalingPolicy.targetTracking({ read: { minCapacity: 1, maxCapacity: 2 } }), path,
      })).toThrow(`DynamicScaling 'Scaling': path (${path}) is not available in this version of cdk-dynamic-scaling; only NATIVE is`);
    }
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
