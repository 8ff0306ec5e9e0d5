import { CfnElement, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import { IConstruct } from 'constructs';
import { newStack, provisionedTable } from './helpers';
import { CustomScalingOptions, DynamicScaling, ScalingPolicy } from '../../src';
import { Scaler, TABLES_PER_MANAGED_POLICY } from '../../src/private/scaler';

const BOUNDS = { minCapacity: 2, maxCapacity: 40 };
const STATE_ACTIONS = ['dynamodb:BatchGetItem', 'dynamodb:Scan', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'];
const TABLE_ACTIONS = ['dynamodb:DescribeTable', 'dynamodb:UpdateTable'];

interface Statement {
  readonly actions: string[];
  readonly resource: unknown;
}

function logicalId(construct: IConstruct): string {
  return Stack.of(construct).getLogicalId(construct.node.defaultChild as CfnElement);
}

function arnOf(construct: IConstruct): unknown {
  return { 'Fn::GetAtt': [logicalId(construct), 'Arn'] };
}

/** Every Allow statement of every policy attached to the scaler's role, one resource each. */
function scalerStatements(stack: Stack): Statement[] {
  const role = logicalId(Scaler.find(stack)!.node.findChild('Role'));
  const t = Template.fromStack(stack);
  const policies = [...Object.values(t.findResources('AWS::IAM::Policy')), ...Object.values(t.findResources('AWS::IAM::ManagedPolicy'))]
    .filter((p) => (p.Properties.Roles as unknown[]).some((r) => JSON.stringify(r) === JSON.stringify({ Ref: role })));
  return policies.flatMap((p) => (p.Properties.PolicyDocument.Statement as any[]).flatMap((s) => {
    expect(s.Effect).toBe('Allow');
    const actions: string[] = [s.Action].flat();
    return [s.Resource].flat().map((resource: unknown) => ({ actions, resource }));
  }));
}

/** The resources of the statements that grant `action`. */
function resourcesOf(statements: Statement[], action: string): unknown[] {
  return statements.filter((s) => s.actions.includes(action)).map((s) => s.resource);
}

function customTable(stack: Stack, id: string, options: Omit<CustomScalingOptions, 'read'> = {}): DynamicScaling {
  return new DynamicScaling(stack, `Scaling${id}`, { table: provisionedTable(stack, ['ByG'], id), policy: ScalingPolicy.custom({ read: BOUNDS, ...options }) });
}

describe('scaler IAM: each action on its own resources only', () => {
  test('DescribeTable and UpdateTable on the managed tables, in a managed policy, nowhere else', () => {
    const { stack } = newStack();
    const a = customTable(stack, 'A');
    const b = customTable(stack, 'B');
    const statements = scalerStatements(stack);
    for (const action of TABLE_ACTIONS) {
      expect(resourcesOf(statements, action)).toEqual([arnOf(a.table), arnOf(b.table)]);
    }
    // Both actions together, and only them, in each statement on a table.
    expect(statements.filter((s) => s.actions.includes('dynamodb:UpdateTable')).map((s) => s.actions)).toEqual([TABLE_ACTIONS, TABLE_ACTIONS]);
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::IAM::ManagedPolicy', 1);
    expect(JSON.stringify(t.findResources('AWS::IAM::Policy'))).not.toContain('dynamodb:UpdateTable');
  });

  test('GetMetricData on "*", the only action on "*"', () => {
    const { stack } = newStack();
    customTable(stack, 'A');
    const statements = scalerStatements(stack);
    expect(resourcesOf(statements, 'cloudwatch:GetMetricData')).toEqual(['*']);
    expect(statements.filter((s) => s.resource === '*').map((s) => s.actions)).toEqual([['cloudwatch:GetMetricData']]);
  });

  test('the state table actions on the state table only, and no table action on the state table', () => {
    const { stack } = newStack();
    const scaling = customTable(stack, 'A');
    const statements = scalerStatements(stack);
    const state = arnOf(scaling.stateTable!);
    for (const action of STATE_ACTIONS) expect(resourcesOf(statements, action)).toEqual([state]);
    expect(statements.filter((s) => JSON.stringify(s.resource) === JSON.stringify(state)).map((s) => s.actions)).toEqual([STATE_ACTIONS]);
  });

  test('no sns:Publish and no secret without notifications or a circuit breaker', () => {
    const { stack } = newStack();
    customTable(stack, 'A');
    const actions = scalerStatements(stack).flatMap((s) => s.actions);
    expect(actions.filter((a) => a.startsWith('sns:') || a.startsWith('secretsmanager:') || a.startsWith('kms:'))).toEqual([]);
  });

  test('sns:Publish on the notifications topic only, once however many tables publish to it', () => {
    const { stack } = newStack();
    const topic = new sns.Topic(stack, 'Topic');
    customTable(stack, 'A', { notifications: { topic } });
    customTable(stack, 'B', { notifications: { topic } });
    customTable(stack, 'C');
    const statements = scalerStatements(stack);
    expect(resourcesOf(statements, 'sns:Publish')).toEqual([{ Ref: logicalId(topic) }]);
    expect(statements.filter((s) => s.actions.some((a) => a.startsWith('sns:'))).map((s) => s.actions)).toEqual([['sns:Publish']]);
  });

  test('GetSecretValue on the circuit breaker credentials only', () => {
    const { stack } = newStack();
    const secret = new secretsmanager.Secret(stack, 'Credentials');
    customTable(stack, 'A', { circuitBreaker: { url: 'https://status.example.com/ok', credentials: secret } });
    const statements = scalerStatements(stack);
    expect(resourcesOf(statements, 'secretsmanager:GetSecretValue')).toEqual([{ Ref: logicalId(secret) }]);
    expect(statements.flatMap((s) => s.actions).filter((a) => a.startsWith('secretsmanager:'))).toEqual(['secretsmanager:GetSecretValue']);
  });

  test('a secret known by partial ARN is granted with the wildcard of its random suffix; its key is granted decrypt', () => {
    const { stack } = newStack();
    const key = new kms.Key(stack, 'Key');
    const secret = secretsmanager.Secret.fromSecretAttributes(stack, 'Credentials', {
      secretPartialArn: 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:breaker', encryptionKey: key,
    });
    customTable(stack, 'A', { circuitBreaker: { url: 'https://status.example.com/ok', credentials: secret } });
    const statements = scalerStatements(stack);
    expect(resourcesOf(statements, 'secretsmanager:GetSecretValue')).toEqual(['arn:aws:secretsmanager:eu-west-1:111111111111:secret:breaker-??????']);
    expect(resourcesOf(statements, 'kms:Decrypt')).toEqual([arnOf(key)]);
  });

  test('an imported table is granted by its ARN', () => {
    const { stack } = newStack();
    new DynamicScaling(stack, 'Scaling', { table: dynamodb.Table.fromTableName(stack, 'Imported', 'orders'), policy: ScalingPolicy.custom({ read: BOUNDS }) });
    const statements = scalerStatements(stack);
    const arn = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':dynamodb:eu-west-1:111111111111:table/orders']] };
    for (const action of TABLE_ACTIONS) expect(resourcesOf(statements, action)).toEqual([arn]);
  });
});

