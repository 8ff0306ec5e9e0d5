/**
 * Pins the AWS facts of the DynamoDB and CloudWatch models: burst credit of 300 s, throttling,
 * the UpdateTable delay and its errors, and the decrease quota (4 at any time, then 1 an hour, 27 a UTC day);
 * one-minute consumed and throttle datapoints, five-minute provisioned datapoints, and the default delays.
 */
import { MAX_DECREASES_PER_DAY } from '../../src/engine/core/decrease-quota';
import { CloudWatchModel, DEFAULT_CLOUDWATCH_DELAY_SECONDS, DEFAULT_PROVISIONED_PERIOD_MINUTES } from '../../src/sim/cloudwatch';
import { DecreaseQuota } from '../../src/sim/decrease-quota';
import { DEFAULT_UPDATE_DELAY_SECONDS, ProvisionedCapacity } from '../../src/sim/dynamodb-capacity';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY0 = Date.UTC(2026, 0, 5);

describe('DecreaseQuota', () => {
  test('4 decreases at any time, then the 5th only an hour after the 4th', () => {
    const q = new DecreaseQuota();
    for (let i = 0; i < 4; i++) expect(q.tryDecrease(DAY0 + i * 1000)).toBe(true);
    expect(q.tryDecrease(DAY0 + 4000)).toBe(false);
    expect(q.tryDecrease(DAY0 + 3000 + HOUR - 1)).toBe(false);
    expect(q.tryDecrease(DAY0 + 3000 + HOUR)).toBe(true);
    expect(q.tryDecrease(DAY0 + 3000 + HOUR + 30 * MIN)).toBe(false);
    expect(q.decreasesToday(DAY0 + 2 * HOUR)).toBe(5);
  });

  test('at most 27 in a UTC day, however they are spread', () => {
    const q = new DecreaseQuota();
    let accepted = 0;
    for (let t = DAY0; t < DAY0 + 24 * HOUR; t += MIN) if (q.tryDecrease(t)) accepted++;
    expect(accepted).toBe(MAX_DECREASES_PER_DAY);
    expect(MAX_DECREASES_PER_DAY).toBe(27);
  });

  test('the count resets at UTC midnight: 4 more at once on the next day', () => {
    const q = new DecreaseQuota();
    for (let i = 0; i < 4; i++) q.tryDecrease(DAY0 + 23 * HOUR + 59 * MIN + i);
    const nextDay = DAY0 + 24 * HOUR;
    expect(q.decreasesToday(nextDay)).toBe(0);
    for (let i = 0; i < 4; i++) expect(q.tryDecrease(nextDay + i)).toBe(true);
    expect(q.tryDecrease(nextDay + 10)).toBe(false);
    expect(q.lastDecreaseMs).toBe(nextDay + 3);
  });
});

function table(capacity: number, extra: Partial<ConstructorParameters<typeof ProvisionedCapacity>[0]> = {}): ProvisionedCapacity {
  return new ProvisionedCapacity({ initialCapacity: capacity, updateDelaySeconds: 0, ...extra });
}

describe('ProvisionedCapacity: burst and throttling', () => {
  test('a full burst bucket holds 300 s of capacity: 10 units over 10 u/s last exactly 300 s', () => {
    const t = table(10);
    const throttled: number[] = [];
    for (let m = 0; m < 6; m++) throttled.push(t.runMinute(DAY0 + m * MIN, 20).throttled);
    expect(throttled).toEqual([0, 0, 0, 0, 0, 600]);
    expect(t.minute.consumed).toBe(600);
  });

  test('unused capacity accrues up to 300 s only, and an empty bucket throttles at once', () => {
    const t = table(10, { initialBurstSeconds: 0 });
    expect(t.runMinute(DAY0, 11).throttled).toBe(60);
    for (let m = 1; m <= 10; m++) t.runMinute(DAY0 + m * MIN, 0);
    expect(t.burstUnits).toBe(3000);
    // 3000 units of credit against 100 excess units/s: 30 s of burst, then 30 s of throttling.
    const out = t.runMinute(DAY0 + 11 * MIN, 110);
    expect(out.throttled).toBe(3000);
    expect(out.consumed).toBe(60 * 10 + 3000);
  });

  test('a decrease shrinks the bucket to 300 s of the new capacity', () => {
    const t = table(100);
    expect(t.burstUnits).toBe(30000);
    expect(t.update(DAY0, 10)).toBe('ok');
    expect(t.burstUnits).toBe(3000);
    // With the bucket at 3000, 20 u/s against 10 u/s runs dry after 300 s, not 3000 s.
    for (let m = 0; m < 5; m++) expect(t.runMinute(DAY0 + m * MIN, 20).throttled).toBe(0);
    expect(t.runMinute(DAY0 + 5 * MIN, 20).throttled).toBe(600);
  });

  test('retries are off by default; with retries a throttled unit is sent again the next second', () => {
    const noRetry = table(10, { initialBurstSeconds: 0 });
    const withRetry = table(10, { initialBurstSeconds: 0, retryAttempts: 1 });
    const a = noRetry.runMinute(DAY0, 12);
    const b = withRetry.runMinute(DAY0, 12);
    expect(a.requested).toBe(720);
    expect(b.requested).toBeGreaterThan(720);
    expect(b.throttled).toBeGreaterThan(a.throttled);
  });
});

