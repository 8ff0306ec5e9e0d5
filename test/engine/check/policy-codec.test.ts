/** The policy JSON codec, and validation naming what a JSON policy's author wrote (JSON paths). */
import { JsonDecodeError } from '../../../src/engine/check/json-reader';
import { policyFromJson, policyToJson } from '../../../src/engine/check/policy-codec';
import { PRESETS } from '../../../src/engine/core/presets';
import { checkPolicy } from '../../../src/engine/core/validate';

test.each(Object.keys(PRESETS))('the %s preset round-trips through its JSON', (name) => {
  expect(policyFromJson(policyToJson(PRESETS[name]))).toEqual(PRESETS[name]);
  expect(policyFromJson(policyToJson(PRESETS[name], true))).toEqual(PRESETS[name]);
});

test('a table rule names its table exactly or by a pattern', () => {
  const policy = policyFromJson({ tables: [{ tableName: 'orders' }, { tablePattern: '^logs-' }] });
  expect(policy.tables.map((r) => [r.tableName, r.tablePattern])).toEqual([['orders', undefined], [undefined, '^logs-']]);
  expect(checkPolicy(policy).errors).toEqual([]);
  expect(checkPolicy({ ...policy, tables: [{ ...policy.tables[0], tablePattern: '^o' }] }).errors.map((e) => e.message)).toEqual([
    'tables[0].tablePattern: a table rule names its table exactly (tableName) or by a pattern (tablePattern), exactly one of the two',
  ]);
});

