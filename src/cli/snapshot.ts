/**
 * The SNAPSHOT.json of `dynamic-scaling decide` / `explain` (docs/cli.md), turned into a
 * `DecideInput`, and the decision turned back into JSON whose state round-trips as the next
 * snapshot's state.
 */
import { configuredCircuitBreakers } from '../engine/core/circuit-breaker';
import {
  CircuitBreakerOutcome, CounterState, DecideInput, DecideOutput, DimensionCounters, EngineState, IndexSnapshot, LowChecksPeak,
  MetricSums, TableSnapshot,
} from '../engine/core/decide-types';
import { EnginePolicy } from '../engine/core/policy';

/** Thrown for a snapshot that does not have the documented shape. */
export class SnapshotError extends Error {}

type Json = unknown;

/** The snapshot's own fields. */
const SNAPSHOT_FIELDS = [
  'now', 'tables', 'metricSums', 'counters', 'alarms', 'throttleCountedUntil', 'lookbackShift', 'lowChecksPeak', 'circuitBreaker',
];
/** What `decide` prints besides the state; accepted and ignored, so its output can be merged into the next snapshot. */
const OUTPUT_ONLY_FIELDS = ['decisions', 'updates', 'notifications'];
const INDEX_FIELDS = ['read', 'write', 'status', 'decreasesToday', 'lastDecreaseAt'];
const TABLE_FIELDS = [...INDEX_FIELDS, 'gsis'];
// A Record over every key of MetricSums, so a metric added to the engine must be added here too.
const METRICS: Record<keyof MetricSums, true> = {
  ConsumedReadCapacityUnits: true,
  ConsumedWriteCapacityUnits: true,
  ReadThrottleEvents: true,
  WriteThrottleEvents: true,
  ProvisionedReadCapacityUnits: true,
  ProvisionedWriteCapacityUnits: true,
};
const METRIC_NAMES = Object.keys(METRICS);

function isObject(x: Json): x is Record<string, Json> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/**
 * Rejects a key of `x` that is not in `accepted`: a misspelt key would otherwise be read as
 * absent (a misspelt metric as "no datapoint", so 0 % and silently no scale-down).
 */
function onlyKnown(x: Record<string, Json>, where: string | undefined, accepted: readonly string[], what: string, ignored: readonly string[] = []) {
  for (const key of Object.keys(x)) {
    if (accepted.includes(key) || ignored.includes(key)) continue;
    throw new SnapshotError(`${where === undefined ? key : `${where}.${key}`} is not a known ${what} (accepted: ${accepted.join(', ')})`);
  }
}

// ISO-8601 date and time: YYYY-MM-DDTHH:MM[:SS[.fraction]] with Z, ±HH:MM, ±HHMM or ±HH, or none (UTC).
const ISO_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/;

/** Epoch ms of an ISO-8601 time, read as UTC when it has no offset; undefined if it is not one. */
export function parseIsoTime(text: string): number | undefined {
  const m = ISO_TIME.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map((v) => Number(v ?? 0));
  const ms = Number((m[7] ?? '').padEnd(3, '0').slice(0, 3));
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return undefined;
  const utc = new Date(0);
  utc.setUTCFullYear(year, month - 1, day);
  utc.setUTCHours(hour, minute, second, ms);
  if (utc.getUTCDate() !== day) return undefined; // 2017-02-30
  const zone = m[8];
  if (zone === undefined || zone === 'Z') return utc.getTime();
  const offH = Number(zone.slice(1, 3));
  const offM = Number(zone.slice(1).replace(':', '').slice(2) || 0);
  if (offH > 23 || offM > 59) return undefined;
  return utc.getTime() - (zone[0] === '-' ? -1 : 1) * (offH * 60 + offM) * 60_000;
}

function num(x: Json, where: string, optional = false): number | undefined {
  if (x === undefined && optional) return undefined;
  if (typeof x !== 'number' || !Number.isFinite(x)) throw new SnapshotError(`${where} must be a number, got ${JSON.stringify(x)}`);
  return x;
}

function time(x: Json, where: string): number | undefined {
  if (x === undefined) return undefined;
  if (typeof x === 'number' && Number.isFinite(x)) return x;
  const ms = typeof x === 'string' ? parseIsoTime(x) : undefined;
  if (ms === undefined) {
    throw new SnapshotError(`${where} must be an ISO-8601 time such as "2017-08-12T12:00:00Z" (UTC when it has no offset), got ${JSON.stringify(x)}`);
  }
  return ms;
}

function capacity(x: Json, where: string, fields: readonly string[]): IndexSnapshot {
  if (!isObject(x)) throw new SnapshotError(`${where} must be an object`);
  onlyKnown(x, where, fields, 'field');
  if (x.status !== undefined && typeof x.status !== 'string') throw new SnapshotError(`${where}.status must be a string`);
  const decreasesToday = num(x.decreasesToday, `${where}.decreasesToday`, true);
  const lastDecreaseMs = time(x.lastDecreaseAt, `${where}.lastDecreaseAt`);
  return {
    read: num(x.read, `${where}.read`)!,
    write: num(x.write, `${where}.write`)!,
    status: (x.status as string | undefined) ?? 'ACTIVE',
    ...(decreasesToday !== undefined ? { decreasesToday } : {}),
    ...(lastDecreaseMs !== undefined ? { lastDecreaseMs } : {}),
  };
}

