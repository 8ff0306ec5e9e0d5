/**
 * Where the scaler keeps each managed table's state unit between checks (the engine's codec,
 * one unit per table), with a revision per unit for optimistic locking: a write holds only if
 * the stored revision is still the one this check read, so two overlapping checks never both
 * apply a change (the protocol's claim) and never lose a counter.
 */
import { TableState } from '../../src/engine';

/** A table's stored unit and the revision it was read at (0: nothing stored yet). */
export interface StoredUnit {
  /** The unit. @default - none stored */
  readonly unit?: TableState;
  /** The revision to write against. */
  readonly revision: number;
}

/** A table whose stored unit could not be read or does not decode: that table is not checked. */
export interface UnreadableUnit {
  /** Why, naming the field. */
  readonly error: string;
}

/** How a conditional write ended. */
export type WriteOutcome =
  | { readonly outcome: 'ok'; readonly revision: number }
  | { readonly outcome: 'conflict' }
  | { readonly outcome: 'error'; readonly message: string };

/** Thrown when the store as a whole is unusable (a state table that does not exist, a corrupt state file). */
export class StateStoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StateStoreError';
  }
}

/** A store of state units. */
export interface StateStore {
  /** What the store is, for messages (`state table scaler-state`, `state file ./state.json`). */
  readonly description: string;
  /**
   * Loads the units of `tables`.
   *
   * @throws StateStoreError when the store itself cannot be read
   */
  load(tables: readonly string[]): Promise<Map<string, StoredUnit | UnreadableUnit>>;
  /** Writes `unit` (null: deletes it) if the stored revision is still `revision`. */
  write(table: string, unit: TableState | null, revision: number): Promise<WriteOutcome>;
  /** Makes the writes of a check durable (the file store writes its file once). */
  flush(): Promise<void>;
}

/** Whether a loaded slot is unreadable. */
export function isUnreadable(x: StoredUnit | UnreadableUnit): x is UnreadableUnit {
  return 'error' in x;
}
