/**
 * `decide` on a guarded target (the hybrid path): the circuit breaker suspends instead of
 * skipping, maintenance windows are looked ahead to the next check, a held window keeps the count,
 * an idle lowering goes through the apply rules, and a target without a guard keeps dd's rules.
 */
import { decide, DecideInput, DecideOutput, EngineState, IndexSnapshot, MetricSums, ScalableTargets } from '../../../src/engine/core/decide';
import { EnginePolicy, MaintenanceWindow } from '../../../src/engine/core/policy';
import { guardTargetPolicy, GuardTargetOptions, ScalableTargetState, SuspendedState } from '../../../src/engine/core/scale-in-guard';
import { decisionOf, inputOf, NOON, pctSums, policyOf, target } from '../builders';

const MINUTE = 60_000;
const URL = 'https://status.example/ok';
const NONE_SUSPENDED: SuspendedState = { dynamicScalingInSuspended: false, dynamicScalingOutSuspended: false, scheduledScalingSuspended: false };
const IN_SUSPENDED: SuspendedState = { ...NONE_SUSPENDED, dynamicScalingInSuspended: true };
const DIM = { targetUtilizationPercent: 70, minCapacity: 5, maxCapacity: 500 };
const HELD_WINDOW = 'held: the window has no datapoint yet; the next check reads one starting a minute earlier';
const NOT_GUARDED = 'not guarded: native target tracking alone (or nothing) scales it';

/** A scalable target with MinCapacity 10 and this `SuspendedState`. */
const scalable = (suspendedState: SuspendedState = NONE_SUSPENDED): ScalableTargetState => ({ minCapacity: 10, maxCapacity: 500, suspendedState });
const BOTH: ScalableTargets = { reads: scalable(), writes: scalable() };

/** A policy guarding both dimensions of table `t` (checks every 5 minutes unless `o` says). */
function guarded(o: Partial<GuardTargetOptions> = {}, gsis: Parameters<typeof policyOf>[1] = []): EnginePolicy {
  const checkIntervalSeconds = o.checkIntervalSeconds ?? 300;
  return policyOf(guardTargetPolicy({ reads: DIM, writes: DIM, ...o, checkIntervalSeconds }), gsis, { checkIntervalSeconds });
}

/** Sums giving these consumed percentages of 100 units over the guard's 15-minute window. */
function sums15(readPct: number, writePct: number): MetricSums {
  return { ConsumedReadCapacityUnits: (readPct / 100) * 100 * 900, ConsumedWriteCapacityUnits: (writePct / 100) * 100 * 900 };
}

interface GuardCheck {
  readonly policy: EnginePolicy;
  readonly sums?: Record<string, MetricSums>;
  readonly table?: IndexSnapshot;
  readonly gsis?: Record<string, IndexSnapshot>;
  readonly state?: EngineState;
  readonly nowMs?: number;
  readonly breaker?: number;
  readonly targets?: Record<string, ScalableTargets>;
}

function checkGuard(c: GuardCheck): DecideOutput {
  const input: DecideInput = {
    ...inputOf({
      policy: c.policy,
      sums: c.sums ?? { t: sums15(30, 30) },
      table: c.table,
      gsis: c.gsis,
      state: c.state,
      nowMs: c.nowMs,
      circuitBreakers: c.breaker === undefined ? undefined : { [URL]: { status: c.breaker } },
    }),
    scalableTargets: c.targets ?? { t: BOTH },
  };
  return decide(input);
}

const counters = (reads: number, writes: number): EngineState => ({ counters: { tables: { t: { reads, writes } }, gsis: {} } });

