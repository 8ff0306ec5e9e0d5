/**
 * The check protocol: what it asks a host to read and send, in order, for each outcome, and how
 * it settles the state and the notifications afterwards.
 */
import * as fc from 'fast-check';
import {
  CallOutcome, CheckAnswer, CheckInput, CheckProtocolError, CheckRequest, CheckResult, CheckStep, checkProtocol, runCheck,
  runCheckSync, ScalableTargetsAnswer, UpdateCapacityAction,
} from '../../../src/engine/check';
import { MISSING_TABLE_STATE_TTL_MS, TableState } from '../../../src/engine/check/table-state';
import { decide } from '../../../src/engine/core/decide';
import { CircuitBreakerOutcome, MetricSums, TableSnapshot } from '../../../src/engine/core/decide-types';
import { metricsRead, PROVISIONED_SETTLED_MS } from '../../../src/engine/core/metrics-read';
import { EnginePolicy } from '../../../src/engine/core/policy';
import { guardTargetPolicy, ScalableTargetState, SuspendedState } from '../../../src/engine/core/scale-in-guard';
import { parseDdConfig } from '../../../src/engine/dd-conf/dd-config';
import { expandTableRules } from '../../../src/engine/dd-conf/expand-targets';
import { NOON, policyOf, target } from '../builders';

const MINUTE = 60_000;
const TOPIC = 'arn:aws:sns:us-east-1:123456789012:scaling';

/** A host that answers from fixed tables and loads and records every step. */
class Host {
  public readonly steps: CheckStep[] = [];
  constructor(
    private readonly tables: Record<string, TableSnapshot | CallOutcome>,
    /** Consumed % of the current capacity per target key (`t`, `t:g`) and dimension. */
    private readonly load: Record<string, { reads: number; writes: number }> = {},
    private readonly breaker: CircuitBreakerOutcome = { status: 200 },
    private readonly updates: CallOutcome[] = [],
    private readonly claims: Array<'ok' | 'conflict' | 'error'> = [],
    /** The scalable targets of guarded dimensions, or an outcome for the DescribeScalableTargets call. */
    public scalable: ScalableTargetsAnswer['targets'] | CallOutcome = [],
    private readonly registers: CallOutcome[] = [],
  ) {}

  public answer = (step: CheckStep): CheckAnswer[] => {
    this.steps.push(step);
    return step.requests.map((r) => this.one(r));
  };

  /** `phase: kind kind …` per step, the order of what was asked. */
  public get trace(): string[] {
    return this.steps.map((s) => `${s.phase}: ${s.requests.map((r) => r.kind).join(' ')}`);
  }

  public requestsOf<K extends CheckRequest['kind']>(kind: K): Array<Extract<CheckRequest, { kind: K }>> {
    return this.steps.flatMap((s) => s.requests.filter((r): r is Extract<CheckRequest, { kind: K }> => r.kind === kind));
  }

  private one(r: CheckRequest): CheckAnswer {
    switch (r.kind) {
      case 'describe-table': {
        const t = this.tables[r.table];
        return typeof t === 'string' ? { id: r.id, kind: r.kind, outcome: t, message: `${t} for ${r.table}` } : { id: r.id, kind: r.kind, outcome: 'ok', snapshot: t };
      }
      case 'metrics': {
        const key = r.gsi === null ? r.table : `${r.table}:${r.gsi}`;
        const l = this.load[key];
        const snapshot = this.tables[r.table] as TableSnapshot;
        const cap = r.gsi === null ? snapshot : snapshot.gsis![r.gsi];
        const seconds = (r.endMs - r.startMs) / 1000;
        const values: MetricSums = !l ? {} : {
          ConsumedReadCapacityUnits: (l.reads / 100) * cap.read * seconds,
          ConsumedWriteCapacityUnits: (l.writes / 100) * cap.write * seconds,
        };
        return { id: r.id, kind: r.kind, outcome: 'ok', values };
      }
      case 'circuit-breaker': return { id: r.id, kind: r.kind, result: this.breaker };
      case 'claim-state': return { id: r.id, kind: r.kind, outcome: this.claims.shift() ?? 'ok' };
      case 'update-capacity': return { id: r.id, kind: r.kind, outcome: this.updates.shift() ?? 'ok' };
      case 'scalable-targets':
        return typeof this.scalable === 'string'
          ? { id: r.id, kind: r.kind, outcome: this.scalable, message: `${this.scalable} for ${r.table}` }
          : { id: r.id, kind: r.kind, outcome: 'ok', targets: this.scalable };
      case 'suspend-scale-in': {
        const outcome = this.registers.shift() ?? 'ok';
        return outcome === 'ok' ? { id: r.id, kind: r.kind, outcome } : { id: r.id, kind: r.kind, outcome, message: `${outcome} for ${r.table} ${r.dimension}` };
      }
    }
  }
}

function run(policy: EnginePolicy, host: Host, extra: Partial<CheckInput> = {}): CheckResult {
  return runCheckSync({ nowMs: NOON, policy, tables: ['t'], states: {}, ...extra }, host.answer);
}

const TWO_GSIS: TableSnapshot = { read: 100, write: 100, gsis: { g1: { read: 50, write: 50 }, g2: { read: 20, write: 20 } } };

