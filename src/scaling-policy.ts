import { Duration, TimeZone } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import { CustomScalingOptions, DynamicDynamoDbConfigOptions, RecommendedScalingOptions } from './custom-scaling-options';
import { CustomLambdaPolicy } from './private/custom-policy';
import { DdConfigLambdaPolicy } from './private/dd-config-policy';
import { GuardLambdaPolicy } from './private/guard-policy';
import type { LambdaPolicy } from './private/lambda-policy';
import type { NonNativeFeature } from './private/non-native-feature';
import { RecommendedLambdaPolicy } from './private/recommended-policy';
import { StepLambdaPolicy } from './private/step-policy';
import { ScaleInGuards } from './scale-in-guards';
import { StepPolicyOptions } from './step-scaling-options';

/**
 * How a table or index dimension is scaled.
 */
export enum ScalingPath {
  /**
   * Application Auto Scaling target tracking (and scheduled actions): a ScalableTarget and a
   * TargetTrackingScaling policy per dimension, no code of this library runs in your account.
   */
  NATIVE = 'NATIVE',
  /**
   * This library's scaler Lambda, for policies the native service cannot honour: one function
   * and one state table per stack serve every table of the stack on this path.
   */
  LAMBDA = 'LAMBDA',
  /**
   * Native target tracking (scale-out and scale-in as Application Auto Scaling runs them), plus
   * this library's scaler Lambda, which suspends and resumes the native scale-in while the
   * policy's `scaleInGuards` hold it back, and can lower an idle table to its minimum.
   */
  HYBRID = 'HYBRID',
}

/**
 * The two capacity dimensions of a DynamoDB table or global secondary index.
 */
export enum ScalingDimension {
  /** Read capacity units. */
  READ = 'READ',
  /** Write capacity units. */
  WRITE = 'WRITE',
}

/**
 * A scheduled change of the minimum and/or maximum capacity of one dimension.
 *
 * @see https://docs.aws.amazon.com/autoscaling/application/userguide/application-auto-scaling-scheduled-scaling.html
 */
export interface ScheduledCapacityOptions {
  /**
   * When the action runs: `Schedule.cron(...)`, `Schedule.rate(...)` or `Schedule.at(...)`.
   */
  readonly schedule: appscaling.Schedule;

  /**
   * The minimum capacity from this action on.
   *
   * @default - the minimum capacity is not changed
   */
  readonly minCapacity?: number;

  /**
   * The maximum capacity from this action on.
   *
   * @default - the maximum capacity is not changed
   */
  readonly maxCapacity?: number;

  /**
   * The scheduled action's name, unique within the dimension.
   *
   * @default - `schedule-<n>`, where n is the action's position in `schedules`, counting from 1
   */
  readonly name?: string;

  /**
   * When the action becomes active.
   *
   * @default - the action is active at once
   */
  readonly startTime?: Date;

  /**
   * When the action stops being active.
   *
   * @default - the action never expires
   */
  readonly endTime?: Date;

  /**
   * The time zone of a cron or at expression.
   *
   * @default - UTC
   */
  readonly timeZone?: TimeZone;
}

/**
 * Target tracking settings for one capacity dimension (reads or writes).
 *
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/AutoScaling.html
 */
export interface CapacityScalingOptions {
  /**
   * The lowest capacity Application Auto Scaling may set (capacity units, >= 1).
   */
  readonly minCapacity: number;

  /**
   * The highest capacity Application Auto Scaling may set (capacity units, <= 40000).
   */
  readonly maxCapacity: number;

  /**
   * The consumed-to-provisioned ratio to keep, in percent (20-90).
   *
   * @default 70
   * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/AutoScaling.html
   */
  readonly targetUtilizationPercent?: number;

  /**
   * How long after a scale-in before another scale-in may start.
   *
   * @default - the service default, 0 seconds for DynamoDB
   * @see https://docs.aws.amazon.com/autoscaling/application/APIReference/API_TargetTrackingScalingPolicyConfiguration.html
   */
  readonly scaleInCooldown?: Duration;

  /**
   * How long after a scale-out before another scale-out may start.
   *
   * @default - the service default, 0 seconds for DynamoDB
   * @see https://docs.aws.amazon.com/autoscaling/application/APIReference/API_TargetTrackingScalingPolicyConfiguration.html
   */
  readonly scaleOutCooldown?: Duration;

  /**
   * Never lower capacity through target tracking (scheduled actions still apply).
   *
   * @default false
   * @see https://docs.aws.amazon.com/autoscaling/application/APIReference/API_TargetTrackingScalingPolicyConfiguration.html
   */
  readonly disableScaleIn?: boolean;

  /**
   * Scheduled changes of the minimum and maximum capacity.
   *
   * @default - no scheduled actions
   * @see https://docs.aws.amazon.com/autoscaling/application/userguide/application-auto-scaling-scheduled-scaling.html
   */
  readonly schedules?: ScheduledCapacityOptions[];
}

/**
 * Options of `ScalingPolicy.targetTracking`: separate settings for reads and writes.
 * At least one of the two must be given.
 */
