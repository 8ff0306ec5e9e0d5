import {
  circuitBreakerPoll, configuredCircuitBreakers, describeOutcome, isCircuitOpen, resolveCircuitBreaker,
} from '../../../src/engine/core/circuit-breaker';
import { check, countersOf, policyOf, target } from '../builders';

test.each([
  [{ status: 200 }, false], [{ status: 204 }, false], [{ status: 299 }, false],
  [{ status: 199 }, true], [{ status: 301 }, true], [{ status: 500 }, true],
  [{ error: 'timeout' }, true], [{}, true], [undefined, true],
])('outcome %j is open: %s', (outcome, open) => {
  expect(isCircuitOpen(outcome)).toBe(open);
  expect(describeOutcome(outcome)).toMatch(/HTTP|error|no /);
});

test('credentials in the URL become basic auth (R8.2)', () => {
  expect(circuitBreakerPoll({ url: 'http://user:pw@cb.example/up', timeoutMs: 500 }))
    .toEqual({ url: 'http://cb.example/up', configuredUrl: 'http://user:pw@cb.example/up', timeoutMs: 500, username: 'user', password: 'pw' });
  expect(circuitBreakerPoll({ url: 'https://cb.example/up', timeoutMs: 10000 }))
    .toEqual({ url: 'https://cb.example/up', configuredUrl: 'https://cb.example/up', timeoutMs: 10000 });
});

test('resolution order: GSI, table (D13), global; every URL configured once', () => {
  const g = { url: 'https://g', timeoutMs: 1 };
  const t = { url: 'https://t', timeoutMs: 2 };
  const glob = { url: 'https://global', timeoutMs: 3 };
  const policy = policyOf(target({ circuitBreaker: t }), [['^a', target({ circuitBreaker: g })], ['^b', target({ circuitBreaker: t })]], { circuitBreaker: glob });
  expect(resolveCircuitBreaker(policy, target({ circuitBreaker: t }), target({ circuitBreaker: g }))).toBe(g);
  expect(resolveCircuitBreaker(policy, target({ circuitBreaker: t }), target())).toBe(t);
  expect(resolveCircuitBreaker(policy, target(), target())).toBe(glob);
  expect(resolveCircuitBreaker(policyOf(target()), target())).toBeUndefined();
  expect(configuredCircuitBreakers(policy)).toEqual([glob, t, g]);
});

describe('in decide', () => {
  const url = 'https://user:secret@status.example/ok';
  const policy = policyOf(target(), [], { circuitBreaker: { url, timeoutMs: 1000 } });
  const state = { counters: { tables: { t: { reads: 2, writes: 1 } }, gsis: {} } };

  test('an open breaker is checked first (R1.5), even for an on-demand table, and resets both counters', () => {
    const out = check({ policy, table: { read: 0, write: 0 }, state, circuitBreakers: { [url]: { status: 500 } } });
    expect(countersOf(out)).toEqual({ reads: 0, writes: 0 });
  });

  test('reasons never show the credentials of the URL', () => {
    const out = check({ policy, state, circuitBreakers: {} });
    expect(out.decisions[0].reasons).toEqual([
      'circuit breaker https://status.example/ok is open (no outcome reported): no scaling, no alarms, counters reset',
    ]);
    expect(JSON.stringify(out)).not.toContain('secret');
  });
});
