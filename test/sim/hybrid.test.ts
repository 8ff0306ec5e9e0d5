/**
 * The hybrid path in the simulator: native target tracking (the model of the AWS service) with this
 * library's scale-in guards, which suspend its dynamic scale-in through the scalable target's
 * `SuspendedState` and lower an idle dimension to its minimum. Each test holds a hybrid run against
 * plain native target tracking on a small synthetic trace, with the simulator's default timing
 * (datapoints visible after 120 s, UpdateTable applied after 180 s) unless it says otherwise.
 */
import { DEFAULT_PRICES } from '../../src/sim/cost';
import { EngineRun, SIMULATED_DIMENSION_SHARE } from '../../src/sim/engine-run';
import { adviseOn, PolicyResult, roundUsd } from '../../src/sim/results';
import { scalerRunningCost, targetTrackingRunningCostUsd } from '../../src/sim/running-cost';
import { HybridPolicySpec, PolicySpec, simulate, SimulationOptions, SimulationReport } from '../../src/sim/simulate';
import { Trace } from '../../src/sim/trace';

const START = Date.UTC(2026, 0, 5);
const TT = { targetUtilizationPercent: 70, minCapacity: 5, maxCapacity: 1000 } as const;
const NATIVE: PolicySpec = { kind: 'native', ...TT };
/** 100 u/s at 70 %: 143 units, the steady capacity of the first hour of every trace here. */
const INITIAL = 143;

function trace(load: readonly number[]): Trace {
  return { startMs: START, load: Float64Array.from(load), intervalSeconds: 60, rows: load.length, unitsPerSecondPerValue: 1 };
}

function hybrid(guards: HybridPolicySpec['guards'], name?: string): HybridPolicySpec {
  return { kind: 'hybrid', ...TT, guards, ...(name ? { name } : {}) };
}

function run(load: readonly number[], specs: readonly PolicySpec[], options: SimulationOptions = {}): SimulationReport {
  return simulate(trace(load), specs, { keepTimelines: true, initialCapacity: INITIAL, ...options });
}

/** The capacity of each minute of a run (the mean provisioned capacity of the minute). */
function capacity(sim: SimulationReport, i: number): number[] {
  return Array.from(sim.runs[i].timeline!.capacity);
}

/** The minutes whose capacity is lower than the minute before's. */
function decreaseMinutes(cap: readonly number[]): number[] {
  const out: number[] = [];
  for (let m = 1; m < cap.length; m++) if (cap[m] < cap[m - 1]) out.push(m);
  return out;
}

/** A deterministic PRNG (linear congruential), values in [0, 1). */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a * 1103515245 + 12345) % 2147483648;
    return a / 2147483648;
  };
}

/** A day of noisy traffic around `base` with a few 3-8x bursts and level steps. */
function noisyDay(seed: number, base = 100): number[] {
  const rnd = prng(seed);
  const load: number[] = [];
  let level = base; let burst = 0; let factor = 1;
  for (let m = 0; m < 1440; m++) {
    if (m % 90 === 0) level = base * (0.2 + 1.3 * rnd());
    if (burst <= 0 && rnd() < 0.01) { burst = 2 + Math.floor(10 * rnd()); factor = 3 + 5 * rnd(); }
    burst--;
    load.push(level * (0.85 + 0.3 * rnd()) * (burst > 0 ? factor : 1));
  }
  return load;
}

/** An hour at 100 u/s (143 units at 70 %), then two hours at 30 u/s: below AlarmLow's 50 % from minute 60. */
const STEP_DOWN = [...Array(60).fill(100), ...Array(120).fill(30)];

