/**
 * Traffic traces: the `timestamp,value` CSV files the simulator replays, and their conversion to
 * a per-minute load in capacity units per second.
 *
 * The benchmark convention (data/traces/README.md) scales a trace so that its mean load is
 * 100 units per second: `rate(t) = value(t) * 100 / mean(value)`, spread evenly over the seconds of
 * its interval. A missing row is a gap: no traffic, hence no CloudWatch datapoint.
 */

const MINUTE_MS = 60_000;

/** The benchmark convention's mean load, in capacity units per second. */
export const BENCHMARK_MEAN_UNITS_PER_SECOND = 100;

/** A malformed trace: the message names the line (1-based, the header being line 1). */
export class TraceError extends Error {
  /**
   * @param line the 1-based line of the problem, or 0 when it concerns the whole file
   * @param detail what is wrong
   */
  constructor(public readonly line: number, detail: string) {
    super(line > 0 ? `trace line ${line}: ${detail}` : `trace: ${detail}`);
    this.name = 'TraceError';
  }
}

/** One data row of a trace. */
export interface TraceRow {
  /** Epoch milliseconds (UTC). */
  readonly timeMs: number;
  /** The value exactly as in the file. */
  readonly value: number;
  /** The 1-based line number in the file. */
  readonly line: number;
}

/** How to turn a trace's values into a load. */
export interface TraceLoadOptions {
  /**
   * Scale the values so the mean load is this many units per second (the benchmark convention).
   * When `false`, each value is the number of capacity units consumed during its interval.
   * @default 100
   */
  readonly scaleToMean?: number | false;
  /**
   * The interval each row covers, in seconds.
   * @default - the most common gap between consecutive rows (60 s for a one-row trace)
   */
  readonly intervalSeconds?: number;
}

/** A trace as a load, one entry per UTC minute. */
export interface Trace {
  /** Epoch milliseconds of the first minute (the first row's time, floored to the minute). */
  readonly startMs: number;
  /** Mean load of each minute, in capacity units per second (the load is even within a minute). */
  readonly load: Float64Array;
  /** The interval each row covers, in seconds. */
  readonly intervalSeconds: number;
  /** Number of data rows. */
  readonly rows: number;
  /** The factor applied to a value to get units per second. */
  readonly unitsPerSecondPerValue: number;
}

// ISO-8601 date and time; no zone means UTC, as the traces README states.
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Parses an ISO-8601 UTC timestamp (`2015-02-26T21:42:53Z`; a missing zone means UTC).
 *
 * @returns epoch milliseconds, or undefined when the text is not a valid timestamp
 */
export function parseTimestamp(text: string): number | undefined {
  const m = TIMESTAMP.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const year = Number(y); const month = Number(mo); const day = Number(d);
  const hour = Number(h); const minute = Number(mi); const second = s === undefined ? 0 : Number(s);
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return undefined;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day < 1 || day > daysInMonth) return undefined;
  let ms = Date.UTC(year, month - 1, day, hour, minute, second) + (frac ? Math.round(Number(frac) * 1000) : 0);
  if (zone && zone !== 'Z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    ms -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * MINUTE_MS;
  }
  return ms;
}

/**
 * Reads the rows of a `timestamp,value` CSV. A first line that is not a data row must be the
 * header `timestamp,value`. Blank lines are errors, except at the very end of the file.
 *
 * @throws TraceError for a bad timestamp, a bad or negative value, unsorted or repeated
 *   timestamps, a wrong number of columns, or no data rows at all
 */
export function parseTraceRows(text: string): TraceRow[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1].trim() === '') lines.pop();
  const rows: TraceRow[] = [];
  let first = 0;
  if (lines.length > 0) {
    const header = lines[0].split(',').map((c) => c.trim().toLowerCase());
    if (header.length === 2 && header[0] === 'timestamp' && header[1] === 'value') {
      first = 1;
    } else if (parseTimestamp(lines[0].split(',')[0].trim()) === undefined) {
      throw new TraceError(1, `expected the header "timestamp,value" or a data row, got "${lines[0]}"`);
    }
  }
  for (let i = first; i < lines.length; i++) {
    const line = i + 1;
    const raw = lines[i];
    if (raw.trim() === '') throw new TraceError(line, 'empty line');
    const cols = raw.split(',');
    if (cols.length !== 2) throw new TraceError(line, `expected 2 columns "timestamp,value", got ${cols.length}: "${raw}"`);
    const ts = cols[0].trim();
    const timeMs = parseTimestamp(ts);
    if (timeMs === undefined) {
      throw new TraceError(line, `invalid timestamp "${ts}" (expected ISO-8601 UTC, e.g. 2015-02-26T21:42:53Z)`);
    }
    const vs = cols[1].trim();
    if (!NUMBER.test(vs)) throw new TraceError(line, `invalid value "${vs}" (expected a number)`);
    const value = Number(vs);
    if (value < 0) throw new TraceError(line, `negative value ${vs}`);
    const prev = rows[rows.length - 1];
    if (prev && timeMs <= prev.timeMs) {
      const what = timeMs === prev.timeMs ? 'repeats' : 'is before';
      throw new TraceError(line, `timestamp ${ts} ${what} the previous row's (line ${prev.line}); rows must be sorted with unique timestamps`);
    }
    rows.push({ timeMs, value, line });
  }
  if (rows.length === 0) throw new TraceError(0, 'no data rows');
  return rows;
}

