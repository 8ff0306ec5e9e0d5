/**
 * The oracle: the cheapest provisioned-capacity plan for a trace that never throttles and that
 * DynamoDB's decrease quota allows. It is a yardstick, not a policy anyone can deploy.
 *
 * What it assumes, exactly:
 * 1. Perfect foresight of the whole trace.
 * 2. Capacity is an integer that changes only at the start of a step (one minute by default)
 *    and takes effect at once (no `UpdateTable` delay, no CloudWatch delay).
 * 3. In every step the capacity is at least the step's highest per-second load (the trace's load
 *    is even within a minute), and at least `minCapacity`. Burst capacity is never relied on:
 *    DynamoDB grants it best effort. A policy that leans on burst credit can therefore cost less
 *    than the oracle and still not throttle; the oracle bounds plans that provision the load.
 * 4. Increases are free and unlimited. Decreases follow the quota: in each UTC day up to 4 at
 *    any time, then one more each hour after the last, 27 in all (see `DecreaseQuota`). The first
 *    capacity is free (the table is created with it).
 * 5. Cost is capacity-seconds at the provisioned price, as for every other policy.
 * Where the load exceeds `maxCapacity`, the plan sits at the maximum and the excess is reported
 * as throttled.
 *
 * The plan is exact under these assumptions: a dynamic program over "decrease points". Between
 * two decreases capacity only rises, so the cheapest capacity in a step is the running maximum
 * of the load since the last decrease. The state of a decrease is its rank in its UTC day (1-4,
 * the decreases allowed at any time, or 5+ when it had to wait an hour after the last). A
 * stretch between decreases that contains a whole UTC day is never needed: a decrease inside
 * that day is always allowed and never costs more, which bounds the search to under two days per
 * stretch. Stretches that cross into the next day are summarised by (cost so far, running
 * maximum) and only the Pareto front of those pairs is carried over, which keeps a 31-day
 * per-minute trace well under a second.
 */
import { Prices, provisionedCostUsd, SimDimension } from './cost';
import { PolicyRun, roundPercent, roundUsd } from './results';
import { Trace } from './trace';
import { DECREASE_INTERVAL_MS, DECREASES_AT_ANY_TIME, utcDay, DEFAULT_MAX_CAPACITY } from '../engine';

const MINUTE_MS = 60_000;
// A decrease's state: 0 for the initial capacity; 1 to DECREASES_AT_ANY_TIME for its rank in its
// UTC day, among the decreases the quota allows at any time; SPACED for a later one that day,
// which waits DECREASE_INTERVAL_MS after the last (the daily cap, 27, follows from that spacing).
const SPACED = DECREASES_AT_ANY_TIME + 1;
const STATES = SPACED + 1;
// The rank transitions in `oraclePlan` are written out, one line per decrease allowed at any
// time: a loop over the ranks makes the plan about 70 % slower, and the oracle takes most of a
// simulation's time. Typed with the constant's literal type, this line stops compiling when the
// quota's constant changes, so the written-out lines change with it.
const RANKS_WRITTEN_OUT: typeof DECREASES_AT_ANY_TIME = 4;

/** Options of the oracle. */
export interface OracleOptions {
  /** Minutes between possible capacity changes. @default 1 */
  readonly stepMinutes?: number;
  /** The lowest capacity. @default 1 */
  readonly minCapacity?: number;
  /** The highest capacity. @default 40000 */
  readonly maxCapacity?: number;
}

/** The oracle's plan. */
export interface OraclePlan {
  /** Capacity in each minute of the trace. */
  readonly capacity: Float64Array;
  /** Capacity summed over every second (unit-seconds). */
  readonly unitSeconds: number;
  /** Capacity changes after the first. */
  readonly changes: number;
  /** Of which decreases. */
  readonly decreases: number;
  /** Units above `maxCapacity`, which no plan can serve. */
  readonly throttledUnits: number;
  /** Minutes with such units. */
  readonly throttledMinutes: number;
}