function counterMap(x: Json, where: string): Record<string, DimensionCounters> {
  if (x === undefined) return {};
  if (!isObject(x)) throw new SnapshotError(`${where} must be an object`);
  const out: Record<string, DimensionCounters> = {};
  for (const [k, v] of Object.entries(x)) {
    if (!isObject(v)) throw new SnapshotError(`${where}.${k} must be an object`);
    onlyKnown(v, `${where}.${k}`, ['reads', 'writes'], 'counter');
    out[k] = { reads: num(v.reads ?? 0, `${where}.${k}.reads`)!, writes: num(v.writes ?? 0, `${where}.${k}.writes`)! };
  }
  return out;
}

function outcome(x: Json, where: string): CircuitBreakerOutcome {
  if (!isObject(x)) throw new SnapshotError(`${where} must be {"status": N} or {"error": "..."}`);
  onlyKnown(x, where, ['status', 'error'], 'field');
  if (x.error !== undefined) return { error: String(x.error) };
  return { status: num(x.status, `${where}.status`) };
}

/**
 * Builds the engine input from a parsed SNAPSHOT.json.
 *
 * @param snapshot the parsed JSON
 * @param policy the policy (its circuit-breaker URLs receive a single `circuitBreaker` outcome)
 * @throws SnapshotError naming the first field with the wrong shape
 */
export function snapshotToInput(snapshot: Json, policy: EnginePolicy): DecideInput {
  if (!isObject(snapshot)) throw new SnapshotError('the snapshot must be a JSON object');
  onlyKnown(snapshot, undefined, SNAPSHOT_FIELDS, 'snapshot field', OUTPUT_ONLY_FIELDS);
  const nowMs = time(snapshot.now, 'now');
  if (nowMs === undefined) throw new SnapshotError('now is required (ISO-8601, e.g. "2017-08-12T12:00:00Z")');
  if (!isObject(snapshot.tables)) throw new SnapshotError('tables must be an object of table name to capacity');
  const tables: Record<string, TableSnapshot> = {};
  for (const [name, t] of Object.entries(snapshot.tables)) {
    const base = capacity(t, `tables.${name}`, TABLE_FIELDS);
    const gsisJson = (t as Record<string, Json>).gsis;
    if (gsisJson !== undefined && !isObject(gsisJson)) throw new SnapshotError(`tables.${name}.gsis must be an object`);
    const gsis: Record<string, IndexSnapshot> = {};
    for (const [g, gc] of Object.entries(gsisJson ?? {})) gsis[g] = capacity(gc, `tables.${name}.gsis.${g}`, INDEX_FIELDS);
    tables[name] = gsisJson === undefined ? base : { ...base, gsis };
  }
  const metricSums = snapshot.metricSums ?? {};
  if (!isObject(metricSums)) throw new SnapshotError('metricSums must be an object of "table" or "table:gsi" to sums');
  for (const [k, v] of Object.entries(metricSums)) {
    if (!isObject(v)) throw new SnapshotError(`metricSums.${k} must be an object`);
    onlyKnown(v, `metricSums.${k}`, METRIC_NAMES, 'metric');
    for (const [m, s] of Object.entries(v)) num(s, `metricSums.${k}.${m}`);
  }
  const countersJson = snapshot.counters ?? {};
  if (!isObject(countersJson)) throw new SnapshotError('counters must be {"tables": {...}, "gsis": {...}}');
  onlyKnown(countersJson, 'counters', ['tables', 'gsis'], 'field');
  const counters: CounterState = {
    tables: counterMap(countersJson.tables, 'counters.tables'),
    gsis: counterMap(countersJson.gsis, 'counters.gsis'),
  };
  const state: EngineState = { counters, ...optionalState(snapshot) };

  let circuitBreakers: Record<string, CircuitBreakerOutcome> | undefined;
  const cb = snapshot.circuitBreaker;
  if (cb !== undefined) {
    if (!isObject(cb)) throw new SnapshotError('circuitBreaker must be {"status": N}, {"error": "..."} or an object of URL to those');
    if ('status' in cb || 'error' in cb) {
      const o = outcome(cb, 'circuitBreaker');
      circuitBreakers = Object.fromEntries(configuredCircuitBreakers(policy).map((b) => [b.url, o]));
    } else {
      circuitBreakers = Object.fromEntries(Object.entries(cb).map(([url, o]) => [url, outcome(o, `circuitBreaker.${url}`)]));
    }
  }
  return { nowMs, policy, tables, metricSums: metricSums as Record<string, MetricSums>, state, circuitBreakers };
}

