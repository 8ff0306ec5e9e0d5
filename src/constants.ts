/**
 * Names shared by the construct, which sets them, and the scaler Lambda, which reads them.
 */

/** The environment variable naming the scaler's state table. */
export const STATE_TABLE_ENV = 'DYNAMIC_SCALING_STATE_TABLE';

/** The environment variable that, set to `true`, makes every check a dry run. */
export const DRY_RUN_ENV = 'DYNAMIC_SCALING_DRY_RUN';

/** The CloudWatch namespace of the scaler's own metrics. */
export const METRICS_NAMESPACE = 'DynamicScaling';

/**
 * The CloudFormation resource type of a managed table's policy item: a custom resource whose
 * ServiceToken is the scaler function itself, which writes the policy into the table's item of
 * the state table (and removes the item on delete). Create and Update of any other type fail.
 */
export const POLICY_RESOURCE_TYPE = 'Custom::DynamicScalingPolicy';

/** The policy resource's property naming the managed table (its exact name; the physical id). */
export const POLICY_RESOURCE_TABLE_NAME = 'TableName';

/**
 * The policy resource's property holding the table's policy as JSON text: a policy document
 * with exactly one rule, whose `tableName` is the resource's table name.
 */
export const POLICY_RESOURCE_POLICY = 'Policy';

/**
 * The policy resource's optional property that, set to `true`, makes every check of that table a
 * dry run (decided and logged, nothing changed or published).
 */
export const POLICY_RESOURCE_DRY_RUN = 'DryRun';

/**
 * The `source` of the events the scaler's schedules send (each rule's constant input):
 * `{ "source": SCHEDULE_EVENT_SOURCE, "checkIntervalSeconds": 300 }`. One schedule per distinct
 * check interval; such an event checks only the tables whose policy has that interval.
 */
export const SCHEDULE_EVENT_SOURCE = 'dynamic-scaling.schedule';

/** The field of a schedule event holding its check interval, in seconds (a number). */
export const SCHEDULE_INTERVAL_FIELD = 'checkIntervalSeconds';

/**
 * The environment variable holding the `service` dimension of the scaler's metrics: unique to the
 * stack's scaler, so a stack's alarm and dashboard read its own scaler's metrics only.
 */
export const METRICS_SERVICE_ENV = 'POWERTOOLS_SERVICE_NAME';

/** The `service` of the scaler's metrics and logs when the environment does not name one (`dynamic-scaling run`). */
export const DEFAULT_METRICS_SERVICE = 'dynamic-scaling';