/** Computes the oracle's plan for `trace`. */
export function oraclePlan(trace: Trace, options: OracleOptions = {}): OraclePlan {
  const step = Math.min(1440, Math.max(1, Math.floor(options.stepMinutes ?? 1)));
  const min = Math.max(1, options.minCapacity ?? 1);
  const max = Math.max(min, options.maxCapacity ?? DEFAULT_MAX_CAPACITY);
  const minutes = trace.load.length;
  const blocks = Math.ceil(minutes / step);

  // Need per step, and each step's UTC day and start time in minutes.
  const need = new Float64Array(blocks);
  const day = new Int32Array(blocks);
  const startMin = new Float64Array(blocks);
  let throttledUnits = 0; let throttledMinutes = 0;
  for (let b = 0; b < blocks; b++) {
    let peak = 0;
    for (let m = b * step; m < Math.min(minutes, (b + 1) * step); m++) {
      const l = trace.load[m];
      if (l > peak) peak = l;
      if (l > max) { throttledUnits += (l - max) * 60; throttledMinutes++; }
    }
    // A hair of tolerance so that float noise in the scaled load does not round a whole unit up.
    need[b] = Math.min(max, Math.max(min, Math.ceil(peak - 1e-9)));
    const t = trace.startMs + b * step * MINUTE_MS;
    day[b] = utcDay(t);
    startMin[b] = b * step;
  }
  const spacingMin = DECREASE_INTERVAL_MS / MINUTE_MS;

  // g[p*STATES+k]: least cost of steps [0, p) with a decrease of state k at p.
  const g = new Float64Array(blocks * STATES).fill(Infinity);
  const parent = new Int32Array(blocks * STATES).fill(-1);
  g[0] = 0;
  let bestTotal = Infinity; let bestEnd = -1;
  // Stretches that end in the next UTC day, summarised per start p as (A = cost up to the end of
  // p's day, M = the running maximum there). Only the Pareto front on (M, A) can be cheapest.
  let front: Array<{ m: number; a: number; state: number }> = [];
  for (let ds = 0; ds < blocks;) {
    let de = ds;
    while (de < blocks && day[de] === day[ds]) de++;

    // 1. Stretches from the previous day that end in this one: the decrease is the day's first.
    if (front.length > 0) {
      const f = front.map((e) => e.a);
      let r = 0;
      for (let q = ds; q <= de; q++) {
        if (q > ds) {
          if (need[q - 1] > r) r = need[q - 1];
          for (let e = 0; e < front.length; e++) f[e] += front[e].m > r ? front[e].m : r;
        }
        if (q === blocks) {
          for (let e = 0; e < front.length; e++) if (f[e] < bestTotal) { bestTotal = f[e]; bestEnd = front[e].state; }
          break;
        }
        if (q === de) break;
        const qb = q * STATES;
        for (let e = 0; e < front.length; e++) if (f[e] < g[qb + 1]) { g[qb + 1] = f[e]; parent[qb + 1] = front[e].state; }
      }
    }

    // 2. Stretches that start in this day.
    const next: Array<{ m: number; a: number; state: number }> = [];
    for (let p = ds; p < de; p++) {
      const base = p * STATES;
      let best = Infinity; let bestK = 0;
      for (let k = 0; k < STATES; k++) if (g[base + k] < best) { best = g[base + k]; bestK = k; }
      if (best === Infinity) continue;
      const g0 = g[base]; const g1 = g[base + 1]; const g2 = g[base + 2]; const g3 = g[base + 3];
      const gSpaced = Math.min(g[base + RANKS_WRITTEN_OUT], g[base + SPACED]);
      const kSpaced = g[base + RANKS_WRITTEN_OUT] <= g[base + SPACED] ? RANKS_WRITTEN_OUT : SPACED;
      let runMax = 0; let cost = 0;
      for (let q = p + 1; q <= de; q++) {
        const l = need[q - 1];
        if (l > runMax) runMax = l;
        cost += runMax;
        if (q === blocks) {
          if (best + cost < bestTotal) { bestTotal = best + cost; bestEnd = base + bestK; }
          break;
        }
        if (q === de) {
          next.push({ m: runMax, a: best + cost, state: base + bestK });
          break;
        }
        // Same UTC day: the rank goes up by one while the quota allows decreases at any time
        // (RANKS_WRITTEN_OUT lines); past them, the next waits an hour after the last.
        const qb = q * STATES;
        if (g0 + cost < g[qb + 1]) { g[qb + 1] = g0 + cost; parent[qb + 1] = base; }
        if (g1 + cost < g[qb + 2]) { g[qb + 2] = g1 + cost; parent[qb + 2] = base + 1; }
        if (g2 + cost < g[qb + 3]) { g[qb + 3] = g2 + cost; parent[qb + 3] = base + 2; }
        if (g3 + cost < g[qb + 4]) { g[qb + 4] = g3 + cost; parent[qb + 4] = base + 3; }
        if (startMin[q] - startMin[p] >= spacingMin && gSpaced + cost < g[qb + SPACED]) {
          g[qb + SPACED] = gSpaced + cost; parent[qb + SPACED] = base + kSpaced;
        }
      }
    }
    // A stretch never spans a whole UTC day (see the module comment), so only this day's starts carry over.
    next.sort((x, y) => x.m - y.m || x.a - y.a);
    front = [];
    for (const e of next) if (front.length === 0 || e.a < front[front.length - 1].a) front.push(e);
    ds = de;
  }
  // Walk back the decrease points and rebuild the per-step plan.
  const starts: number[] = [];
  for (let s = bestEnd; s >= 0; s = parent[s]) starts.push(Math.floor(s / STATES));
  starts.reverse();
  const planBlocks = new Float64Array(blocks);
  for (let i = 0; i < starts.length; i++) {
    const end = i + 1 < starts.length ? starts[i + 1] : blocks;
    let runMax = 0;
    for (let b = starts[i]; b < end; b++) {
      if (need[b] > runMax) runMax = need[b];
      planBlocks[b] = runMax;
    }
  }
  const capacity = new Float64Array(minutes);
  let unitSeconds = 0; let changes = 0; let decreases = 0;
  for (let b = 0; b < blocks; b++) {
    if (b > 0 && planBlocks[b] !== planBlocks[b - 1]) {
      changes++;
      if (planBlocks[b] < planBlocks[b - 1]) decreases++;
    }
    for (let m = b * step; m < Math.min(minutes, (b + 1) * step); m++) {
      capacity[m] = planBlocks[b];
      unitSeconds += planBlocks[b] * 60;
    }
  }
  return { capacity, unitSeconds, changes, decreases, throttledUnits, throttledMinutes };
}

