/**
 * Properties of `decide` over random policies, capacities, metrics and state (fast-check).
 */
import * as fc from 'fast-check';
import { decide, DecideInput, MetricSums, TableSnapshot } from '../../../src/engine/core/decide';
import { recordDecrease } from '../../../src/engine/core/decrease-quota';
import { DimensionPolicy, EnginePolicy, ScaleDict, TargetPolicy } from '../../../src/engine/core/policy';
import { dim, target } from '../builders';

const HOUR = 3_600_000;

const scaleArb: fc.Arbitrary<ScaleDict | undefined> = fc.option(
  fc.array(fc.tuple(fc.integer({ min: 0, max: 150 }), fc.integer({ min: 0, max: 100 })), { minLength: 1, maxLength: 4 }),
  { nil: undefined, freq: 3 },
);

const dimArb: fc.Arbitrary<DimensionPolicy> = fc.record({
  min: fc.integer({ min: 1, max: 50 }),
  span: fc.integer({ min: 0, max: 2000 }),
  lower: fc.integer({ min: 1, max: 60 }),
  gap: fc.integer({ min: 1, max: 40 }),
  throttled: fc.constantFrom(0, 0, 5, 50),
  increaseWith: fc.integer({ min: 1, max: 200 }),
  increaseUnit: fc.constantFrom('percent' as const, 'units' as const),
  decreaseWith: fc.integer({ min: 1, max: 150 }),
  decreaseUnit: fc.constantFrom('percent' as const, 'units' as const),
  checks: fc.integer({ min: 1, max: 4 }),
  reset: fc.constantFrom(0, 0, 20, 60),
  allowZero: fc.boolean(),
  enableAutoscaling: fc.constantFrom(true, true, true, false),
  enableUpScaling: fc.boolean(),
  enableDownScaling: fc.boolean(),
  increaseConsumedScale: scaleArb,
  decreaseConsumedScale: scaleArb,
  increaseThrottledByProvisionedScale: scaleArb,
}).map((r) => dim({
  min: r.min,
  max: r.min + r.span,
  lowerThreshold: r.lower,
  upperThreshold: r.lower + r.gap,
  throttledUpperThreshold: r.throttled,
  increaseWith: r.increaseWith,
  increaseUnit: r.increaseUnit,
  decreaseWith: r.decreaseWith,
  decreaseUnit: r.decreaseUnit,
  checksBeforeScaleDown: r.checks,
  checksResetPercent: r.reset,
  allowScaleDownAtZeroPercent: r.allowZero,
  enableAutoscaling: r.enableAutoscaling,
  enableUpScaling: r.enableUpScaling,
  enableDownScaling: r.enableDownScaling,
  increaseConsumedScale: r.increaseConsumedScale,
  decreaseConsumedScale: r.decreaseConsumedScale,
  increaseThrottledByProvisionedScale: r.increaseThrottledByProvisionedScale,
}));

const targetArb: fc.Arbitrary<TargetPolicy> = fc.record({
  reads: dimArb,
  writes: dimArb,
  rw: fc.boolean(),
  reserve: fc.constantFrom(0, 0, 1, 2, 3),
  window: fc.option(fc.tuple(fc.integer({ min: 0, max: 1439 }), fc.integer({ min: 0, max: 1439 })), { nil: undefined }),
  lookback: fc.constantFrom([15, 5], [5, 1], [10, 10]),
}).map((r) => ({
  ...target({ alwaysDecreaseRwTogether: r.rw, decreaseReserve: r.reserve, lookbackWindowStart: r.lookback[0], lookbackPeriod: r.lookback[1] }),
  reads: r.reads,
  writes: r.writes,
  ...(r.window ? { maintenanceWindows: [{ startMinute: r.window[0], endMinute: r.window[1] }] } : {}),
}));

const capacityArb = fc.record({
  read: fc.integer({ min: 1, max: 3000 }),
  write: fc.integer({ min: 1, max: 3000 }),
  status: fc.constantFrom('ACTIVE', 'ACTIVE', 'ACTIVE', 'UPDATING'),
  decreasesToday: fc.integer({ min: 0, max: 30 }),
  lastDecreaseAgo: fc.integer({ min: 0, max: 3 * HOUR }),
});

