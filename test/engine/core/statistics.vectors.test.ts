/**
 * Every statistics vector of dd 2.5.1 (128) and every maintenance-window vector (112).
 */
import { isInMaintenanceWindow, parseMaintenanceWindows } from '../../../src/engine/core/maintenance-window';
import {
  consumedPercent, lookbackSeconds, metricWindow, throttleCount, throttledByConsumedPercent, throttledByProvisionedPercent,
} from '../../../src/engine/core/statistics';
import { ddVectors, MaintenanceWindowVector, StatisticsVector } from '../dd-vectors';

function run(v: StatisticsVector): number {
  const isGsi = v.function.startsWith('statistics.gsi.');
  const [start, period] = (isGsi ? v.args.slice(2) : v.args.slice(1)) as [number, number];
  const secs = lookbackSeconds(period);
  const s = v.cloudwatch_sums;
  const fn = v.function.replace(/^statistics\.(table|gsi)\./, '');
  const dim = /read/.test(fn) ? 'Read' : 'Write';
  const prov = dim === 'Read' ? v.provisioned.read : v.provisioned.write;
  expect(metricWindow(start, period)).toEqual({
    startMinutesBeforeNow: v.cloudwatch_queries[0].start_minutes_before_now,
    endMinutesBeforeNow: v.cloudwatch_queries[0].end_minutes_before_now,
    periodSeconds: v.cloudwatch_queries[0].period_seconds,
  });
  switch (fn) {
    case 'get_consumed_read_units_percent':
    case 'get_consumed_write_units_percent':
      return consumedPercent(s[`Consumed${dim}CapacityUnits`], secs, prov);
    case 'get_throttled_read_event_count':
    case 'get_throttled_write_event_count':
      return throttleCount(s[`${dim}ThrottleEvents`]);
    case 'get_throttled_by_provisioned_read_event_percent':
    case 'get_throttled_by_provisioned_write_event_percent':
      return throttledByProvisionedPercent(s[`${dim}ThrottleEvents`], secs, prov);
    case 'get_throttled_by_consumed_read_percent':
    case 'get_throttled_by_consumed_write_percent':
      return throttledByConsumedPercent(s[`${dim}ThrottleEvents`], s[`Consumed${dim}CapacityUnits`], secs);
    default:
      throw new Error(`no engine function for ${v.function}`);
  }
}

const stats = ddVectors().statistics_vectors;
test('128 statistics vectors', () => expect(stats).toHaveLength(128));
test.each(stats.map((v) => [`${v.function}(${v.args.join(', ')}) sums=${JSON.stringify(v.cloudwatch_sums)}`, v] as const))(
  '%s is bit-identical', (_n, v) => {
    expect(run(v)).toBe(v.result);
  });

test('D9: a consumed Sum of 0 gives 0% throttled-by-consumed instead of ZeroDivisionError', () => {
  expect(throttledByConsumedPercent(10, 0, 300)).toBe(0);
});

/**
 * D10: dd compares `HHMM` strings. These windows behave differently here, by design:
 * - `23:00-01:00` crosses midnight (dd: never matches);
 * - `9:00-17:00` has a one-digit hour (dd: never matches);
 * - `01:00-02:00, 10:00-11:00` tolerates the space (dd: acts as 00:00-11:00);
 * - `0100` is malformed: a parse error here (dd: silently "outside").
 */
const expectedDeviations: Record<string, string> = {
  '23:00-01:00': 'D10: a window may cross midnight',
  '9:00-17:00': 'D10: one-digit hours accepted',
  '01:00-02:00, 10:00-11:00': 'D10: whitespace accepted',
  '0100': 'D10: malformed windows are an error',
};

function minuteOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
}
/** What the D10 rules say, written independently of the parser: inclusive, wrap when start > end. */
function d10Expected(windows: string, now: string): boolean {
  const t = minuteOf(now);
  return windows.split(',').some((w) => {
    const [a, b] = w.split('-').map((x) => minuteOf(x.trim()));
    return a <= b ? t >= a && t <= b : t >= a || t <= b;
  });
}
function nowMs(hhmm: string): number {
  return Date.UTC(2017, 7, 12) + minuteOf(hhmm) * 60_000 + 30_000;
}

const mw: MaintenanceWindowVector[] = ddVectors().maintenance_window_vectors;
test('112 maintenance-window vectors', () => expect(mw).toHaveLength(112));
test.each(mw.filter((v) => !(v.args[1] in expectedDeviations)).map((v) => [v.args[1], v.now_utc, v] as const))(
  'window %s at %s matches dd', (_w, _t, v) => {
    const parsed = parseMaintenanceWindows(v.args[1]);
    expect(parsed.errors).toEqual([]);
    expect(isInMaintenanceWindow(parsed.windows, nowMs(v.now_utc))).toBe(v.result);
  });

const deviating = mw.filter((v) => v.args[1] in expectedDeviations);
test.each(deviating.map((v) => [v.args[1], v.now_utc, expectedDeviations[v.args[1]], v] as const))(
  'window %s at %s differs by %s', (w, now, _why, v) => {
    const parsed = parseMaintenanceWindows(w);
    if (w === '0100') {
      expect(parsed.errors).toEqual(["maintenance window '0100' is malformed; expected HH:MM-HH:MM in UTC (e.g. 22:00-06:00)"]);
      expect(v.result).toBe(false);
      return;
    }
    expect(parsed.errors).toEqual([]);
    expect(isInMaintenanceWindow(parsed.windows, nowMs(now))).toBe(d10Expected(w, now));
  });

test('every listed D10 deviation names real vectors, and some of them really differ from dd', () => {
  for (const w of Object.keys(expectedDeviations)) expect(deviating.some((v) => v.args[1] === w)).toBe(true);
  const differs = deviating.filter((v) => v.args[1] !== '0100'
    && isInMaintenanceWindow(parseMaintenanceWindows(v.args[1]).windows, nowMs(v.now_utc)) !== v.result);
  expect(differs.length).toBeGreaterThan(0);
});