describe('consecutive low checks: native scale-in comes later, never earlier', () => {
  test('on a step down, plain target tracking decreases at minute 80, the guard with 3 low checks at 84, with 6 at 99', () => {
    const sim = run(STEP_DOWN, [NATIVE, hybrid({ consecutiveLowChecks: 3 }), hybrid({ consecutiveLowChecks: 6 })]);
    // Native: AlarmLow has its 15 low datapoints (minutes 60-74) at minute 77, when minute 74 is
    // published; it asks for ceil(30 / 0.7) = 43, applied 3 minutes later.
    expect(decreaseMinutes(capacity(sim, 0))).toEqual([80]);
    // The guard checks every 5 minutes the 15 minutes ending 2 minutes before: its window at 70,
    // [53, 68), is the first below 50 % (7 minutes at 100, 8 at 30: 44 % of 143). Low checks at
    // 70, 75, 80 resume scale-in at 80; AlarmLow, in ALARM throughout, acts at 81, applied at 84.
    expect(decreaseMinutes(capacity(sim, 1))).toEqual([84]);
    // Six low checks: 70 ... 95; scale-in at 96, applied at 99.
    expect(decreaseMinutes(capacity(sim, 2))).toEqual([99]);
    // Each lands where native does: the guard delays the decrease, it does not size it.
    expect(capacity(sim, 0)[179]).toBe(43);
    expect(capacity(sim, 1)[179]).toBe(43);
    expect(capacity(sim, 2)[179]).toBe(43);
    // Until then the capacity is the same minute by minute, so holding it costs more.
    expect(capacity(sim, 1).slice(0, 80)).toEqual(capacity(sim, 0).slice(0, 80));
    expect(sim.results[1].costUsd - sim.results[1].runningCostUsd).toBeGreaterThan(sim.results[0].costUsd - sim.results[0].runningCostUsd);
  });

  test('a check that is not low starts the count again', () => {
    // One minute at 700 u/s (served from burst capacity; one datapoint above target is no scale-out)
    // at minute 70: it puts AlarmLow back to OK, and the guard windows of 75, 80 and 85 that hold it
    // are not low (above 50 % of 143 on average), so the count starts again.
    const load = STEP_DOWN.map((l, m) => (m === 70 ? 700 : l));
    const sim = run(load, [NATIVE, hybrid({ consecutiveLowChecks: 3 })]);
    // Native: 15 low minutes 71-85, published at 88; applied at 91.
    expect(decreaseMinutes(capacity(sim, 0))).toEqual([91]);
    // The guard: low checks at 90, 95 and 100; scale-in at 101, applied at 104 (84 without the spike).
    expect(decreaseMinutes(capacity(sim, 1))).toEqual([104]);
    expect(sim.results.map((r) => r.throttledUnits)).toEqual([0, 0]);
  });

  test.each([1, 2, 3, 4, 5])('on a noisy day (seed %i) the first decrease is never earlier, and until then the capacity is the same', (seed) => {
    const load = noisyDay(seed);
    const sim = run(load, [NATIVE, hybrid({ consecutiveLowChecks: 2 }), hybrid({ consecutiveLowChecks: 4 })], { initialCapacity: undefined });
    const native = capacity(sim, 0);
    const first = decreaseMinutes(native)[0];
    expect(first).toBeDefined();
    for (const i of [1, 2]) {
      const guarded = capacity(sim, i);
      expect(decreaseMinutes(guarded)[0]).toBeGreaterThanOrEqual(first);
      expect(guarded.slice(0, first)).toEqual(native.slice(0, first));
    }
    // On such traffic the guards scale in less often.
    expect(sim.results[2].decreases).toBeLessThan(sim.results[0].decreases);
  });
});

describe('scale-in when idle', () => {
  /** An hour at 100 u/s, then two hours without a request. */
  const IDLE = [...Array(60).fill(100), ...Array(120).fill(0)];

  test('lowers an idle table to the scalable target\'s minimum, which target tracking never does', () => {
    const sim = run(IDLE, [NATIVE, hybrid({ scaleInWhenIdle: true }), hybrid({})]);
    // Target tracking: no datapoint, AlarmLow in INSUFFICIENT_DATA, the capacity stays.
    expect(new Set(capacity(sim, 0))).toEqual(new Set([INITIAL]));
    expect(sim.results[0].decreases).toBe(0);
    // The guard: the windows of 80, 85 and 90 have no datapoint and are waited for
    // (lookbackWindowStartMax); at 95 the window is read as idle and the table lowered to 5.
    const idle = capacity(sim, 1);
    expect(decreaseMinutes(idle)).toEqual([98]);
    expect(idle[97]).toBe(INITIAL);
    expect(idle[98]).toBe(TT.minCapacity);
    expect(idle[179]).toBe(TT.minCapacity);
    expect(sim.results[1].decreases).toBe(1);
    // Without scaleInWhenIdle the hybrid keeps the capacity as target tracking does.
    expect(capacity(sim, 2)).toEqual(capacity(sim, 0));
  });

  test('waits for the consecutive low checks: the held windows do not count, an idle one does', () => {
    // Low checks at 70 and 75 (2 minutes of traffic in 15), held at 80-90, idle at 95: the third.
    const three = run(IDLE, [hybrid({ scaleInWhenIdle: true, consecutiveLowChecks: 3 })]);
    expect(decreaseMinutes(capacity(three, 0))).toEqual([98]);
    // A fourth low check: the next idle window, at 100.
    const four = run(IDLE, [hybrid({ scaleInWhenIdle: true, consecutiveLowChecks: 4 })]);
    expect(decreaseMinutes(capacity(four, 0))).toEqual([103]);
  });

  test('a short pause is not idle: the window spans AlarmLow\'s 15 minutes', () => {
    // 20 minutes without a request in steady traffic: the one window that falls inside them (at
    // 80, [63, 78)) is waited for, and the next one, a minute earlier, holds traffic again.
    const load = [...Array(60).fill(100), ...Array(20).fill(0), ...Array(60).fill(100)];
    const sim = run(load, [NATIVE, hybrid({ scaleInWhenIdle: true })]);
    expect(capacity(sim, 1)).toEqual(capacity(sim, 0));
    expect(sim.results[1].decreases).toBe(0);
  });
});

