/** Target tracking's own curve (bench/target-tracking-curve.ts) and what the bench reads off it. */
import {
  CurvePoint, curvePosition, CURVE_TARGETS, extraRunningShare, goalOnCurve, lowerEnvelope, ON_CURVE, outOfReachOnCurve, positionOn,
  targetTrackingCurve, unitsAtCapacityCost,
} from '../../bench/target-tracking-curve';
import { PolicyResult } from '../../src/sim/results';
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

describe('lowerEnvelope', () => {
  test('keeps the points no other beats on both capacity cost and throttled units, by rising cost', () => {
    const curve = [
      point(50, 10, 0), point(60, 8, 100), point(61, 7.9, 150), point(62, 7.8, 90), point(70, 6, 300), point(80, 5, 700), point(81, 5, 650),
    ];
    // 60 and 61 are beaten by 62 (cheaper and fewer units); 80 by 81 (as cheap, fewer units).
    expect(lowerEnvelope(curve).map((p) => p.target)).toEqual([81, 70, 62, 50]);
  });
});

describe('unitsAtCapacityCost', () => {
  const curve = [point(50, 10, 0), point(60, 8, 100), point(70, 6, 300), point(80, 5, 700)];

  test('interpolates linearly between the two points of the envelope whose costs bracket it', () => {
    expect(unitsAtCapacityCost(curve, 7)).toEqual({ targets: [60, 70], throttledUnits: 200 });
    expect(unitsAtCapacityCost(curve, 5.25)).toEqual({ targets: [70, 80], throttledUnits: 600 });
    expect(unitsAtCapacityCost(curve, 9.5)).toEqual({ targets: [50, 60], throttledUnits: 25 });
  });

  test('a point at exactly that cost is read as it is', () => {
    expect(unitsAtCapacityCost(curve, 8)).toEqual({ targets: [60], throttledUnits: 100 });
    expect(unitsAtCapacityCost(curve, 5)).toEqual({ targets: [80], throttledUnits: 700 });
  });

  test('outside the curve, nothing', () => {
    expect(unitsAtCapacityCost(curve, 10.01)).toBeUndefined();
    expect(unitsAtCapacityCost(curve, 4.99)).toBeUndefined();
    expect(unitsAtCapacityCost([], 1)).toBeUndefined();
  });

  test('above the envelope\'s dearest point, within the curve, that point\'s units: target tracking does as well with less', () => {
    // 50 costs more than 60 and throttles as much: the envelope ends at 60, the curve at 50's cost.
    const flat = [point(50, 10, 100), point(60, 8, 100), point(70, 6, 300)];
    expect(unitsAtCapacityCost(flat, 9)).toEqual({ targets: [60], throttledUnits: 100 });
    expect(unitsAtCapacityCost(flat, 10)).toEqual({ targets: [60], throttledUnits: 100 });
    expect(unitsAtCapacityCost(flat, 10.5)).toBeUndefined();
  });

  test('a point beaten by another is left out: the reading is the best target tracking does for that capacity', () => {
    // 65 provisions more than 70 and throttles more: between 60 and 70 the line ignores it.
    const bumpy = [point(60, 8, 100), point(65, 7, 400), point(70, 6, 300)];
    expect(unitsAtCapacityCost(bumpy, 7)).toEqual({ targets: [60, 70], throttledUnits: 200 });
  });
});

