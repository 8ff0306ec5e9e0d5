import { Duration, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import type { Scaler } from './scaler';

/** CloudWatch's limit of metrics in one alarm's metric math. */
export const METRICS_PER_ALARM = 10;

/** What the throttle alarm watches. */
export interface ThrottleAlarmProps {
  /** The table's name (usually a token). */
  readonly tableName: string;
  /** Whether the table's own throttles count (its capacity is on the Lambda path). */
  readonly watchTable: boolean;
  /** The indexes on the Lambda path. */
  readonly indexNames: string[];
  /** The scaler it invokes. */
  readonly scaler: Scaler;
}

/**
 * The fast path: one alarm on the sum of a table's read and write throttle events (table and
 * indexes on the Lambda path) whose action invokes the scaler, which then checks that table only.
 * Its action runs on the change to ALARM; the schedule goes on checking while it stays there.
 */
export class ThrottleAlarm extends Construct {
  public readonly alarm: cloudwatch.Alarm;
  /** Indexes left out because one alarm holds 10 metrics (the schedule still checks them). */
  public readonly unwatchedIndexes: string[];
  /** What the alarm watches, in words: `the table and 4 indexes`, `5 indexes`. */
  public readonly watched: string;

  constructor(scope: Construct, id: string, props: ThrottleAlarmProps) {
    super(scope, id);
    const sources: Array<Record<string, string>> = [
      ...(props.watchTable ? [{ TableName: props.tableName }] : []),
      ...props.indexNames.map((indexName) => ({ TableName: props.tableName, GlobalSecondaryIndexName: indexName })),
    ];
    const watched = sources.slice(0, METRICS_PER_ALARM / 2);
    this.unwatchedIndexes = sources.slice(METRICS_PER_ALARM / 2).map((s) => s.GlobalSecondaryIndexName);
    const indexes = watched.length - (props.watchTable ? 1 : 0);
    this.watched = [props.watchTable ? 'the table' : '', indexes > 0 ? `${indexes} ${indexes === 1 ? 'index' : 'indexes'}` : '']
      .filter((w) => w !== '').join(' and ');
    const usingMetrics: Record<string, cloudwatch.IMetric> = {};
    watched.forEach((dimensionsMap, i) => {
      for (const name of ['ReadThrottleEvents', 'WriteThrottleEvents']) {
        usingMetrics[`${name[0].toLowerCase()}${i}`] = new cloudwatch.Metric({
          namespace: 'AWS/DynamoDB', metricName: name, dimensionsMap, statistic: cloudwatch.Stats.SUM, period: Duration.minutes(1),
        });
      }
    });
    const what = props.indexNames.length === 0 ? 'table' : 'table and indexes';
    this.alarm = new cloudwatch.Alarm(this, 'Alarm', {
      alarmName: props.scaler.alarmName(this),
      alarmDescription: `Throttle events on ${Token.isUnresolved(props.tableName) ? 'a' : props.tableName} ${what} scaled by DynamicScaling: `
        + 'invokes the scaler, which checks this table at once',
      metric: new cloudwatch.MathExpression({
        expression: Object.keys(usingMetrics).map((m) => `FILL(${m}, 0)`).join(' + '),
        usingMetrics,
        period: Duration.minutes(1),
        label: 'throttle events',
      }),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    props.scaler.invokeOnAlarm(this.alarm);
  }
}
