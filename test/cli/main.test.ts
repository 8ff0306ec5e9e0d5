import { main } from '../../src/cli/main';
import { parseArgs, UsageError } from '../../src/cli/registry';

const CONF = `[global]
circuit-breaker-url: http://cb.example/up

[logging]
log-level: info

[default_options]
increase-reads-unit: percent
decrease-reads-unit: percent
increase-writes-unit: percent
decrease-writes-unit: percent
min-provisioned-reads: 5
max-provisioned-reads: 1000
min-provisioned-writes: 5
max-provisioned-writes: 1000

[table: ^t$]
num-read-checks-before-scale-down: 2
sns-topic-arn: arn:aws:sns:us-east-1:123:dd
sns-message-types: scale-up,scale-down

[gsi: ^g$ table: ^t$]
`;

/** The documented minimal snapshot. */
const SNAPSHOT = {
  now: '2017-08-12T12:00:00Z',
  tables: { t: { read: 100, write: 100, status: 'ACTIVE', gsis: { g: { read: 100, write: 100, status: 'ACTIVE' } } } },
  metricSums: { 't': { ConsumedReadCapacityUnits: 3000, ReadThrottleEvents: 0 }, 't:g': { ConsumedWriteCapacityUnits: 45000 } },
  counters: { tables: { t: { reads: 1, writes: 0 } }, gsis: { 't:g': { reads: 0, writes: 0 } } },
  circuitBreaker: { status: 200 },
};

async function cli(argv: string[], files: Record<string, string>) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    readFile: async (p: string) => {
      if (!(p in files)) throw new Error(`ENOENT: no such file, open '${p}'`);
      return files[p];
    },
  });
  return { code, stdout, stderr };
}

const run = (snapshot: unknown, conf = CONF, cmd = 'decide') =>
  cli([cmd, '--dd-config', 'dd.conf', '--input', 'snap.json'], { 'dd.conf': conf, 'snap.json': JSON.stringify(snapshot) });