describe('ProvisionedCapacity: UpdateTable', () => {
  test('the new capacity applies after the delay; meanwhile the table is UPDATING and refuses updates', () => {
    const t = new ProvisionedCapacity({ initialCapacity: 10, updateDelaySeconds: 30 });
    expect(t.update(DAY0, 20)).toBe('ok');
    expect(t.status(DAY0 + 29_999)).toBe('UPDATING');
    expect(t.update(DAY0 + 1000, 30)).toBe('ResourceInUseException');
    expect(t.describedCapacity()).toBe(20);
    const out = t.runMinute(DAY0, 0);
    expect(out.capacitySeconds).toBe(30 * 10 + 30 * 20);
    expect(t.capacity).toBe(20);
    expect(t.status(DAY0 + 30_000)).toBe('ACTIVE');
  });

  test.each([
    ['no change', 10, 'ValidationException'],
    ['zero', 0, 'ValidationException'],
    ['fraction', 10.5, 'ValidationException'],
    ['above the table quota', 40001, 'ValidationException'],
    ['increase', 11, 'ok'],
    ['decrease', 9, 'ok'],
  ])('%s', (_name, capacity, outcome) => {
    expect(table(10).update(DAY0, capacity)).toBe(outcome);
  });

  test('the 5th decrease within the hour is refused with LimitExceededException', () => {
    const t = table(100);
    for (let i = 0; i < 4; i++) expect(t.update(DAY0 + i * MIN, 90 - i)).toBe('ok');
    expect(t.update(DAY0 + 5 * MIN, 50)).toBe('LimitExceededException');
    expect(t.update(DAY0 + 5 * MIN, 200)).toBe('ok');
    expect([t.changes, t.decreases]).toEqual([5, 4]);
  });
});

