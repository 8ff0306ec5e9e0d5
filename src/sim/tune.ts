/**
 * `tune()`: searches a few parameters of the `recommended` policy on the first 70 % of a trace
 * (training) and replays the best candidate on the last 30 % (held out) against target tracking,
 * on-demand and the oracle. Pure and deterministic: the caller passes the clock, and the search
 * visits candidates in a fixed order (coordinate descent, no randomness), so the same trace and
 * options give the same candidates and the same best unless the time budget cuts the search.
 *
 * The score is the goal of the recommended policy (issue 11, item 3), held against both native
 * sizing variants on the same stretch, with running costs included (they are in `costUsd`):
 * - where target tracking throttles more than 10 % of the demand, throttle at most half as many
 *   units, at no more than 1.5x the oracle's cost;
 * - everywhere else, throttle no more units than target tracking and cost no more.
 * A candidate that meets it beats one that does not; between two that miss, the smaller shortfall
 * wins; between two that meet it, the smaller sum of throttled units and cost relative to target
 * tracking wins. Where on-demand costs less than target tracking, the held-out advice says so.
 */
import { Prices, SimDimension } from './cost';
import { PolicyResult } from './results';
import { PolicySpec, simulate, SimulationOptions, SimulationReport } from './simulate';
import { Trace } from './trace';
import { DimensionPolicy, EnginePolicy, RECOMMENDED_POLICY, ScaleDict } from '../engine';

const MINUTE_MS = 60_000;

/** The share of the trace's minutes the search trains on; the rest is held out. */
export const TRAINING_SHARE = 0.7;

/**
 * The shortest trace `tune` accepts, in minutes: one day, so that the held-out 30 % covers more
 * than 7 hours (several scale-downs of the slowest candidate, 30 low checks) and training 16.8.
 */
export const MIN_TUNE_MINUTES = 1440;

/** The default time budget of the search, in seconds (docs/cli.md#tune has the measured times). */
export const DEFAULT_TUNE_BUDGET_SECONDS = 45;

/** The native variants a candidate is held against, as `simulate --compare` names them. */
export const TUNE_YARDSTICKS = ['native:70', 'native:70:latest'] as const;

/** The name of the tuned policy in results. */
export const TUNED_NAME = 'tuned';

/** A trace `tune` cannot use (too short to split). */
export class TuneError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TuneError';
  }
}

/**
 * The parameters searched, each a knob of the `recommended` preset (src/engine/core/presets.ts
 * says why it has the value it starts from). The scales are rebuilt from them, so the policy
 * stays one shape: increases land near `increaseLandAt` % utilization, decreases near 75 %.
 */
export interface TuneParameters {
  /** Consumed % (throttled counted) from which a check increases: the increase scale's first key, and `upperThreshold`. */
  readonly increaseAt: number;
  /** The utilization % an increase aims for: the headroom bought per increase. */
  readonly increaseLandAt: number;
  /** The most one increase adds, % of the current capacity. */
  readonly maxIncreasePercent: number;
  /** Consecutive low checks (minutes) before a decrease. */
  readonly checksBeforeScaleDown: number;
  /** Consumed % under which a check counts as low: the decrease scale's last key, and `lowerThreshold`. */
  readonly decreaseAt: number;
  /** Half-life of the recent peak that sizes a decrease, minutes. */
  readonly decreasePeakHalfLifeMinutes: number;
}

/** Where the search starts: the `recommended` preset exactly (a test holds {@link tunedPolicy} of it equal to the preset). */
export const START_PARAMETERS: TuneParameters = {
  increaseAt: 90,
  increaseLandAt: 80,
  maxIncreasePercent: 90,
  checksBeforeScaleDown: 10,
  decreaseAt: 50,
  decreasePeakHalfLifeMinutes: 5,
};

/** The utilization % a decrease aims for, and the deepest cut, %: fixed (the preset's values). */
const DECREASE_LAND_AT = 75;
const MAX_DECREASE_PERCENT = 60;

/** One searched parameter: its values, in the order tried. */
export interface TuneDimension {
  readonly name: keyof TuneParameters;
  readonly values: readonly number[];
}

