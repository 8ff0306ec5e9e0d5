/**
 * `dynamic-scaling simulate`: the --json schema, errors with line numbers, policy sources, and
 * the advice when on-demand beats every provisioned policy.
 */
import { csv } from './trace-csv';
import { main } from '../../src/cli/main';
import { parseCompare } from '../../src/cli/simulate-command';

interface Run { code: number; stdout: string; stderr: string; written: Record<string, string> }

async function cli(argv: string[], files: Record<string, string>, env: Record<string, string> = {}): Promise<Run> {
  let stdout = ''; let stderr = '';
  const written: Record<string, string> = {};
  const io = {
    stdout: { write: (s: string) => { stdout += s; } },
    stderr: { write: (s: string) => { stderr += s; } },
    readFile: async (p: string) => {
      if (!(p in files)) throw new Error(`ENOENT: no such file or directory, open '${p}'`);
      return files[p];
    },
    writeFile: async (p: string, d: string) => { written[p] = d; },
    env,
  };
  const code = await main(argv, io);
  return { code, stdout, stderr, written };
}


const DAILY = csv(2 * 1440, (m) => Math.round(1000 + 600 * Math.sin((2 * Math.PI * m) / 1440)));

describe('simulate --json', () => {
  test('one result per option, custom policy first, with every field of the schema', async () => {
    const run = await cli(['simulate', '--trace', 't.csv', '--preset', 'recommended', '--compare', 'native,native:50,on-demand,oracle', '--json'], { 't.csv': DAILY });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const doc = JSON.parse(run.stdout);
    expect(doc.results.map((r: { policy: string }) => r.policy)).toEqual(['recommended', 'native:70', 'native:50', 'on-demand', 'oracle']);
    for (const r of doc.results) {
      expect(Object.keys(r).sort()).toEqual([
        'capacityChanges', 'consumedUnits', 'costUsd', 'decreases', 'meanUtilizationPercent', 'policy', 'runningCostUsd', 'throttledMinutes', 'throttledUnits',
      ]);
      for (const [k, v] of Object.entries(r)) if (k !== 'policy') expect(typeof v).toBe('number');
    }
    // The trace is scaled to a mean of 100 units/s: on-demand pays for exactly that.
    const onDemand = doc.results.find((r: { policy: string }) => r.policy === 'on-demand');
    expect(onDemand.consumedUnits).toBe(100 * 60 * 2 * 1440);
    expect(onDemand.costUsd).toBeCloseTo((100 * 60 * 2 * 1440 / 1e6) * 0.125, 4);
    // A lower target keeps more headroom, so it costs more.
    const [n70, n50] = [doc.results[1], doc.results[2]];
    expect(n50.costUsd).toBeGreaterThan(n70.costUsd);
    expect(doc.advice.text).toMatch(/cheapest option without throttling/);
  });

  test('--dimension write uses the write prices', async () => {
    const read = JSON.parse((await cli(['simulate', '--trace', 't.csv', '--compare', 'on-demand', '--json'], { 't.csv': DAILY })).stdout);
    const write = JSON.parse((await cli(['simulate', '--trace', 't.csv', '--compare', 'on-demand', '--dimension', 'write', '--json'], { 't.csv': DAILY })).stdout);
    expect(write.results[1].costUsd / read.results[1].costUsd).toBeCloseTo(0.625 / 0.125, 3);
    // The capacity's cost scales with the price; the running cost is the same for reads and writes.
    const capacity = (r: { costUsd: number; runningCostUsd: number }) => r.costUsd - r.runningCostUsd;
    expect(capacity(write.results[0]) / capacity(read.results[0])).toBeCloseTo(0.00065 / 0.00013, 2);
    expect(write.results[0].runningCostUsd).toBe(read.results[0].runningCostUsd);
  });

  test('--compare native:<target>:latest and :mean name the scale-out sizing; a bare target is the mean', async () => {
    const run = await cli(['simulate', '--trace', 't.csv', '--compare', 'native:70,native:70:mean,native:70:latest', '--json'], { 't.csv': DAILY });
    expect(run.stderr).toBe('');
    const [, bare, mean, latest] = JSON.parse(run.stdout).results;
    expect([bare.policy, mean.policy, latest.policy]).toEqual(['native:70', 'native:70:mean', 'native:70:latest']);
    expect({ ...mean, policy: 'x' }).toEqual({ ...bare, policy: 'x' });
  });

  test('--compare hybrid:<target>:<checks>[:idle]: target tracking with the scale-in guards, named as given', async () => {
    // A day of the daily cycle, then 3 hours without a request: only the :idle variants lower the table.
    const trace = csv(1440 + 180, (m) => (m < 1440 ? Math.round(1000 + 600 * Math.sin((2 * Math.PI * m) / 1440)) : 0));
    const run = await cli(['simulate', '--trace', 't.csv', '--compare', 'native:70,hybrid:70:0,hybrid:70:6,hybrid:70:0:idle,hybrid:50:03:idle:latest', '--json'],
      { 't.csv': trace });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const [, native, plain, six, idle, latest] = JSON.parse(run.stdout).results;
    expect([native, plain, six, idle, latest].map((r) => r.policy))
      .toEqual(['native:70', 'hybrid:70:0', 'hybrid:70:6', 'hybrid:70:0:idle', 'hybrid:50:3:idle:latest']);
    // No guard behaviour: target tracking's capacity, plus the guard's running cost.
    const capacityOf = (r: { costUsd: number; runningCostUsd: number }) => r.costUsd - r.runningCostUsd;
    expect({ ...plain, policy: '', costUsd: 0, runningCostUsd: 0 }).toEqual({ ...native, policy: '', costUsd: 0, runningCostUsd: 0 });
    expect(capacityOf(plain)).toBeCloseTo(capacityOf(native), 3);
    expect(plain.runningCostUsd).toBeGreaterThan(native.runningCostUsd);
    // Six low checks move the scale-ins (test/sim/hybrid.test.ts pins when).
    expect(six.capacityChanges).not.toBe(native.capacityChanges);
    // Idle lowering: one more decrease, in the idle hours, which then cost less.
    expect(idle.decreases).toBe(native.decreases + 1);
    expect(capacityOf(idle)).toBeLessThan(capacityOf(native));
  });

  test('--compare hybrid takes the custom policy\'s bounds, as native does', () => {
    expect(parseCompare('native:70,hybrid:70:3,hybrid:70:0:idle:latest', { min: 5, max: 200 })).toEqual([
      { kind: 'native', name: 'native:70', targetUtilizationPercent: 70, scaleOutSizing: 'mean', minCapacity: 5, maxCapacity: 200 },
      {
        kind: 'hybrid',
        name: 'hybrid:70:3',
        targetUtilizationPercent: 70,
        scaleOutSizing: 'mean',
        minCapacity: 5,
        maxCapacity: 200,
        guards: { consecutiveLowChecks: 3, scaleInWhenIdle: false },
      },
      {
        kind: 'hybrid',
        name: 'hybrid:70:0:idle:latest',
        targetUtilizationPercent: 70,
        scaleOutSizing: 'latest',
        minCapacity: 5,
        maxCapacity: 200,
        guards: { consecutiveLowChecks: 0, scaleInWhenIdle: true },
      },
    ]);
  });

  test('the table lists the hybrid rows', async () => {
    const run = await cli(['simulate', '--trace', 't.csv', '--compare', 'native,hybrid:70:3:idle'], { 't.csv': DAILY });
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n').map((l) => l.split(/\s+/)[0])).toEqual(expect.arrayContaining(['recommended', 'native:70', 'hybrid:70:3:idle']));
  });

  test('running costs: a column of the table and of --json, included in the total; PRICE_* variables override them', async () => {
    const run = await cli(['simulate', '--trace', 't.csv', '--compare', 'native,on-demand,oracle'], { 't.csv': DAILY });
    expect(run.stdout.split('\n')[0]).toMatch(/^Policy +Total cost \(USD\) +Running cost \(USD\) +Throttled units/);
    const json = async (env: Record<string, string>) =>
      JSON.parse((await cli(['simulate', '--trace', 't.csv', '--compare', 'native,on-demand,oracle', '--json'], { 't.csv': DAILY }, env)).stdout);
    const base = await json({});
    // 2 days: native's 4 alarms cost 4 x 0.10 x 2 / 30; on-demand and the oracle nothing.
    expect(base.results.map((r: { runningCostUsd: number }) => r.runningCostUsd).slice(1)).toEqual([0.0267, 0, 0]);
    expect(base.prices.alarmMonth).toBe(0.1);
    const dearer = await json({ PRICE_ALARM_MONTH: '0.2' });
    expect(dearer.prices.alarmMonth).toBe(0.2);
    expect(dearer.results[1].runningCostUsd).toBe(0.0533);
    expect(dearer.results[1].costUsd - base.results[1].costUsd).toBeCloseTo((4 * 0.1 * 2) / 30, 3);
    expect(dearer.results[0].runningCostUsd).toBeGreaterThan(base.results[0].runningCostUsd);
    // The --price-* options win over the variables.
    const flag = await cli(['simulate', '--trace', 't.csv', '--compare', 'on-demand', '--price-read-million', '0.25', '--json'], { 't.csv': DAILY },
      { PRICE_READ_MILLION: '1' });
    expect(JSON.parse(flag.stdout).prices.readRequestMillion).toBe(0.25);
    const bad = await cli(['simulate', '--trace', 't.csv'], { 't.csv': DAILY }, { PRICE_ALARM_MONTH: 'lots' });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("PRICE_ALARM_MONTH must be a price in USD >= 0, got 'lots'");
  });

  test('prices can be overridden', async () => {
    const run = await cli(['simulate', '--trace', 't.csv', '--compare', 'on-demand', '--price-read-million', '0.25', '--json'], { 't.csv': DAILY });
    expect(JSON.parse(run.stdout).results[1].costUsd).toBeCloseTo((100 * 60 * 2 * 1440 / 1e6) * 0.25, 4);
  });
});

