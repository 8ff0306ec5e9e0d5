/** SNAPSHOT.json to engine input and back (docs/cli.md). */
import { execFileSync } from 'child_process';
import { join } from 'path';
import { formatExplanation } from '../../src/cli/explain-format';
import { checkSnapshot, outputToJson, parseIsoTime, SnapshotError, snapshotToInput } from '../../src/cli/snapshot';
import { EnginePolicy } from '../../src/engine/core/policy';
import { guardTargetPolicy } from '../../src/engine/core/scale-in-guard';
import { parseDdConfig } from '../../src/engine/dd-conf/dd-config';
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

/** A dynamic-dynamodb.conf policy for table `t` with the required units and `options`. */
function confPolicy(options: string): EnginePolicy {
  return parseDdConfig(`[table: ^t$]
increase-reads-unit: percent
decrease-reads-unit: percent
increase-writes-unit: percent
decrease-writes-unit: percent
${options}
`).policy!;
}

/** One check from `snapshot`; what `decide` printed, and the next snapshot (at `nextNow`) built from it. */
function roundTrip(p: EnginePolicy, snapshot: Record<string, unknown>, nextNow: string, nextRead = 100) {
  const out = checkSnapshot(snapshotToInput(snapshot, p));
  const printed = JSON.parse(JSON.stringify(outputToJson(out)));
  const next = snapshotToInput({ now: nextNow, tables: { t: { read: nextRead, write: 100 } }, ...printed }, p);
  return { out, printed, next };
}

test('the printed state round-trips, throttle marks included', () => {
  const { out, printed, next } = roundTrip(policy, {
    now: '2017-08-12T12:00:00Z',
    tables: { t: { read: 100, write: 100 } },
    metricSums: { t: { ...pctSums(50, 50), ReadThrottleEvents: 50 } },
    circuitBreaker: { status: 200 },
  }, '2017-08-12T12:01:00Z', 150);
  expect(printed.throttleCountedUntil).toEqual({ t: { reads: '2017-08-12T11:50:00.000Z' } });
  expect(next.state).toEqual(out.state);
});

test('the lookback shift (lookbackWindowStartMax) round-trips', () => {
  const moving = confPolicy('lookback-window-start: 3\nlookback-period: 1\nlookback-window-start-max: 6');
  const { out, printed, next } = roundTrip(moving, { now: '2017-08-12T12:00:00Z', tables: { t: { read: 100, write: 100 } } },
    '2017-08-12T12:01:00Z');
  expect(printed.lookbackShift).toEqual({ t: { minutes: 1, published: 0 } });
  expect(next.state).toEqual(out.state);
});

test('the recent peak of the low checks (decrease-reads-peak-half-life-minutes) round-trips', () => {
  const peaked = confPolicy('decrease-consumed-reads-scale: {40: 50}\nnum-read-checks-before-scale-down: 3\n'
    + 'decrease-reads-peak-half-life-minutes: 5');
  const { out, printed, next } = roundTrip(peaked,
    { now: '2017-08-12T12:00:00Z', tables: { t: { read: 100, write: 100 } }, metricSums: { t: pctSums(30, 50) } }, '2017-08-12T12:05:00Z');
  expect(printed.lowChecksPeak).toEqual({ t: { reads: { unitsPerSecond: 30, at: '2017-08-12T12:00:00.000Z' } } });
  expect(next.state).toEqual(out.state);
});