/** The most common gap between consecutive rows, in seconds (the smallest on a tie). */
function inferIntervalSeconds(rows: readonly TraceRow[]): number {
  if (rows.length < 2) return 60;
  const counts = new Map<number, number>();
  for (let i = 1; i < rows.length; i++) {
    const gap = Math.round((rows[i].timeMs - rows[i - 1].timeMs) / 1000);
    counts.set(gap, (counts.get(gap) ?? 0) + 1);
  }
  let best = 0; let bestCount = -1;
  for (const [gap, count] of counts) {
    if (count > bestCount || (count === bestCount && gap < best)) { best = gap; bestCount = count; }
  }
  return best;
}

/**
 * Turns rows into a per-minute load. Each row's rate holds from its timestamp for one interval,
 * or until the next row if that comes sooner; a minute gets the time-weighted mean of the rates
 * that overlap it, so rows that are not aligned to the minute are split exactly.
 *
 * @throws TraceError when the values cannot be scaled (all zero) or the options are invalid
 */
export function traceFromRows(rows: readonly TraceRow[], options: TraceLoadOptions = {}): Trace {
  if (rows.length === 0) throw new TraceError(0, 'no data rows');
  const intervalSeconds = options.intervalSeconds ?? inferIntervalSeconds(rows);
  if (!(intervalSeconds > 0)) throw new TraceError(0, `interval must be positive, got ${intervalSeconds} s`);
  const scaleToMean = options.scaleToMean ?? BENCHMARK_MEAN_UNITS_PER_SECOND;
  let unitsPerSecondPerValue: number;
  if (scaleToMean === false) {
    unitsPerSecondPerValue = 1 / intervalSeconds;
  } else {
    if (!(scaleToMean > 0)) throw new TraceError(0, `the mean to scale to must be positive, got ${scaleToMean}`);
    let sum = 0;
    for (const r of rows) sum += r.value;
    if (sum === 0) throw new TraceError(0, 'every value is 0, so the trace cannot be scaled to a mean load');
    unitsPerSecondPerValue = scaleToMean / (sum / rows.length);
  }

  const intervalMs = intervalSeconds * 1000;
  const startMs = Math.floor(rows[0].timeMs / MINUTE_MS) * MINUTE_MS;
  const last = rows[rows.length - 1];
  const minutes = Math.ceil((last.timeMs + intervalMs - startMs) / MINUTE_MS);
  // Accumulate units per minute, then divide by 60 for the mean rate.
  const load = new Float64Array(minutes);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    const rate = r.value * unitsPerSecondPerValue;
    if (rate === 0) continue;
    const from = r.timeMs - startMs;
    const to = Math.min(from + intervalMs, i + 1 < rows.length ? rows[i + 1].timeMs - startMs : Infinity);
    let m = Math.floor(from / MINUTE_MS);
    let t = from;
    while (t < to) {
      const end = Math.min(to, (m + 1) * MINUTE_MS);
      load[m] += (rate * (end - t)) / 1000;
      t = end;
      m++;
    }
  }
  for (let m = 0; m < minutes; m++) load[m] /= 60;
  return { startMs, load, intervalSeconds, rows: rows.length, unitsPerSecondPerValue };
}

/**
 * Parses a `timestamp,value` CSV and converts it to a per-minute load (see `traceFromRows`).
 *
 * @throws TraceError with the line number of the first problem
 */
export function loadTrace(text: string, options: TraceLoadOptions = {}): Trace {
  return traceFromRows(parseTraceRows(text), options);
}
