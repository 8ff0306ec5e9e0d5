import { Duration } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';

/**
 * How an amount of capacity change is expressed.
 */
export enum CapacityChangeUnit {
  /** Percent of the current capacity. */
  PERCENT = 'PERCENT',
  /** Capacity units. */
  UNITS = 'UNITS',
}

/**
 * An amount by which the scaler raises or lowers capacity: a percent of the current capacity or
 * a number of capacity units.
 */
export class CapacityChange {
  /** Change by `amount` percent of the current capacity. */
  public static percent(amount: number): CapacityChange {
    return new CapacityChange(amount, CapacityChangeUnit.PERCENT);
  }

  /** Change by `amount` capacity units. */
  public static units(amount: number): CapacityChange {
    return new CapacityChange(amount, CapacityChangeUnit.UNITS);
  }

  private constructor(
    /** The amount, in `unit`. */
    public readonly amount: number,
    /** Percent or units. */
    public readonly unit: CapacityChangeUnit,
  ) {}
}

/**
 * One step of a granular scale: from `thresholdPercent` of its metric up, change capacity by
 * `amount` (in the scale's unit). The highest threshold the metric reaches applies.
 */
export interface GranularStep {
  /** The metric's value, in percent, from which this step applies (>= 0). */
  readonly thresholdPercent: number;
  /** The change, in the scale's unit (>= 0). */
  readonly amount: number;
}

/**
 * A granular scale (Dynamic DynamoDB's `{0.25: 5, 0.5: 10}` dicts): the change grows in steps
 * with the metric instead of being one fixed amount.
 */
export class GranularScale {
  /** Steps whose amounts are percents of the current capacity. */
  public static percent(steps: GranularStep[]): GranularScale {
    return new GranularScale(steps, CapacityChangeUnit.PERCENT);
  }

  /** Steps whose amounts are capacity units. */
  public static units(steps: GranularStep[]): GranularScale {
    return new GranularScale(steps, CapacityChangeUnit.UNITS);
  }

  private constructor(
    /** The steps, in any order. */
    public readonly steps: GranularStep[],
    /** The unit of every step's amount. */
    public readonly unit: CapacityChangeUnit,
  ) {}
}

/**
 * The rules of one capacity dimension (reads or writes) on the scaler Lambda. The names follow
 * Dynamic DynamoDB's options (docs/dynamic-dynamodb-semantics.md lists each one's behaviour).
 */
export interface CustomCapacityOptions {
  /** The lowest capacity the scaler sets (capacity units, >= 1). */
  readonly minCapacity: number;

  /** The highest capacity the scaler sets (capacity units). */
  readonly maxCapacity: number;

  /**
   * Scale up when consumed capacity is above this percent of the provisioned capacity.
   *
   * @default 90
   */
  readonly upperThresholdPercent?: number;

  /**
   * Scale down when consumed capacity is below this percent of the provisioned capacity.
   *
   * @default 30
   */
  readonly lowerThresholdPercent?: number;

  /**
   * Scale up when the lookback window holds more throttle events than this; 0 turns it off.
   *
   * @default 0
   */
  readonly throttledEventsThreshold?: number;

  /**
   * How much one scale-up adds.
   *
   * @default CapacityChange.percent(50)
   */
  readonly increase?: CapacityChange;

  /**
   * How much one scale-down removes.
   *
   * @default CapacityChange.percent(50)
   */
  readonly decrease?: CapacityChange;

  /**
   * How much a scale-up caused by high consumption adds (`increase-consumed-<dim>-with`).
   *
   * @default - `increase`
   */
  readonly increaseOnConsumed?: CapacityChange;

  /**
   * Scale-up amounts by consumed percent; when set, `upperThresholdPercent` is not used. Its unit
   * must match `increaseOnConsumed`'s when both are set.
   *
   * @default - one amount above `upperThresholdPercent`
   */
  readonly increaseOnConsumedScale?: GranularScale;

  /**
   * Scale-up amounts by throttle events as a percent of the provisioned capacity.
   *
   * @default - throttling by provisioned capacity never scales
   */
  readonly increaseOnThrottledByProvisionedScale?: GranularScale;