test.each([
  [[], 'the snapshot must be a JSON object, got []'],
  [{ now: 'yesterday', tables: {} }, 'now must be an ISO-8601 time such as "2017-08-12T12:00:00Z" (UTC when it has no offset), got "yesterday"'],
  [{ now: 0, tables: [] }, 'tables must be an object of table name to capacity, got []'],
  [{ now: 0, tables: { t: { read: 1, write: 1, gsis: [] } } }, 'tables.t.gsis must be an object, got []'],
  [{ now: 0, tables: {}, counters: { tables: { t: { reads: 'x' } } } }, 'counters.tables.t.reads must be an integer >= 0, got "x"'],
  [{ now: 0, tables: {}, circuitBreaker: 'up' }, 'circuitBreaker must be {"status": N}, {"error": "..."} or an object of URL to those, got "up"'],
  [{ now: 0, tables: {}, alarms: [] }, 'alarms must be an object of "table" or "table:gsi" to their state, got []'],
])('%j is rejected: %s', (snapshot, message) => {
  expect(() => snapshotToInput(snapshot, policy)).toThrow(new SnapshotError(message));
});

describe('times are ISO-8601, and UTC when they have no offset', () => {
  const NOON = Date.UTC(2017, 7, 12, 12);
  test.each([
    ['2017-08-12T12:00:00Z', NOON],
    ['2017-08-12T12:00:00', NOON],
    ['2017-08-12T12:00', NOON],
    ['2017-08-12T12:00:00.250', NOON + 250],
    ['2017-08-12T12:00:00.123456+00:00', NOON + 123],
    ['2017-08-12T14:00:00+02:00', NOON],
    ['2017-08-12T07:30:00-0430', NOON],
    ['2017-08-12T13:00:00+01', NOON],
    ['2017-08-12T12:00:00,5Z', NOON + 500],
  ])('%s', (text, expected) => {
    expect(parseIsoTime(text)).toBe(expected);
  });

  test.each([
    'yesterday', '2017-08-12', '2017-08-12 12:00:00', 'Sat, 12 Aug 2017 12:00:00 GMT', '2017-8-12T12:00:00Z',
    '2017-02-30T12:00:00Z', '2017-08-12T24:00:00Z', '2017-08-12T12:60:00Z', '2017-08-12T12:00:00+2400', '2017-08-12T12:00:00 Z',
  ])('%s is not an ISO-8601 time', (text) => {
    expect(parseIsoTime(text)).toBeUndefined();
  });

  test('a time that is not ISO-8601 is an error naming the field and the value', () => {
    expect(() => snapshotToInput({ now: '2017-08-12T12:00:00Z', tables: { t: { read: 1, write: 1, lastDecreaseAt: '12 Aug 2017 11:00' } } }, policy))
      .toThrow(new SnapshotError('tables.t.lastDecreaseAt must be an ISO-8601 time such as "2017-08-12T12:00:00Z" (UTC when it has no offset), '
        + 'got "12 Aug 2017 11:00"'));
  });

  test('a time without an offset is UTC whatever the local time zone (TZ=America/New_York)', () => {
    // Node reads TZ at start, so the check runs in a child process with another zone.
    const script = 'const { snapshotToInput } = require("./src/cli/snapshot");'
      + 'const i = snapshotToInput({ now: "2017-08-12T12:00:00", tables: { t: { read: 1, write: 1, lastDecreaseAt: "2017-08-12T11:00" } } },'
      + ' { tables: [], checkIntervalSeconds: 300 });'
      + 'console.log(JSON.stringify([new Date(0).getTimezoneOffset() === 0 ? "UTC" : "local", i.nowMs, i.tables.t.lastDecreaseMs]));';
    const out = execFileSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', script], {
      cwd: join(__dirname, '..', '..'),
      env: { ...process.env, TZ: 'America/New_York' },
      encoding: 'utf-8',
    });
    expect(JSON.parse(out)).toEqual(['local', NOON, Date.UTC(2017, 7, 12, 11)]);
  }, 30_000);
});