describe('simulate: errors', () => {
  test.each([
    ['a negative value', 'timestamp,value\n2026-01-05T00:00:00Z,5\n2026-01-05T00:01:00Z,-1\n', 't.csv: trace line 3: negative value -1\n'],
    ['a bad timestamp', 'timestamp,value\n2026-01-05T00:00:00Z,5\nnoon,1\n',
      't.csv: trace line 3: invalid timestamp "noon" (expected ISO-8601 UTC, e.g. 2015-02-26T21:42:53Z)\n'],
    ['unsorted rows', 'timestamp,value\n2026-01-05T00:01:00Z,5\n2026-01-05T00:00:00Z,1\n',
      't.csv: trace line 3: timestamp 2026-01-05T00:00:00Z is before the previous row\'s (line 2); rows must be sorted with unique timestamps\n'],
    ['an empty trace', 'timestamp,value\n', 't.csv: trace: no data rows\n'],
  ])('%s exits 1 with the line', async (_name, text, message) => {
    const run = await cli(['simulate', '--trace', 't.csv', '--json'], { 't.csv': text });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(message);
    expect(run.stdout).toBe('');
  });

  test('an invalid policy exits 2 with every problem', async () => {
    const policy = JSON.stringify({ tables: [{ tablePattern: 't', policy: { reads: { min: 50, max: 10 } } }] });
    const run = await cli(['simulate', '--trace', 't.csv', '--policy', 'p.json'], { 't.csv': DAILY, 'p.json': policy });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('dynamic-scaling simulate: p.json: invalid policy:');
    expect(run.stderr).toContain('(50) must be <=');
  });

  test.each<[string, unknown, string]>([
    ['a misspelt dimension option', { tables: [{ tablePattern: '^orders$', policy: { reads: { checksBeforeScaledown: 3 } } }] },
      'p.json: tables[0].policy.reads.checksBeforeScaledown is not a known reads option (accepted: upperThreshold, lowerThreshold, '
      + 'throttledUpperThreshold, increaseWith, increaseUnit, decreaseWith, decreaseUnit, min, max, checksBeforeScaleDown, '
      + 'checksResetPercent, allowScaleDownAtZeroPercent, enableAutoscaling, enableUpScaling, enableDownScaling, increaseConsumedUnit, '
      + 'increaseConsumedWith, increaseConsumedScale, increaseThrottledByProvisionedUnit, increaseThrottledByProvisionedScale, '
      + 'increaseThrottledByConsumedUnit, increaseThrottledByConsumedScale, decreaseConsumedUnit, decreaseConsumedWith, '
      + 'decreaseConsumedScale, upperAlarmThreshold, lowerAlarmThreshold, maxIncreasePercent, checksBeforeRepeatedScaleDown, '
      + 'decreasePeakHalfLifeMinutes, step, scaleInGuard)'],
    ['a misspelt table option', { tables: [{ tablePattern: '^orders$', policy: { lookbackWindow: 10 } }] },
      'p.json: tables[0].policy.lookbackWindow is not a known table or GSI option (accepted: reads, writes, circuitBreaker, '
      + 'alwaysDecreaseRwTogether, lookbackWindowStart, lookbackPeriod, maintenanceWindows, snsTopicArn, snsMessageTypes, decreaseReserve, '
      + 'increasesAgainstCurrentCapacity, countThrottledAsConsumed, lookbackWindowStartMax)'],
    ['a misspelt top-level field', { tables: [{ tablePattern: '^orders$' }], checkInterval: 60 },
      'p.json: checkInterval is not a known policy field (accepted: tables, checkIntervalSeconds, circuitBreaker)'],
    ['a misspelt GSI rule field', { tables: [{ tablePattern: '^orders$', gsis: [{ indexPattern: 'i', polcy: {} }] }] },
      'p.json: tables[0].gsis[0].polcy is not a known GSI rule field (accepted: indexPattern, policy)'],
    ['a misspelt circuit-breaker field', { tables: [{ tablePattern: '^orders$' }], circuitBreaker: { url: 'https://cb/ok', timeout: 5 } },
      'p.json: circuitBreaker.timeout is not a known circuit breaker field (accepted: url, timeoutMs, credentialsSecret)'],
  ])('--policy JSON with %s exits 2, naming the JSON path and the accepted keys', async (_name, policy, message) => {
    const run = await cli(['simulate', '--trace', 't.csv', '--policy', 'p.json'], { 't.csv': DAILY, 'p.json': JSON.stringify(policy) });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`dynamic-scaling simulate: ${message}\n`);
  });

  test('--policy JSON: a check interval given as a string is an error, not the default', async () => {
    const policy = JSON.stringify({ tables: [{ tablePattern: '^orders$' }], checkIntervalSeconds: '60' });
    const run = await cli(['simulate', '--trace', 't.csv', '--policy', 'p.json'], { 't.csv': DAILY, 'p.json': policy });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('dynamic-scaling simulate: p.json: invalid policy:\n  checkIntervalSeconds (60) must be an integer >= 1\n');
  });

  test('--policy JSON: a boolean given as "yes" is an error, not true', async () => {
    const policy = JSON.stringify({ tables: [{ tablePattern: '^orders$', policy: { countThrottledAsConsumed: 'yes' } }] });
    const run = await cli(['simulate', '--trace', 't.csv', '--policy', 'p.json'], { 't.csv': DAILY, 'p.json': policy });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('dynamic-scaling simulate: p.json: invalid policy:\n'
      + '  tables[0].policy.countThrottledAsConsumed (yes) must be true or false\n');
  });

  test.each([
    [['--compare', 'native:95'], '--compare native:95: the target utilization must be 20-90 %'],
    [['--compare', 'spot'], '--compare: unknown option \'spot\''],
    [['--compare', 'native:70:median'], '--compare: unknown option \'native:70:median\' (native, native:<target>, native:<target>:mean, native:<target>:latest,'],
    [['--compare', 'hybrid:95:3'], '--compare hybrid:95:3: the target utilization must be 20-90 %'],
    [['--compare', 'hybrid:10:0:idle'], '--compare hybrid:10:0:idle: the target utilization must be 20-90 %'],
    ...['hybrid', 'hybrid:70', 'hybrid:70:1.5', 'hybrid:70:-1', 'hybrid:70:3:fast', 'hybrid:70:idle', 'hybrid:70:3:latest:idle'].map((item) => [
      ['--compare', `native,${item}`],
      `dynamic-scaling simulate: --compare: '${item}' is not hybrid:<target>:<checks>[:idle] (e.g. hybrid:70:3 or hybrid:70:0:idle; `
        + '<checks> is a whole number of consecutive low checks, 0 or more)\n',
    ] as [string[], string]),
    [['--compare', 'hybrids'], '--compare: unknown option \'hybrids\' (native, native:<target>, native:<target>:mean, native:<target>:latest, '
      + 'hybrid:<target>:<checks>[:idle], on-demand'],
    [['--preset', 'nope'], '--preset: unknown preset \'nope\''],
    [['--dimension', 'both'], '--dimension must be read or write, got \'both\''],
    [['--preset', 'recommended', '--dd-config', 'x.conf'], 'give only one of --policy, --dd-config and --preset'],
  ])('usage error %j', async (extra, message) => {
    const run = await cli(['simulate', '--trace', 't.csv', ...extra], { 't.csv': DAILY });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(message);
  });
});

