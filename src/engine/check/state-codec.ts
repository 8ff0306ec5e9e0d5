/**
 * The one codec of the state hosts persist: a table's unit (an item of the state table), a
 * state file of several units (`dynamic-scaling run --state-file`), and the whole-check form of
 * CLI snapshots (`counters`, `alarms`, … at the top level), which is still read. Times are
 * ISO-8601 text, so a person can read a state item.
 *
 * Decoding is strict: malformed or truncated state, a field of the wrong type, an unknown field
 * or a version newer than {@link STATE_VERSION} is an error naming the field. A host must never
 * replace such state with an empty one: that would silently reset counters.
 */
import {
  integerAtLeast, isoTime, Json, JsonDecodeError, number, object, onlyKnown, pathOf, show, string, time,
} from './json-reader';
import { TableState, TargetState } from './table-state';
import { CounterState, DimensionCounters, EngineState, LookbackShift, LowChecksPeak } from '../core/decide-types';
import type { StepScalingState } from '../core/step-scaling';

/** The schema version this engine writes and the newest it reads. */
export const STATE_VERSION = 1;

const TARGET_FIELDS = ['counters', 'alarm', 'throttleCountedUntil', 'lookbackShift', 'lowChecksPeak', 'stepScaling'];
const UNIT_FIELDS = ['version', 'table', 'gsis', 'missingSince'];
const DIMENSIONS = ['reads', 'writes'];

/** A table's unit as JSON, with its schema version. */
export function tableStateToJson(state: TableState): Record<string, unknown> {
  return {
    version: STATE_VERSION,
    table: targetToJson(state.table),
    // In name order: the same unit always encodes to the same text (a host compares them).
    gsis: Object.fromEntries(Object.keys(state.gsis).sort().map((g) => [g, targetToJson(state.gsis[g])])),
    ...(state.missingSinceMs !== undefined ? { missingSince: isoTime(state.missingSinceMs) } : {}),
  };
}

/** A table's unit as the JSON text a host stores. */
export function encodeTableState(state: TableState): string {
  return JSON.stringify(tableStateToJson(state));
}

/**
 * Reads a table's unit.
 *
 * @param x the stored text, or its parsed JSON
 * @param where how to name it in errors, e.g. `state of orders`
 * @throws JsonDecodeError naming the first field that is wrong
 */
export function decodeTableState(x: string | Json, where = 'state'): TableState {
  const json = typeof x === 'string' ? parse(x, where) : x;
  const o = object(json, where);
  onlyKnown(o, where, UNIT_FIELDS, 'state field');
  checkVersion(o.version, pathOf(where, 'version'));
  const missingSinceMs = time(o.missingSince, pathOf(where, 'missingSince'));
  const gsisJson = object(o.gsis ?? {}, pathOf(where, 'gsis'));
  return {
    table: targetFromJson(o.table ?? {}, pathOf(where, 'table')),
    gsis: Object.fromEntries(Object.entries(gsisJson).map(([g, s]) => [g, targetFromJson(s, pathOf(pathOf(where, 'gsis'), g))])),
    ...(missingSinceMs !== undefined ? { missingSinceMs } : {}),
  };
}

/** Several tables' units in one document: what `run --state-file` writes. */
export function encodeStateFile(units: Readonly<Record<string, TableState>>): string {
  const tables = Object.fromEntries(Object.keys(units).sort().map((t) => {
    const { version: _v, ...unit } = tableStateToJson(units[t]);
    return [t, unit];
  }));
  return `${JSON.stringify({ version: STATE_VERSION, tables }, null, 2)}\n`;
}

/**
 * Reads a state file (see {@link encodeStateFile}).
 *
 * @throws JsonDecodeError naming the first field that is wrong
 */
