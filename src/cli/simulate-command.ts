/**
 * `dynamic-scaling simulate`: replays a traffic trace through a custom policy (via the engine)
 * and the options it is compared with, prints the numbers (or JSON) and writes the HTML report.
 * Exit 0; 1 for a usage error, an unreadable file or a malformed trace; 2 for an invalid policy.
 */
import { promises as fs } from 'fs';
import { CliIo, Command, ParsedArgs, registerCommand, UsageError } from './registry';
import {
  EnginePolicy, formatConfigProblem, matchTableRule, PRESETS, readPolicyText,
  DEFAULT_GUARD_CHECK_INTERVAL_SECONDS, DEFAULT_TARGET_UTILIZATION, MAX_TARGET_UTILIZATION, MIN_TARGET_UTILIZATION, validateTargetTracking,
} from '../engine';
import { DEFAULT_CLOUDWATCH_DELAY_SECONDS } from '../sim/cloudwatch';
import { Prices, pricesFromEnvironment, SimDimension } from '../sim/cost';
import { DEFAULT_UPDATE_DELAY_SECONDS } from '../sim/dynamodb-capacity';
import { simTableName } from '../sim/engine-run';
import { renderReport, SUMMARY_COLUMNS } from '../sim/report';
import { PolicySpec, simulate, SimulationReport } from '../sim/simulate';
import { loadTrace, TraceError } from '../sim/trace';

const USAGE = `usage: dynamic-scaling simulate --trace FILE.csv [--policy POLICY.json | --dd-config FILE.conf | --preset NAME]
                                 [--compare native,on-demand,oracle] [--dimension read|write]
                                 [--out report.html] [--json]

  --trace FILE.csv        timestamp,value rows (ISO-8601 UTC); scaled to a mean of 100 units/s
  --policy POLICY.json    a custom policy (the engine's EnginePolicy; omitted options take their defaults)
  --dd-config FILE.conf   a dynamic-dynamodb.conf
  --preset NAME           ${Object.keys(PRESETS).join(' | ')} (default: recommended)
  --compare LIST          any of native (${DEFAULT_TARGET_UTILIZATION} %), native:<target>, native:<target>:mean,
                          native:<target>:latest, hybrid:<target>:<checks>[:idle], on-demand, oracle
                          and the presets, comma-separated, or none (default: native,on-demand,oracle).
                          :mean (the default) sizes a target-tracking scale-out from the mean of its
                          alarm's datapoints, :latest from the latest one (a hybrid takes it last too:
                          hybrid:70:3:latest). hybrid: target tracking whose scale-in the guards
                          (checked every ${DEFAULT_GUARD_CHECK_INTERVAL_SECONDS / 60} minutes) hold until <checks> consecutive low checks
                          (0: never held); :idle also lowers an idle table to its minimum
  --dimension read|write  prices and options of that dimension (default: read)
  --out FILE.html         write the report (self-contained HTML)
  --json                  print { results, advice, ... } as JSON instead of a table
  --table NAME            the simulated table's name, for policies that name tables
  --scale-mean N          scale the trace to a mean of N units/s (default: 100)
  --no-scale              each value is the units consumed in its interval
  --interval SECONDS      the interval a row covers (default: the most common gap)
  --initial-capacity N    capacity every provisioned policy starts with
  --update-delay S        seconds until an UpdateTable applies (default: ${DEFAULT_UPDATE_DELAY_SECONDS})
  --cloudwatch-delay S    seconds until a datapoint is visible (default: ${DEFAULT_CLOUDWATCH_DELAY_SECONDS})
  --retry-attempts N      retries of a throttled request (default: 0)
  --price-rcu-hour USD, --price-wcu-hour USD, --price-read-million USD, --price-write-million USD
                          (they override the PRICE_* environment variables; every price, running costs
                          included, is in docs/simulator.md#prices)
`;

