/**
 * What a host does after sending an update. `decide()` returns the state of the next check as
 * if every update succeeds; when DynamoDB refuses one (`LimitExceededException`,
 * `ResourceInUseException`, …) or only the increase-only retry goes through, this corrects the
 * state for that table or GSI, so a held-back change keeps its counter (D3), its throttles
 * (D8) and its step cooldowns.
 */
import { CapacityUpdate, DecideInput, DecideOutput, DimensionCounters, EngineState } from './decide-types';
import { dictionary } from './dictionary';
import { targetKey } from './target-key';

/** The capacity a host actually set, or null when nothing was applied. */
export interface SentCapacity {
  /** Read units set. */
  readonly reads: number;
  /** Write units set. */
  readonly writes: number;
}

/**
 * The state after `update` ended with `sent` (the values DynamoDB accepted, or null).
 *
 * @param input the input of the `decide` call
 * @param output its output
 * @param update one of `output.updates`
 * @param sent what was applied: the update, its `increaseOnly` retry, or null
 */
export function settleUpdate(input: DecideInput, output: DecideOutput, update: CapacityUpdate, sent: SentCapacity | null): EngineState {
  const key = targetKey(update.table, update.gsi);
  const decision = (dim: 'reads' | 'writes') => output.decisions.find(
    (d) => d.table === update.table && d.gsi === update.gsi && d.dimension === dim)!;
  const applied = (dim: 'reads' | 'writes') => {
    const d = decision(dim);
    const to = dim === 'reads' ? update.reads : update.writes;
    const from = dim === 'reads' ? update.fromReads : update.fromWrites;
    return d.updateNeeded && to !== from && sent !== null && (dim === 'reads' ? sent.reads : sent.writes) === to;
  };
  const readsApplied = applied('reads');
  const writesApplied = applied('writes');
  const isGsi = update.gsi !== null;
  const state = output.state;
  // decide() stored the counter of a sent change (0, or the repeated scale-down's head start).
  const ifSent = (isGsi ? state.counters.gsis : state.counters.tables)[key];
  const counters: DimensionCounters = {
    reads: readsApplied ? ifSent?.reads ?? 0 : decision('reads').counterOut,
    writes: writesApplied ? ifSent?.writes ?? 0 : decision('writes').counterOut,
  };
  // D8 marks and step cooldowns: a dimension whose change was not applied keeps what it had.
  const keep = { reads: readsApplied, writes: writesApplied };
  const throttleCountedUntil = perDimension(input.state.throttleCountedUntil, state.throttleCountedUntil, key, keep);
  const stepScaling = perDimension(input.state.stepScaling, state.stepScaling, key, keep);
  return {
    ...state,
    ...(Object.keys(stepScaling).length > 0 || state.stepScaling ? { stepScaling } : {}),
    counters: {
      tables: isGsi ? state.counters.tables : withEntry(state.counters.tables, key, counters),
      gsis: isGsi ? withEntry(state.counters.gsis, key, counters) : state.counters.gsis,
    },
    throttleCountedUntil,
  };
}

/**
 * A per-dimension map (`{reads?, writes?}` by target key) after the update: `after`'s entry for the
 * dimensions applied, `before`'s for the others; an entry left empty is dropped.
 */
function perDimension<T>(
  before: Readonly<Record<string, { readonly reads?: T; readonly writes?: T }>> | undefined,
  after: Readonly<Record<string, { readonly reads?: T; readonly writes?: T }>> | undefined,
  key: string, applied: { reads: boolean; writes: boolean },
): Record<string, { reads?: T; writes?: T }> {
  const entry: { reads?: T; writes?: T } = {};
  for (const dim of ['reads', 'writes'] as const) {
    const value = applied[dim] ? after?.[key]?.[dim] : before?.[key]?.[dim];
    if (value !== undefined) entry[dim] = value;
  }
  const out = dictionary(after);
  if (entry.reads === undefined && entry.writes === undefined) delete out[key];
  else out[key] = entry;
  return out;
}

function withEntry<T>(map: Readonly<Record<string, T>>, key: string, value: T): Record<string, T> {
  const out = dictionary(map);
  out[key] = value;
  return out;
}
