import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { App, IPolicyValidationContext, IPolicyValidationPlugin, PolicyValidationPluginReport, Stack, Validations } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { AwsSolutionsChecks, NagPack, NIST80053R5Checks } from 'cdk-nag';
import { buildApp } from '../examples/app';
import { DynamicScaling, ScalingPolicy } from '../src';

/**
 * cdk-nag 3 packs read the construct tree from `context.appConstruct`, which aws-cdk-lib 2.257's
 * validation context does not carry yet (aws/aws-cdk#38006 adds it as `scope`). This adapter is
 * registered through `Validations` like the pack itself and hands the pack the app it validates.
 */
class WithConstructTree implements IPolicyValidationPlugin {
  public readonly name: string;
  public calls = 0;
  constructor(private readonly app: App, private readonly pack: NagPack) {
    this.name = pack.name;
  }
  public validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    this.calls++;
    return this.pack.validate({ ...context, appConstruct: this.app } as IPolicyValidationContext);
  }
}

/** policy-validation-report.json: it lists only the plugins that found something. */
interface ReportFile {
  readonly pluginReports: Array<{ summary: { pluginName: string; status: string }; violations: Array<{ ruleName: string; severity: string }> }>;
}

/** Synthesizes `app` with `packs` registered through Validations; returns the validation report. */
function synthWithPacks(app: App, outdir: string, packs: NagPack[]): ReportFile {
  const plugins = packs.map((p) => new WithConstructTree(app, p));
  Validations.of(app).addPlugins(...plugins);
  const exitCode = process.exitCode;
  const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  try {
    app.synth();
  } finally {
    errors.mockRestore();
    process.exitCode = exitCode; // a failed validation sets it; the assertions below decide
  }
  expect(plugins.map((p) => p.calls)).toEqual(packs.map(() => 1));
  return JSON.parse(readFileSync(join(outdir, 'policy-validation-report.json'), 'utf-8')) as ReportFile;
}

function errorRules(report: PolicyValidationPluginReport): string[] {
  return report.violations.filter((v) => v.severity === 'error').map((v) => v.ruleName);
}

describe('cdk-nag on the example app', () => {
  let outdir: string;
  beforeEach(() => { outdir = mkdtempSync(join(tmpdir(), 'nag-')); });
  afterEach(() => rmSync(outdir, { recursive: true, force: true }));

  test('AwsSolutions, added through Validations: no findings at all, and no suppressions', () => {
    const app = buildApp({ outdir });
    const report = synthWithPacks(app, outdir, [new AwsSolutionsChecks(app)]);
    expect(report.pluginReports).toEqual([]);
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
    const report = synthWithPacks(app, outdir, [new AwsSolutionsChecks(app)]);
    expect(report.pluginReports.map((r) => [r.summary.pluginName, r.summary.status, r.violations.map((v) => [v.ruleName, v.severity])]))
      .toEqual([['AwsSolutions', 'failure', [['AwsSolutions-DDB3', 'warning']]]]);
  });

  test("NIST 800-53 R5 DynamoDBAutoScalingEnabled recognises the native path's scalable targets", () => {
    const app = buildApp({ outdir });
    const rules = errorRules(new NIST80053R5Checks(app).validateScope(app));
    expect(rules).not.toContain('NIST.800.53.R5-DynamoDBAutoScalingEnabled');

    const bare = new App({ outdir });
    new dynamodb.Table(new Stack(bare, 'Bare'), 'T', {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING }, billingMode: dynamodb.BillingMode.PROVISIONED,
    });
    expect(errorRules(new NIST80053R5Checks(bare).validateScope(bare))).toContain('NIST.800.53.R5-DynamoDBAutoScalingEnabled');
  });
});
