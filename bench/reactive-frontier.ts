/**
 * How far a policy that acts on published data can go on a trace, in two families run through the
 * simulator's minute loop (`runProvisioned`: the CloudWatch model, UpdateTable's delay, burst
 * capacity, the decrease quota), as a custom policy would be: the oracle's plan carried out as
 * late as a reactive policy acts, and an idealized reactive follower. Each is given the least
 * headroom found that meets a bound on throttled units, so its cost there says whether the goal's
 * cost bound is reachable in that family. Neither is a policy the engine runs; they are
 * yardsticks for docs/benchmarks.md.
 */
import { DEFAULT_MAX_CAPACITY } from '../src/engine';
import { CloudWatchModel } from '../src/sim/cloudwatch';
import { DEFAULT_PRICES, Prices } from '../src/sim/cost';
import { DEFAULT_UPDATE_DELAY_SECONDS } from '../src/sim/dynamodb-capacity';
import { CapacityController, runProvisioned } from '../src/sim/provisioned-run';
import { SimulationOptions } from '../src/sim/simulate';
import { Trace } from '../src/sim/trace';
import { GoalBounds, withinGoal } from '../src/sim/tune';

/** What a plan throttled and what its capacity cost. */
export interface PlanOutcome {
  /** Units throttled, rounded to whole units as in the simulator's results. */
  readonly throttledUnits: number;
  /** Capacity provisioned, USD (no running cost). */
  readonly capacityCostUsd: number;
}

/** When data and capacity arrive: the simulator's `cloudWatch` and `table` options. */
export type FrontierTiming = Pick<SimulationOptions, 'cloudWatch' | 'table'>;

/** Minutes from the start of a rise to its capacity for a policy that acts at the first check that sees it. */
export function reactionMinutes(timing: FrontierTiming = {}): number {
  const cw = new CloudWatchModel(0, 1, timing.cloudWatch);
  cw.record(0, 1, 1, 0, 1);
  // The first minute start at which minute 0 is visible.
  let m = 0;
  while (cw.lastVisibleMinute(m * 60_000) < 0) m++;
  return m + Math.ceil((timing.table?.updateDelaySeconds ?? DEFAULT_UPDATE_DELAY_SECONDS) / 60);
}

/** Runs `controller` over `trace` as the simulator runs a provisioned policy. */
function replay(trace: Trace, controller: CapacityController, initialCapacity: number, timing: FrontierTiming, prices: Prices): PlanOutcome {
  const out = runProvisioned(trace, controller, {
    name: 'frontier',
    kind: 'custom',
    dimension: 'read',
    prices,
    cloudWatch: timing.cloudWatch,
    table: { ...timing.table, initialCapacity: clamp(initialCapacity, timing) },
  });
  return { throttledUnits: out.result.throttledUnits, capacityCostUsd: out.result.costUsd };
}

function clamp(capacity: number, timing: FrontierTiming): number {
  return Math.min(timing.table?.maxCapacity ?? DEFAULT_MAX_CAPACITY, Math.max(1, Math.round(capacity)));
}

/**
 * `plan` (capacity per minute, chosen knowing the whole trace) with `headroom` above it (0.3: 30 %
 * more), each minute's capacity requested at the first check that sees that minute, as a reactive
 * policy would request capacity for it, so it applies as late as a reactive policy's: through
 * UpdateTable (a table that is UPDATING takes no other update), decreases as the quota allows.
 */
export function latePlan(
  trace: Trace, plan: ArrayLike<number>, headroom: number, timing: FrontierTiming = {}, prices: Prices = DEFAULT_PRICES,
): PlanOutcome {
  const controller: CapacityController = {
    atMinute(_m, nowMs, cw, table) {
      const newest = cw.lastVisibleMinute(nowMs);
      if (newest < 0 || table.status(nowMs) !== 'ACTIVE') return;
      const wanted = clamp(plan[newest] * (1 + headroom), timing);
      if (wanted !== table.capacity) table.update(nowMs, wanted);
    },
  };
  return replay(trace, controller, plan[0] * (1 + headroom), timing, prices);
}

