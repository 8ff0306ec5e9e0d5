/**
 * The policy resource (`Custom::DynamicScalingPolicy`) through the scaler's handler: DynamoDB
 * mocked, the answer PUT to a local server standing in for the presigned ResponseURL.
 */
import { ConditionalCheckFailedException, DeleteItemCommand, DynamoDBClient, ResourceNotFoundException, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { LocalServer, ReceivedRequest, startResponseServer } from './local-servers';
import { handler } from '../../lambda/handler';
import { NOT_CREATED_PREFIX } from '../../lambda/policy-resource';
import { DynamoDbStateStore } from '../../lambda/state/dynamodb-state-store';
import { POLICY_RESOURCE_DRY_RUN, POLICY_RESOURCE_POLICY, POLICY_RESOURCE_TABLE_NAME, POLICY_RESOURCE_TYPE, STATE_TABLE_ENV } from '../../src/constants';

const ddb = mockClient(DynamoDBClient);
const STACK = 'arn:aws:cloudformation:us-east-1:123456789012:stack/app/0a1b2c3d';
const OWNER = `${STACK}#OrdersPolicy`;
const SERVICE_TOKEN = 'arn:aws:lambda:us-east-1:123456789012:function:app-scaler';
const bounds = { min: 5, max: 1000 };
const policyOf = (table: string) => JSON.stringify({
  tables: [{ tableName: table, policy: { reads: bounds, writes: bounds } }], checkIntervalSeconds: 60,
});

let server: LocalServer & { readonly requests: ReceivedRequest[] };
let statuses: number[];
let request = 0;
let spies: jest.SpyInstance[] = [];

beforeAll(async () => {
  statuses = [];
  server = await startResponseServer(statuses);
});
afterAll(() => server.stop());

beforeEach(() => {
  ddb.reset();
  ddb.on(UpdateItemCommand).resolves({});
  ddb.on(DeleteItemCommand).resolves({});
  process.env[STATE_TABLE_ENV] = 'scaler-state';
  process.env.AWS_REGION = 'us-east-1';
  server.requests.length = 0;
  spies = [jest.spyOn(process.stdout, 'write').mockImplementation(() => true), jest.spyOn(process.stderr, 'write').mockImplementation(() => true)];
});
afterEach(() => spies.forEach((s) => s.mockRestore()));

/** A custom resource event as CloudFormation sends it for the resource `OrdersPolicy`. */
function cfnEvent(requestType: 'Create' | 'Update' | 'Delete', properties: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) {
  request++;
  return {
    RequestType: requestType,
    ServiceToken: SERVICE_TOKEN,
    ResponseURL: `${server.endpoint}/cfn-responses/${request}?X-Amz-Signature=sig`,
    StackId: STACK,
    RequestId: `request-${request}`,
    LogicalResourceId: 'OrdersPolicy',
    ResourceType: POLICY_RESOURCE_TYPE,
    ResourceProperties: {
      ServiceToken: SERVICE_TOKEN,
      [POLICY_RESOURCE_TABLE_NAME]: 'orders',
      [POLICY_RESOURCE_POLICY]: policyOf('orders'),
      ...properties,
    },
    ...extra,
  };
}

/** Invokes the handler with `event`; the answer CloudFormation received (exactly one). */
async function invoke(event: ReturnType<typeof cfnEvent>) {
  const returned = await handler(event, { logStreamName: '2024/01/01/[$LATEST]abc' });
  expect(server.requests).toHaveLength(1);
  const [r] = server.requests;
  expect(r.url).toBe(new URL(event.ResponseURL).pathname + new URL(event.ResponseURL).search);
  const answer = JSON.parse(r.body);
  expect(returned).toEqual(answer);
  return answer;
}

const updates = () => ddb.commandCalls(UpdateItemCommand).map((c) => c.args[0].input);
const deletes = () => ddb.commandCalls(DeleteItemCommand).map((c) => c.args[0].input);

test('Create: UpdateItem sets the policy (and its owner) on the table\'s item, nothing else; SUCCESS with the table as physical id', async () => {
  const event = cfnEvent('Create');
  const answer = await invoke(event);
  expect(updates()).toEqual([{
    TableName: 'scaler-state',
    Key: { tableName: { S: 'orders' } },
    UpdateExpression: 'SET #p = :p, #o = :o REMOVE #d',
    ExpressionAttributeNames: { '#p': 'policy', '#o': 'policyOwner', '#d': 'dryRun' },
    ExpressionAttributeValues: { ':p': { S: policyOf('orders') }, ':o': { S: OWNER } },
  }]);
  expect(ddb.calls()).toHaveLength(1);
  expect(answer).toEqual({
    Status: 'SUCCESS',
    Reason: 'the policy of table orders is written to state table scaler-state',
    PhysicalResourceId: 'orders',
    StackId: STACK,
    RequestId: event.RequestId,
    LogicalResourceId: 'OrdersPolicy',
    NoEcho: false,
    Data: {},
  });
});

test('DryRun: true marks the item, so the scaler checks the table as a dry run; anything but true or false fails', async () => {
  await invoke(cfnEvent('Create', { [POLICY_RESOURCE_DRY_RUN]: 'true' }));
  expect(updates()[0]).toMatchObject({
    UpdateExpression: 'SET #p = :p, #o = :o, #d = :d',
    ExpressionAttributeValues: { ':p': { S: policyOf('orders') }, ':o': { S: OWNER }, ':d': { BOOL: true } },
  });
  server.requests.length = 0;
  ddb.resetHistory();
  const answer = await invoke(cfnEvent('Create', { [POLICY_RESOURCE_DRY_RUN]: 'yes' }));
  expect(answer).toMatchObject({ Status: 'FAILED', Reason: 'DryRun must be \'true\' or \'false\', got "yes"' });
  expect(updates()).toEqual([]);
});

describe('Create with a policy the scaler could not use: FAILED, the reason naming the problem, nothing written', () => {
  test.each([
    ['the Policy is not JSON', { [POLICY_RESOURCE_POLICY]: '{"tables": [' }, /^the Policy of table orders cannot be used: .*JSON/],
    ['the policy breaks a rule', {
      [POLICY_RESOURCE_POLICY]: JSON.stringify({ tables: [{ tableName: 'orders', policy: { reads: { min: 50, max: 10 } } }] }),
    }, /^the Policy of table orders cannot be used: .*tables\[0\]\.policy\.reads\.min/],
    ['the rule is for another table', { [POLICY_RESOURCE_POLICY]: policyOf('customers') },
      /^the Policy of table orders cannot be used: it must have exactly one rule, with tableName "orders"$/],
    ['the check interval is 0', { [POLICY_RESOURCE_POLICY]: JSON.stringify({ ...JSON.parse(policyOf('orders')), checkIntervalSeconds: 0 }) },
      /^the Policy of table orders cannot be used: .*checkIntervalSeconds/],
    ['no Policy', { [POLICY_RESOURCE_POLICY]: undefined }, /^Policy must be the table's policy as JSON text, got undefined$/],
    ['no TableName', { [POLICY_RESOURCE_TABLE_NAME]: undefined }, /^TableName must be a DynamoDB table name .*, got undefined$/],
    ['a TableName DynamoDB does not allow', { [POLICY_RESOURCE_TABLE_NAME]: 'orders/2024' }, /^TableName must be a DynamoDB table name .*, got "orders\/2024"$/],
  ])('%s', async (_, properties, reason) => {
    const answer = await invoke(cfnEvent('Create', properties));
    expect(answer).toMatchObject({ Status: 'FAILED', PhysicalResourceId: `${NOT_CREATED_PREFIX}OrdersPolicy` });
    expect(answer.Reason).toMatch(reason);
    expect(ddb.calls()).toHaveLength(0);
  });

  test('another resource type routed to this function', async () => {
    const answer = await invoke(cfnEvent('Create', {}, { ResourceType: 'AWS::CloudFormation::CustomResource' }));
    expect(answer).toMatchObject({
      Status: 'FAILED',
      Reason: 'this function serves Custom::DynamicScalingPolicy resources only, got AWS::CloudFormation::CustomResource',
    });
    expect(ddb.calls()).toHaveLength(0);
  });
});

test('Update of the policy: the same item written, the same physical id', async () => {
  const policy = JSON.stringify({ tables: [{ tableName: 'orders', policy: { reads: { min: 10, max: 500 } } }] });
  const answer = await invoke(cfnEvent('Update', { [POLICY_RESOURCE_POLICY]: policy }, { PhysicalResourceId: 'orders', OldResourceProperties: {} }));
  expect(updates().map((u) => [u.Key, u.ExpressionAttributeValues?.[':p']])).toEqual([[{ tableName: { S: 'orders' } }, { S: policy }]]);
  expect(answer).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: 'orders' });
});

