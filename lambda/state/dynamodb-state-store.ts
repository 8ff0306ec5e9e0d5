/**
 * State units in a DynamoDB table (on-demand, partition key `tableName`): one item per managed
 * table, `{ tableName, revision, state, policy }` where `state` is the engine's encoded unit and
 * `policy` the table's policy JSON, written by the stack that manages the table (the Lambda path).
 * State writes are conditional on the revision read, so of two overlapping checks only one
 * writes, and they touch only `state` and `revision`.
 */
import {
  AttributeValue, BatchGetItemCommand, ConditionalCheckFailedException, DynamoDBClient, ScanCommand, UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { StateStore, StateStoreError, StoredUnit, UnreadableUnit, WriteOutcome } from './state-store';
import { decodeTableState, encodeTableState, JsonDecodeError, TableState } from '../../src/engine';
import { errorMessage } from '../aws/call-outcome';

/** BatchGetItem's limit of keys per call. */
const KEYS_PER_BATCH = 100;
/** Rounds of UnprocessedKeys retried before the check gives up on the rest. */
const MAX_UNPROCESSED_ROUNDS = 5;

/** The state table's partition key. */
export const STATE_KEY = 'tableName';
/** The attribute of an item holding the table's policy (JSON), written by the stack that manages it. */
export const POLICY_ATTRIBUTE = 'policy';

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
    // UpdateItem, not PutItem: the item may also hold the table's policy, written by the stack.
    const names: Record<string, string> = { '#r': 'revision', '#s': 'state' };
    const values: Record<string, AttributeValue> = { ':next': { N: String(revision + 1) } };
    if (unit !== null) values[':s'] = { S: encodeTableState(unit) };
    if (revision !== 0) values[':r'] = { N: String(revision) };
    try {
      await this.client.send(new UpdateItemCommand({
        TableName: this.tableName,
        Key: { [STATE_KEY]: { S: table } },
        UpdateExpression: unit === null ? 'REMOVE #s SET #r = :next' : 'SET #s = :s, #r = :next',
        ConditionExpression: revision === 0 ? 'attribute_not_exists(#r)' : '#r = :r',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      }));
      return { outcome: 'ok', revision: revision + 1 };
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException || (e as Error).name === 'ConditionalCheckFailedException') return { outcome: 'conflict' };
      return { outcome: 'error', message: errorMessage(e) };
    }
  }

  /**
   * The tables whose item holds a policy (written by the stack that manages them), with the
   * policy's JSON text: what the scaler Lambda manages.
   *
   * @throws StateStoreError when the state table cannot be read
   */
  public async managedTables(): Promise<Array<{ table: string; policy: string }>> {
    const out: Array<{ table: string; policy: string }> = [];
    let start: Record<string, AttributeValue> | undefined;
    do {
      let res;
      try {
        res = await this.client.send(new ScanCommand({
          TableName: this.tableName,
          ConsistentRead: true,
          FilterExpression: 'attribute_exists(#p)',
          ProjectionExpression: '#k, #p',
          ExpressionAttributeNames: { '#k': STATE_KEY, '#p': POLICY_ATTRIBUTE },
          ExclusiveStartKey: start,
        }));
      } catch (e) {
        throw new StateStoreError(`${this.description} cannot be read: ${errorMessage(e)}`);
      }
      for (const item of res.Items ?? []) {
        const table = item[STATE_KEY]?.S;
        const policy = item[POLICY_ATTRIBUTE]?.S;
        if (table !== undefined && policy !== undefined) out.push({ table, policy });
      }
      start = res.LastEvaluatedKey;
    } while (start);
    return out.sort((a, b) => (a.table < b.table ? -1 : a.table > b.table ? 1 : 0));
  }

  public async flush(): Promise<void> {}

  private decode(table: string, state: string | undefined, revision: string | undefined): StoredUnit | UnreadableUnit {
    const where = `${this.description}, item ${table}`;
    // An item written only by the stack (its policy) has no revision yet.
    const r = revision === undefined ? 0 : Number(revision);
    if (!Number.isInteger(r) || r < 0) return { error: `${where}: revision must be an integer >= 0, got ${JSON.stringify(revision)}` };
    if (state === undefined) return { revision: r };
    try {
      return { unit: decodeTableState(state, where), revision: r };
    } catch (e) {
      if (e instanceof JsonDecodeError) return { error: e.message };
      throw e;
    }
  }
}
