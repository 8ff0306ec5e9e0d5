/**
 * What a policy pays to run, apart from the capacity it provisions: the one model of it, used by
 * the simulator (the "running cost" of each result) and by bench/scaler.bench.ts (per table and
 * month). Prices come from `Prices` (cost.ts); the assumptions below are not prices.
 *
 * - Native target tracking: Application Auto Scaling creates 4 CloudWatch alarms per scalable
 *   dimension (AlarmHigh, AlarmLow, ProvisionedCapacityHigh, ProvisionedCapacityLow), billed per
 *   alarm-month (Developer Guide, "Managing throughput capacity automatically with DynamoDB auto
 *   scaling", https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/AutoScaling.html).
 * - A custom policy (the scaler): GetMetricData per metric requested, its share of the scaler
 *   Lambda's requests (one invocation serves `SCALER_TABLES_PER_STACK` tables) and duration, a
 *   strongly consistent read of the state table per check and a write per state written, and the
 *   table's throttle alarm (one metric-math alarm over the read and write throttles of each target,
 *   at most 5 targets: an alarm holds 10 metrics), billed per metric in it.
 * - The hybrid path: target tracking's alarms and the scaler's costs for its guard checks, without
 *   the throttle alarm (target tracking scales out, so the construct creates none).
 * - On-demand and the oracle: nothing.
 * Alarms are prorated over the time simulated: `seconds / MONTH_SECONDS` of an alarm-month.
 */
import { Prices } from './cost';

/** The month alarm prices are quoted per: 30 days. */
export const MONTH_SECONDS = 30 * 24 * 3600;
/** Alarms target tracking creates per scalable dimension. */
export const TARGET_TRACKING_ALARMS_PER_DIMENSION = 4;
/** The scaler Lambda's memory, GB (256 MB, arm64). */
export const SCALER_MEMORY_GB = 0.25;
/** The scaler's duration per table and check, seconds. */
export const SCALER_CHECK_SECONDS_PER_TABLE = 0.05;
/** Tables one scaler invocation checks (one scaler per stack): each pays this share of a request. */
export const SCALER_TABLES_PER_STACK = 10;
/** Targets (table and indexes) one throttle alarm covers: 10 metrics, a read and a write metric each. */
export const THROTTLE_ALARM_MAX_TARGETS = 5;

/** The cost of `metrics` alarm metrics (one per standard alarm) over `seconds`, USD. */
export function alarmCostUsd(metrics: number, seconds: number, prices: Prices): number {
  return (metrics * prices.alarmMonth * seconds) / MONTH_SECONDS;
}

/** Native target tracking's running cost: its alarms on `dimensions` scalable dimensions over `seconds`, USD. */
export function targetTrackingRunningCostUsd(dimensions: number, seconds: number, prices: Prices): number {
  return alarmCostUsd(TARGET_TRACKING_ALARMS_PER_DIMENSION * dimensions, seconds, prices);
}

/** The metrics in a table's throttle alarm: read and write throttles of each target it covers. */
export function throttleAlarmMetrics(targets: number): number {
  return Math.min(targets, THROTTLE_ALARM_MAX_TARGETS) * 2;
}

/** What the scaler did for one table over a stretch of time. */
export interface ScalerUsage {
  /** Checks of the table. */
  readonly checks: number;
  /** Metrics requested from GetMetricData, over every check. */
  readonly metricsRequested: number;
  /** Writes of the table's state item, over every check. */
  readonly stateWrites: number;
  /** Targets of the table (the table and its indexes on the Lambda path), for its throttle alarm. */
  readonly targets: number;
  /** Whether the table has its throttle alarm: on the Lambda path; not on the hybrid path. @default true */
  readonly throttleAlarm?: boolean;
  /** The time covered, seconds (prorates the alarm). */
  readonly seconds: number;
  /** Tables sharing one scaler invocation. @default SCALER_TABLES_PER_STACK */
  readonly tablesPerStack?: number;
}

/** The scaler's running cost for one table, by charge, USD. */
export interface ScalerCost {
  /** GetMetricData. */
  readonly getMetricData: number;
  /** Lambda requests (this table's share) and duration. */
  readonly lambda: number;
  /** State table reads and writes. */
  readonly stateTable: number;
  /** The throttle alarm. */
  readonly throttleAlarm: number;
  /** The sum. */
  readonly total: number;
}

/** What the scaler costs to run for one table, by charge. */
export function scalerRunningCost(usage: ScalerUsage, prices: Prices): ScalerCost {
  const perStack = usage.tablesPerStack ?? SCALER_TABLES_PER_STACK;
  const getMetricData = usage.metricsRequested * prices.getMetricDataPerMetric;
  const lambda = usage.checks * (prices.lambdaRequest / perStack + SCALER_CHECK_SECONDS_PER_TABLE * SCALER_MEMORY_GB * prices.lambdaGbSecond);
  const stateTable = usage.checks * prices.stateRead + usage.stateWrites * prices.stateWrite;
  const throttleAlarm = usage.throttleAlarm === false ? 0 : alarmCostUsd(throttleAlarmMetrics(usage.targets), usage.seconds, prices);
  return { getMetricData, lambda, stateTable, throttleAlarm, total: getMetricData + lambda + stateTable + throttleAlarm };
}
