/**
 * How far a policy that acts on published data can go on a trace, in two families replayed through
 * the simulator's DynamoDB model (burst, decrease quota): the oracle's plan carried out as late as a
 * reactive policy acts, and an idealized reactive follower. Each is given the least headroom that
 * meets a bound on throttled units, so its cost there says whether the goal's cost bound is
 * reachable in that family. Neither is a policy the engine runs; they are yardsticks for
 * docs/benchmarks.md.
 */
import { DEFAULT_CLOUDWATCH_DELAY_SECONDS } from '../src/sim/cloudwatch';
import { DEFAULT_PRICES, Prices, provisionedCostUsd } from '../src/sim/cost';
import { DEFAULT_UPDATE_DELAY_SECONDS, ProvisionedCapacity } from '../src/sim/dynamodb-capacity';
import { Trace } from '../src/sim/trace';
import { GoalBounds, withinGoal } from '../src/sim/tune';

/** What a plan throttled and what its capacity cost. */
export interface PlanOutcome {
  /** Units throttled. */
  readonly throttledUnits: number;
  /** Capacity provisioned, USD (no running cost). */
  readonly capacityCostUsd: number;
}

/** When data and capacity arrive, as in the simulator's `SimulationOptions`. */
export interface FrontierTiming {
  /** Seconds after its minute a datapoint is visible. @default DEFAULT_CLOUDWATCH_DELAY_SECONDS */
  readonly cloudWatchDelaySeconds?: number;
  /** Seconds UpdateTable takes. @default DEFAULT_UPDATE_DELAY_SECONDS */
  readonly updateDelaySeconds?: number;
}

/**
 * Minutes from the start of a minute to the first check that sees it: the minute ends, then
 * CloudWatch publishes it.
 */
export function minutesUntilSeen(timing: FrontierTiming = {}): number {
  return 1 + Math.ceil((timing.cloudWatchDelaySeconds ?? DEFAULT_CLOUDWATCH_DELAY_SECONDS) / 60);
}

/** Minutes from the start of a rise to its capacity for a policy that acts at the first check that sees it. */
export function reactionMinutes(timing: FrontierTiming = {}): number {
  return minutesUntilSeen(timing) + Math.ceil((timing.updateDelaySeconds ?? DEFAULT_UPDATE_DELAY_SECONDS) / 60);
}

/**
 * `plan` (capacity per minute) carried out `lagMinutes` late with `headroom` above it (0.3: 30 %
 * more), applied at once; decreases the quota refuses are skipped.
 */
export function latePlan(
  trace: Trace, plan: ArrayLike<number>, lagMinutes: number, headroom: number, prices: Prices = DEFAULT_PRICES,
): PlanOutcome {
  const table = new ProvisionedCapacity({ initialCapacity: Math.max(1, Math.round(plan[0] * (1 + headroom))), updateDelaySeconds: 0 });
  let throttled = 0; let unitSeconds = 0;
  for (let m = 0; m < trace.load.length; m++) {
    const now = trace.startMs + m * 60_000;
    const wanted = Math.max(1, Math.round(plan[Math.max(0, m - lagMinutes)] * (1 + headroom)));
    if (wanted !== table.capacity) table.update(now, wanted);
    const out = table.runMinute(now, trace.load[m]);
    throttled += out.throttled;
    unitSeconds += out.capacitySeconds;
  }
  return { throttledUnits: throttled, capacityCostUsd: provisionedCostUsd(unitSeconds, 'read', prices) };
}

/** The idealized reactive follower's parameters. */
export interface FollowerOptions extends FrontierTiming {
  /** Capacity = the highest demand of this many published minutes, plus `headroom`. */
  readonly holdMinutes: number;
  /** Share above that highest demand (0.1: 10 %). */
  readonly headroom: number;
  /** Decrease only to below this share of the capacity (1: any decrease). */
  readonly decreaseBelow: number;
  /** The capacity it starts with. */
  readonly initialCapacity: number;
}

/**
 * A reactive policy idealized: at every minute it knows the exact demand (throttled requests
 * included, no retries) of every published minute, and asks for `1 + headroom` times the highest of
 * the last `holdMinutes`; UpdateTable takes its time, a table that is UPDATING takes no other
 * update, and decreases follow the quota. What it lacks is foresight.
 */
export function follower(trace: Trace, options: FollowerOptions, prices: Prices = DEFAULT_PRICES): PlanOutcome {
  const table = new ProvisionedCapacity({
    initialCapacity: Math.max(1, Math.round(options.initialCapacity)),
    updateDelaySeconds: options.updateDelaySeconds ?? DEFAULT_UPDATE_DELAY_SECONDS,
  });
  const seen = minutesUntilSeen(options);
  const load = trace.load;
  let throttled = 0; let unitSeconds = 0;
  for (let m = 0; m < load.length; m++) {
    const now = trace.startMs + m * 60_000;
    const newest = m - seen;
    if (newest >= 0 && table.status(now) === 'ACTIVE') {
      let peak = 0;
      for (let k = newest; k > newest - options.holdMinutes && k >= 0; k--) peak = Math.max(peak, load[k]);
      const wanted = Math.max(1, Math.round(peak * (1 + options.headroom)));
      if (wanted > table.capacity || wanted < table.capacity * options.decreaseBelow) table.update(now, wanted);
    }
    const out = table.runMinute(now, load[m]);
    throttled += out.throttled;
    unitSeconds += out.capacitySeconds;
  }
  return { throttledUnits: throttled, capacityCostUsd: provisionedCostUsd(unitSeconds, 'read', prices) };
}

