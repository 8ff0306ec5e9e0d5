/**
 * `dynamic-scaling run`: the scaler's checks from the command line (docs/cli.md). The runtime is
 * the scaler bundle the package ships (the Lambda's own code, with the AWS SDK inside), so the
 * command runs exactly what the Lambda runs; a checkout without a build runs its source.
 */
import { CliIo, Command, ParsedArgs, registerCommand, UsageError } from './registry';
import type { RunIo, RunOptions } from './run-contract';
import { loadScalerRuntime } from './scaler-runtime';

const USAGE = `usage: dynamic-scaling run (--dd-config FILE | --policy FILE.json) [--table NAME]... [--once] [--dry-run]
                          [--state-table NAME | --state-file PATH] [--region R] [--log-format text|json]

  --dd-config FILE       a dynamic-dynamodb.conf (its sections are matched against the account's tables)
  --policy FILE.json     a policy JSON (see docs/check-protocol.md)
  --table NAME           a table to manage (repeat for more; default: every table a rule matches)
  --once                 one check, then exit
  --dry-run              decide and log, change nothing, publish nothing
  --state-table NAME     keep each table's state in this DynamoDB table (partition key tableName)
  --state-file PATH      keep the state in this JSON file, written atomically
                         (default: in memory, lost when the command ends, as Dynamic DynamoDB did)
  --region R             the AWS region (default: the SDK's chain, AWS_REGION)
  --log-format F         text for a person (default) or json

Credentials and endpoints come from the AWS SDK's environment (AWS_PROFILE, AWS_ENDPOINT_URL,
AWS_ENDPOINT_URL_DYNAMODB, AWS_ENDPOINT_URL_CLOUDWATCH, AWS_ENDPOINT_URL_SNS, …). SIGINT or SIGTERM
ends it after the check in progress. Exit 0 when stopped or after --once (a table skipped for a
fault is in the log); 2 for an invalid policy; 1 for unusable state or credentials.
`;

/** The runtime `run` drives: `runScaler` of the scaler bundle. */
type Runtime = { runScaler(options: RunOptions, io: RunIo): Promise<number> };


async function run(args: ParsedArgs, io: CliIo): Promise<number> {
  if (args.positionals.length > 0) throw new UsageError(`unexpected argument '${args.positionals[0]}'`);
  const o = args.options;
  if (o['state-table'] !== undefined && o['state-file'] !== undefined) throw new UsageError('give only one of --state-table and --state-file');
  const logFormat = o['log-format'] ?? 'text';
  if (logFormat !== 'text' && logFormat !== 'json') throw new UsageError(`--log-format must be text or json, got '${logFormat}'`);
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    return await loadScalerRuntime<Runtime>('run', 'runScaler').runScaler({
      ddConfigFile: o['dd-config'],
      policyFile: o.policy,
      tables: args.lists.table ?? [],
      once: o.once === 'true',
      dryRun: o['dry-run'] === 'true',
      stateTable: o['state-table'],
      stateFile: o['state-file'],
      region: o.region,
      logFormat,
    }, { stdout: io.stdout, stderr: io.stderr, readFile: io.readFile, stop: stop.signal });
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
}

/** `dynamic-scaling run`. */
export const runCommand: Command = {
  name: 'run',
  summary: 'run the scaler\'s checks against AWS (Dynamic DynamoDB\'s daemon, with this engine)',
  usage: USAGE,
  valueOptions: ['dd-config', 'policy', 'table', 'state-table', 'state-file', 'region', 'log-format'],
  flagOptions: ['once', 'dry-run'],
  listOptions: ['table'],
  run,
};

registerCommand(runCommand);
