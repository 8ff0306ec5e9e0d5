import * as fc from 'fast-check';
import { validateTargetTracking } from '../../src/engine/core/validate-target-tracking';

describe('validateTargetTracking (pure rules shared by construct, CLI and simulator)', () => {
  test('a valid dimension has no problems', () => {
    expect(validateTargetTracking('', { minCapacity: 1, maxCapacity: 40000, targetUtilizationPercent: 20, scaleInCooldownSeconds: 0 })).toEqual([]);
    expect(validateTargetTracking('', { minCapacity: 5, maxCapacity: 5, targetUtilizationPercent: 90 })).toEqual([]);
  });

  test('the prefix reaches properties and the rules that name another property', () => {
    expect(validateTargetTracking('reads.', { minCapacity: 9, maxCapacity: 3, schedules: [{ name: 'x', minCapacity: 5, maxCapacity: 4 }] })).toEqual([
      { property: 'reads.minCapacity', value: 9, rule: 'must be <= reads.maxCapacity (3)' },
      { property: 'reads.schedules[0].minCapacity', value: 5, rule: 'must be <= reads.schedules[0].maxCapacity (4)' },
    ]);
  });

  test('undefined values (tokens in the construct) are not checked', () => {
    expect(validateTargetTracking('', { schedules: [{ name: 's', setsCapacity: true }] })).toEqual([]);
  });

  test.each([
    [{ minCapacity: 0 }, { property: 'minCapacity', value: 0, rule: 'must be >= 1' }],
    [{ maxCapacity: 40001 }, { property: 'maxCapacity', value: 40001, rule: "must be <= 40000 (DynamoDB's default per-table capacity quota)" }],
    [{ minCapacity: 7, maxCapacity: 6 }, { property: 'minCapacity', value: 7, rule: 'must be <= maxCapacity (6)' }],
    [{ targetUtilizationPercent: 19.9 }, { property: 'targetUtilizationPercent', value: 19.9, rule: 'must be between 20 and 90' }],
    [{ targetUtilizationPercent: NaN }, { property: 'targetUtilizationPercent', value: NaN, rule: 'must be between 20 and 90' }],
    [{ scaleInCooldownSeconds: -5 }, { property: 'scaleInCooldown', value: '-5 seconds', rule: 'must be >= 0 seconds' }],
    [{ scaleOutCooldownSeconds: -1 }, { property: 'scaleOutCooldown', value: '-1 seconds', rule: 'must be >= 0 seconds' }],
    [{ schedules: [{ name: 'n' }] }, { property: 'schedules[0]', value: 'n', rule: 'must set minCapacity, maxCapacity or both' }],
  ])('%j', (input, problem) => {
    expect(validateTargetTracking('', input)).toEqual([problem]);
  });

  test('a negative cooldown formatted by the construct reads as the issue asks', () => {
    const [p] = validateTargetTracking('policy.read.', { scaleInCooldownSeconds: -5 });
    expect(`DynamicScaling 'Scaling': ${p.property} (${p.value}) ${p.rule}`)
      .toBe("DynamicScaling 'Scaling': policy.read.scaleInCooldown (-5 seconds) must be >= 0 seconds");
  });
});

describe('validateTargetTracking properties', () => {
  test('every in-range policy is valid', () => {
    fc.assert(fc.property(
      fc.integer({ min: 1, max: 40000 }), fc.integer({ min: 1, max: 40000 }), fc.double({ min: 20, max: 90, noNaN: true }), fc.nat(86400),
      (a, b, target, cooldown) => validateTargetTracking('', {
        minCapacity: Math.min(a, b),
        maxCapacity: Math.max(a, b),
        targetUtilizationPercent: target,
        scaleInCooldownSeconds: cooldown,
        scaleOutCooldownSeconds: cooldown,
      }).length === 0,
    ));
  });

  test('an out-of-range value is always reported, naming its property and echoing the value', () => {
    const bad = fc.oneof(
      fc.integer({ max: 0 }).map((v) => ['minCapacity', { minCapacity: v, maxCapacity: 10 }, v] as const),
      fc.integer({ min: 40001 }).map((v) => ['maxCapacity', { minCapacity: 1, maxCapacity: v }, v] as const),
      fc.double({ min: 90, noNaN: true, minExcluded: true }).map((v) => ['targetUtilizationPercent', { targetUtilizationPercent: v }, v] as const),
      fc.double({ max: 20, noNaN: true, maxExcluded: true }).map((v) => ['targetUtilizationPercent', { targetUtilizationPercent: v }, v] as const),
    );
    fc.assert(fc.property(bad, ([property, input, value]) => {
      const problems = validateTargetTracking('', input);
      return problems.some((p) => p.property === property && p.value === value);
    }));
  });
});
