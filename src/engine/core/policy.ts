/**
 * The engine's policy model: everything a custom (Lambda-path) policy can say, for a table and
 * its global secondary indexes. It covers every option of Dynamic DynamoDB 2.5.1
 * (spec §2.3) plus this project's own additions (decrease-quota planning, D15).
 *
 * This module is pure data: no aws-cdk-lib, no AWS SDK, no clock. The construct, the
 * dynamic-dynamodb.conf parser, the CLI and the simulator all build these objects and hand
 * them to `decide()`.
 */
import type { ScaleInGuardRules } from './scale-in-guard';
import type { StepInterval, StepPolicyInput } from './step-scaling';

/** How an increase or decrease amount is expressed. */
export type CapacityUnit = 'percent' | 'units';

/**
 * A granular scale dict (`{0.25: 5, 0.5: 10}` in dynamic-dynamodb.conf): entries of
 * `[metric threshold, amount]`, in any order. The amount is in the unit of the matching option.
 */
export type ScaleDict = ReadonlyArray<readonly [number, number]>;

/** The SNS message types of spec §10-§11. */
export type NotificationType = 'scale-up' | 'scale-down' | 'high-throughput-alarm' | 'low-throughput-alarm';

/** All notification types, in dd's documented order. */
export const NOTIFICATION_TYPES: readonly NotificationType[] = [
  'scale-up', 'scale-down', 'high-throughput-alarm', 'low-throughput-alarm',
];

/** Seconds between checks when a policy does not say (dd's `check-interval` default). */
export const DEFAULT_CHECK_INTERVAL_SECONDS = 300;

/** DynamoDB's default per-table capacity quota, the default maximum (D11). */
export const DEFAULT_MAX_CAPACITY = 40000;

/** Per-dimension (reads or writes) options. Names follow dd's options without the `reads-` part. */
export interface DimensionPolicy {
  /** `<dim>-upper-threshold`: scale up when consumed % is **above** it. 0 disables. @default 90 */
  readonly upperThreshold: number;
  /** `<dim>-lower-threshold`: scale down when consumed % is **below** it. 0 disables. @default 30 */
  readonly lowerThreshold: number;
  /** `throttled-<dim>-upper-threshold`: scale up when the throttle count is above it. 0 disables. @default 0 */
  readonly throttledUpperThreshold: number;
  /** `increase-<dim>-with`. @default 50 */
  readonly increaseWith: number;
  /** `increase-<dim>-unit`. @default 'percent' */
  readonly increaseUnit: CapacityUnit;
  /** `decrease-<dim>-with`. @default 50 */
  readonly decreaseWith: number;
  /** `decrease-<dim>-unit`. @default 'percent' */
  readonly decreaseUnit: CapacityUnit;
  /** `min-provisioned-<dim>`. @default 1 (D11) */
  readonly min: number;
  /** `max-provisioned-<dim>`. @default 40000 (D11) */
  readonly max: number;
  /** `num-<dim>-checks-before-scale-down`. @default 1 */
  readonly checksBeforeScaleDown: number;
  /**
   * This project's addition, not a dd option (`num-<dim>-checks-before-repeated-scale-down`):
   * after a decrease is sent, the next decrease needs this many more consecutive low checks
   * instead of `checksBeforeScaleDown`. A check that does not count still resets the counter (D3).
   *
   * Why: a table left with capacity after a spike is decreased in several steps (each one
   * limited by the decrease amount and guarded by the consumed units); counting the whole
   * `checksBeforeScaleDown` again before each step keeps paying for capacity that the checks
   * already showed unused. Target tracking, too, scales in again at each evaluation its low
   * alarm stays in ALARM. @default - checksBeforeScaleDown (dd's behaviour)
   */
  readonly checksBeforeRepeatedScaleDown?: number;
  /**
   * This project's addition, not a dd option (`decrease-<dim>-peak-half-life-minutes`): a
   * decrease is sized from the recent peak of the consecutive low checks that led to it instead
   * of this check's window alone. Each counted check's consumption (units per second) is
   * remembered at half its weight every this many minutes; the peak is the highest weighted
   * value, this check's included. A check counts as low on its own window, as without this
   * option, unless the recent peak is above every threshold of the scale: then it proposes no
   * decrease and does not count. Only `decreaseConsumedScale` sizes decreases from consumption,
   * so without one this has no effect (a warning). With `checksBeforeRepeatedScaleDown` the peak
   * runs on across the decreases of one low stretch. 0 or unset: this check's window alone
   * (dd's behaviour).
   *
   * Why: with a short window (one minute, to react fast) one quiet minute would size a deep
   * decrease that the next ordinary minute throttles against; target tracking sizes its
   * scale-in from the 15 minutes its low alarm evaluated for that reason. A plain peak keeps the
   * tail of a fading spike and cuts too little under a quota of 27 decreases a day; a half-life
   * of a few minutes keeps the level of traffic that swings and forgets a decay that lasts.
   * @default - this check's window alone
   */
  readonly decreasePeakHalfLifeMinutes?: number;
  /** `num-<dim>-checks-reset-percent`: consumed % at or above which the counter resets. 0 disables. @default 0 */
  readonly checksResetPercent: number;
  /** `allow-scaling-down-<dim>-on-0-percent`. @default false */
  readonly allowScaleDownAtZeroPercent: boolean;
  /** `enable-<dim>-autoscaling` (dd's deprecated master switch). @default true */
  readonly enableAutoscaling: boolean;
  /** `enable-<dim>-up-scaling`. @default true */
  readonly enableUpScaling: boolean;
  /** `enable-<dim>-down-scaling`. @default true */
  readonly enableDownScaling: boolean;