describe('a table with 2 GSIs', () => {
  const policy = policyOf(target(), [['g', target()]]);

  test('describe, then each target\'s window, then one UpdateTable with the table and its GSIs', () => {
    const host = new Host({ t: TWO_GSIS }, { 't': { reads: 95, writes: 50 }, 't:g1': { reads: 50, writes: 95 }, 't:g2': { reads: 50, writes: 50 } });
    const result = run(policy, host);
    expect(host.trace).toEqual(['describe: describe-table', 'read: metrics metrics metrics', 'claim: claim-state', 'send: update-capacity']);
    // The window queryWindow gives (15 to 10 minutes back), the same for every target.
    const windows = host.requestsOf('metrics').map((m) => `${m.table}:${m.gsi} ${NOON - m.startMs} ${NOON - m.endMs}`);
    expect(windows).toEqual([`t:null ${15 * MINUTE} ${10 * MINUTE}`, `t:g1 ${15 * MINUTE} ${10 * MINUTE}`, `t:g2 ${15 * MINUTE} ${10 * MINUTE}`]);
    expect(host.requestsOf('metrics')[0].metrics.map((m) => `${m.metric}/${m.statistic}`)).toEqual([
      'ConsumedReadCapacityUnits/Sum', 'ConsumedWriteCapacityUnits/Sum', 'ProvisionedReadCapacityUnits/Average', 'ProvisionedWriteCapacityUnits/Average',
    ]);
    const [send] = host.requestsOf('update-capacity');
    expect(send).toEqual({ id: send.id, kind: 'update-capacity', table: 't', throughput: { reads: 150, writes: 100 }, gsis: [{ index: 'g1', reads: 50, writes: 75 }] });
    expect(result.tables).toEqual([{ table: 't', status: 'checked' }]);
    expect(result.updates.map((u) => [u.update.gsi, u.outcome, u.sent])).toEqual([[null, 'ok', { reads: 150, writes: 100 }], ['g1', 'ok', { reads: 50, writes: 75 }]]);
    expect(result.decisions.map((d) => `${d.gsi ?? 't'} ${d.dimension}`)).toEqual([
      't reads', 't writes', 'g1 reads', 'g1 writes', 'g2 reads', 'g2 writes',
    ]);
  });

  test('a GSI no rule matches is neither read nor decided', () => {
    const only1 = policyOf(target(), [['g1', target()]]);
    const host = new Host({ t: TWO_GSIS }, { 't': { reads: 50, writes: 50 }, 't:g1': { reads: 50, writes: 50 } });
    run(only1, host);
    expect(host.requestsOf('metrics').map((m) => m.gsi)).toEqual([null, 'g1']);
  });

  test('the state of an index the table no longer has is dropped', () => {
    const before: TableState = { table: { counters: { reads: 1, writes: 0 } }, gsis: { gone: { counters: { reads: 2, writes: 2 } } } };
    const host = new Host({ t: { read: 100, write: 100 } }, { t: { reads: 20, writes: 50 } });
    const result = run(policyOf(target({ both: { checksBeforeScaleDown: 3 } })), host, { states: { t: before } });
    expect(result.states.t).toEqual({ table: { counters: { reads: 2, writes: 0 } }, gsis: {} });
  });
});

describe('a circuit breaker that answers 503, then 200', () => {
  const policy = policyOf(target(), [['g', target()]], { circuitBreaker: { url: 'https://ops:s3cret@status.example/ok', timeoutMs: 2500 } });
  const load = { 't': { reads: 95, writes: 50 }, 't:g1': { reads: 95, writes: 50 }, 't:g2': { reads: 50, writes: 50 } };

  test('503: polled once for the table and its GSIs (D13), nothing sent, counters reset', () => {
    const host = new Host({ t: TWO_GSIS }, load, { status: 503 });
    const before: TableState = { table: { counters: { reads: 0, writes: 2 } }, gsis: {} };
    const result = run(policy, host, { states: { t: before } });
    expect(host.trace).toEqual(['describe: describe-table', 'read: circuit-breaker metrics metrics metrics']);
    const [poll] = host.requestsOf('circuit-breaker');
    expect(poll).toEqual({ id: poll.id, kind: 'circuit-breaker', url: 'https://status.example/ok', timeoutMs: 2500, username: 'ops', password: 's3cret', table: 't', gsi: null });
    expect(result.updates).toEqual([]);
    expect(result.decisions.every((d) => d.reasons[0].includes('circuit breaker https://status.example/ok is open (HTTP 503)'))).toBe(true);
    expect(result.states.t).toEqual({ table: {}, gsis: {} });
  });

  test('200: the change goes through', () => {
    const host = new Host({ t: TWO_GSIS }, load, { status: 200 });
    const result = run(policy, host);
    expect(host.trace.slice(2)).toEqual(['claim: claim-state', 'send: update-capacity']);
    expect(result.updates.map((u) => u.outcome)).toEqual(['ok', 'ok']);
  });
});