export function decodeStateFile(text: string, where = 'state file'): Record<string, TableState> {
  const o = object(parse(text, where), where);
  onlyKnown(o, where, ['version', 'tables'], 'field');
  checkVersion(o.version, pathOf(where, 'version'));
  const tables = object(o.tables ?? {}, pathOf(where, 'tables'));
  return Object.fromEntries(Object.entries(tables).map(([t, unit]) => {
    const unitWhere = pathOf(pathOf(where, 'tables'), t);
    const u = object(unit, unitWhere);
    return [t, decodeTableState({ ...u, version: o.version }, unitWhere)];
  }));
}

/** The whole-check state fields a CLI snapshot carries at its top level. */
export const ENGINE_STATE_FIELDS = ['counters', 'alarms', 'throttleCountedUntil', 'lookbackShift', 'lowChecksPeak', 'stepScaling'] as const;

/**
 * Reads the whole-check state fields of a CLI snapshot (`counters: {tables, gsis}`, `alarms`,
 * `throttleCountedUntil`, `lookbackShift`, `lowChecksPeak`, keyed `t` / `t:g`). Other keys of
 * `snapshot` are the caller's to check.
 *
 * @throws JsonDecodeError naming the first field that is wrong
 */
export function engineStateFromJson(snapshot: Record<string, Json>): EngineState {
  const countersJson = object(snapshot.counters ?? {}, 'counters', '{"tables": {...}, "gsis": {...}}');
  onlyKnown(countersJson, 'counters', ['tables', 'gsis'], 'field');
  const counters: CounterState = {
    tables: keyed(countersJson.tables, 'counters.tables', (v, p) => countersFromJson(v, p, true)),
    gsis: keyed(countersJson.gsis, 'counters.gsis', (v, p) => countersFromJson(v, p, true)),
  };
  const state: {
    counters: CounterState;
    alarms?: Record<string, string>;
    throttleCountedUntil?: Record<string, { reads?: number; writes?: number }>;
    lookbackShift?: Record<string, LookbackShift>;
    lowChecksPeak?: Record<string, { reads?: LowChecksPeak; writes?: LowChecksPeak }>;
    stepScaling?: Record<string, { reads?: StepScalingState; writes?: StepScalingState }>;
  } = { counters };
  if (snapshot.alarms !== undefined) state.alarms = keyed(snapshot.alarms, 'alarms', (v, p) => string(v, p));
  if (snapshot.throttleCountedUntil !== undefined) state.throttleCountedUntil = keyed(snapshot.throttleCountedUntil, 'throttleCountedUntil', marksFromJson);
  if (snapshot.lookbackShift !== undefined) state.lookbackShift = keyed(snapshot.lookbackShift, 'lookbackShift', shiftFromJson);
  if (snapshot.lowChecksPeak !== undefined) state.lowChecksPeak = keyed(snapshot.lowChecksPeak, 'lowChecksPeak', peaksFromJson);
  if (snapshot.stepScaling !== undefined) state.stepScaling = keyed(snapshot.stepScaling, 'stepScaling', stepsFromJson);
  return state;
}

/** The whole-check state as the JSON fields `engineStateFromJson` reads back. */
export function engineStateToJson(state: EngineState): Record<string, unknown> {
  const mapValues = <T, U>(m: Readonly<Record<string, T>> | undefined, f: (v: T) => U) =>
    Object.fromEntries(Object.entries(m ?? {}).map(([k, v]) => [k, f(v)]));
  return {
    counters: state.counters,
    alarms: state.alarms ?? {},
    throttleCountedUntil: mapValues(state.throttleCountedUntil, marksToJson),
    ...(state.lookbackShift ? { lookbackShift: state.lookbackShift } : {}),
    ...(state.lowChecksPeak ? { lowChecksPeak: mapValues(state.lowChecksPeak, peaksToJson) } : {}),
    ...(state.stepScaling ? { stepScaling: mapValues(state.stepScaling, stepsToJson) } : {}),
  };
}


function parse(text: string, where: string): Json {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new JsonDecodeError(`${where} is not JSON (truncated?): ${(e as Error).message}`);
  }
}

