/**
 * The simulator's HTML report: one self-contained file (inline CSS, inline script, data as JSON,
 * no network) with consumed vs provisioned capacity over time for each policy, throttled minutes
 * marked in red, a day selector for long traces, the summary table (the numbers of `--json`) and
 * the advice sentence.
 */
import { SimulationReport } from './simulate';

const MINUTE_MS = 60_000;
/** At most this many points per series are embedded; longer traces are averaged into buckets. */
const MAX_POINTS = 50_000;

/** Options of the report. */
export interface ReportOptions {
  /** The title, usually the trace's file name. */
  readonly title: string;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]!));
}

/** Rounds for embedding: 0.1-unit precision is far below what a chart can show. */
function compact(values: ArrayLike<number>): number[] {
  const out = new Array<number>(values.length);
  for (let i = 0; i < values.length; i++) out[i] = Math.round(values[i] * 10) / 10;
  return out;
}

/** Means (or sums) of `values` over buckets of `size`. */
function bucket(values: ArrayLike<number>, size: number, sum: boolean): Float64Array {
  const n = Math.ceil(values.length / size);
  const out = new Float64Array(n);
  for (let b = 0; b < n; b++) {
    let s = 0; const end = Math.min(values.length, (b + 1) * size);
    for (let i = b * size; i < end; i++) s += values[i];
    out[b] = sum ? s : s / (end - b * size);
  }
  return out;
}

/** The fields of the summary table, in order, with their headings. */
export const SUMMARY_COLUMNS: ReadonlyArray<readonly [string, string]> = [
  ['policy', 'Policy'],
  ['costUsd', 'Total cost (USD)'],
  ['runningCostUsd', 'Running cost (USD)'],
  ['throttledUnits', 'Throttled units'],
  ['throttledMinutes', 'Throttled minutes'],
  ['consumedUnits', 'Consumed units'],
  ['capacityChanges', 'Capacity changes'],
  ['decreases', 'Decreases'],
  ['meanUtilizationPercent', 'Mean utilization (%)'],
];

/**
 * Renders the report of a simulation run with `keepTimelines`.
 *
 * @param load the per-minute load of the trace (units per second)
 */
export function renderReport(sim: SimulationReport, load: ArrayLike<number>, options: ReportOptions): string {
  const size = Math.max(1, Math.ceil(load.length / MAX_POINTS));
  const series = sim.runs.filter((r) => r.timeline && r.timeline.capacity.length > 0).map((r) => ({
    name: r.result.policy,
    capacity: compact(bucket(r.timeline!.capacity, size, false)),
    throttled: compact(bucket(r.timeline!.throttled, size, true)),
  }));
  const data = {
    startMs: sim.trace.startMs,
    bucketMinutes: size,
    minuteMs: MINUTE_MS,
    load: compact(bucket(load, size, false)),
    series,
  };
  const rows = sim.results.map((r) => {
    const cells = SUMMARY_COLUMNS.map(([key]) => {
      const value = (r as unknown as Record<string, number | string>)[key];
      const text = typeof value === 'number' ? formatNumber(key, value) : escapeHtml(value);
      return `<td data-key="${key}" data-value="${escapeHtml(String(value))}">${text}</td>`;
    });
    const best = sim.advice?.cheapestWithoutThrottling === r.policy ? ' class="best"' : '';
    return `<tr${best}>${cells.join('')}</tr>`;
  });
  const start = new Date(sim.trace.startMs).toISOString().replace('.000Z', 'Z');
  const days = (sim.trace.minutes / 1440).toFixed(1);
  const notes = sim.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(options.title)}: capacity simulation</title>