describe('simulate: policy sources', () => {
  test('a dynamic-dynamodb.conf runs through the engine; its table name is simulated', async () => {
    const conf = ['[global]', '[logging]', '[table: ^orders$]', 'reads-upper-threshold: 90', 'reads-lower-threshold: 30',
      'increase-reads-with: 50', 'decrease-reads-with: 40', 'increase-reads-unit: percent', 'decrease-reads-unit: percent',
      'increase-writes-unit: percent', 'decrease-writes-unit: percent', ''].join('\n');
    const run = await cli(['simulate', '--trace', 't.csv', '--dd-config', 'dd.conf', '--compare', 'dd-seed', '--json'], { 't.csv': DAILY, 'dd.conf': conf });
    expect(run.stderr).toBe('');
    const [fromConf, seed] = JSON.parse(run.stdout).results;
    expect(fromConf.policy).toBe('dd.conf');
    // The same options as the dd seed, except the check interval (dd's default is also 300 s).
    expect({ ...fromConf, policy: 'x' }).toEqual({ ...seed, policy: 'x' });
  });

  test('a table rule in Python regex syntax is matched as the engine matches it (decide and simulate agree)', async () => {
    const conf = ['[table: (?i)orders]', 'increase-reads-unit: percent', 'decrease-reads-unit: percent',
      'increase-writes-unit: percent', 'decrease-writes-unit: percent', ''].join('\n');
    const run = await cli(['simulate', '--trace', 't.csv', '--dd-config', 'dd.conf', '--table', 'ORDERS', '--compare', 'none', '--json'],
      { 't.csv': DAILY, 'dd.conf': conf });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).results[0].policy).toBe('dd.conf');
  });

  test('a policy JSON with omitted options takes the defaults', async () => {
    const policy = JSON.stringify({ tables: [{ tablePattern: '^orders$', policy: { reads: { lowerThreshold: 20 } } }], checkIntervalSeconds: 300 });
    const run = await cli(['simulate', '--trace', 't.csv', '--policy', 'mine.json', '--compare', 'none', '--json'], { 't.csv': DAILY, 'mine.json': policy });
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout).results[0].policy).toBe('mine');
  });

  test('a policy JSON\'s warnings go to stderr and the simulation runs', async () => {
    const policy = JSON.stringify({ tables: [{ tablePattern: '^orders$', policy: { reads: { max: 50000 } } }] });
    const run = await cli(['simulate', '--trace', 't.csv', '--policy', 'p.json', '--compare', 'none', '--json'], { 't.csv': DAILY, 'p.json': policy });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe("p.json: warning: tables[0].policy.reads.max (50000) is above 40000, DynamoDB's default per-table "
      + "capacity quota: unless the account's quota was raised, DynamoDB refuses an update above it and the capacity stays where it is\n");
    expect(JSON.parse(run.stdout).results[0].policy).toBe('p');
  });

  test('the oracle is bounded by the custom policy\'s min and max, as native target tracking is', async () => {
    // The trace peaks at about 160 units/s; this policy may not go above 120.
    const policy = JSON.stringify({ tables: [{ tablePattern: '^orders$', policy: { reads: { min: 10, max: 120 } } }] });
    const run = await cli(['simulate', '--trace', 't.csv', '--policy', 'p.json', '--compare', 'oracle', '--json'], { 't.csv': DAILY, 'p.json': policy });
    const oracle = JSON.parse(run.stdout).results[1];
    expect(oracle.policy).toBe('oracle');
    expect(oracle.throttledUnits).toBeGreaterThan(0);
    const unbounded = JSON.parse((await cli(['simulate', '--trace', 't.csv', '--compare', 'oracle', '--json'], { 't.csv': DAILY })).stdout).results[1];
    expect(unbounded.throttledUnits).toBe(0);
  });

  test('--out writes a self-contained report', async () => {
    const run = await cli(['simulate', '--trace', 't.csv', '--out', 'r.html'], { 't.csv': DAILY });
    expect(run.code).toBe(0);
    const html = run.written['r.html'];
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect(run.stdout).toContain('report: r.html');
  });
});

