/**
 * The SNAPSHOT.json of `dynamic-scaling decide` / `explain` (docs/cli.md), turned into a
 * `DecideInput`, and the decision turned back into JSON whose state round-trips as the next
 * snapshot's state.
 */
import { configuredCircuitBreakers } from '../engine/circuit-breaker';
import {
  CircuitBreakerOutcome, CounterState, DecideInput, DecideOutput, DimensionCounters, EngineState, IndexSnapshot, MetricSums,
  TableSnapshot,
} from '../engine/decide-types';
import { EnginePolicy } from '../engine/policy';

/** Thrown for a snapshot that does not have the documented shape. */
export class SnapshotError extends Error {}

type Json = unknown;

function isObject(x: Json): x is Record<string, Json> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function num(x: Json, where: string, optional = false): number | undefined {
  if (x === undefined && optional) return undefined;
  if (typeof x !== 'number' || !Number.isFinite(x)) throw new SnapshotError(`${where} must be a number, got ${JSON.stringify(x)}`);
  return x;
}

function time(x: Json, where: string): number | undefined {
  if (x === undefined) return undefined;
  if (typeof x === 'number' && Number.isFinite(x)) return x;
  const ms = typeof x === 'string' ? Date.parse(x) : NaN;
  if (Number.isNaN(ms)) throw new SnapshotError(`${where} must be an ISO-8601 time, got ${JSON.stringify(x)}`);
  return ms;
}

function capacity(x: Json, where: string): IndexSnapshot {
  if (!isObject(x)) throw new SnapshotError(`${where} must be an object`);
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
    out[k] = { reads: num(v.reads ?? 0, `${where}.${k}.reads`)!, writes: num(v.writes ?? 0, `${where}.${k}.writes`)! };
  }
  return out;
}

function outcome(x: Json, where: string): CircuitBreakerOutcome {
  if (!isObject(x)) throw new SnapshotError(`${where} must be {"status": N} or {"error": "..."}`);
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
  const nowMs = time(snapshot.now, 'now');
  if (nowMs === undefined) throw new SnapshotError('now is required (ISO-8601, e.g. "2017-08-12T12:00:00Z")');
  if (!isObject(snapshot.tables)) throw new SnapshotError('tables must be an object of table name to capacity');
  const tables: Record<string, TableSnapshot> = {};
  for (const [name, t] of Object.entries(snapshot.tables)) {
    const base = capacity(t, `tables.${name}`);
    const gsisJson = (t as Record<string, Json>).gsis;
    if (gsisJson !== undefined && !isObject(gsisJson)) throw new SnapshotError(`tables.${name}.gsis must be an object`);
    const gsis: Record<string, IndexSnapshot> = {};
    for (const [g, gc] of Object.entries(gsisJson ?? {})) gsis[g] = capacity(gc, `tables.${name}.gsis.${g}`);
    tables[name] = gsisJson === undefined ? base : { ...base, gsis };
  }
  const metricSums = snapshot.metricSums ?? {};
  if (!isObject(metricSums)) throw new SnapshotError('metricSums must be an object of "table" or "table:gsi" to sums');
  for (const [k, v] of Object.entries(metricSums)) {
    if (!isObject(v)) throw new SnapshotError(`metricSums.${k} must be an object`);
    for (const [m, s] of Object.entries(v)) num(s, `metricSums.${k}.${m}`);
  }
  const countersJson = snapshot.counters ?? {};
  if (!isObject(countersJson)) throw new SnapshotError('counters must be {"tables": {...}, "gsis": {...}}');
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
  const out: { alarms?: Record<string, string>; throttleCountedUntil?: Record<string, { reads?: number; writes?: number }> } = {};
  if (snapshot.alarms !== undefined) {
    if (!isObject(snapshot.alarms)) throw new SnapshotError('alarms must be an object of "table" or "table:gsi" to alarm state');
    out.alarms = Object.fromEntries(Object.entries(snapshot.alarms).map(([k, v]) => [k, String(v)]));
  }
  if (snapshot.throttleCountedUntil !== undefined) {
    if (!isObject(snapshot.throttleCountedUntil)) throw new SnapshotError('throttleCountedUntil must be an object');
    out.throttleCountedUntil = {};
    for (const [k, v] of Object.entries(snapshot.throttleCountedUntil)) {
      if (!isObject(v)) throw new SnapshotError(`throttleCountedUntil.${k} must be an object`);
      const reads = time(v.reads, `throttleCountedUntil.${k}.reads`);
      const writes = time(v.writes, `throttleCountedUntil.${k}.writes`);
      out.throttleCountedUntil[k] = { ...(reads !== undefined ? { reads } : {}), ...(writes !== undefined ? { writes } : {}) };
    }
  }
  return out;
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
    notifications: output.notifications,
  };
}
