/**
 * The scaler runtime: the bundle (size, gzip size, cold `require` over a bare `node` start,
 * median of 10), one check of 100 tables with 5 GSIs each against dynalite and moto_server on
 * 127.0.0.1 (wall time, AWS calls by kind), and what the scaler itself costs in AWS charges per
 * managed table and month next to native target tracking's alarms.
 */
import { execFileSync } from 'child_process';
import { mkdtempSync, readFileSync, statSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { gzipSync } from 'zlib';
import { CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SNSClient } from '@aws-sdk/client-sns';
import { markdownTable, printTable } from './table';
import { MAX_QUERIES_PER_CALL } from '../lambda/aws/cloudwatch-metrics';
import { bundleScaler } from '../lambda/bundle';
import { runScalerCheck } from '../lambda/scaler';
import { DynamoDbStateStore, STATE_KEY } from '../lambda/state/dynamodb-state-store';
import { DEFAULT_DIMENSION_POLICY, DEFAULT_GUARD_CHECK_INTERVAL_SECONDS, DEFAULT_TARGET_POLICY, EnginePolicy, RECOMMENDED_POLICY } from '../src/engine';
import { DEFAULT_PRICES, Prices, pricesFromEnvironment } from '../src/sim/cost';
import {
  MONTH_SECONDS, SCALER_CHECK_SECONDS_PER_TABLE, SCALER_MEMORY_GB, SCALER_TABLES_PER_STACK, scalerRunningCost, targetTrackingRunningCostUsd,
} from '../src/sim/running-cost';
import { startDynalite, startMoto } from '../test/lambda/local-servers';

const MINUTE = 60_000;
const CREDENTIALS = { accessKeyId: 'bench', secretAccessKey: 'bench' };

/**
 * The prices of src/sim/cost.ts (`PRICE_TABLE`), each overridable by its `PRICE_*` environment
 * variable: the simulator charges running costs from the same table.
 */
export const SCALER_PRICES: Prices = { ...DEFAULT_PRICES, ...pricesFromEnvironment(process.env) };

interface CostRow {
  readonly what: string;
  readonly usd: number;
}

/**
 * What the scaler costs per managed table and month (src/sim/running-cost.ts, the simulator's
 * model): GetMetricData (metrics a check requests: consumed of both dimensions per target, plus
 * the provisioned pair while the capacity moved), its share of the Lambda's invocations (one
 * scaler serves the stack: `tablesPerStack` share one invocation) and duration, the state table
 * (a strongly consistent read per check, a write when the state changed) and the table's
 * throttle alarm.
 */
export function scalerCostPerTable(o: {
  intervalSeconds: number; gsis: number; metricsPerTarget: number; tablesPerStack: number; stateWritesPerCheck: number; throttleAlarm?: boolean;
}): CostRow[] {
  const checks = MONTH_SECONDS / o.intervalSeconds;
  const targets = 1 + o.gsis;
  const cost = scalerRunningCost({
    checks,
    metricsRequested: checks * targets * o.metricsPerTarget,
    stateWrites: checks * o.stateWritesPerCheck,
    targets,
    seconds: MONTH_SECONDS,
    tablesPerStack: o.tablesPerStack,
    ...(o.throttleAlarm === false ? { throttleAlarm: false } : {}),
  }, SCALER_PRICES);
  return [
    { what: 'GetMetricData', usd: cost.getMetricData },
    { what: 'Lambda', usd: cost.lambda },
    { what: 'state table', usd: cost.stateTable },
    { what: 'throttle alarm', usd: cost.throttleAlarm },
  ];
}

/** Native target tracking's own charge: 4 alarms per dimension, 2 dimensions per target. */
export function nativeCostPerTable(gsis: number): number {
  return targetTrackingRunningCostUsd((1 + gsis) * 2, MONTH_SECONDS, SCALER_PRICES);
}

function bundleRows(): string[][] {
  const dir = mkdtempSync(join(tmpdir(), 'scaler-bundle-'));
  const file = bundleScaler(dir);
  const bytes = statSync(file).size;
  const gzip = gzipSync(readFileSync(file)).length;
  const time = (args: string[]) => {
    const start = process.hrtime.bigint();
    execFileSync(process.execPath, args);
    return Number(process.hrtime.bigint() - start) / 1e6;
  };
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const bare: number[] = [];
  const loaded: number[] = [];
  for (let i = 0; i < 10; i++) {
    bare.push(time(['-e', '0']));
    loaded.push(time(['-e', `require(${JSON.stringify(file)})`]));
  }
  return [
    ['bundle (minified, SDK and Powertools inside)', `${(bytes / 1024).toFixed(0)} KB, ${(gzip / 1024).toFixed(0)} KB gzipped`, ''],
    ['cold require, median of 10, over a bare node start', `${(median(loaded) - median(bare)).toFixed(0)} ms`, ''],
  ];
}

async function localCheckRows(): Promise<string[][]> {
  const [dynalite, moto] = await Promise.all([startDynalite(), startMoto()]);
  try {
    const dynamodb = new DynamoDBClient({ region: 'us-east-1', endpoint: dynalite.endpoint, credentials: CREDENTIALS });
    const cloudwatch = new CloudWatchClient({ region: 'us-east-1', endpoint: moto.endpoint, credentials: CREDENTIALS, disableRequestCompression: true });
    const names = Array.from({ length: 100 }, (_, i) => `bench-${String(i).padStart(3, '0')}`);
    const gsis = Array.from({ length: 5 }, (_, i) => `gsi-${i}`);
    const throughput = { ReadCapacityUnits: 100, WriteCapacityUnits: 100 };
    await dynamodb.send(new CreateTableCommand({
      TableName: 'scaler-state',
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: STATE_KEY, AttributeType: 'S' }],
      KeySchema: [{ AttributeName: STATE_KEY, KeyType: 'HASH' }],
    }));
    for (const name of names) {
      await dynamodb.send(new CreateTableCommand({
        TableName: name,
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }, ...gsis.map((g) => ({ AttributeName: g, AttributeType: 'S' as const }))],
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        ProvisionedThroughput: throughput,
        GlobalSecondaryIndexes: gsis.map((g) => ({ IndexName: g, KeySchema: [{ AttributeName: g, KeyType: 'HASH' as const }], Projection: { ProjectionType: 'KEYS_ONLY' as const }, ProvisionedThroughput: throughput })),
      }));
    }
    const now = Math.floor(Date.now() / MINUTE) * MINUTE;
    const data = names.flatMap((t) => [undefined, ...gsis].flatMap((g) => Array.from({ length: 5 }, (_, m) => ({
      MetricName: 'ConsumedReadCapacityUnits',
      Dimensions: [{ Name: 'TableName', Value: t }, ...(g ? [{ Name: 'GlobalSecondaryIndexName', Value: g }] : [])],
      Timestamp: new Date(now - (15 - m) * MINUTE),
      Value: 50 * 60,
    }))));
    for (let i = 0; i < data.length; i += 500) await cloudwatch.send(new PutMetricDataCommand({ Namespace: 'AWS/DynamoDB', MetricData: data.slice(i, i + 500) }));
    const dim = { ...DEFAULT_DIMENSION_POLICY, min: 5, max: 1000 };
    const target = { ...DEFAULT_TARGET_POLICY, reads: dim, writes: dim };
    const policy: EnginePolicy = { checkIntervalSeconds: 60, tables: names.map((tableName) => ({ tableName, policy: target, gsis: [{ indexPattern: 'gsi', policy: target }] })) };
    const start = process.hrtime.bigint();
    const s = await runScalerCheck({
      dynamodb,
      cloudwatch,
      sns: new SNSClient({ region: 'us-east-1', endpoint: moto.endpoint, credentials: CREDENTIALS }),
      store: new DynamoDbStateStore(dynamodb, 'scaler-state'),
      log: { check: () => undefined },
      now: () => now,
    }, { policy, tables: names });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    const c = s.calls;
    return [
      ['one check, 100 tables x 5 GSIs (600 targets), dynalite + moto_server', `${(ms / 1000).toFixed(1)} s`, ''],
      ['  DescribeTable / UpdateTable calls', `${c.DescribeTable} / ${c.UpdateTable}`, ''],
      ['  GetMetricData calls for the metrics requested', `${c.GetMetricData} for ${c.MetricsRequested}`, `ceil(${c.MetricsRequested} / ${MAX_QUERIES_PER_CALL}) = ${Math.ceil(c.MetricsRequested / MAX_QUERIES_PER_CALL)}`],
      ['  tables checked, faults', `${s.tables.filter((t) => t.status === 'checked').length}, ${s.faults.length}`, ''],
    ];
  } finally {
    await Promise.all([dynalite.stop(), moto.stop()]);
  }
}

