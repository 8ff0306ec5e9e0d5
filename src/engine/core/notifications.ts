/**
 * SNS messages (spec §10-§11), with dd's exact subjects and bodies. D14: a throughput alarm is
 * notified when the alarm state of a table or GSI changes, not on every check.
 */
import { CapacityUpdate, EngineNotification } from './decide-types';
import { NotificationType, TargetPolicy } from './policy';

/** The alarm evaluation of one table or GSI (R10.2-R10.3). */
export interface AlarmEvaluation {
  /** `high-throughput-alarm:reads,writes`-style signature, or `''` when nothing fires. */
  readonly signature: string;
  /** The message type, when an alarm fires. @default - none: no alarm fires */
  readonly type?: NotificationType;
  /** The subject, when an alarm fires. @default - none: no alarm fires */
  readonly subject?: string;
  /** The body, when an alarm fires. @default - none: no alarm fires */
  readonly message?: string;
}

const NO_ALARM: AlarmEvaluation = { signature: '' };

function f6(x: number): string {
  return x.toFixed(6);
}

function prefix(table: string, gsi: string | null): string {
  return gsi === null ? `${table} - ` : `${table} - GSI: ${gsi} - `;
}

function subjectSuffix(gsi: string | null): string {
  return gsi === null ? '' : ` - GSI: ${gsi}`;
}

/**
 * Evaluates the throughput alarms (R10.2): upper fires at `consumed% ≥ threshold`, lower at
 * `consumed% < threshold`, 0 disables; any upper masks every lower (R10.3).
 */
export function evaluateAlarms(
  policy: TargetPolicy, table: string, gsi: string | null, readsPercent: number, writesPercent: number,
): AlarmEvaluation {
  const r = policy.reads;
  const w = policy.writes;
  const highR = r.upperAlarmThreshold > 0 && readsPercent >= r.upperAlarmThreshold;
  const highW = w.upperAlarmThreshold > 0 && writesPercent >= w.upperAlarmThreshold;
  if (highR || highW) {
    const p = prefix(table, gsi);
    let message = '';
    if (highR) message += `${p}Consumed Read Capacity ${f6(readsPercent)}% was greater than or equal to the upper alarm threshold ${f6(r.upperAlarmThreshold)}%\n`;
    if (highW) message += `${p}Consumed Write Capacity ${f6(writesPercent)}% was greater than or equal to the upper alarm threshold ${f6(w.upperAlarmThreshold)}%\n`;
    return {
      signature: `high-throughput-alarm:${highR ? 'reads' : ''}${highR && highW ? ',' : ''}${highW ? 'writes' : ''}`,
      type: 'high-throughput-alarm',
      subject: `ALARM: High Throughput for Table ${table}${subjectSuffix(gsi)}`,
      message,
    };
  }
  const lowR = r.lowerAlarmThreshold > 0 && readsPercent < r.lowerAlarmThreshold;
  const lowW = w.lowerAlarmThreshold > 0 && writesPercent < w.lowerAlarmThreshold;
  if (!lowR && !lowW) return NO_ALARM;
  const p = prefix(table, gsi);
  let message = '';
  if (lowR) message += `${p}Consumed Read Capacity ${f6(readsPercent)}% was below the lower alarm threshold ${f6(r.lowerAlarmThreshold)}%\n`;
  if (lowW) message += `${p}Consumed Write Capacity ${f6(writesPercent)}% was below the lower alarm threshold ${f6(w.lowerAlarmThreshold)}%\n`;
  return {
    signature: `low-throughput-alarm:${lowR ? 'reads' : ''}${lowR && lowW ? ',' : ''}${lowW ? 'writes' : ''}`,
    type: 'low-throughput-alarm',
    subject: `ALARM: Low Throughput for Table ${table}${subjectSuffix(gsi)}`,
    message,
  };
}

/**
 * The message to publish for an event, or undefined: nothing is sent without a topic, and an
 * event goes out once if any of its types is subscribed (R11.1).
 */
export function notification(
  policy: TargetPolicy, types: NotificationType[], table: string, gsi: string | null,
  subject: string, message: string, afterUpdate: boolean,
): EngineNotification | undefined {
  if (!policy.snsTopicArn) return undefined;
  const type = types.find((t) => policy.snsMessageTypes.includes(t));
  if (!type) return undefined;
  return { type, types, topicArn: policy.snsTopicArn, table, gsi, subject, message, afterUpdate };
}

/**
 * The scaling message of an update (R11.2): `scale-down` and/or `scale-up`, one line per
 * changed dimension.
 */
export function scalingNotification(policy: TargetPolicy, u: CapacityUpdate): EngineNotification | undefined {
  // Nothing is published without a topic: build no message (this runs for every update of every check).
  if (!policy.snsTopicArn) return undefined;
  const types: NotificationType[] = [];
  if (u.reads < u.fromReads || u.writes < u.fromWrites) types.push('scale-down');
  if (u.reads > u.fromReads || u.writes > u.fromWrites) types.push('scale-up');
  const p = prefix(u.table, u.gsi);
  let message = '';
  if (u.reads !== u.fromReads) message += `${p}Reads: ${u.reads > u.fromReads ? 'UP' : 'DOWN'} from ${u.fromReads} to ${u.reads}\n`;
  if (u.writes !== u.fromWrites) message += `${p}Writes: ${u.writes > u.fromWrites ? 'UP' : 'DOWN'} from ${u.fromWrites} to ${u.writes}\n`;
  const subject = u.gsi === null ? `Updated provisioning for table ${u.table}` : `Updated provisioning for GSI ${u.gsi}`;
  return notification(policy, types, u.table, u.gsi, subject, message, true);
}