describe('maintenance windows', () => {
  /** 02:00-03:59 UTC. */
  const WINDOW = { startMinute: 120, endMinute: 239 };
  const inWindow = (m: number) => {
    const minuteOfDay = m % 1440;
    return minuteOfDay >= WINDOW.startMinute && minuteOfDay <= WINDOW.endMinute;
  };
  /** Two days of 90 minutes at 100 u/s then 90 at 30: a scale-in every 3 hours for target tracking. */
  const CYCLES = Array.from({ length: 2 * 1440 }, (_, m) => (m % 180 < 90 ? 100 : 30));
  // UpdateTable applies at once, so a decrease shows in the minute it was asked for.
  const AT_ONCE: SimulationOptions = { table: { updateDelaySeconds: 0 } };

  test('no decrease outside them, where target tracking decreases every cycle', () => {
    const sim = run(CYCLES, [NATIVE, hybrid({ maintenanceWindows: [WINDOW] })], AT_ONCE);
    const native = decreaseMinutes(capacity(sim, 0));
    const guarded = decreaseMinutes(capacity(sim, 1));
    expect(native.filter((m) => !inWindow(m)).length).toBeGreaterThan(10);
    expect(guarded.length).toBeGreaterThan(0);
    expect(guarded.filter((m) => !inWindow(m))).toEqual([]);
    // One a day: the low half-cycle 02:00-03:29 lies in the window.
    expect(guarded.map((m) => Math.floor(m / 1440))).toEqual([0, 1]);
    // Scale-out is never suspended: outside the windows the capacity still follows the rises (and,
    // held higher after each fall, throttles less).
    expect(sim.results[1].throttledUnits).toBeLessThanOrEqual(sim.results[0].throttledUnits);
    expect(Math.max(...capacity(sim, 1))).toBeGreaterThanOrEqual(Math.max(...capacity(sim, 0)));
  });

  test('an idle table is lowered inside them only', () => {
    // Traffic until 00:30 UTC, then none: lowered once the window opens, at 02:00.
    const load = [...Array(30).fill(100), ...Array(300).fill(0)];
    const sim = run(load, [hybrid({ scaleInWhenIdle: true, maintenanceWindows: [WINDOW] }), hybrid({ scaleInWhenIdle: true })], AT_ONCE);
    const windowed = decreaseMinutes(capacity(sim, 0));
    expect(windowed).toHaveLength(1);
    expect(inWindow(windowed[0])).toBe(true);
    expect(windowed[0]).toBe(WINDOW.startMinute);
    // Without the window it is lowered as soon as the guard reads the window as idle.
    expect(decreaseMinutes(capacity(sim, 1))[0]).toBeLessThan(WINDOW.startMinute);
  });
});

