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
 * The recommended custom policy: a check every 3 minutes on the freshest CloudWatch minute,
 * increases sized to land near 75 % utilization (more when throttled), decreases sized to land
 * near 65 % after 4 consecutive low checks.
 *
 * Why each option (docs/benchmarks.md shows the effect on real traces):
 * - `checkIntervalSeconds: 180` with a one-minute window `[now-2, now-1)`: the freshest complete
 *   minute CloudWatch has, and each check sees only minutes after the previous check's update
 *   applied, so one rise is never answered twice (the window's provisioned capacity, D8, would
 *   otherwise still show the old capacity and compound the increase).
 * - `increaseConsumedScale`: from 90 % consumed, add what brings utilization back to about 75 %;
 *   at 100 % and above, dd's rule grows from the consumed units (burst included) by a third.
 * - `increaseThrottledByProvisionedScale`: throttled requests are invisible to consumption (which
 *   is why target tracking climbs out of a spike only 1/target per step); the increase grows with
 *   the throttled share, capped at doubling: a spike that ends before the capacity arrives costs
 *   no more than one doubling.
 * - `decreaseConsumedScale`: below 45 % consumed, remove what brings utilization back to about
 *   65 %, at most 60 % of the capacity at once, so a table never falls far below a level it may
 *   need again (a traffic gap is often an upstream outage whose traffic returns all at once).
 * - `checksBeforeScaleDown: 4` (12 minutes of consecutive low checks, D3): the 27 daily
 *   decreases are spent on real downturns, not on noise.
 * - No scale-down on windows without traffic (`allowScaleDownAtZeroPercent: false`), as target
 *   tracking: an idle table keeps its capacity.
 *
 * It assumes CloudWatch publishes a minute's datapoints within about a minute and UpdateTable
 * applies within about a minute (the simulator's defaults). When datapoints come later, the window
 * is still empty at check time and the policy neither scales up nor down; when updates take
 * longer, a rise can be answered twice (docs/benchmarks.md, "Sensitivity to the model").
 */
export const RECOMMENDED_POLICY: EnginePolicy = everyTable({
  ...DEFAULT_DIMENSION_POLICY,
  upperThreshold: 90,
  lowerThreshold: 45,
  increaseConsumedScale: [[90, 20], [95, 27], [100, 33]],
  increaseThrottledByProvisionedScale: [[1, 34], [5, 38], [10, 43], [25, 58], [50, 83], [100, 100]],
  decreaseConsumedScale: [[25, 60], [30, 54], [35, 46], [40, 38], [45, 31]],
  checksBeforeScaleDown: 4,
}, { lookbackWindowStart: 2, lookbackPeriod: 1 }, 180);

/** Presets by name, as `simulate --preset NAME` takes them. */
export const PRESETS: Readonly<Record<string, EnginePolicy>> = {
  'recommended': RECOMMENDED_POLICY,
  'dd-seed': DD_SEED_POLICY,
};
