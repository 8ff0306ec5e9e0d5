/**
 * The answer to a custom resource event: the PUT as cfn-response sends it, to a local server
 * standing in for the presigned S3 URL; retries; the 4 KB limit.
 */
import { createServer } from 'http';
import { AddressInfo } from 'net';
import { startResponseServer } from './local-servers';
import { CfnResponseBody, MAX_RESPONSE_BYTES, responseJson, sendCfnResponse } from '../../lambda/aws/cfn-response';

const body: CfnResponseBody = {
  Status: 'SUCCESS',
  Reason: 'written',
  PhysicalResourceId: 'orders',
  StackId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/app/0a1b',
  RequestId: 'req-1',
  LogicalResourceId: 'OrdersPolicy',
  NoEcho: false,
  Data: {},
};
const fast = { retryDelayMs: 1 };

test('a PUT of the JSON body to the URL as given (its signed query kept), with an empty content type and its length', async () => {
  const server = await startResponseServer();
  try {
    await sendCfnResponse(`${server.endpoint}/bucket/key?X-Amz-Signature=abc%2F&X-Amz-Expires=7200`, body);
    expect(server.requests).toHaveLength(1);
    const [r] = server.requests;
    expect(r.method).toBe('PUT');
    expect(r.url).toBe('/bucket/key?X-Amz-Signature=abc%2F&X-Amz-Expires=7200');
    expect(r.headers['content-type']).toBe('');
    expect(r.headers['content-length']).toBe(String(Buffer.byteLength(r.body)));
    expect(JSON.parse(r.body)).toEqual(body);
  } finally {
    await server.stop();
  }
});

test('5xx answers are tried again, with the same body', async () => {
  const server = await startResponseServer([500, 503]);
  try {
    await sendCfnResponse(`${server.endpoint}/r`, body, fast);
    expect(server.requests.map((r) => r.body)).toEqual(Array(3).fill(JSON.stringify(body)));
  } finally {
    await server.stop();
  }
});

test('still 5xx after the last attempt: an error saying so', async () => {
  const server = await startResponseServer([500, 500, 500]);
  try {
    await expect(sendCfnResponse(`${server.endpoint}/r`, body, fast)).rejects.toThrow('the response to CloudFormation was not delivered after 3 attempts: HTTP 500');
  } finally {
    await server.stop();
  }
});

test('a 4xx (an expired URL) is not tried again', async () => {
  const server = await startResponseServer([403]);
  try {
    await expect(sendCfnResponse(`${server.endpoint}/r`, body, fast)).rejects.toThrow('CloudFormation\'s ResponseURL refused the response: HTTP 403');
    expect(server.requests).toHaveLength(1);
  } finally {
    await server.stop();
  }
});

test('a server that does not answer: each attempt times out, then an error', async () => {
  const silent = createServer(() => undefined);
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  try {
    const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/r`;
    await expect(sendCfnResponse(url, body, { ...fast, attempts: 2, timeoutMs: 50 })).rejects.toThrow('not delivered after 2 attempts: no answer within 50 ms');
  } finally {
    silent.closeAllConnections();
    await new Promise((resolve) => silent.close(resolve));
  }
});

test('plain http only to the loopback address', async () => {
  await expect(sendCfnResponse('http://bucket.s3.amazonaws.com/r', body)).rejects.toThrow('ResponseURL must be https, got http://bucket.s3.amazonaws.com');
});

test('a long Reason is cut, on a character boundary, so the body fits CloudFormation\'s 4096 bytes', () => {
  const reason = 'é€😀"\n'.repeat(2000);
  const json = responseJson({ ...body, Status: 'FAILED', Reason: reason });
  expect(Buffer.byteLength(json)).toBeLessThanOrEqual(MAX_RESPONSE_BYTES);
  expect(Buffer.byteLength(json)).toBeGreaterThan(MAX_RESPONSE_BYTES - 16);
  const sent = JSON.parse(json);
  expect(sent.Reason.endsWith(' [...]')).toBe(true);
  expect(reason.startsWith(sent.Reason.slice(0, -' [...]'.length))).toBe(true);
  expect({ ...sent, Reason: '' }).toEqual({ ...body, Status: 'FAILED', Reason: '' });
  expect(responseJson(body)).toBe(JSON.stringify(body));
});