test('Update to another table: the new table\'s item written, its name the new physical id; the old item is left to the Delete that follows', async () => {
  const answer = await invoke(cfnEvent('Update', {
    [POLICY_RESOURCE_TABLE_NAME]: 'orders-v2', [POLICY_RESOURCE_POLICY]: policyOf('orders-v2'),
  }, { PhysicalResourceId: 'orders' }));
  expect(updates().map((u) => u.Key)).toEqual([{ tableName: { S: 'orders-v2' } }]);
  expect(deletes()).toEqual([]);
  expect(answer).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: 'orders-v2' });
});

test('a failed Update keeps the physical id (CloudFormation rolls the old properties back)', async () => {
  const answer = await invoke(cfnEvent('Update', { [POLICY_RESOURCE_POLICY]: policyOf('customers') }, { PhysicalResourceId: 'orders' }));
  expect(answer).toMatchObject({ Status: 'FAILED', PhysicalResourceId: 'orders' });
  expect(ddb.calls()).toHaveLength(0);
});

test('Delete: DeleteItem of the whole item (policy and state), if this resource wrote its policy', async () => {
  const answer = await invoke(cfnEvent('Delete', {}, { PhysicalResourceId: 'orders' }));
  expect(deletes()).toEqual([{
    TableName: 'scaler-state',
    Key: { tableName: { S: 'orders' } },
    ConditionExpression: '#o = :o',
    ExpressionAttributeNames: { '#o': 'policyOwner' },
    ExpressionAttributeValues: { ':o': { S: OWNER } },
  }]);
  expect(answer).toMatchObject({
    Status: 'SUCCESS', PhysicalResourceId: 'orders', Reason: 'the item of table orders is removed: the scaler no longer manages the table',
  });
});

