import { Duration, Stack, Token } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { DEFAULT_TARGET_UTILIZATION, ScalableTargetRef, scalableTargetId, TargetTrackingSettings } from '../engine';
import { CapacityScalingOptions, ScalingDimension } from '../scaling-policy';

/** CloudFormation resources the native path adds per dimension: ScalableTarget + ScalingPolicy. */
export const NATIVE_RESOURCES_PER_DIMENSION = 2;

/** The scalable target of one table or index dimension. */
export interface NativeTarget {
  /** The table's name (usually a token). */
  readonly tableName: string;
  /** The index name, or undefined for the table itself. */
  readonly indexName?: string;
  readonly dimension: ScalingDimension;
}

/** `table/<name>` or `table/<name>/index/<index>`: the scalable target's resource ID. */
export function resourceIdOf(t: NativeTarget): string {
  return scalableTargetId(t.tableName, refOf(t)).resourceId;
}

/** `dynamodb:table:ReadCapacityUnits`, `dynamodb:index:WriteCapacityUnits`, ... */
export function scalableDimensionOf(t: NativeTarget): string {
  return scalableTargetId(t.tableName, refOf(t)).scalableDimension;
}

function refOf(t: NativeTarget): ScalableTargetRef {
  return { gsi: t.indexName ?? null, dimension: t.dimension === ScalingDimension.READ ? 'reads' : 'writes' };
}

/**
 * The service-linked role Application Auto Scaling uses for DynamoDB, referenced (never
 * created), as aws-dynamodb's Table does for its own auto scaling.
 */
export function dynamoDbScalingRole(scope: Construct, id: string): iam.IRole {
  return iam.Role.fromRoleArn(scope, id, Stack.of(scope).formatArn({
    service: 'iam',
    region: '',
    resource: 'role/aws-service-role/dynamodb.application-autoscaling.amazonaws.com',
    resourceName: 'AWSServiceRoleForApplicationAutoScaling_DynamoDBTable',
  }));
}

/** What `wireNative` created. */
export interface NativeWiring {
  readonly scalableTarget: appscaling.ScalableTarget;
  readonly scalingPolicy: appscaling.TargetTrackingScalingPolicy;
}

/**
 * Registers the dimension with Application Auto Scaling (ScalableTarget + scheduled actions)
 * and attaches a TargetTrackingScaling policy on the predefined DynamoDB utilization metric.
 * Never a StepScaling policy: the dynamodb namespace rejects it.
 *
 * @param guarded whether the scaler's scale-in guards manage the target's `SuspendedState` (HYBRID)
 */
export function wireNative(
  scope: Construct, target: NativeTarget, options: CapacityScalingOptions, role: iam.IRole, guarded = false,
): NativeWiring {
  const scalableTarget = new appscaling.ScalableTarget(scope, 'Target', {
    serviceNamespace: appscaling.ServiceNamespace.DYNAMODB,
    resourceId: resourceIdOf(target),
    scalableDimension: scalableDimensionOf(target),
    minCapacity: options.minCapacity,
    maxCapacity: options.maxCapacity,
    role,
  });
  // Unguarded, nothing suspends the target: say so in the template. A target the scaler's guards
  // left suspended (HYBRID, then NATIVE) is then resumed by CloudFormation when the guards go, as
  // the property appears. A guarded target leaves SuspendedState to the scaler.
  if (!guarded) {
    (scalableTarget.node.defaultChild as appscaling.CfnScalableTarget).suspendedState = {
      dynamicScalingInSuspended: false,
      dynamicScalingOutSuspended: false,
      scheduledScalingSuspended: false,
    };
  }

  (options.schedules ?? []).forEach((s, i) => {
    scalableTarget.scaleOnSchedule(s.name ?? defaultScheduleName(i), {
      schedule: s.schedule,
      minCapacity: s.minCapacity,
      maxCapacity: s.maxCapacity,
      startTime: s.startTime,
      endTime: s.endTime,
      timeZone: s.timeZone,
    });
  });

  const scalingPolicy = scalableTarget.scaleToTrackMetric('TargetTracking', {
    predefinedMetric: target.dimension === ScalingDimension.READ
      ? appscaling.PredefinedMetric.DYNAMODB_READ_CAPACITY_UTILIZATION
      : appscaling.PredefinedMetric.DYNAMODB_WRITE_CAPACITY_UTILIZATION,
    targetValue: options.targetUtilizationPercent ?? DEFAULT_TARGET_UTILIZATION,
    scaleInCooldown: options.scaleInCooldown,
    scaleOutCooldown: options.scaleOutCooldown,
    disableScaleIn: options.disableScaleIn,
  });
  return { scalableTarget, scalingPolicy };
}

/** The name of the i-th (0-based) schedule when the user gives none. */
export function defaultScheduleName(i: number): string {
  return `schedule-${i + 1}`;
}

/** Every key of the engine's `TargetTrackingSettings`, each required (its value may be undefined). */
type EverySetting = { [K in keyof Required<TargetTrackingSettings>]: TargetTrackingSettings[K] };

/**
 * The engine's view of one dimension's public options: the same settings as plain numbers,
 * cooldowns in seconds, a value that is a CDK token (known only at deploy time) undefined.
 * The return type names every key of `TargetTrackingSettings`, so a setting added there fails
 * to compile here until `CapacityScalingOptions` carries it too.
 */
export function targetTrackingSettings(options: CapacityScalingOptions): EverySetting {
  return {
    minCapacity: knownNumber(options.minCapacity),
    maxCapacity: knownNumber(options.maxCapacity),
    targetUtilizationPercent: knownNumber(options.targetUtilizationPercent),
    scaleInCooldownSeconds: durationSeconds(options.scaleInCooldown),
    scaleOutCooldownSeconds: durationSeconds(options.scaleOutCooldown),
    disableScaleIn: options.disableScaleIn,
  };
}

/** A number for validation, undefined when it is a token. */
export function knownNumber(v: number | undefined): number | undefined {
  return v === undefined || Token.isUnresolved(v) ? undefined : v;
}

/** Seconds of a Duration for validation, undefined when the amount is a token. */
export function durationSeconds(d: Duration | undefined): number | undefined {
  if (d === undefined || d.isUnresolved()) return undefined;
  return d.toSeconds({ integral: false });
}
