/**
 * The response to a CloudFormation custom resource event: an HTTPS PUT of a JSON document to the
 * event's ResponseURL (a presigned S3 URL), as AWS's cfn-response module sends it.
 *
 * Written by hand: cfn-response is available only to functions whose code is inline in the
 * template (ZipFile), no maintained AWS SDK v3 package sends this response, and the CDK's
 * provider framework would add a second function per stack. It takes a few lines of node:https.
 */
import { request as httpRequest } from 'http';
import { request as httpsRequest } from 'https';

/** What CloudFormation reads from the response. */
export interface CfnResponseBody {
  /** `SUCCESS` or `FAILED` (the stack operation fails and rolls back). */
  readonly Status: 'SUCCESS' | 'FAILED';
  /** Why, shown in the stack's events; cut to fit {@link MAX_RESPONSE_BYTES}. */
  readonly Reason: string;
  /** The resource's physical id; a different id on Update replaces the resource. */
  readonly PhysicalResourceId: string;
  /** From the event. */
  readonly StackId: string;
  /** From the event. */
  readonly RequestId: string;
  /** From the event. */
  readonly LogicalResourceId: string;
  /** Whether `Data` is masked in the console. */
  readonly NoEcho: boolean;
  /** Attributes for `Fn::GetAtt`. */
  readonly Data: Readonly<Record<string, string>>;
}

/** CloudFormation refuses a response body larger than this, in bytes. */
export const MAX_RESPONSE_BYTES = 4096;
/** Appended to a Reason cut short. */
const CUT = ' [...]';

/** How {@link sendCfnResponse} sends. */
export interface SendOptions {
  /** Attempts, the first included. @default 3 */
  readonly attempts?: number;
  /** Milliseconds before the second attempt, doubled for each next one. @default 1000 */
  readonly retryDelayMs?: number;
  /** Milliseconds without an answer before an attempt fails. @default 10000 */
  readonly timeoutMs?: number;
}

/** The body as sent: JSON, its Reason cut (on a character boundary) so that it fits. */
export function responseJson(body: CfnResponseBody): string {
  const json = JSON.stringify(body);
  if (Buffer.byteLength(json) <= MAX_RESPONSE_BYTES) return json;
  const chars = [...body.Reason];
  const cut = (n: number) => JSON.stringify({ ...body, Reason: chars.slice(0, n).join('') + CUT });
  // The longest prefix that fits: escaping makes the size of a prefix not a simple sum.
  let lo = 0;
  let hi = chars.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (Buffer.byteLength(cut(mid)) <= MAX_RESPONSE_BYTES) lo = mid;
    else hi = mid - 1;
  }
  return cut(lo);
}

/**
 * PUTs the response to `responseUrl`, with an empty content type (the URL is signed for it).
 * Network errors, timeouts and 5xx answers are tried again; another answer than 2xx is an error.
 * Plain HTTP is allowed only to the loopback address (tests).
 *
 * @throws Error when the response is not delivered: CloudFormation then waits for it until the
 *   resource times out, so the caller lets the invocation fail (Lambda retries it).
 */
export async function sendCfnResponse(responseUrl: string, body: CfnResponseBody, options: SendOptions = {}): Promise<void> {
  const url = new URL(responseUrl);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname))) {
    throw new Error(`ResponseURL must be https, got ${url.protocol}//${url.host}`);
  }
  const json = responseJson(body);
  const attempts = options.attempts ?? 3;
  let delay = options.retryDelayMs ?? 1000;
  for (let attempt = 1; ; attempt++) {
    let status: number | undefined;
    let failure: string;
    try {
      status = await put(url, json, options.timeoutMs ?? 10_000);
      failure = `HTTP ${status}`;
    } catch (e) {
      failure = (e as Error).message;
    }
    if (status !== undefined && status >= 200 && status < 300) return;
    // A 4xx (an expired or altered URL) stays what it is: only the network and 5xx are tried again.
    if (status !== undefined && status < 500) throw new Error(`CloudFormation's ResponseURL refused the response: ${failure}`);
    if (attempt >= attempts) throw new Error(`the response to CloudFormation was not delivered after ${attempt} attempts: ${failure}`);
    await new Promise((resolve) => setTimeout(resolve, delay));
    delay *= 2;
  }
}

/** One PUT; resolves with the answer's status code. */
function put(url: URL, json: string, timeoutMs: number): Promise<number> {
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(url, {
      method: 'PUT',
      headers: { 'content-type': '', 'content-length': Buffer.byteLength(json) },
      timeout: timeoutMs,
    }, (res) => {
      res.resume();
      res.once('end', () => resolve(res.statusCode ?? 0));
      res.once('error', reject);
    });
    req.once('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.once('error', reject);
    req.end(json);
  });
}