function costRows(): string[][] {
  const rows: string[][] = [];
  const recommended = RECOMMENDED_POLICY.checkIntervalSeconds;
  for (const [label, interval] of [[`every ${recommended} s (recommended)`, recommended], ['every 300 s (dd\'s default)', 300]] as const) {
    for (const gsis of [0, 2]) {
      for (const [state, metrics] of [['at rest', 2], ['capacity moving', 4]] as const) {
        const rows3 = scalerCostPerTable({ intervalSeconds: interval, gsis, metricsPerTarget: metrics, tablesPerStack: SCALER_TABLES_PER_STACK, stateWritesPerCheck: state === 'at rest' ? 0.1 : 1 });
        const total = rows3.reduce((a, r) => a + r.usd, 0);
        rows.push([
          `scaler ${label}, table + ${gsis} GSIs, ${state}`,
          `$${total.toFixed(2)} (${rows3.map((r) => `${r.what} $${r.usd.toFixed(2)}`).join(', ')})`,
          `native: $${nativeCostPerTable(gsis).toFixed(2)}`,
        ]);
      }
    }
  }
  // The hybrid path: target tracking's alarms, plus the guard's checks (consumed units and
  // throttle events of both dimensions of each target at rest), and no throttle alarm.
  for (const gsis of [0, 2]) {
    const guard = scalerCostPerTable({
      intervalSeconds: DEFAULT_GUARD_CHECK_INTERVAL_SECONDS,
      gsis,
      metricsPerTarget: 4,
      tablesPerStack: SCALER_TABLES_PER_STACK,
      stateWritesPerCheck: 0.1,
      throttleAlarm: false,
    }).filter((r) => r.what !== 'throttle alarm');
    const total = guard.reduce((a, r) => a + r.usd, 0) + nativeCostPerTable(gsis);
    rows.push([
      `hybrid: guards every ${DEFAULT_GUARD_CHECK_INTERVAL_SECONDS} s, table + ${gsis} GSIs, at rest`,
      `$${total.toFixed(2)} (target tracking $${nativeCostPerTable(gsis).toFixed(2)}, ${guard.map((r) => `${r.what} $${r.usd.toFixed(2)}`).join(', ')})`,
      `native: $${nativeCostPerTable(gsis).toFixed(2)}`,
    ]);
  }
  return rows;
}