describe('LimitExceeded on an update that mixes an increase and a decrease', () => {
  const policy = policyOf(target({ snsTopicArn: TOPIC, snsMessageTypes: ['scale-up', 'scale-down'] }));

  test('the increases alone are retried; the scaling message says what was applied; the decrease keeps its counter (D3)', () => {
    const host = new Host({ t: { read: 100, write: 100 } }, { t: { reads: 95, writes: 10 } }, undefined, ['LimitExceeded', 'ok']);
    const result = run(policy, host);
    expect(host.trace).toEqual(['describe: describe-table', 'read: metrics', 'claim: claim-state', 'send: update-capacity', 'retry: update-capacity']);
    const [first, retry] = host.requestsOf('update-capacity') as UpdateCapacityAction[];
    expect(first.throughput).toEqual({ reads: 150, writes: 50 });
    expect(retry).toEqual({ id: retry.id, kind: 'update-capacity', table: 't', throughput: { reads: 150, writes: 100 }, gsis: [], retryOf: first.id });
    expect(result.updates[0].sent).toEqual({ reads: 150, writes: 100 });
    expect(result.faults).toEqual([{ table: 't', gsi: null, action: 'UpdateTable', outcome: 'LimitExceeded' }]);
    expect(result.notifications.map((n) => [n.type, n.message])).toEqual([['scale-up', 't - Reads: UP from 100 to 150\n']]);
    const writes = result.decisions.find((d) => d.dimension === 'writes')!;
    expect(result.states.t!.table.counters).toEqual({ reads: 0, writes: writes.counterOut });
  });

  test('a table increase and a GSI decrease: the retry carries the table alone', () => {
    const gsiPolicy = policyOf(target(), [['g', target()]]);
    const host = new Host({ t: { read: 100, write: 100, gsis: { g1: { read: 50, write: 50 } } } },
      { 't': { reads: 95, writes: 50 }, 't:g1': { reads: 10, writes: 50 } }, undefined, ['LimitExceeded', 'ok']);
    const result = run(gsiPolicy, host);
    const [first, retry] = host.requestsOf('update-capacity') as UpdateCapacityAction[];
    expect(first.gsis).toEqual([{ index: 'g1', reads: 25, writes: 50 }]);
    expect(retry.throughput).toEqual({ reads: 150, writes: 100 });
    expect(retry.gsis).toEqual([]);
    expect(result.updates.map((u) => [u.update.gsi, u.outcome, u.sent])).toEqual([
      [null, 'ok', { reads: 150, writes: 100 }], ['g1', 'LimitExceeded', null],
    ]);
  });

  test('nothing left to retry: no retry step', () => {
    const host = new Host({ t: { read: 100, write: 100 } }, { t: { reads: 10, writes: 50 } }, undefined, ['LimitExceeded']);
    const result = run(policy, host);
    expect(host.trace.slice(-2)).toEqual(['claim: claim-state', 'send: update-capacity']);
    expect(result.updates[0]).toMatchObject({ sent: null, outcome: 'LimitExceeded' });
    expect(result.notifications).toEqual([]);
  });
});

test('ResourceInUse: nothing applied, no retry, no scaling message, counters and throttle marks kept (D3, D8)', () => {
  const policy = policyOf(target({ snsTopicArn: TOPIC, snsMessageTypes: ['scale-up'], reads: { throttledUpperThreshold: 5 } }));
  const host = new Host({ t: { read: 100, write: 100 } }, { t: { reads: 95, writes: 50 } }, undefined, ['ResourceInUse']);
  const result = run(policy, host);
  expect(host.trace.slice(-2)).toEqual(['claim: claim-state', 'send: update-capacity']);
  expect(host.requestsOf('metrics')[0].metrics.map((m) => m.metric)).toContain('ReadThrottleEvents');
  expect(result.updates[0]).toMatchObject({ sent: null, outcome: 'ResourceInUse' });
  expect(result.notifications).toEqual([]);
  expect(result.faults.map((f) => f.outcome)).toEqual(['ResourceInUse']);
  expect(result.states.t).toEqual({ table: {}, gsis: {} });
});

describe('a table that disappeared', () => {
  const policy = policyOf(target());
  const before: TableState = { table: { counters: { reads: 3, writes: 1 } }, gsis: {} };

  test('skipped and said; nothing read or sent; its state is kept, marked missing', () => {
    const host = new Host({ t: 'ResourceNotFound' });
    const result = run(policy, host, { states: { t: before } });
    expect(host.trace).toEqual(['describe: describe-table']);
    expect(result.tables).toEqual([{ table: 't', status: 'skipped', reason: 'the table does not exist (ResourceNotFound)' }]);
    expect(result.faults).toEqual([{ table: 't', gsi: null, action: 'DescribeTable', outcome: 'ResourceNotFound', message: 'ResourceNotFound for t' }]);
    expect(result.states.t).toEqual({ ...before, missingSinceMs: NOON });
  });

  test('its state is dropped once it has been missing for MISSING_TABLE_STATE_TTL_MS', () => {
    const missing = { ...before, missingSinceMs: NOON - MISSING_TABLE_STATE_TTL_MS + MINUTE };
    expect(run(policy, new Host({ t: 'ResourceNotFound' }), { states: { t: missing } }).states.t).toEqual(missing);
    const expired = { ...before, missingSinceMs: NOON - MISSING_TABLE_STATE_TTL_MS };
    expect(run(policy, new Host({ t: 'ResourceNotFound' }), { states: { t: expired } }).states.t).toBeNull();
  });

  test('found again: the mark goes', () => {
    const host = new Host({ t: { read: 100, write: 100 } }, { t: { reads: 50, writes: 50 } });
    const result = run(policy, host, { states: { t: { ...before, missingSinceMs: NOON } } });
    expect(result.states.t!.missingSinceMs).toBeUndefined();
  });

  test('AccessDenied: skipped, the state is left as it was (absent from the result)', () => {
    const result = run(policy, new Host({ t: 'AccessDenied' }), { states: { t: before } });
    expect(result.states).toEqual({});
    expect(result.tables[0]).toEqual({ table: 't', status: 'skipped', reason: 'DescribeTable failed (AccessDenied: AccessDenied for t)' });
  });
});