  /** `increase-consumed-<dim>-unit`; falls back to `increaseUnit`. @default - increaseUnit */
  readonly increaseConsumedUnit?: CapacityUnit;
  /** `increase-consumed-<dim>-with`; falls back to `increaseWith` (0 also falls back). @default - increaseWith */
  readonly increaseConsumedWith?: number;
  /** `increase-consumed-<dim>-scale`; when set, the upper threshold is not used. @default - none */
  readonly increaseConsumedScale?: ScaleDict;
  /** `increase-throttled-by-provisioned-<dim>-unit`. @default - increaseUnit */
  readonly increaseThrottledByProvisionedUnit?: CapacityUnit;
  /** `increase-throttled-by-provisioned-<dim>-scale`. @default - this metric never scales */
  readonly increaseThrottledByProvisionedScale?: ScaleDict;
  /** `increase-throttled-by-consumed-<dim>-unit`. @default - increaseUnit */
  readonly increaseThrottledByConsumedUnit?: CapacityUnit;
  /** `increase-throttled-by-consumed-<dim>-scale`. @default - this metric never scales */
  readonly increaseThrottledByConsumedScale?: ScaleDict;
  /** `decrease-consumed-<dim>-unit`. @default - decreaseUnit */
  readonly decreaseConsumedUnit?: CapacityUnit;
  /** `decrease-consumed-<dim>-with`. @default - decreaseWith */
  readonly decreaseConsumedWith?: number;
  /** `decrease-consumed-<dim>-scale`; when set, the lower threshold is not used. @default - none */
  readonly decreaseConsumedScale?: ScaleDict;

  /**
   * This project's addition, not a dd option (`max-increase-<dim>-percent`): an increase adds at
   * most this percent of the current capacity (at least one unit); 0 or unset means no cap. The
   * min clamp (S6) and the max clamp are not affected.
   *
   * Why: a policy that sizes increases from demand (`countThrottledAsConsumed`) answers a spike
   * with the spike's whole size, and a spike that ends before CloudWatch shows it and UpdateTable
   * applies (several minutes) leaves that capacity unused until the decrease quota allows a
   * decrease. A cap limits what one such spike costs to one step; demand that lasts is reached in
   * further steps, one per check once the table is ACTIVE again. @default - no cap
   */
  readonly maxIncreasePercent?: number;

  /**
   * This project's addition, not a dd option: step scaling as Application Auto Scaling runs it
   * for other services (AWS does not run it for DynamoDB). When set, the dimension is scaled by
   * these steps on its per-minute utilization (consumed / provisioned) instead of dd's thresholds
   * and amounts; `min` and `max` bound it; DynamoDB's decrease quota, maintenance windows and the
   * circuit breaker still apply. The check reads one-minute datapoints of the lookback window,
   * whose last `evaluationPeriods` the step alarms evaluate.
   * @default - dd's rules
   */
  readonly step?: StepRules;

  /**
   * This project's addition, not a dd option: the hybrid path. Native target tracking scales the
   * dimension; the check only suspends and resumes its dynamic scale-in (the circuit breaker and
   * maintenance windows of the target, these consecutive low checks) and, if asked, lowers it to
   * its minimum when idle. dd's thresholds and amounts are not used; `min` is the fallback
   * minimum when the scalable target cannot be read.
   * @default - dd's rules
   */
  readonly scaleInGuard?: ScaleInGuardRules;

  /** `<dim>-upper-alarm-threshold`: consumed % at or above which a high-throughput alarm fires. 0 disables. @default 0 */
  readonly upperAlarmThreshold: number;
  /** `<dim>-lower-alarm-threshold`: consumed % below which a low-throughput alarm fires. 0 disables. @default 0 */
  readonly lowerAlarmThreshold: number;
}