/** The idealized reactive follower's setting. */
export interface FollowerSetting {
  /** Capacity covers the highest demand of this many published minutes. */
  readonly holdMinutes: number;
  /** Share above that highest demand (0.1: 10 % more; below 0, less). */
  readonly headroom: number;
  /** Decrease only to below this share of the capacity (1: any decrease). */
  readonly decreaseBelow: number;
}

/**
 * A reactive policy idealized: at every minute it reads the demand (units consumed plus units
 * throttled, as the simulator counts them: one unit per throttled request; with retries, every
 * attempt, as CloudWatch shows them) of every minute CloudWatch has published, and asks for `1 + headroom` times the highest of the last
 * `holdMinutes`, at most the table's maximum; while none of those minutes had a request it keeps
 * its capacity, as target tracking and the `recommended` preset do. UpdateTable takes its time,
 * a table that is UPDATING takes no other update, and decreases follow the quota. What it lacks
 * is foresight.
 */
export function follower(
  trace: Trace, setting: FollowerSetting, initialCapacity: number, timing: FrontierTiming = {}, prices: Prices = DEFAULT_PRICES,
): PlanOutcome {
  const controller: CapacityController = {
    atMinute(_m, nowMs, cw, table) {
      const newest = cw.lastVisibleMinute(nowMs);
      if (newest < 0 || table.status(nowMs) !== 'ACTIVE') return;
      let peak = 0;
      for (let k = newest; k > newest - setting.holdMinutes && k >= 0; k--) peak = Math.max(peak, cw.consumed[k] + cw.throttled[k]);
      if (peak === 0) return;
      const wanted = clamp((peak / 60) * (1 + setting.headroom), timing);
      if (wanted > table.capacity || wanted < table.capacity * setting.decreaseBelow) table.update(nowMs, wanted);
    },
  };
  return replay(trace, controller, initialCapacity, timing, prices);
}

/** The least headroom found to meet a bound, and the outcome there. */
export interface HeadroomPoint {
  /** Share above the plan (0.3: 30 %). */
  readonly headroom: number;
  /** The outcome at that headroom. */
  readonly outcome: PlanOutcome;
}

/** The lowest headroom tried: -0.5 (half the plan). */
export const MIN_HEADROOM = -0.5;
/** The highest headroom tried: 4 (five times the plan). */
export const MAX_HEADROOM = 4;
/** The step of the scan before the bisection. */
export const HEADROOM_SCAN_STEP = 0.5;

/**
 * The least headroom found in [MIN_HEADROOM, MAX_HEADROOM] at which `run` throttles at most
 * `maxThrottledUnits`: the first point of a scan every HEADROOM_SCAN_STEP that meets it, then
 * `steps` bisections between it and the scan point before. Throttling falls with headroom only
 * roughly (a larger capacity changes when decreases are taken), so this is the least found, not
 * necessarily the least. Undefined when no scan point meets the bound.
 */
export function leastHeadroom(maxThrottledUnits: number, run: (headroom: number) => PlanOutcome, steps: number = 6): HeadroomPoint | undefined {
  let low: number | undefined;
  let high: HeadroomPoint | undefined;
  for (let h = MIN_HEADROOM; h <= MAX_HEADROOM + 1e-9; h += HEADROOM_SCAN_STEP) {
    const outcome = run(h);
    if (outcome.throttledUnits <= maxThrottledUnits) { high = { headroom: h, outcome }; break; }
    low = h;
  }
  if (!high || low === undefined) return high;
  let below: number = low;
  for (let i = 0; i < steps; i++) {
    const mid: number = (below + high.headroom) / 2;
    const outcome = run(mid);
    if (outcome.throttledUnits <= maxThrottledUnits) high = { headroom: mid, outcome }; else below = mid;
  }
  return high;
}

/** The follower's minutes held, tried by `cheapestFollower` and `bestSharedFollower`. */
export const HOLD_MINUTES: readonly number[] = [1, 5, 15, 30, 60, 180];
/** Its decrease thresholds, tried by `cheapestFollower` and `bestSharedFollower`. */
export const DECREASE_BELOW: readonly number[] = [1, 0.8, 0.6];

