/**
 * The apply rules of spec §7 in their order: status, down-scaling flags, maintenance windows,
 * rw-together (D2), decrease quota (D15).
 */
import { applyDecisions, ApplyInput } from '../../../src/engine/core/apply';
import { parseMaintenanceWindows } from '../../../src/engine/core/maintenance-window';
import { TargetPolicy } from '../../../src/engine/core/policy';
import { check, decisionOf, NOON, pctSums, policyOf, target, updateOf } from '../builders';

const base: ApplyInput = {
  table: 't',
  gsi: null,
  currentReads: 100,
  currentWrites: 100,
  readsUpdate: true,
  proposedReads: 50,
  writesUpdate: true,
  proposedWrites: 150,
  status: 'ACTIVE',
  quota: {},
  nowMs: NOON,
};

interface Row {
  readonly rule: string;
  readonly policy: TargetPolicy;
  readonly input?: Partial<ApplyInput>;
  /** [reads, writes] sent, or null; then which changes count as applied */
  readonly expected: [number, number] | null;
  readonly applied: [boolean, boolean];
}

const rows: Row[] = [
  { rule: 'both changes go out', policy: target(), expected: [50, 150], applied: [true, true] },
  { rule: 'proposals are truncated (dd sends int())', policy: target(), input: { proposedReads: 50.9, proposedWrites: 150.0 }, expected: [50, 150], applied: [true, true] },
  { rule: 'a dimension without update keeps its current value', policy: target(), input: { readsUpdate: false }, expected: [100, 150], applied: [false, true] },
  { rule: 'status not ACTIVE: nothing', policy: target(), input: { status: 'UPDATING' }, expected: null, applied: [false, false] },
  { rule: 'down-scaling disabled drops that decrease (#279)', policy: target({ reads: { enableDownScaling: false } }), expected: [100, 150], applied: [false, true] },
  { rule: 'down-scaling disabled drops an above-max clamp too', policy: target({ reads: { enableDownScaling: false } }), input: { writesUpdate: false }, expected: null, applied: [false, false] },
  { rule: 'outside every window: decreases dropped, increases go (#138)', policy: target({ maintenanceWindows: parseMaintenanceWindows('00:00-01:00').windows }), expected: [100, 150], applied: [false, true] },
  { rule: 'inside a window: decreases go', policy: target({ maintenanceWindows: parseMaintenanceWindows('11:00-13:00').windows }), expected: [50, 150], applied: [true, true] },
  { rule: 'rw-together: a decrease paired with an increase waits', policy: target({ alwaysDecreaseRwTogether: true }), expected: [100, 150], applied: [false, true] },
  { rule: 'rw-together: a decrease alone waits (D2)', policy: target({ alwaysDecreaseRwTogether: true }), input: { writesUpdate: false }, expected: null, applied: [false, false] },
  { rule: 'rw-together: two decreases go together', policy: target({ alwaysDecreaseRwTogether: true }), input: { proposedWrites: 60 }, expected: [50, 60], applied: [true, true] },
  { rule: 'rw-together after the window: a window-dropped decrease does not count as decreasing', policy: target({ alwaysDecreaseRwTogether: true, writes: { enableDownScaling: false } }), input: { proposedWrites: 60 }, expected: null, applied: [false, false] },
  { rule: 'quota: a refused decrease is dropped, the increase goes', policy: target(), input: { quota: { decreasesToday: 27, lastDecreaseMs: NOON - 7_200_000 } }, expected: [100, 150], applied: [false, true] },
];

test.each(rows.map((r) => [r.rule, r] as const))('%s', (_rule, r) => {
  const reasons = { reads: [] as string[], writes: [] as string[] };
  const input = { ...base, ...r.input };
  const out = applyDecisions(r.policy, input, reasons);
  expect(out.update && [out.update.reads, out.update.writes]).toEqual(r.expected);
  expect([out.readsApplied, out.writesApplied]).toEqual(r.applied);
  // Each dimension is told why its own change was held back, and only that.
  expect(reasons.reads.length > 0).toBe(input.readsUpdate && !r.applied[0]);
  expect(reasons.writes.length > 0).toBe(input.writesUpdate && !r.applied[1]);
});

test.each([
  ['status not ACTIVE', target(), { status: 'UPDATING' }, { reads: 'status', writes: 'status' }],
  ['down-scaling disabled', target({ reads: { enableDownScaling: false } }), {}, { reads: 'down-scaling-disabled' }],
  ['outside every maintenance window', target({ maintenanceWindows: parseMaintenanceWindows('00:00-01:00').windows }), {}, { reads: 'maintenance-window' }],
  ['rw-together', target({ alwaysDecreaseRwTogether: true }), {}, { reads: 'rw-together' }],
  ['the decrease quota', target(), { quota: { decreasesToday: 27, lastDecreaseMs: NOON - 7_200_000 } }, { reads: 'decrease-quota' }],
  ['nothing held', target(), {}, {}],
] as const)('the rule that held a change back is named for metrics: %s', (_what, policy, input, held) => {
  expect(applyDecisions(policy, { ...base, ...input }, undefined).held).toEqual(held);
});

test('decide: a decision says which rule held its change back', () => {
  const out = check({ policy: policyOf(target({ alwaysDecreaseRwTogether: true })), sums: { t: pctSums(10, 95) } });
  expect(decisionOf(out, 'reads').heldBy).toBe('rw-together');
  expect(decisionOf(out, 'writes').heldBy).toBeUndefined();
});

test('decide: a reason for holding back the reads decrease is not shown in the writes decision', () => {
  const out = check({ policy: policyOf(target({ alwaysDecreaseRwTogether: true })), sums: { t: pctSums(10, 95) } });
  expect(updateOf(out)).toEqual([100, 150]);
  const held = 'always-decrease-rw-together: reads decrease held back until the writes decrease too';
  expect(decisionOf(out, 'reads').reasons).toContain(held);
  expect(decisionOf(out, 'writes').reasons).not.toContain(held);
});

test('nothing to do when no dimension wants a change', () => {
  expect(applyDecisions(target(), { ...base, readsUpdate: false, writesUpdate: false }, undefined))
    .toEqual({ update: null, readsApplied: false, writesApplied: false, held: {} });
});

test('an update says whether it is a decrease and carries its increase-only retry', () => {
  const mixed = applyDecisions(target(), base, undefined).update!;
  expect(mixed).toEqual({
    table: 't', gsi: null, reads: 50, writes: 150, fromReads: 100, fromWrites: 100, isDecrease: true, increaseOnly: { reads: 100, writes: 150 },
  });
  const down = applyDecisions(target(), { ...base, proposedWrites: 60 }, undefined).update!;
  expect(down).toMatchObject({ isDecrease: true, increaseOnly: null });
  const up = applyDecisions(target(), { ...base, proposedReads: 120 }, undefined).update!;
  expect(up).toMatchObject({ isDecrease: false, increaseOnly: null });
});
