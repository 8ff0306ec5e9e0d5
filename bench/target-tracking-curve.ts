/**
 * Target tracking's own curve on a trace: what capacity buys when target tracking is set to other
 * targets (the capacity it provisions against the units it throttles), so a policy's capacity can be
 * held against target tracking's at the same capacity cost, apart from what each pays to run.
 * A yardstick for docs/benchmarks.md, run through the simulator's native model.
 */
import { PolicyResult } from '../src/sim/results';
import { simulate, SimulationOptions } from '../src/sim/simulate';
import { ScaleOutSizing } from '../src/sim/target-tracking';
import { Trace } from '../src/sim/trace';

/** The target utilizations (%) the curve is taken at. */
export const CURVE_TARGETS: readonly number[] = [50, 55, 60, 65, 70, 75, 80, 85, 90];

/** Target tracking at one target. */
export interface CurvePoint {
  /** Its target utilization, %. */
  readonly target: number;
  /** The capacity it provisioned, USD (its total cost without its alarms). */
  readonly capacityCostUsd: number;
  /** The units it throttled. */
  readonly throttledUnits: number;
}

/** A result's capacity cost: its total without its running cost, USD. */
export function capacityCostUsd(r: PolicyResult): number {
  return r.costUsd - r.runningCostUsd;
}

/** Target tracking with `sizing` at each of `targets` on `trace`, in the order of `targets`. */
export function targetTrackingCurve(
  trace: Trace, sizing: ScaleOutSizing, options: SimulationOptions = {}, targets: readonly number[] = CURVE_TARGETS,
): CurvePoint[] {
  const sim = simulate(trace, targets.map((t) => ({ kind: 'native', targetUtilizationPercent: t, scaleOutSizing: sizing })), options);
  return sim.results.map((r, i) => ({ target: targets[i], capacityCostUsd: capacityCostUsd(r), throttledUnits: r.throttledUnits }));
}

/** Target tracking's throttled units at a capacity cost, read off its curve. */
export interface CurveReading {
  /** The lower target of the two whose capacity costs bracket it. */
  readonly lowTarget: number;
  /** The higher one (equal to `lowTarget` when a point's cost is exactly the one asked). */
  readonly highTarget: number;
  /** Throttled units, interpolated linearly in capacity cost between the two. */
  readonly throttledUnits: number;
}

/**
 * Target tracking's throttled units at `costUsd` of capacity: interpolated between the first two
 * neighbouring targets of `curve` (in target order) whose capacity costs bracket it. A higher target
 * provisions less, so the costs usually fall along the curve; where they do not, the first bracket
 * counts. Undefined when `costUsd` is outside every bracket (cheaper or dearer than the whole curve).
 */
export function unitsAtCapacityCost(curve: readonly CurvePoint[], costUsd: number): CurveReading | undefined {
  for (let i = 0; i < curve.length; i++) {
    const a = curve[i];
    if (a.capacityCostUsd === costUsd) return { lowTarget: a.target, highTarget: a.target, throttledUnits: a.throttledUnits };
    const b = curve[i + 1];
    if (b === undefined) break;
    const [lo, hi] = a.capacityCostUsd < b.capacityCostUsd ? [a, b] : [b, a];
    if (lo.capacityCostUsd < costUsd && costUsd < hi.capacityCostUsd) {
      const w = (costUsd - lo.capacityCostUsd) / (hi.capacityCostUsd - lo.capacityCostUsd);
      return { lowTarget: a.target, highTarget: b.target, throttledUnits: lo.throttledUnits + w * (hi.throttledUnits - lo.throttledUnits) };
    }
  }
  return undefined;
}
