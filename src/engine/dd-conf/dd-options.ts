/**
 * The options of a dynamic-dynamodb.conf `[table: …]`, `[gsi: …]` or `[default_options]` section
 * (spec §2.3), each with its type and the policy-model field it fills. This table is the only
 * place where a dd option name is mapped to the model: the parser, the validator's messages, the
 * docs test and the vector tests all read it.
 */
import { Dimension } from '../core/decide-types';
import { DimensionPolicy, TargetField, TargetPolicy } from '../core/policy';
import { PolicyNaming, ruleSection } from '../core/policy-naming';

/**
 * How a value is read, after RawConfigParser's `get`:
 * `int` = Python `int()` (`12.5` is an error), `float` = Python `float()`, `bool` = `getboolean`,
 * `str` = raw text, `unit` = raw text that must be `percent` or `units`, `dict` = a Python dict
 * literal of numbers, `list` = split on `,` and trimmed, `windows` = maintenance windows (D10).
 */
export type DdOptionType = 'int' | 'float' | 'bool' | 'str' | 'unit' | 'dict' | 'list' | 'windows';

/** The target-level (not per-dimension) fields an option can fill. */
export type { TargetField };

/** A per-dimension option such as `min-provisioned-reads`. */
export interface DimensionOption {
  /** The option's name in dynamic-dynamodb.conf. */
  readonly name: string;
  /** How the value is read. */
  readonly type: DdOptionType;
  /** Which dimension it configures. */
  readonly dimension: Dimension;
  /** The field of {@link DimensionPolicy} it fills. */
  readonly field: keyof DimensionPolicy;
  /** dd exits when a section lacks it and `[default_options]` does not set it. @default false */
  readonly required?: boolean;
  /** Not a dd 2.5.1 option: this project's addition. @default false */
  readonly extension?: boolean;
}

/** A target-level option such as `lookback-period`. */
export interface TargetOption {
  /** The option's name in dynamic-dynamodb.conf. */
  readonly name: string;
  /** How the value is read. */
  readonly type: DdOptionType;
  /** The target-level field it fills (`circuitBreaker*` fill {@link TargetPolicy.circuitBreaker}). */
  readonly field: TargetField;
  /** Not a dd 2.5.1 option: this project's addition. @default false */
  readonly extension?: boolean;
}

/** Either kind of section option. */
export type SectionOption = DimensionOption | TargetOption;

/** dd spells the checks options `num-read-…`/`num-write-…`, not `reads`/`writes`. */
function singular(d: Dimension): string {
  return d === 'reads' ? 'read' : 'write';
}

function dimensionOptions(d: Dimension): DimensionOption[] {
  const o = (name: string, type: DdOptionType, field: keyof DimensionPolicy, required?: boolean): DimensionOption =>
    ({ name, type, dimension: d, field, ...(required ? { required } : {}) });
  return [
    o(`${d}-upper-threshold`, 'float', 'upperThreshold'),
    o(`${d}-lower-threshold`, 'int', 'lowerThreshold'),
    o(`throttled-${d}-upper-threshold`, 'int', 'throttledUpperThreshold'),
    o(`increase-${d}-with`, 'int', 'increaseWith'),
    o(`increase-${d}-unit`, 'unit', 'increaseUnit', true),
    o(`decrease-${d}-with`, 'int', 'decreaseWith'),
    o(`decrease-${d}-unit`, 'unit', 'decreaseUnit', true),
    o(`min-provisioned-${d}`, 'int', 'min'),
    o(`max-provisioned-${d}`, 'int', 'max'),
    o(`num-${singular(d)}-checks-before-scale-down`, 'int', 'checksBeforeScaleDown'),
    o(`num-${singular(d)}-checks-reset-percent`, 'int', 'checksResetPercent'),
    o(`allow-scaling-down-${d}-on-0-percent`, 'bool', 'allowScaleDownAtZeroPercent'),
    o(`enable-${d}-autoscaling`, 'bool', 'enableAutoscaling'),
    o(`enable-${d}-up-scaling`, 'bool', 'enableUpScaling'),
    o(`enable-${d}-down-scaling`, 'bool', 'enableDownScaling'),
    o(`increase-consumed-${d}-unit`, 'unit', 'increaseConsumedUnit'),
    o(`increase-consumed-${d}-with`, 'int', 'increaseConsumedWith'),
    o(`increase-consumed-${d}-scale`, 'dict', 'increaseConsumedScale'),
    o(`increase-throttled-by-provisioned-${d}-unit`, 'unit', 'increaseThrottledByProvisionedUnit'),
    o(`increase-throttled-by-provisioned-${d}-scale`, 'dict', 'increaseThrottledByProvisionedScale'),
    o(`increase-throttled-by-consumed-${d}-unit`, 'unit', 'increaseThrottledByConsumedUnit'),
    o(`increase-throttled-by-consumed-${d}-scale`, 'dict', 'increaseThrottledByConsumedScale'),
    o(`decrease-consumed-${d}-unit`, 'unit', 'decreaseConsumedUnit'),
    o(`decrease-consumed-${d}-with`, 'int', 'decreaseConsumedWith'),
    o(`decrease-consumed-${d}-scale`, 'dict', 'decreaseConsumedScale'),
    o(`${d}-upper-alarm-threshold`, 'int', 'upperAlarmThreshold'),
    o(`${d}-lower-alarm-threshold`, 'int', 'lowerAlarmThreshold'),
    { name: `max-increase-${d}-percent`, type: 'int', dimension: d, field: 'maxIncreasePercent', extension: true },
    {
      name: `num-${singular(d)}-checks-before-repeated-scale-down`,
      type: 'int',
      dimension: d,
      field: 'checksBeforeRepeatedScaleDown',
      extension: true,
    },
    { name: `decrease-${d}-peak-half-life-minutes`, type: 'float', dimension: d, field: 'decreasePeakHalfLifeMinutes', extension: true },
  ];
}

