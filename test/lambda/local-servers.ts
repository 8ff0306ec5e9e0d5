/**
 * The local servers the end-to-end tests run against, on 127.0.0.1: dynalite (DynamoDB, in
 * process) and moto_server (CloudWatch, SNS, Application Auto Scaling; `python3 -m moto.server`).
 * Under CI a server that cannot start fails the tests; elsewhere they are skipped with the reason.
 */
import { ChildProcess, spawn, spawnSync } from 'child_process';
import { createServer, IncomingHttpHeaders, Server } from 'http';
import { AddressInfo } from 'net';
import { ApplicationAutoScalingClient } from '@aws-sdk/client-application-auto-scaling';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient, TableDescription } from '@aws-sdk/client-dynamodb';
import { SNSClient } from '@aws-sdk/client-sns';
import { STATE_KEY } from '../../lambda/state/dynamodb-state-store';

/** A started server: its endpoint and how to stop it. */
export interface LocalServer {
  /** `http://127.0.0.1:PORT`. */
  readonly endpoint: string;
  /** Stops it. */
  stop(): Promise<void>;
}

/** Starts dynalite in this process, with fast table state changes. */
export async function startDynalite(): Promise<LocalServer> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const dynalite = require('dynalite') as (options: object) => Server;
  const server = dynalite({ createTableMs: 5, updateTableMs: 5, deleteTableMs: 5 });
  await new Promise<void>((resolve, reject) => server.listen(0, '127.0.0.1', resolve).once('error', reject));
  return { endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, stop: () => close(server) };
}

/** Starts moto_server on a free port and waits until it answers (it takes about a second). */
export async function startMoto(): Promise<LocalServer> {
  const port = await freePort();
  const child: ChildProcess = spawn('python3', ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d) => { stderr += String(d); });
  const endpoint = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`moto_server exited with ${child.exitCode}: ${stderr.slice(-500)}`);
    try {
      const res = await fetch(`${endpoint}/moto-api/`);
      await res.body?.cancel();
      break;
    } catch {
      if (Date.now() > deadline) {
        child.kill();
        throw new Error(`moto_server did not answer on ${endpoint} within 30 s: ${stderr.slice(-500)}`);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  return {
    endpoint,
    stop: () => new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill();
    }),
  };
}

/** A local HTTP server answering every GET with the status `status()` gives, recording the requests' headers. */
export async function startStatusServer(status: () => number): Promise<LocalServer & { readonly requests: IncomingHttpHeaders[] }> {
  const requests: IncomingHttpHeaders[] = [];
  const server = createServer((req, res) => {
    requests.push(req.headers);
    res.writeHead(status()).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests, stop: () => close(server) };
}

/** A request a {@link startResponseServer} received. */
export interface ReceivedRequest {
  readonly method: string;
  /** The path and query. */
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/**
 * A local HTTP server standing in for a custom resource's ResponseURL (S3): records each request
 * and answers with the next of `statuses` (then 200).
 */
export async function startResponseServer(statuses: number[] = []): Promise<LocalServer & { readonly requests: ReceivedRequest[] }> {
  const requests: ReceivedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (d: Buffer) => chunks.push(d));
    req.on('end', () => {
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(statuses.shift() ?? 200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests, stop: () => close(server) };
}

/** Whether the end-to-end tests must run (CI), rather than be skipped when a server is missing. */
export const REQUIRED = process.env.CI === 'true';

/**
 * `describe` for a suite that needs moto_server: skipped when moto is not installed, unless
 * REQUIRED (then it fails). A function, so this module loads outside jest too (the benchmarks).
 */
export function motoSuite(name: string, fn: () => void): void {
  const installed = spawnSync('python3', ['-c', 'import moto.server'], { stdio: 'ignore' }).status === 0;
  (REQUIRED || installed ? describe : describe.skip)(name, fn);
}

/** The local servers' credentials and region (moto and dynalite accept any). */
export const TEST_CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' };
export const TEST_REGION = 'us-east-1';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await close(server);
  return port;
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

/** The SDK environment that points the scaler's clients at the local servers (dummy credentials). */
export function localAwsEnv(dynalite: LocalServer, moto?: LocalServer, region = 'us-east-1'): Record<string, string> {
  return {
    AWS_REGION: region,
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_ENDPOINT_URL_DYNAMODB: dynalite.endpoint,
    ...(moto ? {
      AWS_ENDPOINT_URL_CLOUDWATCH: moto.endpoint,
      AWS_ENDPOINT_URL_SNS: moto.endpoint,
      AWS_ENDPOINT_URL_APPLICATION_AUTO_SCALING: moto.endpoint,
    } : {}),
  };
}

/** A table's description once it and its indexes are ACTIVE again: like DynamoDB, dynalite shows new capacity only then. */
export async function activeTable(client: DynamoDBClient, table: string): Promise<TableDescription> {
  let t = (await client.send(new DescribeTableCommand({ TableName: table }))).Table!;
  for (let i = 0; i < 100 && (t.TableStatus !== 'ACTIVE' || (t.GlobalSecondaryIndexes ?? []).some((g) => g.IndexStatus !== 'ACTIVE')); i++) {
    await new Promise((r) => setTimeout(r, 20));
    t = (await client.send(new DescribeTableCommand({ TableName: table }))).Table!;
  }
  return t;
}

/** The scaler's state table as the stack creates it (on-demand, partition key `tableName`), in dynalite. */
/** dynalite and moto_server, an SDK client of each service the scaler uses pointed at them, and the state table. */
export interface LocalAws {
  readonly dynalite: LocalServer;
  readonly moto: LocalServer;
  readonly dynamodb: DynamoDBClient;
  readonly cloudwatch: CloudWatchClient;
  readonly sns: SNSClient;
  readonly autoscaling: ApplicationAutoScalingClient;
  /** Destroys the clients and stops both servers. */
  stop(): Promise<void>;
}

/** Starts dynalite and moto_server, and creates the scaler's state table (`scaler-state`) in dynalite. */
export async function startLocalAws(): Promise<LocalAws> {
  const [dynalite, moto] = await Promise.all([startDynalite(), startMoto()]);
  const config = { region: TEST_REGION, credentials: TEST_CREDENTIALS };
  const dynamodb = new DynamoDBClient({ ...config, endpoint: dynalite.endpoint });
  // moto_server fails to read the gzip bodies the SDK sends for large PutMetricData calls.
  const cloudwatch = new CloudWatchClient({ ...config, endpoint: moto.endpoint, disableRequestCompression: true });
  const sns = new SNSClient({ ...config, endpoint: moto.endpoint });
  const autoscaling = new ApplicationAutoScalingClient({ ...config, endpoint: moto.endpoint });
  await createStateTable(dynamodb);
  return {
    dynalite,
    moto,
    dynamodb,
    cloudwatch,
    sns,
    autoscaling,
    stop: async () => {
      for (const c of [dynamodb, cloudwatch, sns, autoscaling]) c.destroy();
      await Promise.all([dynalite.stop(), moto.stop()]);
    },
  };
}

export async function createStateTable(client: DynamoDBClient, name = 'scaler-state'): Promise<void> {
  await client.send(new CreateTableCommand({
    TableName: name,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [{ AttributeName: STATE_KEY, AttributeType: 'S' }],
    KeySchema: [{ AttributeName: STATE_KEY, KeyType: 'HASH' }],
  }));
}
