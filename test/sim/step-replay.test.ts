/**
 * The simulator replays a step policy (a policy JSON with `step`, no preset): its checks read the
 * window's minutes from the CloudWatch model, so users compare step scaling with target tracking
 * before they deploy.
 */
import { policyFromJson } from '../../src/engine';
import { DEFAULT_PRICES } from '../../src/sim/cost';
import { runEnginePolicy } from '../../src/sim/engine-run';
import { simulate } from '../../src/sim/simulate';
import { Trace } from '../../src/sim/trace';

const START = Date.UTC(2026, 0, 5);

/** 60 minutes at 50 units/s, then 120 at 150. */
function stepUpTrace(): Trace {
  const load = new Float64Array(180).fill(50);
  load.fill(150, 60);
  return { startMs: START, load, intervalSeconds: 60, rows: 180, unitsPerSecondPerValue: 1 };
}

const STEP_POLICY = policyFromJson({
  tables: [{
    tablePattern: '.*',
    policy: {
      // The simulator's CloudWatch shows a minute 2 minutes after it ends: the last 2 published minutes.
      lookbackWindowStart: 4,
      lookbackPeriod: 2,
      reads: {
        min: 10,
        max: 1000,
        step: {
          steps: [{ upper: 30, change: -10 }, { lower: 30, upper: 70, change: 0 }, { lower: 70, change: 50 }],
          evaluationPeriods: 2,
          cooldownSeconds: 120,
        },
      },
      writes: { min: 10, max: 1000 },
    },
  }],
  checkIntervalSeconds: 60,
});

test('a step policy scales out after a rise, in steps of 50 units, and stops inside its no-change band', () => {
  const run = runEnginePolicy(stepUpTrace(), STEP_POLICY, { name: 'step', dimension: 'read', prices: DEFAULT_PRICES, table: { initialCapacity: 100 }, keepTimeline: true });
  const capacity = Array.from(run.timeline!.capacity);
  expect(capacity[0]).toBe(100);
  // Before the rise (50 % of 100) nothing changes.
  expect(new Set(capacity.slice(0, 60))).toEqual(new Set([100]));
  // After it, capacity climbs by whole steps of 50 until 150 u/s is below 70 % of it.
  const after = capacity.slice(60);
  expect(after.every((c) => (c - 100) % 50 === 0)).toBe(true);
  expect(Math.max(...after)).toBeGreaterThanOrEqual(250);
  expect(150 / capacity[capacity.length - 1]).toBeLessThan(0.7);
  expect(run.notes).toEqual([]);
});

test('it compares with target tracking in one simulation', () => {
  const sim = simulate(stepUpTrace(), [{ kind: 'native', targetUtilizationPercent: 70 }, { kind: 'custom', name: 'step', policy: STEP_POLICY }], { initialCapacity: 100 });
  expect(sim.results.map((r) => r.policy)).toEqual(['native:70', 'step']);
  expect(sim.results[1].capacityChanges).toBeGreaterThan(0);
});
