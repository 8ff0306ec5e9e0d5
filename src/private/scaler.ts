import { ArnFormat, Aws, Duration, Names, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct, IConstruct } from 'constructs';
import { METRICS_NAMESPACE, METRICS_SERVICE_ENV, SCHEDULE_EVENT_SOURCE, STATE_TABLE_ENV } from '../constants';
import { acknowledgeNagFinding } from './nag';
import { scalerCodeDir } from './scaler-code';

const SCALER_ID = 'DynamicScalingScaler';

/** The scalable dimensions of DynamoDB tables and indexes, the only ones the guards may register. */
const DYNAMODB_SCALABLE_DIMENSIONS = [
  'dynamodb:table:ReadCapacityUnits', 'dynamodb:table:WriteCapacityUnits', 'dynamodb:index:ReadCapacityUnits', 'dynamodb:index:WriteCapacityUnits',
];

/**
 * Managed tables per managed policy of the scaler's role. A managed policy holds 6,144
 * characters; a table ARN is at most 47 + 255 characters, so 19 fit whatever the names.
 * Inline policies share 10,240 characters per role, which 100 tables would exceed.
 */
export const TABLES_PER_MANAGED_POLICY = 19;

/** IAM's default quota of managed policies attached to one role. */
export const MANAGED_POLICIES_PER_ROLE = 10;

/** CloudFormation resources the scaler adds per managed table: the policy item and the throttle alarm. */
export const LAMBDA_RESOURCES_PER_TABLE = 2;

/**
 * The stack's scaler: one function, its role, its state table, its schedules and its error
 * alarm, shared by every DynamicScaling of the stack on the Lambda path. Found with
 * `tryFindChild`, created on first use.
 */
export class Scaler extends Construct {
  /** The stack's scaler, created on first use. */
  public static of(scope: IConstruct): Scaler {
    const stack = Stack.of(scope);
    const existing = stack.node.tryFindChild(SCALER_ID);
    return existing instanceof Scaler ? existing : new Scaler(stack, SCALER_ID);
  }

  /** The stack's scaler, if one exists. */
  public static find(scope: IConstruct): Scaler | undefined {
    const existing = Stack.of(scope).node.tryFindChild(SCALER_ID);
    return existing instanceof Scaler ? existing : undefined;
  }

  public readonly function: lambda.Function;
  public readonly stateTable: dynamodb.Table;
  public readonly errorsAlarm: cloudwatch.Alarm;
  /** Every throttle alarm's name starts with it: the one Lambda permission for alarms covers them all. */
  public readonly alarmNamePrefix: string;
  /** The scaler's log group: its decisions, one JSON line each. */
  public readonly logGroup: logs.LogGroup;
  /** The `service` dimension of this scaler's metrics (unique to the stack's scaler). */
  public readonly metricsService: string;
  private readonly role: iam.Role;
  private readonly schedules = new Map<number, events.Rule>();
  private readonly tablePolicies: iam.ManagedPolicy[] = [];
  private readonly granted = new Set<string>();
  private tables = 0;

