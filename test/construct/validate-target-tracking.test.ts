import { validateTargetTracking } from '../../src/engine/validate-target-tracking';

describe('validateTargetTracking (pure rules shared by construct, CLI and simulator)', () => {
  test('a valid dimension has no problems', () => {
    expect(validateTargetTracking({ minCapacity: 1, maxCapacity: 40000, targetUtilizationPercent: 20, scaleInCooldownSeconds: 0 })).toEqual([]);
    expect(validateTargetTracking({ minCapacity: 5, maxCapacity: 5, targetUtilizationPercent: 90 })).toEqual([]);
  });

  test('undefined values (tokens in the construct) are not checked', () => {
    expect(validateTargetTracking({ schedules: [{ name: 's', setsCapacity: true }] })).toEqual([]);
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
    expect(validateTargetTracking(input)).toEqual([problem]);
  });

  test('a negative cooldown formatted by the construct reads as the issue asks', () => {
    const [p] = validateTargetTracking({ scaleInCooldownSeconds: -5 });
    expect(`DynamicScaling 'Scaling': policy.read.${p.property} (${p.value}) ${p.rule}`)
      .toBe("DynamicScaling 'Scaling': policy.read.scaleInCooldown (-5 seconds) must be >= 0 seconds");
  });
});
