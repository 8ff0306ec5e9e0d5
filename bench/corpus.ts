/**
 * The trace corpus vendored in data/traces (see its README.md): where its files are, and which
 * traces belong to which set, read from data/traces/corpus.json so no code lists file names.
 * - `benchmark`: the five traces the `recommended` preset was tuned on (the bench and the goal test);
 * - `unseen`: five traces kept out of the tuning.
 */
import { readFileSync } from 'fs';
import { join } from 'path';

/** The repository's trace folder. */
export const CORPUS_DIR = join(__dirname, '..', 'data', 'traces');

/** The corpus manifest. It always comes from the repository, even when `TRACES_DIR` moves the files. */
export const CORPUS_MANIFEST = join(CORPUS_DIR, 'corpus.json');

/** A set of the corpus. */
export type TraceSet = 'benchmark' | 'unseen';

/** One trace of the corpus manifest. */
export interface CorpusTrace {
  /** The CSV file's name, in the corpus folder. */
  readonly file: string;
  /** Its set. */
  readonly set: TraceSet;
}

/** The folder the trace files are read from: `TRACES_DIR` when set, else data/traces. */
export function tracesDir(): string {
  return process.env.TRACES_DIR || CORPUS_DIR;
}

/** Every trace of the manifest, in its order. */
export function corpus(): CorpusTrace[] {
  const manifest = JSON.parse(readFileSync(CORPUS_MANIFEST, 'utf8')) as { traces: CorpusTrace[] };
  for (const t of manifest.traces) {
    if (t.set !== 'benchmark' && t.set !== 'unseen') throw new Error(`${CORPUS_MANIFEST}: ${t.file} has unknown set ${t.set}`);
  }
  return manifest.traces;
}

/** The file names of one set's traces, sorted (the order the bench has always used). */
export function corpusTraces(set: TraceSet): string[] {
  return corpus().filter((t) => t.set === set).map((t) => t.file).sort();
}
