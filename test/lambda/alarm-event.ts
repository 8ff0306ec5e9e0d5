/**
 * The event CloudWatch sends a Lambda alarm action: an alarm in ALARM on `metrics` (their
 * `TableName` dimension is what the scaler reads), with `expression` summing them when given.
 */
export function alarmEvent(table: string, metrics: readonly string[], expression?: string) {
  return {
    source: 'aws.cloudwatch',
    alarmArn: `arn:aws:cloudwatch:us-east-1:123456789012:alarm:dynamic-scaling-${table}`,
    alarmData: {
      alarmName: `dynamic-scaling-${table}`,
      state: { value: 'ALARM' },
      configuration: {
        metrics: [
          ...(expression ? [{ id: 'e', expression, returnData: true }] : []),
          ...metrics.map((name, i) => ({
            id: `m${i}`,
            metricStat: { metric: { namespace: 'AWS/DynamoDB', name, dimensions: { TableName: table } }, period: 60, stat: 'Sum' },
            returnData: expression === undefined,
          })),
        ],
      },
    },
  };
}