const sumsArb = fc.record({
  read: fc.option(fc.double({ min: 0, max: 3, noNaN: true }), { nil: undefined }),
  write: fc.option(fc.double({ min: 0, max: 3, noNaN: true }), { nil: undefined }),
  readThrottles: fc.option(fc.integer({ min: 0, max: 1000 }), { nil: undefined }),
  writeThrottles: fc.option(fc.integer({ min: 0, max: 1000 }), { nil: undefined }),
});

type Cap = { read: number; write: number; status: string; decreasesToday: number; lastDecreaseAgo: number };
type Sums = { read?: number; write?: number; readThrottles?: number; writeThrottles?: number };

/** Sums as fractions of the capacity over the window. */
function toSums(s: Sums, c: Cap, secs: number): MetricSums {
  return {
    ...(s.read !== undefined ? { ConsumedReadCapacityUnits: s.read * c.read * secs } : {}),
    ...(s.write !== undefined ? { ConsumedWriteCapacityUnits: s.write * c.write * secs } : {}),
    ...(s.readThrottles !== undefined ? { ReadThrottleEvents: s.readThrottles } : {}),
    ...(s.writeThrottles !== undefined ? { WriteThrottleEvents: s.writeThrottles } : {}),
  };
}

const scenarioArb = fc.record({
  table: targetArb,
  gsi: targetArb,
  tableCap: capacityArb,
  gsiCap: capacityArb,
  tableSums: sumsArb,
  gsiSums: sumsArb,
  counters: fc.record({ reads: fc.integer({ min: 0, max: 5 }), writes: fc.integer({ min: 0, max: 5 }) }),
  minuteOfDay: fc.integer({ min: 0, max: 1439 }),
});

type Scenario = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;

function inputOf(s: Scenario): DecideInput {
  const nowMs = Date.UTC(2017, 7, 12) + s.minuteOfDay * 60_000;
  const snap = (c: Cap): TableSnapshot => ({
    read: c.read, write: c.write, status: c.status, decreasesToday: c.decreasesToday, lastDecreaseMs: nowMs - c.lastDecreaseAgo,
  });
  const policy: EnginePolicy = {
    checkIntervalSeconds: 300,
    tables: [{ tablePattern: '^t$', policy: s.table, gsis: [{ indexPattern: '^g$', policy: s.gsi }] }],
  };
  return {
    nowMs,
    policy,
    tables: { t: { ...snap(s.tableCap), gsis: { g: snap(s.gsiCap) } } },
    metricSums: {
      't': toSums(s.tableSums, s.tableCap, s.table.lookbackPeriod * 60),
      't:g': toSums(s.gsiSums, s.gsiCap, s.gsi.lookbackPeriod * 60),
    },
    state: { counters: { tables: { t: s.counters }, gsis: { 't:g': s.counters } } },
  };
}

const RUNS = { numRuns: 400 };

test('capacity never leaves [min, max]: a changed dimension always lands inside it', () => {
  fc.assert(fc.property(scenarioArb, (s) => {
    const input = inputOf(s);
    for (const u of decide(input).updates) {
      const p = u.gsi === null ? s.table : s.gsi;
      for (const [to, from, d] of [[u.reads, u.fromReads, p.reads], [u.writes, u.fromWrites, p.writes]] as const) {
        if (to !== from) {
          expect(to).toBeGreaterThanOrEqual(d.min);
          expect(to).toBeLessThanOrEqual(d.max);
        }
      }
    }
  }), RUNS);
});

test('a decrease never goes below the consumed units', () => {
  fc.assert(fc.property(scenarioArb, (s) => {
    const input = inputOf(s);
    for (const u of decide(input).updates) {
      const key = u.gsi === null ? 't' : 't:g';
      const secs = (u.gsi === null ? s.table : s.gsi).lookbackPeriod * 60;
      const sums = input.metricSums[key];
      if (u.reads < u.fromReads) expect(u.reads).toBeGreaterThanOrEqual((sums.ConsumedReadCapacityUnits ?? 0) / secs - 1e-6);
      if (u.writes < u.fromWrites) expect(u.writes).toBeGreaterThanOrEqual((sums.ConsumedWriteCapacityUnits ?? 0) / secs - 1e-6);
    }
  }), RUNS);
});

