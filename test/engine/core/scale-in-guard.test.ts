/**
 * The hybrid path's guard of one dimension (`decideGuardDimension`) and the policy of a guarded
 * target (`guardTargetPolicy`): when native scale-in is suspended, what is registered, and when an
 * idle dimension is lowered.
 */
import * as fc from 'fast-check';
import { PUBLISH_DELAY_MINUTES, PUBLISH_EXTRA_WAIT_MINUTES } from '../../../src/engine/core/metrics-read';
import { DEFAULT_DIMENSION_POLICY } from '../../../src/engine/core/policy';
import {
  ALARM_LOW_OFFSET_PERCENT, decideGuardDimension, GUARD_WINDOW_MINUTES, GuardInput, guardTargetPolicy, ScalableTargetState, ScaleInGuardRules,
  SuspendedState,
} from '../../../src/engine/core/scale-in-guard';
import { checkPolicy } from '../../../src/engine/core/validate';
import { policyOf } from '../builders';

const NONE_SUSPENDED: SuspendedState = { dynamicScalingInSuspended: false, dynamicScalingOutSuspended: false, scheduledScalingSuspended: false };
const IN_SUSPENDED: SuspendedState = { ...NONE_SUSPENDED, dynamicScalingInSuspended: true };
const TARGET: ScalableTargetState = { minCapacity: 10, maxCapacity: 1000, suspendedState: NONE_SUSPENDED };
const BREAKER = 'circuit breaker https://status.example/ok is open (HTTP 503)';
const OUTSIDE = 'outside every maintenance window until the next check';

/** A guard with target 70 % (a check is low below 50 %), 3 consecutive low checks, at 100 units, 30 % consumed. */
function guard(o: Omit<Partial<GuardInput>, 'rules'> & { rules?: Partial<ScaleInGuardRules> } = {}): GuardInput {
  const { rules, ...rest } = o;
  return {
    rules: { targetUtilizationPercent: 70, consecutiveLowChecks: 3, scaleInWhenIdle: false, ...rules },
    current: 100,
    policyMin: 5,
    consumedPercent: 30,
    idle: false,
    counterIn: 0,
    target: TARGET,
    ...rest,
  };
}

function decided(g: GuardInput) {
  const reasons: string[] = [];
  const result = decideGuardDimension(g, reasons);
  return { ...result, reasons };
}

describe('native scale-in is suspended while a guard holds it, and says which', () => {
  test.each<[string, GuardInput, boolean, string]>([
    ['fewer consecutive low checks than asked', guard({ counterIn: 1 }), true,
      'native scale-in suspended: 2 of 3 consecutive low checks (consumed below 50 %)'],
    ['the asked number of low checks reached', guard({ counterIn: 2 }), false, 'native scale-in allowed'],
    ['no consecutive-checks guard (0)', guard({ rules: { consecutiveLowChecks: 0 }, consumedPercent: 80 }), false, 'native scale-in allowed'],
    ['the circuit breaker is open', guard({ rules: { consecutiveLowChecks: 0 }, breakerOpen: BREAKER }), true,
      `native scale-in suspended: ${BREAKER}`],
    ['outside the maintenance windows', guard({ counterIn: 5, outsideWindows: OUTSIDE }), true, `native scale-in suspended: ${OUTSIDE}`],
    ['every guard at once, in order', guard({ counterIn: 5, breakerOpen: BREAKER, outsideWindows: OUTSIDE }), true,
      `native scale-in suspended: ${BREAKER}; ${OUTSIDE}; 0 of 3 consecutive low checks (consumed below 50 %)`],
  ])('%s', (_what, input, suspend, why) => {
    const r = decided(input);
    expect(r.suspend).toBe(suspend);
    expect(r.reasons).toContain(why);
  });

  test('the reasons of a low check that suspends: the measure, the guard, the registration', () => {
    expect(decided(guard()).reasons).toEqual([
      'consumed 30 %: a low check (below 50 %)',
      'native scale-in suspended: 1 of 3 consecutive low checks (consumed below 50 %)',
      'suspending dynamic scale-in on the scalable target',
    ]);
  });

  test('without a reasons list, nothing is said and the decision is the same', () => {
    const { reasons: _, ...withReasons } = decided(guard({ counterIn: 2 }));
    expect(decideGuardDimension(guard({ counterIn: 2 }), undefined)).toEqual(withReasons);
  });
});