/** The least headroom found to meet a bound, and the outcome there. */
export interface HeadroomPoint {
  /** Share above the plan (0.3: 30 %). */
  readonly headroom: number;
  /** The outcome at that headroom. */
  readonly outcome: PlanOutcome;
}

/** The largest headroom tried: 4 (capacity five times the plan). */
export const MAX_HEADROOM = 4;

/**
 * The least headroom in [0, MAX_HEADROOM] at which `run` throttles at most `maxThrottledUnits`, by
 * bisection to within MAX_HEADROOM / 2^`steps` (throttling falls as headroom grows), or undefined
 * when even MAX_HEADROOM throttles more.
 */
export function leastHeadroom(maxThrottledUnits: number, run: (headroom: number) => PlanOutcome, steps: number = 12): HeadroomPoint | undefined {
  const zero = run(0);
  if (zero.throttledUnits <= maxThrottledUnits) return { headroom: 0, outcome: zero };
  let high: HeadroomPoint = { headroom: MAX_HEADROOM, outcome: run(MAX_HEADROOM) };
  if (high.outcome.throttledUnits > maxThrottledUnits) return undefined;
  let low = 0;
  for (let i = 0; i < steps; i++) {
    const mid = (low + high.headroom) / 2;
    const outcome = run(mid);
    if (outcome.throttledUnits <= maxThrottledUnits) high = { headroom: mid, outcome }; else low = mid;
  }
  return high;
}

/** The follower's minutes held, tried by `cheapestFollower`. */
export const HOLD_MINUTES: readonly number[] = [1, 15, 30, 60];
/** Its decrease thresholds, tried by `cheapestFollower`. */
export const DECREASE_BELOW: readonly number[] = [1, 0.8];

/** A follower's setting in words: `30-minute peak +10 %, cuts of 20 % or more`. */
export function followerSetting(f: { readonly holdMinutes: number; readonly headroom: number; readonly decreaseBelow: number }): string {
  const cuts = f.decreaseBelow < 1 ? `, cuts of ${Math.round((1 - f.decreaseBelow) * 100)} % or more` : '';
  return `${f.holdMinutes}-minute peak +${Math.round(f.headroom * 100)} %${cuts}`;
}

/** The cheapest follower found for a bound, with its parameters. */
export interface FollowerPoint extends HeadroomPoint {
  /** Minutes of demand its capacity covers. */
  readonly holdMinutes: number;
  /** Its decrease threshold. */
  readonly decreaseBelow: number;
}

/**
 * The cheapest follower that throttles at most `maxThrottledUnits`, over HOLD_MINUTES ×
 * DECREASE_BELOW with the least headroom each: tuned in hindsight on the trace it is scored on, so
 * no reactive policy of this family does better. Undefined when none meets the bound.
 */
export function cheapestFollower(
  trace: Trace, maxThrottledUnits: number, initialCapacity: number, timing: FrontierTiming = {}, prices: Prices = DEFAULT_PRICES,
): FollowerPoint | undefined {
  let best: FollowerPoint | undefined;
  for (const holdMinutes of HOLD_MINUTES) {
    for (const decreaseBelow of DECREASE_BELOW) {
      const run = (headroom: number) => follower(trace, { ...timing, holdMinutes, headroom, decreaseBelow, initialCapacity }, prices);
      const point = leastHeadroom(maxThrottledUnits, run);
      if (point && (!best || point.outcome.capacityCostUsd < best.outcome.capacityCostUsd)) best = { ...point, holdMinutes, decreaseBelow };
    }
  }
  return best;
}

/** The headrooms `bestSharedFollower` tries with each of HOLD_MINUTES × DECREASE_BELOW. */
export const SHARED_HEADROOMS: readonly number[] = [0.1, 0.2, 0.3, 0.43];

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
export interface SharedFollower {
  /** Minutes of demand its capacity covers. */
  readonly holdMinutes: number;
  /** Share above that demand. */
  readonly headroom: number;
  /** Its decrease threshold. */
  readonly decreaseBelow: number;
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
  for (const holdMinutes of HOLD_MINUTES) {
    for (const decreaseBelow of DECREASE_BELOW) {
      for (const headroom of SHARED_HEADROOMS) {
        let met = 0;
        for (const c of cases) {
          const out = follower(c.trace, { ...timing, holdMinutes, headroom, decreaseBelow, initialCapacity: c.initialCapacity }, prices);
          const cost = out.capacityCostUsd + c.runningCostUsd;
          met += c.bounds.filter((b) => withinGoal(b, out.throttledUnits, cost)).length;
        }
        if (!best || met > best.met) best = { holdMinutes, headroom, decreaseBelow, met };
      }
    }
  }
  return best!;
}
