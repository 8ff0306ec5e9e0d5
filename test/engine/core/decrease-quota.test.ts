import {
  DECREASE_INTERVAL_MS, DECREASES_AT_ANY_TIME, decreasesAvailableNow, decreasesToday, MAX_DECREASES_PER_DAY, planDecrease,
  quotaAllowsDecrease, recordDecrease,
} from '../../../src/engine/core/decrease-quota';
import { NOON } from '../builders';

const MIN = 60_000;
const MIDNIGHT = Date.UTC(2017, 7, 12);

test.each([
  ['no decrease yet', {}, NOON, true],
  ['3 today, just now', { decreasesToday: 3, lastDecreaseMs: NOON - MIN }, NOON, true],
  ['4 today, 59 min ago', { decreasesToday: 4, lastDecreaseMs: NOON - 59 * MIN }, NOON, false],
  ['4 today, 60 min ago', { decreasesToday: 4, lastDecreaseMs: NOON - 60 * MIN }, NOON, true],
  ['26 today, 2 h ago', { decreasesToday: 26, lastDecreaseMs: NOON - 120 * MIN }, NOON, true],
  ['27 today', { decreasesToday: 27, lastDecreaseMs: NOON - 120 * MIN }, NOON, false],
  ['27 yesterday, just before midnight', { decreasesToday: 27, lastDecreaseMs: MIDNIGHT - MIN }, MIDNIGHT, true],
  ['4 reported without a time', { decreasesToday: 4 }, NOON, true],
])('DynamoDB allows a decrease: %s', (_what, state, now, expected) => {
  expect(quotaAllowsDecrease(state, now)).toBe(expected);
});

test('the day count resets at UTC midnight', () => {
  expect(decreasesToday({ decreasesToday: 9, lastDecreaseMs: MIDNIGHT - 1 }, MIDNIGHT)).toBe(0);
  expect(decreasesToday({ decreasesToday: 9, lastDecreaseMs: MIDNIGHT }, MIDNIGHT + 1)).toBe(9);
});

test.each([
  ['no decrease yet', {}, NOON, 4],
  ['3 today', { decreasesToday: 3, lastDecreaseMs: NOON - MIN }, NOON, 1],
  ['4 today, 59 min ago', { decreasesToday: 4, lastDecreaseMs: NOON - 59 * MIN }, NOON, 0],
  ['4 today, 60 min ago', { decreasesToday: 4, lastDecreaseMs: NOON - 60 * MIN }, NOON, 1],
  ['27 today', { decreasesToday: 27, lastDecreaseMs: NOON - 120 * MIN }, NOON, 0],
  ['27 yesterday', { decreasesToday: 27, lastDecreaseMs: MIDNIGHT - MIN }, MIDNIGHT, 4],
])('DynamoDB accepts this many decreases in a row now: %s', (_what, state, now, expected) => {
  expect(decreasesAvailableNow(state, now)).toBe(expected);
});

test.each([
  [0, 0, true], [0, 3, true], [0, 4, true], [0, 26, true],
  [1, 0, true], [1, 2, true], [1, 3, false], [1, 4, false], [1, 25, false],
  [2, 1, true], [2, 2, false],
  [3, 0, true], [3, 1, false],
])('D15 reserve: with %d in reserve and %d used (last 2 h ago), a decrease is planned: %s', (reserve, used, expected) => {
  const plan = planDecrease({ decreasesToday: used, lastDecreaseMs: NOON - 2 * DECREASE_INTERVAL_MS }, NOON, reserve);
  expect(plan.allowed).toBe(expected);
});

test('D15 reserve: 3 decreases used at 10:00 with a reserve of 1 holds the decrease back, so the operator keeps one', () => {
  const tenAm = Date.UTC(2017, 7, 12, 10);
  const state = { decreasesToday: 3, lastDecreaseMs: tenAm - 3 * DECREASE_INTERVAL_MS };
  expect(planDecrease(state, tenAm, 1)).toEqual({
    allowed: false,
    decreasesToday: 3,
    reason: 'decrease held back to keep 1 decrease in reserve: after it DynamoDB would accept 0 more now (3 used today, UTC)',
  });
  expect(quotaAllowsDecrease(state, tenAm)).toBe(true);
});

test('D15 reserve: a quota refusal is reported as such, not as the reserve', () => {
  const plan = planDecrease({ decreasesToday: 4, lastDecreaseMs: NOON - 30 * MIN }, NOON, 2);
  expect(plan.reason).toBe('decrease quota: 4 decreases today and the last one was less than an hour ago');
});

describe.each([0, 1, 2, 3])('D15 reserve %d over a day of checks every minute', (reserve) => {
  const run = () => {
    let state = {};
    let count = 0;
    let fewestAvailable = Infinity;
    for (let t = MIDNIGHT; t < MIDNIGHT + 86_400_000; t += MIN) {
      if (planDecrease(state, t, reserve).allowed) {
        state = recordDecrease(state, t);
        count++;
      }
      fewestAvailable = Math.min(fewestAvailable, decreasesAvailableNow(state, t));
    }
    return { count, fewestAvailable };
  };
  test('never exceeds the quota, and uses all of it without a reserve', () => {
    expect(run().count).toBe(reserve === 0 ? MAX_DECREASES_PER_DAY : DECREASES_AT_ANY_TIME - reserve);
  });
  test('leaves the reserve available to an operator at every minute', () => {
    expect(run().fewestAvailable).toBeGreaterThanOrEqual(reserve);
  });
});

test('D15 reserve: an operator\'s emergency decrease at 10:00 is accepted after a morning of scaling down', () => {
  let state = {};
  const tenAm = MIDNIGHT + 10 * 60 * MIN;
  for (let t = MIDNIGHT; t <= tenAm; t += 5 * MIN) {
    if (planDecrease(state, t, 1).allowed) state = recordDecrease(state, t);
  }
  expect(quotaAllowsDecrease(state, tenAm)).toBe(true);
});
