/**
 * `npm run demo`: synthesizes the example app into cdk.out/ offline and prints, for every table,
 * GSI and dimension, the path DynamicScaling chose, why, the min/max/target, and the resources
 * it created. No AWS account or credentials are needed.
 */
import { CfnResource, Stack, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { buildApp } from './app';
import { DynamicScaling } from '../src/dynamic-scaling';

const OUTDIR = 'cdk.out';

function show(stack: Stack, v: unknown): string {
  if (v === undefined) return '-';
  return Token.isUnresolved(v) ? JSON.stringify(stack.resolve(v)) : String(v);
}

function tableLabel(scaling: DynamicScaling): string {
  const stack = Stack.of(scaling);
  const name = stack.resolve(scaling.table.tableName);
  return typeof name === 'string' ? `${name} (imported: ${scaling.table.node.path})` : scaling.table.node.path;
}

function resourcesOf(stack: Stack, scope: IConstruct | undefined): string[] {
  if (!scope) return [];
  return scope.node.findAll()
    .filter((c): c is CfnResource => CfnResource.isCfnResource(c))
    .map((r) => `${r.cfnResourceType.padEnd(44)} ${stack.getLogicalId(r)}`);
}

/** The table's own resources of the scaler (LAMBDA and HYBRID paths): its policy item, throttle and step alarms (not the shared scaler). */
function lambdaResourcesOf(scaling: DynamicScaling): IConstruct[] {
  return scaling.node.children.filter((c) => c.node.id === 'ScalerPolicy' || c.node.id === 'Throttles' || c.node.id.startsWith('Step'));
}

function main(): void {
  const started = Date.now();
  const app = buildApp({ outdir: OUTDIR });
  const assembly = app.synth();
  const ms = Date.now() - started;

  console.log(`DynamicScaling demo: synthesized ${assembly.stacks.length} stacks into ${OUTDIR}/ in ${ms} ms (offline, no AWS account)`);
  // In the order the app defines them.
  for (const stack of app.node.children.filter((c): c is Stack => Stack.isStack(c))) {
    const artifact = assembly.getStackArtifact(stack.artifactId);
    const resources = Object.keys((artifact.template as { Resources?: object }).Resources ?? {}).length;
    console.log('');
    console.log(`Stack ${artifact.stackName}  ->  ${OUTDIR}/${artifact.templateFile}  (${resources} resources of CloudFormation's 500)`);

    const scalings = stack.node.findAll().filter((c): c is DynamicScaling => c instanceof DynamicScaling);
    for (const scaling of scalings) {
      console.log(`  DynamicScaling ${scaling.node.path}`);
      console.log(`    table ${tableLabel(scaling)}; GSIs scaled: ${scaling.indexNames.length ? scaling.indexNames.join(', ') : 'none'}`);
      for (const d of scaling.decisions) {
        const target = d.indexName === undefined ? 'table' : `GSI ${d.indexName}`;
        const numbers = d.path
          ? `min ${show(stack, d.minCapacity).padStart(5)}  max ${show(stack, d.maxCapacity).padStart(5)}`
            + (d.targetUtilizationPercent !== undefined ? `  target ${show(stack, d.targetUtilizationPercent)}%` : '')
          : '';
        console.log(`    ${target.padEnd(16)} ${d.dimension.toLowerCase().padEnd(6)} ${(d.path ?? 'not scaled').padEnd(11)} ${numbers}`);
        d.reasons.forEach((r, i) => console.log(`      ${i === 0 ? 'why:      ' : '          '} ${r}`));
        resourcesOf(stack, d.scalableTarget).forEach((r, i) => console.log(`      ${i === 0 ? 'resources:' : '          '} ${r}`));
      }
      const own = lambdaResourcesOf(scaling).flatMap((c) => resourcesOf(stack, c));
      own.forEach((r, i) => console.log(`    ${i === 0 ? 'scaler\'s part, this table:' : '                          '} ${r}`));
    }
    const scaler = scalings.find((s) => s.scalerFunction)?.scalerFunction?.node.scope;
    resourcesOf(stack, scaler).forEach((r, i) => console.log(`  ${i === 0 ? 'scaler, shared by the stack:' : '                            '} ${r}`));

    for (const m of artifact.messages) {
      console.log(`  ${m.level.padEnd(7)} ${m.id}: ${String(m.entry.data).split('\n')[0]}`);
    }
  }
}

main();
