/**
 * Synth time and resource count of one stack holding N provisioned tables with 2 GSIs each, all
 * on the native path (13 resources per table: the table, and a ScalableTarget plus a
 * ScalingPolicy for each of its 6 dimensions). Past CloudFormation's 500 resources per stack,
 * DynamicScaling fails synth with a clear message; the bench reports it and the largest N that fits.
 */
import { App, Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { DynamicScaling, ScalingPolicy } from '../src';

interface Outcome {
  readonly tables: number;
  readonly ms: number;
  readonly resources?: number;
  readonly error?: string;
}

function synth(tables: number): Outcome {
  const started = process.hrtime.bigint();
  // No outdir: the assembly goes to a temporary directory; nothing is written to the checkout.
  const app = new App({ context: { 'aws:cdk:disable-creation-stack-traces': true } });
  const stack = new Stack(app, 'Bench', { env: { account: '111111111111', region: 'eu-west-1' } });
  const policy = ScalingPolicy.targetTracking({
    read: { minCapacity: 5, maxCapacity: 500 },
    write: { minCapacity: 5, maxCapacity: 200 },
  });
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
    const template = app.synth().getStackByName('Bench').template as { Resources: object };
    return { tables, ms: elapsed(started), resources: Object.keys(template.Resources).length };
  } catch (e) {
    return { tables, ms: elapsed(started), error: (e as Error).message };
  }
}

function elapsed(started: bigint): number {
  return Number(process.hrtime.bigint() - started) / 1e6;
}

/** The largest table count that synthesizes, by bisection between a count that fits and one that does not. */
function largestThatFits(fits: number, fails: number): number {
  let lo = fits;
  let hi = fails;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (synth(mid).error === undefined) lo = mid; else hi = mid;
  }
  return lo;
}

export async function run(): Promise<void> {
  synth(1); // warm up module loading so the first row is not mostly require() time
  console.log('synth.bench: one stack, N provisioned tables with 2 GSIs each, native path');
  console.log('tables  synth ms  resources  result');
  const rows = [1, 10, 100].map(synth);
  for (const r of rows) {
    const result = r.error === undefined ? 'ok' : `error: ${r.error.replace(/^[\s\S]*?(DynamicScaling: )/, '$1').split('\n')[0]}`;
    console.log(`${String(r.tables).padStart(6)}  ${r.ms.toFixed(0).padStart(8)}  ${(r.resources === undefined ? '-' : String(r.resources)).padStart(9)}  ${result}`);
  }
  const fitting = rows.filter((r) => r.error === undefined).map((r) => r.tables);
  const failing = rows.filter((r) => r.error !== undefined).map((r) => r.tables);
  if (failing.length === 0) {
    console.log(`largest table count that fits: at least ${Math.max(...fitting)}`);
    return;
  }
  const best = largestThatFits(Math.max(0, ...fitting), Math.min(...failing));
  const check = synth(best);
  console.log(`largest table count that fits in one stack: ${best} (${check.resources} resources, ${check.ms.toFixed(0)} ms)`);
}
