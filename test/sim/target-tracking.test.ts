/**
 * Pins the native target-tracking model: AlarmHigh 2 of 2 above target, AlarmLow 15 of 15 below
 * target - 20 points, new capacity = consumption / target, no scale-in on missing data, cooldowns, min/max.
 */
import { CloudWatchModel } from '../../src/sim/cloudwatch';
import { ProvisionedCapacity } from '../../src/sim/dynamodb-capacity';
import { simulate } from '../../src/sim/simulate';
import { TargetTrackingModel, TargetTrackingModelOptions } from '../../src/sim/target-tracking';

const MIN = 60_000;
const START = Date.UTC(2026, 0, 5);

/**
 * Drives the model minute by minute over `load` (units/s per minute), with datapoints visible as
 * soon as their minute ends and updates applied at once. Returns the capacity at each minute's start.
 */
function drive(load: number[], initial: number, options: TargetTrackingModelOptions = {}, initialBurstSeconds = 0): number[] {
  const model = new TargetTrackingModel(options);
  const table = new ProvisionedCapacity({ initialCapacity: initial, updateDelaySeconds: 0, initialBurstSeconds });
  const cw = new CloudWatchModel(START, load.length, { delaySeconds: 0 });
  const capacity: number[] = [];
  for (let m = 0; m < load.length; m++) {
    const now = START + m * MIN;
    model.evaluate(now, cw, table);
    capacity.push(table.capacity);
    const out = table.runMinute(now, load[m]);
    cw.record(m, out.requested, out.consumed, out.throttled, out.capacitySeconds / 60);
  }
  return capacity;
}

describe('TargetTrackingModel', () => {
  test('one minute above target does nothing; the second scales out to consumption / target', () => {
    // Capacity 100 at 70 %: 75 u/s is above 70.
    const cap = drive([50, 75, 50, 75, 75, 75], 100);
    expect(cap).toEqual([100, 100, 100, 100, 100, 108]);
    expect(Math.ceil(75 / 0.7)).toBe(108);
  });

  test('a scale-out is capped near 1/target per step while throttling hides demand', () => {
    // Demand 1000 u/s against 100: consumption reads 100, so a step goes to ceil(100/0.7) = 143, then 205, ...
    // After each step the alarm threshold follows the new capacity, so it takes 2 fresh minutes to fire again.
    const cap = drive(Array(8).fill(1000), 100);
    expect(cap).toEqual([100, 100, 143, 143, 205, 205, 293, 293]);
  });

  test('scale-in needs 15 of 15 minutes below target - 20 points, then goes to consumption / target', () => {
    // 40 u/s against 100 is below 50 %.
    const fourteen = drive([...Array(14).fill(40), 60, ...Array(14).fill(40)], 100);
    expect(new Set(fourteen)).toEqual(new Set([100]));
    const fifteen = drive(Array(17).fill(40), 100);
    expect(fifteen.slice(14)).toEqual([100, 58, 58]);
  });

  test('no scale-in without data: an idle table keeps its capacity', () => {
    expect(new Set(drive(Array(120).fill(0), 100))).toEqual(new Set([100]));
  });

  test('a minute without traffic among low minutes blocks the scale-in (15 of 15 datapoints needed)', () => {
    const cap = drive([...Array(7).fill(40), 0, ...Array(10).fill(40)], 100);
    expect(cap[16]).toBe(100);
    expect(cap[17]).toBe(100);
  });

  test('min and max clamp the new capacity', () => {
    expect(drive(Array(6).fill(1000), 100, { maxCapacity: 120 })[3]).toBe(120);
    expect(drive(Array(17).fill(1), 100, { minCapacity: 20 })[15]).toBe(20);
  });

  test('the scale-in cooldown blocks the next scale-in but not a scale-out', () => {
    const load = [...Array(16).fill(40), ...Array(16).fill(20), 80, 80, 80];
    const noCooldown = drive(load, 100);
    const cooldown = drive(load, 100, { scaleInCooldownSeconds: 3600 });
    // Both scale in once at minute 15; only the one without cooldown scales in again.
    expect(noCooldown[15]).toBe(58);
    expect(cooldown[15]).toBe(58);
    expect(Math.min(...noCooldown.slice(16, 32))).toBeLessThan(58);
    expect(Math.min(...cooldown.slice(16, 32))).toBe(58);
    // 80 u/s against 58 is above 70 %: scale out despite the scale-in cooldown.
    expect(cooldown[34]).toBe(Math.ceil(80 / 0.7));
  });

  test('the scale-out cooldown blocks a second scale-out and any scale-in', () => {
    const cap = drive(Array(10).fill(1000), 100, { scaleOutCooldownSeconds: 300 });
    expect(cap).toEqual([100, 100, 143, 143, 143, 143, 143, 205, 205, 205]);
  });

  test.each([19, 91])('target %d %% is refused', (target) => {
    expect(() => new TargetTrackingModel({ targetUtilizationPercent: target })).toThrow(`target utilization must be 20-90 %, got ${target}`);
  });
});

