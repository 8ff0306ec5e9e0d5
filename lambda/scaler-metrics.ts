/**
 * The scaler's own metrics, as CloudWatch embedded metric format (Powertools Metrics): capacity
 * changes, native scale-in suspended or resumed, decisions held back and the rule that held them, faults by kind, and the check's
 * duration. They cost no API call: CloudWatch Logs extracts them.
 */
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { CheckSummary } from './scaler';

/** Records a check's metrics on `metrics`; the caller publishes them. */
export function recordCheckMetrics(metrics: Metrics, summary: CheckSummary): void {
  const { result } = summary;
  metrics.addMetric('TablesChecked', MetricUnit.Count, summary.tables.filter((t) => t.status === 'checked').length);
  metrics.addMetric('TablesSkipped', MetricUnit.Count, summary.tables.filter((t) => t.status === 'skipped').length);
  metrics.addMetric('CapacityChanges', MetricUnit.Count, result.updates.filter((u) => u.sent !== null).length);
  // Hybrid path: SuspendedState changes registered (suspensions and resumptions of native scale-in).
  metrics.addMetric('ScaleInChanges', MetricUnit.Count, result.scaleIn.filter((c) => c.outcome === 'ok').length);
  metrics.addMetric('CheckDuration', MetricUnit.Milliseconds, summary.durationMs);
  // Faults of every kind together: the construct's errors alarm reads it, as faults do not fail the invocation.
  metrics.addMetric('CheckFaults', MetricUnit.Count, summary.faults.length + summary.published.filter((p) => p.outcome !== 'ok').length);
  const held = new Map<string, number>();
  for (const d of result.decisions) if (d.heldBy) held.set(d.heldBy, (held.get(d.heldBy) ?? 0) + 1);
  for (const u of result.updates) if (u.sent === null && u.outcome !== 'dry-run') held.set(`call:${u.outcome}`, (held.get(`call:${u.outcome}`) ?? 0) + 1);
  for (const [rule, n] of held) single(metrics, 'DecisionsHeldBack', 'rule', rule, n);
  const faults = new Map<string, number>();
  for (const f of summary.faults) faults.set(`${f.action}:${f.outcome}`, (faults.get(`${f.action}:${f.outcome}`) ?? 0) + 1);
  for (const p of summary.published) if (p.outcome !== 'ok') faults.set(`Publish:${p.outcome}`, (faults.get(`Publish:${p.outcome}`) ?? 0) + 1);
  for (const [kind, n] of faults) single(metrics, 'Faults', 'kind', kind, n);
}

/** One metric with its own dimension, published at once (EMF allows one dimension set per metric set). */
function single(metrics: Metrics, name: string, dimension: string, value: string, n: number): void {
  const m = metrics.singleMetric();
  m.addDimension(dimension, value);
  m.addMetric(name, MetricUnit.Count, n);
}
