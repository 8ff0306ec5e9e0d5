import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import type { Scaler } from './scaler';
import { DimensionPolicy, STEP_ALARM_PERIOD_SECONDS, stepAlarms } from '../engine';

/** What a dimension's step alarms watch. */
export interface StepAlarmsProps {
  /** The table's name (usually a token). */
  readonly tableName: string;
  /** The index, or undefined for the table. */
  readonly indexName?: string;
  /** Reads or writes. */
  readonly dimension: 'reads' | 'writes';
  /** The dimension's options, with its step policy. */
  readonly policy: DimensionPolicy;
  /** The scaler the alarms invoke. */
  readonly scaler: Scaler;
}

/**
 * A step policy's scale-out and scale-in alarms, as Application Auto Scaling would create them
 * (thresholds, comparison and M of N from the engine's `stepAlarms`), on the dimension's
 * utilization per minute. Their action invokes the scaler, which evaluates the same minutes
 * itself: the alarms are the fast path, the schedule checks every minute.
 */
export class StepAlarms extends Construct {
  /** The alarms created: none for a side whose steps never change capacity. */
  public readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: StepAlarmsProps) {
    super(scope, id);
    const step = props.policy.step!;
    const placed = stepAlarms({ ...step, minCapacity: props.policy.min, maxCapacity: props.policy.max });
    const units = props.dimension === 'reads' ? 'ReadCapacityUnits' : 'WriteCapacityUnits';
    const dimensionsMap: Record<string, string> = {
      TableName: props.tableName, ...(props.indexName !== undefined ? { GlobalSecondaryIndexName: props.indexName } : {}),
    };
    const period = Duration.seconds(STEP_ALARM_PERIOD_SECONDS);
    const utilization = new cloudwatch.MathExpression({
      // Provisioned*CapacityUnits has a datapoint every 5 minutes: each minute divides by the last one.
      expression: `100 * consumed / ${STEP_ALARM_PERIOD_SECONDS} / FILL(provisioned, REPEAT)`,
      usingMetrics: {
        consumed: new cloudwatch.Metric({ namespace: 'AWS/DynamoDB', metricName: `Consumed${units}`, dimensionsMap, statistic: cloudwatch.Stats.SUM, period }),
        provisioned: new cloudwatch.Metric({ namespace: 'AWS/DynamoDB', metricName: `Provisioned${units}`, dimensionsMap, statistic: cloudwatch.Stats.AVERAGE, period }),
      },
      period,
      label: `${props.dimension} utilization (%)`,
    });
    for (const [side, alarm] of [['ScaleOut', placed.scaleOut], ['ScaleIn', placed.scaleIn]] as const) {
      if (!alarm) continue;
      const a = new cloudwatch.Alarm(this, side, {
        alarmName: props.scaler.alarmName(this, side),
        alarmDescription: `Step scaling (${side === 'ScaleOut' ? 'scale-out' : 'scale-in'}) of ${props.dimension} by DynamicScaling: invokes the scaler`,
        metric: utilization,
        threshold: alarm.threshold,
        comparisonOperator: alarm.comparison === 'GreaterThanOrEqualToThreshold'
          ? cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD
          : cloudwatch.ComparisonOperator.LESS_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: step.evaluationPeriods ?? 1,
        datapointsToAlarm: step.datapointsToAlarm ?? step.evaluationPeriods ?? 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      props.scaler.invokeOnAlarm(a);
      this.alarms.push(a);
    }
  }
}
