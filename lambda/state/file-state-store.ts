/**
 * State units in a JSON file (`dynamic-scaling run --state-file`): the engine's state-file codec,
 * written once per check to a temporary file that is then renamed over the old one, so a crash
 * never leaves half a file. One process owns the file; revisions are kept in memory.
 */
import { promises as fs } from 'fs';
import { dirname, join, basename } from 'path';
import { StateStore, StateStoreError, StoredUnit, UnreadableUnit, WriteOutcome } from './state-store';
import { decodeStateFile, dictionary, encodeStateFile, JsonDecodeError, TableState } from '../../src/engine';

/** A state store in a JSON file. */
export class FileStateStore implements StateStore {
  public readonly description: string;
  private units?: Record<string, TableState>;
  private readonly revisions = new Map<string, number>();
  private dirty = false;

  constructor(private readonly path: string) {
    this.description = `state file ${path}`;
  }

  public async load(tables: readonly string[]): Promise<Map<string, StoredUnit | UnreadableUnit>> {
    if (!this.units) this.units = await this.read();
    const out = new Map<string, StoredUnit | UnreadableUnit>();
    for (const t of tables) {
      const unit = this.units[t];
      out.set(t, unit === undefined ? { revision: this.revisions.get(t) ?? 0 } : { unit, revision: this.revisions.get(t) ?? 1 });
    }
    return out;
  }

  public async write(table: string, unit: TableState | null, revision: number): Promise<WriteOutcome> {
    const units = this.units ??= await this.read();
    const current = this.revisions.get(table) ?? (units[table] === undefined ? 0 : 1);
    if (current !== revision) return { outcome: 'conflict' };
    if (unit === null) delete units[table]; else units[table] = unit;
    this.revisions.set(table, unit === null ? 0 : revision + 1);
    this.dirty = true;
    return { outcome: 'ok', revision: unit === null ? 0 : revision + 1 };
  }

  public async flush(): Promise<void> {
    if (!this.dirty || !this.units) return;
    const tmp = join(dirname(this.path), `.${basename(this.path)}.${process.pid}.tmp`);
    await fs.writeFile(tmp, encodeStateFile(this.units), 'utf8');
    await fs.rename(tmp, this.path);
    this.dirty = false;
  }

  /** The file's units; a missing file is an empty state, anything unreadable is an error. */
  private async read(): Promise<Record<string, TableState>> {
    let text: string;
    try {
      text = await fs.readFile(this.path, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return dictionary();
      throw new StateStoreError(`${this.description} cannot be read: ${(e as Error).message}`);
    }
    try {
      return dictionary(decodeStateFile(text, this.description));
    } catch (e) {
      if (e instanceof JsonDecodeError) throw new StateStoreError(`${e.message} (the file is left as it is; fix or remove it)`);
      throw e;
    }
  }
}
