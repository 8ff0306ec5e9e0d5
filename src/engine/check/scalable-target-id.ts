/**
 * How Application Auto Scaling names a DynamoDB dimension: written once for the construct (which
 * registers the targets), the scaler (which suspends their scale-in) and the simulator.
 */
import { ScalableTargetRef } from './check-types';

/** The `ResourceId` and `ScalableDimension` of one dimension. */
export interface ScalableTargetId {
  /** `table/<table>` or `table/<table>/index/<index>`. */
  readonly resourceId: string;
  /** `dynamodb:table:ReadCapacityUnits`, `dynamodb:index:WriteCapacityUnits`, ... */
  readonly scalableDimension: string;
}

/** The scalable target of `table`'s dimension `ref`. */
export function scalableTargetId(table: string, ref: ScalableTargetRef): ScalableTargetId {
  const units = ref.dimension === 'reads' ? 'ReadCapacityUnits' : 'WriteCapacityUnits';
  return ref.gsi === null
    ? { resourceId: `table/${table}`, scalableDimension: `dynamodb:table:${units}` }
    : { resourceId: `table/${table}/index/${ref.gsi}`, scalableDimension: `dynamodb:index:${units}` };
}
