/**
 * Cases the spec names whose vectors are held back, rebuilt from the spec's own description
 * of what dd does (and, where a D-number applies, what we do instead).
 */
import { check, countersOf, decisionOf, NOON, pctSums, policyOf, target, updateOf } from './builders';
import { parseMaintenanceWindows } from '../../src/engine/maintenance-window';

test('maintenance_outside_mixed: outside the window reads 100->150 goes, writes 100->50 waits (#138)', () => {
  const policy = policyOf(target({ maintenanceWindows: parseMaintenanceWindows('22:00-23:59,00:00-06:00').windows }));
  const out = check({ policy, sums: { t: pctSums(95, 10) } });
  expect(updateOf(out)).toEqual([150, 100]);
  expect(countersOf(out)).toEqual({ reads: 0, writes: 1 }); // D3: the held-back decrease keeps its counter
});

test('limit_exceeded_decrease_retry: 150/50 refused, the increase-only retry sends 150/100', () => {
  const out = check({ policy: policyOf(target()), sums: { t: pctSums(95, 10) } });
  expect(out.updates[0]).toMatchObject({ reads: 150, writes: 50, increaseOnly: { reads: 150, writes: 100 } });
});

test('limit_exceeded_pure_decrease: the retry has nothing to do', () => {
  const out = check({ policy: policyOf(target()), sums: { t: pctSums(10, 10) } });
  expect(out.updates[0]).toMatchObject({ reads: 50, writes: 50, increaseOnly: null });
});

test('above_max_down_disabled: the above-max clamp is a decrease, dropped when down-scaling is disabled', () => {
  const table = { read: 2000, write: 100 };
  const out = check({ policy: policyOf(target({ reads: { enableDownScaling: false } })), table, sums: { t: pctSums(10, 50, table) } });
  expect(decisionOf(out, 'reads')).toMatchObject({ updateNeeded: true, proposedUnits: 1000 });
  expect(out.updates).toEqual([]);
});

test('below_min_up_disabled: the min clamp goes out even with up-scaling disabled (#295)', () => {
  const table = { read: 10, write: 100 };
  const out = check({ policy: policyOf(target({ reads: { enableUpScaling: false, min: 50 } })), table, sums: { t: pctSums(50, 50, table) } });
  expect(updateOf(out)).toEqual([50, 100]);
});

test('consec_independent_rw: reads and writes count separately', () => {
  const policy = policyOf(target({ both: { checksBeforeScaleDown: 2 } }));
  const first = check({ policy, sums: { t: pctSums(10, 50) } });
  const second = check({ policy, sums: { t: pctSums(10, 10) }, state: first.state, nowMs: NOON + 300_000 });
  expect(countersOf(first)).toEqual({ reads: 1, writes: 0 });
  expect(decisionOf(second, 'reads')).toMatchObject({ counterOut: 2, updateNeeded: true });
  expect(decisionOf(second, 'writes')).toMatchObject({ counterOut: 1, updateNeeded: false });
  expect(updateOf(second)).toEqual([50, 100]);
});

test('reads_no_datapoints: no datapoint is 0%, which does not scale down by default', () => {
  const out = check({ policy: policyOf(target()), sums: {} });
  expect(out.updates).toEqual([]);
  expect(decisionOf(out, 'reads').consumedPercent).toBe(0);
});

test('gsi_no_gsi_config: a table without GSI sections gets table scaling only', () => {
  const out = check({ policy: policyOf(target()), gsis: { g: { read: 100, write: 100 } }, sums: { 't': pctSums(95, 50), 't:g': pctSums(95, 95) } });
  expect(out.updates.map((u) => u.gsi)).toEqual([null]);
  expect(out.decisions.every((d) => d.gsi === null)).toBe(true);
});

test('sns_mixed: one message with both lines, sent if either type is subscribed', () => {
  const policy = policyOf(target({ snsTopicArn: 'arn:aws:sns:us-east-1:1:t', snsMessageTypes: ['scale-up'] }));
  const out = check({ policy, sums: { t: pctSums(95, 10) } });
  expect(out.notifications).toEqual([expect.objectContaining({
    type: 'scale-up', subject: 'Updated provisioning for table t', message: 't - Reads: UP from 100 to 150\nt - Writes: DOWN from 100 to 50\n',
  })]);
});
