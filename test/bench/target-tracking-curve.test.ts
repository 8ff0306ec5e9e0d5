/** Target tracking's own curve (bench/target-tracking-curve.ts) and the bench's reading of it. */
import { curvePosition } from '../../bench/policies.bench';
import { capacityCostUsd, CurvePoint, CURVE_TARGETS, targetTrackingCurve, unitsAtCapacityCost } from '../../bench/target-tracking-curve';
import { simulate } from '../../src/sim/simulate';
import { Trace } from '../../src/sim/trace';

const START = Date.UTC(2026, 0, 5);

/** A per-minute trace: a base load with a spike of `spike` units/s for 5 minutes every `every` minutes. */
function spiky(minutes: number, base: number, spike: number, every: number): Trace {
  const load = new Float64Array(minutes);
  for (let m = 0; m < minutes; m++) load[m] = m % every < 5 && m >= every ? spike : base;
  return { startMs: START, load, intervalSeconds: 60, rows: minutes, unitsPerSecondPerValue: 1 };
}

const point = (target: number, costUsd: number, throttledUnits: number): CurvePoint => ({ target, capacityCostUsd: costUsd, throttledUnits });

describe('unitsAtCapacityCost', () => {
  const curve = [point(50, 10, 0), point(60, 8, 100), point(70, 6, 300), point(80, 5, 700)];

  test('interpolates linearly between the two targets whose costs bracket it', () => {
    expect(unitsAtCapacityCost(curve, 7)).toEqual({ lowTarget: 60, highTarget: 70, throttledUnits: 200 });
    expect(unitsAtCapacityCost(curve, 5.25)).toEqual({ lowTarget: 70, highTarget: 80, throttledUnits: 600 });
    expect(unitsAtCapacityCost(curve, 9.5)).toEqual({ lowTarget: 50, highTarget: 60, throttledUnits: 25 });
  });

  test('a point at exactly that cost is read as it is', () => {
    expect(unitsAtCapacityCost(curve, 8)).toEqual({ lowTarget: 60, highTarget: 60, throttledUnits: 100 });
    expect(unitsAtCapacityCost(curve, 5)).toEqual({ lowTarget: 80, highTarget: 80, throttledUnits: 700 });
  });

  test('outside the curve, nothing', () => {
    expect(unitsAtCapacityCost(curve, 10.01)).toBeUndefined();
    expect(unitsAtCapacityCost(curve, 4.99)).toBeUndefined();
    expect(unitsAtCapacityCost([], 1)).toBeUndefined();
  });

  test('where the costs do not fall along the curve, the first bracket from the lowest target counts', () => {
    const bumpy = [point(50, 10, 0), point(60, 6, 400), point(70, 8, 100), point(80, 5, 700)];
    // 7 lies between 50-60 (10, 6), 60-70 (6, 8): the first is read.
    expect(unitsAtCapacityCost(bumpy, 7)).toEqual({ lowTarget: 50, highTarget: 60, throttledUnits: 300 });
  });
});

describe('targetTrackingCurve', () => {
  const trace = spiky(3 * 1440, 50, 400, 180);

  test('one point per target, each the native model at that target with its running cost taken out', () => {
    const curve = targetTrackingCurve(trace, 'mean');
    expect(curve.map((p) => p.target)).toEqual([...CURVE_TARGETS]);
    const at70 = simulate(trace, [{ kind: 'native', targetUtilizationPercent: 70 }]).results[0];
    const p70 = curve.find((p) => p.target === 70)!;
    expect(p70.capacityCostUsd).toBeCloseTo(at70.costUsd - at70.runningCostUsd, 9);
    expect(p70.capacityCostUsd).toBeLessThan(at70.costUsd);
    expect(p70.throttledUnits).toBe(at70.throttledUnits);
  });

  test('a higher target provisions less and throttles more on recurring spikes', () => {
    const curve = targetTrackingCurve(trace, 'mean', {}, [50, 90]);
    expect(curve[1].capacityCostUsd).toBeLessThan(curve[0].capacityCostUsd);
    expect(curve[1].throttledUnits).toBeGreaterThan(curve[0].throttledUnits);
  });

  test('the sizing is the one asked for', () => {
    const mean = targetTrackingCurve(trace, 'mean', {}, [70])[0];
    const latest = targetTrackingCurve(trace, 'latest', {}, [70])[0];
    const direct = simulate(trace, [{ kind: 'native', targetUtilizationPercent: 70, scaleOutSizing: 'latest' }]).results[0];
    expect(latest.throttledUnits).toBe(direct.throttledUnits);
    expect(latest.throttledUnits).not.toBe(mean.throttledUnits);
  });

  test('capacityCostUsd is the total without the running cost', () => {
    const r = simulate(trace, [{ kind: 'native', targetUtilizationPercent: 70 }]).results[0];
    expect(capacityCostUsd(r)).toBeCloseTo(r.costUsd - r.runningCostUsd, 12);
    expect(r.runningCostUsd).toBeGreaterThan(0);
  });
});

describe('curvePosition', () => {
  const reading = (throttledUnits: number) => ({ lowTarget: 70, highTarget: 75, throttledUnits });

  test('within 5 % of target tracking\'s units at the same capacity cost is on the curve; beyond, below or above', () => {
    expect(curvePosition(1000, reading(1000))).toBe('on');
    expect(curvePosition(1049, reading(1000))).toBe('on');
    expect(curvePosition(951, reading(1000))).toBe('on');
    expect(curvePosition(1051, reading(1000))).toBe('above');
    expect(curvePosition(949, reading(1000))).toBe('below');
  });

  test('where target tracking throttles nothing there, only nothing is on it; off the curve, no position', () => {
    expect(curvePosition(0, reading(0))).toBe('on');
    expect(curvePosition(1, reading(0))).toBe('above');
    expect(curvePosition(10, undefined)).toBeUndefined();
  });
});