describe('scale-out sizing: the mean of AlarmHigh\'s datapoints or the latest one', () => {
  // A step from 50 to 1000 u/s against 100 units, with a full burst bucket (300 s x 100 units):
  // minute 5 consumes 6000 + 30000 units (600 u/s), minute 6 only the capacity (100 u/s).
  const step = [...Array(5).fill(50), ...Array(15).fill(1000)];

  test('mean (the default) sizes the first step from (600 + 100) / 2 = 350 u/s: 500 units', () => {
    const cap = drive(step, 100, {}, 300);
    expect(cap).toEqual(drive(step, 100, { scaleOutSizing: 'mean' }, 300));
    expect(cap.slice(5, 16)).toEqual([100, 100, 500, 500, 715, 715, 1022, 1022, 1429, 1429, 1429]);
    expect(Math.ceil((350 * 100) / 70 - 1e-9)).toBe(500);
  });

  test('latest sizes it from minute 6, capped at the capacity: it climbs by 1/target every 2 minutes', () => {
    const cap = drive(step, 100, { scaleOutSizing: 'latest' }, 300);
    expect(cap.slice(5)).toEqual([100, 100, 143, 143, 205, 205, 293, 293, 419, 419, 599, 599, 856, 856, 1223]);
    // Each step is ceil(capacity / 0.7): the latest minute consumed exactly the capacity.
    for (const [from, to] of [[100, 143], [143, 205], [205, 293], [293, 419], [419, 599], [599, 856], [856, 1223]]) {
      expect(Math.ceil((from * 100) / 70 - 1e-9)).toBe(to);
    }
  });

  test('without burst credit both minutes read the capacity, so the two agree', () => {
    expect(drive(Array(8).fill(1000), 100, { scaleOutSizing: 'latest' })).toEqual(drive(Array(8).fill(1000), 100));
  });

  test('through simulate(), the latest variant is named native:<target>:latest and throttles more on the step', () => {
    const load = Float64Array.from(step);
    const trace = { startMs: START, load, intervalSeconds: 60, rows: load.length, unitsPerSecondPerValue: 1 };
    const sim = simulate(trace, [
      { kind: 'native', targetUtilizationPercent: 70 },
      { kind: 'native', targetUtilizationPercent: 70, scaleOutSizing: 'latest' },
    ], { initialCapacity: 100, cloudWatch: { delaySeconds: 0 }, table: { updateDelaySeconds: 0 } });
    expect(sim.results.map((r) => r.policy)).toEqual(['native:70', 'native:70:latest']);
    const [mean, latest] = sim.results;
    expect(latest.throttledUnits).toBeGreaterThan(mean.throttledUnits);
    expect(latest.capacityChanges).toBeGreaterThan(mean.capacityChanges);
  });
});

describe('native target tracking sees the same CloudWatch delays as custom policies', () => {
  test('through simulate(), each extra minute of datapoint delay makes its first scale-out a minute later', () => {
    const load = new Float64Array(60).fill(50);
    for (let m = 20; m < 60; m++) load[m] = 200;
    const trace = { startMs: START, load, intervalSeconds: 60, rows: 60, unitsPerSecondPerValue: 1 };
    const firstScaleOut = (delaySeconds: number) => {
      const sim = simulate(trace, [{ kind: 'native', targetUtilizationPercent: 70 }], {
        initialCapacity: 100, cloudWatch: { delaySeconds }, table: { updateDelaySeconds: 60 }, keepTimelines: true,
      });
      return sim.runs[0].timeline!.capacity.findIndex((c, m) => m >= 20 && c > 100);
    };
    const at = [60, 120, 180, 300].map(firstScaleOut);
    // Minutes 20 and 21 breach; the alarm can fire once minute 21 is visible: 22 min + delay, applied a minute later.
    expect(at).toEqual([24, 25, 26, 28]);
  });
});