describe('CloudWatchModel', () => {
  const start = DAY0;
  function model(delaySeconds = 60): CloudWatchModel {
    const cw = new CloudWatchModel(start, 30, { delaySeconds, provisionedPeriodMinutes: 1 });
    for (let m = 0; m < 30; m++) {
      const idle = m === 3;
      cw.record(m, idle ? 0 : 60 * (m + 1), idle ? 0 : 60 * (m + 1), m === 5 ? 7 : 0, 10);
    }
    return cw;
  }

  test('answers the default lookback window [now-15, now-10) as one Sum', () => {
    const now = start + 20 * MIN;
    // Minutes 5-9: consumed 60*(m+1) each.
    expect(model().query('consumed', now - 15 * MIN, now - 10 * MIN, now)).toBe(60 * (6 + 7 + 8 + 9 + 10));
    expect(model().query('throttled', now - 15 * MIN, now - 10 * MIN, now)).toBe(7);
    expect(model().query('provisioned', now - 15 * MIN, now - 10 * MIN, now)).toBe(10);
  });

  test('a minute without traffic has no datapoint; a window of such minutes has none at all', () => {
    const now = start + 10 * MIN;
    expect(model().query('consumed', start + 3 * MIN, start + 4 * MIN, now)).toBeUndefined();
    expect(model().query('throttled', start, start + 5 * MIN, now)).toBeUndefined();
    expect(model().query('consumed', start + 2 * MIN, start + 5 * MIN, now)).toBe(60 * 3 + 60 * 5);
  });

  test('Provisioned*CapacityUnits has one datapoint per five epoch-aligned minutes: a one-minute window gets none', () => {
    const cw = new CloudWatchModel(start, 30, { delaySeconds: 60 });
    for (let m = 0; m < 30; m++) cw.record(m, 60, 60, 0, m < 12 ? 10 : 20);
    const now = start + 25 * MIN;
    // Minutes 6, 7, 8: none starts a five-minute period.
    for (const m of [6, 7, 8]) expect(cw.query('provisioned', start + m * MIN, start + (m + 1) * MIN, now)).toBeUndefined();
    // Minute 10 starts one: it covers [10, 15), capacity 10 for two minutes then 20 for three.
    expect(cw.query('provisioned', start + 10 * MIN, start + 11 * MIN, now)).toBe((2 * 10 + 3 * 20) / 5);
    // A five-minute window holds exactly one datapoint, wherever it starts.
    expect(cw.query('provisioned', start + 7 * MIN, start + 12 * MIN, now)).toBe(16);
    expect(cw.query('provisioned', start, start + 10 * MIN, now)).toBe(10);
    // The consumed metric keeps one datapoint per minute.
    expect(cw.query('consumed', start + 7 * MIN, start + 8 * MIN, now)).toBe(60);
  });

  test('a five-minute provisioned datapoint is visible only once its whole period is, plus the delay', () => {
    const cw = new CloudWatchModel(start, 30, { delaySeconds: 120 });
    for (let m = 0; m < 30; m++) cw.record(m, 60, 60, 0, 10);
    // The period [10, 15) ends at 15 min: visible from 17 min on.
    expect(cw.query('provisioned', start + 10 * MIN, start + 11 * MIN, start + 17 * MIN - 1)).toBeUndefined();
    expect(cw.query('provisioned', start + 10 * MIN, start + 11 * MIN, start + 17 * MIN)).toBe(10);
  });

  test('periods are aligned to the epoch, not to the trace start', () => {
    const cw = new CloudWatchModel(start + 2 * MIN, 20, { delaySeconds: 0 });
    for (let m = 0; m < 20; m++) cw.record(m, 60, 60, 0, 10);
    expect([0, 1, 2, 3, 4, 5, 8].map((m) => cw.startsProvisionedPeriod(m))).toEqual([false, false, false, true, false, false, true]);
    expect(() => new CloudWatchModel(start, 5, { provisionedPeriodMinutes: 0 })).toThrow('provisionedPeriodMinutes must be an integer from 1 to 60, got 0');
  });

  test('defaults: datapoints visible 120 s after their period, Provisioned at five minutes, UpdateTable after 180 s', () => {
    expect(DEFAULT_CLOUDWATCH_DELAY_SECONDS).toBe(120);
    expect(DEFAULT_PROVISIONED_PERIOD_MINUTES).toBe(5);
    expect(DEFAULT_UPDATE_DELAY_SECONDS).toBe(180);
    const cw = new CloudWatchModel(start, 30);
    expect(cw.delayMs).toBe(120_000);
    expect(cw.provisionedPeriodMinutes).toBe(5);
    const t = new ProvisionedCapacity({ initialCapacity: 10 });
    expect(t.update(start, 20)).toBe('ok');
    expect(t.status(start + 180_000 - 1)).toBe('UPDATING');
    expect(t.update(start + 179_000, 30)).toBe('ResourceInUseException');
    expect(t.status(start + 180_000)).toBe('ACTIVE');
    // The old capacity holds until the update applies: minutes 0-2 at 10, minute 3 at 20.
    const provisioned: number[] = [];
    for (let m = 0; m < 4; m++) provisioned.push(t.runMinute(start + m * MIN, 0).capacitySeconds / 60);
    expect(provisioned).toEqual([10, 10, 10, 20]);
  });

  test('a datapoint is visible only after its minute ends plus the delay', () => {
    const cw = model(120);
    // Minute 7 ends at 8 min; with a 120 s delay it is visible from 10 min on.
    expect(cw.query('consumed', start + 7 * MIN, start + 8 * MIN, start + 10 * MIN - 1)).toBeUndefined();
    expect(cw.query('consumed', start + 7 * MIN, start + 8 * MIN, start + 10 * MIN)).toBe(480);
    expect(cw.lastVisibleMinute(start + 10 * MIN)).toBe(7);
  });
});

test('a decrease applied at the end of a minute leaves a burst bucket of the new capacity, not the old one (issue 11)', () => {
  const t = new ProvisionedCapacity({ initialCapacity: 500, updateDelaySeconds: 60 });
  expect(t.update(0, 100)).toBe('ok');
  t.runMinute(0, 0); // the decrease applies as this minute ends
  expect(t.burstUnits).toBeLessThanOrEqual(300 * 100);
  const out = t.runMinute(60_000, 3000);
  expect(out.consumed).toBeLessThanOrEqual(100 * 60 + 300 * 100);
});
