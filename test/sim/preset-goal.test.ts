/**
 * The `recommended` preset's goal on the benchmark's real traces, with the simulator's default
 * timing: less throttling than native target tracking at 70 % at no more cost (issue: "must
 * throttle less than native target tracking on every one of these traces at no more cost").
 * The simulation is deterministic, so this pins the benchmark's verdict; `npm run bench` prints
 * the numbers and the timing sweep, where the goal does not always hold.
 */
import { existsSync, readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { goal, TRACES } from '../../bench/policies.bench';
import { RECOMMENDED_POLICY } from '../../src/engine/core/presets';
import { simulate } from '../../src/sim/simulate';
import { loadTrace } from '../../src/sim/trace';

const files = existsSync(TRACES) ? readdirSync(TRACES).filter((f) => f.endsWith('.csv')).sort() : [];

test('the benchmark traces are there (shared/data/traces beside the checkout, or TRACES_DIR)', () => {
  expect(files.length).toBeGreaterThanOrEqual(5);
});

test.each(files)('%s: recommended throttles less than native:70 at no more cost', (file) => {
  const trace = loadTrace(readFileSync(join(TRACES, file), 'utf8'));
  const sim = simulate(trace, [{ kind: 'native', targetUtilizationPercent: 70 }, { kind: 'custom', name: 'recommended', policy: RECOMMENDED_POLICY }]);
  const verdict = goal(sim);
  expect({ met: verdict.met, text: verdict.text }).toEqual({ met: true, text: verdict.text });
}, 60_000);
