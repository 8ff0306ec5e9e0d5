/**
 * The presets are valid engine policies (policy data only), and the advice picks the cheapest
 * option without throttling, saying when on-demand beats every provisioned policy.
 */
import { DD_SEED_POLICY, PRESETS, RECOMMENDED_POLICY } from '../../src/engine/presets';
import { validatePolicy } from '../../src/engine/validate';
import { adviseOn, PolicyKind, PolicyResult } from '../../src/sim/results';

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

  test('the recommended window ends before the check and each check sees only minutes after the last update applied', () => {
    const target = RECOMMENDED_POLICY.tables[0].policy;
    // With a 60 s UpdateTable, an update sent at a check applies one minute later; the next check's window must start after that.
    const windowStartAfterNextCheck = RECOMMENDED_POLICY.checkIntervalSeconds / 60 - target.lookbackWindowStart;
    expect(windowStartAfterNextCheck).toBeGreaterThanOrEqual(1);
    expect(target.lookbackWindowStart - target.lookbackPeriod).toBeGreaterThanOrEqual(1);
  });
});

function result(policy: string, kind: PolicyKind, costUsd: number, throttledUnits = 0): PolicyResult {
  return {
    policy,
    kind,
    costUsd,
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
