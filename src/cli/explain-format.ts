/**
 * The text `dynamic-scaling explain` prints: the same decision as `decide`, for a person.
 */
import { SnapshotCheck } from './snapshot';
import { DimensionDecision } from '../engine';

function target(d: DimensionDecision): string {
  return d.gsi === null ? `table ${d.table}` : `GSI ${d.gsi} of table ${d.table}`;
}

function line(d: DimensionDecision): string {
  const change = d.updateNeeded
    ? `${d.currentUnits} -> ${d.proposedUnits} (update needed)`
    : `${d.currentUnits} (no change)`;
  const counter = d.counterIn === d.counterOut ? `counter ${d.counterOut}` : `counter ${d.counterIn} -> ${d.counterOut}`;
  return `  ${d.dimension}: ${change}, ${counter}`;
}

/** Renders one check for a person. */
export function formatExplanation(output: SnapshotCheck): string {
  const out: string[] = [`Check at ${new Date(output.nowMs).toISOString()}`];
  if (output.decisions.length === 0) out.push('', 'No table in the snapshot matches a [table: ...] section of the configuration.');
  let current = '';
  for (const d of output.decisions) {
    const t = target(d);
    if (t !== current) {
      out.push('', `${t[0].toUpperCase()}${t.slice(1)}:`);
      current = t;
    }
    out.push(line(d));
    for (const r of d.reasons) out.push(`    - ${r}`);
  }
  out.push('', output.dryRun ? 'Updates (dry run: not sent):' : 'Updates to send:');
  if (output.updates.length === 0) out.push('  none');
  for (const u of output.updates) {
    const what = u.gsi === null ? `UpdateTable ${u.table}` : `UpdateTable ${u.table}, GSI ${u.gsi}`;
    out.push(`  ${what}: reads ${u.fromReads} -> ${u.reads}, writes ${u.fromWrites} -> ${u.writes}${u.isDecrease ? ' (counts as a decrease)' : ''}`);
    if (u.increaseOnly) out.push(`    on LimitExceededException, retry with reads ${u.increaseOnly.reads}, writes ${u.increaseOnly.writes}`);
  }
  // Hybrid path: only when a guarded dimension's scale-in is to be suspended or resumed.
  if (output.scaleIn.length > 0) {
    out.push('', output.dryRun ? 'Native scale-in (dry run: not registered):' : 'Native scale-in to register (RegisterScalableTarget):');
    for (const c of output.scaleIn) {
      const where = c.gsi === null ? `table ${c.table}` : `GSI ${c.gsi} of table ${c.table}`;
      out.push(`  ${where} ${c.dimension}: ${c.suspendedState.dynamicScalingInSuspended ? 'suspend' : 'resume'} dynamic scale-in`);
    }
  }
  out.push('', 'Notifications:');
  if (output.notifications.length === 0) out.push('  none');
  for (const n of output.notifications) {
    out.push(`  [${n.type}] to ${n.topicArn}${n.afterUpdate ? ' (after the update succeeds)' : ''}: ${n.subject}`);
    for (const l of n.message.trimEnd().split('\n')) out.push(`    ${l}`);
  }
  out.push('', 'Counters for the next check:');
  const { tables, gsis } = output.state.counters;
  const entries = [...Object.entries(tables), ...Object.entries(gsis)];
  if (entries.length === 0) out.push('  none');
  for (const [k, c] of entries) out.push(`  ${k}: reads ${c.reads}, writes ${c.writes}`);
  return `${out.join('\n')}\n`;
}
