/**
 * Renders the simulator's report in headless Chromium: the screenshot is not blank and the
 * summary table in the rendered page has the numbers of `--json`. Chromium is Debian's
 * `chromium` (`.ci/run` installs it); without it the test fails under CI and is skipped locally.
 */
import { spawnSync } from 'child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { PNG } from 'pngjs';
import { main } from '../../src/cli/main';

const CHROMIUM = '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
const inCi = process.env.CI === 'true' || process.env.CI === '1';

if (!available && !inCi) {
  // eslint-disable-next-line no-console
  console.warn(`report-render: ${CHROMIUM} is missing, so the report is not rendered (apt-get install -y chromium)`);
}

function chromium(dir: string, args: string[]): { stdout: string; status: number | null; stderr: string } {
  const r = spawnSync(CHROMIUM, [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', `--user-data-dir=${join(dir, 'profile')}`, '--window-size=1280,900', ...args,
  ], { encoding: 'utf8', timeout: 120_000, maxBuffer: 64 * 1024 * 1024 });
  return { stdout: r.stdout ?? '', status: r.status, stderr: r.stderr ?? '' };
}

/** Three days of 5-minute rows: a daily cycle with a 4x burst every 7 hours (target tracking throttles on those). */
function burstyTrace(): string {
  const lines = ['timestamp,value'];
  const start = Date.UTC(2026, 0, 5);
  for (let i = 0; i < 3 * 288; i++) {
    const base = 1000 + 500 * Math.sin((2 * Math.PI * i) / 288);
    lines.push(`${new Date(start + i * 300_000).toISOString().replace('.000Z', 'Z')},${Math.round(i % 84 === 40 ? base * 4 : base)}`);
  }
  return `${lines.join('\n')}\n`;
}

function unescapeHtml(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
}

(available || inCi ? describe : describe.skip)('the HTML report in headless Chromium', () => {
  let dir: string;
  let json: { results: Array<Record<string, number | string>>; advice: { text: string } };
  let reportPath: string;

  beforeAll(async () => {
    if (!available) throw new Error(`${CHROMIUM} is missing: CI must install Debian's chromium (see .ci/run)`);
    dir = mkdtempSync(join(tmpdir(), 'sim-report-'));
    reportPath = join(dir, 'report.html');
    const trace = join(dir, 'bursty.csv');
    writeFileSync(trace, burstyTrace());
    let stdout = '';
    const argv = ['simulate', '--trace', trace, '--preset', 'recommended', '--compare', 'native,dd-seed,on-demand,oracle', '--json', '--out', reportPath];
    const code = await main(argv, {
      stdout: { write: (s: string) => { stdout += s; } },
      stderr: { write: (s: string) => { throw new Error(s); } },
      readFile: async (p: string) => readFileSync(p, 'utf8'),
      writeFile: async (p: string, d: string) => writeFileSync(p, d),
    } as Parameters<typeof main>[1]);
    expect(code).toBe(0);
    json = JSON.parse(stdout);
  }, 120_000);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('the screenshot is not blank', () => {
    const png = join(dir, 'shot.png');
    const r = chromium(dir, [`--screenshot=${png}`, `file://${reportPath}`]);
    expect(existsSync(png)).toBe(true);
    const image = PNG.sync.read(readFileSync(png));
    expect([image.width, image.height]).toEqual([1280, 900]);
    const colours = new Set<number>();
    let nonWhite = 0; let red = 0; let blue = 0;
    for (let i = 0; i < image.data.length; i += 4) {
      const [rr, g, b] = [image.data[i], image.data[i + 1], image.data[i + 2]];
      colours.add(rr * 65536 + g * 256 + b);
      if (rr < 245 || g < 245 || b < 245) nonWhite++;
      if (rr > 180 && g < 90 && b < 90) red++;
      if (b > 150 && rr < 80 && g < 130) blue++;
    }
    const pixels = image.width * image.height;
    const seen = { status: r.status, manyColours: colours.size > 50, nonWhite: nonWhite / pixels > 0.05 };
    expect(seen).toEqual({ status: 0, manyColours: true, nonWhite: true });
    // Capacity lines are blue; throttled minutes are marked red (native target tracking throttles on this trace).
    expect(blue).toBeGreaterThan(500);
    expect(red).toBeGreaterThan(20);
  }, 120_000);

  test('the rendered summary table has the numbers of --json, and the advice', () => {
    const r = chromium(dir, ['--dump-dom', `file://${reportPath}`]);
    expect(r.status).toBe(0);
    const dom = r.stdout;
    const rows = [...dom.matchAll(/<tr[^>]*>((?:<td[^>]*>[^<]*<\/td>)+)<\/tr>/g)].map((m) =>
      Object.fromEntries([...m[1].matchAll(/<td data-key="([^"]+)" data-value="([^"]*)">([^<]*)<\/td>/g)].map((c) => [c[1], { value: c[2], text: c[3] }])));
    expect(rows).toHaveLength(json.results.length);
    rows.forEach((row, i) => {
      const expected = json.results[i];
      for (const [key, value] of Object.entries(expected)) {
        expect(row[key].value).toBe(String(value));
        const shown = key === 'costUsd' || key === 'runningCostUsd' ? (value as number).toFixed(4) : key === 'meanUtilizationPercent' ? (value as number).toFixed(1) : String(value);
        expect(unescapeHtml(row[key].text)).toBe(shown);
      }
    });
    const advice = /<p id="advice">([^<]*)<\/p>/.exec(dom);
    expect(unescapeHtml(advice![1])).toBe(json.advice.text);
    // The day selector was filled in by the page's script: the chart code ran.
    expect((dom.match(/<option /g) ?? []).length).toBe(1 + 3);
  }, 120_000);
});