describe('the count of consecutive low checks', () => {
  test.each<[string, GuardInput, number]>([
    ['a low check adds one', guard({ counterIn: 4, consumedPercent: 10 }), 5],
    ['a check just below AlarmLow\'s threshold (target − 20) is low', guard({ counterIn: 4, consumedPercent: 49.99 }), 5],
    ['a check at AlarmLow\'s threshold is not low: the count starts again', guard({ counterIn: 4, consumedPercent: 50 }), 0],
    ['a busy check starts it again', guard({ counterIn: 4, consumedPercent: 95 }), 0],
    ['an open circuit breaker starts it again, even on a low check', guard({ counterIn: 4, consumedPercent: 10, breakerOpen: BREAKER }), 0],
    ['a held window (not read yet) keeps it', guard({ counterIn: 4, consumedPercent: null }), 4],
    ['outside the maintenance windows a low check still counts', guard({ counterIn: 4, outsideWindows: OUTSIDE }), 5],
    ['the threshold follows the target: at 40 %, 19 % is low', guard({ rules: { targetUtilizationPercent: 40 }, counterIn: 1, consumedPercent: 19 }), 2],
    ['the threshold follows the target: at 40 %, 20 % is not low', guard({ rules: { targetUtilizationPercent: 40 }, counterIn: 1, consumedPercent: 20 }), 0],
  ])('%s', (_what, input, counter) => {
    const r = decideGuardDimension(input, undefined);
    expect(r.counterOut).toBe(counter);
    expect(r.counterIfApplied).toBe(counter);
  });

  test('a held window says nothing about consumption and keeps a count that allows scale-in allowed', () => {
    const r = decided(guard({ counterIn: 3, consumedPercent: null }));
    expect(r.suspend).toBe(false);
    expect(r.reasons).toEqual(['native scale-in allowed']);
  });

  test('AlarmLow is 20 points below the target', () => {
    expect(ALARM_LOW_OFFSET_PERCENT).toBe(20);
  });
});

describe('SuspendedState is registered only when the target\'s flag differs, the other flags as they were', () => {
  const OTHERS_SET: SuspendedState = { dynamicScalingInSuspended: false, dynamicScalingOutSuspended: true, scheduledScalingSuspended: true };
  test.each<[string, GuardInput, SuspendedState | undefined, string | undefined]>([
    ['suspend a target that scales in', guard(), IN_SUSPENDED, 'suspending dynamic scale-in on the scalable target'],
    ['suspend, keeping scale-out and scheduled suspended', guard({ target: { ...TARGET, suspendedState: OTHERS_SET } }),
      { ...OTHERS_SET, dynamicScalingInSuspended: true }, 'suspending dynamic scale-in on the scalable target'],
    ['resume, keeping scale-out and scheduled suspended',
      guard({ counterIn: 2, target: { ...TARGET, suspendedState: { ...OTHERS_SET, dynamicScalingInSuspended: true } } }),
      OTHERS_SET, 'resuming dynamic scale-in on the scalable target'],
    ['already suspended: nothing to register', guard({ target: { ...TARGET, suspendedState: IN_SUSPENDED } }), undefined, undefined],
    ['already scaling in: nothing to register', guard({ counterIn: 2 }), undefined, undefined],
    ['no scalable target found: nothing to register', guard({ target: undefined }), undefined,
      'no scalable target found for this dimension: nothing to suspend or resume'],
  ])('%s', (_what, input, register, why) => {
    const r = decided(input);
    if (register === undefined) expect(r).not.toHaveProperty('register');
    else expect(r.register).toEqual(register);
    const said = r.reasons.filter((x) => /scalable target/.test(x));
    expect(said).toEqual(why === undefined ? [] : [why]);
  });
});

