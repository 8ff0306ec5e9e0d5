/**
 * `dynamic-scaling trace`: a table's (or GSI's) consumed capacity from CloudWatch, as the
 * `timestamp,value` trace CSV `simulate --trace` reads (src/sim/trace.ts), so users simulate on
 * their own traffic (docs/cli.md). The CloudWatch reads run in the scaler bundle the package ships,
 * which holds the AWS SDK (as `run` does); a checkout without a build runs their source.
 * Exit 0; 1 for a usage error, no datapoints, or a read AWS refused or could not answer.
 */
import { promises as fs } from 'fs';
import { CliIo, Command, ParsedArgs, registerCommand, UsageError } from './registry';
import { loadScalerRuntime } from './scaler-runtime';
import type { TraceMetricSeries, TraceRuntime } from './trace-contract';

/** How long CloudWatch keeps each resolution, in days, finest first. */
export const RESOLUTIONS: ReadonlyArray<{ readonly periodSeconds: number; readonly retentionDays: number }> = [
  { periodSeconds: 60, retentionDays: 15 },
  { periodSeconds: 300, retentionDays: 63 },
  { periodSeconds: 3600, retentionDays: 455 },
];

/** The longest `--days`: CloudWatch's retention of hourly datapoints. */
export const MAX_DAYS = 455;
/** The default `--days`: the longest span CloudWatch keeps at one minute. */
export const DEFAULT_DAYS = 15;
/** The window ends this long ago: the last minutes' datapoints may not be published yet. */
export const PUBLISH_DELAY_MS = 5 * 60_000;

/** A day of CloudWatch retention (not the decrease quota's UTC day, which the engine owns). */
const DAY_MS = 24 * 60 * 60_000;

const USAGE = `usage: dynamic-scaling trace --table NAME [--index NAME] --dimension read|write [--days N]
                           [--output FILE.csv] [--region R]

  --table NAME            the table
  --index NAME            one of its global secondary indexes (default: the table itself)
  --dimension read|write  ConsumedReadCapacityUnits or ConsumedWriteCapacityUnits
  --days N                the last N days, 1-${MAX_DAYS} (default: ${DEFAULT_DAYS}): 1-minute rows up to 15 days,
                          5-minute rows up to 63, hourly rows beyond (what CloudWatch keeps)
  --output FILE.csv       write the trace there (default: stdout)
  --region R              the AWS region (default: the SDK's chain, AWS_REGION)

Each row is the capacity units consumed in its interval (unscaled); an interval with no datapoint
is written as 0. Simulate it with \`dynamic-scaling simulate --trace FILE.csv --no-scale\`.
Credentials and endpoints come from the AWS SDK's environment (AWS_PROFILE, AWS_ENDPOINT_URL,
AWS_ENDPOINT_URL_CLOUDWATCH, …). Exit 0; 1 for a usage error, no datapoints, or a failed read.
`;

/** The finest period CloudWatch keeps for the whole of the last `days` days. */
export function periodForDays(days: number): number {
  const r = RESOLUTIONS.find((res) => days <= res.retentionDays);
  if (!r) throw new UsageError(`--days must be at most ${MAX_DAYS} (CloudWatch's retention), got ${days}`);
  return r.periodSeconds;
}

/**
 * The `[startMs, endMs)` window of the last `days` days at `periodSeconds`: it ends on a period
 * boundary at least {@link PUBLISH_DELAY_MS} ago, and starts no earlier than CloudWatch keeps
 * that resolution (so `--days 15` at one minute is 15 days less the delay).
 */
export function traceWindow(days: number, periodSeconds: number, nowMs: number): { startMs: number; endMs: number } {
  const periodMs = periodSeconds * 1000;
  const retentionDays = RESOLUTIONS.find((r) => r.periodSeconds === periodSeconds)!.retentionDays;
  const endMs = Math.floor((nowMs - PUBLISH_DELAY_MS) / periodMs) * periodMs;
  const oldestKept = Math.ceil((nowMs - retentionDays * DAY_MS) / periodMs) * periodMs;
  return { startMs: Math.max(endMs - days * DAY_MS, oldestKept), endMs };
}

/** An ISO-8601 UTC timestamp without milliseconds: `2026-12-03T12:00:00Z`. */
function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.000Z$/, 'Z');
}

/**
 * The trace CSV of `points` (period start to Sum): one row per period from the first datapoint to
 * the last, a period without a datapoint written as 0 (CloudWatch publishes none for an idle one).
 *
 * @returns the CSV and how many rows were filled with 0
 */