describe('targetTrackingCurve', () => {
  const trace = spiky(3 * 1440, 50, 400, 180);

  test('one point per target, each the native model at that target with its running cost taken out', () => {
    const curve = targetTrackingCurve(trace, 'mean', {}, [60, 70, 80]);
    expect(curve.map((p) => p.target)).toEqual([60, 70, 80]);
    const at70 = simulate(trace, [{ kind: 'native', targetUtilizationPercent: 70 }]).results[0];
    expect(at70.runningCostUsd).toBeGreaterThan(0);
    expect(curve[1].capacityCostUsd).toBeCloseTo(at70.costUsd - at70.runningCostUsd, 9);
    expect(curve[1].throttledUnits).toBe(at70.throttledUnits);
  });

  test('by default, every whole percent the native model accepts', () => {
    expect(CURVE_TARGETS[0]).toBe(20);
    expect(CURVE_TARGETS[CURVE_TARGETS.length - 1]).toBe(90);
    expect(CURVE_TARGETS).toHaveLength(71);
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
});

describe('curvePosition and positionOn', () => {
  const reading = (throttledUnits: number) => ({ targets: [70, 75], throttledUnits });

  test('within 5 % of target tracking\'s units at the same capacity cost is on the curve; beyond, below or above', () => {
    expect(ON_CURVE).toBe(0.05);
    expect(curvePosition(1000, reading(1000))).toBe('on');
    expect(curvePosition(1050, reading(1000))).toBe('on');
    expect(curvePosition(950, reading(1000))).toBe('on');
    expect(curvePosition(1051, reading(1000))).toBe('above');
    expect(curvePosition(949, reading(1000))).toBe('below');
  });

  test('where target tracking throttles nothing there, only nothing is on it; off the curve, no position', () => {
    expect(curvePosition(0, reading(0))).toBe('on');
    expect(curvePosition(1, reading(0))).toBe('above');
    expect(curvePosition(10, undefined)).toBeUndefined();
  });

  test('positionOn reads the curve at the plan\'s own capacity cost', () => {
    const curve = [point(60, 8, 100), point(70, 6, 300)];
    expect(positionOn(curve, 200, 7)).toBe('on');
    expect(positionOn(curve, 150, 7)).toBe('below');
    expect(positionOn(curve, 150, 8)).toBe('above');
    expect(positionOn(curve, 150, 9)).toBeUndefined();
  });
});

describe('goalOnCurve and outOfReachOnCurve', () => {
  const curve = [point(60, 8, 100), point(70, 6, 300), point(80, 5, 700)];
  const bounds = (throttledUnits: number, costUsd: number) => ({ throttledUnits, costUsd, heavy: false });

  test('the capacity left is the cost bound less the running cost; the share is the bound over target tracking there', () => {
    const g = goalOnCurve(curve, bounds(190, 7.5), 0.5);
    expect(g.capacityLeftUsd).toBe(7);
    expect(g.reading).toEqual({ targets: [60, 70], throttledUnits: 200 });
    expect(g.share).toBeCloseTo(0.95, 12);
  });

  test('out of reach on the curve only when the goal needs more than 5 % fewer units than target tracking there', () => {
    expect(outOfReachOnCurve(goalOnCurve(curve, bounds(190, 7.5), 0.5))).toBe(false);
    expect(outOfReachOnCurve(goalOnCurve(curve, bounds(189, 7.5), 0.5))).toBe(true);
    // With no running cost the same bound leaves more capacity, where target tracking throttles fewer.
    expect(goalOnCurve(curve, bounds(189, 7.5), 0).share).toBeCloseTo(189 / 150, 12);
  });

  test('off the curve, or where target tracking throttles none there, no share and never out of reach', () => {
    const off = goalOnCurve(curve, bounds(10, 20), 0);
    expect(off.reading).toBeUndefined();
    expect(off.share).toBeUndefined();
    expect(outOfReachOnCurve(off)).toBe(false);
    const none = goalOnCurve([point(60, 8, 0), point(70, 6, 0)], bounds(0, 7), 0);
    expect(none.reading).toEqual({ targets: [70], throttledUnits: 0 });
    expect(none.share).toBeUndefined();
  });
});

test('extraRunningShare: what a policy pays more to run, over the native total', () => {
  const result = (costUsd: number, runningCostUsd: number) => ({ costUsd, runningCostUsd }) as PolicyResult;
  expect(extraRunningShare(result(30, 2.1), result(35, 0.7))).toBeCloseTo(0.04, 12);
  expect(extraRunningShare(result(30, 0.5), result(35, 0.7))).toBeCloseTo(-0.2 / 35, 12);
});
