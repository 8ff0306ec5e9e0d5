/** The yardsticks of "How far a reactive policy can go" (bench/reactive-frontier.ts). */
import {
  bestSharedFollower, cheapestFollower, DECREASE_BELOW, follower, followerSetting, HEADROOM_SCAN_STEP, headroomText, HOLD_MINUTES, latePlan,
  leastHeadroom, MAX_HEADROOM, MIN_HEADROOM, reactionMinutes, SHARED_HEADROOMS,
} from '../../bench/reactive-frontier';
import { DEFAULT_MAX_CAPACITY } from '../../src/engine';
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

/** The cost of `unitMinutes` capacity-unit minutes (results are rounded to a hundredth of a cent). */
const cost = (unitMinutes: number) => provisionedCostUsd(unitMinutes * 60, 'read');
const FAST = { cloudWatch: { delaySeconds: 60 }, table: { updateDelaySeconds: 60 } };

test('a reactive policy gets capacity 6 minutes after a minute starts at the default timing, 3 at a minute each', () => {
  expect(reactionMinutes()).toBe(6);
  expect(reactionMinutes(FAST)).toBe(3);
  // The minute ends, CloudWatch publishes it (whole minutes to the next check), UpdateTable applies.
  expect(reactionMinutes({ cloudWatch: { delaySeconds: 0 } })).toBe(4);
  expect(reactionMinutes({ cloudWatch: { delaySeconds: 300 } })).toBe(9);
  expect(reactionMinutes({ cloudWatch: { delaySeconds: 90 }, table: { updateDelaySeconds: 90 } })).toBe(5);
});

describe('follower', () => {
  const hold1 = { holdMinutes: 1, headroom: 0, decreaseBelow: 1 };

  test('a rise is served once the reaction time has passed; the burst bucket serves part of the wait', () => {
    const out = follower(steps(60, { 0: 10, 20: 100 }), hold1, 10);
    // 6 minutes at 10 units while 100 are asked, less the full bucket (300 s of 10 units).
    expect(out.throttledUnits).toBe(reactionMinutes() * 60 * 90 - 3000);
    expect(out.capacityCostUsd).toBeCloseTo(cost(26 * 10 + 34 * 100), 3);
  });

  test('with a faster timing, sooner', () => {
    const out = follower(steps(60, { 0: 10, 20: 100 }), hold1, 10, FAST);
    expect(out.throttledUnits).toBe(3 * 60 * 90 - 3000);
    expect(out.capacityCostUsd).toBeCloseTo(cost(23 * 10 + 37 * 100), 3);
  });

  test('a table that is UPDATING takes no other update: a second rise waits for the first', () => {
    const out = follower(steps(60, { 0: 10, 20: 100, 21: 200 }), hold1, 10);
    // Minutes 20-25 at 10 units (the bucket serves 3000), 26-28 at 100 (the second update is sent
    // at 26, when the first has applied), 200 from 29.
    expect(out.throttledUnits).toBe((100 + 5 * 200 - 6 * 10) * 60 - 3000 + 3 * 100 * 60);
    expect(out.capacityCostUsd).toBeCloseTo(cost(26 * 10 + 3 * 100 + 31 * 200), 3);
  });

  test('it holds the highest of its last holdMinutes published minutes, then decreases', () => {
    const trace = steps(60, { 0: 100, 10: 10 });
    // Hold 1: minute 10 is seen at 13, so 10 units apply at 16. Hold 15: minute 10 is the oldest of
    // the 15 at 27, so they apply at 30.
    expect(follower(trace, hold1, 100).capacityCostUsd).toBeCloseTo(cost(16 * 100 + 44 * 10), 3);
    expect(follower(trace, { ...hold1, holdMinutes: 15 }, 100).capacityCostUsd).toBeCloseTo(cost(30 * 100 + 30 * 10), 3);
  });

  test('decreaseBelow: a drop smaller than the threshold is not made', () => {
    const trace = steps(60, { 0: 100, 10: 85 });
    expect(follower(trace, { ...hold1, decreaseBelow: 0.8 }, 100).capacityCostUsd).toBeCloseTo(cost(60 * 100), 3);
    expect(follower(trace, hold1, 100).capacityCostUsd).toBeCloseTo(cost(16 * 100 + 44 * 85), 3);
  });

  test('headroom is a share above the highest demand, and may be negative', () => {
    expect(follower(steps(30, { 0: 100 }), { ...hold1, headroom: 0.5 }, 100).capacityCostUsd).toBeCloseTo(cost(6 * 100 + 24 * 150), 3);
    expect(follower(steps(30, { 0: 100 }), { ...hold1, headroom: -0.2 }, 100).capacityCostUsd).toBeCloseTo(cost(6 * 100 + 24 * 80), 3);
  });

  test('an idle window keeps the capacity, as target tracking and the preset do', () => {
    expect(follower(steps(60, { 0: 100, 10: 0 }), hold1, 100).capacityCostUsd).toBeCloseTo(cost(60 * 100), 3);
  });

  test('it asks for at most the table\'s maximum', () => {
    const out = follower(steps(30, { 0: 10, 5: 2 * DEFAULT_MAX_CAPACITY }), { ...hold1, headroom: 1 }, 10);
    expect(out.capacityCostUsd).toBeCloseTo(cost(11 * 10 + 19 * DEFAULT_MAX_CAPACITY), 3);
  });
});

