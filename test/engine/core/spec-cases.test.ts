/**
 * Cases the spec names whose vectors are held back, rebuilt from the spec's own description
 * of what dd does (and, where a D-number applies, what we do instead).
 */
import { decide } from '../../../src/engine/core/decide';
import { parseMaintenanceWindows } from '../../../src/engine/core/maintenance-window';
import { settleUpdate } from '../../../src/engine/core/settle';
import { check, countersOf, decisionOf, inputOf, NOON, pctSums, policyOf, target, updateOf } from '../builders';

test('maintenance_outside_mixed: outside the window reads 100->150 goes, writes 100->50 waits (#138)', () => {
  const policy = policyOf(target({ maintenanceWindows: parseMaintenanceWindows('22:00-23:59,00:00-06:00').windows }));
  const out = check({ policy, sums: { t: pctSums(95, 10) } });
  expect(updateOf(out)).toEqual([150, 100]);
  expect(countersOf(out)).toEqual({ reads: 0, writes: 1 }); // D3: the held-back decrease keeps its counter
});

describe('LimitExceededException: the host retries with increaseOnly and settles the state (D3: a refused change keeps its counter)', () => {
  const policy = policyOf(target({ both: { checksBeforeScaleDown: 2 } }));
  const state = { counters: { tables: { t: { reads: 1, writes: 1 } }, gsis: {} } };

  test('limit_exceeded_decrease_retry: 150/50 refused, the increase-only retry sends 150/100', () => {
    const input = inputOf({ policy, state, sums: { t: pctSums(95, 10) } });
    const out = decide(input);
    expect(out.updates).toHaveLength(1);
    const u = out.updates[0];
    expect(u).toMatchObject({ reads: 150, writes: 50, fromReads: 100, fromWrites: 100, isDecrease: true, increaseOnly: { reads: 150, writes: 100 } });
    expect(decisionOf(out, 'writes')).toMatchObject({ counterIn: 1, counterOut: 2, updateNeeded: true });

    // The retry's increase went out, the decrease did not: reads reset, writes keep the check's counter (not the input's).
    const settled = settleUpdate(input, out, u, u.increaseOnly);
    expect(settled.counters.tables.t).toEqual({ reads: 0, writes: 2 });

    // So the next low check sends the decrease at once instead of counting again from 0 (dd reset it).
    const next = check({
      policy,
      state: settled,
      table: { read: 150, write: 100, status: 'ACTIVE' },
      sums: { t: pctSums(50, 10, { read: 150, write: 100 }) },
      nowMs: NOON + 300_000,
    });
    expect(updateOf(next)).toEqual([150, 50]);
  });

  test('limit_exceeded_pure_decrease: the retry has nothing to do, and both counters are kept', () => {
    const input = inputOf({ policy, state, sums: { t: pctSums(10, 10) } });
    const out = decide(input);
    const u = out.updates[0];
    expect(u).toMatchObject({ reads: 50, writes: 50, isDecrease: true, increaseOnly: null });
    expect(out.state.counters.tables.t).toEqual({ reads: 0, writes: 0 });

    const settled = settleUpdate(input, out, u, null);
    expect(settled.counters.tables.t).toEqual({ reads: 2, writes: 2 });
  });
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
