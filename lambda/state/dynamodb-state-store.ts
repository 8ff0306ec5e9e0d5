/**
 * State units in a DynamoDB table (on-demand, partition key `tableName`): one item per managed
 * table, `{ tableName, revision, state, policy, policyOwner }` where `state` is the engine's
 * encoded unit, `policy` the table's policy JSON and `policyOwner` the CloudFormation resource
 * that wrote it (the stack's policy resource, on the Lambda path). State writes are conditional
 * on the revision read, so of two overlapping checks only one writes, and they touch only
 * `state` and `revision`; policy writes touch only `policy` and `policyOwner`.
 */
import {
  AttributeValue, BatchGetItemCommand, ConditionalCheckFailedException, DeleteItemCommand, DynamoDBClient, ScanCommand, UpdateItemCommand,
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
/** The attribute of an item naming the CloudFormation resource that wrote its policy. */
export const POLICY_OWNER_ATTRIBUTE = 'policyOwner';
/** The attribute of an item that, when true, makes the table's checks dry runs (the policy's `dryRun`). */
export const DRY_RUN_ATTRIBUTE = 'dryRun';

/** What removing a table's item did. */
export type RemoveOutcome =
  /** The item is gone, state and all. */
  | 'removed'
  /** Left as it is: there is no item, or another resource wrote its policy since. */
  | 'not-owned'
  /** The state table does not exist (any more). */
  | 'no-state-table';

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
  public async managedTables(): Promise<Array<{ table: string; policy: string; dryRun?: boolean }>> {
    const out: Array<{ table: string; policy: string; dryRun?: boolean }> = [];
    let start: Record<string, AttributeValue> | undefined;
    do {
      let res;
      try {
        res = await this.client.send(new ScanCommand({
          TableName: this.tableName,
          ConsistentRead: true,
          FilterExpression: 'attribute_exists(#p)',
          ProjectionExpression: '#k, #p, #d',
          ExpressionAttributeNames: { '#k': STATE_KEY, '#p': POLICY_ATTRIBUTE, '#d': DRY_RUN_ATTRIBUTE },
          ExclusiveStartKey: start,
        }));
      } catch (e) {
        throw new StateStoreError(`${this.description} cannot be read: ${errorMessage(e)}`);
      }
      for (const item of res.Items ?? []) {
        const table = item[STATE_KEY]?.S;
        const policy = item[POLICY_ATTRIBUTE]?.S;
        if (table !== undefined && policy !== undefined) out.push({ table, policy, ...(item[DRY_RUN_ATTRIBUTE]?.BOOL ? { dryRun: true } : {}) });
      }
      start = res.LastEvaluatedKey;
    } while (start);
    return out.sort((a, b) => (a.table < b.table ? -1 : a.table > b.table ? 1 : 0));
  }

  /**
   * Writes a table's policy and the resource that owns it, keeping its state and revision.
   *
   * @throws StateStoreError when the item cannot be written
   */
  public async writePolicy(table: string, policy: string, owner: string, dryRun = false): Promise<void> {
    try {
      await this.client.send(new UpdateItemCommand({
        TableName: this.tableName,
        Key: { [STATE_KEY]: { S: table } },
        UpdateExpression: dryRun ? 'SET #p = :p, #o = :o, #d = :d' : 'SET #p = :p, #o = :o REMOVE #d',
        ExpressionAttributeNames: { '#p': POLICY_ATTRIBUTE, '#o': POLICY_OWNER_ATTRIBUTE, '#d': DRY_RUN_ATTRIBUTE },
        ExpressionAttributeValues: { ':p': { S: policy }, ':o': { S: owner }, ...(dryRun ? { ':d': { BOOL: true } } : {}) },
      }));
    } catch (e) {
      throw new StateStoreError(`${this.description}, item ${table} cannot be written: ${errorMessage(e)}`);
    }
  }

  /**
   * Removes a table's whole item (its policy and its state) if `owner` wrote its policy. When a
   * resource moves (a new logical id), CloudFormation creates the new one before it deletes the
   * old one: the old one's delete must not remove the item the new one wrote.
   *
   * @throws StateStoreError when the item cannot be removed
   */
  public async removeItem(table: string, owner: string): Promise<RemoveOutcome> {
    try {
      await this.client.send(new DeleteItemCommand({
        TableName: this.tableName,
        Key: { [STATE_KEY]: { S: table } },
        ConditionExpression: '#o = :o',
        ExpressionAttributeNames: { '#o': POLICY_OWNER_ATTRIBUTE },
        ExpressionAttributeValues: { ':o': { S: owner } },
      }));
      return 'removed';
    } catch (e) {
      const name = (e as { name?: unknown } | null)?.name;
      if (e instanceof ConditionalCheckFailedException || name === 'ConditionalCheckFailedException') return 'not-owned';
      if (name === 'ResourceNotFoundException') return 'no-state-table';
      throw new StateStoreError(`${this.description}, item ${table} cannot be removed: ${errorMessage(e)}`);
    }
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
