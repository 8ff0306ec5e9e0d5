/**
 * Small builders for engine tests: policies from overrides, and one-table checks.
 */
import { decide, DecideInput, DecideOutput, EngineState, IndexSnapshot, MetricSums } from '../../src/engine/core/decide';
import {
  DEFAULT_DIMENSION_POLICY, DEFAULT_TARGET_POLICY, DimensionPolicy, EnginePolicy, TargetPolicy,
} from '../../src/engine/core/policy';

/** dd's scenario defaults: min 5, max 1000, thresholds 30/90, ±50%. */
export function dim(o: Partial<DimensionPolicy> = {}): DimensionPolicy {
  return { ...DEFAULT_DIMENSION_POLICY, min: 5, max: 1000, ...o };
}

/** A target policy; `reads`/`writes` overrides apply to both dimensions' scenario defaults. */
export function target(o: Omit<Partial<TargetPolicy>, 'reads' | 'writes'> & {
  reads?: Partial<DimensionPolicy>; writes?: Partial<DimensionPolicy>; both?: Partial<DimensionPolicy>;
} = {}): TargetPolicy {
  const { reads, writes, both, ...rest } = o;
  return { ...DEFAULT_TARGET_POLICY, ...rest, reads: dim({ ...both, ...reads }), writes: dim({ ...both, ...writes }) };
}

/** A policy managing table `^t$` (and GSIs by pattern). */
export function policyOf(table: TargetPolicy, gsis: Array<[string, TargetPolicy]> = [], extra: Partial<EnginePolicy> = {}): EnginePolicy {
  return {
    checkIntervalSeconds: 300,
    ...extra,
    tables: [{ tablePattern: '^t$', policy: table, gsis: gsis.map(([indexPattern, policy]) => ({ indexPattern, policy })) }],
  };
}

/** Sums giving these consumed percentages of `prov` over a 5-minute window. */
export function pctSums(readPct: number, writePct: number, prov: { read: number; write: number } = { read: 100, write: 100 }): MetricSums {
  return {
    ConsumedReadCapacityUnits: (readPct / 100) * prov.read * 300,
    ConsumedWriteCapacityUnits: (writePct / 100) * prov.write * 300,
  };
}

/** 2017-08-12T12:00:00Z, the scenarios' first check. */
export const NOON = Date.UTC(2017, 7, 12, 12, 0, 0);

export interface Check {
  readonly policy: EnginePolicy;
  readonly table?: IndexSnapshot;
  readonly gsis?: Record<string, IndexSnapshot>;
  readonly sums?: Record<string, MetricSums>;
  readonly state?: EngineState;
  readonly nowMs?: number;
  readonly circuitBreakers?: DecideInput['circuitBreakers'];
}

/** The input of one check of table `t`. */
export function inputOf(c: Check): DecideInput {
  const table = c.table ?? { read: 100, write: 100, status: 'ACTIVE' };
  return {
    nowMs: c.nowMs ?? NOON,
    policy: c.policy,
    tables: { t: c.gsis ? { ...table, gsis: c.gsis } : table },
    metricSums: c.sums ?? {},
    state: c.state ?? { counters: { tables: {}, gsis: {} } },
    circuitBreakers: c.circuitBreakers,
  };
}

/** One check of table `t`. */
export function check(c: Check): DecideOutput {
  return decide(inputOf(c));
}

/** `[reads, writes]` of the update for `gsi` (null: the table), or undefined. */
export function updateOf(out: DecideOutput, gsi: string | null = null): [number, number] | undefined {
  const u = out.updates.find((x) => x.gsi === gsi);
  return u && [u.reads, u.writes];
}

/** The decision of one dimension. */
export function decisionOf(out: DecideOutput, dimension: 'reads' | 'writes', gsi: string | null = null) {
  return out.decisions.find((d) => d.dimension === dimension && d.gsi === gsi)!;
}

/** Counters of `t` (or `t:gsi`) after the check. */
export function countersOf(out: DecideOutput, gsi: string | null = null) {
  return gsi === null ? out.state.counters.tables.t : out.state.counters.gsis[`t:${gsi}`];
}
