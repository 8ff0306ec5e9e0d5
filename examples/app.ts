/**
 * The example CDK app: what `npm run demo` synthesizes and what the cdk-nag test checks.
 * Offline: no AWS account, no credentials, no lookups.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { App, AppProps, Duration, RemovalPolicy, Stack, StackProps, TimeZone } from 'aws-cdk-lib';
import { AdjustmentType, Schedule } from 'aws-cdk-lib/aws-applicationautoscaling';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { DynamicScaling, ScalingPolicy } from '../src';

/** A provisioned table with two GSIs, scaled natively; one GSI has its own policy. */
export class OrdersStack extends Stack {
  public readonly scaling: DynamicScaling;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    const table = provisionedTable(this, 'Orders', { sortKey: 'sk', gsis: { ByCustomer: 'customerId', ByStatus: 'status' } });

    this.scaling = new DynamicScaling(this, 'OrdersScaling', {
      table,
      policy: ScalingPolicy.targetTracking({
        read: {
          minCapacity: 5,
          maxCapacity: 500,
          targetUtilizationPercent: 70,
          // Business hours in Berlin: keep a warm floor, drop it at night.
          schedules: [
            {
              name: 'business-hours',
              schedule: Schedule.cron({ hour: '7', minute: '0', weekDay: 'MON-FRI' }),
              minCapacity: 50,
              timeZone: TimeZone.EUROPE_BERLIN,
            },
            { name: 'night', schedule: Schedule.cron({ hour: '20', minute: '0' }), minCapacity: 5, timeZone: TimeZone.EUROPE_BERLIN },
          ],
        },
        write: { minCapacity: 5, maxCapacity: 200, targetUtilizationPercent: 60, scaleInCooldown: Duration.minutes(5) },
      }),
      indexPolicies: [{
        indexName: 'ByStatus',
        policy: ScalingPolicy.targetTracking({
          read: { minCapacity: 1, maxCapacity: 50, targetUtilizationPercent: 50 },
          write: { minCapacity: 1, maxCapacity: 50, targetUtilizationPercent: 50, disableScaleIn: true },
        }),
      }],
    });
  }
}

/** A table created elsewhere, imported by name; its one GSI is named explicitly. */
export class LegacyStack extends Stack {
  public readonly scaling: DynamicScaling;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    const table = dynamodb.Table.fromTableAttributes(this, 'Legacy', {
      tableName: 'legacy-sessions',
      globalIndexes: ['ByUser'],
    });
    this.scaling = new DynamicScaling(this, 'LegacyScaling', {
      table,
      indexNames: ['ByUser'],
      policy: ScalingPolicy.targetTracking({
        read: { minCapacity: 10, maxCapacity: 1000, targetUtilizationPercent: 75 },
        write: { minCapacity: 10, maxCapacity: 400, targetUtilizationPercent: 75 },
      }),
    });
  }
}

/**
 * Three tables on the Lambda path: one migrated from Dynamic DynamoDB with its dynamic-dynamodb.conf
 * as is, one on the recommended custom policy, one with step scaling (which AWS does not run for
 * DynamoDB); and one on the hybrid path: native target tracking whose scale-in the scaler guards.
 * One scaler function serves them all.
 */
export class CustomStack extends Stack {
  public readonly sessions: DynamicScaling;
  public readonly events: DynamicScaling;
  public readonly jobs: DynamicScaling;
  public readonly carts: DynamicScaling;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    const sessions = provisionedTable(this, 'Sessions', { tableName: 'sessions', gsis: { ByUser: 'userId' } });
    this.sessions = new DynamicScaling(this, 'SessionsScaling', {
      table: sessions,
      policy: ScalingPolicy.fromDynamicDynamoDbConfig(readFileSync(join(__dirname, 'dynamic-dynamodb.conf'), 'utf-8'), { tableName: 'sessions' }),
    });

    this.events = new DynamicScaling(this, 'EventsScaling', {
      table: provisionedTable(this, 'Events'),
      policy: ScalingPolicy.recommended({ read: { minCapacity: 5, maxCapacity: 2000 }, write: { minCapacity: 5, maxCapacity: 1000 } }),
      dashboard: true,
    });

    this.jobs = new DynamicScaling(this, 'JobsScaling', {
      table: provisionedTable(this, 'Jobs'),
      policy: ScalingPolicy.step({
        read: {
          minCapacity: 5,
          maxCapacity: 1000,
          adjustmentType: AdjustmentType.PERCENT_CHANGE_IN_CAPACITY,
          scalingSteps: [{ upper: 25, change: -30 }, { lower: 75, change: 40 }, { lower: 95, change: 100 }],
          evaluationPeriods: 3,
          datapointsToAlarm: 2,
        },
      }),
    });

    this.carts = new DynamicScaling(this, 'CartsScaling', {
      table: provisionedTable(this, 'Carts', { gsis: { ByUser: 'userId' } }),
      policy: ScalingPolicy.targetTracking({
        read: { minCapacity: 5, maxCapacity: 1000, targetUtilizationPercent: 70 },
        write: { minCapacity: 5, maxCapacity: 500, targetUtilizationPercent: 70 },
        // Scale in only at night, after 30 minutes of low checks; a cart table idle at night drops to 5.
        scaleInGuards: {
          consecutiveLowChecks: 6,
          maintenanceWindows: [{ start: '22:00', end: '06:00' }],
          scaleInWhenIdle: true,
        },
      }),
    });
  }
}

/** A provisioned table (5 units each way, retained, with point-in-time recovery) and its GSIs, by name and partition key. */
function provisionedTable(
  scope: Construct, id: string, o: { tableName?: string; sortKey?: string; gsis?: Record<string, string> } = {},
): dynamodb.Table {
  const table = new dynamodb.Table(scope, id, {
    tableName: o.tableName,
    partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
    ...(o.sortKey ? { sortKey: { name: o.sortKey, type: dynamodb.AttributeType.STRING } } : {}),
    billingMode: dynamodb.BillingMode.PROVISIONED,
    readCapacity: 5,
    writeCapacity: 5,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    removalPolicy: RemovalPolicy.RETAIN,
  });
  for (const [indexName, key] of Object.entries(o.gsis ?? {})) {
    table.addGlobalSecondaryIndex({ indexName, partitionKey: { name: key, type: dynamodb.AttributeType.STRING }, readCapacity: 5, writeCapacity: 5 });
  }
  return table;
}

/** Builds the example app; `outdir` defaults to `cdk.out`. */
export function buildApp(props: AppProps = {}): App {
  const app = new App({
    ...props,
    context: { 'aws:cdk:disable-creation-stack-traces': true, ...props.context },
  });
  // A fixed dummy environment: synthesizes offline and keeps ARNs readable.
  const env = { account: '111111111111', region: 'eu-central-1' };
  new OrdersStack(app, 'DynamicScalingOrders', { env });
  new LegacyStack(app, 'DynamicScalingLegacy', { env });
  new CustomStack(app, 'DynamicScalingCustom', { env });
  return app;
}

if (require.main === module) {
  buildApp().synth();
}