test('a failed CloudWatch read skips that table only; the others are decided', () => {
  const policy = policyOf(target());
  const multi: EnginePolicy = { ...policy, tables: [{ tablePattern: '^[tu]$', policy: target(), gsis: [] }] };
  const host = new Host(
    { t: { read: 100, write: 100 }, u: { read: 100, write: 100 } },
    { t: { reads: 95, writes: 50 }, u: { reads: 95, writes: 50 } },
  );
  const answer = (step: CheckStep) => host.answer(step).map((a) => (a.kind === 'metrics'
    && (step.requests.find((r) => r.id === a.id) as { table: string }).table === 'u' ? { ...a, outcome: 'error' as const, message: 'Throttling' } : a));
  const result = runCheckSync({ nowMs: NOON, policy: multi, tables: ['u', 't'], states: {} }, answer);
  expect(result.tables).toEqual([{ table: 't', status: 'checked' }, { table: 'u', status: 'skipped', reason: 'a CloudWatch read failed: no decision on partial data' }]);
  expect(result.updates.map((u) => u.update.table)).toEqual(['t']);
  expect(Object.keys(result.states)).toEqual(['t']);
});

test('dry run: decided, nothing sent or published, counters kept (D3)', () => {
  const policy = policyOf(target({ snsTopicArn: TOPIC, snsMessageTypes: ['scale-down'] }));
  const host = new Host({ t: { read: 100, write: 100 } }, { t: { reads: 10, writes: 50 } });
  const result = run(policy, host, { dryRun: true });
  expect(host.trace).toEqual(['describe: describe-table', 'read: metrics']);
  expect(result.updates[0]).toMatchObject({ sent: null, outcome: 'dry-run' });
  expect(result.notifications).toEqual([]);
  expect(result.states.t!.table.counters).toEqual({ reads: 1, writes: 0 });
});

describe('exact targets', () => {
  const conf = parseDdConfig(`[table: ^orders]
increase-reads-unit: percent
decrease-reads-unit: percent
increase-writes-unit: percent
decrease-writes-unit: percent
min-provisioned-reads: 5
`).policy!;

  test('a conf section is expanded into one exact rule per listed table', () => {
    const { policy, unmatched } = expandTableRules(conf, ['orders', 'customers', 'orders']);
    expect(policy.tables.map((r) => [r.tableName, r.tablePattern])).toEqual([['orders', undefined]]);
    expect(unmatched).toEqual(['customers']);
  });

  test('a managed orders never picks up the rules or the state of orders-archive', () => {
    const { policy } = expandTableRules(conf, ['orders']);
    const archiveState: TableState = { table: { counters: { reads: 7, writes: 7 } }, gsis: {} };
    const host = new Host({ 'orders': { read: 100, write: 100 }, 'orders-archive': { read: 100, write: 100 } },
      { 'orders': { reads: 50, writes: 50 }, 'orders-archive': { reads: 10, writes: 10 } });
    const result = runCheckSync({ nowMs: NOON, policy, tables: ['orders', 'orders-archive'], states: { 'orders-archive': archiveState } }, host.answer);
    expect(host.requestsOf('metrics').map((m) => m.table)).toEqual(['orders']);
    expect(result.tables[1]).toEqual({ table: 'orders-archive', status: 'skipped', reason: 'no rule of the policy manages this table' });
    expect(Object.keys(result.states)).toEqual(['orders']);
    expect(result.decisions.every((d) => d.table === 'orders')).toBe(true);
  });
});

describe('answers that were not asked for, or out of order, throw', () => {
  const policy = policyOf(target());
  const start = () => {
    const check = checkProtocol({ nowMs: NOON, policy, tables: ['t'], states: {} });
    const first = check.next();
    if (first.done) throw new Error('no step');
    return { check, request: first.value.requests[0] };
  };
  const ok = (id: number): CheckAnswer => ({ id, kind: 'describe-table', outcome: 'ok', snapshot: { read: 1, write: 1 } });

  test.each([
    ['no answers', () => undefined, 'expected the answers of 1 request(s), got none'],
    ['an answer to a request not asked', (id: number) => [ok(id), ok(99)], 'answer 99 (describe-table) was not asked in this step'],
    ['an answer of another kind', (id: number) => [{ id, kind: 'metrics', outcome: 'ok' } as CheckAnswer], 'answer 1 is a metrics answer; request 1 is describe-table'],
    ['the same request answered twice', (id: number) => [ok(id), ok(id)], 'request 1 (describe-table) was answered twice'],
    ['a request left unanswered', () => [], 'no answer to 1 (describe-table)'],
  ])('%s', (_name, answers, message) => {
    const { check, request } = start();
    expect(() => check.next(answers(request.id) as CheckAnswer[])).toThrow(new CheckProtocolError(message));
  });

  test('answering the describe step with the next step\'s answers', () => {
    const { check } = start();
    expect(() => check.next([{ id: 2, kind: 'metrics', outcome: 'ok' }])).toThrow(CheckProtocolError);
  });
});

test('runCheck drives the same protocol asynchronously', async () => {
  const host = new Host({ t: { read: 100, write: 100 } }, { t: { reads: 95, writes: 50 } });
  const result = await runCheck({ nowMs: NOON, policy: policyOf(target()), tables: ['t'], states: {} }, async (step) => host.answer(step));
  expect(result.updates.map((u) => u.sent)).toEqual([{ reads: 150, writes: 100 }]);
});

