/**
 * The policy resource (`Custom::DynamicScalingPolicy`): a CloudFormation custom resource per
 * managed table whose ServiceToken is the scaler function itself, so one function per stack
 * serves the checks and the resources alike, with no provider framework. It writes the table's
 * policy into the table's item of the state table and removes the item when the resource goes.
 *
 * A policy the scaler could not use fails the resource, so the deploy fails and rolls back
 * instead of leaving the table unmanaged. Every event is answered, failures included: without an
 * answer the stack waits for the resource's timeout (an hour). CloudFormation invokes the
 * function asynchronously and Lambda retries a failed invocation, so each request is idempotent.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { errorMessage } from './aws/call-outcome';
import { CfnResponseBody, sendCfnResponse } from './aws/cfn-response';
import { combinePolicies } from './managed-policies';
import { DynamoDbStateStore } from './state/dynamodb-state-store';
import { StateStoreError } from './state/state-store';
import { POLICY_RESOURCE_DRY_RUN, POLICY_RESOURCE_POLICY, POLICY_RESOURCE_TABLE_NAME, POLICY_RESOURCE_TYPE, STATE_TABLE_ENV } from '../src/constants';

/** A CloudFormation custom resource event, as the function receives it. */
export interface PolicyResourceEvent {
  /** What CloudFormation asks. */
  readonly RequestType: 'Create' | 'Update' | 'Delete';
  /** The presigned URL the answer goes to. */
  readonly ResponseURL: string;
  /** The stack's ARN. */
  readonly StackId: string;
  /** The request's id, echoed in the answer. */
  readonly RequestId: string;
  /** The resource's logical id in the template. */
  readonly LogicalResourceId: string;
  /** The resource's type in the template: {@link POLICY_RESOURCE_TYPE}. */
  readonly ResourceType?: string;
  /** The id the last answer gave (Update and Delete). */
  readonly PhysicalResourceId?: string;
  /** The resource's properties, strings as CloudFormation passes them. */
  readonly ResourceProperties: Readonly<Record<string, unknown>>;
}

/** Where the resource's lines go (Powertools Logger fits). */
export interface PolicyResourceLog {
  info(message: string, fields: Record<string, unknown>): void;
  error(message: string, fields: Record<string, unknown>): void;
}

/** What handling an event needs. */
export interface PolicyResourceDeps {
  /** The state table's client. */
  readonly dynamodb: DynamoDBClient;
  /** The state table's name (from {@link STATE_TABLE_ENV}). */
  readonly stateTable: string | undefined;
  /** Where the lines go. */
  readonly log: PolicyResourceLog;
  /** Sends the answer. @default sendCfnResponse */
  readonly respond?: (responseUrl: string, body: CfnResponseBody) => Promise<void>;
  /** The invocation's log stream, named in the reason of an unexpected failure. @default - not named */
  readonly logStream?: string;
}

/**
 * The physical id of a resource whose Create failed, before the logical id: never a table name
 * (`:` is not allowed in one), so its Delete, when CloudFormation rolls back, removes nothing.
 */
export const NOT_CREATED_PREFIX = 'dynamic-scaling:not-created:';

/** DynamoDB's table names. */
const TABLE_NAME = /^[a-zA-Z0-9_.-]{3,255}$/;

/** Whether an event is a custom resource event (else it is a check's). */
export function isPolicyResourceEvent(event: unknown): event is PolicyResourceEvent {
  const e = event as Record<string, unknown> | null;
  return typeof e === 'object' && e !== null
    && (e.RequestType === 'Create' || e.RequestType === 'Update' || e.RequestType === 'Delete')
    && typeof e.ResponseURL === 'string' && typeof e.StackId === 'string' && typeof e.RequestId === 'string'
    && typeof e.LogicalResourceId === 'string' && typeof e.ResourceProperties === 'object' && e.ResourceProperties !== null;
}

/**
 * Handles a custom resource event and answers it: SUCCESS, or FAILED with the reason.
 *
 * @returns the answer sent
 * @throws Error only when the answer cannot be delivered (the invocation fails; Lambda retries it)
 */
