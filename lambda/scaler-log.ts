/**
 * The scaler's log lines: one per decision (table, index, dimension, from, to, the reasons), one
 * per suspension or resumption of native scale-in (hybrid path), one per fault, one per skipped
 * table and one per check. The Lambda writes them as JSON through
 * Powertools Logger; `dynamic-scaling run` writes the same records as JSON or as text for a
 * person (`--log-format`).
 */
import { Logger } from '@aws-lambda-powertools/logger';
import type { CheckSummary } from './scaler';
import { targetKey } from '../src/engine';

/** One record, before it is written. */
export interface LogRecord {
  /** `info`, `warn` or `error`. */
  readonly level: 'info' | 'warn' | 'error';
  /** The message: `decision`, `scale-in`, `fault`, `skipped`, `check`. */
  readonly message: string;
  /** The structured fields. */
  readonly fields: Record<string, unknown>;
}

/** Where a check's lines go. */
export interface ScalerLog {
  /** Writes a check's lines. */
  check(summary: CheckSummary, dryRun: boolean): void;
}

/** The records of a check, in order: decisions, skipped tables, faults, then the summary. */
export function checkRecords(summary: CheckSummary, dryRun: boolean): LogRecord[] {
  const records: LogRecord[] = [];
  const { result } = summary;
  const byTarget = new Map(result.updates.map((u) => [targetKey(u.update.table, u.update.gsi), u]));
  for (const d of result.decisions) {
    const u = byTarget.get(targetKey(d.table, d.gsi));
    const planned = u ? (d.dimension === 'reads' ? u.update.reads : u.update.writes) : d.currentUnits;
    const applied = u?.sent ? (d.dimension === 'reads' ? u.sent.reads : u.sent.writes) : d.currentUnits;
    records.push({
      level: 'info',
      message: 'decision',
      fields: {
        table: d.table,
        index: d.gsi,
        dimension: d.dimension,
        from: d.currentUnits,
        to: applied,
        ...(planned !== applied ? { planned, outcome: u?.outcome } : {}),
        ...(dryRun && planned !== d.currentUnits ? { dryRun: true } : {}),
        consumedPercent: d.consumedPercent,
        ...(d.scaleInSuspended !== undefined ? { scaleInSuspended: d.scaleInSuspended } : {}),
        reasons: d.reasons,
      },
    });
  }
  for (const c of result.scaleIn) {
    records.push({
      level: 'info',
      message: 'scale-in',
      fields: {
        table: c.change.table,
        index: c.change.gsi,
        dimension: c.change.dimension,
        suspended: c.change.suspendedState.dynamicScalingInSuspended,
        outcome: c.outcome,
      },
    });
  }
  for (const t of summary.tables) {
    if (t.status === 'skipped') records.push({ level: 'warn', message: 'skipped', fields: { table: t.table, reason: t.reason } });
  }
  for (const f of summary.faults) {
    records.push({ level: 'error', message: 'fault', fields: { ...f } });
  }
  for (const p of summary.published) {
    if (p.outcome !== 'ok') {
      records.push({ level: 'error', message: 'fault', fields: { table: p.notification.table, action: 'Publish', outcome: p.outcome, message: p.message, topicArn: p.notification.topicArn } });
    }
  }
  records.push({
    level: 'info',
    message: 'check',
    fields: {
      tables: summary.tables.length,
      checked: summary.tables.filter((t) => t.status === 'checked').length,
      changes: result.updates.filter((u) => u.sent !== null).length,
      scaleInChanges: result.scaleIn.filter((c) => c.outcome === 'ok').length,
      faults: summary.faults.length,
      notifications: summary.published.filter((p) => p.outcome === 'ok').length,
      calls: summary.calls,
      durationMs: summary.durationMs,
      ...(dryRun ? { dryRun: true } : {}),
    },
  });
  return records;
}

/** JSON lines through Powertools Logger (the Lambda, and `run --log-format json`). */
export class PowertoolsScalerLog implements ScalerLog {
  constructor(private readonly logger: Logger = new Logger({ serviceName: 'dynamic-scaling' })) {}

  public check(summary: CheckSummary, dryRun: boolean): void {
    for (const r of checkRecords(summary, dryRun)) this.logger[r.level](r.message, r.fields);
  }
}

/** Lines a person reads (`run --log-format text`). */
export class TextScalerLog implements ScalerLog {
  constructor(private readonly write: (line: string) => void) {}

  public check(summary: CheckSummary, dryRun: boolean): void {
    for (const r of checkRecords(summary, dryRun)) this.write(textLine(r));
  }
}

/** One record as text: `decision orders reads 100 -> 150: consumed 95.00% …`. */
export function textLine(r: LogRecord): string {
  const f = r.fields;
  const where = (table: unknown, index: unknown) => (index ? `${table} (GSI ${index})` : `${table}`);
  switch (r.message) {
    case 'decision': {
      const change = f.from === f.to ? `${f.from} (no change)` : `${f.from} -> ${f.to}`;
      const held = f.planned !== undefined ? `, planned ${f.planned} (${f.outcome})` : '';
      const reasons = (f.reasons as string[]).join('; ');
      return `${f.dryRun ? '[dry run] ' : ''}${where(f.table, f.index)} ${f.dimension}: ${change}${held}${reasons ? ` - ${reasons}` : ''}`;
    }
    case 'skipped': return `${f.table}: skipped: ${f.reason}`;
    case 'scale-in': return `${where(f.table, f.index)} ${f.dimension}: native scale-in ${f.suspended ? 'suspended' : 'resumed'}`
      + `${f.outcome === 'ok' ? '' : ` (${f.outcome === 'dry-run' ? 'dry run: not registered' : `failed: ${f.outcome}`})`}`;
    case 'fault': return `${f.table}${f.gsi ? ` (GSI ${f.gsi})` : ''}: ${f.action} failed: ${f.outcome}${f.message ? ` (${f.message})` : ''}`;
    default: {
      const c = f.calls as Record<string, number>;
      return `check: ${f.checked}/${f.tables} tables checked, ${f.changes} change(s), ${f.faults} fault(s), ${f.notifications} notification(s) in ${f.durationMs} ms`
        + ` (DescribeTable ${c.DescribeTable}, GetMetricData ${c.GetMetricData} for ${c.MetricsRequested} metrics, UpdateTable ${c.UpdateTable})${f.dryRun ? ' [dry run: nothing changed]' : ''}`;
    }
  }
}
