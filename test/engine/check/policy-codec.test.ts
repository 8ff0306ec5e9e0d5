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