describe('unknown keys are rejected, naming the JSON path and the accepted names', () => {
  const base = { now: '2017-08-12T12:00:00Z', tables: { t: { read: 1, write: 1 } } };
  const METRICS = 'ConsumedReadCapacityUnits, ConsumedWriteCapacityUnits, ReadThrottleEvents, WriteThrottleEvents, '
    + 'ProvisionedReadCapacityUnits, ProvisionedWriteCapacityUnits';
  test.each([
    ['a misspelt metric', { ...base, metricSums: { t: { ConsumedReadCapacityUnit: 3000 } } },
      `metricSums.t.ConsumedReadCapacityUnit is not a known metric (accepted: ${METRICS})`],
    ['a misspelt metric of a GSI', { ...base, metricSums: { 't:g': { ConsumedWriteCapacityUnits: 1, WriteThrottles: 0 } } },
      `metricSums.t:g.WriteThrottles is not a known metric (accepted: ${METRICS})`],
    ['an unknown top-level key', { ...base, metricsSums: {} },
      'metricsSums is not a known snapshot field (accepted: now, tables, metricSums, scalableTargets, counters, alarms, throttleCountedUntil, lookbackShift, '
      + 'lowChecksPeak, stepScaling, circuitBreaker)'],
    ['an unknown table field', { ...base, tables: { t: { read: 1, write: 1, reads: 5 } } },
      'tables.t.reads is not a known field (accepted: read, write, status, decreasesToday, lastDecreaseAt, gsis)'],
    ['an unknown GSI field', { ...base, tables: { t: { read: 1, write: 1, gsis: { g: { read: 1, write: 1, decreasesTodays: 4 } } } } },
      'tables.t.gsis.g.decreasesTodays is not a known field (accepted: read, write, status, decreasesToday, lastDecreaseAt)'],
    ['gsis inside a GSI', { ...base, tables: { t: { read: 1, write: 1, gsis: { g: { read: 1, write: 1, gsis: {} } } } } },
      'tables.t.gsis.g.gsis is not a known field (accepted: read, write, status, decreasesToday, lastDecreaseAt)'],
    ['an unknown counters key', { ...base, counters: { table: {} } }, 'counters.table is not a known field (accepted: tables, gsis)'],
    ['an unknown counter', { ...base, counters: { tables: { t: { read: 1 } } } }, 'counters.tables.t.read is not a known counter (accepted: reads, writes)'],
    ['an unknown throttle mark', { ...base, throttleCountedUntil: { t: { read: 0 } } },
      'throttleCountedUntil.t.read is not a known dimension (accepted: reads, writes)'],
    ['an unknown lookback-shift field', { ...base, lookbackShift: { t: { minutes: 1, published: 0, extra: 1 } } },
      'lookbackShift.t.extra is not a known field (accepted: minutes, published)'],
    ['a negative lookback shift', { ...base, lookbackShift: { t: { minutes: -1, published: 0 } } },
      'lookbackShift.t.minutes must be an integer >= 0, got -1'],
    ['an unknown low-checks-peak dimension', { ...base, lowChecksPeak: { t: { read: { unitsPerSecond: 1, at: base.now } } } },
      'lowChecksPeak.t.read is not a known dimension (accepted: reads, writes)'],
    ['an unknown low-checks-peak field', { ...base, lowChecksPeak: { t: { reads: { unitsPerSecond: 1, atMs: 0 } } } },
      'lowChecksPeak.t.reads.atMs is not a known field (accepted: unitsPerSecond, at)'],
    ['a negative low-checks peak', { ...base, lowChecksPeak: { t: { reads: { unitsPerSecond: -1, at: base.now } } } },
      'lowChecksPeak.t.reads.unitsPerSecond must be a number >= 0, got -1'],
    ['a low-checks peak without its time', { ...base, lowChecksPeak: { t: { writes: { unitsPerSecond: 1 } } } },
      'lowChecksPeak.t.writes.at is required'],
    ['an unknown circuit-breaker field', { ...base, circuitBreaker: { status: 200, body: 'ok' } },
      'circuitBreaker.body is not a known field (accepted: status, error)'],
  ])('%s', (_what, snapshot, message) => {
    expect(() => snapshotToInput(snapshot, policy)).toThrow(new SnapshotError(message));
  });

  test('what decide prints besides the state is accepted and ignored, so its output can be merged into the next snapshot', () => {
    const printed = { decisions: [], updates: [], notifications: [], counters: { tables: {}, gsis: {} }, alarms: {}, throttleCountedUntil: {} };
    expect(snapshotToInput({ ...base, ...printed }, policy).state)
      .toEqual({ counters: { tables: {}, gsis: {} }, alarms: {}, throttleCountedUntil: {} });
  });
});

