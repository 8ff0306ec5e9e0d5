/**
 * The `recommended` preset's goal on the benchmark's real traces, with the simulator's default
 * timing: no more throttled units than native target tracking at 70 % at no more cost, and where
 * target tracking throttles more than 10 % of the demand, half its units at no more than 1.5 times
 * the oracle's cost (issue 11), the cost including what each policy pays to run.
 * The simulation is deterministic, so this pins the benchmark's verdict; `npm run bench` prints
 * the numbers and the timing sweep, where the goal does not always hold.
 *
 * The traces are the corpus vendored in data/traces (or `TRACES_DIR`), listed with their set in
 * data/traces/corpus.json. The goal is asserted on the `benchmark` traces, the ones the preset was
 * tuned on, but the AAPL tweets; on the five `unseen` ones, issue 11's goal, the verdicts are
 * pinned as measured. Where the goal is missed it is an expected failure (`test.failing`), which
 * passes no more once the preset meets it there.
 */
import { existsSync, readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { corpus, CORPUS_DIR, corpusTraces } from '../../bench/corpus';
import { goal, TRACE_FILES, TRACES } from '../../bench/policies.bench';
import { capacityCostUsd, goalOnCurve, outOfReachOnCurve, positionOn, targetTrackingCurve } from '../../bench/target-tracking-curve';
import { RECOMMENDED_POLICY } from '../../src/engine/core/presets';
import { PolicyResult } from '../../src/sim/results';
import { simulate } from '../../src/sim/simulate';
import { loadTrace } from '../../src/sim/trace';
import { goalBounds } from '../../src/sim/tune';

/** The traces the bench replays: the corpus's benchmark set. */
const files = [...TRACE_FILES];

test('the corpus lists ten traces, five benchmark and five unseen, each present and parseable, and each with a verdict here', () => {
  expect(Object.keys(UNSEEN_VERDICTS).sort()).toEqual([...corpusTraces('unseen')].sort());
  const all = corpus();
  expect(all).toHaveLength(10);
  expect(new Set(all.map((t) => t.file)).size).toBe(10);
  expect(corpusTraces('benchmark')).toEqual([
    'Twitter_volume_AAPL.csv', 'elb_request_count_8c0756.csv', 'nasa_http_aug95.csv', 'nasa_http_jul95.csv', 'nyc_taxi.csv',
  ]);
  expect(corpusTraces('unseen')).toHaveLength(5);
  expect(files).toEqual(corpusTraces('benchmark'));
  // Every CSV of data/traces is in the manifest, and the other way round.
  expect(readdirSync(CORPUS_DIR).filter((f) => f.endsWith('.csv')).sort()).toEqual(all.map((t) => t.file).sort());
  for (const { file } of all) {
    const path = join(TRACES, file);
    expect({ file, exists: existsSync(path) }).toEqual({ file, exists: true });
    const trace = loadTrace(readFileSync(path, 'utf8'));
    expect(trace.rows).toBeGreaterThan(1000);
    expect(trace.load.length).toBeGreaterThan(0);
  }
});

/**
 * The benchmark traces where the goal is missed (issue 11: running costs count, the scaler's
 * GetMetricData, Lambda, state table and throttle alarm against target tracking's 4 alarms, and
 * where target tracking throttles more than 10 % of the demand, the goal is half its units), with
 * the verdict measured. `test.failing` keeps them honest: each must fail as said, and passes no
 * more (so this list is updated) once the preset meets the goal there.
 */
const MISSED_BENCHMARK: Readonly<Record<string, string>> = {
  'Twitter_volume_AAPL.csv': "throttles 85 % of target tracking's units; costs 103 % of target tracking; "
    + 'target tracking throttles over 10 % of the demand: the goal is half its units at up to 33.24 USD',
};

/** Verdicts already simulated (each trace is asked twice: its verdict and whether the goal is met), with the two results. */
const verdicts = new Map<string, ReturnType<typeof goal> & { recommended: PolicyResult; native: PolicyResult }>();

function simulateGoal(file: string, capacityOnly = false) {
  const key = `${file}|${capacityOnly}`;
  if (!verdicts.has(key)) {
    const trace = loadTrace(readFileSync(join(TRACES, file), 'utf8'));
    const prices = capacityOnly ? { alarmMonth: 0, getMetricDataPerMetric: 0, lambdaRequest: 0, lambdaGbSecond: 0, stateRead: 0, stateWrite: 0 } : {};
    const sim = simulate(trace, [
      { kind: 'native', targetUtilizationPercent: 70 }, { kind: 'custom', name: 'recommended', policy: RECOMMENDED_POLICY }, { kind: 'oracle' },
    ], { prices });
    verdicts.set(key, { ...goal(sim), native: sim.results[0], recommended: sim.results[1] });
  }
  return verdicts.get(key)!;
}

test.each(files.filter((f) => !(f in MISSED_BENCHMARK)))('%s: recommended meets the goal against native:70, running costs included', (file) => {
  const verdict = simulateGoal(file);
  expect({ met: verdict.met, text: verdict.text }).toEqual({ met: true, text: verdict.text });
}, 60_000);

/** The unseen traces' verdicts against native:70 (issue 11's goal is to meet it there), as measured, and whether it is met. */
const UNSEEN_VERDICTS: Readonly<Record<string, { readonly text: string; readonly met: boolean }>> = {
  'Twitter_volume_AMZN.csv': { text: "throttles 123 % of target tracking's units; costs 93 % of target tracking", met: false },
  'Twitter_volume_FB.csv': { text: "throttles 125 % of target tracking's units; costs 92 % of target tracking", met: false },
  'Twitter_volume_IBM.csv': { text: "throttles 113 % of target tracking's units; costs 93 % of target tracking", met: false },
  'ec2_disk_write_bytes_1ef3de.csv': { text: "throttles 40 % of target tracking's units; costs 133 % of target tracking; target tracking throttles over 10 % of the demand: the goal is half its units at up to 12.63 USD", met: false },
  'ec2_network_in_257a54.csv': { text: "throttles 57 % of target tracking's units; costs 107 % of target tracking; target tracking throttles over 10 % of the demand: the goal is half its units at up to 9.25 USD", met: false },
};

describe.each(Object.entries(UNSEEN_VERDICTS))('%s (unseen): the verdict against native:70, as measured (issue 11)', (file, measured) => {
  test('the verdict is as measured', () => {
    expect(simulateGoal(file).text).toBe(measured.text);
  }, 60_000);

  (measured.met ? test : test.failing)(`recommended ${measured.met ? 'meets' : 'misses'} the goal against native:70, running costs included`, () => {
    expect(simulateGoal(file).met).toBe(true);
  }, 60_000);
});

describe.each(Object.entries(MISSED_BENCHMARK))('%s: short of the goal', (file, measured) => {
  test.failing('recommended meets the goal against native:70, running costs included (issue 11)', () => {
    expect(simulateGoal(file).met).toBe(true);
  }, 60_000);

  test('the shortfall is as measured; on capacity alone it throttles fewer units at no more cost, but not half (the 10 % clause)', () => {
    expect(simulateGoal(file).text).toBe(measured);
    const capacityOnly = simulateGoal(file, true);
    expect(capacityOnly.recommended.throttledUnits).toBeLessThan(capacityOnly.native.throttledUnits);
    expect(capacityOnly.recommended.costUsd).toBeLessThanOrEqual(capacityOnly.native.costUsd);
    expect(capacityOnly.met).toBe(false);
  }, 120_000);
});

/**
 * Why the goal is missed on the FB tweets (docs/benchmarks.md, "Target tracking's own curve"): for
 * its capacity, the preset throttles within 5 % of the best target tracking does for that capacity,
 * and at the capacity the goal leaves it (the cost bound less the scaler's running cost) the goal
 * needs more than 5 % fewer units than target tracking there, against both native variants.
 */
test.each([['mean', 'native:70'], ['latest', 'native:70:latest']] as const)(
  'Twitter_volume_FB.csv (unseen): the preset is on target tracking\'s own curve (%s sizing), where the goal is out of reach',
  (sizing, name) => {
    const trace = loadTrace(readFileSync(join(TRACES, 'Twitter_volume_FB.csv'), 'utf8'));
    const sim = simulate(trace, [
      { kind: 'native', targetUtilizationPercent: 70, scaleOutSizing: sizing },
      { kind: 'custom', name: 'recommended', policy: RECOMMENDED_POLICY },
      { kind: 'oracle' },
    ]);
    const [native, rec, oracle] = sim.results;
    expect(native.policy).toBe(name);
    const curve = targetTrackingCurve(trace, sizing);
    expect(positionOn(curve, rec.throttledUnits, capacityCostUsd(rec))).toBe('on');
    const bounds = goalBounds(native, oracle);
    expect(bounds.heavy).toBe(false);
    expect(outOfReachOnCurve(goalOnCurve(curve, bounds, rec.runningCostUsd))).toBe(true);
  }, 120_000);
