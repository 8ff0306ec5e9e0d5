/** How Application Auto Scaling names a DynamoDB dimension (`ResourceId`, `ScalableDimension`). */
import { scalableTargetId } from '../../../src/engine/check/scalable-target-id';

test.each([
  [null, 'reads', 'table/orders', 'dynamodb:table:ReadCapacityUnits'],
  [null, 'writes', 'table/orders', 'dynamodb:table:WriteCapacityUnits'],
  ['by-date', 'reads', 'table/orders/index/by-date', 'dynamodb:index:ReadCapacityUnits'],
  ['by-date', 'writes', 'table/orders/index/by-date', 'dynamodb:index:WriteCapacityUnits'],
] as const)('gsi %s, %s: %s %s', (gsi, dimension, resourceId, scalableDimension) => {
  expect(scalableTargetId('orders', { gsi, dimension })).toEqual({ resourceId, scalableDimension });
});
