import { App, Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { ScalingPolicy } from '../../src';

/**
 * A fresh app and stack that synthesize offline without stack traces in metadata. CloudFormation's
 * own template rules are errors here, so a template CloudFormation would reject fails the test.
 */
export function newStack(): { app: App; stack: Stack } {
  const app = new App({
    context: { 'aws:cdk:disable-creation-stack-traces': true, '@aws-cdk/core:validateAgainstDefaultRules': true },
  });
  const stack = new Stack(app, 'Test', { env: { account: '111111111111', region: 'eu-west-1' } });
  return { app, stack };
}

/** A provisioned table named `Table`, with the given GSIs. */
export function provisionedTable(stack: Stack, gsis: string[] = [], id = 'Table'): dynamodb.Table {
  const table = new dynamodb.Table(stack, id, {
    partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
    billingMode: dynamodb.BillingMode.PROVISIONED,
  });
  for (const indexName of gsis) {
    table.addGlobalSecondaryIndex({ indexName, partitionKey: { name: `${indexName}Key`, type: dynamodb.AttributeType.STRING } });
  }
  return table;
}

/** A valid read+write policy. */
export function simplePolicy(): ScalingPolicy {
  return ScalingPolicy.targetTracking({
    read: { minCapacity: 5, maxCapacity: 100 },
    write: { minCapacity: 2, maxCapacity: 50 },
  });
}