test('Delete of an item another resource has written since (the resource moved to a new logical id): left as it is, SUCCESS', async () => {
  ddb.on(DeleteItemCommand).rejects(new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} }));
  const answer = await invoke(cfnEvent('Delete', {}, { PhysicalResourceId: 'orders' }));
  expect(answer).toMatchObject({ Status: 'SUCCESS', Reason: expect.stringContaining('the item of table orders is left as it is') });
});

test('Delete when the state table is gone already: SUCCESS, nothing to remove', async () => {
  ddb.on(DeleteItemCommand).rejects(new ResourceNotFoundException({ message: 'Requested resource not found', $metadata: {} }));
  const answer = await invoke(cfnEvent('Delete', {}, { PhysicalResourceId: 'orders' }));
  expect(answer).toMatchObject({ Status: 'SUCCESS', Reason: 'state table scaler-state does not exist: nothing to remove' });
});

test('a failed Create, then the Delete of its rollback: the marker id names no table, nothing is touched', async () => {
  const failed = await invoke(cfnEvent('Create', { [POLICY_RESOURCE_POLICY]: '{' }));
  expect(failed.Status).toBe('FAILED');
  server.requests.length = 0;
  const answer = await invoke(cfnEvent('Delete', { [POLICY_RESOURCE_POLICY]: '{' }, { PhysicalResourceId: failed.PhysicalResourceId }));
  expect(answer).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: failed.PhysicalResourceId });
  expect(ddb.calls()).toHaveLength(0);
});

test('a DynamoDB error: FAILED with its message (Create: the marker id; Delete: the id kept)', async () => {
  const denied = { name: 'AccessDeniedException', message: 'User is not authorized to perform: dynamodb:UpdateItem', $metadata: {} };
  ddb.on(UpdateItemCommand).rejects(Object.assign(new Error(denied.message), denied));
  ddb.on(DeleteItemCommand).rejects(Object.assign(new Error('throttled'), { name: 'ThrottlingException' }));
  const created = await invoke(cfnEvent('Create'));
  expect(created).toMatchObject({
    Status: 'FAILED',
    PhysicalResourceId: `${NOT_CREATED_PREFIX}OrdersPolicy`,
    Reason: 'state table scaler-state, item orders cannot be written: AccessDeniedException: User is not authorized to perform: dynamodb:UpdateItem',
  });
  server.requests.length = 0;
  const deleted = await invoke(cfnEvent('Delete', {}, { PhysicalResourceId: 'orders' }));
  expect(deleted).toMatchObject({
    Status: 'FAILED', PhysicalResourceId: 'orders', Reason: 'state table scaler-state, item orders cannot be removed: ThrottlingException: throttled',
  });
});

test('no state table setting: FAILED, said plainly, still answered', async () => {
  delete process.env[STATE_TABLE_ENV];
  const answer = await invoke(cfnEvent('Create'));
  expect(answer).toMatchObject({ Status: 'FAILED', Reason: 'DYNAMIC_SCALING_STATE_TABLE is not set: the scaler does not know its state table' });
});

test('an unexpected error is answered too, FAILED, the log stream named', async () => {
  const broken = jest.spyOn(DynamoDbStateStore.prototype, 'writePolicy').mockRejectedValue(new TypeError('x is not a function'));
  try {
    const answer = await invoke(cfnEvent('Create'));
    expect(answer).toMatchObject({ Status: 'FAILED', Reason: 'TypeError: x is not a function (log stream 2024/01/01/[$LATEST]abc)' });
  } finally {
    broken.mockRestore();
  }
});

test('an answer CloudFormation refuses fails the invocation, so that Lambda retries it', async () => {
  statuses.push(403);
  await expect(handler(cfnEvent('Create'))).rejects.toThrow('CloudFormation\'s ResponseURL refused the response: HTTP 403');
  expect(updates()).toHaveLength(1);
});
