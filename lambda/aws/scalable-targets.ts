/**
 * Application Auto Scaling for the hybrid path: the protocol's `scalable-targets` request as one
 * DescribeScalableTargets of a table's guarded dimensions, and its `suspend-scale-in` action as a
 * RegisterScalableTarget that passes only `SuspendedState` (so min and max stay as they are).
 */
import {
  ApplicationAutoScalingClient, DescribeScalableTargetsCommand, RegisterScalableTargetCommand, ScalableDimension, ScalableTarget,
} from '@aws-sdk/client-application-auto-scaling';
import { callOutcome, errorMessage } from './call-outcome';
import {
  ScalableTargetRef, scalableTargetId, ScalableTargetsAnswer, ScalableTargetsRequest, SuspendScaleInAction, SuspendScaleInAnswer,
} from '../../src/engine';

/** Answers a `scalable-targets` request: the registered targets among those asked for. */
export async function describeScalableTargets(client: ApplicationAutoScalingClient, request: ScalableTargetsRequest): Promise<ScalableTargetsAnswer> {
  const ids = request.targets.map((t) => ({ ref: t, ...scalableTargetId(request.table, t) }));
  const byId = new Map(ids.map((id) => [`${id.resourceId} ${id.scalableDimension}`, id.ref] as const));
  // At most 50 resource IDs per call; a table has at most 21 (the table and 20 GSIs).
  const resourceIds = [...new Set(ids.map((id) => id.resourceId))];
  try {
    const found: ScalableTarget[] = [];
    let token: string | undefined;
    do {
      const out = await client.send(new DescribeScalableTargetsCommand({
        ServiceNamespace: 'dynamodb',
        ResourceIds: resourceIds,
        NextToken: token,
      }));
      found.push(...out.ScalableTargets ?? []);
      token = out.NextToken;
    } while (token);
    const targets: Array<ScalableTargetRef & { state: NonNullable<ScalableTargetsAnswer['targets']>[number]['state'] }> = [];
    for (const t of found) {
      const ref = byId.get(`${t.ResourceId} ${t.ScalableDimension}`);
      if (!ref) continue;
      targets.push({
        ...ref,
        state: {
          minCapacity: t.MinCapacity ?? 1,
          maxCapacity: t.MaxCapacity ?? 1,
          suspendedState: {
            dynamicScalingInSuspended: t.SuspendedState?.DynamicScalingInSuspended === true,
            dynamicScalingOutSuspended: t.SuspendedState?.DynamicScalingOutSuspended === true,
            scheduledScalingSuspended: t.SuspendedState?.ScheduledScalingSuspended === true,
          },
        },
      });
    }
    return { id: request.id, kind: request.kind, outcome: 'ok', targets };
  } catch (e) {
    return { id: request.id, kind: request.kind, outcome: callOutcome(e), message: errorMessage(e) };
  }
}

/**
 * Performs a `suspend-scale-in` action. All three flags are passed: a flag left out would be
 * reset to false by RegisterScalableTarget.
 */
export async function suspendScaleIn(client: ApplicationAutoScalingClient, action: SuspendScaleInAction): Promise<SuspendScaleInAnswer> {
  const id = scalableTargetId(action.table, action);
  try {
    await client.send(new RegisterScalableTargetCommand({
      ServiceNamespace: 'dynamodb',
      ResourceId: id.resourceId,
      ScalableDimension: id.scalableDimension as ScalableDimension,
      SuspendedState: {
        DynamicScalingInSuspended: action.suspendedState.dynamicScalingInSuspended,
        DynamicScalingOutSuspended: action.suspendedState.dynamicScalingOutSuspended,
        ScheduledScalingSuspended: action.suspendedState.scheduledScalingSuspended,
      },
    }));
    return { id: action.id, kind: action.kind, outcome: 'ok' };
  } catch (e) {
    return { id: action.id, kind: action.kind, outcome: callOutcome(e), message: errorMessage(e) };
  }
}
