/**
 * End to end: the policy resource through the scaler's handler, in process, against dynalite
 * (the state table) and a local server standing in for the ResponseURL; the item as the scaler
 * then reads it.
 */
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { createStateTable, LocalServer, localAwsEnv, ReceivedRequest, startDynalite, startResponseServer } from './local-servers';
import { handler } from '../../lambda/handler';
import { combinePolicies } from '../../lambda/managed-policies';
import { DynamoDbStateStore, STATE_KEY } from '../../lambda/state/dynamodb-state-store';
import { POLICY_RESOURCE_POLICY, POLICY_RESOURCE_TABLE_NAME, POLICY_RESOURCE_TYPE, STATE_TABLE_ENV } from '../../src/constants';

const STACK = 'arn:aws:cloudformation:us-east-1:123456789012:stack/app/0a1b2c3d';
const bounds = { min: 5, max: 1000 };
const policyOf = (table: string, checkIntervalSeconds: number) => JSON.stringify({
  tables: [{ tableName: table, policy: { reads: bounds, writes: bounds } }], checkIntervalSeconds,
});

let dynalite: LocalServer;
let responses: LocalServer & { readonly requests: ReceivedRequest[] };
let dynamodb: DynamoDBClient;
let store: DynamoDbStateStore;
let saved: NodeJS.ProcessEnv;
let quiet: jest.SpyInstance[];
let request = 0;

beforeAll(async () => {
  [dynalite, responses] = await Promise.all([startDynalite(), startResponseServer()]);
  dynamodb = new DynamoDBClient({ region: 'us-east-1', endpoint: dynalite.endpoint, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  await createStateTable(dynamodb);
  store = new DynamoDbStateStore(dynamodb, 'scaler-state');
  saved = { ...process.env };
  Object.assign(process.env, {
    [STATE_TABLE_ENV]: 'scaler-state',
    ...localAwsEnv(dynalite),
  });
  quiet = [jest.spyOn(process.stdout, 'write').mockImplementation(() => true), jest.spyOn(process.stderr, 'write').mockImplementation(() => true)];
}, 30_000);

afterAll(async () => {
  quiet.forEach((q) => q.mockRestore());
  process.env = saved;
  dynamodb?.destroy();
  await Promise.all([dynalite?.stop(), responses?.stop()]);
});

/** Sends a custom resource event of `logicalId` through the handler; the answer CloudFormation got. */
async function send(
  requestType: 'Create' | 'Update' | 'Delete', logicalId: string, table: string, policy: string, physicalId?: string,
): Promise<{ Status: string; PhysicalResourceId: string; Reason: string }> {
  const before = responses.requests.length;
  await handler({
    RequestType: requestType,
    ServiceToken: 'arn:aws:lambda:us-east-1:123456789012:function:app-scaler',
    ResponseURL: `${responses.endpoint}/responses/${++request}?X-Amz-Signature=sig`,
    StackId: STACK,
    RequestId: `request-${request}`,
    LogicalResourceId: logicalId,
    ResourceType: POLICY_RESOURCE_TYPE,
    ...(physicalId !== undefined ? { PhysicalResourceId: physicalId } : {}),
    ResourceProperties: { [POLICY_RESOURCE_TABLE_NAME]: table, [POLICY_RESOURCE_POLICY]: policy },
  });
  expect(responses.requests).toHaveLength(before + 1);
  return JSON.parse(responses.requests[before].body);
}

const item = async (table: string) => (await dynamodb.send(new GetItemCommand({ TableName: 'scaler-state', Key: { [STATE_KEY]: { S: table } }, ConsistentRead: true }))).Item;

test('create, the scaler\'s state beside it, update, a move to a new logical id, delete', async () => {
  expect(await send('Create', 'OrdersPolicy', 'orders', policyOf('orders', 60))).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: 'orders' });
  const managed = await store.managedTables();
  expect(managed).toEqual([{ table: 'orders', policy: policyOf('orders', 60) }]);
  expect(combinePolicies(managed).intervals).toEqual(new Map([['orders', 60]]));

  // The scaler's state write, then an Update of the policy: the state and its revision are kept.
  expect(await store.write('orders', { table: { counters: { reads: 2, writes: 0 } }, gsis: {} }, 0)).toEqual({ outcome: 'ok', revision: 1 });
  expect(await send('Update', 'OrdersPolicy', 'orders', policyOf('orders', 300), 'orders')).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: 'orders' });
  expect(await item('orders')).toMatchObject({ policy: { S: policyOf('orders', 300) }, revision: { N: '1' }, state: expect.anything() });

  // The construct moved: CloudFormation creates the new resource, then deletes the old one.
  expect(await send('Create', 'MovedOrdersPolicy', 'orders', policyOf('orders', 300))).toMatchObject({ Status: 'SUCCESS' });
  expect(await send('Delete', 'OrdersPolicy', 'orders', policyOf('orders', 300), 'orders')).toMatchObject({
    Status: 'SUCCESS', Reason: expect.stringContaining('left as it is'),
  });
  expect(await item('orders')).toMatchObject({ policy: { S: policyOf('orders', 300) }, revision: { N: '1' } });

  // The resource goes: the whole item goes, state and all.
  expect(await send('Delete', 'MovedOrdersPolicy', 'orders', policyOf('orders', 300), 'orders')).toMatchObject({ Status: 'SUCCESS' });
  expect(await item('orders')).toBeUndefined();
  expect(await store.managedTables()).toEqual([]);
}, 30_000);

test('a failed Create and its rollback\'s Delete leave the other items alone', async () => {
  await send('Create', 'CustomersPolicy', 'customers', policyOf('customers', 60));
  const failed = await send('Create', 'BrokenPolicy', 'broken', policyOf('customers', 60));
  expect(failed.Status).toBe('FAILED');
  expect(await send('Delete', 'BrokenPolicy', 'broken', policyOf('customers', 60), failed.PhysicalResourceId)).toMatchObject({ Status: 'SUCCESS' });
  expect((await store.managedTables()).map((m) => m.table)).toEqual(['customers']);
}, 30_000);
