/**
 * The state codec: a table's unit round-trips, the whole-check form splits into units and joins
 * back, and malformed state is an error naming the field, never an empty state.
 */
import * as fc from 'fast-check';
import { JsonDecodeError } from '../../../src/engine/check/json-reader';
import {
  decodeStateFile, decodeTableState, encodeStateFile, encodeTableState, engineStateFromJson, engineStateToJson, STATE_VERSION,
} from '../../../src/engine/check/state-codec';
import { joinEngineState, splitEngineState, TableState, TargetState } from '../../../src/engine/check/table-state';
import { dictionary } from '../../../src/engine/core/dictionary';

const time = fc.integer({ min: 0, max: 4_102_444_800_000 });
const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
const dims = <T>(a: fc.Arbitrary<T>) => fc.record({ reads: maybe(a), writes: maybe(a) }, { requiredKeys: [] });
const targetState: fc.Arbitrary<TargetState> = fc.record({
  counters: fc.record({ reads: fc.nat(50), writes: fc.nat(50) }),
  alarm: fc.constantFrom('high-throughput-alarm:reads', 'low-throughput-alarm:reads,writes'),
  throttleCountedUntil: dims(time),
  lookbackShift: fc.record({ minutes: fc.nat(5), published: fc.nat(9) }),
  lowChecksPeak: dims(fc.record({ unitsPerSecond: fc.double({ min: 0, max: 1e6, noNaN: true }), atMs: time })),
  stepScaling: dims(fc.record({ scaleOutStartMs: time, scaleOutAddedUnits: fc.nat(1000), lastScaleInMs: time }, { requiredKeys: [] })),
}, { requiredKeys: [] }).map(clean);
// DynamoDB names, including those an object's prototype has (`constructor`, `__proto__`).
const name = fc.oneof(fc.stringMatching(/^[A-Za-z0-9_.-]{3,12}$/), fc.constantFrom('constructor', '__proto__', 'toString', 'hasOwnProperty'));
const tableState: fc.Arbitrary<TableState> = fc.record({
  table: targetState,
  gsis: fc.dictionary(name, targetState, { maxKeys: 4 }),
  missingSinceMs: maybe(time),
}).map(({ missingSinceMs, ...u }) => (missingSinceMs === undefined ? u : { ...u, missingSinceMs }));

/** Drops undefined fields, as JSON does. */
function clean<T>(x: T): T {
  return JSON.parse(JSON.stringify(x));
}

test('property: a table unit round-trips through its JSON text', () => {
  fc.assert(fc.property(tableState, (unit) => {
    expect(decodeTableState(encodeTableState(unit))).toEqual(unit);
  }));
});

test('property: a state file of several tables round-trips', () => {
  fc.assert(fc.property(fc.dictionary(name, tableState, { maxKeys: 5 }), (units) => {
    expect(decodeStateFile(encodeStateFile(units))).toEqual(units);
  }));
});

/** A target's state as the engine keeps it: no zero counters, no empty maps. */
function canonical(s: TargetState): TargetState {
  const some = (m: object | undefined) => m !== undefined && Object.keys(m).length > 0;
  return clean({
    counters: s.counters && (s.counters.reads !== 0 || s.counters.writes !== 0) ? s.counters : undefined,
    alarm: s.alarm,
    throttleCountedUntil: some(s.throttleCountedUntil) ? s.throttleCountedUntil : undefined,
    lookbackShift: s.lookbackShift,
    lowChecksPeak: some(s.lowChecksPeak) ? s.lowChecksPeak : undefined,
    stepScaling: some(s.stepScaling) ? s.stepScaling : undefined,
  });
}

test('property: whole-check state splits into table units and joins back (nothing empty is kept)', () => {
  fc.assert(fc.property(fc.dictionary(name, tableState.map(({ missingSinceMs: _m, ...u }) => u), { maxKeys: 4 }), (units) => {
    const expected = dictionary<TableState>();
    for (const [t, u] of Object.entries(units)) {
      const gsis = Object.fromEntries(Object.entries(u.gsis)
        .map(([g, s]) => [g, canonical(s)] as const).filter(([, s]) => Object.keys(s).length > 0));
      const table = canonical(u.table);
      if (Object.keys(table).length > 0 || Object.keys(gsis).length > 0) expected[t] = { table, gsis };
    }
    expect(clean(splitEngineState(joinEngineState(units)))).toEqual(expected);
  }));
});