export interface TargetTrackingOptions {
  /**
   * Read capacity scaling.
   *
   * @default - read capacity is not scaled
   */
  readonly read?: CapacityScalingOptions;

  /**
   * Write capacity scaling.
   *
   * @default - write capacity is not scaled
   */
  readonly write?: CapacityScalingOptions;

  /**
   * Guards on target tracking's scale-in (consecutive low checks, maintenance windows, a circuit
   * breaker, scale-in when idle). With guards the path is HYBRID: Application Auto Scaling runs
   * the target tracking as without them, and the scaler Lambda suspends and resumes its dynamic
   * scale-in. The guards apply to every dimension this policy scales.
   *
   * @default - no guards: the NATIVE path
   */
  readonly scaleInGuards?: ScaleInGuards;
}

/**
 * What a DynamicScaling should do with each capacity dimension.
 *
 * Build one with a static factory: `targetTracking` runs on Application Auto Scaling (NATIVE), with
 * `scaleInGuards` on it and the scaler Lambda (HYBRID); `custom`, `recommended`,
 * `fromDynamicDynamoDbConfig` and `step` run on the scaler Lambda (LAMBDA).
 */
export abstract class ScalingPolicy {
  /**
   * Keep consumed capacity near a target utilization with Application Auto Scaling target
   * tracking, plus optional scheduled minimum/maximum changes, and optional guards on its
   * scale-in (`scaleInGuards`, the HYBRID path).
   */
  public static targetTracking(options: TargetTrackingOptions): ScalingPolicy {
    return new TargetTrackingPolicy(options);
  }

  /**
   * Rules the native service lacks (thresholds, granular steps, throttle-driven scaling,
   * consecutive checks, maintenance windows, a circuit breaker, ...), run by the scaler Lambda.
   * Every option of Dynamic DynamoDB 2.5.1 has a property here.
   */
  public static custom(options: CustomScalingOptions): ScalingPolicy {
    return new LambdaScalingPolicy(new CustomLambdaPolicy(options));
  }

  /**
   * This library's recommended custom policy (docs/benchmarks.md compares it with target
   * tracking), with your bounds: a check every minute, increases sized from demand including
   * throttled requests, decreases after 10 consecutive low checks.
   */
  public static recommended(options: RecommendedScalingOptions): ScalingPolicy {
    return new LambdaScalingPolicy(new RecommendedLambdaPolicy(options));
  }

  /**
   * A dynamic-dynamodb.conf as is: the first `[table: <regex>]` section that matches
   * `options.tableName`, with its `[gsi: ...]` sections for the indexes, becomes the policy.
   * Problems of the file are synth errors naming section and option.
   *
   * @param text the content of the dynamic-dynamodb.conf file
   */
  public static fromDynamicDynamoDbConfig(text: string, options: DynamicDynamoDbConfigOptions): ScalingPolicy {
    return new LambdaScalingPolicy(new DdConfigLambdaPolicy(text, options));
  }

  /**
   * Step scaling, as CDK's `ScalableTarget.scaleOnMetric` defines it for other services, on each
   * dimension's utilization (consumed / provisioned, percent). Application Auto Scaling rejects
   * step scaling for DynamoDB, so the scaler Lambda runs it: every minute, and at once when a
   * step alarm goes into ALARM.
   */
  public static step(options: StepPolicyOptions): ScalingPolicy {
    return new LambdaScalingPolicy(new StepLambdaPolicy(options));
  }

  protected constructor() {}

  /**
   * The scaler's view of the policy, or undefined for a policy of the native service.
   *
   * @internal
   */
  public _lambda(): LambdaPolicy | undefined {
    return undefined;
  }

  /**
   * The settings of one dimension, or undefined when the policy leaves it alone.
   *
   * @internal
   */
  public abstract _capacity(dimension: ScalingDimension): CapacityScalingOptions | undefined;

  /**
   * Features of this policy that Application Auto Scaling cannot provide, in plain words.
   * Empty for a pure target tracking policy; policies of later factories (custom rules,
   * guards) list theirs, which steers the path choice away from NATIVE.
   *
   * @internal
   */
  public _nonNativeFeatures(): NonNativeFeature[] {
    return [];
  }
}

class TargetTrackingPolicy extends ScalingPolicy {
  private readonly guards?: GuardLambdaPolicy;

  constructor(private readonly options: TargetTrackingOptions) {
    super();
    if (options.scaleInGuards) this.guards = new GuardLambdaPolicy(options, options.scaleInGuards);
  }

  public _lambda(): LambdaPolicy | undefined {
    return this.guards;
  }

  public _capacity(dimension: ScalingDimension): CapacityScalingOptions | undefined {
    return dimension === ScalingDimension.READ ? this.options.read : this.options.write;
  }
}

class LambdaScalingPolicy extends ScalingPolicy {
  constructor(private readonly policy: LambdaPolicy) {
    super();
  }

  public _capacity(): CapacityScalingOptions | undefined {
    return undefined;
  }

  public _lambda(): LambdaPolicy {
    return this.policy;
  }
}
