/**
 * `dynamic-scaling tune`: the report and the policy JSON (which loads back as the policy), the
 * budget, the progress on stderr, and its errors with their exact text.
 */
import { csv } from './trace-csv';
import { main } from '../../src/cli/main';
import { checkPolicy, policyFromJson, policyToJson } from '../../src/engine';

interface Run { code: number; stdout: string; stderr: string; written: Record<string, string> }

async function cli(argv: string[], files: Record<string, string>, extra: { now?: () => number; isTTY?: boolean } = {}): Promise<Run> {
  let stdout = ''; let stderr = '';
  const written: Record<string, string> = {};
  const io = {
    stdout: { write: (s: string) => { stdout += s; } },
    stderr: { write: (s: string) => { stderr += s; }, isTTY: extra.isTTY },
    readFile: async (p: string) => {
      if (!(p in files)) throw new Error(`ENOENT: no such file or directory, open '${p}'`);
      return files[p];
    },
    writeFile: async (p: string, d: string) => {
      if (p.startsWith('/nope/')) throw new Error(`ENOENT: no such file or directory, open '${p}'`);
      written[p] = d;
    },
    env: {},
    now: extra.now ?? (() => 0),
  };
  const code = await main(argv, io);
  return { code, stdout, stderr, written };
}


const TRACE = csv(1800, (m) => Math.round(1000 + 600 * Math.sin((2 * Math.PI * m) / 1440) + (m % 97 < 4 ? 2500 : 0)));
const USAGE_HEAD = 'usage: dynamic-scaling tune --trace FILE.csv';

/** The policy JSON printed after the report. */
function printedPolicy(stdout: string): unknown {
  const marker = 'The tuned policy (tuned), for --policy:\n';
  expect(stdout).toContain(marker);
  return JSON.parse(stdout.slice(stdout.indexOf(marker) + marker.length));
}

describe('tune', () => {
  test('reports the held-out part as a table and prints a policy that loads and validates', async () => {
    const run = await cli(['tune', '--trace', 't.csv'], { 't.csv': TRACE });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Trained on the first 1260 minutes \(2026-01-05T00:00Z to 2026-01-05T21:00Z\), held out the last 540; reads\.\n/);
    expect(run.stdout).toMatch(/converged\.\n/);
    const lines = run.stdout.split('\n');
    const head = lines.findIndex((l) => l.startsWith('Policy '));
    expect(lines[head]).toMatch(/^Policy +Total cost \(USD\) +Running cost \(USD\) +Throttled units/);
    expect(lines.slice(head + 1, head + 7).map((l) => l.split(/ +/)[0]))
      .toEqual(['tuned', 'recommended', 'native:70', 'native:70:latest', 'on-demand', 'oracle']);
    expect(run.stdout).toContain('Goal vs native:70 on the held-out part: tuned');
    expect(run.stdout).toContain('Goal vs native:70:latest on the held-out part: tuned');
    const json = printedPolicy(run.stdout) as Record<string, unknown>;
    const policy = policyFromJson(json as never);
    expect(checkPolicy(policy).errors).toEqual([]);
    expect(policyToJson(policy, true)).toEqual(json);
  });

  test('--output writes the policy JSON there, and --dimension write tunes the writes', async () => {
    const run = await cli(['tune', '--trace', 't.csv', '--dimension', 'write', '--output', 'p.json'], { 't.csv': TRACE });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('; writes.');
    expect(run.stdout).toContain('policy: p.json (dynamic-scaling simulate --policy p.json; dynamic-scaling run --policy p.json)');
    expect(run.stdout).not.toContain('"tables"');
    const policy = policyFromJson(JSON.parse(run.written['p.json']));
    expect(checkPolicy(policy).errors).toEqual([]);
    // The file is what simulate --policy reads.
    const sim = await cli(['simulate', '--trace', 't.csv', '--policy', 'p.json', '--compare', 'none', '--json'], { 't.csv': TRACE, 'p.json': run.written['p.json'] });
    expect(sim.code).toBe(0);
    expect(JSON.parse(sim.stdout).results[0].policy).toBe('p');
  });

  test('--budget-seconds stops the search and says it reports the best so far', async () => {
    let t = 0;
    const run = await cli(['tune', '--trace', 't.csv', '--budget-seconds', '5'], { 't.csv': TRACE }, { now: () => (t += 1000) });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(': stopped by the 5 s budget, this is the best so far (raise --budget-seconds to search further).');
  });

  test('progress: one line per stage when stderr is not a terminal, a bar redrawn in place when it is', async () => {
    const plain = await cli(['tune', '--trace', 't.csv'], { 't.csv': TRACE });
    const stages = plain.stderr.split('\n').filter((l) => l !== '').map((l) => l.split(':').slice(0, 2).join(':'));
    expect(stages[0]).toBe('tune: baseline');
    expect(stages[1]).toBe('tune: pass 1');
    expect(stages[stages.length - 1]).toBe('tune: holdout');
    expect(plain.stderr).not.toContain('\r');
    const tty = await cli(['tune', '--trace', 't.csv'], { 't.csv': TRACE }, { isTTY: true });
    expect(tty.stderr).toMatch(/^\rtune: baseline +\[-{24}\]/);
    expect(tty.stderr).toContain('\rtune: holdout  [########################]');
    expect(tty.stderr.endsWith('\n')).toBe(true);
    expect(tty.stdout).toBe(plain.stdout);
  });

  test('is listed by dynamic-scaling --help', async () => {
    const run = await cli(['--help'], {});
    expect(run.stdout).toMatch(/\n {2}tune {7}search the recommended policy's parameters on a trace/);
  });
});

