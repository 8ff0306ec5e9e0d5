/**
 * Names shared by the construct, which sets them, and the scaler Lambda, which reads them.
 */

/** The environment variable naming the scaler's state table. */
export const STATE_TABLE_ENV = 'DYNAMIC_SCALING_STATE_TABLE';

/** The environment variable that, set to `true`, makes every check a dry run. */
export const DRY_RUN_ENV = 'DYNAMIC_SCALING_DRY_RUN';

/** The CloudWatch namespace of the scaler's own metrics. */
export const METRICS_NAMESPACE = 'DynamicScaling';
