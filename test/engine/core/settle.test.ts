/** Correcting the state after an update that failed or went out partly (D3, D8). */
import { decide } from '../../../src/engine/core/decide';
import { settleUpdate } from '../../../src/engine/core/settle';
import { inputOf, pctSums, policyOf, target } from '../builders';

const input = inputOf({
  policy: policyOf(target({ writes: { throttledUpperThreshold: 1 } })),
  sums: { t: { ...pctSums(10, 50), WriteThrottleEvents: 10 } },
});
const out = decide(input);
const u = out.updates[0];

test('the plan assumes success', () => {
  expect(u).toMatchObject({ reads: 50, writes: 150, increaseOnly: { reads: 100, writes: 150 } });
  expect(out.state.counters.tables.t).toEqual({ reads: 0, writes: 0 });
  expect(out.state.throttleCountedUntil).toEqual({ t: { writes: input.nowMs - 600_000 } });
});

test('a failed update keeps the counters and the throttles of the window', () => {
  const s = settleUpdate(input, out, u, null);
  expect(s.counters.tables.t).toEqual({ reads: 1, writes: 0 });
  expect(s.throttleCountedUntil).toEqual({});
});

test('an increase-only retry resets only the increased dimension', () => {
  const s = settleUpdate(input, out, u, u.increaseOnly);
  expect(s.counters.tables.t).toEqual({ reads: 1, writes: 0 });
  expect(s.throttleCountedUntil).toEqual({ t: { writes: input.nowMs - 600_000 } });
});

test('a full success changes nothing', () => {
  const s = settleUpdate(input, out, u, { reads: u.reads, writes: u.writes });
  expect(s).toEqual(out.state);
});