describe('an open circuit breaker on a guarded target', () => {
  const policy = guarded({ consecutiveLowChecks: 2, circuitBreaker: { url: URL, timeoutMs: 1000 } });

  test('does not skip it: both dimensions are decided, scale-in suspended and registered, the counts start again', () => {
    const out = checkGuard({ policy, breaker: 503, state: counters(4, 4), sums: { t: sums15(10, 10) } });
    expect(out.decisions.map((d) => [d.dimension, d.scaleInSuspended, d.counterIn, d.counterOut, d.consumedPercent])).toEqual([
      ['reads', true, 4, 0, 10], ['writes', true, 4, 0, 10],
    ]);
    expect(decisionOf(out, 'reads').reasons).toEqual([
      'consumed 10 %: a low check (below 50 %)',
      `native scale-in suspended: circuit breaker ${URL} is open (HTTP 503); 0 of 2 consecutive low checks (consumed below 50 %)`,
      'suspending dynamic scale-in on the scalable target',
    ]);
    expect(out.scaleIn).toEqual([
      { table: 't', gsi: null, dimension: 'reads', suspendedState: IN_SUSPENDED },
      { table: 't', gsi: null, dimension: 'writes', suspendedState: IN_SUSPENDED },
    ]);
    expect(out.updates).toEqual([]);
    expect(out.state.counters.tables.t).toEqual({ reads: 0, writes: 0 });
  });

  test('closed again: the low checks count on, and a suspended target is resumed once there are enough', () => {
    const targets = { t: { reads: scalable(IN_SUSPENDED) } };
    const out = checkGuard({ policy, breaker: 200, state: counters(1, 1), sums: { t: sums15(10, 10) }, targets });
    expect(out.decisions.map((d) => [d.dimension, d.scaleInSuspended, d.counterOut])).toEqual([['reads', false, 2], ['writes', false, 2]]);
    expect(out.scaleIn).toEqual([{ table: 't', gsi: null, dimension: 'reads', suspendedState: NONE_SUSPENDED }]);
    expect(out.state.counters.tables.t).toEqual({ reads: 2, writes: 2 });
  });

  test('a target without a guard is still skipped by an open breaker (dd\'s R8.3)', () => {
    const dd = policyOf(target({ circuitBreaker: { url: URL, timeoutMs: 1000 } }));
    const out = checkGuard({ policy: dd, breaker: 503, sums: { t: pctSums(10, 10) } });
    expect(out.decisions.map((d) => d.scaleInSuspended)).toEqual([undefined, undefined]);
    expect(out.scaleIn).toEqual([]);
  });
});

describe('maintenance windows must hold scale-in from now until the next check (now + interval − 1 minute)', () => {
  const at = (h: number, m: number, s = 0) => Date.UTC(2017, 7, 12, h, m, s);
  const WINDOW: MaintenanceWindow[] = [{ startMinute: 120, endMinute: 179 }]; // 02:00-02:59 UTC, both minutes inclusive
  const OUTSIDE = 'native scale-in suspended: outside every maintenance window until the next check';

  test.each<[string, number, number, boolean]>([
    ['before the window', 300, at(1, 59), true],
    ['its first minute', 300, at(2, 0), false],
    ['the last check that ends inside it (02:55 + 4 min = 02:59)', 300, at(2, 55), false],
    ['a check whose next one falls after it (02:56 + 4 min = 03:00)', 300, at(2, 56), true],
    ['checks every 10 minutes: 02:50 + 9 min = 02:59', 600, at(2, 50), false],
    ['checks every 10 minutes: 02:51 + 9 min = 03:00', 600, at(2, 51), true],
    ['checks every minute: its last minute', 60, at(2, 59, 30), false],
    ['after the window', 60, at(3, 0), true],
  ])('%s', (_what, interval, nowMs, suspended) => {
    const out = checkGuard({ policy: guarded({ checkIntervalSeconds: interval, maintenanceWindows: WINDOW }), nowMs, sums: { t: sums15(60, 60) } });
    expect(out.decisions.map((d) => d.scaleInSuspended)).toEqual([suspended, suspended]);
    expect(decisionOf(out, 'reads').reasons.includes(OUTSIDE)).toBe(suspended);
  });
});