<style>
body { font: 14px/1.4 system-ui, sans-serif; margin: 16px 24px; color: #1d2330; background: #fff; }
h1 { font-size: 20px; margin: 0 0 4px; }
.meta { color: #555; margin-bottom: 10px; }
#advice { font-size: 16px; background: #eef6ee; border-left: 4px solid #2e7d32; padding: 8px 12px; margin: 10px 0; }
table { border-collapse: collapse; margin: 8px 0 14px; }
th, td { border: 1px solid #ccd; padding: 3px 8px; text-align: right; }
th { background: #f0f2f7; } td:first-child, th:first-child { text-align: left; }
tr.best td { background: #eef6ee; font-weight: 600; }
.controls { margin: 6px 0; }
.panel { margin-bottom: 6px; }
.panel h2 { font-size: 14px; margin: 4px 0 0; }
canvas { display: block; width: 100%; height: 170px; }
.legend span { display: inline-block; margin-right: 14px; }
.sw { display: inline-block; width: 12px; height: 10px; margin-right: 4px; vertical-align: middle; }
</style>
</head>
<body>
<h1>${escapeHtml(options.title)}</h1>
<div class="meta">${sim.dimension === 'read' ? 'Reads' : 'Writes'}, ${days} days from ${start}; mean load ${sim.trace.meanUnitsPerSecond.toFixed(1)} units/s, peak ${sim.trace.peakUnitsPerSecond.toFixed(1)} units/s; policies start at ${sim.initialCapacity} units.</div>
<p id="advice">${escapeHtml(sim.advice?.text ?? 'Every option throttles on this trace.')}</p>
<table id="summary">
<thead><tr>${SUMMARY_COLUMNS.map(([, h]) => `<th>${h}</th>`).join('')}</tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>
${notes ? `<ul class="notes">${notes}</ul>` : ''}
<div class="controls">
<label>Show <select id="range"></select></label>
<button id="prev" type="button">&larr; day</button> <button id="next" type="button">day &rarr;</button>
<span class="legend"><span><i class="sw" style="background:#b9c3d6"></i>consumed (requested) load</span><span><i class="sw" style="background:#1f5fbf"></i>provisioned capacity</span><span><i class="sw" style="background:#d32f2f"></i>throttled minutes</span></span>
</div>
<div id="charts"></div>
<script id="data" type="application/json">${JSON.stringify(data).replace(/</g, '\\u003c')}</script>
<script>
${CHART_SCRIPT}
</script>
</body>
</html>
`;
}

function formatNumber(key: string, value: number): string {
  if (key === 'costUsd' || key === 'runningCostUsd') return value.toFixed(4);
  if (key === 'meanUtilizationPercent') return value.toFixed(1);
  return String(value);
}

// The chart code runs in the browser; it is plain ES2017 so the file needs nothing else.
const CHART_SCRIPT = String.raw`
(function () {
  var d = JSON.parse(document.getElementById('data').textContent);
  var n = d.load.length, perDay = Math.max(1, Math.round(1440 / d.bucketMinutes));
  var dayMs = 86400000, bucketMs = d.bucketMinutes * d.minuteMs;
  var firstDay = Math.floor(d.startMs / dayMs) * dayMs;
  var days = Math.ceil((d.startMs + n * bucketMs - firstDay) / dayMs);
  var sel = document.getElementById('range');
  function opt(v, t) { var o = document.createElement('option'); o.value = v; o.textContent = t; sel.appendChild(o); }
  opt('all', 'whole trace');
  for (var i = 0; i < days; i++) opt(String(i), new Date(firstDay + i * dayMs).toISOString().slice(0, 10) + ' UTC (day ' + (i + 1) + ')');
  var charts = document.getElementById('charts');
  var panels = d.series.map(function (s) {
    var div = document.createElement('div'); div.className = 'panel';
    var h = document.createElement('h2'); h.textContent = s.name; div.appendChild(h);
    var c = document.createElement('canvas'); div.appendChild(c); charts.appendChild(div);
    return { s: s, c: c };
  });
  function draw() {
    var v = sel.value, from = 0, to = n;
    if (v !== 'all') {
      var dayStart = firstDay + Number(v) * dayMs - d.startMs;
      from = Math.max(0, Math.floor(dayStart / bucketMs)); to = Math.min(n, Math.ceil((dayStart + dayMs) / bucketMs));
    }
    var ymax = 1;
    for (var i = from; i < to; i++) ymax = Math.max(ymax, d.load[i]);
    panels.forEach(function (p) { for (var i = from; i < to; i++) ymax = Math.max(ymax, p.s.capacity[i]); });
    panels.forEach(function (p) { plot(p, from, to, ymax * 1.05); });
  }
  function plot(p, from, to, ymax) {
    var c = p.c, dpr = window.devicePixelRatio || 1, w = c.clientWidth || 1200, h = c.clientHeight || 170;
    c.width = w * dpr; c.height = h * dpr;
    var g = c.getContext('2d'); g.scale(dpr, dpr);
    var L = 56, R = 8, T = 6, B = 20, pw = w - L - R, ph = h - T - B, len = Math.max(1, to - from);
    function X(i) { return L + ((i - from) / len) * pw; }
    function Y(y) { return T + ph - (y / ymax) * ph; }
    g.fillStyle = '#fff'; g.fillRect(0, 0, w, h);
    g.strokeStyle = '#e3e6ee'; g.fillStyle = '#555'; g.font = '11px sans-serif'; g.lineWidth = 1;
    for (var k = 0; k <= 4; k++) {
      var yv = (ymax * k) / 4, yy = Y(yv);
      g.beginPath(); g.moveTo(L, yy); g.lineTo(L + pw, yy); g.stroke();
      g.fillText(Math.round(yv) + ' u/s', 2, yy + 4);
    }
    var ticks = 6;
    for (var t = 0; t <= ticks; t++) {
      var idx = from + Math.floor((len * t) / ticks);
      var date = new Date(d.startMs + idx * d.bucketMinutes * d.minuteMs).toISOString();
      g.fillText(len <= perDay ? date.slice(11, 16) : date.slice(5, 10), Math.min(X(idx), L + pw - 34), h - 5);
    }
    g.fillStyle = '#b9c3d6'; g.beginPath(); g.moveTo(X(from), Y(0));
    for (var i = from; i < to; i++) { g.lineTo(X(i), Y(d.load[i])); g.lineTo(X(i + 1), Y(d.load[i])); }
    g.lineTo(X(to), Y(0)); g.closePath(); g.fill();
    g.fillStyle = 'rgba(211,47,47,0.85)';
    for (var i = from; i < to; i++) if (p.s.throttled[i] >= 1) { var x0 = X(i), x1 = Math.max(X(i + 1), x0 + 2); g.fillRect(x0, T, x1 - x0, 8); g.fillRect(x0, Y(d.load[i]), x1 - x0, 3); }
    g.strokeStyle = '#1f5fbf'; g.lineWidth = 1.6; g.beginPath();
    for (var i = from; i < to; i++) { var y = Y(p.s.capacity[i]); if (i === from) g.moveTo(X(i), y); else g.lineTo(X(i), y); g.lineTo(X(i + 1), y); }
    g.stroke();
    g.strokeStyle = '#889'; g.lineWidth = 1; g.strokeRect(L, T, pw, ph);
  }
  var hash = /day=(\d+)/.exec(location.hash);
  if (hash && Number(hash[1]) >= 1 && Number(hash[1]) <= days) sel.value = String(Number(hash[1]) - 1);
  sel.addEventListener('change', draw);
  document.getElementById('prev').addEventListener('click', function () { var v = sel.value === 'all' ? 0 : Math.max(0, Number(sel.value) - 1); sel.value = String(v); draw(); });
  document.getElementById('next').addEventListener('click', function () { var v = sel.value === 'all' ? 0 : Math.min(days - 1, Number(sel.value) + 1); sel.value = String(v); draw(); });
  window.addEventListener('resize', draw);
  draw();
})();
`;