/** Thrown for a policy that cannot be used; the CLI exits with 2. */
class PolicyError extends Error {
  constructor(message: string, public readonly problems: string[] = []) {
    super(message);
  }
}

function numberOption(args: ParsedArgs, name: string, min: number, exclusive = false): number | undefined {
  const raw = args.options[name];
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value) || value < min || (exclusive && value === min)) {
    throw new UsageError(`--${name} must be a number ${exclusive ? '>' : '>='} ${min}, got '${raw}'`);
  }
  return value;
}

/** Parses `--compare`: the specs and, for native and hybrid, the bounds of the custom policy. */
export function parseCompare(list: string, bounds: { min: number; max: number }): PolicySpec[] {
  if (list.trim() === 'none') return [];
  return list.split(',').map((s) => s.trim()).filter((s) => s !== '').map((item): PolicySpec => {
    const native = /^native(?::(\d+(?:\.\d+)?)(?::(mean|latest))?)?$/.exec(item);
    if (native) {
      const target = native[1] === undefined ? DEFAULT_TARGET_UTILIZATION : Number(native[1]);
      if (validateTargetTracking('', { targetUtilizationPercent: target }).length > 0) {
        throw new UsageError(`--compare ${item}: the target utilization must be ${MIN_TARGET_UTILIZATION}-${MAX_TARGET_UTILIZATION} %`);
      }
      const sizing = native[2] === 'latest' ? 'latest' : 'mean';
      // Named as given (`native:70:mean` stays explicit); a bare `native` is `native:70`.
      const name = `native:${target}${native[2] === undefined ? '' : `:${native[2]}`}`;
      return { kind: 'native', name, targetUtilizationPercent: target, scaleOutSizing: sizing, minCapacity: bounds.min, maxCapacity: bounds.max };
    }
    if (/^hybrid(?::|$)/.test(item)) return parseHybrid(item, bounds);
    if (item === 'on-demand') return { kind: 'on-demand' };
    if (item === 'oracle') return { kind: 'oracle' };
    if (PRESETS[item]) return { kind: 'custom', name: item, policy: PRESETS[item] };
    throw new UsageError(`--compare: unknown option '${item}' (native, native:<target>, native:<target>:mean, native:<target>:latest, `
      + `hybrid:<target>:<checks>[:idle], on-demand, oracle, ${Object.keys(PRESETS).join(', ')})`);
  });
}

/** `hybrid:<target>:<checks>[:idle][:mean|:latest]`: target tracking with the scale-in guards, named as given. */
function parseHybrid(item: string, bounds: { min: number; max: number }): PolicySpec {
  const hybrid = /^hybrid:(\d+(?:\.\d+)?):(\d+)(:idle)?(?::(mean|latest))?$/.exec(item);
  if (!hybrid) {
    throw new UsageError(`--compare: '${item}' is not hybrid:<target>:<checks>[:idle] (e.g. hybrid:70:3 or hybrid:70:0:idle; `
      + '<checks> is a whole number of consecutive low checks, 0 or more)');
  }
  const target = Number(hybrid[1]);
  if (validateTargetTracking('', { targetUtilizationPercent: target }).length > 0) {
    throw new UsageError(`--compare ${item}: the target utilization must be ${MIN_TARGET_UTILIZATION}-${MAX_TARGET_UTILIZATION} %`);
  }
  const checks = Number(hybrid[2]);
  return {
    kind: 'hybrid',
    // Named as given, the numbers as native's are: `hybrid:70:03` is `hybrid:70:3`.
    name: `hybrid:${target}:${checks}${hybrid[3] ?? ''}${hybrid[4] === undefined ? '' : `:${hybrid[4]}`}`,
    targetUtilizationPercent: target,
    scaleOutSizing: hybrid[4] === 'latest' ? 'latest' : 'mean',
    minCapacity: bounds.min,
    maxCapacity: bounds.max,
    guards: { consecutiveLowChecks: checks, scaleInWhenIdle: hybrid[3] !== undefined },
  };
}

