/** The report's HTML without a browser: self-contained, escaped, bucketed for long traces. */
import { renderReport } from '../../src/sim/report';
import { simulate } from '../../src/sim/simulate';
import { Trace } from '../../src/sim/trace';

function trace(minutes: number): Trace {
  const load = new Float64Array(minutes);
  for (let m = 0; m < minutes; m++) load[m] = 100 + 50 * Math.sin((2 * Math.PI * m) / 1440);
  return { startMs: Date.UTC(2026, 0, 5), load, intervalSeconds: 60, rows: minutes, unitsPerSecondPerValue: 1 };
}

function embedded(html: string): { bucketMinutes: number; load: number[]; series: Array<{ name: string; capacity: number[]; throttled: number[] }> } {
  return JSON.parse(/<script id="data" type="application\/json">([^<]*)<\/script>/.exec(html)![1]);
}

describe('renderReport', () => {
  test('one chart series per provisioned option, none for on-demand; no external resource', () => {
    const t = trace(2 * 1440);
    const sim = simulate(t, [{ kind: 'native' }, { kind: 'on-demand' }, { kind: 'oracle' }], { keepTimelines: true });
    const html = renderReport(sim, t.load, { title: 'daily.csv' });
    const data = embedded(html);
    expect(data.bucketMinutes).toBe(1);
    expect(data.series.map((s) => s.name)).toEqual(['native:70', 'oracle']);
    expect(data.load).toHaveLength(2 * 1440);
    expect(html).not.toMatch(/<link|<img|\ssrc=|https?:\/\//);
  });

  test('traces longer than 50,000 minutes are averaged into buckets', () => {
    const t = trace(60 * 1440);
    const sim = simulate(t, [{ kind: 'oracle' }], { keepTimelines: true });
    const data = embedded(renderReport(sim, t.load, { title: 'long.csv' }));
    expect(data.bucketMinutes).toBe(2);
    expect(data.load).toHaveLength(30 * 1440);
    expect(data.load[0]).toBeCloseTo((t.load[0] + t.load[1]) / 2, 1);
  });

  test('text from the user is escaped', () => {
    const t = trace(60);
    const sim = simulate(t, [{ kind: 'on-demand' }], { keepTimelines: true });
    const html = renderReport(sim, t.load, { title: '<script>alert(1)</script>.csv' });
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;.csv');
    expect(html).not.toContain('<script>alert(1)');
  });
});
