/**
 * State units kept in the process, as Dynamic DynamoDB kept its counters (`dynamic-scaling run`
 * without `--state-table` or `--state-file`): lost when the process ends.
 */
import { StateStore, StoredUnit, UnreadableUnit, WriteOutcome } from './state-store';
import { dictionary, TableState } from '../../src/engine';

/** A state store in memory. */
export class MemoryStateStore implements StateStore {
  public readonly description = 'state in memory (lost when the process ends)';
  private readonly units = dictionary<{ unit: TableState; revision: number }>();

  public async load(tables: readonly string[]): Promise<Map<string, StoredUnit | UnreadableUnit>> {
    return new Map(tables.map((t) => [t, this.units[t] ?? { revision: 0 }]));
  }

  public async write(table: string, unit: TableState | null, revision: number): Promise<WriteOutcome> {
    if ((this.units[table]?.revision ?? 0) !== revision) return { outcome: 'conflict' };
    if (unit === null) {
      delete this.units[table];
      return { outcome: 'ok', revision: 0 };
    }
    this.units[table] = { unit, revision: revision + 1 };
    return { outcome: 'ok', revision: revision + 1 };
  }

  public async flush(): Promise<void> {}
}
