/**
 * Running costs: what each kind of policy pays to run over a known trace length, in exact numbers,
 * and the total cost includes it.
 */
import { DEFAULT_TARGET_POLICY, EnginePolicy } from '../../src/engine';
import { DEFAULT_PRICES, PRICE_TABLE, pricesFromEnvironment } from '../../src/sim/cost';
import { runEnginePolicy } from '../../src/sim/engine-run';
import { MONTH_SECONDS, scalerRunningCost, targetTrackingRunningCostUsd } from '../../src/sim/running-cost';
import { simulate } from '../../src/sim/simulate';
import { Trace } from '../../src/sim/trace';

const START = Date.UTC(2026, 0, 5);
const DAYS = 3;
const SECONDS = DAYS * 86400;

function constantTrace(minutes: number, load: number): Trace {
  return { startMs: START, load: new Float64Array(minutes).fill(load), intervalSeconds: 60, rows: minutes, unitsPerSecondPerValue: 1 };
}

/** Dynamic DynamoDB's defaults (thresholds 30-90 %), checked every 5 minutes. */
const EVERY_5_MINUTES: EnginePolicy = {
  tables: [{ tablePattern: '^orders$', policy: DEFAULT_TARGET_POLICY, gsis: [] }],
  checkIntervalSeconds: 300,
};

describe('the price table', () => {
  test('one row per price, with its us-east-1 default and its environment variable', () => {
    const expected: Array<[string, number, string]> = [
      ['rcuHour', 0.00013, 'PRICE_RCU_HOUR'],
      ['wcuHour', 0.00065, 'PRICE_WCU_HOUR'],
      ['readRequestMillion', 0.125, 'PRICE_READ_MILLION'],
      ['writeRequestMillion', 0.625, 'PRICE_WRITE_MILLION'],
      ['alarmMonth', 0.10, 'PRICE_ALARM_MONTH'],
      ['getMetricDataPerMetric', 0.00001, 'PRICE_GET_METRIC_DATA'],
      ['lambdaRequest', 0.0000002, 'PRICE_LAMBDA_REQUEST'],
      ['lambdaGbSecond', 0.0000133334, 'PRICE_LAMBDA_GB_SECOND'],
      ['stateRead', 0.000000125, 'PRICE_DDB_READ'],
      ['stateWrite', 0.000000625, 'PRICE_DDB_WRITE'],
    ];
    expect(PRICE_TABLE.map((r) => [r.field, r.env])).toEqual(expected.map(([field, , env]) => [field, env]));
    PRICE_TABLE.forEach((r, i) => expect(r.usd).toBeCloseTo(expected[i][1], 15));
    expect(Object.keys(DEFAULT_PRICES)).toHaveLength(PRICE_TABLE.length);
  });

  test('PRICE_* variables override it; an empty one is ignored, a bad one is an error naming it', () => {
    expect(pricesFromEnvironment({ PRICE_ALARM_MONTH: '0.3', PRICE_GET_METRIC_DATA: '', HOME: '/root' })).toEqual({ alarmMonth: 0.3 });
    expect(() => pricesFromEnvironment({ PRICE_DDB_READ: 'free' })).toThrow("PRICE_DDB_READ must be a price in USD >= 0, got 'free'");
    expect(() => pricesFromEnvironment({ PRICE_RCU_HOUR: '-1' })).toThrow("PRICE_RCU_HOUR must be a price in USD >= 0, got '-1'");
  });
});