async function loadPolicy(args: ParsedArgs, io: CliIo): Promise<{ name: string; policy: EnginePolicy; warnings: string[] }> {
  const given = ['policy', 'dd-config', 'preset'].filter((o) => args.options[o] !== undefined);
  if (given.length > 1) throw new UsageError(`give only one of --policy, --dd-config and --preset (got --${given.join(', --')})`);
  const policyPath = args.options.policy;
  const ddPath = args.options['dd-config'];
  const path = policyPath ?? ddPath;
  if (path !== undefined) {
    const json = policyPath !== undefined;
    const read = readPolicyText(await io.readFile(path), json ? 'json' : 'dd-config');
    if (read.malformed !== undefined) throw new PolicyError(`${path}: ${read.malformed}`);
    if (!read.policy) throw new PolicyError(`${path}: invalid ${json ? 'policy' : 'configuration'}`, read.errors.map(formatConfigProblem));
    return {
      name: json ? path.replace(/^.*[\\/]/, '').replace(/\.json$/, '') : path.replace(/^.*[\\/]/, ''),
      policy: read.policy,
      warnings: read.warnings.map((w) => `${path}: warning: ${formatConfigProblem(w)}`),
    };
  }
  const preset = args.options.preset ?? 'recommended';
  const policy = PRESETS[preset];
  if (!policy) throw new UsageError(`--preset: unknown preset '${preset}' (${Object.keys(PRESETS).join(', ')})`);
  return { name: preset, policy, warnings: [] };
}

/** The `--json` document. */
export function simulationToJson(sim: SimulationReport): unknown {
  return {
    results: sim.results.map(({ kind: _kind, ...r }) => r),
    advice: sim.advice ?? null,
    dimension: sim.dimension,
    trace: sim.trace,
    initialCapacity: sim.initialCapacity,
    prices: sim.prices,
    notes: sim.notes,
  };
}

function table(sim: SimulationReport): string {
  const head = SUMMARY_COLUMNS.map(([, h]) => h);
  const rows = sim.results.map((r) => SUMMARY_COLUMNS.map(([key]) => {
    const v = (r as unknown as Record<string, number | string>)[key];
    return key === 'costUsd' || key === 'runningCostUsd' ? (v as number).toFixed(4) : String(v);
  }));
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(head), ...rows.map(line)].join('\n');
}

