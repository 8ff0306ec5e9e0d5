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
import { GoalBounds } from '../src/sim/tune';

/** The target utilizations (%) the curve is taken at: every whole percent the native model accepts. */
export const CURVE_TARGETS: readonly number[] = Array.from({ length: 71 }, (_, i) => 20 + i);

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

/**
 * Target tracking with `sizing` at each of `targets` on `trace`, in the order of `targets`.
 *
 * @param options the simulation's options (timing, prices) @default - the simulator's defaults
 * @param targets the targets, % @default CURVE_TARGETS
 */
export function targetTrackingCurve(
  trace: Trace, sizing: ScaleOutSizing, options: SimulationOptions = {}, targets: readonly number[] = CURVE_TARGETS,
): CurvePoint[] {
  const sim = simulate(trace, targets.map((t) => ({ kind: 'native', targetUtilizationPercent: t, scaleOutSizing: sizing })), options);
  return sim.results.map((r, i) => ({ target: targets[i], capacityCostUsd: capacityCostUsd(r), throttledUnits: r.throttledUnits }));
}

/**
 * The points of `curve` that no other point beats on both capacity cost and throttled units (the
 * best target tracking does for its capacity), by rising capacity cost, so by falling throttled
 * units. Throttling does not always rise with the target (one target's scale-in lands just before
 * a spike where the next one's does not): the envelope leaves out such noise.
 */
export function lowerEnvelope(curve: readonly CurvePoint[]): CurvePoint[] {
  const sorted = [...curve].sort((a, b) => a.capacityCostUsd - b.capacityCostUsd || a.throttledUnits - b.throttledUnits);
  const out: CurvePoint[] = [];
  for (const p of sorted) {
    if (out.length === 0 || p.throttledUnits < out[out.length - 1].throttledUnits) out.push(p);
  }
  return out;
}

/** Target tracking's throttled units at a capacity cost, read off its curve. */
export interface CurveReading {
  /** The targets of the envelope's points it lies between, ascending (one when a point has exactly that cost). */
  readonly targets: readonly number[];
  /** Throttled units, interpolated linearly in capacity cost between them. */
  readonly throttledUnits: number;
}

/**
 * Target tracking's throttled units at `costUsd` of capacity: interpolated on the lower envelope of
 * `curve` between its two points whose capacity costs bracket it; above the envelope's dearest
 * point but within the curve, that point's units (target tracking does that well with less).
 * Undefined when `costUsd` is cheaper or dearer than the whole curve.
 */
export function unitsAtCapacityCost(curve: readonly CurvePoint[], costUsd: number): CurveReading | undefined {
  const env = lowerEnvelope(curve);
  const last = env[env.length - 1];
  if (last !== undefined && costUsd > last.capacityCostUsd) {
    const dearest = Math.max(...curve.map((p) => p.capacityCostUsd));
    return costUsd <= dearest ? { targets: [last.target], throttledUnits: last.throttledUnits } : undefined;
  }
  for (let i = 0; i < env.length; i++) {
    const a = env[i];
    if (a.capacityCostUsd === costUsd) return { targets: [a.target], throttledUnits: a.throttledUnits };
    const b = env[i + 1];
    if (b !== undefined && a.capacityCostUsd < costUsd && costUsd < b.capacityCostUsd) {
      const w = (costUsd - a.capacityCostUsd) / (b.capacityCostUsd - a.capacityCostUsd);
      return { targets: [a.target, b.target].sort((x, y) => x - y), throttledUnits: a.throttledUnits + w * (b.throttledUnits - a.throttledUnits) };
    }
  }
  return undefined;
}

/** Within this share of target tracking's units at the same capacity cost, a plan is on its curve. */
export const ON_CURVE = 0.05;

/** Where `units` lie against target tracking's `reading` at the same capacity cost; undefined off the curve. */
export function curvePosition(units: number, reading: CurveReading | undefined): 'on' | 'below' | 'above' | undefined {
  if (!reading) return undefined;
  if (reading.throttledUnits === 0) return units === 0 ? 'on' : 'above';
  const ratio = units / reading.throttledUnits;
  return ratio < 1 - ON_CURVE ? 'below' : ratio > 1 + ON_CURVE ? 'above' : 'on';
}

/** Where a plan that throttled `units` for `costUsd` of capacity lies against `curve`. */
export function positionOn(curve: readonly CurvePoint[], units: number, costUsd: number): ReturnType<typeof curvePosition> {
  return curvePosition(units, unitsAtCapacityCost(curve, costUsd));
}

/** What the goal leaves a policy that pays `runningCostUsd` to run, and what it needs there. */
export interface GoalOnCurve {
  /** The capacity cost the goal leaves: its cost bound less the running cost, USD. */
  readonly capacityLeftUsd: number;
  /** Target tracking there, on its curve; undefined off the curve. */
  readonly reading?: CurveReading;
  /** The goal's throttled units over target tracking's there; undefined off the curve or where it throttles none. */
  readonly share?: number;
}

/** The capacity the goal's `bounds` leave a policy paying `runningCostUsd` to run, and the share of target tracking's units it may throttle there. */
export function goalOnCurve(curve: readonly CurvePoint[], bounds: GoalBounds, runningCostUsd: number): GoalOnCurve {
  const capacityLeftUsd = bounds.costUsd - runningCostUsd;
  const reading = unitsAtCapacityCost(curve, capacityLeftUsd);
  const share = reading && reading.throttledUnits > 0 ? bounds.throttledUnits / reading.throttledUnits : undefined;
  return { capacityLeftUsd, ...(reading ? { reading } : {}), ...(share !== undefined ? { share } : {}) };
}

/**
 * Whether a plan on the curve (within ON_CURVE of target tracking's units) cannot meet the goal:
 * at the capacity the goal leaves, it needs fewer units than that band allows.
 */
export function outOfReachOnCurve(goal: GoalOnCurve): boolean {
  return goal.share !== undefined && goal.share < 1 - ON_CURVE;
}

/** How much more `policy` pays to run than `native`, as a share of `native`'s total cost. */
export function extraRunningShare(policy: PolicyResult, native: PolicyResult): number {
  return (policy.runningCostUsd - native.runningCostUsd) / native.costUsd;
}