describe('an idle dimension is lowered to its minimum when scale-in is allowed (scaleInWhenIdle)', () => {
  const idle = (o: Omit<Partial<GuardInput>, 'rules'> & { rules?: Partial<ScaleInGuardRules> } = {}) =>
    guard({ consumedPercent: 0, idle: true, counterIn: 2, ...o, rules: { scaleInWhenIdle: true, ...o.rules } });

  test.each<[string, GuardInput, number, string | undefined]>([
    ['to the scalable target\'s MinCapacity', idle(), 10, 'idle (no consumed unit, no throttled request): lowering to the minimum, 10'],
    ['to the policy\'s minimum when the scalable target is unknown', idle({ target: undefined }), 5,
      'idle (no consumed unit, no throttled request): lowering to the minimum, 5'],
    ['never below 1 unit', idle({ target: { ...TARGET, minCapacity: 0 } }), 1,
      'idle (no consumed unit, no throttled request): lowering to the minimum, 1'],
    ['not while scale-in is suspended', idle({ counterIn: 0 }), 100, 'idle, but not lowered to 10: scale-in is suspended'],
    ['not while the circuit breaker is open', idle({ breakerOpen: BREAKER }), 100, 'idle, but not lowered to 10: scale-in is suspended'],
    ['not outside the maintenance windows', idle({ outsideWindows: OUTSIDE }), 100, 'idle, but not lowered to 10: scale-in is suspended'],
    ['not when already at the minimum', idle({ current: 10 }), 10, undefined],
    ['never up to a minimum above the capacity', idle({ current: 7 }), 7, undefined],
    ['not on a held window (no datapoint yet is not idle)', idle({ consumedPercent: null }), 100, undefined],
    ['not when the window had traffic or throttles', idle({ idle: false }), 100, undefined],
    ['not without scaleInWhenIdle', idle({ rules: { scaleInWhenIdle: false } }), 100, undefined],
  ])('%s', (_what, input, proposed, why) => {
    const r = decided(input);
    expect(r.proposedUnits).toBe(proposed);
    expect(r.updateNeeded).toBe(proposed !== input.current);
    expect(r.reasons.filter((x) => x.startsWith('idle'))).toEqual(why === undefined ? [] : [why]);
  });

  test('a lowering is not throttle-driven and keeps no peak', () => {
    expect(decideGuardDimension(idle(), undefined)).toMatchObject({ throttleDriven: false, lowChecksPeakOut: 0 });
  });
});

describe('properties', () => {
  const suspendedArb: fc.Arbitrary<SuspendedState> = fc.record({
    dynamicScalingInSuspended: fc.boolean(), dynamicScalingOutSuspended: fc.boolean(), scheduledScalingSuspended: fc.boolean(),
  });
  const inputArb: fc.Arbitrary<GuardInput> = fc.record({
    rules: fc.record({
      targetUtilizationPercent: fc.integer({ min: 20, max: 90 }),
      consecutiveLowChecks: fc.integer({ min: 0, max: 5 }),
      scaleInWhenIdle: fc.boolean(),
    }),
    current: fc.integer({ min: 1, max: 2000 }),
    policyMin: fc.integer({ min: 1, max: 500 }),
    consumedPercent: fc.option(fc.double({ min: 0, max: 150, noNaN: true }), { nil: null }),
    idle: fc.boolean(),
    counterIn: fc.integer({ min: 0, max: 8 }),
    breakerOpen: fc.option(fc.constant(BREAKER), { nil: undefined }),
    outsideWindows: fc.option(fc.constant(OUTSIDE), { nil: undefined }),
    target: fc.option(fc.record({
      minCapacity: fc.integer({ min: 0, max: 500 }), maxCapacity: fc.constant(40000), suspendedState: suspendedArb,
    }), { nil: undefined }),
  });

  test('never proposes above the capacity; proposes only the capacity or the minimum', () => {
    fc.assert(fc.property(inputArb, (g) => {
      const r = decideGuardDimension(g, undefined);
      const min = Math.max(1, g.target?.minCapacity ?? g.policyMin);
      expect(r.proposedUnits).toBeLessThanOrEqual(g.current);
      expect([g.current, min]).toContain(r.proposedUnits);
      expect(r.updateNeeded).toBe(r.proposedUnits !== g.current);
    }));
  });

  test('suspends exactly when a guard holds scale-in; never lowers while it suspends', () => {
    fc.assert(fc.property(inputArb, (g) => {
      const r = decideGuardDimension(g, undefined);
      const lowBelow = g.rules.targetUtilizationPercent - ALARM_LOW_OFFSET_PERCENT;
      let counter: number;
      if (g.breakerOpen !== undefined) counter = 0;
      else if (g.consumedPercent === null) counter = g.counterIn;
      else counter = g.consumedPercent < lowBelow ? g.counterIn + 1 : 0;
      const held = g.breakerOpen !== undefined || g.outsideWindows !== undefined
        || (g.rules.consecutiveLowChecks > 0 && counter < g.rules.consecutiveLowChecks);
      expect(r.counterOut).toBe(counter);
      expect(r.suspend).toBe(held);
      if (r.suspend) expect(r.updateNeeded).toBe(false);
    }));
  });

  test('registers exactly when the known target\'s scale-in flag differs, changing that flag only', () => {
    fc.assert(fc.property(inputArb, (g) => {
      const r = decideGuardDimension(g, undefined);
      const differs = g.target !== undefined && g.target.suspendedState.dynamicScalingInSuspended !== r.suspend;
      expect(r.register !== undefined).toBe(differs);
      if (r.register) expect(r.register).toEqual({ ...g.target!.suspendedState, dynamicScalingInSuspended: r.suspend });
    }));
  });
});

