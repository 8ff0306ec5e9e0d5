import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { App, PolicyValidationPluginReport, Stack, Validations } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { AwsSolutionsChecks, NagPack, NIST80053R5Checks } from 'cdk-nag';
import { buildApp } from '../examples/app';
import { DynamicScaling, ScalingPolicy } from '../src';

/** validation-report.json: it lists only the plugins that found something. */
interface ReportFile {
  readonly pluginReports: Array<{ pluginName: string; conclusion: string; violations: Array<{ ruleName: string; severity: string }> }>;
}

/**
 * Synthesizes `app` with `packs` registered through Validations, as a user would. A pack that
 * finds anything fails the synth; the report is returned either way.
 */
function synthWithPacks(app: App, outdir: string, packs: NagPack[]): { report: ReportFile; failed: boolean } {
  const calls = packs.map((p) => jest.spyOn(p, 'validate'));
  Validations.of(app).addPlugins(...packs);
  const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  let failed = false;
  try {
    app.synth();
  } catch (e) {
    expect((e as Error).message).toMatch(/validation-report\.json/);
    failed = true;
  } finally {
    errors.mockRestore();
  }
  expect(calls.map((c) => c.mock.calls.length)).toEqual(packs.map(() => 1));
  return { report: JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf-8')) as ReportFile, failed };
}

function errorRules(report: PolicyValidationPluginReport): string[] {
  return report.violations.filter((v) => v.severity === 'error').map((v) => v.ruleName);
}

describe('cdk-nag on the example app', () => {
  let outdir: string;
  beforeEach(() => { outdir = mkdtempSync(join(tmpdir(), 'nag-')); });
  afterEach(() => rmSync(outdir, { recursive: true, force: true }));

  test('AwsSolutions, added through Validations: no unacknowledged findings', () => {
    const app = buildApp({ outdir });
    const { report, failed } = synthWithPacks(app, outdir, [new AwsSolutionsChecks(app)]);
    expect(report.pluginReports).toEqual([]);
    expect(failed).toBe(false);
  });

  test('the only acknowledged findings are the scaler\'s, each with its reason, and each is a real finding', () => {
    const app = buildApp({ outdir });
    const acknowledged = app.node.findAll().flatMap((c) => c.node.metadata
      .filter((m) => m.type === 'aws:cdk:acknowledged-rules')
      .map((m) => [c.node.path, m.data as Record<string, string>]));
    expect(acknowledged).toEqual([
      ['DynamicScalingCustom/DynamicScalingScaler/Role/DefaultPolicy', {
        'AwsSolutions-IAM5[Resource::*]': 'cloudwatch:GetMetricData accepts only the resource "*" (Service Authorization Reference: no resource types)',
      }],
      // The hybrid table's guards (Carts).
      ['DynamicScalingCustom/DynamicScalingScaler/Role/DefaultPolicy', {
        'AwsSolutions-IAM5[Resource::*]': 'application-autoscaling:DescribeScalableTargets and RegisterScalableTarget accept only the resource "*" '
          + '(Service Authorization Reference: no resource types); RegisterScalableTarget is conditioned on the dynamodb namespace and its scalable dimensions',
      }],
      ['DynamicScalingCustom/DynamicScalingScaler/Function', {
        'AwsSolutions-L1': 'The scaler bundle is built (esbuild target node22) and tested for Node.js 22, an LTS runtime Lambda supports; '
          + 'a runtime change is a tested release of this library',
      }],
    ]);
    // Without the acknowledgements, the same rules are findings: neither suppression is dead.
    for (const c of app.node.findAll()) {
      (c.node as unknown as { _metadata: Array<{ type: string }> })._metadata = c.node.metadata.filter((m) => m.type !== 'aws:cdk:acknowledged-rules');
    }
    const report = new AwsSolutionsChecks(app).validateScope(app);
    expect(report.violations.map((v) => v.ruleName).sort()).toEqual(['AwsSolutions-IAM5[Resource::*]', 'AwsSolutions-L1']);
  });

  test('AwsSolutions directly over the construct tree agrees', () => {
    const app = buildApp({ outdir });
    const report = new AwsSolutionsChecks(app).validateScope(app);
    expect(errorRules(report)).toEqual([]);
  });

  test('the harness does catch findings: a table without point-in-time recovery fails AwsSolutions-DDB3', () => {
    const app = new App({ outdir, context: { 'aws:cdk:disable-creation-stack-traces': true } });
    const stack = new Stack(app, 'Bad');
    const table = new dynamodb.Table(stack, 'T', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING }, billingMode: dynamodb.BillingMode.PROVISIONED });
    new DynamicScaling(stack, 'S', { table, policy: ScalingPolicy.targetTracking({ read: { minCapacity: 1, maxCapacity: 5 } }) });
    const { report, failed } = synthWithPacks(app, outdir, [new AwsSolutionsChecks(app)]);
    expect(report.pluginReports.map((r) => [r.pluginName, r.conclusion, r.violations.map((v) => [v.ruleName, v.severity])]))
      .toEqual([['AwsSolutions', 'failure', [['AwsSolutions-DDB3', 'warning']]]]);
    expect(failed).toBe(true);
  });

  test("NIST 800-53 R5 DynamoDBAutoScalingEnabled recognises the native path's scalable targets (the Lambda path has none)", () => {
    const app = buildApp({ outdir });
    const flagged = new NIST80053R5Checks(app).validateScope(app).violations
      .filter((v) => v.ruleName === 'NIST.800.53.R5-DynamoDBAutoScalingEnabled')
      .flatMap((v) => v.violatingResources.map((r) => r.constructPath));
    expect(flagged.sort()).toEqual(['DynamicScalingCustom/Events/Resource', 'DynamicScalingCustom/Jobs/Resource', 'DynamicScalingCustom/Sessions/Resource']);

    const bare = new App({ outdir });
    new dynamodb.Table(new Stack(bare, 'Bare'), 'T', {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING }, billingMode: dynamodb.BillingMode.PROVISIONED,
    });
    expect(errorRules(new NIST80053R5Checks(bare).validateScope(bare))).toContain('NIST.800.53.R5-DynamoDBAutoScalingEnabled');
  });
});
