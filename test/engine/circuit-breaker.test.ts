import { policyOf, target } from './builders';
import {
  circuitBreakerPoll, configuredCircuitBreakers, describeOutcome, isCircuitOpen, resolveCircuitBreaker,
} from '../../src/engine/circuit-breaker';

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
