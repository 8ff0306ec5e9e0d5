import { NOON } from './builders';
import {
  DECREASE_INTERVAL_MS, decreasesToday, MAX_DECREASES_PER_DAY, planDecrease, quotaAllowsDecrease, recordDecrease,
} from '../../src/engine/decrease-quota';

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
  [0, 26, true], [1, 25, true], [1, 26, false], [5, 21, true], [5, 22, false], [26, 0, true], [26, 1, false],
])('with %d in reserve and %d used, a decrease is planned: %s', (reserve, used, expected) => {
  const plan = planDecrease({ decreasesToday: used, lastDecreaseMs: NOON - 2 * DECREASE_INTERVAL_MS }, NOON, reserve);
  expect(plan.allowed).toBe(expected);
  if (!expected) expect(plan.reason).toMatch(/in reserve|used up/);
});

test('following the plan never exceeds the quota in a day of checks every minute', () => {
  let state = {};
  let count = 0;
  for (let t = MIDNIGHT; t < MIDNIGHT + 86_400_000; t += MIN) {
    if (planDecrease(state, t, 2).allowed) {
      state = recordDecrease(state, t);
      count++;
    }
  }
  expect(count).toBe(MAX_DECREASES_PER_DAY - 2);
});
