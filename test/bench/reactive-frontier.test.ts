/** The yardsticks of "How far a reactive policy can go" (bench/reactive-frontier.ts). */
import {
  bestSharedFollower, cheapestFollower, DECREASE_BELOW, follower, followerSetting, HOLD_MINUTES, latePlan, leastHeadroom, MAX_HEADROOM,
  minutesUntilSeen, reactionMinutes, SHARED_HEADROOMS,
} from '../../bench/reactive-frontier';
import { provisionedCostUsd } from '../../src/sim/cost';
import { Trace } from '../../src/sim/trace';

const START = Date.UTC(2026, 0, 5);

/** A per-minute trace: `level` units per second from each minute given until the next. */
function steps(minutes: number, levels: Record<number, number>): Trace {
  const load = new Float64Array(minutes);
  let level = 0;
  for (let m = 0; m < minutes; m++) {
    if (levels[m] !== undefined) level = levels[m];
    load[m] = level;
  }
  return { startMs: START, load, intervalSeconds: 60, rows: minutes, unitsPerSecondPerValue: 1 };
}

/** The cost of `unitMinutes` capacity-unit minutes. */
const cost = (unitMinutes: number) => provisionedCostUsd(unitMinutes * 60, 'read');

test('a reactive policy sees a minute 3 minutes after it starts and gets capacity 3 minutes later, at the default timing', () => {
  expect(minutesUntilSeen()).toBe(3);
  expect(reactionMinutes()).toBe(6);
  expect(reactionMinutes({ cloudWatchDelaySeconds: 60, updateDelaySeconds: 60 })).toBe(3);
});

describe('follower', () => {
  const options = { holdMinutes: 1, headroom: 0, decreaseBelow: 1, initialCapacity: 10 };

  test('a rise is served once the reaction time has passed; the burst bucket serves part of the wait', () => {
    const out = follower(steps(60, { 0: 10, 20: 100 }), options);
    // 6 minutes at 10 units while 100 are asked, less the full bucket (300 s of 10 units).
    expect(out.throttledUnits).toBeCloseTo(reactionMinutes() * 60 * 90 - 3000, 6);
    expect(out.capacityCostUsd).toBeCloseTo(cost(26 * 10 + 34 * 100), 9);
  });

  test('a table that is UPDATING takes no other update: a second rise waits for the first', () => {
    const out = follower(steps(60, { 0: 10, 20: 100, 21: 200 }), options);
    // Minutes 20-25 at 10 units (the bucket serves 3000), 26-28 at 100 (the second update is sent
    // at 26, when the first has applied), 200 from 29.
    expect(out.throttledUnits).toBeCloseTo((100 + 5 * 200 - 6 * 10) * 60 - 3000 + 3 * 100 * 60, 6);
    expect(out.capacityCostUsd).toBeCloseTo(cost(26 * 10 + 3 * 100 + 31 * 200), 9);
  });

  test('it holds the highest of its last holdMinutes published minutes, then decreases', () => {
    const trace = steps(60, { 0: 100, 10: 10 });
    const start = { ...options, initialCapacity: 100 };
    // Hold 1: minute 10 is seen at 13, so 10 units apply at 16. Hold 15: minute 10 is the oldest of
    // the 15 at 27, so they apply at 30.
    expect(follower(trace, start).capacityCostUsd).toBeCloseTo(cost(16 * 100 + 44 * 10), 9);
    expect(follower(trace, { ...start, holdMinutes: 15 }).capacityCostUsd).toBeCloseTo(cost(30 * 100 + 30 * 10), 9);
  });

  test('decreaseBelow: a drop smaller than the threshold is not made', () => {
    const trace = steps(60, { 0: 100, 10: 85 });
    const start = { ...options, initialCapacity: 100 };
    expect(follower(trace, { ...start, decreaseBelow: 0.8 }).capacityCostUsd).toBeCloseTo(cost(60 * 100), 9);
    expect(follower(trace, start).capacityCostUsd).toBeCloseTo(cost(16 * 100 + 44 * 85), 9);
  });

  test('headroom is a share above the highest demand', () => {
    expect(follower(steps(30, { 0: 100 }), { ...options, initialCapacity: 100, headroom: 0.5 }).capacityCostUsd)
      .toBeCloseTo(cost(6 * 100 + 24 * 150), 9);
  });
});