function checkVersion(x: Json, where: string): void {
  if (x === undefined) throw new JsonDecodeError(`${where} is required (this engine writes ${STATE_VERSION})`);
  const v = integerAtLeast(x, where, 1);
  if (v > STATE_VERSION) {
    throw new JsonDecodeError(`${where} is ${v}, newer than this engine reads (${STATE_VERSION}): upgrade the scaler; the state is left as it is`);
  }
}

function keyed<T>(x: Json, where: string, read: (v: Json, path: string) => T): Record<string, T> {
  if (x === undefined) return {};
  const o = object(x, where, 'an object of "table" or "table:gsi" to their state');
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, read(v, pathOf(where, k))]));
}

function targetToJson(s: TargetState): Record<string, unknown> {
  return {
    ...(s.counters ? { counters: s.counters } : {}),
    ...(s.alarm !== undefined ? { alarm: s.alarm } : {}),
    ...(s.throttleCountedUntil ? { throttleCountedUntil: marksToJson(s.throttleCountedUntil) } : {}),
    ...(s.lookbackShift ? { lookbackShift: s.lookbackShift } : {}),
    ...(s.lowChecksPeak ? { lowChecksPeak: peaksToJson(s.lowChecksPeak) } : {}),
    ...(s.stepScaling ? { stepScaling: stepsToJson(s.stepScaling) } : {}),
  };
}

function targetFromJson(x: Json, where: string): TargetState {
  const o = object(x, where);
  onlyKnown(o, where, TARGET_FIELDS, 'state field');
  return {
    ...(o.counters !== undefined ? { counters: countersFromJson(o.counters, pathOf(where, 'counters'), false) } : {}),
    ...(o.alarm !== undefined ? { alarm: string(o.alarm, pathOf(where, 'alarm')) } : {}),
    ...(o.throttleCountedUntil !== undefined ? { throttleCountedUntil: marksFromJson(o.throttleCountedUntil, pathOf(where, 'throttleCountedUntil')) } : {}),
    ...(o.lookbackShift !== undefined ? { lookbackShift: shiftFromJson(o.lookbackShift, pathOf(where, 'lookbackShift')) } : {}),
    ...(o.lowChecksPeak !== undefined ? { lowChecksPeak: peaksFromJson(o.lowChecksPeak, pathOf(where, 'lowChecksPeak')) } : {}),
    ...(o.stepScaling !== undefined ? { stepScaling: stepsFromJson(o.stepScaling, pathOf(where, 'stepScaling')) } : {}),
  };
}

/** `{reads, writes}`; in a CLI snapshot an absent dimension reads as 0, in a state unit both are required. */
function countersFromJson(x: Json, where: string, absentIsZero: boolean): DimensionCounters {
  const o = object(x, where);
  onlyKnown(o, where, DIMENSIONS, 'counter');
  const count = (d: 'reads' | 'writes') => integerAtLeast(o[d] ?? (absentIsZero ? 0 : undefined), pathOf(where, d), 0);
  return { reads: count('reads'), writes: count('writes') };
}

function marksFromJson(x: Json, where: string): { reads?: number; writes?: number } {
  return byDimension(x, where, 'dimension', (v, p) => time(v, p));
}

function marksToJson(m: { readonly reads?: number; readonly writes?: number }): Record<string, string> {
  return {
    ...(m.reads !== undefined ? { reads: isoTime(m.reads) } : {}),
    ...(m.writes !== undefined ? { writes: isoTime(m.writes) } : {}),
  };
}

function shiftFromJson(x: Json, where: string): LookbackShift {
  const o = object(x, where);
  onlyKnown(o, where, ['minutes', 'published'], 'field');
  return { minutes: integerAtLeast(o.minutes, pathOf(where, 'minutes'), 0), published: integerAtLeast(o.published, pathOf(where, 'published'), 0) };
}

function peaksFromJson(x: Json, where: string): { reads?: LowChecksPeak; writes?: LowChecksPeak } {
  return byDimension(x, where, 'dimension', peakFromJson);
}