/**
 * The search space, about 20 candidates a pass, in the order the search visits it (most effect
 * first, so a budget that cuts the search has spent it where it matters). Each list holds the
 * preset's value; a 31-day per-minute trace allows about two passes within the default budget.
 */
export const SEARCH_SPACE: readonly TuneDimension[] = [
  // The cap on one increase: the preset's +90 % loses to sudden lasting level shifts (several
  // steps, each after CloudWatch and UpdateTable), a lower one saves on spikes that end early.
  // Never none: `*ThrottleEvents` counts the SDK's retries, which a trace does not show, and an
  // uncapped step is sized to them (2.4x target tracking's cost on AAPL with 3 retries).
  { name: 'maxIncreasePercent', values: [60, 90, 150, 300] },
  // Headroom per increase: 80 % utilization after an increase is lean; 60-70 % is target
  // tracking's kind of headroom, which with burst credit absorbs short spikes.
  { name: 'increaseLandAt', values: [60, 70, 80] },
  // How early a check increases: 80 % acts one minute of growth sooner than 90 %, 95 % later.
  { name: 'increaseAt', values: [80, 85, 90, 95] },
  // How long a lull must last before a decrease: fewer checks release capacity sooner but spend
  // the 27 daily decreases on noise; target tracking waits 15 minutes.
  { name: 'checksBeforeScaleDown', values: [5, 10, 15, 20, 30] },
  // How long a spike's peak keeps sizing decreases: short forgets a rare spike's tail quickly,
  // long keeps capacity for traffic that bursts every few minutes.
  { name: 'decreasePeakHalfLifeMinutes', values: [2, 5, 10, 20, 40] },
  // How idle a table must be to count as low: higher decreases more often, in smaller cuts.
  { name: 'decreaseAt', values: [35, 40, 50, 60] },
];

/** Why a parameter set is not a candidate, or undefined when it is one. */
export function invalidParameters(p: TuneParameters): string | undefined {
  // An increase must land below where it starts, and above where a decrease starts: otherwise
  // one increase can be followed by a decrease and the capacity swings.
  if (p.increaseLandAt >= p.increaseAt) return `increaseLandAt (${p.increaseLandAt}) must be below increaseAt (${p.increaseAt})`;
  if (p.decreaseAt >= p.increaseLandAt) return `decreaseAt (${p.decreaseAt}) must be below increaseLandAt (${p.increaseLandAt})`;
  return undefined;
}

/** The increase scale: keys every 5 % from `increaseAt` to 100, each adding what lands near `increaseLandAt`. */
function increaseScale(p: TuneParameters): ScaleDict {
  const scale: Array<[number, number]> = [];
  // Rounded to a millionth before the ceiling, so float noise (80 / 80 - 1) never adds a whole percent.
  for (let k = p.increaseAt; k <= 100; k += 5) scale.push([k, Math.ceil(Math.round((k / p.increaseLandAt - 1) * 1e8) / 1e6)]);
  return scale;
}

/** The decrease scale: keys every 5 % down from `decreaseAt`, each removing what lands near 75 %, until the deepest cut. */
function decreaseScale(p: TuneParameters): ScaleDict {
  const scale: Array<[number, number]> = [];
  for (let k = p.decreaseAt; k > 0; k -= 5) {
    const cut = Math.min(MAX_DECREASE_PERCENT, Math.round((1 - k / DECREASE_LAND_AT) * 100));
    scale.unshift([k, cut]);
    if (cut === MAX_DECREASE_PERCENT) break;
  }
  return scale;
}

/**
 * The `recommended` policy with `p` on `dimension` (the other dimension keeps the preset's
 * options: the trace says nothing about it).
 */
export function tunedPolicy(p: TuneParameters, dimension: SimDimension): EnginePolicy {
  const rule = RECOMMENDED_POLICY.tables[0];
  const key = dimension === 'read' ? 'reads' : 'writes';
  const dim: DimensionPolicy = {
    ...rule.policy[key],
    upperThreshold: p.increaseAt,
    lowerThreshold: p.decreaseAt,
    increaseConsumedScale: increaseScale(p),
    maxIncreasePercent: p.maxIncreasePercent,
    decreaseConsumedScale: decreaseScale(p),
    decreasePeakHalfLifeMinutes: p.decreasePeakHalfLifeMinutes,
    checksBeforeScaleDown: p.checksBeforeScaleDown,
  };
  return { ...RECOMMENDED_POLICY, tables: [{ ...rule, policy: { ...rule.policy, [key]: dim } }] };
}

