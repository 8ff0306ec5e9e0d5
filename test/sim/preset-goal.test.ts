/**
 * The `recommended` preset's goal on the benchmark's real traces, with the simulator's default
 * timing: less throttling than native target tracking at 70 % at no more cost (issue: "must
 * throttle less than native target tracking on every one of these traces at no more cost").
 * The simulation is deterministic, so this pins the benchmark's verdict; `npm run bench` prints
 * the numbers and the timing sweep, where the goal does not always hold.
 *
 * The traces are the corpus vendored in data/traces (or `TRACES_DIR`), listed with their set in
 * data/traces/corpus.json. The goal is asserted on the five `benchmark` traces, the ones the preset
 * was tuned on, and NOT on the five `unseen` ones: the unseen traces are issue 11's goal; the
 * preset does not meet it there yet. For those this file only checks that they load.
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

test('the corpus lists ten traces, five benchmark and five unseen, each present and parseable', () => {
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

test.each(files)('%s: recommended throttles less than native:70 at no more cost', (file) => {
  const trace = loadTrace(readFileSync(join(TRACES, file), 'utf8'));
  const sim = simulate(trace, [{ kind: 'native', targetUtilizationPercent: 70 }, { kind: 'custom', name: 'recommended', policy: RECOMMENDED_POLICY }]);
  const verdict = goal(sim);
  expect({ met: verdict.met, text: verdict.text }).toEqual({ met: true, text: verdict.text });
}, 60_000);
