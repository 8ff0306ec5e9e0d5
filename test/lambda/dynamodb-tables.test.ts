/** DescribeTable into the engine's snapshot, and the UpdateTable of an action. */
import { tableSnapshot, updateTableInput } from '../../lambda/aws/dynamodb-tables';

const T = (m: number) => new Date(Date.UTC(2026, 0, 1, 0, m));

test('capacity, status, decrease counters and since when the capacity is what it is, for the table and each GSI', () => {
  expect(tableSnapshot({
    TableStatus: 'ACTIVE',
    CreationDateTime: T(0),
    ProvisionedThroughput: {
      ReadCapacityUnits: 10, WriteCapacityUnits: 5, NumberOfDecreasesToday: 2, LastDecreaseDateTime: T(30), LastIncreaseDateTime: T(20),
    },
    GlobalSecondaryIndexes: [
      { IndexName: 'by-date', IndexStatus: 'UPDATING', ProvisionedThroughput: { ReadCapacityUnits: 3, WriteCapacityUnits: 4, LastIncreaseDateTime: T(40) } },
      { IndexName: 'by-user', IndexStatus: 'CREATING', ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 } },
    ],
  })).toEqual({
    read: 10,
    write: 5,
    status: 'ACTIVE',
    decreasesToday: 2,
    lastDecreaseMs: T(30).getTime(),
    capacitySinceMs: T(30).getTime(),
    gsis: {
      'by-date': { read: 3, write: 4, status: 'UPDATING', capacitySinceMs: T(40).getTime() },
      'by-user': { read: 1, write: 1, status: 'CREATING', capacitySinceMs: T(0).getTime() },
    },
  });
});

test('without a creation time or a change, since when the capacity is what it is stays unknown; a billing-mode switch counts', () => {
  expect(tableSnapshot({ TableStatus: 'ACTIVE', ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 } })).not.toHaveProperty('capacitySinceMs');
  expect(tableSnapshot({
    TableStatus: 'ACTIVE',
    CreationDateTime: T(0),
    BillingModeSummary: { BillingMode: 'PROVISIONED', LastUpdateToPayPerRequestDateTime: T(50) },
    ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 },
  }).capacitySinceMs).toBe(T(50).getTime());
});

test('an on-demand table reads as 0 units (D9: skipped), its GSIs too', () => {
  expect(tableSnapshot({
    TableStatus: 'ACTIVE',
    BillingModeSummary: { BillingMode: 'PAY_PER_REQUEST' },
    ProvisionedThroughput: { ReadCapacityUnits: 0, WriteCapacityUnits: 0 },
    GlobalSecondaryIndexes: [{ IndexName: 'g', IndexStatus: 'ACTIVE', ProvisionedThroughput: { ReadCapacityUnits: 0, WriteCapacityUnits: 0 } }],
  })).toMatchObject({ read: 0, write: 0, gsis: { g: { read: 0, write: 0 } } });
});

test('an index named like an object\'s prototype member is an index like any other', () => {
  const snapshot = tableSnapshot({ TableStatus: 'ACTIVE', GlobalSecondaryIndexes: [{ IndexName: '__proto__', IndexStatus: 'ACTIVE', ProvisionedThroughput: { ReadCapacityUnits: 2, WriteCapacityUnits: 2 } }] });
  expect(Object.keys(snapshot.gsis!)).toEqual(['__proto__']);
});

test('one UpdateTable carries the table\'s throughput and each GSI\'s', () => {
  expect(updateTableInput({ id: 1, kind: 'update-capacity', table: 't', throughput: { reads: 5, writes: 6 }, gsis: [{ index: 'g', reads: 1, writes: 2 }] })).toEqual({
    TableName: 't',
    ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 6 },
    GlobalSecondaryIndexUpdates: [{ Update: { IndexName: 'g', ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 2 } } }],
  });
  expect(updateTableInput({ id: 1, kind: 'update-capacity', table: 't', gsis: [{ index: 'g', reads: 1, writes: 2 }] })).not.toHaveProperty('ProvisionedThroughput');
});