/** The first {@link TRAINING_SHARE} of the minutes, and the rest, each a trace of its own. */
export function splitTrace(trace: Trace): { training: Trace; holdout: Trace } {
  const minutes = trace.load.length;
  if (minutes < MIN_TUNE_MINUTES) {
    throw new TuneError(`the trace covers ${minutes} minutes, too short to tune: it needs at least ${MIN_TUNE_MINUTES} `
      + `(one day) to search on the first ${Math.round(TRAINING_SHARE * 100)} % and hold out the last ${Math.round((1 - TRAINING_SHARE) * 100)} %`);
  }
  // In integers: 2880 * 0.7 is 2015.9999999999998 in floating point.
  const at = Math.floor((minutes * Math.round(TRAINING_SHARE * 100)) / 100);
  const part = (from: number, to: number): Trace => ({ ...trace, startMs: trace.startMs + from * MINUTE_MS, load: trace.load.slice(from, to) });
  return { training: part(0, at), holdout: part(at, minutes) };
}

/** A candidate's score on the training part (lower is better, compared by {@link compareScores}). */
export interface TuneScore {
  /** Whether it meets the goal against every yardstick. */
  readonly met: boolean;
  /** How far it misses the goal: relative excess throttling plus relative excess cost, summed over the yardsticks; 0 when met. */
  readonly shortfall: number;
  /** Throttled units and cost relative to each yardstick's, summed, averaged over the yardsticks. */
  readonly objective: number;
}

/** One candidate and how it did on the training part. */
export interface TuneCandidate {
  readonly parameters: TuneParameters;
  readonly result: PolicyResult;
  readonly score: TuneScore;
}

/** Where the search is, for a progress display. */
export interface TuneProgress {
  /** `baseline` (the yardsticks on the training part), `search` or `holdout`. */
  readonly stage: 'baseline' | 'search' | 'holdout';
  /** The search pass (1-based); 0 outside `search`. */
  readonly pass: number;
  /** Parameter values visited in this pass (skipped ones included), of `total`. */
  readonly done: number;
  /** Parameter values in a pass. */
  readonly total: number;
  /** Candidates evaluated so far. */
  readonly evaluated: number;
  /** The best so far. @default - none yet */
  readonly best?: TuneCandidate;
  /** Milliseconds since the search started. */
  readonly elapsedMs: number;
  /** The yardsticks on the training part (the natives, then the oracle), once simulated. @default - not yet */
  readonly yardsticks?: readonly PolicyResult[];
}

/** Options of {@link tune}. */
export interface TuneOptions {
  /** The dimension the trace is replayed on. @default 'read' */
  readonly dimension?: SimDimension;
  /** Price overrides. @default - DEFAULT_PRICES */
  readonly prices?: Partial<Prices>;
  /** Milliseconds the search may take; it stops before a candidate that would not fit. @default 45000 */
  readonly budgetMs?: number;
  /** The clock, in milliseconds. */
  readonly now: () => number;
  /** Passes over the search space at most (it also stops after a pass without improvement). @default 3 */
  readonly maxPasses?: number;
  /** Called at each stage and after each candidate. @default - none */
  readonly onProgress?: (progress: TuneProgress) => void;
}

/** What {@link tune} found. */
export interface TuneResult {
  readonly dimension: SimDimension;
  /** Minutes trained on and held out; the first held-out minute, epoch ms. */
  readonly split: { readonly trainingMinutes: number; readonly holdoutMinutes: number; readonly holdoutStartMs: number };
  /** The yardsticks on the training part: the natives and the oracle. */
  readonly trainingYardsticks: readonly PolicyResult[];
  /** Every candidate evaluated, in the order evaluated; the first is the preset. */
  readonly candidates: readonly TuneCandidate[];
  /** The preset (the first candidate). */
  readonly start: TuneCandidate;
  /** The best candidate. */
  readonly best: TuneCandidate;
  /** Its policy. */
  readonly policy: EnginePolicy;
  /** Passes begun. */
  readonly passes: number;
  /** Whether the budget stopped the search before it converged. */
  readonly stoppedByBudget: boolean;
  /** Milliseconds the search took (by the clock given). */
  readonly searchMs: number;
  /** The held-out part: tuned, recommended, both natives, on-demand and the oracle. */
  readonly holdout: SimulationReport;
  /** On the held-out part, whether the tuned policy and the preset meet the goal against each yardstick. */
  readonly holdoutGoal: ReadonlyArray<{ readonly yardstick: string; readonly tuned: boolean; readonly recommended: boolean }>;
}

