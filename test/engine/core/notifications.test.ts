/**
 * SNS texts and filtering (spec §10-§11).
 */
import { CapacityUpdate } from '../../../src/engine/core/decide-types';
import { evaluateAlarms, scalingNotification } from '../../../src/engine/core/notifications';
import { target } from '../builders';

const sns = { snsTopicArn: 'arn:aws:sns:us-east-1:1:t', snsMessageTypes: ['scale-up', 'scale-down', 'high-throughput-alarm', 'low-throughput-alarm'] as const };
const alarmPolicy = target({ ...sns, snsMessageTypes: [...sns.snsMessageTypes], both: { upperAlarmThreshold: 75, lowerAlarmThreshold: 20 } });

test.each([
  ['upper at exactly the threshold fires', 75, 50, 'high-throughput-alarm:reads'],
  ['upper on both', 80, 90, 'high-throughput-alarm:reads,writes'],
  ['upper masks lower', 80, 10, 'high-throughput-alarm:reads'],
  ['lower strictly below', 19.9, 50, 'low-throughput-alarm:reads'],
  ['lower at the threshold does not fire', 20, 50, ''],
  ['0% (no datapoints) can fire the lower alarm', 0, 0, 'low-throughput-alarm:reads,writes'],
  ['between: nothing', 50, 50, ''],
])('%s', (_what, r, w, signature) => {
  expect(evaluateAlarms(alarmPolicy, 't', null, r, w).signature).toBe(signature);
});

test('thresholds of 0 disable the alarms', () => {
  expect(evaluateAlarms(target(), 't', null, 0, 100)).toEqual({ signature: '' });
});

test('table and GSI alarm texts', () => {
  expect(evaluateAlarms(alarmPolicy, 't', null, 10, 50)).toEqual({
    signature: 'low-throughput-alarm:reads',
    type: 'low-throughput-alarm',
    subject: 'ALARM: Low Throughput for Table t',
    message: 't - Consumed Read Capacity 10.000000% was below the lower alarm threshold 20.000000%\n',
  });
  expect(evaluateAlarms(alarmPolicy, 't', 'g', 50, 95)).toMatchObject({
    subject: 'ALARM: High Throughput for Table t - GSI: g',
    message: 't - GSI: g - Consumed Write Capacity 95.000000% was greater than or equal to the upper alarm threshold 75.000000%\n',
  });
});

const update = (o: Partial<CapacityUpdate>): CapacityUpdate => ({
  table: 't', gsi: null, reads: 150, writes: 50, fromReads: 100, fromWrites: 100, isDecrease: true, increaseOnly: null, ...o,
});

test('a mixed update carries both types and one line per changed dimension', () => {
  expect(scalingNotification(alarmPolicy, update({}))).toEqual({
    type: 'scale-down',
    types: ['scale-down', 'scale-up'],
    topicArn: sns.snsTopicArn,
    table: 't',
    gsi: null,
    subject: 'Updated provisioning for table t',
    message: 't - Reads: UP from 100 to 150\nt - Writes: DOWN from 100 to 50\n',
    afterUpdate: true,
  });
});

test('a GSI update names the GSI', () => {
  expect(scalingNotification(alarmPolicy, update({ gsi: 'g', writes: 100 }))).toMatchObject({
    types: ['scale-up'], subject: 'Updated provisioning for GSI g', message: 't - GSI: g - Reads: UP from 100 to 150\n',
  });
});

test.each([
  ['no topic', target({ snsMessageTypes: ['scale-up'] })],
  ['not subscribed', target({ snsTopicArn: sns.snsTopicArn, snsMessageTypes: ['scale-up'] })],
])('nothing is sent with %s', (_what, policy) => {
  expect(scalingNotification(policy, update({ reads: 100 }))).toBeUndefined();
});