describe('tune: errors', () => {
  test.each([
    [[], 'dynamic-scaling tune: --trace is required\n'],
    [['--trace', 't.csv', 'extra'], 'dynamic-scaling tune: unexpected argument \'extra\'\n'],
    [['--trace', 't.csv', '--budget-seconds', '0'], 'dynamic-scaling tune: --budget-seconds must be a number > 0, got \'0\'\n'],
    [['--trace', 't.csv', '--budget-seconds', '-3'], 'dynamic-scaling tune: --budget-seconds must be a number > 0, got \'-3\'\n'],
    [['--trace', 't.csv', '--budget-seconds', 'soon'], 'dynamic-scaling tune: --budget-seconds must be a number > 0, got \'soon\'\n'],
    [['--trace', 't.csv', '--dimension', 'both'], 'dynamic-scaling tune: --dimension must be read or write, got \'both\'\n'],
    [['--trace', 't.csv', '--preset', 'recommended'], 'dynamic-scaling tune: unknown option --preset\n'],
    [['--trace', 't.csv', '--no-scale=yes'], 'dynamic-scaling tune: option --no-scale takes no value\n'],
    [['--trace'], 'dynamic-scaling tune: option --trace needs a value\n'],
  ])('usage error %j exits 1 with the message and the usage', async (argv, message) => {
    const run = await cli(['tune', ...argv], { 't.csv': TRACE });
    expect(run.code).toBe(1);
    expect(run.stderr.startsWith(`${message}${USAGE_HEAD}`)).toBe(true);
    expect(run.stdout).toBe('');
  });

  test.each([
    ['an unreadable file', {}, 'dynamic-scaling tune: ENOENT: no such file or directory, open \'t.csv\'\n'],
    ['a malformed trace', { 't.csv': 'timestamp,value\n2026-01-05T00:00:00Z,5\n2026-01-05T00:01:00Z,-1\n' }, 't.csv: trace line 3: negative value -1\n'],
    ['a trace too short to split', { 't.csv': csv(1439, () => 5) },
      't.csv: the trace covers 1439 minutes, too short to tune: it needs at least 1440 (one day) to search on the first 70 % and hold out the last 30 %\n'],
  ])('%s exits 1 with the message alone', async (_name, files, message) => {
    const run = await cli(['tune', '--trace', 't.csv'], files);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(message);
    expect(run.stdout).toBe('');
  });

  test('an --output that cannot be written exits 1', async () => {
    const run = await cli(['tune', '--trace', 't.csv', '--output', '/nope/p.json'], { 't.csv': TRACE });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('dynamic-scaling tune: ENOENT: no such file or directory, open \'/nope/p.json\'\n');
  });
});