describe('latePlan', () => {
  test('the plan applies lagMinutes late, with headroom, and throttles what the late capacity cannot serve', () => {
    const trace = steps(30, { 0: 10, 10: 100 });
    const plan = Array.from(trace.load);
    const late = latePlan(trace, plan, 6, 0);
    expect(late.throttledUnits).toBeCloseTo(6 * 60 * 90 - 3000, 6);
    expect(late.capacityCostUsd).toBeCloseTo(cost(16 * 10 + 14 * 100), 9);
    expect(latePlan(trace, plan, 6, 0.5).capacityCostUsd).toBeCloseTo(cost(16 * 15 + 14 * 150), 9);
    expect(latePlan(trace, plan, 0, 0).throttledUnits).toBe(0);
  });
});

describe('leastHeadroom', () => {
  const linear = (h: number) => ({ throttledUnits: Math.max(0, 100 - 100 * h), capacityCostUsd: h });

  test('finds the least headroom meeting the bound, to within MAX_HEADROOM / 2^steps', () => {
    const point = leastHeadroom(50, linear)!;
    expect(point.outcome.throttledUnits).toBeLessThanOrEqual(50);
    expect(point.headroom).toBeGreaterThanOrEqual(0.5);
    expect(point.headroom - 0.5).toBeLessThanOrEqual(MAX_HEADROOM / 2 ** 12);
  });

  test('0 when no headroom is needed, undefined when even MAX_HEADROOM throttles more', () => {
    expect(leastHeadroom(100, linear)).toEqual({ headroom: 0, outcome: { throttledUnits: 100, capacityCostUsd: 0 } });
    expect(leastHeadroom(10, () => ({ throttledUnits: 11, capacityCostUsd: 0 }))).toBeUndefined();
  });
});

test('cheapestFollower: meets the bound, and no setting it tries is cheaper there', () => {
  const trace = steps(24 * 60, { 0: 10, 100: 200, 110: 10, 130: 300, 140: 10, 700: 100, 760: 10 });
  // A fifth fewer units than following the last minute: holding a spike's capacity serves the next.
  const bound = 0.8 * follower(trace, { holdMinutes: 1, headroom: 0, decreaseBelow: 1, initialCapacity: 15 }).throttledUnits;
  const best = cheapestFollower(trace, bound, 15)!;
  expect(best.outcome.throttledUnits).toBeLessThanOrEqual(bound);
  expect(best.holdMinutes).toBeGreaterThan(1);
  expect(HOLD_MINUTES).toContain(best.holdMinutes);
  expect(DECREASE_BELOW).toContain(best.decreaseBelow);
  for (const holdMinutes of HOLD_MINUTES) {
    for (const decreaseBelow of DECREASE_BELOW) {
      const other = leastHeadroom(bound, (headroom) => follower(trace, { holdMinutes, headroom, decreaseBelow, initialCapacity: 15 }));
      if (other) expect(best.outcome.capacityCostUsd).toBeLessThanOrEqual(other.outcome.capacityCostUsd);
    }
  }
  expect(cheapestFollower(trace, -1, 15)).toBeUndefined();
});

test('bestSharedFollower: the setting that meets the most pairs, counted over every case and yardstick', () => {
  // A spike every 40 minutes: holding 60 minutes serves every spike after the first.
  const levels: Record<number, number> = { 0: 10 };
  for (let m = 100; m < 1400; m += 40) { levels[m] = 200; levels[m + 5] = 10; }
  const trace = steps(24 * 60, levels);
  const held = follower(trace, { holdMinutes: 60, headroom: 0.1, decreaseBelow: 1, initialCapacity: 15 });
  const tight = { throttledUnits: held.throttledUnits, costUsd: held.capacityCostUsd + 1, heavy: false };
  const loose = { throttledUnits: Infinity, costUsd: Infinity, heavy: false };
  const best = bestSharedFollower([{ trace, initialCapacity: 15, runningCostUsd: 1, bounds: [tight, loose] }]);
  expect(best.met).toBe(2);
  expect(best.holdMinutes).toBe(60);
  expect(SHARED_HEADROOMS).toContain(best.headroom);
  // Only the loose bound is met when the running cost leaves no room.
  expect(bestSharedFollower([{ trace, initialCapacity: 15, runningCostUsd: 1e9, bounds: [tight, loose] }]).met).toBe(1);
});

test('followerSetting says a setting in words', () => {
  expect(followerSetting({ holdMinutes: 30, headroom: 0.1, decreaseBelow: 0.8 })).toBe('30-minute peak +10 %, cuts of 20 % or more');
  expect(followerSetting({ holdMinutes: 1, headroom: 0.43, decreaseBelow: 1 })).toBe('1-minute peak +43 %');
});
