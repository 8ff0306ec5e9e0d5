import { Duration } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';

/**
 * Step scaling of one capacity dimension, shaped like CDK's `ScalableTarget.scaleOnMetric`. The
 * metric is the dimension's utilization: consumed over provisioned capacity, in percent, per minute.
 */
export interface StepScalingOptions {
  /** The lowest capacity the scaler sets (capacity units, >= 1). */
  readonly minCapacity: number;

  /** The highest capacity the scaler sets (capacity units). */
  readonly maxCapacity: number;

  /**
   * The steps: bounds on the utilization percent and the change in each (2 to 40, no gaps or
   * overlaps, as CDK's `scaleOnMetric` takes them).
   */
  readonly scalingSteps: appscaling.ScalingInterval[];

  /**
   * How each step's `change` is read.
   *
   * @default AdjustmentType.CHANGE_IN_CAPACITY
   */
  readonly adjustmentType?: appscaling.AdjustmentType;

  /**
   * With PERCENT_CHANGE_IN_CAPACITY: a change smaller than this many units changes this many.
   *
   * @default - no minimum
   */
  readonly minAdjustmentMagnitude?: number;

  /**
   * After a scaling activity, how long the cooldown rules of Application Auto Scaling apply (a
   * further scale-out counts the units already added; a scale-in waits).
   *
   * @default Duration.minutes(5) - this library's choice: CDK's `scaleOnMetric` sets none, and AWS's
   * documented defaults differ by service
   */
  readonly cooldown?: Duration;

  /**
   * How many one-minute periods the alarms evaluate.
   *
   * @default 1
   */
  readonly evaluationPeriods?: number;

  /**
   * How many of them must breach for an alarm.
   *
   * @default - evaluationPeriods
   */
  readonly datapointsToAlarm?: number;

  /**
   * How the evaluated datapoints are aggregated to choose a step.
   *
   * @default MetricAggregationType.AVERAGE
   */
  readonly metricAggregationType?: appscaling.MetricAggregationType;
}

/**
 * Options of `ScalingPolicy.step`. At least one of `read` and `write` must be given.
 */
export interface StepPolicyOptions {
  /**
   * Read capacity steps.
   *
   * @default - read capacity is not scaled
   */
  readonly read?: StepScalingOptions;

  /**
   * Write capacity steps.
   *
   * @default - write capacity is not scaled
   */
  readonly write?: StepScalingOptions;

  /**
   * Decide and log, but never change capacity.
   *
   * @default false
   */
  readonly dryRun?: boolean;
}