/** The oracle as a policy result. */
export function runOracle(
  trace: Trace, dimension: SimDimension, prices: Prices, options: OracleOptions = {}, keepTimeline = false,
): PolicyRun {
  const plan = oraclePlan(trace, options);
  let requested = 0;
  for (let m = 0; m < trace.load.length; m++) requested += trace.load[m] * 60;
  const consumed = requested - plan.throttledUnits;
  let throttled: Float64Array | undefined;
  if (keepTimeline) {
    throttled = new Float64Array(trace.load.length);
    for (let m = 0; m < trace.load.length; m++) throttled[m] = Math.max(0, trace.load[m] - plan.capacity[m]) * 60;
  }
  return {
    result: {
      policy: 'oracle',
      kind: 'oracle',
      costUsd: roundUsd(provisionedCostUsd(plan.unitSeconds, dimension, prices)),
      runningCostUsd: 0,
      throttledUnits: Math.round(plan.throttledUnits),
      throttledMinutes: plan.throttledMinutes,
      consumedUnits: Math.round(consumed),
      capacityChanges: plan.changes,
      decreases: plan.decreases,
      meanUtilizationPercent: plan.unitSeconds > 0 ? roundPercent((consumed / plan.unitSeconds) * 100) : 0,
    },
    timeline: keepTimeline ? { capacity: plan.capacity, throttled: throttled! } : undefined,
  };
}
