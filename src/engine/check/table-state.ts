/**
 * What a host persists between checks, organised per managed table: one table and its GSIs are
 * one unit (one item of a state table, one entry of a state file), so two tables never share or
 * overwrite each other's counters, and a table's unit can be dropped on its own.
 *
 * `decide()` works on the whole-check {@link EngineState} keyed `t` / `t:g`; these functions
 * convert between the two forms without losing a field.
 */
import { DimensionCounters, EngineState, LookbackShift, LowChecksPeak } from '../core/decide-types';
import { dictionary } from '../core/dictionary';

/** The state of one table or one GSI. Every field is omitted when it holds nothing. */
export interface TargetState {
  /** Consecutive-check counters (dd's `CHECK_STATUS`). @default - both 0 */
  readonly counters?: DimensionCounters;
  /** The last alarm signature notified (D14). @default - no alarm */
  readonly alarm?: string;
  /** End of the window whose throttles last drove an increase, per dimension (D8). @default - none */
  readonly throttleCountedUntil?: { readonly reads?: number; readonly writes?: number };
  /** How far the metric window has moved back (`lookbackWindowStartMax`). @default - not moved */
  readonly lookbackShift?: LookbackShift;
  /** The recent peak of the low checks (`decreasePeakHalfLifeMinutes`). @default - none */
  readonly lowChecksPeak?: { readonly reads?: LowChecksPeak; readonly writes?: LowChecksPeak };
}

/** The persisted unit of one managed table: the table's state and its GSIs'. */
export interface TableState {
  /** The table's own state. */
  readonly table: TargetState;
  /** Each GSI's state, by index name. */
  readonly gsis: Readonly<Record<string, TargetState>>;
  /**
   * When `DescribeTable` first answered ResourceNotFound (epoch ms). The unit is kept until
   * {@link MISSING_TABLE_STATE_TTL_MS} after it, so a table that is briefly unreachable keeps its
   * counters. @default - the table was found at the last check
   */
  readonly missingSinceMs?: number;
}

/** A table's unit with nothing in it. */
export const EMPTY_TABLE_STATE: TableState = { table: {}, gsis: {} };

/**
 * How long the state of a table that `DescribeTable` no longer finds is kept: a day. After it
 * the unit is dropped; a table recreated later starts from zero counters, the safe side (a
 * decrease needs its consecutive low checks again).
 */
export const MISSING_TABLE_STATE_TTL_MS = 24 * 60 * 60 * 1000;

/** Whether a target's state holds nothing. */
export function isEmptyTarget(s: TargetState): boolean {
  return s.counters === undefined && s.alarm === undefined && s.throttleCountedUntil === undefined
    && s.lookbackShift === undefined && s.lowChecksPeak === undefined;
}

/** The key `decide()` uses for a table (`t`) or one of its GSIs (`t:g`). */
export function targetKey(table: string, gsi: string | null): string {
  return gsi === null ? table : `${table}:${gsi}`;
}

type MutableTarget = {
  counters?: DimensionCounters;
  alarm?: string;
  throttleCountedUntil?: { reads?: number; writes?: number };
  lookbackShift?: LookbackShift;
  lowChecksPeak?: { reads?: LowChecksPeak; writes?: LowChecksPeak };
};

/**
 * Splits a whole-check state into one unit per table. DynamoDB names cannot hold `:`, so the
 * first `:` of a key separates the table from the GSI.
 */
export function splitEngineState(state: EngineState): Record<string, TableState> {
  const units = dictionary<{ table: MutableTarget; gsis: Record<string, MutableTarget> }>();
  const at = (key: string): MutableTarget => {
    const colon = key.indexOf(':');
    const table = colon < 0 ? key : key.slice(0, colon);
    const unit = units[table] ??= { table: {}, gsis: dictionary() };
    if (colon < 0) return unit.table;
    return unit.gsis[key.slice(colon + 1)] ??= {};
  };
  // GSI counters are keyed `t:g` like every other map, so one loop serves both.
  for (const counters of [state.counters.tables, state.counters.gsis]) {
    for (const key in counters) {
      const c = counters[key];
      if (c.reads !== 0 || c.writes !== 0) at(key).counters = { reads: c.reads, writes: c.writes };
    }
  }
  const alarms = state.alarms ?? {};
  for (const key in alarms) if (alarms[key] !== '') at(key).alarm = alarms[key];
  const marks = state.throttleCountedUntil ?? {};
  for (const key in marks) {
    const m = marks[key];
    if (m.reads === undefined && m.writes === undefined) continue;
    at(key).throttleCountedUntil = m.writes === undefined ? { reads: m.reads } : m.reads === undefined ? { writes: m.writes } : { reads: m.reads, writes: m.writes };
  }
  const shifts = state.lookbackShift ?? {};
  for (const key in shifts) at(key).lookbackShift = shifts[key];
  const peaks = state.lowChecksPeak ?? {};
  for (const key in peaks) if (peaks[key].reads !== undefined || peaks[key].writes !== undefined) at(key).lowChecksPeak = peaks[key];
  return units;
}

/** Joins table units into the whole-check state `decide()` takes. */
export function joinEngineState(units: Readonly<Record<string, TableState>>): EngineState {
  const tables = dictionary<DimensionCounters>();
  const gsis = dictionary<DimensionCounters>();
  const alarms = dictionary<string>();
  const throttleCountedUntil = dictionary<{ reads?: number; writes?: number }>();
  const lookbackShift = dictionary<LookbackShift>();
  const lowChecksPeak = dictionary<{ reads?: LowChecksPeak; writes?: LowChecksPeak }>();
  const put = (key: string, s: TargetState, counterStore: Record<string, DimensionCounters>) => {
    if (s.counters) counterStore[key] = s.counters;
    if (s.alarm !== undefined) alarms[key] = s.alarm;
    if (s.throttleCountedUntil) throttleCountedUntil[key] = s.throttleCountedUntil;
    if (s.lookbackShift) lookbackShift[key] = s.lookbackShift;
    if (s.lowChecksPeak) lowChecksPeak[key] = s.lowChecksPeak;
  };
  for (const [table, unit] of Object.entries(units)) {
    put(table, unit.table, tables);
    for (const [gsi, s] of Object.entries(unit.gsis)) put(targetKey(table, gsi), s, gsis);
  }
  return {
    counters: { tables, gsis },
    alarms,
    throttleCountedUntil,
    ...(Object.keys(lookbackShift).length > 0 ? { lookbackShift } : {}),
    ...(Object.keys(lowChecksPeak).length > 0 ? { lowChecksPeak } : {}),
  };
}