/** Every option of a table, GSI or `[default_options]` section, reads first, then writes, then target-level. */
export const SECTION_OPTIONS: readonly SectionOption[] = [
  ...dimensionOptions('reads'),
  ...dimensionOptions('writes'),
  { name: 'always-decrease-rw-together', type: 'bool', field: 'alwaysDecreaseRwTogether' },
  { name: 'lookback-window-start', type: 'int', field: 'lookbackWindowStart' },
  { name: 'lookback-period', type: 'int', field: 'lookbackPeriod' },
  { name: 'maintenance-windows', type: 'windows', field: 'maintenanceWindows' },
  { name: 'sns-topic-arn', type: 'str', field: 'snsTopicArn' },
  { name: 'sns-message-types', type: 'list', field: 'snsMessageTypes' },
  { name: 'circuit-breaker-url', type: 'str', field: 'circuitBreakerUrl' },
  { name: 'circuit-breaker-timeout', type: 'float', field: 'circuitBreakerTimeoutMs' },
  { name: 'decrease-reserve', type: 'int', field: 'decreaseReserve', extension: true },
  { name: 'increases-against-current-capacity', type: 'bool', field: 'increasesAgainstCurrentCapacity', extension: true },
  { name: 'count-throttled-as-consumed', type: 'bool', field: 'countThrottledAsConsumed', extension: true },
  { name: 'lookback-window-start-max', type: 'int', field: 'lookbackWindowStartMax', extension: true },
];

/** An option of `[global]`; `ignored` ones are accepted for compatibility and have no effect here. */
export interface GlobalOption {
  /** The option's name in dynamic-dynamodb.conf. */
  readonly name: string;
  /** How the value is read. */
  readonly type: DdOptionType;
  /** What it fills in {@link EnginePolicy}, or `ignored`. */
  readonly field: 'checkIntervalSeconds' | 'circuitBreakerUrl' | 'circuitBreakerTimeoutMs' | 'ignored';
}

/** The `[global]` options of spec §2.2. Region and credentials come from the deployment here. */
export const GLOBAL_OPTIONS: readonly GlobalOption[] = [
  { name: 'region', type: 'str', field: 'ignored' },
  { name: 'aws-access-key-id', type: 'str', field: 'ignored' },
  { name: 'aws-secret-access-key-id', type: 'str', field: 'ignored' },
  { name: 'check-interval', type: 'int', field: 'checkIntervalSeconds' },
  { name: 'circuit-breaker-url', type: 'str', field: 'circuitBreakerUrl' },
  { name: 'circuit-breaker-timeout', type: 'float', field: 'circuitBreakerTimeoutMs' },
];

/** The `[logging]` options of spec §2.2: accepted and ignored (the Lambda logs to CloudWatch). */
export const LOGGING_OPTIONS: readonly string[] = ['log-level', 'log-file', 'log-config-file'];

/** The log levels dd accepts (case-insensitive); any other value made dd exit. */
export const LOG_LEVELS: readonly string[] = ['debug', 'info', 'warning', 'error'];

/** Whether an option is per dimension. */
export function isDimensionOption(option: SectionOption): option is DimensionOption {
  return 'dimension' in option;
}

/** The dd name of a per-dimension field, e.g. `('reads', 'min')` → `min-provisioned-reads`. */
export function dimensionOptionName(dimension: Dimension, field: keyof DimensionPolicy): string {
  const found = SECTION_OPTIONS.find(o => isDimensionOption(o) && o.dimension === dimension && o.field === field);
  // Every DimensionPolicy field is in the table (a test pins this), so this never falls through.
  return found ? found.name : `${dimension}.${field}`;
}

/** The dd name of a target-level field, e.g. `lookbackPeriod` → `lookback-period`. */
export function targetOptionName(field: TargetField): string {
  const found = SECTION_OPTIONS.find(o => !isDimensionOption(o) && o.field === field);
  return found ? found.name : field;
}

/**
 * The model's value for a section option, as the parser stored it: the way to read a
 * {@link TargetPolicy} through dd's option names (used by the migration report and the tests).
 */
export function readSectionOption(policy: TargetPolicy, option: SectionOption): unknown {
  if (isDimensionOption(option)) return policy[option.dimension][option.field];
  switch (option.field) {
    case 'circuitBreakerUrl': return policy.circuitBreaker?.url;
    case 'circuitBreakerTimeoutMs': return policy.circuitBreaker?.timeoutMs;
    case 'circuitBreakerCredentialsSecret': return policy.circuitBreaker?.credentialsSecret;
    default: return policy[option.field];
  }
}

/** Validation names for a dynamic-dynamodb.conf: dd's option names and sections as written. */
export const DD_OPTION_NAMING: PolicyNaming = {
  section: ruleSection,
  rule: () => 'section',
  dimensionOption: (dimension, field) => dimensionOptionName(dimension, field),
  targetOption: (field) => targetOptionName(field),
  checkIntervalOption: () => 'check-interval',
};
