/**
 * DynamoDB: DescribeTable into the engine's table snapshot, and the protocol's `update-capacity`
 * action as one UpdateTable of the table and its GSIs.
 */
import {
  DescribeTableCommand, DynamoDBClient, ProvisionedThroughputDescription, TableDescription,
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
  // The table's own creation, and its last switch of billing mode, bound every target's capacity
  // history: an index without a recorded change has had its capacity since it exists.
  const base = [table.CreationDateTime, table.BillingModeSummary?.LastUpdateToPayPerRequestDateTime];
  const gsis = dictionary<IndexSnapshot>();
  for (const g of table.GlobalSecondaryIndexes ?? []) {
    if (g.IndexName) gsis[g.IndexName] = { ...capacity(g.ProvisionedThroughput, onDemand, base), status: g.IndexStatus ?? 'ACTIVE' };
  }
  return {
    ...capacity(table.ProvisionedThroughput, onDemand, base),
    status: table.TableStatus ?? 'ACTIVE',
    ...(Object.keys(gsis).length > 0 ? { gsis } : {}),
  };
}

function capacity(p: ProvisionedThroughputDescription | undefined, onDemand: boolean, base: Array<Date | undefined>): Omit<IndexSnapshot, 'status'> {
  // Since when the capacity is what it is: the latest of the known changes; unknown without any.
  const known = [...base, p?.LastIncreaseDateTime, p?.LastDecreaseDateTime].filter((d): d is Date => d !== undefined).map((d) => d.getTime());
  return {
    ...(known.length > 0 ? { capacitySinceMs: Math.max(...known) } : {}),
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