describe('running cost of each kind of policy over 3 days', () => {
  test('target tracking: 4 alarms at 0.10 USD per alarm-month, prorated: 4 x 0.10 x 3 / 30 = 0.04 USD', () => {
    expect(targetTrackingRunningCostUsd(1, SECONDS, DEFAULT_PRICES)).toBeCloseTo(0.04, 12);
    expect(targetTrackingRunningCostUsd(2, MONTH_SECONDS, DEFAULT_PRICES)).toBeCloseTo(0.8, 12);
  });

  test('a custom policy at rest: 864 checks of 2 metrics, 1 state write, a 2-metric throttle alarm', () => {
    const run = runEnginePolicy(constantTrace(DAYS * 1440, 50), EVERY_5_MINUTES, {
      name: 'p', dimension: 'read', prices: DEFAULT_PRICES, table: { initialCapacity: 100 },
    });
    // Capacity never moves (50 %), so each check reads the consumed pair only; the state is written once.
    expect(run.scalerUsage).toEqual({ checks: 864, metricsRequested: 1728, stateWrites: 1, targets: 1, seconds: SECONDS });
    const cost = scalerRunningCost(run.scalerUsage, DEFAULT_PRICES);
    expect(cost.getMetricData).toBeCloseTo(1728 * 0.00001, 12); // 0.01728
    // Its tenth of a request (10 tables per scaler) and 50 ms at 256 MB, per check.
    expect(cost.lambda).toBeCloseTo(864 * (0.0000002 / 10 + 0.05 * 0.25 * 0.0000133334), 12); // 0.00016128072
    expect(cost.stateTable).toBeCloseTo(864 * 0.000000125 + 1 * 0.000000625, 12); // 0.000108625
    expect(cost.throttleAlarm).toBeCloseTo(2 * 0.10 * 3 / 30, 12); // 0.02
    expect(cost.total).toBeCloseTo(0.03754990572, 11);
    // The table's scaler serves both dimensions: the simulated one pays half, as native pays its own dimension's alarms.
    expect(run.result.runningCostUsd).toBe(0.0188);
  });

  test('a custom policy while the capacity moves also requests the provisioned pair: 4 metrics a check', () => {
    const run = runEnginePolicy(constantTrace(180, 50), EVERY_5_MINUTES, {
      name: 'p', dimension: 'read', prices: DEFAULT_PRICES, table: { initialCapacity: 1000 }, keepTimeline: true,
    });
    const capacity = Array.from(run.timeline!.capacity).filter((_c, m) => m % 5 === 0);
    // Decreases sent at minutes 15, 20, 25 and 30 (1000 -> 500 -> 250 -> 125 -> 63).
    expect(capacity.slice(0, 9)).toEqual([1000, 1000, 1000, 1000, 500, 250, 125, 63, 63]);
    // The provisioned pair is read until the last change is 15 minutes older than the window (which
    // starts 15 minutes back): the checks at minutes 20-60, 9 of 36, read 4 metrics, the others 2.
    // Writes: the first state, then for each decrease its claim and the state settled after it
    // (the 4th settles to the state it claimed, so it is not written again).
    expect(run.scalerUsage).toEqual({ checks: 36, metricsRequested: 9 * 4 + 27 * 2, stateWrites: 8, targets: 1, seconds: 180 * 60 });
  });

  test('a check interval under a minute is charged at its own rate', () => {
    const run = runEnginePolicy(constantTrace(60, 50), { ...EVERY_5_MINUTES, checkIntervalSeconds: 30 }, {
      name: 'p', dimension: 'read', prices: DEFAULT_PRICES, table: { initialCapacity: 100 },
    });
    // 60 simulated checks (the capacity moves in this run: 3.6 metrics a check), each counted twice.
    expect(run.scalerUsage).toMatchObject({ checks: 120, metricsRequested: 2 * 216, stateWrites: 2 * 23 });
  });

  test('through simulate(): native 0.04, custom 0.0188 (half its table\'s 0.0375), on-demand and the oracle nothing; each total includes it', () => {
    const trace = constantTrace(DAYS * 1440, 50);
    const policies = [
      { kind: 'custom', name: 'p', policy: EVERY_5_MINUTES },
      { kind: 'native', targetUtilizationPercent: 70 },
      { kind: 'native', targetUtilizationPercent: 70, scaleOutSizing: 'latest' },
      { kind: 'on-demand' },
      { kind: 'oracle' },
    ] as const;
    const sim = simulate(trace, policies, { initialCapacity: 100 });
    expect(sim.results.map((r) => [r.policy, r.runningCostUsd])).toEqual([
      ['p', 0.0188], ['native:70', 0.04], ['native:70:latest', 0.04], ['on-demand', 0], ['oracle', 0],
    ]);
    // 100 units for 72 hours at 0.00013 USD (50 u/s stays inside both policies' bands), plus the running cost.
    const capacity = 100 * 72 * 0.00013;
    expect(sim.results[0].costUsd).toBe(Math.round((capacity + 0.03754990572 / 2) * 10000) / 10000);
    expect(sim.results[1].costUsd).toBe(Math.round((capacity + 0.04) * 10000) / 10000);
    // With every running price at 0, each total drops by exactly its running cost.
    const free = simulate(trace, policies, {
      initialCapacity: 100,
      prices: { alarmMonth: 0, getMetricDataPerMetric: 0, lambdaRequest: 0, lambdaGbSecond: 0, stateRead: 0, stateWrite: 0 },
    });
    sim.results.forEach((r, i) => {
      expect(free.results[i].runningCostUsd).toBe(0);
      expect(r.costUsd - free.results[i].costUsd).toBeCloseTo(r.runningCostUsd, 4);
    });
  });
});