async function run(args: ParsedArgs, io: CliIo): Promise<number> {
  const tracePath = args.options.trace;
  if (!tracePath || args.positionals.length > 0) throw new UsageError(args.positionals.length > 0 ? `unexpected argument '${args.positionals[0]}'` : '--trace is required');
  const dimension = (args.options.dimension ?? 'read') as SimDimension;
  if (dimension !== 'read' && dimension !== 'write') throw new UsageError(`--dimension must be read or write, got '${dimension}'`);
  const scaleMean = numberOption(args, 'scale-mean', 0, true);
  const env = (io as CliIo & { env?: Readonly<Record<string, string | undefined>> }).env ?? process.env;
  let fromEnvironment: Partial<Prices>;
  try {
    fromEnvironment = pricesFromEnvironment(env);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const prices: Partial<Prices> = {
    ...fromEnvironment,
    ...(args.options['price-rcu-hour'] !== undefined ? { rcuHour: numberOption(args, 'price-rcu-hour', 0) } : {}),
    ...(args.options['price-wcu-hour'] !== undefined ? { wcuHour: numberOption(args, 'price-wcu-hour', 0) } : {}),
    ...(args.options['price-read-million'] !== undefined ? { readRequestMillion: numberOption(args, 'price-read-million', 0) } : {}),
    ...(args.options['price-write-million'] !== undefined ? { writeRequestMillion: numberOption(args, 'price-write-million', 0) } : {}),
  };
  const initialCapacity = numberOption(args, 'initial-capacity', 1);
  const updateDelaySeconds = numberOption(args, 'update-delay', 0);
  const cloudWatchDelay = numberOption(args, 'cloudwatch-delay', 0);
  const retryAttempts = numberOption(args, 'retry-attempts', 0);
  const intervalSeconds = numberOption(args, 'interval', 0, true);

  let custom: { name: string; policy: EnginePolicy; warnings: string[] };
  try {
    custom = await loadPolicy(args, io);
  } catch (e) {
    if (!(e instanceof PolicyError)) throw e;
    io.stderr.write(`dynamic-scaling simulate: ${e.message}${e.problems.length ? ':' : ''}\n`);
    for (const p of e.problems) io.stderr.write(`  ${p}\n`);
    return 2;
  }
  for (const w of custom.warnings) io.stderr.write(`${w}\n`);
  const tableName = args.options.table ?? simTableName(custom.policy);
  const target = matchTableRule(custom.policy, tableName)?.policy;
  if (!target) {
    io.stderr.write(`dynamic-scaling simulate: the policy has no table rule matching the simulated table "${tableName}"; name the table with --table\n`);
    return 2;
  }
  const dim = dimension === 'read' ? target.reads : target.writes;
  const compare = parseCompare(args.options.compare ?? 'native,on-demand,oracle', { min: dim.min, max: dim.max });

  let text: string;
  try {
    text = await io.readFile(tracePath);
  } catch (e) {
    io.stderr.write(`dynamic-scaling simulate: ${(e as Error).message}\n`);
    return 1;
  }
  let trace;
  try {
    trace = loadTrace(text, { scaleToMean: args.options['no-scale'] ? false : scaleMean, intervalSeconds });
  } catch (e) {
    if (!(e instanceof TraceError)) throw e;
    io.stderr.write(`${tracePath}: ${e.message}\n`);
    return 1;
  }
  const outPath = args.options.out;
  const sim = simulate(trace, [{ kind: 'custom', name: custom.name, policy: custom.policy, tableName }, ...compare], {
    dimension,
    prices,
    initialCapacity,
    table: { updateDelaySeconds, retryAttempts },
    cloudWatch: { delaySeconds: cloudWatchDelay },
    oracleMinCapacity: dim.min,
    oracleMaxCapacity: dim.max,
    keepTimelines: outPath !== undefined,
  });
  if (outPath !== undefined) {
    const html = renderReport(sim, trace.load, { title: tracePath.replace(/^.*[\\/]/, '') });
    const writeFile = (io as CliIo & { writeFile?: (p: string, d: string) => Promise<void> }).writeFile ?? ((p: string, d: string) => fs.writeFile(p, d, 'utf8'));
    await writeFile(outPath, html);
  }
  if (args.options.json) {
    io.stdout.write(`${JSON.stringify(simulationToJson(sim), null, 2)}\n`);
  } else {
    io.stdout.write(`${table(sim)}\n\n${sim.advice?.text ?? 'Every option throttles on this trace.'}\n`);
    for (const n of sim.notes) io.stdout.write(`note: ${n}\n`);
    if (outPath !== undefined) io.stdout.write(`report: ${outPath}\n`);
  }
  return 0;
}

/** `dynamic-scaling simulate`. */
export const simulateCommand: Command = {
  name: 'simulate',
  summary: 'replay a traffic trace: cost and throttling of a policy vs target tracking, on-demand, the oracle',
  usage: USAGE,
  valueOptions: [
    'trace', 'policy', 'dd-config', 'preset', 'compare', 'dimension', 'out', 'table', 'scale-mean', 'interval',
    'initial-capacity', 'update-delay', 'cloudwatch-delay', 'retry-attempts',
    'price-rcu-hour', 'price-wcu-hour', 'price-read-million', 'price-write-million',
  ],
  flagOptions: ['json', 'no-scale'],
  run,
};

registerCommand(simulateCommand);
