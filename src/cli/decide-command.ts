/**
 * `dynamic-scaling decide` and `dynamic-scaling explain`: one check of a dynamic-dynamodb.conf or a
 * JSON policy against a snapshot (docs/cli.md). Exit 0; 2 for an invalid configuration (every problem on
 * stderr); 1 for a usage error or a malformed snapshot.
 */
import { formatExplanation } from './explain-format';
import { CliIo, Command, ParsedArgs, registerCommand } from './registry';
import { checkSnapshot, outputToJson, SnapshotError, snapshotToInput } from './snapshot';
import { formatConfigProblem, readPolicyText } from '../engine';

const USAGE = (name: string) => `usage: dynamic-scaling ${name} (--dd-config FILE | --policy FILE.json) --input SNAPSHOT.json [--dry-run]

  --dd-config FILE       a dynamic-dynamodb.conf file
  --policy FILE.json     or a policy as JSON (the engine's policy, as docs/simulator.md describes it)
  --input SNAPSHOT.json  now, tables, metricSums, counters (and optional alarms, throttleCountedUntil,
                         lookbackShift, lowChecksPeak, scalableTargets, circuitBreaker); see docs/cli.md
  --dry-run              mark the updates as not sent; the state is kept as if none was sent
`;

async function runCheck(args: ParsedArgs, io: CliIo, name: string, render: 'json' | 'text'): Promise<number> {
  const ddPath = args.options['dd-config'];
  const policyPath = args.options.policy;
  const configPath = ddPath ?? policyPath;
  const inputPath = args.options.input;
  if (!configPath || (ddPath && policyPath) || !inputPath || args.positionals.length > 0) {
    io.stderr.write(USAGE(name));
    return 1;
  }
  let configText: string;
  let snapshotText: string;
  try {
    configText = await io.readFile(configPath);
    snapshotText = await io.readFile(inputPath);
  } catch (e) {
    io.stderr.write(`dynamic-scaling ${name}: ${(e as Error).message}\n`);
    return 1;
  }
  const parsed = readPolicyText(configText, ddPath ? 'dd-config' : 'json');
  if (parsed.malformed !== undefined) {
    io.stderr.write(`${configPath}: ${parsed.malformed}\n`);
    return 2;
  }
  if (!parsed.policy || parsed.errors.length > 0) {
    io.stderr.write(`${configPath}: invalid ${ddPath ? 'configuration' : 'policy'} (${parsed.errors.length} problem${parsed.errors.length === 1 ? '' : 's'}):\n`);
    for (const p of parsed.errors) io.stderr.write(`  ${formatConfigProblem(p)}\n`);
    return 2;
  }
  for (const w of parsed.warnings) io.stderr.write(`${configPath}: warning: ${formatConfigProblem(w)}\n`);
  let snapshot: unknown;
  try {
    snapshot = JSON.parse(snapshotText);
  } catch (e) {
    io.stderr.write(`${inputPath}: not JSON: ${(e as Error).message}\n`);
    return 1;
  }
  let input;
  try {
    input = snapshotToInput(snapshot, parsed.policy);
  } catch (e) {
    if (!(e instanceof SnapshotError)) throw e;
    io.stderr.write(`${inputPath}: ${e.message}\n`);
    return 1;
  }
  const output = checkSnapshot(input, { dryRun: args.options['dry-run'] === 'true' });
  io.stdout.write(render === 'json' ? `${JSON.stringify(outputToJson(output), null, 2)}\n` : formatExplanation(output));
  return 0;
}

/** `dynamic-scaling decide`: the decision as JSON. */
export const decideCommand: Command = {
  name: 'decide',
  summary: 'one check of a dynamic-dynamodb.conf or JSON policy against a snapshot, as JSON',
  usage: USAGE('decide'),
  valueOptions: ['dd-config', 'policy', 'input'],
  flagOptions: ['dry-run'],
  run: (args, io) => runCheck(args, io, 'decide', 'json'),
};

/** `dynamic-scaling explain`: the same decision as readable text. */
export const explainCommand: Command = {
  name: 'explain',
  summary: 'the same check as decide, explained for a person',
  usage: USAGE('explain'),
  valueOptions: ['dd-config', 'policy', 'input'],
  flagOptions: ['dry-run'],
  run: (args, io) => runCheck(args, io, 'explain', 'text'),
};

registerCommand(decideCommand);
registerCommand(explainCommand);
