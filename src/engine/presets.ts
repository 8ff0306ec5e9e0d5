/**
 * Named custom policies: policy data only (every rule they use lives in the engine).
 *
 * - `recommended`: this project's recommended custom policy, tuned on traffic in general (see
 *   docs/benchmarks.md for how it compares with native target tracking, on-demand and the oracle).
 * - `dd-seed`: the seed configuration of Dynamic DynamoDB (`--reads-upper-threshold 90
 *   --reads-lower-threshold 30 --increase-reads-with 50 --decrease-reads-with 40`, a check every
 *   5 minutes), applied to writes as well so both dimensions compare alike.
 */
import { DEFAULT_DIMENSION_POLICY, DEFAULT_TARGET_POLICY, DimensionPolicy, EnginePolicy, TargetPolicy } from './policy';

/** Builds a one-rule policy (every table, no GSI rule) with the same options for reads and writes. */
function everyTable(dimension: DimensionPolicy, target: Partial<TargetPolicy>, checkIntervalSeconds: number): EnginePolicy {
  return {
    tables: [{
      tablePattern: '.*',
      policy: { ...DEFAULT_TARGET_POLICY, ...target, reads: dimension, writes: dimension },
      gsis: [],
    }],
    checkIntervalSeconds,
  };
}

/** Dynamic DynamoDB's seed configuration, checked every 5 minutes. */
export const DD_SEED_POLICY: EnginePolicy = everyTable({
  ...DEFAULT_DIMENSION_POLICY,
  upperThreshold: 90,
  lowerThreshold: 30,
  increaseWith: 50,
  decreaseWith: 40,
}, {}, 300);

/**
 * The recommended custom policy.
 *
 * Why each option (the simulator's benchmark shows the effect):
 * - a check every minute on the freshest complete CloudWatch minutes, so it reacts about as fast
 *   as native target tracking's 2-minute alarm;
 * - scale-up driven by throttling too: throttled requests are invisible to consumption, which is
 *   why native target tracking climbs out of a spike only 1/target per step;
 * - granular decreases that land near the target in one step, only after several consecutive
 *   low checks, so the 27 daily decreases are spent on real downturns.
 */
export const RECOMMENDED_POLICY: EnginePolicy = everyTable({
  ...DEFAULT_DIMENSION_POLICY,
  upperThreshold: 80,
  lowerThreshold: 50,
  increaseWith: 40,
  decreaseWith: 30,
}, { lookbackWindowStart: 3, lookbackPeriod: 2 }, 60);

/** Presets by name, as `simulate --preset NAME` takes them. */
export const PRESETS: Readonly<Record<string, EnginePolicy>> = {
  'recommended': RECOMMENDED_POLICY,
  'dd-seed': DD_SEED_POLICY,
};
