/**
 * Engine speed: dimension decisions per second on one core for a table with 5 GSIs, and the
 * time to replay a month of per-minute traffic (NASA HTTP, July 1995) through `decide` with a
 * fixed capacity. Targets: at least 1 million dimension decisions per second; the replay under
 * one second.
 */
import { existsSync, readFileSync } from 'fs';
import { join } from 'path';
import { tracesDir } from './corpus';
import { printTable } from './table';
import { decide, DecideInput, EngineState, MetricSums, TableSnapshot } from '../src/engine/core/decide';
import { DEFAULT_DIMENSION_POLICY, DEFAULT_TARGET_POLICY, EnginePolicy, TargetPolicy } from '../src/engine/core/policy';

const GSIS = ['g1', 'g2', 'g3', 'g4', 'g5'];
/** The replayed trace, a benchmark trace of data/traces (data/traces/corpus.json). */
const TRACE = 'nasa_http_jul95.csv';

function targetPolicy(): TargetPolicy {
  const d = { ...DEFAULT_DIMENSION_POLICY, min: 5, max: 10000, checksBeforeScaleDown: 3, throttledUpperThreshold: 10 };
  return { ...DEFAULT_TARGET_POLICY, reads: d, writes: d };
}

function policyWith(gsis: string[]): EnginePolicy {
  return {
    checkIntervalSeconds: 60,
    tables: [{ tablePattern: '^bench$', policy: targetPolicy(), gsis: gsis.length ? [{ indexPattern: '^g', policy: targetPolicy() }] : [] }],
  };
}

function table(gsis: string[], read: number, write: number): Record<string, TableSnapshot> {
  return { bench: { read, write, status: 'ACTIVE', gsis: Object.fromEntries(gsis.map((g) => [g, { read, write, status: 'ACTIVE' }])) } };
}

function sums(gsis: string[], unitsPerSecond: number | undefined, secs: number): Record<string, MetricSums> {
  const s: MetricSums = unitsPerSecond === undefined ? {} : {
    ConsumedReadCapacityUnits: unitsPerSecond * secs,
    ConsumedWriteCapacityUnits: unitsPerSecond * secs * 0.5,
    ReadThrottleEvents: unitsPerSecond > 150 ? (unitsPerSecond - 150) * secs : 0,
  };
  const out: Record<string, MetricSums> = { bench: s };
  for (const g of gsis) out[`bench:${g}`] = s;
  return out;
}

/** Decisions per second for one table with 5 GSIs (12 dimension decisions per call). */
function throughput(explain: boolean): { calls: number; seconds: number } {
  const policy = policyWith(GSIS);
  const tables = table(GSIS, 100, 100);
  // Loads from 0 to 150%, so every rule path is taken.
  const inputs: DecideInput[] = Array.from({ length: 64 }, (_, i) => ({
    nowMs: Date.UTC(2017, 7, 12, 12) + i * 60_000,
    policy,
    tables,
    metricSums: sums(GSIS, (i * 150) / 64, 300),
    state: { counters: { tables: {}, gsis: {} } },
    explain,
  }));
  let state: EngineState = inputs[0].state;
  for (let i = 0; i < 20_000; i++) state = decide({ ...inputs[i % 64], state }).state; // warm up
  const start = process.hrtime.bigint();
  let calls = 0;
  let elapsed = 0;
  while (elapsed < 1.5) {
    for (let i = 0; i < 10_000; i++) state = decide({ ...inputs[i % 64], state }).state;
    calls += 10_000;
    elapsed = Number(process.hrtime.bigint() - start) / 1e9;
  }
  return { calls, seconds: elapsed };
}

/** The replayed trace's path (data/traces, or `TRACES_DIR` when set), undefined when it is missing. */
export function traceFile(): string | undefined {
  const file = join(tracesDir(), TRACE);
  return existsSync(file) ? file : undefined;
}

/** Replays the trace minute by minute through `decide` with a fixed capacity. */
function replay(file: string, gsis: string[]): { minutes: number; seconds: number; updates: number } {
  const rows = readFileSync(file, 'utf8').trim().split('\n').slice(1).map((l) => {
    const [ts, v] = l.split(',');
    return [Date.parse(ts), Number(v)] as const;
  });
  const mean = rows.reduce((a, [, v]) => a + v, 0) / rows.length;
  const first = rows[0][0];
  const minutes = Math.round((rows[rows.length - 1][0] - first) / 60_000) + 1;
  // Units per second per minute (benchmark convention: mean load 100 units/s); NaN marks a gap.
  const load = new Float64Array(minutes).fill(NaN);
  for (const [t, v] of rows) load[Math.round((t - first) / 60_000)] = (v * 100) / mean;
  const policy = policyWith(gsis);
  const tables = table(gsis, 150, 150);
  let state: EngineState = { counters: { tables: {}, gsis: {} } };
  let updates = 0;
  const start = process.hrtime.bigint();
  for (let m = 15; m < minutes; m++) {
    // dd's default window: from 15 to 10 minutes before the check, one 300 s Sum.
    let total = 0;
    let seen = false;
    for (let k = m - 15; k < m - 10; k++) {
      if (!Number.isNaN(load[k])) {
        total += load[k] * 60;
        seen = true;
      }
    }
    const out = decide({
      nowMs: first + m * 60_000,
      policy,
      tables,
      state,
      explain: false,
      metricSums: sums(gsis, seen ? total / 300 : undefined, 300),
    });
    state = out.state;
    updates += out.updates.length;
  }
  return { minutes: minutes - 15, seconds: Number(process.hrtime.bigint() - start) / 1e9, updates };
}

/** Prints the engine's line of `npm run bench`. */
export async function run(): Promise<void> {
  console.log('engine (one core)');
  const rows: string[][] = [['measure', 'value', 'target']];
  for (const explain of [true, false]) {
    const { calls, seconds } = throughput(explain);
    const perSecond = (calls * 12) / seconds;
    rows.push([
      `dimension decisions/s, table + 5 GSIs, reasons ${explain ? 'on' : 'off'}`,
      `${(perSecond / 1e6).toFixed(2)} M (${Math.round(calls / seconds).toLocaleString('en-US')} checks/s)`,
      '>= 1 M',
    ]);
  }
  const file = traceFile();
  if (!file) {
    rows.push([`replay ${TRACE}`, `trace not found in ${tracesDir()}`, '< 1 s']);
  } else {
    for (const gsis of [[], GSIS]) {
      const r = replay(file, gsis);
      rows.push([
        `replay ${TRACE}, ${r.minutes.toLocaleString('en-US')} checks (1/min), table${gsis.length ? ' + 5 GSIs' : ''}`,
        `${(r.seconds * 1000).toFixed(0)} ms`,
        '< 1 s',
      ]);
    }
  }
  printTable(rows);
}