test('never plans more decreases than the quota allows, over two days of checks', () => {
  let planned = 0;
  let plannedWithReserve = 0;
  fc.assert(fc.property(
    targetArb, fc.array(fc.double({ min: 0, max: 2, noNaN: true }), { minLength: 60, maxLength: 60 }), fc.integer({ min: 1, max: 60 }),
    (t, loads, stepMinutes) => {
      const policy: EnginePolicy = { checkIntervalSeconds: 300, tables: [{ tablePattern: '^t$', policy: t, gsis: [] }] };
      let cap = { read: 500, write: 500 };
      let quota: { decreasesToday?: number; lastDecreaseMs?: number } = {};
      let state: DecideInput['state'] = { counters: { tables: {}, gsis: {} } };
      const decreases: number[] = [];
      // Start 5 hours before midnight so the day boundary is crossed.
      let now = Date.UTC(2017, 7, 12, 19);
      for (let i = 0; i < 600; i++) {
        const load = loads[i % loads.length];
        const secs = t.lookbackPeriod * 60;
        const out = decide({
          nowMs: now,
          policy,
          state,
          tables: { t: { ...cap, ...quota } },
          metricSums: { t: { ConsumedReadCapacityUnits: load * 500 * secs, ConsumedWriteCapacityUnits: (2 - load) * 500 * secs } },
        });
        state = out.state;
        for (const u of out.updates) {
          if (u.isDecrease) {
            // The rule, written independently: per UTC day, 4 at any time, then one per hour, 27 in all.
            const day = Math.floor(now / 86_400_000);
            const today = decreases.filter((d) => Math.floor(d / 86_400_000) === day);
            const last = decreases[decreases.length - 1];
            expect(today.length < 4 || (last !== undefined && now - last >= HOUR)).toBe(true);
            expect(today.length + 1).toBeLessThanOrEqual(27);
            // D15 reserve: right after this decrease DynamoDB still accepts `reserve` more at once. Only what
            // is left of the 4 at-any-time decreases can be; the next hourly one is an hour away.
            expect(Math.max(0, 4 - (today.length + 1))).toBeGreaterThanOrEqual(t.decreaseReserve);
            decreases.push(now);
            planned++;
            if (t.decreaseReserve > 0) plannedWithReserve++;
            quota = recordDecrease(quota, now);
          }
          cap = { read: u.reads, write: u.writes };
        }
        now += stepMinutes * 60_000;
      }
    }), { numRuns: 60 });
  // The property is not vacuous: the runs did plan decreases, with and without a reserve. A reserve
  // allows at most 3 a day (D15), so the totals vary widely from seed to seed; these bounds are loose.
  expect(planned).toBeGreaterThan(30);
  expect(plannedWithReserve).toBeGreaterThan(0);
});

test('never changes capacity while the circuit breaker is open', () => {
  const outcomeArb = fc.oneof(
    fc.record({ status: fc.oneof(fc.integer({ min: 100, max: 199 }), fc.integer({ min: 300, max: 599 })) }),
    fc.record({ error: fc.constantFrom('timeout', 'connection refused', 'ssl') }),
  );
  fc.assert(fc.property(scenarioArb, outcomeArb, (s, outcome) => {
    const input = inputOf(s);
    const url = 'https://status.example/ok';
    const policy = { ...input.policy, circuitBreaker: { url, timeoutMs: 1000 } };
    const out = decide({ ...input, policy, circuitBreakers: { [url]: outcome } });
    expect(out.updates).toEqual([]);
    expect(out.notifications).toEqual([]);
    expect(out.decisions.every((d) => !d.updateNeeded && d.counterOut === 0)).toBe(true);
  }), RUNS);
});

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o)) deepFreeze(v);
  }
  return o;
}

test('identical input gives identical output, and the input is not mutated', () => {
  fc.assert(fc.property(scenarioArb, (s) => {
    const a = inputOf(s);
    const b = deepFreeze(inputOf(s));
    expect(decide(b)).toEqual(decide(a));
    expect(JSON.stringify(decide(b))).toBe(JSON.stringify(decide(b)));
  }), RUNS);
});