describe('latePlan', () => {
  test('each minute\'s planned capacity, with headroom, applies as late as a reactive policy\'s', () => {
    const trace = steps(30, { 0: 10, 10: 100 });
    const plan = Array.from(trace.load);
    const late = latePlan(trace, plan, 0);
    expect(late.throttledUnits).toBe(6 * 60 * 90 - 3000);
    expect(late.capacityCostUsd).toBeCloseTo(cost(16 * 10 + 14 * 100), 3);
    // The headroom applies from the start too.
    const big = steps(30, { 0: 1000, 10: 10_000 });
    expect(latePlan(big, Array.from(big.load), 0.5).capacityCostUsd).toBeCloseTo(cost(16 * 1500 + 14 * 15_000), 3);
  });

  test('decreases follow the plan; a table UPDATING skips the minutes in between', () => {
    const minutes = 120;
    const trace = steps(minutes, { 0: 10 });
    // The plan falls by 10 units every minute from 100: each decrease is sent when the table is
    // ACTIVE again (every 3 minutes).
    const plan = Array.from({ length: minutes }, (_, m) => Math.max(10, 100 - 10 * m));
    const out = latePlan(trace, plan, 0);
    // Sent at 3 (plan[0] = 100 = current: nothing), 4 (plan[1] = 90, applies at 7), 7 (plan[4] = 60,
    // at 10), 10 (plan[7] = 30, at 13), 13 (plan[10] = 10, at 16).
    expect(out.capacityCostUsd).toBeCloseTo(cost(7 * 100 + 3 * 90 + 3 * 60 + 3 * 30 + (minutes - 16) * 10), 3);
  });

  test('after 4 decreases the quota holds the next for an hour after the last', () => {
    const minutes = 180;
    const trace = steps(minutes, { 0: 10 });
    // Down by 1,000 units every 10 minutes from 9,000: the minutes 10, 20, 30 and 40 are seen at 13,
    // 23, 33 and 43, whose decreases apply at 16, 26, 36 and 46; the fifth, asked for from 53 on, is
    // refused until an hour after the fourth was sent (103), when the plan is at 1,000.
    const plan = Array.from({ length: minutes }, (_, m) => Math.max(1000, 9000 - 1000 * Math.floor(m / 10)));
    const out = latePlan(trace, plan, 0);
    const capacity = (m: number) => (m < 16 ? 9000 : m < 26 ? 8000 : m < 36 ? 7000 : m < 46 ? 6000 : m < 106 ? 5000 : 1000);
    let unitMinutes = 0;
    for (let m = 0; m < minutes; m++) unitMinutes += capacity(m);
    expect(out.capacityCostUsd).toBeCloseTo(cost(unitMinutes), 3);
  });

  test('asks for at most the table\'s maximum, the one configured too', () => {
    const trace = steps(20, { 0: 10 });
    expect(latePlan(trace, Array.from({ length: 20 }, () => 500), 0, { table: { maxCapacity: 100 } }).capacityCostUsd)
      .toBeCloseTo(cost(20 * 100), 3);
    const plan = Array.from({ length: 20 }, () => 2 * DEFAULT_MAX_CAPACITY);
    expect(latePlan(trace, plan, 0).capacityCostUsd).toBeCloseTo(cost(20 * DEFAULT_MAX_CAPACITY), 3);
  });
});

