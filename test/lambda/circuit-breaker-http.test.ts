/** The circuit breaker's HTTP poll against a local server: 2xx closed, anything else open, with the reason. */
import { createServer } from 'http';
import { AddressInfo } from 'net';
import { startStatusServer } from './local-servers';
import { pollCircuitBreaker } from '../../lambda/circuit-breaker-http';
import { CircuitBreakerRequest } from '../../src/engine';

const request = (url: string, extra: Partial<CircuitBreakerRequest> = {}): CircuitBreakerRequest =>
  ({ id: 1, kind: 'circuit-breaker', url, timeoutMs: 2000, table: 'orders', gsi: null, ...extra });

test.each([200, 204, 299, 301, 404, 503])('HTTP %i is the outcome, with the table\'s name in x-table-name', async (status) => {
  const server = await startStatusServer(() => status);
  try {
    const answer = await pollCircuitBreaker(request(`${server.endpoint}/up`));
    expect(answer).toEqual({ id: 1, kind: 'circuit-breaker', result: { status } });
    expect(server.requests[0]['x-table-name']).toBe('orders');
    expect(server.requests[0]['x-gsi-name']).toBeUndefined();
  } finally {
    await server.stop();
  }
});

test('basic auth from the URL\'s credentials, and x-gsi-name for a GSI\'s own breaker', async () => {
  const server = await startStatusServer(() => 200);
  try {
    await pollCircuitBreaker(request(`${server.endpoint}/up`, { username: 'ops', password: 's3cret', gsi: 'by-date' }));
    expect(server.requests[0].authorization).toBe(`Basic ${Buffer.from('ops:s3cret').toString('base64')}`);
    expect(server.requests[0]['x-gsi-name']).toBe('by-date');
  } finally {
    await server.stop();
  }
});

test('a server that does not answer in time: open, "timeout"', async () => {
  const server = createServer(() => { /* never answers */ });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const answer = await pollCircuitBreaker(request(`http://127.0.0.1:${(server.address() as AddressInfo).port}/up`, { timeoutMs: 200 }));
    expect(answer.result).toEqual({ error: 'timeout' });
  } finally {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
});

test('nothing listening: open, with the connection error', async () => {
  const server = await startStatusServer(() => 200);
  const url = `${server.endpoint}/up`;
  await server.stop();
  expect((await pollCircuitBreaker(request(url))).result).toEqual({ error: 'ECONNREFUSED' });
});