test('a unit is written with its schema version and times as ISO-8601', () => {
  const unit: TableState = { table: { counters: { reads: 2, writes: 0 }, throttleCountedUntil: { reads: Date.UTC(2017, 7, 12, 11, 50) } }, gsis: {} };
  expect(JSON.parse(encodeTableState(unit))).toEqual({
    version: STATE_VERSION, table: { counters: { reads: 2, writes: 0 }, throttleCountedUntil: { reads: '2017-08-12T11:50:00.000Z' } }, gsis: {},
  });
});

describe('malformed state is an error naming the field, never a silent reset', () => {
  test.each([
    ['truncated text', '{"version": 1, "table": {"coun', /^state of orders is not JSON \(truncated\?\): /],
    ['no version', '{"table": {}}', 'state of orders.version is required (this engine writes 1)'],
    ['a newer version', '{"version": 2, "table": {}}', 'state of orders.version is 2, newer than this engine reads (1): upgrade the scaler; the state is left as it is'],
    ['a version that is not a number', '{"version": "1"}', 'state of orders.version must be an integer >= 1, got "1"'],
    ['a counter of the wrong type', '{"version": 1, "table": {"counters": {"reads": "3", "writes": 0}}}', 'state of orders.table.counters.reads must be an integer >= 0, got "3"'],
    ['a counter missing', '{"version": 1, "table": {"counters": {"reads": 3}}}', 'state of orders.table.counters.writes must be an integer >= 0, got undefined'],
    ['a negative counter in a GSI', '{"version": 1, "gsis": {"by-date": {"counters": {"reads": -1, "writes": 0}}}}', 'state of orders.gsis.by-date.counters.reads must be an integer >= 0, got -1'],
    ['an unknown field', '{"version": 1, "table": {"counter": {}}}', 'state of orders.table.counter is not a known state field (accepted: counters, alarm, throttleCountedUntil, lookbackShift, lowChecksPeak, stepScaling)'],
    ['a time that is not one', '{"version": 1, "table": {"throttleCountedUntil": {"reads": "soon"}}}',
      'state of orders.table.throttleCountedUntil.reads must be an ISO-8601 time such as "2017-08-12T12:00:00Z" (UTC when it has no offset), got "soon"'],
    ['gsis not an object', '{"version": 1, "gsis": []}', 'state of orders.gsis must be an object, got []'],
  ])('%s', (_what, text, message) => {
    const decode = () => decodeTableState(text, 'state of orders');
    expect(decode).toThrow(JsonDecodeError);
    expect(decode).toThrow(message);
  });

  test('a state file names the table whose unit is wrong', () => {
    expect(() => decodeStateFile('{"version": 1, "tables": {"orders": {"table": {"alarm": 3}}}}', 'state.json'))
      .toThrow(new JsonDecodeError('state.json.tables.orders.table.alarm must be a string, got 3'));
  });
});

test('the whole-check form of CLI snapshots is still read, and written back the same', () => {
  const json = {
    counters: { tables: { t: { reads: 1, writes: 0 } }, gsis: { 't:g': { reads: 0, writes: 2 } } },
    alarms: { t: 'low-throughput-alarm:reads' },
    throttleCountedUntil: { t: { writes: '2017-08-12T11:50:00.000Z' } },
    lookbackShift: { 't:g': { minutes: 1, published: 3 } },
    lowChecksPeak: { t: { reads: { unitsPerSecond: 12.5, at: '2017-08-12T11:59:00.000Z' } } },
  };
  const state = engineStateFromJson(json);
  expect(engineStateToJson(state)).toEqual(json);
  expect(splitEngineState(state).t).toEqual({
    table: {
      counters: { reads: 1, writes: 0 },
      alarm: 'low-throughput-alarm:reads',
      throttleCountedUntil: { writes: Date.UTC(2017, 7, 12, 11, 50) },
      lowChecksPeak: { reads: { unitsPerSecond: 12.5, atMs: Date.UTC(2017, 7, 12, 11, 59) } },
    },
    gsis: { g: { counters: { reads: 0, writes: 2 }, lookbackShift: { minutes: 1, published: 3 } } },
  });
});
