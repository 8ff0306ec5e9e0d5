import { tmpdir } from 'os';
import { join } from 'path';
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { buildApp } from '../../examples/app';

/** Replaces asset hashes (64 hex digits, alone or in an asset file name) so a snapshot survives rebuilds. */
expect.addSnapshotSerializer({
  test: (v: unknown) => typeof v === 'string' && /[0-9a-f]{64}/.test(v),
  serialize: (v: string) => JSON.stringify(v.replace(/[0-9a-f]{64}/g, '<asset-hash>')),
});

// The one snapshot of the native path: the example app's table with two GSIs, one overridden.
// Everything that matters is also asserted fine-grained in native-path.test.ts.
test('native path snapshot: example OrdersStack', () => {
  const app = buildApp({ outdir: join(tmpdir(), 'native-snapshot') });
  const stack = app.node.findChild('DynamicScalingOrders') as Stack;
  expect(Template.fromStack(stack).toJSON()).toMatchSnapshot();
});
