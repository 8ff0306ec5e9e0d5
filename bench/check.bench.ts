/**
 * The check protocol: dimension decisions per second through the driver (describe, read, decide,
 * send, settle, answered by a synchronous in-memory host) next to `decide` alone on the same
 * loads, and the encoded state unit per table with 0, 5 and 20 GSIs. Goals: the driver keeps
 * 1 M dimension decisions per second per core; a unit fits comfortably in one DynamoDB item
 * (400 KB).
 */
import { markdownTable, printTable } from './table';
import {
  CheckAnswer, CheckRequest, DEFAULT_DIMENSION_POLICY, DEFAULT_TARGET_POLICY, EnginePolicy, encodeTableState, MetricSums, runCheckSync,
  TableSnapshot, TableState, TargetPolicy, TargetState,
} from '../src/engine';
import { decide } from '../src/engine/core/decide';

const GSIS = ['g1', 'g2', 'g3', 'g4', 'g5'];
const NOW = Date.UTC(2017, 7, 12, 12);
const LOADS = 64;

function targetPolicy(): TargetPolicy {
  const d = { ...DEFAULT_DIMENSION_POLICY, min: 5, max: 10000, checksBeforeScaleDown: 3, throttledUpperThreshold: 10 };
  return { ...DEFAULT_TARGET_POLICY, reads: d, writes: d };
}

const POLICY: EnginePolicy = {
  checkIntervalSeconds: 60,
  tables: [{ tableName: 'bench', policy: targetPolicy(), gsis: [{ indexPattern: '^g', policy: targetPolicy() }] }],
};
const SNAPSHOT: TableSnapshot = {
  read: 100, write: 100, status: 'ACTIVE', gsis: Object.fromEntries(GSIS.map((g) => [g, { read: 100, write: 100, status: 'ACTIVE' }])),
};

/** Loads from 0 to 150 % so every rule path is taken; the same sums for the table and each GSI. */
function sumsAt(i: number): MetricSums {
  const unitsPerSecond = (i * 150) / LOADS;
  return {
    ConsumedReadCapacityUnits: unitsPerSecond * 300,
    ConsumedWriteCapacityUnits: unitsPerSecond * 150,
    ReadThrottleEvents: unitsPerSecond > 150 ? (unitsPerSecond - 150) * 300 : 0,
  };
}

/** Checks per second and seconds spent, running `check` for about 1.5 s after a warm-up. */
function measure(check: (i: number) => void): { calls: number; seconds: number } {
  for (let i = 0; i < 20_000; i++) check(i);
  const start = process.hrtime.bigint();
  let calls = 0;
  let seconds = 0;
  while (seconds < 1.5) {
    for (let i = 0; i < 10_000; i++) check(calls + i);
    calls += 10_000;
    seconds = Number(process.hrtime.bigint() - start) / 1e9;
  }
  return { calls, seconds };
}

function decideAlone(explain: boolean): { calls: number; seconds: number } {
  let state = { counters: { tables: {}, gsis: {} } };
  const tables = { bench: SNAPSHOT };
  return measure((i) => {
    const sums = sumsAt(i % LOADS);
    const metricSums: Record<string, MetricSums> = { bench: sums };
    for (const g of GSIS) metricSums[`bench:${g}`] = sums;
    state = decide({ nowMs: NOW + i * 60_000, policy: POLICY, tables, metricSums, state, explain }).state;
  });
}

export function throughDriver(explain: boolean): { calls: number; seconds: number } {
  let unit: TableState | undefined;
  return measure((i) => {
    const sums = sumsAt(i % LOADS);
    const answer = (r: CheckRequest): CheckAnswer => {
      switch (r.kind) {
        case 'describe-table': return { id: r.id, kind: r.kind, outcome: 'ok', snapshot: SNAPSHOT };
        case 'metrics': return { id: r.id, kind: r.kind, outcome: 'ok', values: sums };
        case 'circuit-breaker': return { id: r.id, kind: r.kind, result: { status: 200 } };
        case 'claim-state': return { id: r.id, kind: r.kind, outcome: 'ok' };
        case 'update-capacity': return { id: r.id, kind: r.kind, outcome: 'ok' };
        default: throw new Error(`the benchmark's policy asks for no ${r.kind}`);
      }
    };
    const result = runCheckSync(
      { nowMs: NOW + i * 60_000, policy: POLICY, tables: ['bench'], states: { bench: unit }, explain },
      (step) => step.requests.map(answer),
    );
    unit = result.states.bench ?? undefined;
  });
}

/** A target with every state field set, the most a target keeps. */
const FULL_TARGET: TargetState = {
  counters: { reads: 12, writes: 7 },
  alarm: 'high-throughput-alarm:reads,writes',
  throttleCountedUntil: { reads: NOW - 600_000, writes: NOW - 600_000 },
  lookbackShift: { minutes: 2, published: 9 },
  lowChecksPeak: { reads: { unitsPerSecond: 1234.567891, atMs: NOW }, writes: { unitsPerSecond: 89.012345, atMs: NOW } },
};

/** Bytes of the encoded unit of a table with `gsis` GSIs named like real ones (`by-customer-and-date-00`). */
function unitBytes(gsis: number, target: TargetState): number {
  const unit: TableState = {
    table: target,
    gsis: Object.fromEntries(Array.from({ length: gsis }, (_, i) => [`by-customer-and-date-${String(i).padStart(2, '0')}`, target])),
  };
  return Buffer.byteLength(encodeTableState(unit), 'utf8');
}

/** The markdown section `npm run bench` writes into docs/benchmarks.md. */
export let markdown = '';

/** Prints the check protocol's table of `npm run bench`. */
export async function run(): Promise<void> {
  console.log('check protocol (one core)');
  const rows: string[][] = [['measure', 'value', 'target']];
  for (const explain of [true, false]) {
    const alone = decideAlone(explain);
    const driven = throughDriver(explain);
    const rate = (r: { calls: number; seconds: number }) => ((r.calls * 12) / r.seconds / 1e6).toFixed(2);
    rows.push([`dimension decisions/s, table + 5 GSIs, reasons ${explain ? 'on' : 'off'}: decide alone`, `${rate(alone)} M`, '']);
    rows.push([`dimension decisions/s, table + 5 GSIs, reasons ${explain ? 'on' : 'off'}: through the driver`, `${rate(driven)} M`, '>= 1 M']);
  }
  for (const gsis of [0, 5, 20]) {
    rows.push([`encoded state unit, table + ${gsis} GSIs, every field set`, `${unitBytes(gsis, FULL_TARGET).toLocaleString('en-US')} B`, '< 400 KB (an item)']);
    rows.push([`encoded state unit, table + ${gsis} GSIs, counters only`, `${unitBytes(gsis, { counters: FULL_TARGET.counters }).toLocaleString('en-US')} B`, '']);
  }
  printTable(rows);
  markdown = [
    '## The check protocol',
    '',
    'Measured by `bench/check.bench.ts` on one core: the driver answered by an in-memory host (every',
    'request of a check: DescribeTable, the metric windows, UpdateTable, then the settle), next to `decide`',
    'alone on the same loads; and the size of one table\'s encoded state unit, the item a host stores.',
    '',
    ...markdownTable(rows),
    '',
  ].join('\n');
}
