/**
 * `dynamic-scaling tune`: searches the `recommended` policy's parameters on the first 70 % of a
 * trace, reports the best on the last 30 % against target tracking, on-demand and the oracle, and
 * prints its policy JSON. The search is src/sim/tune.ts; this file reads, writes and draws progress.
 * Exit 0; 1 for a usage error, an unreadable or malformed trace, a trace too short to split, or an
 * --output that cannot be written.
 */
import { promises as fs } from 'fs';
import { CliIo, Command, ParsedArgs, registerCommand, UsageError } from './registry';
import { policyToJson } from '../engine';
import { Prices, pricesFromEnvironment, SimDimension } from '../sim/cost';
import { SUMMARY_COLUMNS } from '../sim/report';
import { PolicyResult } from '../sim/results';
import { loadTrace, Trace, TraceError } from '../sim/trace';
import {
  DEFAULT_TUNE_BUDGET_SECONDS, MIN_TUNE_MINUTES, SEARCH_SPACE, START_PARAMETERS, tune, TUNE_YARDSTICKS, TuneCandidate, TuneError,
  TuneProgress, TuneResult, TUNED_NAME,
} from '../sim/tune';

const USAGE = `usage: dynamic-scaling tune --trace FILE.csv [--dimension read|write] [--no-scale]
                             [--budget-seconds N] [--output FILE.json]

  --trace FILE.csv        timestamp,value rows (ISO-8601 UTC), at least ${MIN_TUNE_MINUTES} minutes; scaled to a
                          mean of 100 units/s. The search trains on the first 70 %, the report is on the last 30 %
  --dimension read|write  prices and options of that dimension (default: read)
  --no-scale              each value is the units consumed in its interval (a \`dynamic-scaling trace\` file)
  --budget-seconds N      stop searching after N seconds and report the best so far (default: ${DEFAULT_TUNE_BUDGET_SECONDS})
  --output FILE.json      write the tuned policy JSON there (default: stdout, after the report)
`;

/** The clock and the terminal, as tests replace them. */
interface TuneIo extends CliIo {
  readonly now?: () => number;
  readonly env?: Readonly<Record<string, string | undefined>>;
  writeFile?(path: string, data: string): Promise<void>;
}

function pct(a: number, b: number): string {
  return b === 0 ? 'n/a' : `${Math.round((a / b) * 100)} %`;
}

/** One line on the best so far, against the first yardstick. */
function bestText(best: TuneCandidate | undefined, yardstick: PolicyResult | undefined): string {
  if (!best) return '';
  const vs = yardstick ? `, ${best.result.throttledUnits} throttled units (${yardstick.policy}: ${yardstick.throttledUnits})`
    + ` at ${pct(best.result.costUsd, yardstick.costUsd)} of its cost` : '';
  return `best: goal ${best.score.met ? 'met' : 'missed'}${vs}`;
}

/**
 * Progress on stderr: a bar redrawn in place on a terminal, otherwise one line per stage (a log
 * file or CI would fill with carriage returns). Hand-written: the library has no runtime
 * dependency (it is a jsii library, and every runtime dependency is bundled into each target
 * language's package), and a bar of one line does not justify the first one.
 */
function progressReporter(io: TuneIo, budgetMs: number): { update(p: TuneProgress): void; end(): void } {
  const tty = (io.stderr as { isTTY?: boolean }).isTTY === true;
  let drawn = false;
  let lastStage = '';
  return {
    update(p) {
      const yardstick = p.yardsticks?.[0];
      const stage = p.stage === 'search' ? `pass ${p.pass}` : p.stage;
      if (tty) {
        const width = 24;
        const filled = p.stage === 'search' ? Math.round((p.done / p.total) * width) : p.stage === 'holdout' ? width : 0;
        const bar = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
        const line = `tune: ${stage.padEnd(8)} ${bar} ${p.evaluated} candidates, ${Math.round(p.elapsedMs / 1000)}/${Math.round(budgetMs / 1000)} s`
          + ` ${bestText(p.best, yardstick)}`;
        io.stderr.write(`\r${line}\x1b[K`);
        drawn = true;
      } else if (stage !== lastStage) {
        const what = p.stage === 'baseline' ? 'target tracking and the oracle on the training part'
          : p.stage === 'holdout' ? 'the best candidate on the held-out part'
            : `searching, ${p.evaluated} candidate(s) so far, ${Math.round(p.elapsedMs / 1000)} s ${bestText(p.best, yardstick)}`;
        io.stderr.write(`tune: ${stage}: ${what}\n`);
      }
      lastStage = stage;
    },
    end() {
      if (drawn) io.stderr.write('\n');
    },
  };
}

function table(results: readonly PolicyResult[]): string {
  const head = SUMMARY_COLUMNS.map(([, h]) => h);
  const rows = results.map((r) => SUMMARY_COLUMNS.map(([k]) => {
    const v = (r as unknown as Record<string, number | string>)[k];
    return k === 'costUsd' || k === 'runningCostUsd' ? (v as number).toFixed(4) : String(v);
  }));
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(head), ...rows.map(line)].join('\n');
}

function day(ms: number): string {
  return new Date(ms).toISOString().replace(/:\d\d\.\d{3}Z$/, 'Z');
}