function optionalState(snapshot: Record<string, Json>): Partial<EngineState> {
  const out: {
    alarms?: Record<string, string>;
    throttleCountedUntil?: Record<string, { reads?: number; writes?: number }>;
    lookbackShift?: Record<string, { minutes: number; published: number }>;
    lowChecksPeak?: Record<string, { reads?: LowChecksPeak; writes?: LowChecksPeak }>;
  } = {};
  if (snapshot.alarms !== undefined) {
    if (!isObject(snapshot.alarms)) throw new SnapshotError('alarms must be an object of "table" or "table:gsi" to alarm state');
    out.alarms = Object.fromEntries(Object.entries(snapshot.alarms).map(([k, v]) => [k, String(v)]));
  }
  const marks = targetMap(snapshot.throttleCountedUntil, 'throttleCountedUntil', ['reads', 'writes'], 'dimension',
    (v, path) => byDimension(v, path, time));
  if (marks) out.throttleCountedUntil = marks;
  const shifts = targetMap(snapshot.lookbackShift, 'lookbackShift', ['minutes', 'published'], 'field', (v, path) => {
    const count = (x: Json, where: string): number => {
      if (typeof x !== 'number' || !Number.isInteger(x) || x < 0) throw new SnapshotError(`${where} must be an integer >= 0`);
      return x;
    };
    return { minutes: count(v.minutes, `${path}.minutes`), published: count(v.published, `${path}.published`) };
  });
  if (shifts) out.lookbackShift = shifts;
  const peaks = targetMap(snapshot.lowChecksPeak, 'lowChecksPeak', ['reads', 'writes'], 'dimension', (v, path) => byDimension(v, path, peak));
  if (peaks) out.lowChecksPeak = peaks;
  return out;
}

/** A state map keyed `table` / `table:gsi` whose entries are objects with only `accepted` keys, each read by `read`. */
function targetMap<T>(
  x: Json, name: string, accepted: readonly string[], what: string, read: (entry: Record<string, Json>, path: string) => T,
): Record<string, T> | undefined {
  if (x === undefined) return undefined;
  if (!isObject(x)) throw new SnapshotError(`${name} must be an object`);
  const out: Record<string, T> = {};
  for (const [k, v] of Object.entries(x)) {
    const path = `${name}.${k}`;
    if (!isObject(v)) throw new SnapshotError(`${path} must be an object`);
    onlyKnown(v, path, accepted, what);
    out[k] = read(v, path);
  }
  return out;
}

/** `{ reads, writes }`, each dimension present only when `read` gives a value. */
function byDimension<T>(v: Record<string, Json>, path: string, read: (x: Json, where: string) => T | undefined): { reads?: T; writes?: T } {
  const reads = read(v.reads, `${path}.reads`);
  const writes = read(v.writes, `${path}.writes`);
  return { ...(reads !== undefined ? { reads } : {}), ...(writes !== undefined ? { writes } : {}) };
}

/** One dimension's recent peak of the low checks, `{"unitsPerSecond": N, "at": "ISO-8601"}`. */
function peak(x: Json, path: string): LowChecksPeak | undefined {
  if (x === undefined) return undefined;
  if (!isObject(x)) throw new SnapshotError(`${path} must be {"unitsPerSecond": N, "at": "ISO-8601 time"}`);
  onlyKnown(x, path, ['unitsPerSecond', 'at'], 'field');
  if (typeof x.unitsPerSecond !== 'number' || !(x.unitsPerSecond >= 0)) {
    throw new SnapshotError(`${path}.unitsPerSecond must be a number >= 0`);
  }
  const atMs = time(x.at, `${path}.at`);
  if (atMs === undefined) throw new SnapshotError(`${path}.at is required`);
  return { unitsPerSecond: x.unitsPerSecond, atMs };
}

function peakToJson(p: LowChecksPeak | undefined): { unitsPerSecond: number; at: string } | undefined {
  return p && { unitsPerSecond: p.unitsPerSecond, at: new Date(p.atMs).toISOString() };
}

/** The JSON `decide` prints: decisions, updates, notifications and the state for the next snapshot. */
export function outputToJson(output: DecideOutput): Record<string, unknown> {
  const marks: Record<string, { reads?: string; writes?: string }> = {};
  for (const [k, v] of Object.entries(output.state.throttleCountedUntil ?? {})) {
    marks[k] = {
      ...(v.reads !== undefined ? { reads: new Date(v.reads).toISOString() } : {}),
      ...(v.writes !== undefined ? { writes: new Date(v.writes).toISOString() } : {}),
    };
  }
  return {
    decisions: output.decisions,
    updates: output.updates,
    counters: output.state.counters,
    alarms: output.state.alarms ?? {},
    throttleCountedUntil: marks,
    ...(output.state.lookbackShift ? { lookbackShift: output.state.lookbackShift } : {}),
    ...(output.state.lowChecksPeak ? {
      lowChecksPeak: Object.fromEntries(Object.entries(output.state.lowChecksPeak).map(([k, v]) => [k, {
        ...(v.reads ? { reads: peakToJson(v.reads) } : {}),
        ...(v.writes ? { writes: peakToJson(v.writes) } : {}),
      }])),
    } : {}),
    notifications: output.notifications,
  };
}
