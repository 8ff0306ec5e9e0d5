/**
 * The `recommended` preset's goal on the benchmark's real traces, with the simulator's default
 * timing: less throttling than native target tracking at 70 % at no more cost (issue: "must
 * throttle less than native target tracking on every one of these traces at no more cost"),
 * the cost including what each policy pays to run (issue 11).
 * The simulation is deterministic, so this pins the benchmark's verdict; `npm run bench` prints
 * the numbers and the timing sweep, where the goal does not always hold.
 *
 * The traces are the corpus vendored in data/traces (or `TRACES_DIR`), listed with their set in
 * data/traces/corpus.json. The goal is asserted on the five `benchmark` traces, the ones the preset
 * was tuned on; on the five `unseen` ones, issue 11's goal, the preset misses it: their verdicts
 * are pinned as measured and the goal is an expected failure (`test.failing`), which passes no
 * more once the preset meets it there.
 */
import { existsSync, readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { corpus, CORPUS_DIR, corpusTraces } from '../../bench/corpus';
import { goal, TRACE_FILES, TRACES } from '../../bench/policies.bench';
import { RECOMMENDED_POLICY } from '../../src/engine/core/presets';
import { simulate } from '../../src/sim/simulate';
import { loadTrace } from '../../src/sim/trace';

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
 * Where the goal no longer holds since running costs count (issue 11: the scaler's GetMetricData,
 * Lambda, state table and throttle alarm against target tracking's 4 alarms), with the verdict
 * measured. `test.failing` keeps them honest: each must fail as said, and passes no more (so this
 * list is updated) once the preset meets the goal there again.
 */
const SHORT_SINCE_RUNNING_COSTS: Readonly<Record<string, string>> = {
  'Twitter_volume_AAPL.csv': "throttles 84 % of target tracking's units; costs 103 % of target tracking",
};

/** Verdicts already simulated (each trace is asked twice: its verdict and whether the goal is met). */
const verdicts = new Map<string, ReturnType<typeof goal>>();

function simulateGoal(file: string, capacityOnly = false) {
  const key = `${file}|${capacityOnly}`;
  if (!verdicts.has(key)) verdicts.set(key, simulateGoalOnce(file, capacityOnly));
  return verdicts.get(key)!;
}

function simulateGoalOnce(file: string, capacityOnly: boolean) {
  const trace = loadTrace(readFileSync(join(TRACES, file), 'utf8'));
  const prices = capacityOnly ? { alarmMonth: 0, getMetricDataPerMetric: 0, lambdaRequest: 0, lambdaGbSecond: 0, stateRead: 0, stateWrite: 0 } : {};
  const sim = simulate(trace, [{ kind: 'native', targetUtilizationPercent: 70 }, { kind: 'custom', name: 'recommended', policy: RECOMMENDED_POLICY }], { prices });
  return goal(sim);
}

test.each(files.filter((f) => !(f in SHORT_SINCE_RUNNING_COSTS)))('%s: recommended throttles less than native:70 at no more cost, running costs included', (file) => {
  const verdict = simulateGoal(file);
  expect({ met: verdict.met, text: verdict.text }).toEqual({ met: true, text: verdict.text });
}, 60_000);

/** The unseen traces' verdicts against native:70 (issue 11's goal is to meet it there), as measured. */
const UNSEEN_VERDICTS: Readonly<Record<string, string>> = {
  'Twitter_volume_AMZN.csv': "throttles 130 % of target tracking's units; costs 91 % of target tracking",
  'Twitter_volume_FB.csv': "throttles 127 % of target tracking's units; costs 92 % of target tracking",
  'Twitter_volume_IBM.csv': "throttles 117 % of target tracking's units; costs 93 % of target tracking",
  'ec2_disk_write_bytes_1ef3de.csv': "throttles 40 % of target tracking's units; costs 133 % of target tracking",
  'ec2_network_in_257a54.csv': "throttles 52 % of target tracking's units; costs 114 % of target tracking",
};

describe.each(Object.entries(UNSEEN_VERDICTS))('%s (unseen): the preset misses the goal, as measured (issue 11)', (file, measured) => {
  test('the verdict is as measured', () => {
    expect(simulateGoal(file).text).toBe(measured);
  }, 60_000);

  test.failing('recommended throttles less than native:70 at no more cost, running costs included', () => {
    expect(simulateGoal(file).met).toBe(true);
  }, 60_000);
});

describe.each(Object.entries(SHORT_SINCE_RUNNING_COSTS))('%s: short of the goal since running costs count', (file, measured) => {
  test.failing('recommended throttles less than native:70 at no more cost, running costs included (issue 11)', () => {
    expect(simulateGoal(file).met).toBe(true);
  }, 60_000);

  test('the shortfall is as measured, and on capacity alone the goal still holds', () => {
    expect(simulateGoal(file).text).toBe(measured);
    expect(simulateGoal(file, true).met).toBe(true);
  }, 120_000);
});
