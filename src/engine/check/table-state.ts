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
import type { StepScalingState } from '../core/step-scaling';
import { targetKey } from '../core/target-key';

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
  /** The step policies' cooldowns, per dimension. @default - none */
  readonly stepScaling?: { readonly reads?: StepScalingState; readonly writes?: StepScalingState };
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

export { targetKey };

type MutableTarget = {
  counters?: DimensionCounters;
  alarm?: string;
  throttleCountedUntil?: { reads?: number; writes?: number };
  lookbackShift?: LookbackShift;
  lowChecksPeak?: { reads?: LowChecksPeak; writes?: LowChecksPeak };
  stepScaling?: { reads?: StepScalingState; writes?: StepScalingState };
};

/**
 * Splits a whole-check state into one unit per table. DynamoDB names cannot hold `:`, so the
 * first `:` of a key separates the table from the GSI.
 */
export function splitEngineState(state: EngineState): Record<string, TableState> {
  const units = dictionary<{ table: TargetState; gsis: Record<string, TargetState> }>();
  const keys = new Set([
    ...Object.keys(state.counters.tables), ...Object.keys(state.counters.gsis), ...Object.keys(state.alarms ?? NO_ENTRIES),
    ...Object.keys(state.throttleCountedUntil ?? NO_ENTRIES), ...Object.keys(state.lookbackShift ?? NO_ENTRIES),
    ...Object.keys(state.lowChecksPeak ?? NO_ENTRIES), ...Object.keys(state.stepScaling ?? NO_ENTRIES),
  ]);
  for (const key of keys) {
    const colon = key.indexOf(':');
    const s = targetOf(state, key, colon < 0 ? state.counters.tables : state.counters.gsis);
    if (isEmpty(s)) continue;
    const unit = units[colon < 0 ? key : key.slice(0, colon)] ??= { table: {}, gsis: dictionary() };
    if (colon < 0) unit.table = s;
    else unit.gsis[key.slice(colon + 1)] = s;
  }
  return units;
}

/** Joins table units into the whole-check state `decide()` takes. Maps nothing is kept in are left out. */
export function joinEngineState(units: Readonly<Record<string, TableState>>): EngineState {
  const maps = new StateMaps();
  for (const table of Object.keys(units)) maps.addUnit(table, units[table]);
  return maps.state();
}

/** One table's unit as the whole-check state `decide` takes ({@link joinEngineState} of one unit). */
export function unitToEngineState(table: string, unit: TableState): EngineState {
  const maps = new StateMaps();
  maps.addUnit(table, unit);
  return maps.state();
}

/**
 * One table's unit out of a whole-check state, for the table and the GSIs named (the state of any
 * other GSI, one the table no longer has, is left out): what {@link splitEngineState} gives for
 * them, read by key rather than by walking every map.
 */
export function engineStateToUnit(state: EngineState, table: string, gsis: readonly string[]): TableState {
  const unit = { table: targetOf(state, table, state.counters.tables), gsis: dictionary<TargetState>() };
  for (const gsi of gsis) {
    const s = targetOf(state, targetKey(table, gsi), state.counters.gsis);
    if (!isEmpty(s)) unit.gsis[gsi] = s;
  }
  return unit;
}

/** Whether a target's state holds nothing. */
function isEmpty(s: TargetState): boolean {
  return !s.counters && s.alarm === undefined && !s.throttleCountedUntil && !s.lookbackShift && !s.lowChecksPeak && !s.stepScaling;
}

/** A target's state, by its key, from the whole-check maps (nothing empty kept: zero counters, empty marks). */
function targetOf(state: EngineState, key: string, counterStore: Readonly<Record<string, DimensionCounters>>): TargetState {
  const t: MutableTarget = {};
  const c = counterStore[key];
  if (c && (c.reads !== 0 || c.writes !== 0)) t.counters = { reads: c.reads, writes: c.writes };
  const alarm = state.alarms?.[key];
  if (alarm !== undefined && alarm !== '') t.alarm = alarm;
  const m = state.throttleCountedUntil?.[key];
  if (m && (m.reads !== undefined || m.writes !== undefined)) {
    t.throttleCountedUntil = m.writes === undefined ? { reads: m.reads }
      : m.reads === undefined ? { writes: m.writes } : { reads: m.reads, writes: m.writes };
  }
  const shift = state.lookbackShift?.[key];
  if (shift) t.lookbackShift = shift;
  const peak = state.lowChecksPeak?.[key];
  if (peak && (peak.reads !== undefined || peak.writes !== undefined)) t.lowChecksPeak = peak;
  const step = state.stepScaling?.[key];
  if (step && (step.reads !== undefined || step.writes !== undefined)) t.stepScaling = step;
  return t;
}

const NO_ENTRIES: Readonly<Record<string, never>> = Object.freeze(dictionary<never>());

/** The maps of a whole-check state, each made when its first entry comes (a check runs this for every table). */
class StateMaps {
  private tables?: Record<string, DimensionCounters>;
  private gsis?: Record<string, DimensionCounters>;
  private alarms?: Record<string, string>;
  private marks?: Record<string, { reads?: number; writes?: number }>;
  private shifts?: Record<string, LookbackShift>;
  private peaks?: Record<string, { reads?: LowChecksPeak; writes?: LowChecksPeak }>;
  private steps?: Record<string, { reads?: StepScalingState; writes?: StepScalingState }>;

  public addUnit(table: string, unit: TableState): void {
    this.add(table, unit.table, false);
    for (const gsi of Object.keys(unit.gsis)) this.add(targetKey(table, gsi), unit.gsis[gsi], true);
  }

  public state(): EngineState {
    return {
      counters: { tables: this.tables ?? NO_ENTRIES, gsis: this.gsis ?? NO_ENTRIES },
      alarms: this.alarms ?? NO_ENTRIES,
      throttleCountedUntil: this.marks ?? NO_ENTRIES,
      ...(this.shifts ? { lookbackShift: this.shifts } : {}),
      ...(this.peaks ? { lowChecksPeak: this.peaks } : {}),
      ...(this.steps ? { stepScaling: this.steps } : {}),
    };
  }

  private add(key: string, s: TargetState, isGsi: boolean): void {
    if (s.counters) {
      if (isGsi) (this.gsis ??= dictionary())[key] = s.counters;
      else (this.tables ??= dictionary())[key] = s.counters;
    }
    if (s.alarm !== undefined) (this.alarms ??= dictionary())[key] = s.alarm;
    if (s.throttleCountedUntil) (this.marks ??= dictionary())[key] = s.throttleCountedUntil;
    if (s.lookbackShift) (this.shifts ??= dictionary())[key] = s.lookbackShift;
    if (s.lowChecksPeak) (this.peaks ??= dictionary())[key] = s.lowChecksPeak;
    if (s.stepScaling) (this.steps ??= dictionary())[key] = s.stepScaling;
  }
}
