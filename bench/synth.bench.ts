/**
 * Synth time and resource count of one stack holding N provisioned tables with 2 GSIs each, on
 * the native path (13 resources per table: the table, and a ScalableTarget plus a ScalingPolicy
 * for each of its 6 dimensions) and on the Lambda path (3 per table: the table, its policy item
 * and its throttle alarm, plus the stack's one scaler). Past CloudFormation's 500 resources per
 * stack, DynamicScaling fails synth with a clear message; the bench reports it and the largest N
 * that fits. For the Lambda path it also sizes the scaler role's IAM policies as IAM counts them
 * (JSON without whitespace, names and ARNs as CloudFormation would generate them).
 */
import { App, Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { markdownTable, printTable } from './table';
import { DynamicScaling, ScalingPolicy } from '../src';

/** IAM's limits: inline policies of one role together, and one managed policy. */
const INLINE_LIMIT = 10_240;
const MANAGED_LIMIT = 6_144;

interface Outcome {
  readonly tables: number;
  readonly ms: number;
  readonly resources?: number;
  readonly error?: string;
  /** Characters of the role's inline policies together, and of its largest managed policy. */
  readonly inlineChars?: number;
  readonly largestManagedChars?: number;
  readonly managedPolicies?: number;
}

type Path = 'native' | 'lambda';

const NATIVE_POLICY = ScalingPolicy.targetTracking({
  read: { minCapacity: 5, maxCapacity: 500 },
  write: { minCapacity: 5, maxCapacity: 200 },
});
const LAMBDA_POLICY = ScalingPolicy.recommended({ read: { minCapacity: 5, maxCapacity: 500 }, write: { minCapacity: 5, maxCapacity: 200 } });

function synth(tables: number, path: Path = 'native'): Outcome {
  const started = process.hrtime.bigint();
  // No outdir: the assembly goes to a temporary directory; nothing is written to the checkout.
  const app = new App({ context: { 'aws:cdk:disable-creation-stack-traces': true } });
  const stack = new Stack(app, 'Bench', { env: { account: '111111111111', region: 'eu-west-1' } });
  const policy = path === 'native' ? NATIVE_POLICY : LAMBDA_POLICY;
  for (let i = 0; i < tables; i++) {
    const table = new dynamodb.Table(stack, `Table${i}`, {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PROVISIONED,
    });
    table.addGlobalSecondaryIndex({ indexName: 'ByA', partitionKey: { name: 'a', type: dynamodb.AttributeType.STRING } });
    table.addGlobalSecondaryIndex({ indexName: 'ByB', partitionKey: { name: 'b', type: dynamodb.AttributeType.STRING } });
    new DynamicScaling(stack, `Scaling${i}`, { table, policy });
  }
  try {
    const template = app.synth().getStackByName('Bench').template as { Resources: Record<string, Resource> };
    return { tables, ms: elapsed(started), resources: Object.keys(template.Resources).length, ...iamSizes(template.Resources) };
  } catch (e) {
    return { tables, ms: elapsed(started), error: (e as Error).message };
  }
}

interface Resource {
  readonly Type: string;
  readonly Properties?: { PolicyDocument?: unknown };
}

/**
 * The scaler role's policies as IAM stores them: tokens replaced by what CloudFormation makes of
 * them (a generated table name is the stack name, the logical id and a 12-character suffix).
 */
function iamSizes(resources: Record<string, Resource>): Partial<Outcome> {
  const resolve = (x: unknown): unknown => {
    if (Array.isArray(x)) return x.map(resolve);
    if (x === null || typeof x !== 'object') return x;
    const o = x as Record<string, unknown>;
    if ('Ref' in o) return `Bench-${String(o.Ref).slice(0, 40)}-1A2B3C4D5E6F`;
    if ('Fn::GetAtt' in o) {
      const [id] = o['Fn::GetAtt'] as [string, string];
      return `arn:aws:dynamodb:eu-west-1:111111111111:table/Bench-${id.slice(0, 40)}-1A2B3C4D5E6F`;
    }
    if ('Fn::Join' in o) {
      const [sep, parts] = o['Fn::Join'] as [string, unknown[]];
      return parts.map(resolve).join(sep);
    }
    return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, resolve(v)]));
  };
  const size = (r: Resource) => JSON.stringify(resolve(r.Properties?.PolicyDocument)).length;
  const all = Object.values(resources);
  const inline = all.filter((r) => r.Type === 'AWS::IAM::Policy');
  const managed = all.filter((r) => r.Type === 'AWS::IAM::ManagedPolicy');
  if (inline.length + managed.length === 0) return {};
  return {
    inlineChars: inline.reduce((a, r) => a + size(r), 0),
    largestManagedChars: Math.max(0, ...managed.map(size)),
    managedPolicies: managed.length,
  };
}

function elapsed(started: bigint): number {
  return Number(process.hrtime.bigint() - started) / 1e6;
}

/** The largest table count that synthesizes, by bisection between a count that fits and one that does not. */
function largestThatFits(path: Path, fits: number, fails: number): number {
  let lo = fits;
  let hi = fails;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (synth(mid, path).error === undefined) lo = mid; else hi = mid;
  }
  return lo;
}

/** The markdown section `npm run bench` writes into docs/benchmarks.md. */
export let markdown = '';

export async function run(): Promise<void> {
  synth(1); // warm up module loading so the first row is not mostly require() time
  synth(1, 'lambda');
  console.log('synth.bench: one stack, N provisioned tables with 2 GSIs each');
  const rows: string[][] = [['path', 'tables', 'synth ms', 'resources', 'scaler IAM: inline / largest managed (policies)', 'result']];
  const largest: string[] = [];
  for (const path of ['native', 'lambda'] as const) {
    const outcomes = [1, 10, 100].map((n) => synth(n, path));
    for (const r of outcomes) {
      const result = r.error === undefined ? 'ok' : `error: ${r.error.replace(/^[\s\S]*?(DynamicScaling: )/, '$1').split('\n')[0].slice(0, 120)}...`;
      const iam = r.inlineChars === undefined ? '-'
        : `${r.inlineChars} of ${INLINE_LIMIT} / ${r.largestManagedChars} of ${MANAGED_LIMIT} (${r.managedPolicies})`;
      rows.push([path, String(r.tables), r.ms.toFixed(0), r.resources === undefined ? '-' : String(r.resources), iam, result]);
    }
    const fitting = outcomes.filter((r) => r.error === undefined).map((r) => r.tables);
    const failing = outcomes.filter((r) => r.error !== undefined).map((r) => r.tables);
    if (failing.length === 0) {
      largest.push(`${path}: at least ${Math.max(...fitting)} tables fit in one stack`);
    } else {
      const best = largestThatFits(path, Math.max(0, ...fitting), Math.min(...failing));
      const check = synth(best, path);
      largest.push(`${path}: at most ${best} tables fit in one stack (${check.resources} resources, ${check.ms.toFixed(0)} ms)`);
    }
  }
  printTable(rows);
  for (const l of largest) console.log(l);
  markdown = [
    '## Synthesis',
    '',
    'Measured by `bench/synth.bench.ts`: one stack of N provisioned tables with 2 GSIs each, every',
    'dimension scaled (native: target tracking; Lambda: `ScalingPolicy.recommended`). IAM sizes are',
    'the scaler role\'s policies as IAM counts them (JSON without whitespace; generated table names of',
    'about 60 characters); IAM allows 10,240 characters of inline policies per role together and',
    '6,144 per managed policy, 10 managed policies per role.',
    '',
    ...markdownTable(rows),
    '',
    ...largest.map((l) => `- ${l}`),
  ].join('\n');
}