describe('only the metrics the rules read are requested', () => {
  test('throttle events only with a throttle rule or count-throttled-as-consumed', () => {
    const names = (p: Parameters<typeof metricsRead>[0]) => metricsRead(p).map((m) => m.metric).filter((m) => m.endsWith('ThrottleEvents'));
    expect(names(target())).toEqual([]);
    expect(names(target({ reads: { throttledUpperThreshold: 10 } }))).toEqual(['ReadThrottleEvents']);
    expect(names(target({ writes: { increaseThrottledByConsumedScale: [[1, 10]] } }))).toEqual(['WriteThrottleEvents']);
    expect(names(target({ countThrottledAsConsumed: true }))).toEqual(['ReadThrottleEvents', 'WriteThrottleEvents']);
  });

  test('a guarded target reads its guarded dimensions only: consumed, throttles (idle or throttled?) and provisioned', () => {
    const dim = { targetUtilizationPercent: 70, minCapacity: 5, maxCapacity: 500 };
    const names = (p: Parameters<typeof metricsRead>[0]) => metricsRead(p).map((m) => m.metric);
    expect(names(guardTargetPolicy({ reads: dim, checkIntervalSeconds: 300 })))
      .toEqual(['ConsumedReadCapacityUnits', 'ReadThrottleEvents', 'ProvisionedReadCapacityUnits']);
    expect(names(guardTargetPolicy({ reads: dim, writes: dim, checkIntervalSeconds: 300 }))).toEqual([
      'ConsumedReadCapacityUnits', 'ConsumedWriteCapacityUnits', 'ReadThrottleEvents', 'WriteThrottleEvents',
      'ProvisionedReadCapacityUnits', 'ProvisionedWriteCapacityUnits',
    ]);
  });

  test('property: decide makes the same decisions from the metrics requested as from all of them', () => {
    const pct = fc.double({ min: 0, max: 150, noNaN: true });
    fc.assert(fc.property(pct, pct, fc.nat(500), fc.nat(500), fc.boolean(), fc.nat(20), (r, w, rt, wt, counted, threshold) => {
      const t = target({ countThrottledAsConsumed: counted, reads: { throttledUpperThreshold: threshold } });
      const all: MetricSums = {
        ConsumedReadCapacityUnits: r * 300,
        ConsumedWriteCapacityUnits: w * 300,
        ReadThrottleEvents: rt,
        WriteThrottleEvents: wt,
        ProvisionedReadCapacityUnits: 100,
        ProvisionedWriteCapacityUnits: 100,
      };
      const read = new Set(metricsRead(t).map((m) => m.metric));
      const requested = Object.fromEntries(Object.entries(all).filter(([m]) => read.has(m as keyof MetricSums)));
      const at = (sums: MetricSums) => decide({
        nowMs: NOON,
        policy: policyOf(t),
        tables: { t: { read: 100, write: 100 } },
        metricSums: { t: sums },
        state: { counters: { tables: {}, gsis: {} } },
      });
      const a = at(all);
      const b = at(requested);
      expect(b.decisions).toEqual(a.decisions);
      expect(b.updates).toEqual(a.updates);
      // Without the Provisioned* metrics (provisionedIsCurrent: the window's capacity is the current one).
      const withoutProvisioned = new Set(metricsRead(t, false).map((m) => m.metric));
      const c = at(Object.fromEntries(Object.entries(all).filter(([m]) => withoutProvisioned.has(m as keyof MetricSums))));
      expect(c.decisions).toEqual(a.decisions);
      expect(c.updates).toEqual(a.updates);
    }));
  });
});

test.each(['constructor', '__proto__'])('a table named %s is checked like any other (the engine\'s maps have no prototype)', (name) => {
  const policy: EnginePolicy = { checkIntervalSeconds: 300, tables: [{ tableName: name, policy: target(), gsis: [{ indexPattern: 'to', policy: target() }] }] };
  const snapshots = Object.fromEntries([[name, { read: 100, write: 100, gsis: Object.fromEntries([['toString', { read: 100, write: 100 }]]) }]]);
  const loads = Object.fromEntries([[name, { reads: 95, writes: 50 }], [`${name}:toString`, { reads: 10, writes: 50 }]]);
  const before: TableState = { table: { counters: { reads: 0, writes: 0 } }, gsis: Object.fromEntries([['toString', { counters: { reads: 1, writes: 0 } }]]) };
  const states = Object.fromEntries([[name, before]]);
  const result = runCheckSync({ nowMs: NOON, policy, tables: [name], states }, new Host(snapshots, loads).answer);
  expect(result.updates.map((u) => [u.update.gsi, u.update.reads])).toEqual([[null, 150], ['toString', 50]]);
  expect(Object.keys(result.states)).toEqual([name]);
  expect(Object.keys(result.states[name]!.gsis)).toEqual([]);
});