/** The report printed before the policy JSON. */
export function tuneReport(result: TuneResult, trace: Trace, budgetSeconds: number): string {
  const { split, best, start } = result;
  const changed = SEARCH_SPACE.filter((d) => best.parameters[d.name] !== START_PARAMETERS[d.name])
    .map((d) => `${d.name} ${START_PARAMETERS[d.name]} -> ${best.parameters[d.name]}`);
  const lines = [
    `Trained on the first ${split.trainingMinutes} minutes (${day(trace.startMs)} to ${day(split.holdoutStartMs)}), `
      + `held out the last ${split.holdoutMinutes}; ${result.dimension}s.`,
    `Searched ${result.candidates.length} candidates in ${result.passes} pass${result.passes === 1 ? '' : 'es'} `
      + `(${(result.searchMs / 1000).toFixed(1)} s)${result.stoppedByBudget
        ? `: stopped by the ${budgetSeconds} s budget, this is the best so far (raise --budget-seconds to search further)` : ', converged'}.`,
    `Training score (the goal against ${TUNE_YARDSTICKS.join(' and ')}): recommended ${start.score.met ? 'meets' : 'misses'} it`
      + ` (objective ${start.score.objective.toFixed(3)}), tuned ${best.score.met ? 'meets' : 'misses'} it (objective ${best.score.objective.toFixed(3)}; lower is better).`,
    `Changed from recommended: ${changed.length > 0 ? changed.join(', ') : 'nothing (the preset is the best candidate)'}.`,
    '',
    `Held out (the last ${split.holdoutMinutes} minutes, never seen by the search):`,
    table(result.holdout.results),
    '',
    ...result.holdoutGoal.map((g) => `Goal vs ${g.yardstick} on the held-out part: tuned ${g.tuned ? 'meets' : 'misses'} it, `
      + `recommended ${g.recommended ? 'meets' : 'misses'} it.`),
    result.holdout.advice?.text ?? 'Every option throttles on the held-out part.',
  ];
  return `${lines.join('\n')}\n`;
}

async function run(args: ParsedArgs, io: TuneIo): Promise<number> {
  const tracePath = args.options.trace;
  if (!tracePath || args.positionals.length > 0) throw new UsageError(args.positionals.length > 0 ? `unexpected argument '${args.positionals[0]}'` : '--trace is required');
  const dimension = (args.options.dimension ?? 'read') as SimDimension;
  if (dimension !== 'read' && dimension !== 'write') throw new UsageError(`--dimension must be read or write, got '${dimension}'`);
  const rawBudget = args.options['budget-seconds'];
  const budgetSeconds = rawBudget === undefined ? DEFAULT_TUNE_BUDGET_SECONDS : Number(rawBudget);
  if (rawBudget !== undefined && (rawBudget.trim() === '' || !Number.isFinite(budgetSeconds) || budgetSeconds <= 0)) {
    throw new UsageError(`--budget-seconds must be a number > 0, got '${rawBudget}'`);
  }
  let prices: Partial<Prices>;
  try {
    prices = pricesFromEnvironment(io.env ?? process.env);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }

  let text: string;
  try {
    text = await io.readFile(tracePath);
  } catch (e) {
    io.stderr.write(`dynamic-scaling tune: ${(e as Error).message}\n`);
    return 1;
  }
  let trace: Trace;
  try {
    trace = loadTrace(text, { scaleToMean: args.options['no-scale'] ? false : undefined });
  } catch (e) {
    if (!(e instanceof TraceError)) throw e;
    io.stderr.write(`${tracePath}: ${e.message}\n`);
    return 1;
  }
  const budgetMs = budgetSeconds * 1000;
  const reporter = progressReporter(io, budgetMs);
  let result: TuneResult;
  try {
    result = tune(trace, { dimension, prices, budgetMs, now: io.now ?? Date.now, onProgress: (p) => reporter.update(p) });
  } catch (e) {
    if (!(e instanceof TuneError)) throw e;
    io.stderr.write(`${tracePath}: ${e.message}\n`);
    return 1;
  }
  reporter.end();
  const json = `${JSON.stringify(policyToJson(result.policy, true), null, 2)}\n`;
  io.stdout.write(tuneReport(result, trace, budgetSeconds));
  const outPath = args.options.output;
  if (outPath !== undefined) {
    const writeFile = io.writeFile ?? ((p: string, d: string) => fs.writeFile(p, d, 'utf8'));
    try {
      await writeFile(outPath, json);
    } catch (e) {
      io.stderr.write(`dynamic-scaling tune: ${(e as Error).message}\n`);
      return 1;
    }
    io.stdout.write(`\npolicy: ${outPath} (dynamic-scaling simulate --policy ${outPath}; dynamic-scaling run --policy ${outPath})\n`);
  } else {
    io.stdout.write(`\nThe tuned policy (${TUNED_NAME}), for --policy:\n${json}`);
  }
  return 0;
}

/** `dynamic-scaling tune`. */
export const tuneCommand: Command = {
  name: 'tune',
  summary: 'search the recommended policy\'s parameters on a trace; report them on held-out traffic',
  usage: USAGE,
  valueOptions: ['trace', 'dimension', 'budget-seconds', 'output'],
  flagOptions: ['no-scale'],
  run,
};

registerCommand(tuneCommand);
