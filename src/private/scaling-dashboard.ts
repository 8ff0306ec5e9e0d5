import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { METRICS_NAMESPACE } from '../constants';

/** What the dashboard shows. */
export interface ScalingDashboardProps {
  /** The table's name (usually a token). */
  readonly tableName: string;
  /** A label for the table in titles (its construct path when the name is a token). */
  readonly tableLabel: string;
  /** The scaled indexes. */
  readonly indexNames: string[];
  /** The `service` dimension of the stack's scaler's metrics, when it runs for this table (its metrics are shown). */
  readonly scalerService?: string;
  /** The scaler's log group, when it runs for this table: its decisions for the table are shown. */
  readonly scalerLogGroup?: string;
}

/**
 * A CloudWatch dashboard of one DynamicScaling: per table and index, consumed against provisioned
 * capacity for reads and writes and the throttle events; for the Lambda path, this table's
 * decisions from the scaler's log (a Logs Insights query: per-table metrics would be custom
 * metrics billed per table), and the stack's scaler: capacity changes and decisions held back, by rule.
 */
export class ScalingDashboard extends Construct {
  public readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: ScalingDashboardProps) {
    super(scope, id);
    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard');
    const period = Duration.minutes(1);
    const metric = (metricName: string, statistic: string, dimensionsMap: Record<string, string>, label: string) =>
      new cloudwatch.Metric({ namespace: 'AWS/DynamoDB', metricName, dimensionsMap, statistic, period, label });
    const targets: Array<{ title: string; dims: Record<string, string> }> = [
      { title: props.tableLabel, dims: { TableName: props.tableName } },
      ...props.indexNames.map((indexName) => ({
        title: `${props.tableLabel} / ${indexName}`, dims: { TableName: props.tableName, GlobalSecondaryIndexName: indexName },
      })),
    ];
    for (const t of targets) {
      const widgets: cloudwatch.IWidget[] = [];
      for (const [word, unit] of [['Read', 'ReadCapacityUnits'], ['Write', 'WriteCapacityUnits']] as const) {
        widgets.push(new cloudwatch.GraphWidget({
          title: `${t.title}: ${word.toLowerCase()}s (units per second)`,
          width: 8,
          left: [
            new cloudwatch.MathExpression({
              expression: 'consumed / PERIOD(consumed)',
              usingMetrics: { consumed: metric(`Consumed${unit}`, cloudwatch.Stats.SUM, t.dims, 'consumed') },
              label: 'consumed',
              period,
            }),
            metric(`Provisioned${unit}`, cloudwatch.Stats.AVERAGE, t.dims, 'provisioned'),
          ],
        }));
      }
      widgets.push(new cloudwatch.GraphWidget({
        title: `${t.title}: throttle events`,
        width: 8,
        left: [
          metric('ReadThrottleEvents', cloudwatch.Stats.SUM, t.dims, 'reads'),
          metric('WriteThrottleEvents', cloudwatch.Stats.SUM, t.dims, 'writes'),
        ],
      }));
      this.dashboard.addWidgets(...widgets);
    }
    if (props.scalerLogGroup) {
      this.dashboard.addWidgets(new cloudwatch.LogQueryWidget({
        title: `${props.tableLabel}: the scaler's decisions that changed capacity or were held back (table and indexes)`,
        width: 24,
        logGroupNames: [props.scalerLogGroup],
        queryLines: [
          'fields @timestamp, index, dimension, from, to, planned, outcome, consumedPercent, reasons.0',
          `filter message = "decision" and table = "${props.tableName}" and (from != to or ispresent(planned))`,
          'sort @timestamp desc',
          'limit 100',
        ],
      }));
    }
    if (props.scalerService) {
      const service = props.scalerService;
      const scalerMetric = (metricName: string, label: string) => new cloudwatch.Metric({
        namespace: METRICS_NAMESPACE, metricName, dimensionsMap: { service }, statistic: cloudwatch.Stats.SUM, period, label,
      });
      this.dashboard.addWidgets(
        new cloudwatch.GraphWidget({
          title: 'scaler (whole stack): checks and capacity changes',
          width: 12,
          left: [scalerMetric('CapacityChanges', 'capacity changes'), scalerMetric('TablesChecked', 'tables checked'), scalerMetric('TablesSkipped', 'tables skipped')],
        }),
        new cloudwatch.GraphWidget({
          title: 'scaler (whole stack): decisions held back, by rule',
          width: 12,
          left: [new cloudwatch.MathExpression({
            expression: `SEARCH('{${METRICS_NAMESPACE},rule,service} MetricName="DecisionsHeldBack" service="${service}"', 'Sum', 60)`,
            label: '',
            period,
          })],
        }),
      );
    }
  }
}
