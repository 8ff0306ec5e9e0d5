/**
 * State units in a DynamoDB table (on-demand, partition key `tableName`): one item per managed
 * table, `{ tableName, revision, state }` where `state` is the engine's encoded unit. Writes are
 * conditional on the revision read, so of two overlapping checks only one writes.
 */
import {
  BatchGetItemCommand, ConditionalCheckFailedException, DeleteItemCommand, DynamoDBClient, PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import { StateStore, StateStoreError, StoredUnit, UnreadableUnit, WriteOutcome } from './state-store';
import { decodeTableState, encodeTableState, JsonDecodeError, TableState } from '../../src/engine';
import { errorMessage } from '../aws/call-outcome';

/** BatchGetItem's limit of keys per call. */
const KEYS_PER_BATCH = 100;
/** Rounds of UnprocessedKeys retried before the check gives up on the rest. */
const MAX_UNPROCESSED_ROUNDS = 5;

/** A conditional write's expression. */
type Condition = {
  ConditionExpression: string;
  ExpressionAttributeNames: Record<string, string>;
  ExpressionAttributeValues?: Record<string, { N: string }>;
};

/** The state table's partition key. */
export const STATE_KEY = 'tableName';

/** A state store in a DynamoDB table. */
export class DynamoDbStateStore implements StateStore {
  public readonly description: string;

  constructor(private readonly client: DynamoDBClient, private readonly tableName: string) {
    this.description = `state table ${tableName}`;
  }

  public async load(tables: readonly string[]): Promise<Map<string, StoredUnit | UnreadableUnit>> {
    const out = new Map<string, StoredUnit | UnreadableUnit>();
    for (const t of tables) out.set(t, { revision: 0 });
    for (let i = 0; i < tables.length; i += KEYS_PER_BATCH) {
      let keys = tables.slice(i, i + KEYS_PER_BATCH).map((t) => ({ [STATE_KEY]: { S: t } }));
      for (let round = 0; keys.length > 0; round++) {
        if (round === MAX_UNPROCESSED_ROUNDS) {
          for (const k of keys) out.set(k[STATE_KEY].S!, { error: `${this.description}: not read after ${round} tries (throttled)` });
          break;
        }
        let res;
        try {
          res = await this.client.send(new BatchGetItemCommand({ RequestItems: { [this.tableName]: { Keys: keys, ConsistentRead: true } } }));
        } catch (e) {
          throw new StateStoreError(`${this.description} cannot be read: ${errorMessage(e)}`);
        }
        for (const item of res.Responses?.[this.tableName] ?? []) {
          const table = item[STATE_KEY]?.S;
          if (table === undefined) continue;
          out.set(table, this.decode(table, item.state?.S, item.revision?.N));
        }
        keys = (res.UnprocessedKeys?.[this.tableName]?.Keys ?? []) as typeof keys;
      }
    }
    return out;
  }

  public async write(table: string, unit: TableState | null, revision: number): Promise<WriteOutcome> {
    const condition: Condition = revision === 0
      ? { ConditionExpression: 'attribute_not_exists(#k)', ExpressionAttributeNames: { '#k': STATE_KEY } }
      : { ConditionExpression: '#r = :r', ExpressionAttributeNames: { '#r': 'revision' }, ExpressionAttributeValues: { ':r': { N: String(revision) } } };
    try {
      if (unit === null) {
        if (revision === 0) return { outcome: 'ok', revision: 0 };
        await this.client.send(new DeleteItemCommand({ TableName: this.tableName, Key: { [STATE_KEY]: { S: table } }, ...condition }));
        return { outcome: 'ok', revision: 0 };
      }
      await this.client.send(new PutItemCommand({
        TableName: this.tableName,
        Item: { [STATE_KEY]: { S: table }, revision: { N: String(revision + 1) }, state: { S: encodeTableState(unit) } },
        ...condition,
      }));
      return { outcome: 'ok', revision: revision + 1 };
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException || (e as Error).name === 'ConditionalCheckFailedException') return { outcome: 'conflict' };
      return { outcome: 'error', message: errorMessage(e) };
    }
  }

  public async flush(): Promise<void> {}

  private decode(table: string, state: string | undefined, revision: string | undefined): StoredUnit | UnreadableUnit {
    const where = `${this.description}, item ${table}`;
    const r = Number(revision);
    if (!Number.isInteger(r) || r < 1) return { error: `${where}: revision must be an integer >= 1, got ${JSON.stringify(revision)}` };
    if (state === undefined) return { error: `${where}: state is missing` };
    try {
      return { unit: decodeTableState(state, where), revision: r };
    } catch (e) {
      if (e instanceof JsonDecodeError) return { error: e.message };
      throw e;
    }
  }
}
