import { CfnResource, IResolvable, Stack, Token } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';

/** What the construct can learn about a table at synth time. */
export interface TableInfo {
  /** The table's CfnTable when the table is defined in this app, undefined when imported. */
  readonly cfn?: dynamodb.CfnTable;
  /** `PROVISIONED`, `PAY_PER_REQUEST`, or undefined when unknown (imported table or token). */
  readonly billingMode?: string;
  /** The global secondary indexes defined so far, or undefined when unknown (imported table). */
  readonly indexNames?: string[];
  /** True when the table is a TableV2 (AWS::DynamoDB::GlobalTable). */
  readonly isGlobalTable: boolean;
}

/** Reads what the table's L1 says; an imported table has no L1 and tells us nothing. */
export function inspectTable(table: dynamodb.ITable): TableInfo {
  const child = table.node.defaultChild;
  if (!child || !CfnResource.isCfnResource(child)) return { isGlobalTable: false };
  if (child.cfnResourceType === 'AWS::DynamoDB::GlobalTable') return { isGlobalTable: true };
  if (child.cfnResourceType !== dynamodb.CfnTable.CFN_RESOURCE_TYPE_NAME) return { isGlobalTable: false };

  const cfn = child as dynamodb.CfnTable;
  // aws-dynamodb's Table leaves BillingMode unset for PROVISIONED (the CloudFormation default).
  const mode = cfn.billingMode === undefined ? 'PROVISIONED'
    : Token.isUnresolved(cfn.billingMode) ? undefined : cfn.billingMode;
  return { cfn, billingMode: mode, indexNames: currentIndexNames(cfn), isGlobalTable: false };
}

/** The GSI names of a CfnTable now (Table keeps them in a lazy list), undefined if not knowable. */
export function currentIndexNames(cfn: dynamodb.CfnTable): string[] | undefined {
  const resolved = Stack.of(cfn).resolve(cfn.globalSecondaryIndexes as IResolvable | undefined) as unknown;
  if (resolved === undefined) return [];
  if (!Array.isArray(resolved)) return undefined;
  const names: string[] = [];
  for (const gsi of resolved as Array<{ indexName?: unknown }>) {
    if (typeof gsi?.indexName !== 'string') return undefined;
    names.push(gsi.indexName);
  }
  return names;
}

/**
 * The construct id under which aws-dynamodb's Table records `autoScale*Capacity()` for a
 * dimension (`ReadScaling`, `WriteScaling`, `<index>ReadScaling`, `<index>WriteScaling`).
 */
export function builtInScalingId(indexName: string | undefined, read: boolean): string {
  return `${indexName ?? ''}${read ? 'Read' : 'Write'}Scaling`;
}
