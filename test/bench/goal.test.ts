/** The bench's verdict on the goal (bench/policies.bench.ts `goal`), on results made by hand. */
import { goal, oracleOf } from '../../bench/policies.bench';
import { PolicyResult } from '../../src/sim/results';
import { SimulationReport } from '../../src/sim/simulate';

/** A result asked for 10,000 units: what is not throttled was consumed. */
function result(policy: string, throttledUnits: number, costUsd: number): PolicyResult {
  return {
    policy,
    kind: 'custom',
    costUsd,
    runningCostUsd: 0,
    throttledUnits,
    throttledMinutes: 0,
    consumedUnits: 10_000 - throttledUnits,
    capacityChanges: 0,
    decreases: 0,
    meanUtilizationPercent: 0,
  };
}

function report(...results: PolicyResult[]): SimulationReport {
  return { results } as unknown as SimulationReport;
}

const oracle = result('oracle', 0, 5);

test('no more throttled units at no more cost', () => {
  expect(goal(report(result('native:70', 500, 10), result('recommended', 500, 10), oracle)))
    .toEqual({ met: true, text: "throttles 100 % of target tracking's units; costs 100 % of target tracking" });
  expect(goal(report(result('native:70', 500, 10), result('recommended', 501, 9), oracle)).met).toBe(false);
  expect(goal(report(result('native:70', 500, 10), result('recommended', 400, 10.01), oracle)).met).toBe(false);
});

test('where target tracking throttles over 10 % of the demand, half its units at up to 1.5 times the oracle\'s cost', () => {
  const heavy = '; target tracking throttles over 10 % of the demand: the goal is half its units at up to 7.50 USD';
  expect(goal(report(result('native:70', 2000, 10), result('recommended', 1000, 7.5), oracle)))
    .toEqual({ met: true, text: `throttles 50 % of target tracking's units; costs 75 % of target tracking${heavy}` });
  expect(goal(report(result('native:70', 2000, 10), result('recommended', 1001, 7), oracle)).met).toBe(false);
  expect(goal(report(result('native:70', 2000, 10), result('recommended', 900, 7.6), oracle)).met).toBe(false);
});

test('against the variant asked for, with the oracle given when the run has none', () => {
  const sim = report(result('native:70', 500, 10), result('native:70:latest', 2000, 10), result('recommended', 900, 7));
  expect(goal(sim, 'native:70:latest', oracle).met).toBe(true);
  expect(goal(sim, 'native:70', oracle).met).toBe(false);
  expect(() => goal(sim, 'native:70:latest')).toThrow('the simulation did not run the oracle');
  expect(oracleOf(report(oracle))).toBe(oracle);
});