export async function handlePolicyResource(event: PolicyResourceEvent, deps: PolicyResourceDeps): Promise<CfnResponseBody> {
  let status: CfnResponseBody['Status'];
  let physicalId: string;
  let reason: string;
  try {
    ({ physicalId, reason } = await apply(event, deps));
    status = 'SUCCESS';
  } catch (e) {
    status = 'FAILED';
    // A failed Create has no item; a failed Update or Delete keeps the resource as it was.
    physicalId = event.RequestType === 'Create' || event.PhysicalResourceId === undefined
      ? `${NOT_CREATED_PREFIX}${event.LogicalResourceId}` : event.PhysicalResourceId;
    reason = e instanceof PolicyResourceError || e instanceof StateStoreError
      ? e.message : `${errorMessage(e)}${deps.logStream ? ` (log stream ${deps.logStream})` : ''}`;
  }
  const body: CfnResponseBody = {
    Status: status,
    Reason: reason,
    PhysicalResourceId: physicalId,
    StackId: event.StackId,
    RequestId: event.RequestId,
    LogicalResourceId: event.LogicalResourceId,
    NoEcho: false,
    Data: {},
  };
  const fields = { requestType: event.RequestType, logicalResourceId: event.LogicalResourceId, physicalResourceId: physicalId, reason };
  if (status === 'SUCCESS') deps.log.info('policy resource', fields);
  else deps.log.error('policy resource failed', fields);
  await (deps.respond ?? sendCfnResponse)(event.ResponseURL, body);
  return body;
}

/** A failure whose message is the whole reason. */
class PolicyResourceError extends Error {}

async function apply(event: PolicyResourceEvent, deps: PolicyResourceDeps): Promise<{ physicalId: string; reason: string }> {
  // Identifies the resource that wrote an item: see DynamoDbStateStore.removeItem.
  const owner = `${event.StackId}#${event.LogicalResourceId}`;
  if (event.RequestType === 'Delete') {
    const table = event.PhysicalResourceId ?? `${NOT_CREATED_PREFIX}${event.LogicalResourceId}`;
    // A failed Create's id, or any id that is no table name, names nothing this resource wrote.
    if (!TABLE_NAME.test(table)) return { physicalId: table, reason: 'nothing to remove: the resource was never created' };
    const removed = await store(deps).removeItem(table, owner);
    const reasons = {
      'removed': `the item of table ${table} is removed: the scaler no longer manages the table`,
      'not-owned': `the item of table ${table} is left as it is: another resource wrote its policy, or it is gone`,
      'no-state-table': `state table ${deps.stateTable} does not exist: nothing to remove`,
    };
    return { physicalId: table, reason: reasons[removed] };
  }
  if (event.ResourceType !== POLICY_RESOURCE_TYPE) {
    throw new PolicyResourceError(`this function serves ${POLICY_RESOURCE_TYPE} resources only, got ${event.ResourceType}`);
  }
  const table = event.ResourceProperties[POLICY_RESOURCE_TABLE_NAME];
  const policy = event.ResourceProperties[POLICY_RESOURCE_POLICY];
  if (typeof table !== 'string' || !TABLE_NAME.test(table)) {
    throw new PolicyResourceError(`${POLICY_RESOURCE_TABLE_NAME} must be a DynamoDB table name (3-255 characters of a-z, A-Z, 0-9, _ . -), got ${JSON.stringify(table)}`);
  }
  if (typeof policy !== 'string') throw new PolicyResourceError(`${POLICY_RESOURCE_POLICY} must be the table's policy as JSON text, got ${JSON.stringify(policy)}`);
  // The scaler's own reading of an item: what it would skip, the deploy refuses.
  const { invalid } = combinePolicies([{ table, policy }]);
  if (invalid.length > 0) throw new PolicyResourceError(`the ${POLICY_RESOURCE_POLICY} of table ${table} cannot be used: ${invalid[0].message}`);
  const dryRun = event.ResourceProperties[POLICY_RESOURCE_DRY_RUN];
  if (dryRun !== undefined && dryRun !== 'true' && dryRun !== 'false') {
    throw new PolicyResourceError(`${POLICY_RESOURCE_DRY_RUN} must be 'true' or 'false', got ${JSON.stringify(dryRun)}`);
  }
  await store(deps).writePolicy(table, policy, owner, dryRun === 'true');
  // On Update to another table, the new id makes CloudFormation delete the old one's item.
  return { physicalId: table, reason: `the policy of table ${table} is written to state table ${deps.stateTable}` };
}

function store(deps: PolicyResourceDeps): DynamoDbStateStore {
  if (!deps.stateTable) throw new PolicyResourceError(`${STATE_TABLE_ENV} is not set: the scaler does not know its state table`);
  return new DynamoDbStateStore(deps.dynamodb, deps.stateTable);
}