describe('scalableTargets: the scalable targets of guarded dimensions (hybrid path)', () => {
  const base = { now: '2017-08-12T12:00:00Z', tables: { t: { read: 100, write: 100 } } };
  const DIM = { targetUtilizationPercent: 70, minCapacity: 5, maxCapacity: 500 };
  const guarded = policyOf(guardTargetPolicy({ reads: DIM, writes: DIM, checkIntervalSeconds: 300, consecutiveLowChecks: 2 }));
  /** Sums giving these consumed percentages of 100 units over the guard's 15-minute window. */
  const sums15 = (reads: number, writes: number) => ({ ConsumedReadCapacityUnits: reads * 900, ConsumedWriteCapacityUnits: writes * 900 });
  const FLAGS = (inSuspended: boolean, outSuspended: boolean, scheduledSuspended: boolean) => ({
    dynamicScalingInSuspended: inSuspended, dynamicScalingOutSuspended: outSuspended, scheduledScalingSuspended: scheduledSuspended,
  });
  const snapshot = {
    ...base,
    metricSums: { t: sums15(30, 10) },
    counters: { tables: { t: { reads: 0, writes: 1 } }, gsis: {} },
    scalableTargets: {
      t: {
        reads: { minCapacity: 5, maxCapacity: 500 },
        writes: { minCapacity: 5, maxCapacity: 500, suspendedState: { dynamicScalingInSuspended: true, scheduledScalingSuspended: true } },
      },
    },
  };

  test('read with each omitted flag false', () => {
    expect(snapshotToInput(snapshot, guarded).scalableTargets).toEqual({
      t: {
        reads: { minCapacity: 5, maxCapacity: 500, suspendedState: FLAGS(false, false, false) },
        writes: { minCapacity: 5, maxCapacity: 500, suspendedState: FLAGS(true, false, true) },
      },
    });
  });

  test('decide prints scaleIn: suspend the reads (1 of 2 low checks), resume the writes (2 of 2), the other flags as they were', () => {
    const printed = JSON.parse(JSON.stringify(outputToJson(checkSnapshot(snapshotToInput(snapshot, guarded)))));
    expect(printed.scaleIn).toEqual([
      { table: 't', gsi: null, dimension: 'reads', suspendedState: FLAGS(true, false, false) },
      { table: 't', gsi: null, dimension: 'writes', suspendedState: FLAGS(false, false, true) },
    ]);
    expect(printed.decisions.map((d: { scaleInSuspended: boolean }) => d.scaleInSuspended)).toEqual([true, false]);
    expect(printed.counters.tables.t).toEqual({ reads: 1, writes: 2 });
    expect(printed.updates).toEqual([]);
    // The printed output merges into the next snapshot: scaleIn is accepted and ignored there.
    const next = snapshotToInput({ ...snapshot, ...printed, now: '2017-08-12T12:05:00Z' }, guarded);
    expect(next.state.counters.tables.t).toEqual({ reads: 1, writes: 2 });
  });

  test('explain lists what it would register, after the updates', () => {
    const text = formatExplanation(checkSnapshot(snapshotToInput(snapshot, guarded)));
    expect(text).toContain('Updates to send:\n  none\n\nNative scale-in to register (RegisterScalableTarget):\n'
      + '  table t reads: suspend dynamic scale-in\n  table t writes: resume dynamic scale-in\n\nNotifications:');
    expect(formatExplanation(checkSnapshot(snapshotToInput(snapshot, guarded), { dryRun: true })))
      .toContain('Native scale-in (dry run: not registered):');
  });

  test('a dry run marks each registration as not sent', () => {
    const printed = outputToJson(checkSnapshot(snapshotToInput(snapshot, guarded), { dryRun: true }));
    expect((printed.scaleIn as Array<{ sent: boolean }>).map((c) => c.sent)).toEqual([false, false]);
  });

  test('an unguarded policy prints an empty scaleIn', () => {
    const input = snapshotToInput({ ...base, metricSums: { t: pctSums(50, 50) }, circuitBreaker: { status: 200 } }, policy);
    const printed = outputToJson(checkSnapshot(input));
    expect(printed.scaleIn).toEqual([]);
  });

  test('a guarded target absent from scalableTargets registers nothing, and says so', () => {
    const out = checkSnapshot(snapshotToInput({ ...snapshot, scalableTargets: {} }, guarded));
    expect(out.scaleIn).toEqual([]);
    expect(out.decisions[0].reasons).toContain('no scalable target found for this dimension: nothing to suspend or resume');
  });

  test('a GSI\'s scalable targets are keyed table:gsi', () => {
    const input = snapshotToInput({ ...base, scalableTargets: { 't:g': { writes: { minCapacity: 1, maxCapacity: 2 } } } }, guarded);
    expect(input.scalableTargets).toEqual({ 't:g': { writes: { minCapacity: 1, maxCapacity: 2, suspendedState: FLAGS(false, false, false) } } });
  });

  const withReads = (o: object) => ({ ...base, scalableTargets: { t: { reads: { minCapacity: 5, maxCapacity: 500, ...o } } } });
  test.each([
    ['not an object', { ...base, scalableTargets: [] }, 'scalableTargets must be an object, got []'],
    ['a target that is not an object', { ...base, scalableTargets: { t: 5 } }, 'scalableTargets.t must be an object, got 5'],
    ['an unknown dimension', { ...base, scalableTargets: { t: { read: { minCapacity: 1, maxCapacity: 2 } } } },
      'scalableTargets.t.read is not a known dimension (accepted: reads, writes)'],
    ['a dimension that is not an object', { ...base, scalableTargets: { t: { writes: true } } }, 'scalableTargets.t.writes must be an object, got true'],
    ['an unknown field', withReads({ min: 1 }), 'scalableTargets.t.reads.min is not a known field (accepted: minCapacity, maxCapacity, suspendedState)'],
    ['no minCapacity', { ...base, scalableTargets: { t: { reads: { maxCapacity: 5 } } } }, 'scalableTargets.t.reads.minCapacity must be a number, got undefined'],
    ['a maxCapacity as text', withReads({ maxCapacity: '500' }), 'scalableTargets.t.reads.maxCapacity must be a number, got "500"'],
    ['a suspendedState that is not an object', withReads({ suspendedState: true }), 'scalableTargets.t.reads.suspendedState must be an object, got true'],
    ['an unknown flag', withReads({ suspendedState: { scaleInSuspended: true } }),
      'scalableTargets.t.reads.suspendedState.scaleInSuspended is not a known flag '
      + '(accepted: dynamicScalingInSuspended, dynamicScalingOutSuspended, scheduledScalingSuspended)'],
    ['a flag that is not true or false', withReads({ suspendedState: { dynamicScalingInSuspended: 'yes' } }),
      'scalableTargets.t.reads.suspendedState.dynamicScalingInSuspended must be true or false, got "yes"'],
    ['a null flag', withReads({ suspendedState: { scheduledScalingSuspended: null } }),
      'scalableTargets.t.reads.suspendedState.scheduledScalingSuspended must be true or false, got null'],
  ])('%s is an error naming its path', (_what, bad, message) => {
    expect(() => snapshotToInput(bad, guarded)).toThrow(new SnapshotError(message));
  });
});
