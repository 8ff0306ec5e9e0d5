/**
 * The circuit breaker's poll (dd's §8 with D13): an HTTP(S) GET with the configured timeout, the
 * `x-table-name` (and `x-gsi-name`) headers and basic auth; any 2xx is closed, anything else
 * (another status, a timeout, DNS, TLS or connection error) is open. The password never reaches a
 * log: the outcome carries the status or the error's kind only.
 */
import { BasicAuth } from './aws/secrets';
import { CircuitBreakerAnswer, CircuitBreakerRequest } from '../src/engine';

/**
 * Polls one breaker. Redirects are followed, as dd's `requests` follows them.
 *
 * @param credentials basic auth from the breaker's secret; else the URL's own, if any
 */
export async function pollCircuitBreaker(request: CircuitBreakerRequest, credentials?: BasicAuth): Promise<CircuitBreakerAnswer> {
  const headers: Record<string, string> = { 'x-table-name': request.table };
  if (request.gsi !== null) headers['x-gsi-name'] = request.gsi;
  const auth = credentials ?? (request.username !== undefined ? { username: request.username, password: request.password ?? '' } : undefined);
  if (auth) headers.authorization = `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`;
  try {
    const response = await fetch(request.url, { method: 'GET', headers, signal: AbortSignal.timeout(request.timeoutMs), redirect: 'follow' });
    // The body is not read: release the connection.
    await response.body?.cancel();
    return { id: request.id, kind: request.kind, result: { status: response.status } };
  } catch (e) {
    return { id: request.id, kind: request.kind, result: { error: pollError(e) } };
  }
}

/** A short reason: `timeout after 2500 ms`, or the network error's code (`ECONNREFUSED`, `ENOTFOUND`, a TLS error). */
function pollError(e: unknown): string {
  const err = e as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (err.name === 'TimeoutError' || err.name === 'AbortError') return 'timeout';
  return err.cause?.code ?? err.cause?.message ?? err.message ?? String(e);
}