/** A dimension's step policy: {@link StepPolicyInput} without the bounds, which are the dimension's `min` and `max`. */
export type StepRules = Omit<StepPolicyInput, 'minCapacity' | 'maxCapacity' | 'steps'> & { readonly steps: readonly StepInterval[] };

/** A daily UTC maintenance window, in minutes after midnight; `start > end` crosses midnight (D10). */
export interface MaintenanceWindow {
  /** First minute inside the window, 0-1439. */
  readonly startMinute: number;
  /** Last minute inside the window (inclusive), 0-1439. */
  readonly endMinute: number;
}

/** A circuit breaker endpoint (spec §8): any 2xx answer means closed. */
export interface CircuitBreaker {
  /** The URL polled once per check (D13). */
  readonly url: string;
  /** Timeout of the poll in milliseconds. @default 10000 */
  readonly timeoutMs: number;
  /**
   * This project's addition: a Secrets Manager secret (name or ARN) holding
   * `{"username": "...", "password": "..."}` for basic auth, so no password is written in a
   * policy, a template, an environment variable or a log. The URL then carries no credentials.
   * @default - no authentication, or the credentials embedded in the URL (dd's way)
   */
  readonly credentialsSecret?: string;
}

/** The options of one table or one GSI (a dd `[table: …]` or `[gsi: …]` section). */
export interface TargetPolicy {
  /** Read capacity options. */
  readonly reads: DimensionPolicy;
  /** Write capacity options. */
  readonly writes: DimensionPolicy;
  /** `always-decrease-rw-together` with D2's meaning. @default false */
  readonly alwaysDecreaseRwTogether: boolean;
  /** `lookback-window-start`, minutes before now where the metric window starts. @default 15 */
  readonly lookbackWindowStart: number;
  /** `lookback-period`, minutes; the window is [now-start, now-start+period). @default 5 */
  readonly lookbackPeriod: number;
  /** `maintenance-windows`: decreases happen only inside one of them. @default - none: decreases at any time */
  readonly maintenanceWindows?: readonly MaintenanceWindow[];
  /** `sns-topic-arn`. @default - no notifications */
  readonly snsTopicArn?: string;
  /** `sns-message-types`. @default [] */
  readonly snsMessageTypes: readonly NotificationType[];
  /** `circuit-breaker-url` / `-timeout` at this level. A GSI inherits its table's (D13). @default - the global one, if any */
  readonly circuitBreaker?: CircuitBreaker;
  /**
   * Decreases kept available to an operator per table or GSI (D15), 0 to 3: the scaler decreases
   * only if, right after its decrease, DynamoDB would still accept `decreaseReserve` more
   * decreases at that moment. DynamoDB's quota is 4 decreases at any time in a UTC day, then one
   * an hour after the last, 27 in all; an hourly decrease leaves none available for an hour, so
   * with a reserve of 1 or more the scaler never takes one and makes at most
   * `4 − decreaseReserve` decreases a UTC day. With 0 it uses the whole quota. @default 0
   */
  readonly decreaseReserve: number;
  /**
   * This project's addition, not a dd option (`increases-against-current-capacity`): whether
   * increases are judged on consumption against the **current** capacity (dd's R3.2) rather
   * than against the capacity provisioned during the window (D8). Decreases keep D8.
   *
   * Why: a window read after an increase was sent (the table was still at its old capacity
   * then) shows the old capacity near full; judged against that, the same rise asks for another
   * increase at every check until the window has moved past the change, and the increases
   * compound. Judged against the current capacity, a rise that is already answered looks
   * answered. This is what lets a policy check every minute on an older window, which is what
   * late CloudWatch data demands. Throttled-by-provisioned % is measured against the current
   * capacity too. @default false
   */
  readonly increasesAgainstCurrentCapacity?: boolean;
  /**
   * This project's addition, not a dd option (`count-throttled-as-consumed`): whether throttled
   * requests of the window (`*ThrottleEvents`, one unit each) are added to the consumed units in
   * every consumed % (thresholds, scales, the calculators' base, the consumed guard and the
   * throughput alarms); throttled-by-consumed % still divides by the consumed units alone.
   *
   * Why: throttled requests consume nothing, so under throttling consumption stops at the
   * capacity (plus burst) and hides how much is asked for; target tracking climbs out of a spike
   * by at most 1/target per step for that reason. Counted as demand, a consumed-% rule sizes the
   * increase from what was asked (at 100 % and above dd's calculators grow from the consumed
   * base), and reading the same throttles twice asks for the same capacity instead of adding to
   * it. A request can need more than one unit, so this can under-count demand; SDK retries count
   * each attempt, so it can over-count. @default false
   */
  readonly countThrottledAsConsumed?: boolean;
  /**
   * This project's addition, not a dd option (`lookback-window-start-max`): how far back, in
   * minutes, the window may move while CloudWatch has not published it yet. When a check's
   * window holds no datapoint at all (no consumed units and no throttles, either dimension), the
   * check is held (no change, counters and alarms untouched) and the next check asks for a
   * window one minute older, up to this start. After 10 published windows in a row
   * (`LOOKBACK_PROBE_AFTER`) one check tries a window a minute fresher, so the window returns to
   * `lookbackWindowStart` when CloudWatch catches up. At this start an empty window is read as
   * dd reads it (0 %): the table is idle. Hosts query the window `queryWindow()` gives.
   *
   * Why: CloudWatch publishes a minute's datapoints some minutes after it ends, and how many
   * varies ("CloudWatch alarms might have a short delay of up to a few minutes", Developer
   * Guide, "DynamoDB Metrics and dimensions"). A fixed fresh window read before its data
   * arrives looks idle at every check, so the policy never scales; a fixed old window is always
   * complete but reacts minutes later than it could. This reads the freshest published minute.
   * @default - lookbackWindowStart: the window never moves (dd's behaviour)
   */
  readonly lookbackWindowStartMax?: number;
}