describe('guardTargetPolicy: the engine policy of a hybrid target', () => {
  const reads = { targetUtilizationPercent: 70, minCapacity: 5, maxCapacity: 500 };

  test('a guarded dimension: the guard and the native bounds, never up; the other dimension unmanaged', () => {
    const p = guardTargetPolicy({ reads, checkIntervalSeconds: 300, consecutiveLowChecks: 3, scaleInWhenIdle: true });
    expect(p.reads).toEqual({
      ...DEFAULT_DIMENSION_POLICY,
      min: 5,
      max: 500,
      enableUpScaling: false,
      scaleInGuard: { targetUtilizationPercent: 70, consecutiveLowChecks: 3, scaleInWhenIdle: true },
    });
    expect(p.writes).toEqual({ ...DEFAULT_DIMENSION_POLICY, enableAutoscaling: false });
    expect(p.writes.scaleInGuard).toBeUndefined();
  });

  test('the guards default to none: 0 consecutive checks, no idle lowering, no windows, no breaker', () => {
    const p = guardTargetPolicy({ writes: reads, checkIntervalSeconds: 300, maintenanceWindows: [] });
    expect(p.writes.scaleInGuard).toEqual({ targetUtilizationPercent: 70, consecutiveLowChecks: 0, scaleInWhenIdle: false });
    expect(p.reads.enableAutoscaling).toBe(false);
    expect(p).not.toHaveProperty('maintenanceWindows');
    expect(p).not.toHaveProperty('circuitBreaker');
  });

  test('maintenance windows and a circuit breaker are the target\'s', () => {
    const windows = [{ startMinute: 120, endMinute: 179 }];
    const breaker = { url: 'https://status.example/ok', timeoutMs: 2000 };
    const p = guardTargetPolicy({ reads, checkIntervalSeconds: 300, maintenanceWindows: windows, circuitBreaker: breaker });
    expect(p.maintenanceWindows).toEqual(windows);
    expect(p.circuitBreaker).toEqual(breaker);
  });

  test.each([
    // At least AlarmLow's 15 minutes.
    [60, 15],
    [300, 15],
    [900, 15],
    // A longer interval: the window spans it, so no minute goes unseen.
    [1200, 20],
    [1800, 30],
    [1150, 20],
  ])('a check every %d s reads a window of %d minutes, 2 minutes old, moved back up to 3 more', (interval, period) => {
    const p = guardTargetPolicy({ reads, checkIntervalSeconds: interval });
    expect(p.lookbackPeriod).toBe(period);
    expect(p.lookbackPeriod * 60).toBeGreaterThanOrEqual(interval);
    expect(p.lookbackWindowStart).toBe(period + 2);
    expect(p.lookbackWindowStartMax).toBe(period + 5);
    expect([GUARD_WINDOW_MINUTES, PUBLISH_DELAY_MINUTES, PUBLISH_EXTRA_WAIT_MINUTES]).toEqual([15, 2, 3]);
  });

  test('what it builds passes validation', () => {
    const p = guardTargetPolicy({
      reads,
      writes: reads,
      checkIntervalSeconds: 300,
      consecutiveLowChecks: 3,
      scaleInWhenIdle: true,
      maintenanceWindows: [{ startMinute: 120, endMinute: 179 }],
      circuitBreaker: { url: 'https://status.example/ok', timeoutMs: 2000 },
    });
    expect(checkPolicy(policyOf(p))).toEqual({ errors: [], warnings: [] });
  });
});
