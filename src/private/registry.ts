import { CfnResource, Stack } from 'aws-cdk-lib';
import { Construct, IConstruct } from 'constructs';

/** CloudFormation's limit of resources per stack. */
export const CLOUDFORMATION_RESOURCE_LIMIT = 500;

/** The context key with which aws-cdk-lib lets an app change the stack resource limit. */
const RESOURCE_LIMIT_CONTEXT = '@aws-cdk/core:stackResourceLimit';

const REGISTRY_ID = 'DynamicScalingRegistry';

/**
 * One per stack, found with `tryFindChild` (no module-level state): records which table
 * dimensions a DynamicScaling claims, and checks the stack's resource count at validation.
 */
export class DynamicScalingRegistry extends Construct {
  /** The registry of `scope`'s stack, created on first use. */
  public static of(scope: IConstruct): DynamicScalingRegistry {
    const stack = Stack.of(scope);
    const existing = stack.node.tryFindChild(REGISTRY_ID);
    return existing instanceof DynamicScalingRegistry ? existing : new DynamicScalingRegistry(stack, REGISTRY_ID);
  }

  private readonly claims = new Map<string, IConstruct>();
  private readonly owners = new Set<IConstruct>();
  private resourcesAdded = 0;

  private constructor(scope: Stack, id: string) {
    super(scope, id);
    this.node.addValidation({ validate: () => this.checkResourceLimit() });
  }

  /**
   * Records that `owner` scales `key` (a table dimension). Returns the construct that claimed
   * it first when that is not `owner`, so the caller can report the clash. DynamicScaling claims
   * at synth (in its validation), when table names are final.
   */
  public claim(key: string, owner: IConstruct): IConstruct | undefined {
    const first = this.claims.get(key);
    if (first && first !== owner) return first;
    this.claims.set(key, owner);
    return undefined;
  }

  /** Records that `owner` adds `count` CloudFormation resources to this stack. */
  public addResources(owner: IConstruct, count: number): void {
    this.owners.add(owner);
    this.resourcesAdded += count;
  }

  private checkResourceLimit(): string[] {
    const stack = Stack.of(this);
    const limit = resourceLimit(stack.node.tryGetContext(RESOURCE_LIMIT_CONTEXT));
    // 0 turns the check off, as it does in aws-cdk-lib (and so does a value parseInt cannot read).
    if (!(limit > 0) || this.owners.size === 0) return [];
    const total = countResources(stack);
    if (total <= limit) return [];
    return [
      `DynamicScaling: stack '${stack.stackName}' has ${total} CloudFormation resources, over the limit of ${limit} per stack; `
      + `${this.resourcesAdded} of them come from ${this.owners.size} DynamicScaling construct${this.owners.size === 1 ? '' : 's'} `
      + '(the native path adds 2 per scaled dimension: a ScalableTarget and a ScalingPolicy; '
      + 'the Lambda path 2 per table: its policy item and its throttle alarm, plus the stack\'s one scaler). '
      + `Split the tables across stacks so that each stays at or under ${limit} resources, or scale fewer dimensions.`,
    ];
  }
}

/**
 * The stack resource limit from the context value, read as aws-cdk-lib's `Stack` reads it
 * (`parseInt(value, 10)`): context from `cdk.json` or `-c` arrives as a string.
 */
export function resourceLimit(contextValue: unknown): number {
  return contextValue === undefined ? CLOUDFORMATION_RESOURCE_LIMIT : parseInt(String(contextValue), 10);
}

/** CloudFormation resources that will be in `stack`'s own template (not in nested stacks). */
export function countResources(stack: Stack): number {
  return stack.node.findAll().filter((c) => CfnResource.isCfnResource(c) && Stack.of(c) === stack).length;
}
