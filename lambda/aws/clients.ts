/**
 * The scaler's AWS SDK clients, configured once for the Lambda and for `dynamic-scaling run`.
 * Credentials, region and endpoints come from the SDK's standard chain and environment. Retries
 * are the SDK's standard strategy (exponential backoff with jitter), bounded with short timeouts
 * so that a check of many tables fits the Lambda's timeout: no retry loop is written here.
 */
import { ApplicationAutoScalingClient } from '@aws-sdk/client-application-auto-scaling';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SNSClient } from '@aws-sdk/client-sns';

/** Attempts per call, the first included. */
export const MAX_ATTEMPTS = 3;
/** Milliseconds to open a connection, and to get a response, per attempt. */
export const CONNECTION_TIMEOUT_MS = 3_000;
export const REQUEST_TIMEOUT_MS = 10_000;

/** The clients a check uses. */
export interface ScalerClients {
  /** DescribeTable, UpdateTable, ListTables and the state table. */
  readonly dynamodb: DynamoDBClient;
  /** GetMetricData. */
  readonly cloudwatch: CloudWatchClient;
  /** Publish. */
  readonly sns: SNSClient;
  /** GetSecretValue of circuit-breaker credentials. */
  readonly secrets: SecretsManagerClient;
  /** DescribeScalableTargets and RegisterScalableTarget of guarded dimensions (hybrid path). */
  readonly autoscaling: ApplicationAutoScalingClient;
}

/** The clients, in `region` or the SDK's default one. */
export function scalerClients(region?: string): ScalerClients {
  const config = {
    ...(region !== undefined ? { region } : {}),
    retryMode: 'standard',
    maxAttempts: MAX_ATTEMPTS,
    requestHandler: { connectionTimeout: CONNECTION_TIMEOUT_MS, requestTimeout: REQUEST_TIMEOUT_MS },
  };
  return {
    dynamodb: new DynamoDBClient(config),
    cloudwatch: new CloudWatchClient(config),
    sns: new SNSClient(config),
    secrets: new SecretsManagerClient(config),
    autoscaling: new ApplicationAutoScalingClient(config),
  };
}
