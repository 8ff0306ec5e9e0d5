/**
 * DynamoDB: DescribeTable into the engine's table snapshot, and the protocol's `update-capacity`
 * action as one UpdateTable of the table and its GSIs.
 */
import {
  DescribeTableCommand, DynamoDBClient, GlobalSecondaryIndexDescription, ProvisionedThroughputDescription, TableDescription,
  UpdateTableCommand, UpdateTableCommandInput,
} from '@aws-sdk/client-dynamodb';
import { callOutcome, errorMessage } from './call-outcome';
import {
  DescribeTableAnswer, DescribeTableRequest, dictionary, IndexSnapshot, TableSnapshot, UpdateCapacityAction, UpdateCapacityAnswer,
} from '../../src/engine';

/** Answers a `describe-table` request. */
export async function describeTable(client: DynamoDBClient, request: DescribeTableRequest): Promise<DescribeTableAnswer> {
  try {
    const out = await client.send(new DescribeTableCommand({ TableName: request.table }));
    if (!out.Table) return { id: request.id, kind: request.kind, outcome: 'error', message: 'DescribeTable returned no table' };
    return { id: request.id, kind: request.kind, outcome: 'ok', snapshot: tableSnapshot(out.Table) };
  } catch (e) {
    return { id: request.id, kind: request.kind, outcome: callOutcome(e), message: errorMessage(e) };
  }
}

/**
 * The engine's view of a table. An on-demand table (or index) reads as 0 units, which the engine
 * skips (D9); so does a table switched to on-demand since the last check.
 */
export function tableSnapshot(table: TableDescription): TableSnapshot {
  const onDemand = table.BillingModeSummary?.BillingMode === 'PAY_PER_REQUEST';
  const gsis = dictionary<IndexSnapshot>();
  for (const g of table.GlobalSecondaryIndexes ?? []) {
    if (g.IndexName) gsis[g.IndexName] = indexSnapshot(g, onDemand);
  }
  return {
    ...capacity(table.ProvisionedThroughput, onDemand, table.CreationDateTime),
    status: table.TableStatus ?? 'ACTIVE',
    ...(Object.keys(gsis).length > 0 ? { gsis } : {}),
  };
}

function indexSnapshot(g: GlobalSecondaryIndexDescription, onDemand: boolean): IndexSnapshot {
  return { ...capacity(g.ProvisionedThroughput, onDemand, undefined), status: g.IndexStatus ?? 'ACTIVE' };
}

function capacity(p: ProvisionedThroughputDescription | undefined, onDemand: boolean, created: Date | undefined): Omit<IndexSnapshot, 'status'> {
  // Since when the capacity is what it is: the latest change, or the creation. An index reports
  // no creation time, so without a change its capacity's age stays unknown (and is read).
  const since = created === undefined && !p?.LastIncreaseDateTime && !p?.LastDecreaseDateTime ? undefined
    : Math.max(...[created, p?.LastIncreaseDateTime, p?.LastDecreaseDateTime].filter((d): d is Date => d !== undefined).map((d) => d.getTime()));
  return {
    ...(since !== undefined ? { capacitySinceMs: since } : {}),
    read: onDemand ? 0 : p?.ReadCapacityUnits ?? 0,
    write: onDemand ? 0 : p?.WriteCapacityUnits ?? 0,
    ...(p?.NumberOfDecreasesToday !== undefined ? { decreasesToday: p.NumberOfDecreasesToday } : {}),
    ...(p?.LastDecreaseDateTime ? { lastDecreaseMs: p.LastDecreaseDateTime.getTime() } : {}),
  };
}

/** The UpdateTable input of an `update-capacity` action: the table's throughput and each GSI's in one call. */
export function updateTableInput(action: UpdateCapacityAction): UpdateTableCommandInput {
  return {
    TableName: action.table,
    ...(action.throughput
      ? { ProvisionedThroughput: { ReadCapacityUnits: action.throughput.reads, WriteCapacityUnits: action.throughput.writes } }
      : {}),
    ...(action.gsis.length > 0 ? {
      GlobalSecondaryIndexUpdates: action.gsis.map((g) => ({
        Update: { IndexName: g.index, ProvisionedThroughput: { ReadCapacityUnits: g.reads, WriteCapacityUnits: g.writes } },
      })),
    } : {}),
  };
}

/** Answers an `update-capacity` action with one UpdateTable. */
export async function updateCapacity(client: DynamoDBClient, action: UpdateCapacityAction): Promise<UpdateCapacityAnswer> {
  try {
    await client.send(new UpdateTableCommand(updateTableInput(action)));
    return { id: action.id, kind: action.kind, outcome: 'ok' };
  } catch (e) {
    return { id: action.id, kind: action.kind, outcome: callOutcome(e), message: errorMessage(e) };
  }
}