describe('the claim before sending: of two overlapping checks, only one sends', () => {
  const policy = policyOf(target());
  const load = { t: { reads: 95, writes: 50 } };

  test('the claim carries the unit as it will be if the update succeeds', () => {
    const host = new Host({ t: { read: 100, write: 100 } }, { t: { reads: 10, writes: 50 } });
    const before: TableState = { table: { counters: { reads: 0, writes: 0 } }, gsis: {} };
    run(policyOf(target({ reads: { checksBeforeScaleDown: 1 } })), host, { states: { t: before } });
    const [claim] = host.requestsOf('claim-state');
    expect(claim).toEqual({ id: claim.id, kind: 'claim-state', table: 't', state: { table: {}, gsis: {} } });
  });

  test('conflict: another check wrote the state first; nothing is sent and the state is left to it', () => {
    const host = new Host({ t: { read: 100, write: 100 } }, load, undefined, [], ['conflict']);
    const result = run(policy, host, { states: { t: { table: { counters: { reads: 0, writes: 1 } }, gsis: {} } } });
    expect(host.trace.at(-1)).toBe('claim: claim-state');
    expect(host.requestsOf('update-capacity')).toEqual([]);
    expect(result.updates).toEqual([]);
    expect(result.states).toEqual({});
    expect(result.tables).toEqual([{ table: 't', status: 'skipped', reason: 'another check of this table wrote its state first: it sends the changes, this one sends nothing' }]);
    expect(result.faults).toEqual([{ table: 't', gsi: null, action: 'ClaimState', outcome: 'conflict' }]);
  });

  test('two checks of one table from the same state, claims answered by one versioned store: one UpdateTable', () => {
    // A store with a version per table, as the state table keeps it; a claim holds only on the version read.
    let version = 0;
    const sends: UpdateCapacityAction[] = [];
    const hostFor = (readVersion: number) => (step: CheckStep): CheckAnswer[] => step.requests.map((r) => {
      if (r.kind === 'claim-state') {
        if (version !== readVersion) return { id: r.id, kind: r.kind, outcome: 'conflict' };
        version++;
        return { id: r.id, kind: r.kind, outcome: 'ok' };
      }
      if (r.kind === 'update-capacity') sends.push(r);
      return new Host({ t: { read: 100, write: 100 } }, load).answer({ phase: step.phase, requests: [r] })[0];
    });
    const a = checkProtocol({ nowMs: NOON, policy, tables: ['t'], states: {} });
    const b = checkProtocol({ nowMs: NOON + 1000, policy, tables: ['t'], states: {} });
    const hostA = hostFor(0);
    const hostB = hostFor(0);
    // Interleaved: both read, then both claim, then both go on.
    let stepA = a.next();
    let stepB = b.next();
    while (!stepA.done || !stepB.done) {
      if (!stepA.done) stepA = a.next(hostA(stepA.value));
      if (!stepB.done) stepB = b.next(hostB(stepB.value));
    }
    expect(sends).toHaveLength(1);
    expect([stepA.value.tables[0].status, stepB.value.tables[0].status]).toEqual(['checked', 'skipped']);
  });
});

describe('the provisioned capacity (D8) is read only when it may differ from the current one', () => {
  const metricsFor = (snapshot: TableSnapshot) => {
    const host = new Host({ t: snapshot }, { t: { reads: 50, writes: 50 } });
    run(policyOf(target()), host);
    return host.requestsOf('metrics')[0].metrics.map((m) => m.metric);
  };
  const windowStart = NOON - 15 * MINUTE;
  const withProvisioned = ['ConsumedReadCapacityUnits', 'ConsumedWriteCapacityUnits', 'ProvisionedReadCapacityUnits', 'ProvisionedWriteCapacityUnits'];

  test.each([
    ['unchanged since well before the window', { capacitySinceMs: windowStart - PROVISIONED_SETTLED_MS - 1 }, withProvisioned.slice(0, 2)],
    ['changed less than PROVISIONED_SETTLED_MS before the window', { capacitySinceMs: windowStart - PROVISIONED_SETTLED_MS }, withProvisioned],
    ['since when: unknown', {}, withProvisioned],
    ['UPDATING', { capacitySinceMs: 0, status: 'UPDATING' }, withProvisioned],
  ])('%s', (_what, extra, expected) => {
    expect(metricsFor({ read: 100, write: 100, ...extra })).toEqual(expected);
  });
});

test('a table that is gone and had no state: nothing to keep or delete (no write every check)', () => {
  const result = run(policyOf(target()), new Host({ t: 'ResourceNotFound' }));
  expect(result.states).toEqual({});
});

test('LimitExceeded on an update with no decrease: nothing is retried (the same call would be refused again)', () => {
  const host = new Host({ t: { read: 100, write: 100 } }, { t: { reads: 95, writes: 95 } }, undefined, ['LimitExceeded']);
  const result = run(policyOf(target()), host);
  expect(host.requestsOf('update-capacity')).toHaveLength(1);
  expect(result.updates[0]).toMatchObject({ sent: null, outcome: 'LimitExceeded' });
});

test('a check of no tables asks nothing and decides nothing (an empty state table, an alarm of a table no longer managed)', () => {
  const steps: string[] = [];
  const result = runCheckSync({ nowMs: NOON, policy: policyOf(target()), tables: [], states: {} }, (step) => {
    steps.push(step.phase);
    expect(step.requests).toEqual([]);
    return [];
  });
  expect(result.tables).toEqual([]);
  expect(result.updates).toEqual([]);
  expect(result.states).toEqual({});
  expect(steps.length).toBeLessThanOrEqual(1);
});