/** HOLD_MINUTES × DECREASE_BELOW, in that order. */
function* followerGrid(): Generator<Omit<FollowerSetting, 'headroom'>> {
  for (const holdMinutes of HOLD_MINUTES) for (const decreaseBelow of DECREASE_BELOW) yield { holdMinutes, decreaseBelow };
}

/** A headroom in words: `+10 %`, `-5 %`. */
export function headroomText(headroom: number): string {
  return `${headroom < 0 ? '-' : '+'}${Math.abs(Math.round(headroom * 100))} %`;
}

/** A follower's setting in words: `30-minute peak +10 %, cuts of 20 % or more`. */
export function followerSetting(f: FollowerSetting): string {
  const cuts = f.decreaseBelow < 1 ? `, cuts of ${Math.round((1 - f.decreaseBelow) * 100)} % or more` : '';
  return `${f.holdMinutes}-minute peak ${headroomText(f.headroom)}${cuts}`;
}

/** The cheapest follower found for a bound: its setting and outcome. */
export interface FollowerPoint extends FollowerSetting, HeadroomPoint {}

/**
 * The cheapest follower found that throttles at most `maxThrottledUnits`: for each of
 * HOLD_MINUTES × DECREASE_BELOW, the least headroom found (`leastHeadroom`). Chosen on the trace
 * it is scored on, in hindsight. Undefined when none meets the bound.
 */
export function cheapestFollower(
  trace: Trace, maxThrottledUnits: number, initialCapacity: number, timing: FrontierTiming = {}, prices: Prices = DEFAULT_PRICES,
): FollowerPoint | undefined {
  let best: FollowerPoint | undefined;
  for (const { holdMinutes, decreaseBelow } of followerGrid()) {
    const at = (headroom: number) => follower(trace, { holdMinutes, headroom, decreaseBelow }, initialCapacity, timing, prices);
    const point = leastHeadroom(maxThrottledUnits, at);
    if (point && (!best || point.outcome.capacityCostUsd < best.outcome.capacityCostUsd)) best = { ...point, holdMinutes, decreaseBelow };
  }
  return best;
}

/** The headrooms `bestSharedFollower` tries with each of HOLD_MINUTES × DECREASE_BELOW. */
export const SHARED_HEADROOMS: readonly number[] = [0, 0.1, 0.2, 0.3, 0.43];

/** A trace and what the goal allows on it, against each yardstick. */
export interface GoalCase {
  /** The trace. */
  readonly trace: Trace;
  /** The capacity a policy starts with. */
  readonly initialCapacity: number;
  /** Added to the follower's capacity cost: what a scaler that checks every minute pays to run, USD. */
  readonly runningCostUsd: number;
  /** What the goal allows against each yardstick. */
  readonly bounds: readonly GoalBounds[];
}

/** One follower setting for every case, and how many (case, yardstick) pairs it meets. */
export interface SharedFollower extends FollowerSetting {
  /** Pairs met. */
  readonly met: number;
}

/**
 * The follower setting (of HOLD_MINUTES × DECREASE_BELOW × SHARED_HEADROOMS) that meets the goal
 * in the most (case, yardstick) pairs: what one setting for all traffic does, where
 * `cheapestFollower` picks a setting per trace in hindsight. Ties go to the first setting tried.
 */
export function bestSharedFollower(cases: readonly GoalCase[], timing: FrontierTiming = {}, prices: Prices = DEFAULT_PRICES): SharedFollower {
  let best: SharedFollower | undefined;
  for (const { holdMinutes, decreaseBelow } of followerGrid()) {
    for (const headroom of SHARED_HEADROOMS) {
      let met = 0;
      for (const c of cases) {
        const out = follower(c.trace, { holdMinutes, headroom, decreaseBelow }, c.initialCapacity, timing, prices);
        met += c.bounds.filter((b) => withinGoal(b, out.throttledUnits, out.capacityCostUsd + c.runningCostUsd)).length;
      }
      if (!best || met > best.met) best = { holdMinutes, headroom, decreaseBelow, met };
    }
  }
  return best!;
}
