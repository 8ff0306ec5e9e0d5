import { ScalingPath } from '../../src';
import { selectPath } from '../../src/private/select-path';

const guard = (name: string) => ({ name, guard: true });
const rule = (name: string) => ({ name, guard: false });

describe('selectPath (pure)', () => {
  test.each([
    ['auto, pure target tracking', undefined, [], ScalingPath.NATIVE],
    ['auto, guards only', undefined, [guard('circuit breaker')], ScalingPath.HYBRID],
    ['auto, a rule the native service lacks', undefined, [guard('circuit breaker'), rule('step adjustments')], ScalingPath.LAMBDA],
    ['forced NATIVE, pure target tracking', ScalingPath.NATIVE, [], ScalingPath.NATIVE],
    ['forced LAMBDA, anything', ScalingPath.LAMBDA, [rule('thresholds')], ScalingPath.LAMBDA],
    ['forced HYBRID, guards', ScalingPath.HYBRID, [guard('maintenance windows')], ScalingPath.HYBRID],
  ])('%s', (_name, requested, features, expected) => {
    const r = selectPath(requested, features, features.some((f) => !f.guard));
    expect(r.error).toBeUndefined();
    expect(r.path).toBe(expected);
    expect(r.reasons.length).toBeGreaterThan(0);
  });

  test('forced LAMBDA with a policy of the native service is refused: it would pay for a scaler that adds nothing', () => {
    expect(selectPath(ScalingPath.LAMBDA, [], false).error).toBe('it is target tracking, which Application Auto Scaling runs at no cost '
      + 'to you; use NATIVE or leave path unset (auto), or give a policy the scaler runs (ScalingPolicy.custom, recommended or fromDynamicDynamoDbConfig)');
  });

  test('auto explains a non-native choice by naming the features', () => {
    expect(selectPath(undefined, [rule('thresholds'), rule('step adjustments')]).reasons)
      .toEqual(['auto: the policy needs features Application Auto Scaling lacks (thresholds, step adjustments)']);
  });

  test('forcing NATIVE with non-native features is refused, naming them', () => {
    const r = selectPath(ScalingPath.NATIVE, [guard('maintenance windows'), rule('throttle-driven scaling')]);
    expect(r.path).toBeUndefined();
    expect(r.error).toBe('it needs maintenance windows, throttle-driven scaling, which Application Auto Scaling lacks; '
      + 'remove them from the policy or leave path unset (auto)');
  });

  test('forcing HYBRID with a rule only the Lambda can run is refused, naming it', () => {
    expect(selectPath(ScalingPath.HYBRID, [guard('circuit breaker'), rule('granular scale dicts')]).error)
      .toBe('it needs granular scale dicts, which the HYBRID path cannot run (it only adds scale-in guards); use LAMBDA or leave path unset (auto)');
  });
});
