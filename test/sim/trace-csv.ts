/** A per-minute trace CSV for the CLI tests: `perMinute(m)` for `minutes` minutes from 2026-01-05T00:00Z. */
export function csv(minutes: number, perMinute: (m: number) => number): string {
  const start = Date.UTC(2026, 0, 5);
  const lines = ['timestamp,value'];
  for (let m = 0; m < minutes; m++) lines.push(`${new Date(start + m * 60_000).toISOString().replace('.000Z', 'Z')},${perMinute(m)}`);
  return `${lines.join('\n')}\n`;
}