  private constructor(scope: Stack, id: string) {
    super(scope, id);
    this.metricsService = Names.uniqueResourceName(this, { maxLength: 80 });
    this.stateTable = new dynamodb.Table(this, 'State', {
      partitionKey: { name: 'tableName', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      // Only the scaler's own state: nothing of it outlives the stack that manages the tables.
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const logGroup = new logs.LogGroup(this, 'Logs', { retention: logs.RetentionDays.ONE_MONTH, removalPolicy: RemovalPolicy.DESTROY });
    this.logGroup = logGroup;
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'DynamicScaling scaler: reads metrics, updates the capacity of the managed tables, keeps its state',
    });
    this.role.addToPolicy(new iam.PolicyStatement({
      actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      resources: [logGroup.logGroupArn],
    }));
    this.role.addToPolicy(new iam.PolicyStatement({ actions: ['cloudwatch:GetMetricData'], resources: ['*'] }));
    this.role.addToPolicy(new iam.PolicyStatement({
      actions: ['dynamodb:BatchGetItem', 'dynamodb:Scan', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
      resources: [this.stateTable.tableArn],
    }));

    this.function = new lambda.Function(this, 'Function', {
      description: 'DynamicScaling scaler: checks the tables of this stack on the Lambda path',
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      code: lambda.Code.fromAsset(scalerCodeDir()),
      handler: 'index.handler',
      memorySize: 256,
      timeout: Duration.minutes(1),
      role: this.role,
      logGroup,
      environment: { [STATE_TABLE_ENV]: this.stateTable.tableName, [METRICS_SERVICE_ENV]: this.metricsService },
    });

    this.alarmNamePrefix = `${Names.uniqueResourceName(this, { maxLength: 80 })}-`;
    this.function.addPermission('InvokedByThrottleAlarms', {
      principal: new iam.ServicePrincipal('lambda.alarms.cloudwatch.amazonaws.com'),
      sourceAccount: Aws.ACCOUNT_ID,
      sourceArn: Stack.of(this).formatArn({
        service: 'cloudwatch', resource: 'alarm', resourceName: `${this.alarmNamePrefix}*`, arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      }),
    });

    this.errorsAlarm = new cloudwatch.Alarm(this, 'ErrorsAlarm', {
      alarmDescription: 'The DynamicScaling scaler failed, or a call of its checks did: tables may not be scaled (see its log group)',
      // A failed call (UpdateTable refused, metrics unreadable) is a fault the check reports, not an error of the function.
      metric: new cloudwatch.MathExpression({
        expression: 'FILL(errors, 0) + FILL(faults, 0)',
        usingMetrics: {
          errors: this.function.metricErrors({ period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM }),
          faults: new cloudwatch.Metric({
            namespace: METRICS_NAMESPACE,
            metricName: 'CheckFaults',
            dimensionsMap: { service: this.metricsService },
            period: Duration.minutes(5),
            statistic: cloudwatch.Stats.SUM,
          }),
        },
        label: 'errors and faults',
        period: Duration.minutes(5),
      }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });

    this.node.addValidation({
      validate: () => (this.tablePolicies.length <= MANAGED_POLICIES_PER_ROLE ? [] : [
        `DynamicScaling: the scaler of stack ${scope.stackName} needs ${this.tablePolicies.length} managed policies for its ${this.tables} tables `
        + `(${TABLES_PER_MANAGED_POLICY} each), over IAM's default quota of ${MANAGED_POLICIES_PER_ROLE} per role; split the tables across stacks`,
      ]),
    });
    acknowledgeNagFinding(this.role.node.findChild('DefaultPolicy'), 'AwsSolutions-IAM5', 'Resource::*',
      'cloudwatch:GetMetricData accepts only the resource "*" (Service Authorization Reference: no resource types)');
    acknowledgeNagFinding(this.function, 'AwsSolutions-L1', undefined,
      'The scaler bundle is built (esbuild target node22) and tested for Node.js 22, an LTS runtime Lambda supports; '
      + 'a runtime change is a tested release of this library');
  }

  /** An alarm name the one alarms permission covers: the prefix, then a name unique to `scope`. */
  public alarmName(scope: IConstruct, suffix = ''): string {
    return `${this.alarmNamePrefix}${Names.uniqueResourceName(scope, { maxLength: 120 - suffix.length })}${suffix}`;
  }

  /**
   * Makes `alarm` invoke the scaler when it goes into ALARM. Not LambdaAction: it adds a statement
   * to the function's resource policy per alarm (20 KB in all); the scaler grants CloudWatch alarms
   * once, for the alarm-name prefix.
   */
  public invokeOnAlarm(alarm: cloudwatch.Alarm): void {
    const functionArn = this.function.functionArn;
    alarm.addAlarmAction({ bind: () => ({ alarmActionArn: functionArn }) });
  }

  /** A table the scaler manages: DescribeTable and UpdateTable on it, checked every `checkIntervalSeconds`. */
  public manage(tableArn: string, checkIntervalSeconds: number): void {
    this.schedule(checkIntervalSeconds);
    if (this.tables % TABLES_PER_MANAGED_POLICY === 0) {
      this.tablePolicies.push(new iam.ManagedPolicy(this, `TablesPolicy${this.tablePolicies.length + 1}`, {
        description: 'DynamicScaling scaler: the tables it scales',
        roles: [this.role],
      }));
    }
    this.tablePolicies[this.tablePolicies.length - 1].addStatements(new iam.PolicyStatement({
      actions: ['dynamodb:DescribeTable', 'dynamodb:UpdateTable'],
      resources: [tableArn],
    }));
    this.tables++;
  }

  /** How many managed policies the role has; IAM refuses more than {@link MANAGED_POLICIES_PER_ROLE}. */
  public get managedPolicyCount(): number {
    return this.tablePolicies.length;
  }

  /**
   * DescribeScalableTargets and RegisterScalableTarget of DynamoDB dimensions, for the HYBRID
   * path's guards. IAM cannot narrow either to the stack's targets (the Service Authorization
   * Reference lists no resource type for them; a scalable target's ARN is a generated ID): the
   * grant is limited to the dynamodb namespace and its four dimensions, and the scaler registers
   * only the targets of tables this stack gives it a policy for, passing only `SuspendedState`.
   */
  public allowScaleInGuards(): void {
    if (this.granted.has('scale-in-guards')) return;
    this.grantOnce('scale-in-guards', () => new iam.PolicyStatement({
      actions: ['application-autoscaling:DescribeScalableTargets'],
      resources: ['*'],
    }));
    this.grantOnce('scale-in-guards:register', () => new iam.PolicyStatement({
      actions: ['application-autoscaling:RegisterScalableTarget'],
      resources: ['*'],
      conditions: {
        StringEquals: {
          'application-autoscaling:service-namespace': 'dynamodb',
          'application-autoscaling:scalable-dimension': DYNAMODB_SCALABLE_DIMENSIONS,
        },
      },
    }));
    acknowledgeNagFinding(this.role.node.findChild('DefaultPolicy'), 'AwsSolutions-IAM5', 'Resource::*',
      'application-autoscaling:DescribeScalableTargets and RegisterScalableTarget accept only the resource "*" (Service Authorization '
      + 'Reference: no resource types); RegisterScalableTarget is conditioned on the dynamodb namespace and its scalable dimensions');
  }

  /** sns:Publish on the topic. */
  public grantPublish(topicArn: string): void {
    this.grantOnce(`sns:${topicArn}`, () => new iam.PolicyStatement({ actions: ['sns:Publish'], resources: [topicArn] }));
  }

  /** secretsmanager:GetSecretValue on the secret (and decrypt with its key, if it has one). */
  public grantSecret(secret: secretsmanager.ISecret): void {
    // A secret known by name or partial ARN has a random 6-character suffix in its full ARN.
    const arn = secret.secretFullArn ?? `${secret.secretArn}-??????`;
    this.grantOnce(`secret:${arn}`, () => new iam.PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [arn] }));
    secret.encryptionKey?.grantDecrypt(this.role);
  }

  private schedule(seconds: number): void {
    if (this.schedules.has(seconds)) return;
    const minutes = seconds / 60;
    const rule = new events.Rule(this, `Every${minutes}Minute${minutes === 1 ? '' : 's'}`, {
      description: `DynamicScaling scaler: checks the tables whose policy checks every ${minutes} minute${minutes === 1 ? '' : 's'}`,
      schedule: events.Schedule.rate(Duration.minutes(minutes)),
    });
    rule.addTarget(new targets.LambdaFunction(this.function, {
      event: events.RuleTargetInput.fromObject({ source: SCHEDULE_EVENT_SOURCE, checkIntervalSeconds: seconds }),
      // No redelivery by EventBridge: the next scheduled check comes soon enough.
      retryAttempts: 0,
    }));
    this.schedules.set(seconds, rule);
  }

  private grantOnce(key: string, statement: () => iam.PolicyStatement): void {
    if (this.granted.has(key)) return;
    this.granted.add(key);
    this.role.addToPolicy(statement());
  }
}