describe('a window CloudWatch has not published yet (lookbackWindowStartMax)', () => {
  const policy = guarded({ consecutiveLowChecks: 3, scaleInWhenIdle: true });

  test('is held: the count is kept, nothing is measured or lowered, the next check reads a minute earlier', () => {
    const out = checkGuard({ policy, sums: {}, state: counters(2, 2) });
    expect(out.decisions.map((d) => [d.counterIn, d.counterOut, d.consumedPercent, d.scaleInSuspended, d.updateNeeded])).toEqual([
      [2, 2, null, true, false], [2, 2, null, true, false],
    ]);
    expect(decisionOf(out, 'reads').reasons).toEqual([
      HELD_WINDOW, 'native scale-in suspended: 2 of 3 consecutive low checks (consumed below 50 %)', 'suspending dynamic scale-in on the scalable target',
    ]);
    expect(out.state.counters.tables.t).toEqual({ reads: 2, writes: 2 });
    expect(out.state.lookbackShift).toEqual({ t: { minutes: 1, published: 0 } });
  });

  test('a held window with the count reached keeps scale-in allowed', () => {
    const targets = { t: { reads: scalable(IN_SUSPENDED), writes: scalable(IN_SUSPENDED) } };
    const out = checkGuard({ policy, sums: {}, state: counters(3, 3), targets });
    expect(out.decisions.map((d) => d.scaleInSuspended)).toEqual([false, false]);
    expect(out.scaleIn.map((c) => c.suspendedState)).toEqual([NONE_SUSPENDED, NONE_SUSPENDED]);
  });

  test('once the window has moved back as far as it may, no datapoint at all is an idle table: lowered to the minimum', () => {
    const state: EngineState = { ...counters(3, 3), lookbackShift: { t: { minutes: 3, published: 0 } } };
    const out = checkGuard({ policy, sums: {}, state });
    expect(out.updates.map((u) => [u.reads, u.writes, u.isDecrease])).toEqual([[10, 10, true]]);
  });
});

describe('an idle dimension is lowered through the apply rules (scaleInWhenIdle)', () => {
  const policy = guarded({ scaleInWhenIdle: true });
  const idleReads = { t: { ...sums15(0, 60), ReadThrottleEvents: 0, WriteThrottleEvents: 0 } };

  test('to the scalable target\'s MinCapacity, the busy dimension unchanged', () => {
    const out = checkGuard({ policy, sums: idleReads });
    expect(out.updates.map((u) => [u.gsi, u.reads, u.writes, u.isDecrease])).toEqual([[null, 10, 100, true]]);
    expect(decisionOf(out, 'reads').reasons).toContain('idle (no consumed unit, no throttled request): lowering to the minimum, 10');
  });

  test('a throttled request is traffic: not idle', () => {
    const out = checkGuard({ policy, sums: { t: { ...idleReads.t, ReadThrottleEvents: 3 } } });
    expect(out.updates).toEqual([]);
    expect(decisionOf(out, 'reads').updateNeeded).toBe(false);
  });

  test.each<[string, IndexSnapshot, string, string]>([
    ['the decrease quota: 4 decreases today, the last 10 minutes ago',
      { read: 100, write: 100, status: 'ACTIVE', decreasesToday: 4, lastDecreaseMs: NOON - 10 * MINUTE }, 'decrease-quota',
      'decrease quota: 4 decreases today and the last one was less than an hour ago: decreases held back'],
    ['the table is UPDATING', { read: 100, write: 100, status: 'UPDATING' }, 'status', 'status is UPDATING, not ACTIVE: no update this check'],
  ])('held back by %s', (_what, table, rule, why) => {
    const out = checkGuard({ policy, sums: idleReads, table });
    expect(out.updates).toEqual([]);
    const reads = decisionOf(out, 'reads');
    expect([reads.updateNeeded, reads.proposedUnits, reads.heldBy]).toEqual([true, 10, rule]);
    expect(reads.reasons).toContain(why);
  });

  test('the quota allows one more an hour after the last of the first 4', () => {
    const table = { read: 100, write: 100, status: 'ACTIVE', decreasesToday: 4, lastDecreaseMs: NOON - 61 * MINUTE };
    expect(checkGuard({ policy, sums: idleReads, table }).updates.map((u) => u.reads)).toEqual([10]);
  });

  test('a guarded dimension whose scalable target is not registered falls back to the policy\'s minimum and registers nothing', () => {
    const out = checkGuard({ policy, sums: idleReads, targets: { t: {} } });
    expect(out.updates.map((u) => u.reads)).toEqual([5]);
    expect(out.scaleIn).toEqual([]);
    expect(decisionOf(out, 'reads').reasons).toContain('no scalable target found for this dimension: nothing to suspend or resume');
  });
});

