import { Template } from 'aws-cdk-lib/assertions';
import { newStack, provisionedTable } from './helpers';
import { DynamicScaling, ScalingPolicy } from '../../src';

/** Replaces asset hashes (64 hex digits, alone or in an asset file name) so a snapshot survives rebuilds of the scaler. */
expect.addSnapshotSerializer({
  test: (v: unknown) => typeof v === 'string' && /[0-9a-f]{64}/.test(v),
  serialize: (v: string) => JSON.stringify(v.replace(/[0-9a-f]{64}/g, '<asset-hash>')),
});

// The one snapshot of the Lambda path: a table with a GSI on a custom policy, and the stack's scaler.
// Everything that matters is also asserted fine-grained in lambda-path.test.ts and lambda-iam.test.ts.
test('Lambda path snapshot: a custom-policy table with one GSI', () => {
  const { stack } = newStack();
  new DynamicScaling(stack, 'Scaling', {
    table: provisionedTable(stack, ['ByUser']),
    policy: ScalingPolicy.custom({
      read: { minCapacity: 5, maxCapacity: 500, checksBeforeScaleDown: 3 },
      write: { minCapacity: 2, maxCapacity: 200 },
      maintenanceWindows: [{ start: '22:00', end: '06:00' }],
    }),
  });
  const template = Template.fromStack(stack).toJSON();
  expect(JSON.stringify(template)).toMatch(/[0-9a-f]{64}\.zip/); // the serializer has a hash to scrub
  expect(template).toMatchSnapshot();
});