describe('guarded targets (the hybrid path): scalable targets read, SuspendedState registered', () => {
  const NONE_SUSPENDED: SuspendedState = { dynamicScalingInSuspended: false, dynamicScalingOutSuspended: false, scheduledScalingSuspended: false };
  const IN_SUSPENDED: SuspendedState = { ...NONE_SUSPENDED, dynamicScalingInSuspended: true };
  const TARGET: ScalableTargetState = { minCapacity: 10, maxCapacity: 500, suspendedState: NONE_SUSPENDED };
  const DIM = { targetUtilizationPercent: 70, minCapacity: 5, maxCapacity: 500 };
  const GUARD = guardTargetPolicy({ reads: DIM, writes: DIM, checkIntervalSeconds: 300, consecutiveLowChecks: 2 });
  const READS_GUARD = guardTargetPolicy({ reads: DIM, checkIntervalSeconds: 300, consecutiveLowChecks: 2 });
  /** `t` guarded (and its GSIs' reads), `u` on dd's rules. */
  const policy: EnginePolicy = {
    checkIntervalSeconds: 300,
    tables: [
      { tableName: 't', policy: GUARD, gsis: [{ indexPattern: '^g', policy: READS_GUARD }] },
      { tableName: 'u', policy: target(), gsis: [] },
    ],
  };
  const TABLES = { t: { read: 100, write: 100 }, u: { read: 100, write: 100 } };
  /** `t` low (30 % < 50 %: 1 of 2 low checks, so scale-in is suspended); `u` busy (an increase). */
  const LOAD = { t: { reads: 30, writes: 30 }, u: { reads: 95, writes: 50 } };
  const BOTH = [{ gsi: null, dimension: 'reads' as const, state: TARGET }, { gsi: null, dimension: 'writes' as const, state: TARGET }];
  const change = (dimension: 'reads' | 'writes', suspendedState = IN_SUSPENDED) => ({ table: 't', gsi: null, dimension, suspendedState });
  const check = (host: Host, extra: Partial<CheckInput> = {}) => run(policy, host, { tables: ['t', 'u'], ...extra });

  test('read: one scalable-targets request per table with guarded dimensions, for those dimensions only', () => {
    const host = new Host({ ...TABLES, t: { read: 100, write: 100, gsis: { g1: { read: 50, write: 50 } } } },
      { ...LOAD, 't:g1': { reads: 30, writes: 30 } }, undefined, [], [], BOTH);
    check(host);
    expect(host.trace[1]).toBe('read: metrics metrics scalable-targets metrics');
    const [request] = host.requestsOf('scalable-targets');
    expect(request).toEqual({
      id: request.id,
      kind: 'scalable-targets',
      table: 't',
      targets: [{ gsi: null, dimension: 'reads' }, { gsi: null, dimension: 'writes' }, { gsi: 'g1', dimension: 'reads' }],
    });
  });

  test('read: a guard on a dimension whose autoscaling is disabled is not read; a table with no guard left asks none', () => {
    const readsOnly = policyOf({ ...GUARD, writes: { ...GUARD.writes, enableAutoscaling: false } });
    const host = new Host(TABLES, LOAD, undefined, [], [], BOTH);
    run(readsOnly, host);
    expect(host.requestsOf('scalable-targets').map((r) => r.targets)).toEqual([[{ gsi: null, dimension: 'reads' }]]);
    const none = policyOf({ ...GUARD, reads: { ...GUARD.reads, enableAutoscaling: false }, writes: { ...GUARD.writes, enableAutoscaling: false } });
    const idle = new Host(TABLES, LOAD, undefined, [], [], BOTH);
    run(none, idle);
    expect(idle.trace).toEqual(['describe: describe-table', 'read: metrics']);
  });

  test('read: a guarded window spans 15 minutes ending 2 minutes before the check, with the throttles of the guarded dimensions', () => {
    const host = new Host({ ...TABLES, t: { read: 100, write: 100, gsis: { g1: { read: 50, write: 50 } } } },
      { ...LOAD, 't:g1': { reads: 30, writes: 30 } }, undefined, [], [], BOTH);
    check(host);
    const [table, gsi] = host.requestsOf('metrics');
    expect([NOON - table.startMs, NOON - table.endMs]).toEqual([17 * MINUTE, 2 * MINUTE]);
    expect(table.metrics.map((m) => m.metric)).toEqual([
      'ConsumedReadCapacityUnits', 'ConsumedWriteCapacityUnits', 'ReadThrottleEvents', 'WriteThrottleEvents',
      'ProvisionedReadCapacityUnits', 'ProvisionedWriteCapacityUnits',
    ]);
    expect(gsi.metrics.map((m) => m.metric)).toContain('ReadThrottleEvents');
    expect(gsi.metrics.map((m) => m.metric)).not.toContain('WriteThrottleEvents');
  });

  test('send: the suspensions go with the update-capacity actions; only the table with updates is claimed', () => {
    const host = new Host(TABLES, LOAD, undefined, [], [], BOTH);
    const result = check(host);
    expect(host.trace).toEqual([
      'describe: describe-table describe-table', 'read: metrics scalable-targets metrics', 'claim: claim-state',
      'send: update-capacity suspend-scale-in suspend-scale-in',
    ]);
    expect(host.requestsOf('claim-state').map((c) => c.table)).toEqual(['u']);
    const suspends = host.requestsOf('suspend-scale-in');
    expect(suspends).toEqual([
      { id: suspends[0].id, kind: 'suspend-scale-in', ...change('reads') },
      { id: suspends[1].id, kind: 'suspend-scale-in', ...change('writes') },
    ]);
    expect(result.scaleIn).toEqual([{ change: change('reads'), outcome: 'ok' }, { change: change('writes'), outcome: 'ok' }]);
    expect(result.updates.map((u) => [u.update.table, u.outcome])).toEqual([['u', 'ok']]);
    expect(result.faults).toEqual([]);
    expect(result.states.t).toEqual({ table: { counters: { reads: 1, writes: 1 } }, gsis: {} });
  });

  test('a table with only suspensions to register makes no claim-state', () => {
    const host = new Host(TABLES, LOAD, undefined, [], [], BOTH);
    const result = run(policy, host, { tables: ['t'] });
    expect(host.trace).toEqual(['describe: describe-table', 'read: metrics scalable-targets', 'send: suspend-scale-in suspend-scale-in']);
    expect(result.scaleIn.map((r) => r.outcome)).toEqual(['ok', 'ok']);
    expect(result.tables).toEqual([{ table: 't', status: 'checked' }]);
  });

  test('a scalable target already as the guard wants it: nothing to send, no send step', () => {
    const suspended = BOTH.map((b) => ({ ...b, state: { ...TARGET, suspendedState: IN_SUSPENDED } }));
    const host = new Host(TABLES, LOAD, undefined, [], [], suspended);
    const result = run(policy, host, { tables: ['t'] });
    expect(host.trace).toEqual(['describe: describe-table', 'read: metrics scalable-targets']);
    expect(result.scaleIn).toEqual([]);
    expect(result.decisions.map((d) => d.scaleInSuspended)).toEqual([true, true]);
  });

  test('a failed RegisterScalableTarget is a fault with its outcome; the other registrations, the updates and the state go on', () => {
    const host = new Host(TABLES, LOAD, undefined, [], [], BOTH, ['AccessDenied']);
    const result = check(host);
    expect(result.scaleIn).toEqual([{ change: change('reads'), outcome: 'AccessDenied' }, { change: change('writes'), outcome: 'ok' }]);
    expect(result.faults).toEqual([
      { table: 't', gsi: null, action: 'RegisterScalableTarget', outcome: 'AccessDenied', message: 'AccessDenied for t reads' },
    ]);
    expect(result.updates.map((u) => [u.update.table, u.outcome])).toEqual([['u', 'ok']]);
    expect(result.tables).toEqual([{ table: 't', status: 'checked' }, { table: 'u', status: 'checked' }]);
    expect(result.states.t).toEqual({ table: { counters: { reads: 1, writes: 1 } }, gsis: {} });
  });

  test('a failed DescribeScalableTargets skips that table with a fault: nothing decided or sent for it, its state left alone', () => {
    const host = new Host(TABLES, LOAD, undefined, [], [], 'AccessDenied');
    const result = check(host, { states: { t: { table: { counters: { reads: 1, writes: 1 } }, gsis: {} } } });
    expect(host.trace).toEqual([
      'describe: describe-table describe-table', 'read: metrics scalable-targets metrics', 'claim: claim-state', 'send: update-capacity',
    ]);
    expect(result.tables).toEqual([
      { table: 't', status: 'skipped', reason: 'Application Auto Scaling could not be read: the scale-in guards cannot tell what to suspend' },
      { table: 'u', status: 'checked' },
    ]);
    expect(result.faults).toEqual([{ table: 't', gsi: null, action: 'DescribeScalableTargets', outcome: 'AccessDenied', message: 'AccessDenied for t' }]);
    expect(result.decisions.map((d) => d.table)).toEqual(['u', 'u']);
    expect(result.scaleIn).toEqual([]);
    expect(result.states).not.toHaveProperty('t');
  });

  test('dry run: nothing claimed or sent; each planned suspension reported as dry-run', () => {
    const host = new Host(TABLES, LOAD, undefined, [], [], BOTH);
    const result = check(host, { dryRun: true });
    expect(host.trace).toEqual(['describe: describe-table describe-table', 'read: metrics scalable-targets metrics']);
    expect(result.scaleIn).toEqual([{ change: change('reads'), outcome: 'dry-run' }, { change: change('writes'), outcome: 'dry-run' }]);
    expect(result.updates.map((u) => u.outcome)).toEqual(['dry-run']);
  });

  test('a guarded table whose claim is lost sends neither its update nor its suspensions: the check that won sends them', () => {
    const idle = guardTargetPolicy({ reads: DIM, writes: DIM, checkIntervalSeconds: 300, consecutiveLowChecks: 2, scaleInWhenIdle: true });
    const host = new Host(TABLES, { t: { reads: 0, writes: 30 } }, undefined, [], ['conflict'], BOTH);
    const before: TableState = { table: { counters: { reads: 1, writes: 0 } }, gsis: {} };
    const result = runCheckSync({ nowMs: NOON, policy: policyOf(idle), tables: ['t'], states: { t: before } }, host.answer);
    expect(host.trace).toEqual(['describe: describe-table', 'read: metrics scalable-targets', 'claim: claim-state']);
    expect(host.requestsOf('claim-state')[0].state.table.counters).toEqual({ reads: 2, writes: 1 });
    expect(result.scaleIn).toEqual([]);
    expect(result.faults.map((f) => [f.action, f.outcome])).toEqual([['ClaimState', 'conflict']]);
  });

  test('an idle guarded dimension is lowered by the same UpdateTable path (claimed, sent, settled)', () => {
    const idle = guardTargetPolicy({ reads: DIM, writes: DIM, checkIntervalSeconds: 300, scaleInWhenIdle: true });
    const host = new Host(TABLES, { t: { reads: 0, writes: 60 } }, undefined, [], [], BOTH);
    const result = runCheckSync({ nowMs: NOON, policy: policyOf(idle), tables: ['t'], states: {} }, host.answer);
    expect(host.trace).toEqual(['describe: describe-table', 'read: metrics scalable-targets', 'claim: claim-state', 'send: update-capacity']);
    expect(host.requestsOf('update-capacity')[0].throughput).toEqual({ reads: 10, writes: 100 });
    expect(result.updates.map((u) => [u.outcome, u.sent])).toEqual([['ok', { reads: 10, writes: 100 }]]);
  });
});