export function traceCsv(points: ReadonlyArray<readonly [number, number]>, periodSeconds: number): { csv: string; rows: number; filled: number } {
  const periodMs = periodSeconds * 1000;
  const lines = ['timestamp,value'];
  let filled = 0;
  for (let i = 0; i < points.length; i++) {
    if (i > 0) {
      for (let t = points[i - 1][0] + periodMs; t < points[i][0]; t += periodMs) {
        lines.push(`${iso(t)},0`);
        filled++;
      }
    }
    lines.push(`${iso(points[i][0])},${points[i][1]}`);
  }
  return { csv: `${lines.join('\n')}\n`, rows: lines.length - 1, filled };
}


function daysOption(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_DAYS;
  if (!/^\d+$/.test(raw.trim()) || Number(raw) < 1) throw new UsageError(`--days must be a whole number of days >= 1, got '${raw}'`);
  return Number(raw);
}

async function run(args: ParsedArgs, io: CliIo): Promise<number> {
  if (args.positionals.length > 0) throw new UsageError(`unexpected argument '${args.positionals[0]}'`);
  const o = args.options;
  if (o.table === undefined || o.table === '') throw new UsageError('--table is required');
  if (o.index === '') throw new UsageError('--index needs an index name');
  if (o.dimension === undefined) throw new UsageError('--dimension is required (read or write)');
  if (o.dimension !== 'read' && o.dimension !== 'write') throw new UsageError(`--dimension must be read or write, got '${o.dimension}'`);
  const days = daysOption(o.days);
  const periodSeconds = periodForDays(days);
  const { startMs, endMs } = traceWindow(days, periodSeconds, Date.now());
  const kind = o.dimension === 'read' ? 'Read' : 'Write';
  const consumedMetric = `Consumed${kind}CapacityUnits`;
  const throttleMetric = `${kind}ThrottleEvents`;
  const subject = `table ${o.table}${o.index !== undefined ? ` index ${o.index}` : ''}`;

  let series: TraceMetricSeries[];
  try {
    ({ series } = await loadScalerRuntime<TraceRuntime>('aws/cloudwatch-trace', 'readTraceMetrics').readTraceMetrics({
      table: o.table,
      index: o.index,
      metrics: [consumedMetric, throttleMetric],
      periodSeconds,
      startMs,
      endMs,
      region: o.region,
    }));
  } catch (e) {
    if ((e as Error | null)?.name !== 'TraceReadError') throw e;
    io.stderr.write(`dynamic-scaling trace: ${(e as Error).message}\n`);
    return 1;
  }
  const [consumed, throttles] = series;
  if (consumed.points.length === 0) {
    io.stderr.write(`dynamic-scaling trace: no ${consumedMetric} datapoints for ${subject} from ${iso(startMs)} to ${iso(endMs)}`
      + `${o.region !== undefined ? ` in ${o.region}` : ''} (is the name right, in this account and region, and did it have traffic?); nothing written\n`);
    return 1;
  }
  const { csv, rows, filled } = traceCsv(consumed.points, periodSeconds);
  const out = o.output;
  if (out !== undefined) {
    const writeFile = (io as CliIo & { writeFile?: (p: string, d: string) => Promise<void> }).writeFile ?? ((p: string, d: string) => fs.writeFile(p, d, 'utf8'));
    try {
      await writeFile(out, csv);
    } catch (e) {
      io.stderr.write(`dynamic-scaling trace: ${(e as Error).message}\n`);
      return 1;
    }
  } else {
    io.stdout.write(csv);
  }

  const first = consumed.points[0][0];
  const last = consumed.points[consumed.points.length - 1][0];
  const file = out ?? 'FILE.csv';
  const tell = (line: string) => io.stderr.write(`dynamic-scaling trace: ${line}\n`);
  tell(`${rows} rows of ${periodSeconds} s, ${iso(first)} to ${iso(last + periodSeconds * 1000)}: ${consumedMetric} (Sum) of ${subject}${out !== undefined ? `, written to ${out}` : ''}`);
  if (filled > 0) tell(`${filled} interval(s) without a datapoint (idle) are written as 0`);
  const throttled = throttles.points.filter(([, v]) => v > 0);
  if (throttled.length > 0) {
    const events = throttled.reduce((s, [, v]) => s + v, 0);
    tell(`${events} ${throttleMetric} in ${throttled.length} interval(s): the trace is the capacity consumed, so it understates the demand there`);
  }
  tell(`the values are consumed ${o.dimension} units per interval, unscaled; simulate them as they are with:`);
  io.stderr.write(`  dynamic-scaling simulate --trace ${file} --dimension ${o.dimension} --no-scale\n`);
  return 0;
}

/** `dynamic-scaling trace`. */
export const traceCommand: Command = {
  name: 'trace',
  summary: 'pull a table\'s consumed capacity from CloudWatch into a trace CSV for simulate',
  usage: USAGE,
  valueOptions: ['table', 'index', 'dimension', 'days', 'output', 'region'],
  run,
};

registerCommand(traceCommand);