describe('with no guard behaviour the guard never interferes', () => {
  const traces: Array<[string, number[]]> = [
    ['a step down', STEP_DOWN],
    ['a step up and down', [...Array(60).fill(100), ...Array(60).fill(400), ...Array(120).fill(30)]],
    ['an idle stretch', [...Array(60).fill(100), ...Array(120).fill(0), ...Array(60).fill(100)]],
    ['a noisy day', noisyDay(11)],
    ['another noisy day', noisyDay(12, 400)],
  ];

  test.each(traces)('%s: hybrid:70:0 has target tracking\'s capacity minute by minute', (_name, load) => {
    const sim = run(load, [NATIVE, hybrid({})]);
    expect(sim.results[1].policy).toBe('hybrid:70:0');
    expect(capacity(sim, 1)).toEqual(capacity(sim, 0));
    const [native, guarded] = sim.results;
    expect({ ...guarded, policy: '', kind: '', costUsd: 0, runningCostUsd: 0 }).toEqual({ ...native, policy: '', kind: '', costUsd: 0, runningCostUsd: 0 });
    // So the whole difference in cost is what the guard costs to run.
    expect(guarded.costUsd - native.costUsd).toBeCloseTo(guarded.runningCostUsd - native.runningCostUsd, 3);
  });
});

describe('running cost', () => {
  test('is target tracking\'s 4 alarms plus the simulated dimension\'s share of the scaler, without a throttle alarm', () => {
    const sim = run(noisyDay(3), [NATIVE, hybrid({ consecutiveLowChecks: 3 })]);
    const seconds = 1440 * 60;
    const [native, guarded] = sim.results;
    const usage = (sim.runs[1] as EngineRun).scalerUsage;
    // A check every 5 minutes (the default interval).
    expect(usage.checks).toBe(1440 / 5);
    expect(usage.targets).toBe(1);
    expect(usage.metricsRequested).toBeGreaterThanOrEqual(2 * usage.checks);
    // Target tracking scales out, so the HYBRID path has no throttle alarm to invoke the scaler.
    expect(usage.throttleAlarm).toBe(false);
    expect(scalerRunningCost(usage, DEFAULT_PRICES).throttleAlarm).toBe(0);
    const alarms = targetTrackingRunningCostUsd(1, seconds, DEFAULT_PRICES);
    const scaler = scalerRunningCost(usage, DEFAULT_PRICES).total * SIMULATED_DIMENSION_SHARE;
    expect(native.runningCostUsd).toBe(roundUsd(alarms));
    expect(guarded.runningCostUsd).toBe(roundUsd(alarms + scaler));
    expect(scaler).toBeGreaterThan(0);
  });

  test('a guard checked every minute costs more to run than one checked every 5', () => {
    const sim = run(noisyDay(3), [hybrid({ consecutiveLowChecks: 3 }), hybrid({ consecutiveLowChecks: 3, checkIntervalSeconds: 60 }, 'every minute')]);
    expect((sim.runs[1] as EngineRun).scalerUsage.checks).toBe(1440);
    expect(sim.results[1].runningCostUsd).toBeGreaterThan(sim.results[0].runningCostUsd);
  });
});

describe('results', () => {
  test('the kind is hybrid, and the default name says the target, the checks and idle lowering', () => {
    const sim = run(STEP_DOWN, [
      hybrid({}), hybrid({ consecutiveLowChecks: 3 }), hybrid({ consecutiveLowChecks: 3, scaleInWhenIdle: true }),
      { ...hybrid({}), scaleOutSizing: 'latest' }, hybrid({ maintenanceWindows: [{ startMinute: 0, endMinute: 59 }] }, 'night'),
    ]);
    expect(sim.results.map((r) => r.kind)).toEqual(['hybrid', 'hybrid', 'hybrid', 'hybrid', 'hybrid']);
    expect(sim.results.map((r) => r.policy)).toEqual(['hybrid:70:0', 'hybrid:70:3', 'hybrid:70:3:idle', 'hybrid:70:0:latest', 'night']);
    expect(sim.notes).toEqual([]);
  });

  test('a hybrid is a provisioned policy in the advice: on-demand beats it only when it costs less', () => {
    const result = (policy: string, kind: PolicyResult['kind'], costUsd: number, throttledUnits = 0): PolicyResult => ({
      policy,
      kind,
      costUsd,
      runningCostUsd: 0,
      throttledUnits,
      throttledMinutes: 0,
      consumedUnits: 0,
      capacityChanges: 0,
      decreases: 0,
      meanUtilizationPercent: 0,
    });
    const advice = adviseOn([result('native:70', 'native', 10, 5), result('hybrid:70:3', 'hybrid', 6, 5), result('on-demand', 'on-demand', 8)]);
    expect(advice?.cheapestWithoutThrottling).toBe('on-demand');
    expect(advice?.onDemandBeatsProvisioned).toBe(false);
    expect(advice?.text).toContain('hybrid:70:3 costs less but throttles');
  });
});
