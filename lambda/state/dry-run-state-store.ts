/**
 * What a dry run writes: nothing to the real store. Each table's unit is read from the real store
 * the first time, then kept here, so a dry run that checks again and again (`run --dry-run`)
 * counts consecutive checks as dd's `--dry-run` does, while the real state never changes.
 */
import { StateStore, StoredUnit, UnreadableUnit, WriteOutcome } from './state-store';
import { TableState } from '../../src/engine';

/** The overlay of one real store, shared by the dry-run checks of a process. */
const overlays = new WeakMap<StateStore, DryRunStateStore>();

/** A store over `base` that reads it and never writes it. */
export class DryRunStateStore implements StateStore {
  /** The overlay of `base`, the same for every dry-run check of this process. */
  public static over(base: StateStore): DryRunStateStore {
    let overlay = overlays.get(base);
    if (!overlay) overlays.set(base, overlay = new DryRunStateStore(base));
    return overlay;
  }

  public readonly description: string;
  private readonly kept = new Map<string, StoredUnit>();

  private constructor(private readonly base: StateStore) {
    this.description = `${base.description} (dry run: read, never written)`;
  }

  public async load(tables: readonly string[]): Promise<Map<string, StoredUnit | UnreadableUnit>> {
    const unknown = tables.filter((t) => !this.kept.has(t));
    const fromBase = unknown.length > 0 ? await this.base.load(unknown) : new Map<string, StoredUnit | UnreadableUnit>();
    return new Map(tables.map((t) => [t, this.kept.get(t) ?? fromBase.get(t) ?? { revision: 0 }]));
  }

  public async write(table: string, unit: TableState | null, revision: number): Promise<WriteOutcome> {
    this.kept.set(table, unit === null ? { revision: revision + 1 } : { unit, revision: revision + 1 });
    return { outcome: 'ok', revision: revision + 1 };
  }

  public async flush(): Promise<void> {}
}