describe('dynamic-scaling decide', () => {
  test('prints the decision as JSON and exits 0', async () => {
    const { code, stdout, stderr } = await run(SNAPSHOT);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(out.decisions.map((d: any) => [d.table, d.gsi, d.dimension, d.updateNeeded, d.proposedUnits, d.counterOut])).toEqual([
      ['t', null, 'reads', true, 50, 2],
      ['t', null, 'writes', false, 100, 0],
      ['t', 'g', 'reads', false, 100, 0],
      ['t', 'g', 'writes', true, 225, 0],
    ]);
    expect(out.decisions[0].reasons).toEqual([
      'consumed 10.00% of 100 reads units',
      'consumed 10.00% < lower threshold 30%: -50% gives 50; consecutive low checks 2/2',
    ]);
    expect(out.updates).toEqual([
      { table: 't', gsi: null, reads: 50, writes: 100, fromReads: 100, fromWrites: 100, isDecrease: true, increaseOnly: null },
      { table: 't', gsi: 'g', reads: 100, writes: 225, fromReads: 100, fromWrites: 100, isDecrease: false, increaseOnly: null },
    ]);
    expect(out.counters).toEqual({ tables: { t: { reads: 0, writes: 0 } }, gsis: { 't:g': { reads: 0, writes: 0 } } });
    expect(out.notifications).toEqual([expect.objectContaining({
      type: 'scale-down', subject: 'Updated provisioning for table t', message: 't - Reads: DOWN from 100 to 50\n', afterUpdate: true,
    })]);
  });

  test('--dry-run marks the updates as not sent, keeps the counters (D3) and publishes nothing', async () => {
    const dry = await cli(['decide', '--dd-config', 'dd.conf', '--input', 'snap.json', '--dry-run'], { 'dd.conf': CONF, 'snap.json': JSON.stringify(SNAPSHOT) });
    expect(dry.code).toBe(0);
    const out = JSON.parse(dry.stdout);
    expect(out.updates.map((u: any) => [u.gsi, u.reads, u.writes, u.sent])).toEqual([[null, 50, 100, false], ['g', 100, 225, false]]);
    expect(out.counters.tables.t).toEqual({ reads: 2, writes: 0 });
    expect(out.notifications).toEqual([]);
    const explained = await cli(['explain', '--dd-config', 'dd.conf', '--input', 'snap.json', '--dry-run'], { 'dd.conf': CONF, 'snap.json': JSON.stringify(SNAPSHOT) });
    expect(explained.stdout).toContain('Updates (dry run: not sent):');
  });

  test('its counters, alarms and throttle marks round-trip as the next snapshot\'s state', async () => {
    const first = JSON.parse((await run({ ...SNAPSHOT, counters: undefined })).stdout);
    expect(first.counters.tables.t).toEqual({ reads: 1, writes: 0 });
    const second = JSON.parse((await run({
      ...SNAPSHOT, counters: first.counters, alarms: first.alarms, throttleCountedUntil: first.throttleCountedUntil,
    })).stdout);
    expect(second.decisions[0]).toMatchObject({ counterIn: 1, counterOut: 2, updateNeeded: true });
  });

  test('a single circuitBreaker outcome applies to every configured URL; open means no change', async () => {
    const out = JSON.parse((await run({ ...SNAPSHOT, circuitBreaker: { error: 'timeout' } })).stdout);
    expect(out.updates).toEqual([]);
    expect(out.decisions[0].reasons).toEqual([
      'circuit breaker http://cb.example/up is open (error: timeout): no scaling, no alarms, counters reset',
    ]);
    expect(out.counters.tables.t).toEqual({ reads: 0, writes: 0 });
  });

  test('circuitBreaker may also map each URL to its outcome', async () => {
    const out = JSON.parse((await run({ ...SNAPSHOT, circuitBreaker: { 'http://cb.example/up': { status: 503 } } })).stdout);
    expect(out.updates).toEqual([]);
  });

  test('quota state in the snapshot holds a decrease back (D15)', async () => {
    const out = JSON.parse((await run({
      ...SNAPSHOT,
      tables: { t: { ...SNAPSHOT.tables.t, decreasesToday: 4, lastDecreaseAt: '2017-08-12T11:30:00Z' } },
    })).stdout);
    expect(out.updates.filter((u: any) => u.gsi === null)).toEqual([]);
    expect(out.counters.tables.t.reads).toBe(2);
  });

  test('an invalid configuration exits 2 with every problem on stderr', async () => {
    const bad = CONF.replace('max-provisioned-reads: 1000', 'max-provisioned-reads: 1').replace('[table: ^t$]', '[table: ^t$]\nincrease-writes-with: 12.5');
    const { code, stdout, stderr } = await run(SNAPSHOT, bad);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/invalid configuration \(\d+ problems\)/);
    expect(stderr).toMatch(/increase-writes-with/);
    expect(stderr).toMatch(/min-provisioned-reads \(5\) must be <= max-provisioned-reads \(1\)/);
  });

  test.each([
    ['not JSON', '{', /snap.json: not JSON/],
    ['no now', JSON.stringify({ ...SNAPSHOT, now: undefined }), /now is required/],
    ['a bad read', JSON.stringify({ ...SNAPSHOT, tables: { t: { read: 'x', write: 1 } } }), /tables.t.read must be a number, got "x"/],
    ['a bad metric', JSON.stringify({ ...SNAPSHOT, metricSums: { t: { ConsumedReadCapacityUnits: 'x' } } }), /metricSums.t.ConsumedReadCapacityUnits/],
    ['a time without an offset that is not ISO-8601', JSON.stringify({ ...SNAPSHOT, now: '2017-08-12 12:00' }),
      /^snap\.json: now must be an ISO-8601 time such as "2017-08-12T12:00:00Z" \(UTC when it has no offset\), got "2017-08-12 12:00"\n$/],
    ['a misspelt metric', JSON.stringify({ ...SNAPSHOT, metricSums: { t: { ConsumedReadCapacityUnit: 3000 } } }),
      /^snap\.json: metricSums\.t\.ConsumedReadCapacityUnit is not a known metric \(accepted: ConsumedReadCapacityUnits, ConsumedWriteCapacityUnits, /],
    ['an unknown top-level key', JSON.stringify({ ...SNAPSHOT, counter: {} }), /^snap\.json: counter is not a known snapshot field \(accepted: now, /],
  ])('a snapshot with %s exits 1 naming the field', async (_what, text, message) => {
    const { code, stderr } = await cli(['decide', '--dd-config', 'dd.conf', '--input', 'snap.json'], { 'dd.conf': CONF, 'snap.json': text });
    expect(code).toBe(1);
    expect(stderr).toMatch(message);
  });

  test('a missing file exits 1', async () => {
    const { code, stderr } = await cli(['decide', '--dd-config', 'nope.conf', '--input', 'snap.json'], {});
    expect(code).toBe(1);
    expect(stderr).toMatch(/ENOENT/);
  });
});

describe('decide and explain with a JSON policy (--policy)', () => {
  /** A hybrid table: its guard, and the scalable targets Application Auto Scaling reports. */
  const POLICY = JSON.stringify({
    tables: [{
      tableName: 't',
      policy: {
        lookbackWindowStart: 17,
        lookbackPeriod: 15,
        reads: { min: 5, max: 500, enableUpScaling: false, scaleInGuard: { targetUtilizationPercent: 70, consecutiveLowChecks: 2 } },
        writes: { enableAutoscaling: false },
      },
    }],
    checkIntervalSeconds: 300,
  });
  const GUARDED = {
    now: '2017-08-12T12:00:00Z',
    tables: { t: { read: 100, write: 100 } },
    metricSums: { t: { ConsumedReadCapacityUnits: 900 * 10 } },
    counters: { tables: { t: { reads: 1, writes: 0 } }, gsis: {} },
    scalableTargets: { t: { reads: { minCapacity: 5, maxCapacity: 500, suspendedState: { dynamicScalingInSuspended: true } } } },
  };
  const files = { 'p.json': POLICY, 'snap.json': JSON.stringify(GUARDED) };

  test('decide: the second low check of two resumes native scale-in', async () => {
    const { code, stdout, stderr } = await cli(['decide', '--policy', 'p.json', '--input', 'snap.json'], files);
    expect([code, stderr]).toEqual([0, '']);
    const out = JSON.parse(stdout);
    expect(out.scaleIn).toEqual([{
      table: 't',
      gsi: null,
      dimension: 'reads',
      suspendedState: { dynamicScalingInSuspended: false, dynamicScalingOutSuspended: false, scheduledScalingSuspended: false },
    }]);
    expect(out.counters.tables.t).toEqual({ reads: 2, writes: 0 });
  });

  test('explain says why', async () => {
    const { stdout } = await cli(['explain', '--policy', 'p.json', '--input', 'snap.json'], files);
    expect(stdout).toContain('    - consumed 10 %: a low check (below 50 %)\n    - native scale-in allowed\n');
    expect(stdout).toContain('  table t reads: resume dynamic scale-in');
  });

  test.each([
    ['both --dd-config and --policy', ['decide', '--dd-config', 'dd.conf', '--policy', 'p.json', '--input', 'snap.json'], 1,
      /usage: dynamic-scaling decide \(--dd-config FILE \| --policy FILE.json\)/],
    ['a policy that is not JSON', ['decide', '--policy', 'bad.json', '--input', 'snap.json'], 2, /^bad.json: not JSON: /],
    ['an invalid policy', ['decide', '--policy', 'invalid.json', '--input', 'snap.json'], 2,
      /invalid.json: invalid policy \(1 problem\):\n {2}tables\[0\]\.policy\.reads\.scaleInGuard\.consecutiveLowChecks \(-1\) must be an integer >= 0/],
  ])('%s', async (_name, argv, code, message) => {
    const run2 = await cli(argv as string[], {
      ...files, 'dd.conf': CONF, 'bad.json': '{', 'invalid.json': POLICY.replace('"consecutiveLowChecks":2', '"consecutiveLowChecks":-1'),
    });
    expect(run2.code).toBe(code);
    expect(run2.stderr).toMatch(message);
  });
});

describe('dynamic-scaling explain', () => {
  test('prints the same decision for a person', async () => {
    const { code, stdout } = await run(SNAPSHOT, CONF, 'explain');
    expect(code).toBe(0);
    expect(stdout).toContain('Table t:\n  reads: 100 -> 50 (update needed), counter 1 -> 2\n    - consumed 10.00% of 100 reads units');
    expect(stdout).toContain('GSI g of table t:\n  reads: 100 (no change), counter 0');
    expect(stdout).toContain('UpdateTable t: reads 100 -> 50, writes 100 -> 100 (counts as a decrease)');
    expect(stdout).toContain('[scale-down] to arn:aws:sns:us-east-1:123:dd (after the update succeeds): Updated provisioning for table t');
    expect(stdout).toContain('Counters for the next check:\n  t: reads 0, writes 0\n  t:g: reads 0, writes 0');
  });
});

describe('the command line', () => {
  test.each([
    [[], 1, 'stderr', /usage: dynamic-scaling <command>[\s\S]*decide[\s\S]*explain/],
    [['--help'], 0, 'stdout', /commands:/],
    [['frobnicate'], 1, 'stderr', /unknown command 'frobnicate'/],
    [['decide'], 1, 'stderr', /usage: dynamic-scaling decide \(--dd-config FILE \| --policy FILE.json\) --input SNAPSHOT.json/],
    [['decide', '--help'], 0, 'stdout', /--dd-config FILE/],
    [['decide', '--bogus', 'x'], 1, 'stderr', /unknown option --bogus/],
    [['decide', '--dd-config'], 1, 'stderr', /option --dd-config needs a value/],
  ])('%j exits %d', async (argv, expected, stream, message) => {
    const r = await cli(argv as string[], {});
    expect(r.code).toBe(expected);
    expect(r[stream as 'stdout' | 'stderr']).toMatch(message);
  });

  test('parseArgs accepts --name=value, flags and --', () => {
    expect(parseArgs(['--a=1', '--b', '2', '--f', 'p', '--', '--x'], { valueOptions: ['a', 'b'], flagOptions: ['f'] }))
      .toEqual({ options: { a: '1', b: '2', f: 'true' }, lists: {}, positionals: ['p', '--x'] });
    expect(() => parseArgs(['--f=1'], { valueOptions: [], flagOptions: ['f'] })).toThrow(UsageError);
  });

  test('parseArgs keeps every value of a list option, in order', () => {
    expect(parseArgs(['--table', 'a', '--table=b', '--once'], { valueOptions: ['table'], flagOptions: ['once'], listOptions: ['table'] }))
      .toEqual({ options: { table: 'b', once: 'true' }, lists: { table: ['a', 'b'] }, positionals: [] });
  });
});