/** Negative when `a` is better than `b`, positive when worse, 0 when equal. */
export function compareScores(a: TuneScore, b: TuneScore): number {
  const eps = 1e-9;
  if (Math.abs(a.shortfall - b.shortfall) > eps) return a.shortfall - b.shortfall;
  if (Math.abs(a.objective - b.objective) > eps) return a.objective - b.objective;
  return 0;
}

/** What the goal allows a policy against one yardstick: at most these throttled units and this total cost. */
export interface GoalBounds {
  /** Throttled units allowed. */
  readonly throttledUnits: number;
  /** Total cost allowed, USD. */
  readonly costUsd: number;
  /** Whether the yardstick throttles more than 10 % of the demand (the goal's heavy clause). */
  readonly heavy: boolean;
}

/**
 * The goal's bounds against `native`: where it throttles more than 10 % of the demand, half its
 * throttled units at no more than 1.5 times the oracle's cost; elsewhere its throttled units at no
 * more than its cost. The demand is what `native` was asked for, consumed plus throttled: without
 * retries the trace's demand, with retries every attempt, as its throttled units count them.
 */
export function goalBounds(native: PolicyResult, oracle: PolicyResult): GoalBounds {
  const heavy = native.throttledUnits > 0.1 * (native.consumedUnits + native.throttledUnits);
  return heavy
    ? { throttledUnits: native.throttledUnits / 2, costUsd: 1.5 * oracle.costUsd, heavy }
    : { throttledUnits: native.throttledUnits, costUsd: native.costUsd, heavy };
}

/** Whether `throttledUnits` and `costUsd` (total) are within `bounds`. */
export function withinGoal(bounds: GoalBounds, throttledUnits: number, costUsd: number): boolean {
  return throttledUnits <= bounds.throttledUnits && costUsd <= bounds.costUsd;
}

/**
 * The score of `r` against the yardsticks (see the module comment).
 *
 * @param requestedUnits the units the stretch asked for (the floor of the throttling ratio is 0.1 % of it)
 */
export function scoreAgainst(r: PolicyResult, natives: readonly PolicyResult[], oracle: PolicyResult, requestedUnits: number): TuneScore {
  // Throttled units are compared relative to target tracking's, or to 0.1 % of the demand when
  // it throttles (almost) nothing, so one unit is not an infinite ratio.
  const floor = Math.max(1, requestedUnits * 0.001);
  let shortfall = 0; let objective = 0;
  for (const n of natives) {
    const { throttledUnits: allowedThrottled, costUsd: allowedCost } = goalBounds(n, oracle);
    shortfall += Math.max(0, r.throttledUnits - allowedThrottled) / Math.max(allowedThrottled, floor)
      + (allowedCost > 0 ? Math.max(0, r.costUsd - allowedCost) / allowedCost : 0);
    objective += r.throttledUnits / Math.max(n.throttledUnits, floor) + (n.costUsd > 0 ? r.costUsd / n.costUsd : 0);
  }
  return { met: shortfall === 0, shortfall, objective: objective / natives.length };
}

function nativeSpecs(dim: DimensionPolicy): PolicySpec[] {
  return TUNE_YARDSTICKS.map((name) => ({
    kind: 'native',
    name,
    targetUtilizationPercent: 70,
    scaleOutSizing: name.endsWith(':latest') ? 'latest' : 'mean',
    minCapacity: dim.min,
    maxCapacity: dim.max,
  }));
}

function parametersKey(p: TuneParameters): string {
  return SEARCH_SPACE.map((d) => p[d.name]).join(',');
}