describe('scaler IAM at scale', () => {
  test(`${TABLES_PER_MANAGED_POLICY} tables per managed policy: 20 tables make 2, both attached to the scaler's role`, () => {
    expect(TABLES_PER_MANAGED_POLICY).toBe(19);
    const { stack } = newStack();
    const scalings = Array.from({ length: 20 }, (_, i) => new DynamicScaling(stack, `Scaling${i}`, {
      table: provisionedTable(stack, [], `Table${i}`), policy: ScalingPolicy.custom({ read: BOUNDS }),
    }));
    const t = Template.fromStack(stack);
    const role = { Ref: logicalId(Scaler.find(stack)!.node.findChild('Role')) };
    const managed = Object.values(t.findResources('AWS::IAM::ManagedPolicy'));
    expect(managed).toHaveLength(2);
    expect(managed.map((p) => p.Properties.Roles)).toEqual([[role], [role]]);
    const tablesOf = (p: { [key: string]: any }) => (p.Properties.PolicyDocument.Statement as any[]).map((s) => s.Resource);
    expect(tablesOf(managed[0])).toEqual(scalings.slice(0, 19).map((s) => arnOf(s.table)));
    expect(tablesOf(managed[1])).toEqual([arnOf(scalings[19].table)]);
    expect(Scaler.find(stack)!.managedPolicyCount).toBe(2);
  });

  test("more tables than IAM's 10 managed policies per role hold is a synth error", () => {
    const { app, stack } = newStack();
    // Imported tables add no resources of their own, so the resource limit does not trip first.
    for (let i = 0; i < 10 * TABLES_PER_MANAGED_POLICY + 1; i++) {
      new DynamicScaling(stack, `Scaling${i}`, { table: dynamodb.Table.fromTableName(stack, `Table${i}`, `table-${i}`), policy: ScalingPolicy.custom({ read: BOUNDS }) });
    }
    expect(() => app.synth()).toThrow(/DynamicScaling: the scaler of stack Test needs 11 managed policies for its 191 tables \(19 each\), over IAM's default quota of 10 per role; split the tables across stacks/);
    // Said once, by the scaler, not once per DynamicScaling.
    expect(() => app.synth()).not.toThrow(/needs 11 managed policies[\s\S]*needs 11 managed policies/);
  });

  test('190 tables (10 managed policies) synthesize', () => {
    const { app, stack } = newStack();
    for (let i = 0; i < 10 * TABLES_PER_MANAGED_POLICY; i++) {
      new DynamicScaling(stack, `Scaling${i}`, { table: dynamodb.Table.fromTableName(stack, `Table${i}`, `table-${i}`), policy: ScalingPolicy.custom({ read: BOUNDS }) });
    }
    expect(() => app.synth()).not.toThrow();
    expect(Scaler.find(stack)!.managedPolicyCount).toBe(10);
  });
});