test.each([
  [{ tables: [] }, 'the policy must be an object with a non-empty "tables" list'],
  [{ tables: [{}] }, 'tables[0]: needs a "tableName" (one table) or a "tablePattern" (a regex) string'],
  [{ tables: [{ tableName: 't', gsis: {} }] }, 'tables[0].gsis must be a list'],
  [{ tables: [{ tableName: 't', policy: { reads: { mni: 1 } } }] }, /^tables\[0\]\.policy\.reads\.mni is not a known reads option \(accepted: upperThreshold, /],
  [{ tables: [{ tableName: 't', policy: { circuitBreaker: { url: 'https://x', secret: 's' } } }] },
    'tables[0].policy.circuitBreaker.secret is not a known circuit breaker field (accepted: url, timeoutMs, credentialsSecret)'],
])('%j is rejected: %s', (json, message) => {
  expect(() => policyFromJson(json)).toThrow(JsonDecodeError);
  expect(() => policyFromJson(json)).toThrow(message);
});

describe('a circuit breaker\'s credentials secret', () => {
  const withBreaker = (circuitBreaker: object) => policyFromJson({ tables: [{ tableName: 't' }], circuitBreaker: { timeoutMs: 1000, ...circuitBreaker } });

  test('a secret name or ARN is accepted', () => {
    expect(checkPolicy(withBreaker({ url: 'https://status.example/ok', credentialsSecret: 'prod/status' })).errors).toEqual([]);
  });

  test.each([
    [{ url: 'https://status.example/ok', credentialsSecret: '' },
      'circuitBreaker.credentialsSecret ( ) must be the name or ARN of a Secrets Manager secret holding {"username": ..., "password": ...}'],
    [{ url: 'https://ops:pw@status.example/ok', credentialsSecret: 'prod/status' },
      'circuitBreaker.credentialsSecret and credentials in circuitBreaker.url: give the credentials one way, the secret (no password in the URL)'],
  ])('%j is an error', (breaker, message) => {
    expect(checkPolicy(withBreaker(breaker)).errors.map((e) => e.message)).toEqual([message.replace('( )', "('')")]);
  });
});

test('an empty tableName is named as tableName, with the value', () => {
  expect(checkPolicy(policyFromJson({ tables: [{ tableName: '' }] })).errors.map((e) => e.message)).toEqual([
    "tables[0].tableName ('') must be a non-empty table name",
  ]);
});

test('compact JSON leaves out every default and keeps what differs, in the table rule and its GSI rules', () => {
  const policy = policyFromJson({
    tables: [{ tableName: 'orders', policy: { reads: { min: 5 }, writes: { enableAutoscaling: false } }, gsis: [{ indexPattern: '^a$' }] }],
    checkIntervalSeconds: 60,
  });
  const compact = policyToJson(policy, true);
  expect(compact).toEqual({
    tables: [{ tableName: 'orders', policy: { reads: { min: 5 }, writes: { enableAutoscaling: false } }, gsis: [{ indexPattern: '^a$', policy: {} }] }],
    checkIntervalSeconds: 60,
  });
  expect(policyFromJson(compact)).toEqual(policy);
});

describe('scale-in guards (the hybrid path) in a JSON policy', () => {
  /** A policy for table `t` whose reads are `reads` and writes unscaled, unless `writes` says. */
  const guardJson = (reads: object, writes: object = { enableAutoscaling: false }) => ({ tables: [{ tableName: 't', policy: { reads, writes } }] });
  const errorsOf = (json: object) => checkPolicy(policyFromJson(json)).errors.map((e) => e.message);

  test('an omitted guard option takes its default: no consecutive checks, no idle lowering', () => {
    const policy = policyFromJson(guardJson({ scaleInGuard: { targetUtilizationPercent: 70 } }));
    expect(policy.tables[0].policy.reads.scaleInGuard).toEqual({ targetUtilizationPercent: 70, consecutiveLowChecks: 0, scaleInWhenIdle: false });
    expect(checkPolicy(policy).errors).toEqual([]);
  });

  test('a guard round-trips through its JSON, compact or not', () => {
    const scaleInGuard = { targetUtilizationPercent: 60, consecutiveLowChecks: 3, scaleInWhenIdle: true };
    const policy = policyFromJson(guardJson({ min: 5, scaleInGuard }));
    expect(policyFromJson(policyToJson(policy))).toEqual(policy);
    expect(policyFromJson(policyToJson(policy, true))).toEqual(policy);
  });

  test.each([
    [guardJson({ scaleInGuard: { targetUtilization: 70 } }),
      'tables[0].policy.reads.scaleInGuard.targetUtilization is not a known scale-in guard option '
      + '(accepted: targetUtilizationPercent, consecutiveLowChecks, scaleInWhenIdle)'],
    [{ tables: [{ tableName: 't', gsis: [{ indexPattern: '^g$', policy: { writes: { scaleInGuard: { targetUtilizationPercent: 70, idle: true } } } }] }] },
      'tables[0].gsis[0].policy.writes.scaleInGuard.idle is not a known scale-in guard option '
      + '(accepted: targetUtilizationPercent, consecutiveLowChecks, scaleInWhenIdle)'],
    [guardJson({ scaleInGuard: true }), 'tables[0].policy.reads.scaleInGuard must be an object, got true'],
    [guardJson({ scaleInGuard: [70] }), 'tables[0].policy.reads.scaleInGuard must be an object, got [70]'],
  ])('%j is rejected: %s', (json, message) => {
    expect(() => policyFromJson(json)).toThrow(new JsonDecodeError(message));
  });

  const G = 'tables[0].policy.reads.scaleInGuard';
  test.each<[string, object, string[]]>([
    ['a target utilization above 90', { targetUtilizationPercent: 95 }, [`${G}.targetUtilizationPercent (95) must be a number from 20 to 90`]],
    ['a target utilization below 20', { targetUtilizationPercent: 19.5 }, [`${G}.targetUtilizationPercent (19.5) must be a number from 20 to 90`]],
    ['a target utilization as text', { targetUtilizationPercent: '70' }, [`${G}.targetUtilizationPercent (70) must be a number from 20 to 90`]],
    ['no target utilization', {}, [`${G}.targetUtilizationPercent (undefined) must be a number from 20 to 90`]],
    ['negative consecutive checks', { targetUtilizationPercent: 70, consecutiveLowChecks: -1 }, [`${G}.consecutiveLowChecks (-1) must be an integer >= 0`]],
    ['fractional consecutive checks', { targetUtilizationPercent: 70, consecutiveLowChecks: 1.5 }, [`${G}.consecutiveLowChecks (1.5) must be an integer >= 0`]],
    ['scaleInWhenIdle as text', { targetUtilizationPercent: 70, scaleInWhenIdle: 'yes' }, [`${G}.scaleInWhenIdle (yes) must be true or false`]],
    ['every problem at once', { targetUtilizationPercent: 10, consecutiveLowChecks: null, scaleInWhenIdle: 1 }, [
      `${G}.targetUtilizationPercent (10) must be a number from 20 to 90`,
      `${G}.consecutiveLowChecks (null) must be an integer >= 0`,
      `${G}.scaleInWhenIdle (1) must be true or false`,
    ]],
  ])('%s', (_what, scaleInGuard, messages) => {
    expect(errorsOf(guardJson({ scaleInGuard }))).toEqual(messages);
  });

  test.each([20, 90, 55.5])('a target utilization of %s is valid', (targetUtilizationPercent) => {
    expect(errorsOf(guardJson({ scaleInGuard: { targetUtilizationPercent } }))).toEqual([]);
  });

  test('a guard and a step policy on one dimension are an error', () => {
    const step = { steps: [{ upper: 30, change: -1 }, { lower: 30, change: 1 }] };
    expect(errorsOf(guardJson({ scaleInGuard: { targetUtilizationPercent: 70 }, step }))).toEqual([
      `${G} and tables[0].policy.reads.step cannot both be set: a guarded dimension is scaled by native target tracking, a step dimension by the scaler`,
    ]);
  });

  test('a guarded target\'s other dimension is guarded too or not scaled by the scaler (its rules would never run)', () => {
    const guard = { scaleInGuard: { targetUtilizationPercent: 70 } };
    expect(errorsOf(guardJson(guard, guard))).toEqual([]);
    expect(errorsOf(guardJson(guard, { enableAutoscaling: false }))).toEqual([]);
    expect(errorsOf(guardJson(guard, { min: 5 }))).toEqual([
      'tables[0].policy.writes.enableAutoscaling (true) with tables[0].policy.reads.scaleInGuard: a target with a scale-in guard is scaled by '
      + 'native target tracking, so the scaler would run no rule for writes; give writes a scaleInGuard too, or set '
      + 'tables[0].policy.writes.enableAutoscaling to false',
    ]);
    expect(errorsOf(guardJson({ enableAutoscaling: true }, guard))).toEqual([
      'tables[0].policy.reads.enableAutoscaling (true) with tables[0].policy.writes.scaleInGuard: a target with a scale-in guard is scaled by '
      + 'native target tracking, so the scaler would run no rule for reads; give reads a scaleInGuard too, or set '
      + 'tables[0].policy.reads.enableAutoscaling to false',
    ]);
  });
});