describe('simulate: advice', () => {
  test('bursty traffic with long idle stretches: on-demand beats every provisioned policy, by how much', async () => {
    // 10 busy minutes every 6 hours, idle otherwise.
    const bursty = csv(2 * 1440, (m) => (m % 360 < 10 ? 500 : 0));
    const run = await cli(['simulate', '--trace', 'b.csv', '--compare', 'native,dd-seed,on-demand,oracle', '--json'], { 'b.csv': bursty });
    const doc = JSON.parse(run.stdout);
    const onDemand = doc.results.find((r: { policy: string }) => r.policy === 'on-demand');
    const provisioned = doc.results.filter((r: { policy: string }) => !['on-demand', 'oracle'].includes(r.policy));
    const cheapest = provisioned.reduce((a: { costUsd: number }, b: { costUsd: number }) => (b.costUsd < a.costUsd ? b : a));
    expect(onDemand.costUsd).toBeLessThan(cheapest.costUsd);
    expect(doc.advice.onDemandBeatsProvisioned).toBe(true);
    expect(doc.advice.cheapestWithoutThrottling).toBe('on-demand');
    expect(doc.advice.savingsUsd).toBeCloseTo(cheapest.costUsd - onDemand.costUsd, 4);
    expect(doc.advice.text).toContain(`less than the cheapest provisioned policy, ${cheapest.policy}`);
    expect(doc.advice.text).toMatch(/^On-demand is the cheapest option without throttling for this trace/);
  });

  test('steady traffic: a provisioned option is cheapest without throttling', async () => {
    const doc = JSON.parse((await cli(['simulate', '--trace', 't.csv', '--compare', 'native,on-demand,oracle', '--json'], { 't.csv': DAILY })).stdout);
    expect(doc.advice.onDemandBeatsProvisioned).toBe(false);
    const clean = doc.results.filter((r: { policy: string; throttledUnits: number }) => r.throttledUnits === 0 && r.policy !== 'oracle');
    const best = clean.reduce((a: { costUsd: number }, b: { costUsd: number }) => (b.costUsd < a.costUsd ? b : a));
    expect(doc.advice.cheapestWithoutThrottling).toBe(best.policy);
    expect(best.policy).not.toBe('on-demand');
  });
});