/** The markdown section `npm run bench` writes into docs/benchmarks.md. */
export let markdown = '';

/** Prints the scaler's table of `npm run bench`. */
export async function run(): Promise<void> {
  console.log('scaler runtime');
  const rows: string[][] = [['measure', 'value', 'reference'], ...bundleRows()];
  try {
    rows.push(...await localCheckRows());
  } catch (e) {
    rows.push(['one check, 100 tables x 5 GSIs', `not measured: ${(e as Error).message.split('\n')[0]}`, '']);
  }
  rows.push(...costRows());
  printTable(rows);
  markdown = [
    '## The scaler runtime',
    '',
    'Measured by `bench/scaler.bench.ts`. The cost per managed table and month is the scaler\'s own AWS',
    'charges at list prices ([the price table](simulator.md#prices), each overridable: `PRICE_GET_METRIC_DATA`, `PRICE_ALARM_MONTH`,',
    '`PRICE_LAMBDA_REQUEST`, `PRICE_LAMBDA_GB_SECOND`, `PRICE_DDB_WRITE`, `PRICE_DDB_READ`), with a',
    `${SCALER_MEMORY_GB * 1024} MB arm64 scaler spending ${SCALER_CHECK_SECONDS_PER_TABLE * 1000} ms a table per check and serving ${SCALER_TABLES_PER_STACK} tables per stack`,
    '(src/sim/running-cost.ts, the model the simulator charges as each policy\'s running cost). GetMetricData bills every metric requested: a target reads',
    'its consumed reads and writes, and the provisioned pair only while its capacity moved in the last 15',
    'minutes ("at rest": 2 metrics a target; "capacity moving": 4). Native target tracking pays 4 alarms per',
    'dimension; the Lambda path pays its throttle alarm (read and write throttles of each target, billed per metric);',
    'the hybrid path pays target tracking\'s alarms and its guard checks (4 metrics a target at rest: consumed units and throttle events of both dimensions), no throttle alarm.',
    '',
    ...markdownTable(rows),
    '',
  ].join('\n');
}