describe('one dimension guarded', () => {
  test('the other is left to native target tracking (or nothing): no guard, no suspension, no change', () => {
    const policy = policyOf(guardTargetPolicy({ reads: DIM, checkIntervalSeconds: 300 }));
    const out = checkGuard({ policy, sums: { t: sums15(30, 99) } });
    const writes = decisionOf(out, 'writes');
    expect(writes).not.toHaveProperty('scaleInSuspended');
    expect([writes.updateNeeded, writes.consumedPercent, writes.reasons]).toEqual([false, null, [NOT_GUARDED]]);
    expect(decisionOf(out, 'reads').scaleInSuspended).toBe(false);
    expect(out.scaleIn).toEqual([]);
  });

  test('writes alone guarded: the same, the other way round', () => {
    const policy = policyOf(guardTargetPolicy({ writes: DIM, checkIntervalSeconds: 300, consecutiveLowChecks: 2 }));
    const out = checkGuard({ policy });
    expect(out.decisions.map((d) => [d.dimension, d.scaleInSuspended, d.counterOut])).toEqual([['reads', undefined, 0], ['writes', true, 1]]);
    expect(out.scaleIn.map((c) => c.dimension)).toEqual(['writes']);
  });

  test('a guard on a dimension whose autoscaling is disabled guards nothing', () => {
    const p = guardTargetPolicy({ reads: DIM, writes: DIM, checkIntervalSeconds: 300, consecutiveLowChecks: 2 });
    const policy = policyOf({ ...p, writes: { ...p.writes, enableAutoscaling: false } });
    const out = checkGuard({ policy });
    expect(out.decisions.map((d) => d.scaleInSuspended)).toEqual([true, undefined]);
    expect(decisionOf(out, 'writes').reasons).toEqual([NOT_GUARDED]);
    expect(out.scaleIn.map((c) => c.dimension)).toEqual(['reads']);
  });
});

describe('a guarded table with a GSI that has no guard', () => {
  const policy = guarded({ consecutiveLowChecks: 2 }, [['g', target()]]);

  test('the GSI keeps dd\'s rules (its own window, an increase), the table its guard', () => {
    const out = checkGuard({
      policy,
      gsis: { g: { read: 50, write: 50, status: 'ACTIVE' } },
      sums: { 't': sums15(10, 10), 't:g': pctSums(95, 50, { read: 50, write: 50 }) },
    });
    expect(out.decisions.map((d) => [d.gsi, d.dimension, d.scaleInSuspended])).toEqual([
      [null, 'reads', true], [null, 'writes', true], ['g', 'reads', undefined], ['g', 'writes', undefined],
    ]);
    expect(out.updates.map((u) => [u.gsi, u.reads, u.writes])).toEqual([['g', 75, 50]]);
    expect(decisionOf(out, 'reads', 'g').consumedPercent).toBe(95);
    expect(out.scaleIn.map((c) => [c.gsi, c.dimension])).toEqual([[null, 'reads'], [null, 'writes']]);
    expect(out.state.counters.tables.t).toEqual({ reads: 1, writes: 1 });
  });

  test('an open breaker of the table suspends the table\'s scale-in and skips the GSI (it inherits the breaker, D13)', () => {
    const withBreaker = guarded({ circuitBreaker: { url: URL, timeoutMs: 1000 } }, [['g', target()]]);
    const out = checkGuard({
      policy: withBreaker,
      breaker: 503,
      gsis: { g: { read: 50, write: 50, status: 'ACTIVE' } },
      sums: { 't': sums15(10, 10), 't:g': pctSums(95, 50, { read: 50, write: 50 }) },
    });
    expect(out.decisions.map((d) => [d.gsi, d.dimension, d.scaleInSuspended, d.updateNeeded])).toEqual([
      [null, 'reads', true, false], [null, 'writes', true, false], ['g', 'reads', undefined, false], ['g', 'writes', undefined, false],
    ]);
    expect(decisionOf(out, 'reads', 'g').reasons).toEqual([`circuit breaker ${URL} is open (HTTP 503): no scaling, no alarms, counters reset`]);
    expect(out.updates).toEqual([]);
  });
});
