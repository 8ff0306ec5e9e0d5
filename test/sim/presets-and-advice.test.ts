/**
 * The presets are valid engine policies (policy data only), and the advice picks the cheapest
 * option without throttling, saying when on-demand beats every provisioned policy.
 */
import { DD_SEED_POLICY, PRESETS, RECOMMENDED_POLICY } from '../../src/engine/core/presets';
import { validatePolicy } from '../../src/engine/core/validate';
import { adviseOn, PolicyKind, PolicyResult } from '../../src/sim/results';
import { simulate } from '../../src/sim/simulate';
import { Trace } from '../../src/sim/trace';

describe('presets', () => {
  test.each(Object.entries(PRESETS))('%s passes the engine\'s validation', (_name, policy) => {
    expect(validatePolicy(policy)).toEqual([]);
  });

  test('the dd seed is Dynamic DynamoDB\'s seed configuration, checked every 5 minutes', () => {
    const reads = DD_SEED_POLICY.tables[0].policy.reads;
    expect([reads.upperThreshold, reads.lowerThreshold, reads.increaseWith, reads.decreaseWith]).toEqual([90, 30, 50, 40]);
    expect([reads.increaseUnit, reads.decreaseUnit]).toEqual(['percent', 'percent']);
    expect(DD_SEED_POLICY.checkIntervalSeconds).toBe(300);
    expect(DD_SEED_POLICY.tables[0].policy.lookbackWindowStart).toBe(15);
  });

  test('the recommended window starts at the freshest minute and can wait for data up to 5 minutes late', () => {
    const target = RECOMMENDED_POLICY.tables[0].policy;
    expect(RECOMMENDED_POLICY.checkIntervalSeconds).toBe(60);
    expect([target.lookbackWindowStart, target.lookbackPeriod]).toEqual([2, 1]);
    // The minute [now-k, now-k+1) is published at now-k+1 + delay: a window k minutes back is complete for a delay of k-1 minutes.
    expect(target.lookbackWindowStartMax! - 1).toBeGreaterThanOrEqual(5);
    expect(target.increasesAgainstCurrentCapacity).toBe(true);
    expect(target.countThrottledAsConsumed).toBe(true);
  });
});

describe('the recommended preset under the timing sweep (1 to 5 minutes each)', () => {
  const START = Date.UTC(2026, 0, 5);
  /** 2 hours at 100 units/s, 2 hours at 400, 4 hours at 100. */
  const step: Trace = (() => {
    const load = new Float64Array(480);
    for (let m = 0; m < 480; m++) load[m] = m >= 120 && m < 240 ? 400 : 100;
    return { startMs: START, load, intervalSeconds: 60, rows: 480, unitsPerSecondPerValue: 1 };
  })();

  test.each([
    [60, 60], [120, 180], [300, 60], [60, 300], [300, 300],
  ])('datapoints after %i s, UpdateTable after %i s: it follows a 4x step up and back down', (cw, update) => {
    const sim = simulate(step, [{ kind: 'custom', name: 'recommended', policy: RECOMMENDED_POLICY }], {
      initialCapacity: 143, cloudWatch: { delaySeconds: cw }, table: { updateDelaySeconds: update }, keepTimelines: true,
    });
    const capacity = sim.runs[0].timeline!.capacity;
    // Up within 20 minutes of the step, never more than twice the need.
    const served = capacity.slice(120, 240).findIndex((c) => c >= 400);
    expect(served).toBeGreaterThanOrEqual(0);
    expect(served).toBeLessThanOrEqual(20);
    expect(Math.max(...capacity.slice(120, 240))).toBeLessThanOrEqual(800);
    // Back down within two hours of the drop.
    expect(capacity[479]).toBeLessThan(250);
  });
});

function result(policy: string, kind: PolicyKind, costUsd: number, throttledUnits = 0): PolicyResult {
  return {
    policy,
    kind,
    costUsd,
    runningCostUsd: 0,
    throttledUnits,
    throttledMinutes: throttledUnits > 0 ? 1 : 0,
    consumedUnits: 1,
    capacityChanges: 0,
    decreases: 0,
    meanUtilizationPercent: 50,
  };
}

describe('adviseOn', () => {
  test.each([
    ['a provisioned policy wins', [result('recommended', 'custom', 10), result('native:70', 'native', 12), result('on-demand', 'on-demand', 30)],
      'recommended', false, 2],
    ['the cheapest throttles, so the next clean one wins', [result('recommended', 'custom', 10, 5), result('native:70', 'native', 12), result('on-demand', 'on-demand', 30)],
      'native:70', false, 18],
    ['on-demand beats every provisioned policy', [result('recommended', 'custom', 10), result('native:70', 'native', 12), result('on-demand', 'on-demand', 8)],
      'on-demand', true, 2],
    ['the oracle is never advice', [result('oracle', 'oracle', 1), result('native:70', 'native', 12), result('on-demand', 'on-demand', 30)],
      'native:70', false, 18],
  ] as Array<[string, PolicyResult[], string, boolean, number]>)('%s', (_name, results, best, onDemandWins, savings) => {
    const advice = adviseOn(results)!;
    expect(advice.cheapestWithoutThrottling).toBe(best);
    expect(advice.onDemandBeatsProvisioned).toBe(onDemandWins);
    expect(advice.savingsUsd).toBeCloseTo(savings, 6);
  });

  test('the sentence says by how much on-demand wins, and that even the oracle costs more', () => {
    const advice = adviseOn([result('recommended', 'custom', 10), result('on-demand', 'on-demand', 8), result('oracle', 'oracle', 9)])!;
    expect(advice.text).toBe('On-demand is the cheapest option without throttling for this trace: $8.0000, $2.0000 (20 %) less than the cheapest '
      + 'provisioned policy, recommended. Even a perfect provisioned plan (the oracle, $9.0000) costs more.');
    expect(advice.savingsPercent).toBe(20);
  });

  test('no advice when every option throttles', () => {
    expect(adviseOn([result('native:70', 'native', 12, 3)])).toBeUndefined();
  });
});