function peaksToJson(p: { readonly reads?: LowChecksPeak; readonly writes?: LowChecksPeak }): Record<string, unknown> {
  const one = (v: LowChecksPeak) => ({ unitsPerSecond: v.unitsPerSecond, at: isoTime(v.atMs) });
  return { ...(p.reads ? { reads: one(p.reads) } : {}), ...(p.writes ? { writes: one(p.writes) } : {}) };
}

/** One dimension's recent peak of the low checks, `{"unitsPerSecond": N, "at": "ISO-8601"}`. */
function peakFromJson(x: Json, where: string): LowChecksPeak | undefined {
  if (x === undefined) return undefined;
  const o = object(x, where, '{"unitsPerSecond": N, "at": "ISO-8601 time"}');
  onlyKnown(o, where, ['unitsPerSecond', 'at'], 'field');
  const unitsPerSecond = number(o.unitsPerSecond, pathOf(where, 'unitsPerSecond'));
  if (!(unitsPerSecond >= 0)) throw new JsonDecodeError(`${pathOf(where, 'unitsPerSecond')} must be a number >= 0, got ${show(unitsPerSecond)}`);
  const atMs = time(o.at, pathOf(where, 'at'));
  if (atMs === undefined) throw new JsonDecodeError(`${pathOf(where, 'at')} is required`);
  return { unitsPerSecond, atMs };
}

function stepsFromJson(x: Json, where: string): { reads?: StepScalingState; writes?: StepScalingState } {
  return byDimension(x, where, 'dimension', stepFromJson);
}

function stepsToJson(p: { readonly reads?: StepScalingState; readonly writes?: StepScalingState }): Record<string, unknown> {
  const one = (v: StepScalingState) => ({
    ...(v.scaleOutStartMs !== undefined ? { scaleOutStart: isoTime(v.scaleOutStartMs) } : {}),
    ...(v.scaleOutAddedUnits !== undefined ? { scaleOutAddedUnits: v.scaleOutAddedUnits } : {}),
    ...(v.lastScaleInMs !== undefined ? { lastScaleIn: isoTime(v.lastScaleInMs) } : {}),
  });
  return { ...(p.reads ? { reads: one(p.reads) } : {}), ...(p.writes ? { writes: one(p.writes) } : {}) };
}

/** One dimension's step cooldowns, `{"scaleOutStart": "ISO-8601", "scaleOutAddedUnits": N, "lastScaleIn": "ISO-8601"}`. */
function stepFromJson(x: Json, where: string): StepScalingState | undefined {
  if (x === undefined) return undefined;
  const o = object(x, where, '{"scaleOutStart"?: "ISO-8601 time", "scaleOutAddedUnits"?: N, "lastScaleIn"?: "ISO-8601 time"}');
  onlyKnown(o, where, ['scaleOutStart', 'scaleOutAddedUnits', 'lastScaleIn'], 'field');
  const scaleOutStartMs = time(o.scaleOutStart, pathOf(where, 'scaleOutStart'));
  const lastScaleInMs = time(o.lastScaleIn, pathOf(where, 'lastScaleIn'));
  const added = o.scaleOutAddedUnits === undefined ? undefined : integerAtLeast(o.scaleOutAddedUnits, pathOf(where, 'scaleOutAddedUnits'), 0);
  return {
    ...(scaleOutStartMs !== undefined ? { scaleOutStartMs } : {}),
    ...(added !== undefined ? { scaleOutAddedUnits: added } : {}),
    ...(lastScaleInMs !== undefined ? { lastScaleInMs } : {}),
  };
}

/** `{ reads, writes }`, each present only when `read` gives a value. */
function byDimension<T>(x: Json, where: string, what: string, read: (v: Json, path: string) => T | undefined): { reads?: T; writes?: T } {
  const o = object(x, where);
  onlyKnown(o, where, DIMENSIONS, what);
  const reads = read(o.reads, pathOf(where, 'reads'));
  const writes = read(o.writes, pathOf(where, 'writes'));
  return { ...(reads !== undefined ? { reads } : {}), ...(writes !== undefined ? { writes } : {}) };
}
