/** SNAPSHOT.json to engine input and back (docs/cli.md). */
import { outputToJson, SnapshotError, snapshotToInput } from '../../src/cli/snapshot';
import { decide } from '../../src/engine/decide';
import { pctSums, policyOf, target } from '../engine/builders';

const policy = policyOf(target({ reads: { throttledUpperThreshold: 1 } }), [], { circuitBreaker: { url: 'https://cb/ok', timeoutMs: 1000 } });

test('the documented minimal form: now, tables, metricSums', () => {
  const input = snapshotToInput({ now: '2017-08-12T12:00:00Z', tables: { t: { read: 100, write: 100 } }, metricSums: {} }, policy);
  expect(input).toEqual({
    nowMs: Date.UTC(2017, 7, 12, 12),
    policy,
    tables: { t: { read: 100, write: 100, status: 'ACTIVE' } },
    metricSums: {},
    state: { counters: { tables: {}, gsis: {} } },
    circuitBreakers: undefined,
  });
});

test('quota fields, GSIs and a single circuit-breaker outcome', () => {
  const input = snapshotToInput({
    now: '2017-08-12T12:00:00Z',
    tables: { t: { read: 1, write: 2, status: 'UPDATING', decreasesToday: 3, lastDecreaseAt: '2017-08-12T11:00:00Z', gsis: { g: { read: 3, write: 4 } } } },
    circuitBreaker: { status: 503 },
  }, policy);
  expect(input.tables.t).toEqual({
    read: 1,
    write: 2,
    status: 'UPDATING',
    decreasesToday: 3,
    lastDecreaseMs: Date.UTC(2017, 7, 12, 11),
    gsis: { g: { read: 3, write: 4, status: 'ACTIVE' } },
  });
  expect(input.circuitBreakers).toEqual({ 'https://cb/ok': { status: 503 } });
});

test('the printed state round-trips, throttle marks included', () => {
  const first = snapshotToInput({
    now: '2017-08-12T12:00:00Z',
    tables: { t: { read: 100, write: 100 } },
    metricSums: { t: { ...pctSums(50, 50), ReadThrottleEvents: 50 } },
    circuitBreaker: { status: 200 },
  }, policy);
  const out = decide(first);
  const printed = JSON.parse(JSON.stringify(outputToJson(out)));
  expect(printed.throttleCountedUntil).toEqual({ t: { reads: '2017-08-12T11:50:00.000Z' } });
  const next = snapshotToInput({ now: '2017-08-12T12:01:00Z', tables: { t: { read: 150, write: 100 } }, ...printed }, policy);
  expect(next.state).toEqual(out.state);
});

test.each([
  [[], 'the snapshot must be a JSON object'],
  [{ now: 'yesterday', tables: {} }, 'now must be an ISO-8601 time, got "yesterday"'],
  [{ now: 0, tables: [] }, 'tables must be an object of table name to capacity'],
  [{ now: 0, tables: { t: { read: 1, write: 1, gsis: [] } } }, 'tables.t.gsis must be an object'],
  [{ now: 0, tables: {}, counters: { tables: { t: { reads: 'x' } } } }, 'counters.tables.t.reads must be a number, got "x"'],
  [{ now: 0, tables: {}, circuitBreaker: 'up' }, 'circuitBreaker must be {"status": N}, {"error": "..."} or an object of URL to those'],
  [{ now: 0, tables: {}, alarms: [] }, 'alarms must be an object of "table" or "table:gsi" to alarm state'],
])('%j is rejected: %s', (snapshot, message) => {
  expect(() => snapshotToInput(snapshot, policy)).toThrow(new SnapshotError(message));
});
