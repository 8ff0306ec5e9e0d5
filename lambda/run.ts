/**
 * `dynamic-scaling run`: the scaler's checks from a laptop, a container or a cron job, the drop-in
 * replacement of Dynamic DynamoDB's daemon. The same runtime as the Lambda ({@link runScalerCheck});
 * credentials, region and endpoints come from the AWS SDK's standard chain and environment
 * (`AWS_REGION`, `AWS_ENDPOINT_URL`, `AWS_ENDPOINT_URL_DYNAMODB`, …), so it runs against local
 * servers unchanged.
 *
 * Exit codes: 0 when stopped, or after `--once` even if a table was skipped for a fault (the log
 * says so); 2 for an invalid policy; 1 for unusable state or credentials, said plainly.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { errorMessage } from './aws/call-outcome';
import { scalerClients } from './aws/clients';
import { runScalerCheck } from './scaler';
import { PowertoolsScalerLog, ScalerLog, TextScalerLog } from './scaler-log';
import { DynamoDbStateStore } from './state/dynamodb-state-store';
import { FileStateStore } from './state/file-state-store';
import { MemoryStateStore } from './state/memory-state-store';
import { StateStore, StateStoreError } from './state/state-store';
import type { RunIo, RunOptions } from '../src/cli/run-contract';
import { EnginePolicy, expandTableRules, formatConfigProblem, matchTableRule, readPolicyText } from '../src/engine';

/** Thrown for a policy that cannot be used (exit 2). */
class PolicyError extends Error {
  constructor(message: string, public readonly problems: readonly string[] = []) {
    super(message);
  }
}

/** Runs the scaler until stopped (or once). Resolves to the exit code. */
export async function runScaler(options: RunOptions, io: RunIo): Promise<number> {
  let policy: EnginePolicy;
  try {
    policy = await loadPolicy(options, io);
  } catch (e) {
    if (!(e instanceof PolicyError)) throw e;
    io.stderr.write(`dynamic-scaling run: ${e.message}${e.problems.length ? ':' : ''}\n`);
    for (const p of e.problems) io.stderr.write(`  ${p}\n`);
    return 2;
  }
  const clients = scalerClients(options.region);
  const dynamodb = clients.dynamodb;
  const deps = {
    ...clients,
    store: stateStore(options, dynamodb),
    log: scalerLog(options, io),
  };
  try {
    const tables = await managedTables(policy, options, dynamodb, io);
    const expanded = expandTableRules(policy, tables);
    for (const t of expanded.unmatched) io.stderr.write(`dynamic-scaling run: warning: no rule of the policy manages table ${t}; it is left alone\n`);
    const managed = expanded.policy.tables.map((r) => r.tableName!);
    io.stderr.write(`dynamic-scaling run: managing ${managed.length} table(s) every ${policy.checkIntervalSeconds} s with ${deps.store.description}${options.dryRun ? ', dry run' : ''}\n`);
    const intervalMs = policy.checkIntervalSeconds * 1000;
    for (;;) {
      const started = Date.now();
      const summary = await runScalerCheck(deps, { policy: expanded.policy, tables: managed, dryRun: options.dryRun });
      const credentials = summary.faults.find((f) => 'message' in f && /CredentialsProviderError|Could not load credentials/.test(f.message ?? ''));
      if (credentials && summary.tables.every((t) => t.status === 'skipped')) {
        io.stderr.write(`dynamic-scaling run: no usable AWS credentials: ${credentials.message}\n`);
        return 1;
      }
      if (options.once || io.stop?.aborted) return 0;
      await sleep(Math.max(0, started + intervalMs - Date.now()), io.stop);
      if (io.stop?.aborted) return 0;
    }
  } catch (e) {
    if (e instanceof StateStoreError) {
      io.stderr.write(`dynamic-scaling run: unusable state: ${e.message}\n`);
      return 1;
    }
    if ((e as Error).name === 'CredentialsProviderError') {
      io.stderr.write(`dynamic-scaling run: no usable AWS credentials: ${errorMessage(e)}\n`);
      return 1;
    }
    throw e;
  }
}

async function loadPolicy(options: RunOptions, io: RunIo): Promise<EnginePolicy> {
  const { ddConfigFile, policyFile } = options;
  if ((ddConfigFile === undefined) === (policyFile === undefined)) throw new PolicyError('give one of --dd-config FILE and --policy FILE.json');
  const path = (ddConfigFile ?? policyFile)!;
  let text: string;
  try {
    text = await io.readFile(path);
  } catch (e) {
    throw new PolicyError(`${path}: ${(e as Error).message}`);
  }
  const read = readPolicyText(text, ddConfigFile !== undefined ? 'dd-config' : 'json');
  if (read.malformed !== undefined) throw new PolicyError(`${path}: ${read.malformed}`);
  if (!read.policy) throw new PolicyError(`${path}: invalid policy`, read.errors.map(formatConfigProblem));
  for (const w of read.warnings) io.stderr.write(`${path}: warning: ${formatConfigProblem(w)}\n`);
  return read.policy;
}

/** The tables to manage: those named, the policy's exact tables, or the account's tables a rule matches. */
async function managedTables(policy: EnginePolicy, options: RunOptions, dynamodb: DynamoDBClient, io: RunIo): Promise<string[]> {
  if (options.tables && options.tables.length > 0) return [...options.tables];
  if (policy.tables.every((r) => r.tableName !== undefined)) return policy.tables.map((r) => r.tableName!);
  const names: string[] = [];
  let start: string | undefined;
  do {
    const out = await dynamodb.send(new ListTablesCommand({ ExclusiveStartTableName: start }));
    names.push(...out.TableNames ?? []);
    start = out.LastEvaluatedTableName;
  } while (start);
  io.stderr.write(`dynamic-scaling run: ListTables found ${names.length} table(s)\n`);
  return names.filter((n) => matchTableRule(policy, n) !== undefined);
}

function stateStore(options: RunOptions, dynamodb: DynamoDBClient): StateStore {
  if (options.stateTable !== undefined) return new DynamoDbStateStore(dynamodb, options.stateTable);
  if (options.stateFile !== undefined) return new FileStateStore(options.stateFile);
  return new MemoryStateStore();
}

function scalerLog(options: RunOptions, io: RunIo): ScalerLog {
  if (options.logFormat === 'json') return new PowertoolsScalerLog(new Logger({ serviceName: 'dynamic-scaling', logLevel: 'INFO' }));
  return new TextScalerLog((line) => io.stdout.write(`${new Date().toISOString()} ${line}\n`));
}

/** Waits `ms`, or less if `stop` is aborted. */
function sleep(ms: number, stop: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (stop?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    stop?.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      stop?.removeEventListener('abort', done);
      resolve();
    }
  });
}
