import { CfnResource } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/** The metadata key of `Validations.of(scope).acknowledge()` (aws-cdk-lib >= 2.262), which cdk-nag 3 reads. */
const ACKNOWLEDGED_RULES = 'aws:cdk:acknowledged-rules';

/**
 * Acknowledges a cdk-nag finding on `resource`, with the reason, for cdk-nag 3 (acknowledged
 * rules metadata) and cdk-nag 2 (the `cdk_nag` CloudFormation metadata), without depending on
 * cdk-nag or on an aws-cdk-lib newer than the peer range.
 *
 * @param rule the pack's rule, e.g. `AwsSolutions-IAM5`
 * @param finding the finding's detail, e.g. `Resource::*`, for rules that report one
 */
export function acknowledgeNagFinding(resource: IConstruct, rule: string, finding: string | undefined, reason: string): void {
  resource.node.addMetadata(ACKNOWLEDGED_RULES, { [finding === undefined ? rule : `${rule}[${finding}]`]: reason });
  const cfn = CfnResource.isCfnResource(resource) ? resource : resource.node.defaultChild;
  if (cfn && CfnResource.isCfnResource(cfn)) {
    const existing = (cfn.getMetadata('cdk_nag') as { rules_to_suppress?: unknown[] } | undefined)?.rules_to_suppress ?? [];
    cfn.addMetadata('cdk_nag', { rules_to_suppress: [...existing, { id: rule, reason, ...(finding === undefined ? {} : { applies_to: [finding] }) }] });
  }
}
