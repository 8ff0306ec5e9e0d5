/**
 * Pins the native target-tracking model: AlarmHigh 2 of 2 above target, AlarmLow 15 of 15 below
 * target - 20 points, new capacity = consumption / target, no scale-in on missing data, cooldowns, min/max.
 */
import { TargetTrackingSettings } from '../../src/engine/core/validate-target-tracking';
import { CloudWatchModel } from '../../src/sim/cloudwatch';
import { ProvisionedCapacity } from '../../src/sim/dynamodb-capacity';
import { simulate } from '../../src/sim/simulate';
import { TargetTrackingModel } from '../../src/sim/target-tracking';

const MIN = 60_000;
const START = Date.UTC(2026, 0, 5);

/**
 * Drives the model minute by minute over `load` (units/s per minute), with datapoints visible as
 * soon as their minute ends and updates applied at once. Returns the capacity at each minute's start.
 */
function drive(load: number[], initial: number, options: TargetTrackingSettings = {}): number[] {
  const model = new TargetTrackingModel(options);
  const table = new ProvisionedCapacity({ initialCapacity: initial, updateDelaySeconds: 0, initialBurstSeconds: 0 });
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
