/**
 * The oracle is the cheapest plan that never throttles and that the decrease quota allows:
 * checked against a brute force over every plan on small traces, and for the quota by replay.
 */
import { DecreaseQuota } from '../../src/sim/decrease-quota';
import { oraclePlan } from '../../src/sim/oracle';
import { Trace } from '../../src/sim/trace';

const MIN = 60_000;

/** A trace whose load is `need[b]` for `step` minutes per block. */
function blockTrace(startMs: number, need: number[], step: number): Trace {
  const load = new Float64Array(need.length * step);
  need.forEach((n, b) => load.fill(n, b * step, (b + 1) * step));
  return { startMs, load, intervalSeconds: step * 60, rows: need.length, unitsPerSecondPerValue: 1 };
}

/** Whether DynamoDB accepts every decrease of a per-block plan. */
function quotaAccepts(plan: number[], startMs: number, step: number): boolean {
  const q = new DecreaseQuota();
  for (let b = 1; b < plan.length; b++) {
    if (plan[b] < plan[b - 1] && !q.tryDecrease(startMs + b * step * MIN)) return false;
  }
  return true;
}

/** The cheapest feasible plan by trying every plan built from the trace's own levels. */
function bruteForce(need: number[], startMs: number, step: number): number {
  const levels = [...new Set(need)].sort((a, b) => a - b);
  let best = Infinity;
  const plan: number[] = [];
  const visit = (b: number, cost: number): void => {
    if (cost >= best) return;
    if (b === need.length) {
      if (quotaAccepts(plan, startMs, step)) best = cost;
      return;
    }
    for (const l of levels) {
      if (l < need[b]) continue;
      plan.push(l);
      visit(b + 1, cost + l);
      plan.pop();
    }
  };
  visit(0, 0);
  return best;
}

/** A small deterministic PRNG (a linear congruential generator), values in [0, 1). */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a * 1103515245 + 12345) % 2147483648;
    return a / 2147483648;
  };
}

describe('oraclePlan', () => {
  // 30-minute steps make the hour between late decreases bite; starting at 21:00 UTC crosses midnight.
  const start = Date.UTC(2026, 0, 5, 21);
  const cases: Array<[string, number[]]> = [
    ['saw-tooth: more drops than the free 4', [9, 1, 9, 1, 9, 1, 9, 1, 9, 1, 9, 1]],
    ['steady decline', [10, 9, 8, 7, 6, 5, 4, 3, 2, 1]],
  ];
  const r = rng(42);
  for (let i = 0; i < 8; i++) cases.push([`random ${i}`, Array.from({ length: 11 }, () => 1 + Math.floor(r() * 5))]);

  test.each(cases)('%s: as cheap as the brute force, never below the load, within the quota', (_name, need) => {
    const step = 30;
    const plan = oraclePlan(blockTrace(start, need, step), { stepMinutes: step });
    const perBlock = need.map((_, b) => plan.capacity[b * step]);
    expect(plan.unitSeconds / (step * 60)).toBe(bruteForce(need, start, step));
    perBlock.forEach((c, b) => expect(c).toBeGreaterThanOrEqual(need[b]));
    expect(quotaAccepts(perBlock, start, step)).toBe(true);
  });

  test('the quota binds: 6 drops 30 minutes apart in one day cannot all be followed', () => {
    const need = [9, 1, 9, 1, 9, 1, 9, 1, 9, 1, 9, 1];
    const plan = oraclePlan(blockTrace(Date.UTC(2026, 0, 5, 6), need, 15), { stepMinutes: 15 });
    expect(plan.decreases).toBe(5);
    expect(plan.unitSeconds / 900).toBeGreaterThan(need.reduce((a, b) => a + b, 0));
  });

  test('per-minute steps: the plan follows a smooth daily cycle within the 27 daily decreases', () => {
    const minutes = 3 * 1440;
    const load = new Float64Array(minutes);
    for (let m = 0; m < minutes; m++) load[m] = 100 + 80 * Math.sin((2 * Math.PI * m) / 1440);
    const trace: Trace = { startMs: Date.UTC(2026, 0, 5), load, intervalSeconds: 60, rows: minutes, unitsPerSecondPerValue: 1 };
    const plan = oraclePlan(trace);
    const q = new DecreaseQuota();
    for (let m = 0; m < minutes; m++) {
      expect(plan.capacity[m]).toBeGreaterThanOrEqual(Math.ceil(load[m] - 1e-9));
      if (m > 0 && plan.capacity[m] < plan.capacity[m - 1]) expect(q.tryDecrease(trace.startMs + m * MIN)).toBe(true);
    }
    expect(plan.decreases).toBeLessThanOrEqual(3 * 27);
    // Better than holding the peak, worse than paying exactly the load.
    const exact = load.reduce((a, l) => a + Math.ceil(l - 1e-9), 0) * 60;
    expect(plan.unitSeconds).toBeGreaterThanOrEqual(exact);
    expect(plan.unitSeconds).toBeLessThan(180 * 60 * minutes);
  });

  test('load above the maximum is reported as throttled', () => {
    const plan = oraclePlan(blockTrace(Date.UTC(2026, 0, 5), [5, 50, 5], 1), { maxCapacity: 20 });
    expect(plan.throttledUnits).toBe(30 * 60);
    expect(plan.throttledMinutes).toBe(1);
    expect(Array.from(plan.capacity)).toEqual([5, 20, 5]);
  });
});