/** Searches the parameters on the training part of `trace` and replays the best on the held-out part. */
export function tune(trace: Trace, options: TuneOptions): TuneResult {
  const dimension = options.dimension ?? 'read';
  const budgetMs = options.budgetMs ?? DEFAULT_TUNE_BUDGET_SECONDS * 1000;
  const maxPasses = options.maxPasses ?? 3;
  const { training, holdout } = splitTrace(trace);
  const dim = dimension === 'read' ? RECOMMENDED_POLICY.tables[0].policy.reads : RECOMMENDED_POLICY.tables[0].policy.writes;
  const simOptions: SimulationOptions = { dimension, prices: options.prices, oracleMinCapacity: dim.min, oracleMaxCapacity: dim.max };
  const started = options.now();
  const total = SEARCH_SPACE.reduce((n, d) => n + d.values.length, 0);
  const progress = (stage: TuneProgress['stage'], pass: number, done: number, best?: TuneCandidate) =>
    options.onProgress?.({ stage, pass, done, total, evaluated: candidates.length, best, elapsedMs: options.now() - started, yardsticks });
  const candidates: TuneCandidate[] = [];
  let yardsticks: readonly PolicyResult[] | undefined;

  progress('baseline', 0, 0);
  const base = simulate(training, [...nativeSpecs(dim), { kind: 'oracle' }], simOptions);
  const natives = base.results.slice(0, TUNE_YARDSTICKS.length);
  const oracle = base.results[TUNE_YARDSTICKS.length];
  const requested = base.trace.requestedUnits;
  yardsticks = base.results;

  const seen = new Set<string>();
  const evaluate = (p: TuneParameters): TuneCandidate => {
    const policy = tunedPolicy(p, dimension);
    const result = simulate(training, [{ kind: 'custom', name: TUNED_NAME, policy }], simOptions).results[0];
    const candidate = { parameters: p, result, score: scoreAgainst(result, natives, oracle, requested) };
    seen.add(parametersKey(p));
    candidates.push(candidate);
    return candidate;
  };

  // The preset is always evaluated, whatever the budget, so there is a best to report.
  const start = evaluate(START_PARAMETERS);
  let best = start;
  let stoppedByBudget = false;
  let passes = 0;
  search: for (let pass = 1; pass <= maxPasses; pass++) {
    passes = pass;
    let improved = false;
    let done = 0;
    progress('search', pass, done, best);
    for (const d of SEARCH_SPACE) {
      for (const value of d.values) {
        done++;
        const p: TuneParameters = { ...best.parameters, [d.name]: value };
        if (seen.has(parametersKey(p)) || invalidParameters(p) !== undefined) continue;
        // Stop before a candidate that would not fit, judged by the mean time per candidate so far
        // (the yardsticks included, so it errs on the safe side).
        const elapsed = options.now() - started;
        if (elapsed + elapsed / candidates.length > budgetMs) {
          stoppedByBudget = true;
          break search;
        }
        const c = evaluate(p);
        if (compareScores(c.score, best.score) < 0) {
          best = c;
          improved = true;
        }
        progress('search', pass, done, best);
      }
    }
    if (!improved) break;
  }
  const searchMs = options.now() - started;

  progress('holdout', passes, total, best);
  const policy = tunedPolicy(best.parameters, dimension);
  const report = simulate(holdout, [
    { kind: 'custom', name: TUNED_NAME, policy },
    { kind: 'custom', name: 'recommended', policy: RECOMMENDED_POLICY },
    ...nativeSpecs(dim),
    { kind: 'on-demand' },
    { kind: 'oracle' },
  ], simOptions);
  return {
    dimension,
    split: { trainingMinutes: training.load.length, holdoutMinutes: holdout.load.length, holdoutStartMs: holdout.startMs },
    trainingYardsticks: base.results,
    candidates,
    start,
    best,
    policy,
    passes,
    stoppedByBudget,
    searchMs,
    holdout: report,
    holdoutGoal: TUNE_YARDSTICKS.map((yardstick) => {
      const at = (name: string) => report.results.find((r) => r.policy === name)!;
      const met = (name: string) => scoreAgainst(at(name), [at(yardstick)], at('oracle'), report.trace.requestedUnits).met;
      return { yardstick, tuned: met(TUNED_NAME), recommended: met('recommended') };
    }),
  };
}