describe('leastHeadroom', () => {
  const linear = (h: number) => ({ throttledUnits: Math.max(0, 100 - 100 * h), capacityCostUsd: h });

  test('scans, then bisects to within a scan step / 2^steps of the least headroom meeting the bound', () => {
    const point = leastHeadroom(37, linear)!;
    expect(point.outcome.throttledUnits).toBeLessThanOrEqual(37);
    expect(point.headroom).toBeGreaterThanOrEqual(0.63);
    expect(point.headroom - 0.63).toBeLessThanOrEqual(HEADROOM_SCAN_STEP / 2 ** 6);
    expect(leastHeadroom(37, linear, 10)!.headroom - 0.63).toBeLessThanOrEqual(HEADROOM_SCAN_STEP / 2 ** 10);
  });

  test('MIN_HEADROOM when it meets the bound, undefined when no scan point does', () => {
    expect(leastHeadroom(1000, linear)).toEqual({ headroom: MIN_HEADROOM, outcome: linear(MIN_HEADROOM) });
    expect(leastHeadroom(10, () => ({ throttledUnits: 11, capacityCostUsd: 0 }))).toBeUndefined();
    const tried: number[] = [];
    leastHeadroom(-1, (h) => { tried.push(h); return linear(h); });
    expect(Math.min(...tried)).toBe(MIN_HEADROOM);
    expect(Math.max(...tried)).toBeCloseTo(MAX_HEADROOM, 9);
  });

  test('the first scan point that meets the bound bounds the search, even where throttling is not monotone', () => {
    // Meets the bound at 0 and from 1.5 on, not in between: the scan stops at 0.
    const bumpy = (h: number) => ({ throttledUnits: h < 0 || (h > 0 && h < 1.5) ? 100 : 0, capacityCostUsd: h });
    expect(leastHeadroom(0, bumpy)!.headroom).toBeLessThanOrEqual(0);
  });
});

test('cheapestFollower: meets the bound, and no setting it tries is cheaper there', () => {
  const trace = steps(24 * 60, { 0: 10, 100: 200, 110: 10, 130: 300, 140: 10, 700: 100, 760: 10 });
  // A fifth fewer units than following the last minute: holding a spike's capacity serves the next.
  const bound = 0.8 * follower(trace, { holdMinutes: 1, headroom: 0, decreaseBelow: 1 }, 15).throttledUnits;
  const best = cheapestFollower(trace, bound, 15)!;
  expect(best.outcome.throttledUnits).toBeLessThanOrEqual(bound);
  expect(best.holdMinutes).toBeGreaterThan(1);
  expect(HOLD_MINUTES).toContain(best.holdMinutes);
  expect(DECREASE_BELOW).toContain(best.decreaseBelow);
  for (const holdMinutes of HOLD_MINUTES) {
    for (const decreaseBelow of DECREASE_BELOW) {
      const other = leastHeadroom(bound, (headroom) => follower(trace, { holdMinutes, headroom, decreaseBelow }, 15));
      if (other) expect(best.outcome.capacityCostUsd).toBeLessThanOrEqual(other.outcome.capacityCostUsd);
    }
  }
  expect(cheapestFollower(trace, -1, 15)).toBeUndefined();
});

test('bestSharedFollower: the setting that meets the most pairs, counted over every case and yardstick; ties go to the first', () => {
  // A spike every 40 minutes: holding 60 minutes serves every spike after the first.
  const levels: Record<number, number> = { 0: 10 };
  for (let m = 100; m < 1400; m += 40) { levels[m] = 200; levels[m + 5] = 10; }
  const trace = steps(24 * 60, levels);
  const held = follower(trace, { holdMinutes: 60, headroom: 0.1, decreaseBelow: 1 }, 15);
  const tight = { throttledUnits: held.throttledUnits, costUsd: held.capacityCostUsd + 1, heavy: false };
  const loose = { throttledUnits: Infinity, costUsd: Infinity, heavy: false };
  const best = bestSharedFollower([{ trace, initialCapacity: 15, runningCostUsd: 1, bounds: [tight, loose] }]);
  expect(best.met).toBe(2);
  expect(best.holdMinutes).toBe(60);
  expect(SHARED_HEADROOMS).toContain(best.headroom);
  // Only the loose bound is met when the running cost leaves no room, by every setting: the first wins.
  expect(bestSharedFollower([{ trace, initialCapacity: 15, runningCostUsd: 1e9, bounds: [tight, loose] }]))
    .toEqual({ holdMinutes: HOLD_MINUTES[0], decreaseBelow: DECREASE_BELOW[0], headroom: SHARED_HEADROOMS[0], met: 1 });
});

test('settings and headrooms in words', () => {
  expect(followerSetting({ holdMinutes: 30, headroom: 0.1, decreaseBelow: 0.8 })).toBe('30-minute peak +10 %, cuts of 20 % or more');
  expect(followerSetting({ holdMinutes: 1, headroom: 0.43, decreaseBelow: 1 })).toBe('1-minute peak +43 %');
  expect(headroomText(-0.05)).toBe('-5 %');
  expect(headroomText(0)).toBe('+0 %');
});