  /**
   * Scale-up amounts by throttle events as a percent of the consumed capacity.
   *
   * @default - throttling by consumed capacity never scales
   */
  readonly increaseOnThrottledByConsumedScale?: GranularScale;

  /**
   * How much a scale-down caused by low consumption removes (`decrease-consumed-<dim>-with`).
   *
   * @default - `decrease`
   */
  readonly decreaseOnConsumed?: CapacityChange;

  /**
   * Scale-down amounts by consumed percent; when set, `lowerThresholdPercent` is not used. Its
   * unit must match `decreaseOnConsumed`'s when both are set.
   *
   * @default - one amount below `lowerThresholdPercent`
   */
  readonly decreaseOnConsumedScale?: GranularScale;

  /**
   * The most one scale-up adds, in percent of the current capacity (at least one unit); 0 for no cap.
   *
   * @default - no cap
   */
  readonly maxIncreasePercent?: number;

  /**
   * Consecutive low checks before a scale-down.
   *
   * @default 1
   */
  readonly checksBeforeScaleDown?: number;

  /**
   * Consecutive low checks before each further scale-down of the same low stretch.
   *
   * @default - `checksBeforeScaleDown`
   */
  readonly checksBeforeRepeatedScaleDown?: number;

  /**
   * Consumed percent at or above which the count of low checks starts again; 0 turns it off.
   *
   * @default 0
   */
  readonly checksResetPercent?: number;

  /**
   * Size scale-downs from the recent peak of the low checks, each check's consumption weighing
   * half as much after this time (needs `decreaseOnConsumedScale`).
   *
   * @default - from the last window alone
   */
  readonly decreasePeakHalfLife?: Duration;

  /**
   * Scale down a table that consumed nothing in the window.
   *
   * @default false
   */
  readonly scaleDownAtZeroPercent?: boolean;

  /**
   * Never raise capacity.
   *
   * @default false
   */
  readonly disableScaleOut?: boolean;

  /**
   * Never lower capacity.
   *
   * @default false
   */
  readonly disableScaleIn?: boolean;

  /**
   * Consumed percent at or above which a high-throughput notification is sent; 0 turns it off.
   *
   * @default 0
   */
  readonly upperAlarmThresholdPercent?: number;

  /**
   * Consumed percent below which a low-throughput notification is sent; 0 turns it off.
   *
   * @default 0
   */
  readonly lowerAlarmThresholdPercent?: number;
}

/**
 * A daily maintenance window in UTC: scale-downs happen only inside one. A window whose start is
 * after its end crosses midnight.
 */
export interface MaintenanceWindow {
  /** The first minute inside the window, `HH:MM` in UTC. */
  readonly start: string;
  /** The last minute inside the window, `HH:MM` in UTC (`24:00` for the end of the day). */
  readonly end: string;
}

/**
 * An HTTP endpoint asked before every scaling action: any 2xx answer lets the scaler act, any
 * other answer (or none) stops it, for example during an incident.
 */
export interface CircuitBreakerOptions {
  /** The `http://` or `https://` URL, without credentials. */
  readonly url: string;

  /**
   * How long to wait for the answer.
   *
   * @default Duration.seconds(10)
   */
  readonly timeout?: Duration;

  /**
   * A secret holding `{"username": "...", "password": "..."}` for basic authentication.
   *
   * @default - no authentication
   */
  readonly credentials?: secretsmanager.ISecret;
}

/**
 * The messages the scaler can publish to SNS.
 */
export enum ScalingNotificationType {
  /** Capacity was raised. */
  SCALE_UP = 'SCALE_UP',
  /** Capacity was lowered. */
  SCALE_DOWN = 'SCALE_DOWN',
  /** Consumption reached `upperAlarmThresholdPercent`. */
  HIGH_THROUGHPUT_ALARM = 'HIGH_THROUGHPUT_ALARM',
  /** Consumption fell below `lowerAlarmThresholdPercent`. */
  LOW_THROUGHPUT_ALARM = 'LOW_THROUGHPUT_ALARM',
}

/**
 * Where the scaler reports what it did.
 */
export interface ScalingNotifications {
  /** The topic to publish to. */
  readonly topic: sns.ITopic;

  /**
   * The messages to publish.
   *
   * @default - every type
   */
  readonly messageTypes?: ScalingNotificationType[];
}

