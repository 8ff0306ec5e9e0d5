/**
 * What a simulation says about each policy: the numbers of `simulate --json`, the per-minute
 * timeline the report draws, and the advice sentence.
 */

/** The kind of option a result describes. */
export type PolicyKind = 'custom' | 'native' | 'hybrid' | 'on-demand' | 'oracle';

/** The summary of one policy over a trace (the `--json` schema). */
export interface PolicyResult {
  /** The policy's name, e.g. `recommended`, `native:70`, `on-demand`, `oracle`. */
  readonly policy: string;
  /** What kind of option it is. */
  readonly kind: PolicyKind;
  /**
   * Total cost over the trace, USD: the dimension's throughput (capacity provisioned, or request
   * units on-demand) plus `runningCostUsd`.
   */
  readonly costUsd: number;
  /**
   * What the policy pays to run over the trace, USD, included in `costUsd`: target tracking's
   * alarms; a custom policy's GetMetricData, scaler Lambda, state table and throttle alarm; 0 for
   * on-demand and the oracle (see src/sim/running-cost.ts).
   */
  readonly runningCostUsd: number;
  /** Units throttled (every throttled attempt), rounded to whole units. */
  readonly throttledUnits: number;
  /** Minutes with at least one throttled unit (after rounding the minute's total). */
  readonly throttledMinutes: number;
  /** Units consumed (served), rounded to whole units. */
  readonly consumedUnits: number;
  /** Successful capacity updates. */
  readonly capacityChanges: number;
  /** Successful capacity decreases. */
  readonly decreases: number;
  /** Consumed units over provisioned unit-seconds, percent (100 for on-demand). */
  readonly meanUtilizationPercent: number;
}

/** Per-minute series of one policy, for the report. */
export interface PolicyTimeline {
  /** Mean provisioned capacity per minute (units per second); empty for on-demand. */
  readonly capacity: Float64Array;
  /** Units throttled per minute. */
  readonly throttled: Float64Array;
}

/** One policy's result and, when kept, its timeline. */
export interface PolicyRun {
  /** The summary. */
  readonly result: PolicyResult;
  /** The per-minute series. @default - not kept */
  readonly timeline?: PolicyTimeline;
}

/** Which option is cheapest without throttling, in numbers and in one sentence. */
export interface Advice {
  /** The cheapest deployable option (not the oracle) with no throttled unit. */
  readonly cheapestWithoutThrottling: string;
  /** Its cost, USD. */
  readonly costUsd: number;
  /** Whether on-demand costs less than every provisioned policy simulated (throttling or not). */
  readonly onDemandBeatsProvisioned: boolean;
  /**
   * How much the recommended option saves against the next cheapest option without throttling
   * (or, when on-demand wins, against the cheapest provisioned policy), USD.
   */
  readonly savingsUsd: number;
  /** The same saving as a percentage of the more expensive option. */
  readonly savingsPercent: number;
  /** The advice as one plain sentence. */
  readonly text: string;
}

/** Rounds a money amount for display and JSON (to a hundredth of a cent). */
export function roundUsd(x: number): number {
  return Math.round(x * 10000) / 10000;
}

/** Rounds a percentage for display and JSON (to a tenth). */
export function roundPercent(x: number): number {
  return Math.round(x * 10) / 10;
}

function usd(x: number): string {
  return `$${x.toFixed(x >= 100 ? 2 : 4)}`;
}

/**
 * The advice for a set of results: which deployable option is cheapest without throttling, and
 * whether on-demand beats every provisioned policy, with the margin. The oracle is a bound, never
 * advice, but it is quoted when even a perfect provisioned plan costs more than on-demand.
 */
export function adviseOn(results: readonly PolicyResult[]): Advice | undefined {
  const deployable = results.filter((r) => r.kind !== 'oracle');
  const clean = deployable.filter((r) => r.throttledUnits === 0).sort((a, b) => a.costUsd - b.costUsd);
  if (clean.length === 0) return undefined;
  const best = clean[0];
  // Every deployable option but on-demand provisions capacity: custom, native and hybrid.
  const provisioned = deployable.filter((r) => r.kind !== 'on-demand').sort((a, b) => a.costUsd - b.costUsd);
  const onDemand = deployable.find((r) => r.kind === 'on-demand');
  const oracle = results.find((r) => r.kind === 'oracle');
  const onDemandBeatsProvisioned = onDemand !== undefined && provisioned.length > 0 && onDemand.costUsd < provisioned[0].costUsd;

  let other: PolicyResult | undefined;
  let text: string;
  if (onDemandBeatsProvisioned && best === onDemand) {
    other = provisioned[0];
    text = `On-demand is the cheapest option without throttling for this trace: ${usd(onDemand.costUsd)}, `
      + `${usd(other.costUsd - onDemand.costUsd)} (${pct(other.costUsd, onDemand.costUsd)}) less than the cheapest provisioned policy, ${other.policy}`
      + (other.throttledUnits > 0 ? `, which also throttles ${other.throttledUnits} units` : '')
      + '.';
    if (oracle && oracle.costUsd > onDemand.costUsd) {
      text += ` Even a perfect provisioned plan (the oracle, ${usd(oracle.costUsd)}) costs more.`;
    }
  } else {
    other = clean[1];
    text = `${best.policy} is the cheapest option without throttling for this trace: ${usd(best.costUsd)}`;
    if (other) text += `, ${usd(other.costUsd - best.costUsd)} (${pct(other.costUsd, best.costUsd)}) less than ${other.policy}`;
    const cheaperButThrottling = deployable.filter((r) => r.throttledUnits > 0 && r.costUsd < best.costUsd);
    if (cheaperButThrottling.length > 0) {
      text += `; ${cheaperButThrottling.map((r) => r.policy).join(', ')} cost${cheaperButThrottling.length === 1 ? 's' : ''} less but throttle${cheaperButThrottling.length === 1 ? 's' : ''}`;
    }
    if (best === onDemand && oracle && oracle.throttledUnits === 0 && oracle.costUsd < onDemand.costUsd) {
      text += ` (with perfect foresight a provisioned plan could cost ${usd(oracle.costUsd)}: see the oracle)`;
    }
    text += '.';
  }
  text = text.charAt(0).toUpperCase() + text.slice(1);
  const savingsUsd = other ? other.costUsd - best.costUsd : 0;
  return {
    cheapestWithoutThrottling: best.policy,
    costUsd: best.costUsd,
    onDemandBeatsProvisioned,
    savingsUsd: roundUsd(savingsUsd),
    savingsPercent: other && other.costUsd > 0 ? roundPercent((savingsUsd / other.costUsd) * 100) : 0,
    text,
  };
}

function pct(more: number, less: number): string {
  return more > 0 ? `${roundPercent(((more - less) / more) * 100)} %` : '0 %';
}