/** A GSI rule: the first whose pattern matches a GSI's name wins (D12). */
export interface GsiRule {
  /** A regex, anchored at the start only, as dd's `re.match`. */
  readonly indexPattern: string;
  /** The GSI's options. */
  readonly policy: TargetPolicy;
}

/**
 * A table rule: the first that matches a table's name wins (spec §2.6). It names its table
 * exactly (`tableName`: a table the construct manages, or a conf section expanded for a list of
 * tables) or by a pattern (`tablePattern`: a dynamic-dynamodb.conf section as written); exactly
 * one of the two is set.
 */
export interface TableRule {
  /** A regex, anchored at the start only, as dd's `re.match`. @default - the rule names its table exactly */
  readonly tablePattern?: string;
  /** The one table this rule manages, matched by equality: `orders` never matches `orders-archive`. @default - the rule uses `tablePattern` */
  readonly tableName?: string;
  /** The table's options. */
  readonly policy: TargetPolicy;
  /** The table's GSI rules, in file order. */
  readonly gsis: readonly GsiRule[];
}

/**
 * The target-level (not per-dimension) fields a user sets; the circuit breaker's two fields are
 * named apart because validation reports them apart.
 */
export type TargetField =
  | Exclude<keyof TargetPolicy, 'reads' | 'writes' | 'circuitBreaker'>
  | 'circuitBreakerUrl'
  | 'circuitBreakerTimeoutMs'
  | 'circuitBreakerCredentialsSecret';

/** How a rule names its tables, for messages: the exact name, or `/pattern/`. */
export function describeTableRule(rule: TableRule): string {
  return rule.tableName ?? rule.tablePattern ?? '';
}

/** A whole custom policy: what one dynamic-dynamodb.conf, or one construct, says. */
export interface EnginePolicy {
  /** Table rules, in file order. */
  readonly tables: readonly TableRule[];
  /** Seconds between checks (`check-interval`). @default 300 */
  readonly checkIntervalSeconds: number;
  /** The global circuit breaker. @default - none */
  readonly circuitBreaker?: CircuitBreaker;
}

/** The defaults of spec §2.3 with D11 (min 1, max 40000). */
export const DEFAULT_DIMENSION_POLICY: DimensionPolicy = {
  upperThreshold: 90,
  lowerThreshold: 30,
  throttledUpperThreshold: 0,
  increaseWith: 50,
  increaseUnit: 'percent',
  decreaseWith: 50,
  decreaseUnit: 'percent',
  min: 1,
  max: DEFAULT_MAX_CAPACITY,
  checksBeforeScaleDown: 1,
  checksResetPercent: 0,
  allowScaleDownAtZeroPercent: false,
  enableAutoscaling: true,
  enableUpScaling: true,
  enableDownScaling: true,
  upperAlarmThreshold: 0,
  lowerAlarmThreshold: 0,
};

/** The target-level defaults of spec §2.3. */
export const DEFAULT_TARGET_POLICY: TargetPolicy = {
  reads: DEFAULT_DIMENSION_POLICY,
  writes: DEFAULT_DIMENSION_POLICY,
  alwaysDecreaseRwTogether: false,
  lookbackWindowStart: 15,
  lookbackPeriod: 5,
  snsMessageTypes: [],
  decreaseReserve: 0,
  increasesAgainstCurrentCapacity: false,
  countThrottledAsConsumed: false,
};
