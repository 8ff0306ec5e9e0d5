/** The optional dashboard: one row per table and scaled index, plus the scaler's row on the Lambda path. */
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { newStack, provisionedTable, simplePolicy } from './helpers';
import { DynamicScaling, ScalingPolicy } from '../../src';

/** The dashboard body's widgets, with the resolved table name substituted. */
function widgets(stack: Stack): Array<{ properties: { title: string; metrics?: unknown[] } }> {
  const dashboards = Template.fromStack(stack).findResources('AWS::CloudWatch::Dashboard');
  expect(Object.keys(dashboards)).toHaveLength(1);
  const body = Object.values(dashboards)[0].Properties.DashboardBody as { 'Fn::Join': [string, unknown[]] };
  const text = body['Fn::Join'][1].map((p) => (typeof p === 'string' ? p : 'TABLE')).join('');
  return JSON.parse(text).widgets;
}

test('no dashboard unless asked for', () => {
  const { stack } = newStack();
  const scaling = new DynamicScaling(stack, 'S', { table: provisionedTable(stack), policy: simplePolicy() });
  expect(scaling.dashboard).toBeUndefined();
  Template.fromStack(stack).resourceCountIs('AWS::CloudWatch::Dashboard', 0);
});

test('native path: reads, writes and throttles of the table and each scaled index; no scaler row', () => {
  const { stack } = newStack();
  const scaling = new DynamicScaling(stack, 'S', { table: provisionedTable(stack, ['ByA']), policy: simplePolicy(), dashboard: true });
  expect(scaling.dashboard).toBeDefined();
  expect(widgets(stack).map((w) => w.properties.title)).toEqual([
    'Test/Table: reads (units per second)', 'Test/Table: writes (units per second)', 'Test/Table: throttle events',
    'Test/Table / ByA: reads (units per second)', 'Test/Table / ByA: writes (units per second)', 'Test/Table / ByA: throttle events',
  ]);
  const metrics = JSON.stringify(widgets(stack)[3].properties.metrics);
  expect(metrics).toContain('"ConsumedReadCapacityUnits","GlobalSecondaryIndexName","ByA","TableName","TABLE"');
  expect(metrics).toContain('"ProvisionedReadCapacityUnits","GlobalSecondaryIndexName","ByA","TableName","TABLE"');
});

test('Lambda path: the scaler\'s changes and held-back decisions are shown too', () => {
  const { stack } = newStack();
  new DynamicScaling(stack, 'S', {
    table: provisionedTable(stack), policy: ScalingPolicy.recommended({ read: { minCapacity: 1, maxCapacity: 10 } }), dashboard: true,
  });
  const titles = widgets(stack).map((w) => w.properties.title);
  expect(titles.slice(3)).toEqual([
    'Test/Table: the scaler\'s decisions that changed capacity or were held back (table and indexes)',
    'scaler (whole stack): checks and capacity changes', 'scaler (whole stack): decisions held back, by rule',
  ]);
  // This table's decisions, from the scaler's log: no per-table custom metric to pay for.
  const query = (widgets(stack)[3].properties as unknown as { query: string }).query;
  expect(query).toContain('filter message = "decision" and table = "TABLE" and (from != to or ispresent(planned))');
  expect(query).toMatch(/^SOURCE 'TABLE' \| fields @timestamp, index, dimension/);
  // The stack's own scaler, by its service dimension: not every stack's in the account.
  expect(JSON.stringify(widgets(stack)[4].properties.metrics)).toContain('"DynamicScaling","CapacityChanges","service","TestDynamicScalingScalerE9DA9DC4"');
});