/**
 * Options of `ScalingPolicy.custom`: rules for reads and writes run by the scaler Lambda, and
 * the settings they share. At least one of `read` and `write` must be given.
 */
export interface CustomScalingOptions {
  /**
   * Read capacity rules.
   *
   * @default - read capacity is not scaled
   */
  readonly read?: CustomCapacityOptions;

  /**
   * Write capacity rules.
   *
   * @default - write capacity is not scaled
   */
  readonly write?: CustomCapacityOptions;

  /**
   * How often the scaler checks the table (whole minutes).
   *
   * @default Duration.minutes(1)
   */
  readonly checkInterval?: Duration;

  /**
   * How long before the check the metric window starts (whole minutes).
   *
   * @default Duration.minutes(15)
   */
  readonly lookbackWindowStart?: Duration;

  /**
   * The length of the metric window (whole minutes).
   *
   * @default Duration.minutes(5)
   */
  readonly lookbackPeriod?: Duration;

  /**
   * How far back the window may move while CloudWatch has not published it yet (whole minutes).
   *
   * @default - the window never moves
   */
  readonly lookbackWindowStartMax?: Duration;

  /**
   * Scale-downs happen only inside one of these windows.
   *
   * @default - scale-downs at any time
   */
  readonly maintenanceWindows?: MaintenanceWindow[];

  /**
   * An endpoint that must answer 2xx before the scaler acts.
   *
   * @default - no circuit breaker
   */
  readonly circuitBreaker?: CircuitBreakerOptions;

  /**
   * SNS notifications of scaling actions and throughput alarms.
   *
   * @default - no notifications
   */
  readonly notifications?: ScalingNotifications;

  /**
   * Lower reads only when writes are lowered too, and the other way round.
   *
   * @default false
   */
  readonly decreaseReadsAndWritesTogether?: boolean;

  /**
   * Scale-downs of DynamoDB's daily quota kept for an operator (0 to 3).
   *
   * @default 0
   */
  readonly decreaseReserve?: number;

  /**
   * Judge scale-ups against the current capacity rather than the capacity of the metric window.
   *
   * @default false
   */
  readonly increasesAgainstCurrentCapacity?: boolean;

  /**
   * Count throttled requests (one unit each) as consumed capacity.
   *
   * @default false
   */
  readonly countThrottledAsConsumed?: boolean;

  /**
   * Decide and log, but never change capacity or notify.
   *
   * @default false
   */
  readonly dryRun?: boolean;
}

/**
 * Minimum and maximum of one dimension for `ScalingPolicy.recommended`.
 */
export interface CapacityBounds {
  /** The lowest capacity the scaler sets (capacity units, >= 1). */
  readonly minCapacity: number;
  /** The highest capacity the scaler sets (capacity units). */
  readonly maxCapacity: number;
}

/**
 * Options of `ScalingPolicy.recommended`. At least one of `read` and `write` must be given.
 */
export interface RecommendedScalingOptions {
  /**
   * Read capacity bounds.
   *
   * @default - read capacity is not scaled
   */
  readonly read?: CapacityBounds;

  /**
   * Write capacity bounds.
   *
   * @default - write capacity is not scaled
   */
  readonly write?: CapacityBounds;

  /**
   * Decide and log, but never change capacity or notify.
   *
   * @default false
   */
  readonly dryRun?: boolean;
}

/**
 * Options of `ScalingPolicy.fromDynamicDynamoDbConfig`.
 */
export interface DynamicDynamoDbConfigOptions {
  /**
   * The table name the conf's `[table: <regex>]` sections are matched against, as Dynamic
   * DynamoDB matched them (the first section whose regex matches the start of the name).
   */
  readonly tableName: string;

  /**
   * The global secondary indexes the conf's `[gsi: <regex> table: <regex>]` sections manage; each
   * must be matched by a section of the table's (a synth error otherwise).
   *
   * @default - every scaled index a section matches; the others are not scaled, as in Dynamic DynamoDB
   */
  readonly indexNames?: string[];

  /**
   * Decide and log, but never change capacity or notify (Dynamic DynamoDB's `--dry-run`).
   *
   * @default false
   */
  readonly dryRun?: boolean;
}
