import { Annotations, CustomResource, Duration, Stack, Token } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { POLICY_RESOURCE_DRY_RUN, POLICY_RESOURCE_POLICY, POLICY_RESOURCE_TABLE_NAME, POLICY_RESOURCE_TYPE } from './constants';
import { DEFAULT_TARGET_POLICY, DEFAULT_TARGET_UTILIZATION, EnginePolicy, GsiRule, policyToJson, TargetPolicy, validateTargetTracking } from './engine';
import { describeDimension, describeGuards, LambdaPolicy, lambdaFeatures, LambdaTarget, UNSCALED_DIMENSION } from './private/lambda-policy';
import {
  NATIVE_RESOURCES_PER_DIMENSION, defaultScheduleName, dynamoDbScalingRole, knownNumber,
  resourceIdOf, scalableDimensionOf, targetTrackingSettings, wireNative,
} from './private/native';
import { DynamicScalingRegistry } from './private/registry';
import { LAMBDA_RESOURCES_PER_TABLE, Scaler } from './private/scaler';
import { ScalingDashboard } from './private/scaling-dashboard';
import { selectPath } from './private/select-path';
import { StepAlarms } from './private/step-alarms';
import { TableInfo, builtInScalingId, currentIndexNames, inspectTable } from './private/table-info';
import { ThrottleAlarm } from './private/throttle-alarm';
import { CapacityScalingOptions, ScalingDimension, ScalingPath, ScalingPolicy } from './scaling-policy';

/**
 * A policy for one global secondary index, replacing the table's policy for that index.
 */
export interface IndexScalingOptions {
  /**
   * The name of the global secondary index.
   */
  readonly indexName: string;

  /**
   * The policy of this index.
   */
  readonly policy: ScalingPolicy;
}

/**
 * Properties of a DynamicScaling.
 */
export interface DynamicScalingProps {
  /**
   * The provisioned table to scale: a `Table` of this app, or an imported table
   * (`Table.fromTableName`, `Table.fromTableArn`, `Table.fromTableAttributes`).
   */
  readonly table: dynamodb.ITable;

  /**
   * The policy of the table, followed by every scaled global secondary index that has no
   * entry in `indexPolicies`.
   */
  readonly policy: ScalingPolicy;

  /**
   * The global secondary indexes to scale.
   *
   * For a `Table`, every name must be one of its indexes; for an imported table, the names are
   * taken as given (the construct cannot see its indexes), once checked against DynamoDB's naming
   * rule. An empty list scales the table only.
   *
   * @default - for a `Table`, every global secondary index it has when the DynamicScaling is
   * created; for an imported table, none
   */
  readonly indexNames?: string[];

  /**
   * Policies for individual global secondary indexes, overriding `policy` for them.
   *
   * @default - every index follows `policy`
   */
  readonly indexPolicies?: IndexScalingOptions[];

  /**
   * Force a scaling path instead of letting the construct choose.
   *
   * Forcing `NATIVE` with a policy that needs features Application Auto Scaling lacks is a
   * synth-time error naming those features.
   *
   * @default - chosen per dimension: NATIVE when the native service can honour the policy
   */
  readonly path?: ScalingPath;

  /**
   * Create a CloudWatch dashboard of the table and its scaled indexes: consumed against
   * provisioned capacity, throttle events, and (on the LAMBDA path) the scaler's capacity changes
   * and the decisions it held back, by rule.
   *
   * @default false
   */
  readonly dashboard?: boolean;
}

/**
 * What DynamicScaling chose for one dimension of the table or of one index, and why.
 */
export interface ScalingDecision {
  /**
   * The global secondary index.
   *
   * @default - the decision is about the table itself
   */
  readonly indexName?: string;

  /**
   * Reads or writes.
   */
  readonly dimension: ScalingDimension;

  /**
   * The path that scales this dimension.
   *
   * @default - the dimension is not scaled (the policy gives no settings for it)
   */
  readonly path?: ScalingPath;

  /**
   * Why, in plain words, one sentence per entry.
   */
  readonly reasons: string[];

  /**
   * The Application Auto Scaling resource id, `table/<name>` or `table/<name>/index/<index>`.
   */
  readonly resourceId: string;

  /**
   * The Application Auto Scaling scalable dimension, e.g. `dynamodb:index:ReadCapacityUnits`.
   */
  readonly scalableDimension: string;

  /**
   * The minimum capacity.
   *
   * @default - the dimension is not scaled
   */
  readonly minCapacity?: number;

  /**
   * The maximum capacity.
   *
   * @default - the dimension is not scaled
   */
  readonly maxCapacity?: number;

  /**
   * The target utilization, in percent.
   *
   * @default - the dimension is not scaled
   */
  readonly targetUtilizationPercent?: number;

  /**
   * The scalable target registered for this dimension.
   *
   * @default - Conditional: only on the NATIVE path
   */
  readonly scalableTarget?: appscaling.ScalableTarget;

  /**
   * The TargetTrackingScaling policy attached to the scalable target.
   *
   * @default - Conditional: only on the NATIVE path
   */
  readonly scalingPolicy?: appscaling.TargetTrackingScalingPolicy;
}

const DIMENSIONS = [ScalingDimension.READ, ScalingDimension.WRITE];

/** One policy applied to the table or one index. */
interface Plan {
  readonly indexName?: string;
  readonly policy: ScalingPolicy;
  /** The property that holds the policy, for messages. */
  readonly property: string;
  /** Where the policy comes from, for decisions. */
  readonly source: string;
}

/** DynamoDB's naming rule for tables and indexes. */
const INDEX_NAME = /^[a-zA-Z0-9_.-]{3,255}$/;

/**
 * Scales the read and write capacity of a provisioned DynamoDB table and its global secondary
 * indexes with the given policy, through the cheapest path that can honour it.
 *
 * The native path registers each dimension with Application Auto Scaling directly (so imported
 * tables work) and attaches a target tracking policy on the predefined DynamoDB utilization
 * metric.
 */
export class DynamicScaling extends Construct {
  /**
   * The table being scaled.
   */
  public readonly table: dynamodb.ITable;

  /**
   * The global secondary indexes being scaled.
   */
  public readonly indexNames: string[];

  /**
   * One decision per dimension of the table and of each scaled index, in that order.
   */
  public readonly decisions: ScalingDecision[];

  /**
   * The scalable targets created (NATIVE path).
   */
  public readonly scalableTargets: appscaling.ScalableTarget[];

  /**
   * The stack's scaler function, shared by every DynamicScaling of the stack on the LAMBDA and HYBRID paths.
   *
   * @default - Conditional: undefined when no dimension of this table is on the LAMBDA or HYBRID path
   */
  public readonly scalerFunction?: lambda.IFunction;

  /**
   * The scaler's state table (on-demand), one item per managed table: its policy and state.
   *
   * @default - Conditional: undefined when no dimension of this table is on the LAMBDA or HYBRID path
   */
  public readonly stateTable?: dynamodb.ITable;

  /**
   * An alarm on the scaler function's errors: while it is in ALARM, tables may not be scaled.
   *
   * @default - Conditional: undefined when no dimension of this table is on the LAMBDA or HYBRID path
   */
  public readonly scalerErrorsAlarm?: cloudwatch.IAlarm;

  /**
   * The alarm on this table's throttle events (table and indexes on the LAMBDA path) that invokes
   * the scaler at once.
   *
   * @default - Conditional: undefined when no dimension of this table is on the LAMBDA path
   */
  public readonly throttleAlarm?: cloudwatch.IAlarm;

  /**
   * The dashboard of the table and its scaled indexes.
   *
   * @default - Conditional: only when `dashboard` is true
   */
  public readonly dashboard?: cloudwatch.Dashboard;

  private readonly policyResource?: CustomResource;
  private readonly info: TableInfo;
  private readonly indexesDiscovered: boolean;
  private role?: iam.IRole;

  constructor(scope: Construct, id: string, props: DynamicScalingProps) {
    super(scope, id);
    this.table = props.table;
    this.info = inspectTable(props.table);
    this.checkTable();

    this.indexNames = this.resolveIndexNames(props.indexNames);
    this.indexesDiscovered = props.indexNames === undefined;
    const indexPolicies = this.resolveIndexPolicies(props.indexPolicies ?? []);

    // Validate everything before creating anything, so a bad prop never leaves half a tree.
    const plans: Plan[] = [
      { policy: props.policy, property: 'policy', source: 'the table policy (policy)' },
      ...this.indexNames.map((indexName) => {
        const own = indexPolicies.get(indexName);
        return own
          ? { indexName, policy: own.policy, property: `indexPolicies[${own.position}].policy`, source: `its own policy (indexPolicies[${own.position}])` }
          : { indexName, policy: props.policy, property: 'policy', source: "the table's policy (no entry in indexPolicies)" };
      }),
    ];
    const checked = new Set<ScalingPolicy>();
    for (const plan of plans) {
      if (checked.has(plan.policy)) continue;
      checked.add(plan.policy);
      this.validatePolicy(plan.policy, plan.property);
    }
    const checkIntervalSeconds = this.commonCheckInterval(plans);

    const selections = plans.map((plan) => {
      const lambdaPolicy = plan.policy._lambda();
      const found = lambdaPolicy?.target(plan.indexName);
      // A conf's [global] circuit breaker guards its own targets only, never another policy's.
      const breaker = found && 'policy' in found ? found.policy.circuitBreaker ?? lambdaPolicy!.circuitBreaker : undefined;
      const target = found && 'policy' in found && breaker ? { ...found, policy: { ...found.policy, circuitBreaker: breaker } } : found;
      const features = target === undefined ? plan.policy._nonNativeFeatures() : 'policy' in target ? lambdaFeatures(target.policy) : [];
      const selection = selectPath(props.path, features, lambdaPolicy !== undefined);
      if (selection.error !== undefined) {
        throw new Error(`DynamicScaling '${this.node.id}': path (${props.path}) cannot run ${plan.property}: ${selection.error}`);
      }
      // Guards that guard nothing (scaleInGuards: {}): plain target tracking, no scaler.
      const targetTracking = DIMENSIONS.some((d) => plan.policy._capacity(d) !== undefined);
      if (selection.path === ScalingPath.NATIVE && targetTracking && lambdaPolicy !== undefined) {
        Annotations.of(this).addWarningV2('dynamic-scaling:emptyScaleInGuards', `${plan.property}.scaleInGuards sets no guard `
          + '(consecutiveLowChecks, maintenanceWindows, circuitBreaker or scaleInWhenIdle): the policy runs on the NATIVE path alone');
        return { ...selection, target: undefined };
      }
      return { ...selection, target };
    });
    this.checkBreakers(plans, selections.map((sel) => sel.target));

    const registry = DynamicScalingRegistry.of(this.table);
    const decisions: ScalingDecision[] = [];
    const lambdaTargets: Array<{ indexName?: string; target: LambdaTarget }> = [];
    plans.forEach((plan, i) => {
      const selection = selections[i];
      const target = selection.target;
      if (target !== undefined && 'policy' in target) lambdaTargets.push({ indexName: plan.indexName, target });
      for (const dimension of DIMENSIONS) {
        const nativeTarget = { tableName: this.table.tableName, indexName: plan.indexName, dimension };
        const base = {
          indexName: plan.indexName, dimension, resourceId: resourceIdOf(nativeTarget), scalableDimension: scalableDimensionOf(nativeTarget),
        };
        if (target !== undefined && selection.path !== ScalingPath.HYBRID) {
          const rules = 'policy' in target ? target.policy[dimension === ScalingDimension.READ ? 'reads' : 'writes'] : undefined;
          if (!rules?.enableAutoscaling) {
            const why = 'unmanaged' in target! ? target.unmanaged : `${target!.source} gives no ${dimensionWord(dimension)} settings`;
            decisions.push({ ...base, reasons: [`not scaled: ${why}`] });
            continue;
          }
          decisions.push({
            ...base,
            path: ScalingPath.LAMBDA,
            reasons: [
              ...selection.reasons,
              `${plan.indexName === undefined ? 'the table' : `index ${plan.indexName}`} follows ${plan.source}: ${(target as LambdaTarget).source}`,
              `${describeDimension(rules)}; checked every ${checkIntervalSeconds! / 60} min`,
            ],
            minCapacity: rules.min,
            maxCapacity: rules.max,
          });
          continue;
        }
        const options = plan.policy._capacity(dimension);
        if (!options) {
          decisions.push({ ...base, reasons: [`not scaled: ${plan.source} gives no ${dimensionWord(dimension)} settings`] });
          continue;
        }
        const holder = new Construct(this, `${holderId(plan.indexName, this.indexNames)}${dimensionId(dimension)}`);
        const wiring = wireNative(holder, nativeTarget, options, this.scalingRole(), selection.path === ScalingPath.HYBRID);
        decisions.push({
          ...base,
          path: selection.path,
          reasons: [
            ...selection.reasons,
            `${plan.indexName === undefined ? 'the table' : `index ${plan.indexName}`} follows ${plan.source}`,
            ...describeOptions(options),
            ...(selection.path === ScalingPath.HYBRID && target !== undefined && 'policy' in target
              ? [describeGuards(target.policy, checkIntervalSeconds!)] : []),
          ],
          minCapacity: options.minCapacity,
          maxCapacity: options.maxCapacity,
          targetUtilizationPercent: options.targetUtilizationPercent ?? DEFAULT_TARGET_UTILIZATION,
          scalableTarget: wiring.scalableTarget,
          scalingPolicy: wiring.scalingPolicy,
        });
      }
    });
    this.decisions = decisions;
    this.scalableTargets = decisions.flatMap((d) => (d.scalableTarget ? [d.scalableTarget] : []));
    if (this.scalableTargets.length > 0) {
      DynamicScalingRegistry.of(this).addResources(this, this.scalableTargets.length * NATIVE_RESOURCES_PER_DIMENSION);
    }

    const onScaler = decisions.filter((d) => d.path === ScalingPath.LAMBDA || d.path === ScalingPath.HYBRID);
    if (onScaler.length > 0) {
      const lambdaPolicies = [...new Set(plans.map((p) => p.policy._lambda()).filter((p): p is LambdaPolicy => p !== undefined))];
      const wiring = this.wireLambda(onScaler, lambdaTargets, lambdaPolicies, checkIntervalSeconds!);
      this.scalerFunction = wiring.scaler.function;
      this.stateTable = wiring.scaler.stateTable;
      this.scalerErrorsAlarm = wiring.scaler.errorsAlarm;
      this.throttleAlarm = wiring.throttleAlarm;
      this.policyResource = wiring.policyResource;
    }

    if (props.dashboard) {
      const name = this.table.tableName;
      this.dashboard = new ScalingDashboard(this, 'Dashboard', {
        tableName: name,
        tableLabel: Token.isUnresolved(name) ? this.table.node.path : name,
        indexNames: [...new Set(decisions.filter((d) => d.path && d.indexName !== undefined).map((d) => d.indexName!))],
        scalerService: onScaler.length > 0 ? Scaler.find(this)?.metricsService : undefined,
        scalerLogGroup: onScaler.length > 0 ? Scaler.find(this)?.logGroup.logGroupName : undefined,
      }).dashboard;
    }

    this.node.addValidation({ validate: () => this.validateAtSynth(registry) });
  }

  private checkTable(): void {
    if (this.info.isGlobalTable) {
      throw new Error(`DynamicScaling '${this.node.id}': table (${this.table.node.path}) is a TableV2 (AWS::DynamoDB::GlobalTable), `
        + 'which this version does not scale; use TableV2\'s own Billing.provisioned({ readCapacity: Capacity.autoscaled(...) })');
    }
    if (this.info.billingMode === dynamodb.BillingMode.PAY_PER_REQUEST) {
      throw new Error(`DynamicScaling '${this.node.id}': table billingMode (PAY_PER_REQUEST) must be PROVISIONED: `
        + 'on-demand tables have no capacity to scale');
    }
    if (this.info.billingMode === undefined) {
      Annotations.of(this).addWarningV2('dynamic-scaling:unknownBillingMode',
        `The billing mode of table ${this.table.node.path} is not known at synth time (${this.info.cfn ? 'its BillingMode is a token' : 'imported table'}). `
        + 'Application Auto Scaling fails at deploy time if the table is PAY_PER_REQUEST; make sure it is PROVISIONED.');
    }
  }

  private resolveIndexNames(given: string[] | undefined): string[] {
    const known = this.info.indexNames;
    if (given === undefined) {
      if (known === undefined) {
        Annotations.of(this).addInfo(`The global secondary indexes of imported table ${this.table.node.path} cannot be discovered; `
          + 'only the table is scaled unless you list its indexes in indexNames.');
      }
      return [...(known ?? [])];
    }
    const seen = new Set<string>();
    given.forEach((name, i) => {
      if (Token.isUnresolved(name)) return;
      if (seen.has(name)) {
        throw new Error(`DynamicScaling '${this.node.id}': indexNames[${i}] (${name}) must not repeat an earlier entry`);
      }
      seen.add(name);
      if (known === undefined && !INDEX_NAME.test(name)) {
        throw new Error(`DynamicScaling '${this.node.id}': indexNames[${i}] (${name}) must be a valid index name `
          + '(3-255 characters among a-z, A-Z, 0-9, _, - and .)');
      }
      if (known !== undefined && !known.includes(name)) {
        throw new Error(`DynamicScaling '${this.node.id}': indexNames[${i}] (${name}) must name a global secondary index of table `
          + `${this.table.node.path} (${knownList(known)})`);
      }
    });
    return [...given];
  }

  private resolveIndexPolicies(entries: IndexScalingOptions[]): Map<string, { policy: ScalingPolicy; position: number }> {
    const map = new Map<string, { policy: ScalingPolicy; position: number }>();
    entries.forEach((entry, i) => {
      if (Token.isUnresolved(entry.indexName)) return;
      if (map.has(entry.indexName)) {
        throw new Error(`DynamicScaling '${this.node.id}': indexPolicies[${i}].indexName (${entry.indexName}) must not repeat an earlier entry`);
      }
      if (!this.indexNames.includes(entry.indexName)) {
        throw new Error(`DynamicScaling '${this.node.id}': indexPolicies[${i}].indexName (${entry.indexName}) must be one of the `
          + `scaled global secondary indexes (${knownList(this.indexNames)})`);
      }
      map.set(entry.indexName, { policy: entry.policy, position: i });
    });
    return map;
  }

  private validatePolicy(policy: ScalingPolicy, property: string): void {
    const lambdaPolicy = policy._lambda();
    const read = policy._capacity(ScalingDimension.READ);
    const write = policy._capacity(ScalingDimension.WRITE);
    // Target tracking (with scale-in guards, its scaler part too): the native settings first, as the guards read them.
    if (read || write) this.validateTargetTracking(read, write, property);
    if (lambdaPolicy) {
      const found = lambdaPolicy.problems(property);
      for (const w of found.warnings) Annotations.of(this).addWarningV2('dynamic-scaling:policyWarning', w);
      if (found.errors.length > 0) throw new Error(found.errors.map((e) => `DynamicScaling '${this.node.id}': ${e}`).join('\n'));
      return;
    }
    if (!read && !write) {
      throw new Error(`DynamicScaling '${this.node.id}': ${property} (targetTracking with neither read nor write) must set read, write or both`);
    }
  }

  private validateTargetTracking(read: CapacityScalingOptions | undefined, write: CapacityScalingOptions | undefined, property: string): void {
    const messages: string[] = [];
    for (const [dim, options] of [['read', read], ['write', write]] as const) {
      if (!options) continue;
      const problems = validateTargetTracking(`${property}.${dim}.`, {
        ...targetTrackingSettings(options),
        schedules: (options.schedules ?? []).map((s, i) => ({
          name: s.name ?? defaultScheduleName(i),
          minCapacity: knownNumber(s.minCapacity),
          maxCapacity: knownNumber(s.maxCapacity),
          setsCapacity: s.minCapacity !== undefined || s.maxCapacity !== undefined,
        })),
      });
      for (const p of problems) {
        messages.push(`DynamicScaling '${this.node.id}': ${p.property} (${p.value}) ${p.rule}`);
      }
    }
    if (messages.length > 0) throw new Error(messages.join('\n'));
  }

  private validateAtSynth(registry: DynamicScalingRegistry): string[] {
    const errors: string[] = [];
    const me = `DynamicScaling '${this.node.id}'`;
    for (const d of this.decisions) {
      if (!d.path) continue;
      const what = d.indexName === undefined ? `table ${this.table.node.path}` : `index ${d.indexName} of table ${this.table.node.path}`;
      const first = registry.claim(this.claimKey(d.indexName, d.dimension), this);
      if (first) {
        errors.push(`${me}: the ${dimensionWord(d.dimension)} capacity of ${what} is already scaled by DynamicScaling '${first.node.path}'; `
          + 'use one DynamicScaling per table (per-index policies go in indexPolicies)');
      }
      if (this.info.cfn && this.table.node.tryFindChild(builtInScalingId(d.indexName, d.dimension === ScalingDimension.READ))) {
        const call = d.indexName === undefined
          ? `autoScale${d.dimension === ScalingDimension.READ ? 'Read' : 'Write'}Capacity()`
          : `autoScaleGlobalSecondaryIndex${d.dimension === ScalingDimension.READ ? 'Read' : 'Write'}Capacity('${d.indexName}')`;
        errors.push(`${me}: the ${dimensionWord(d.dimension)} capacity of ${what} is already scaled by table.${call}; `
          + 'remove that call or leave this dimension out of the policy');
      }
    }
    if (this.policyResource) {
      const first = registry.claim(`${this.claimKey(undefined, ScalingDimension.READ)}|scaler-item`, this);
      if (first) {
        errors.push(`${me}: table ${this.table.node.path} already has a scaler policy from DynamicScaling '${first.node.path}'; `
          + 'use one DynamicScaling per table (per-index policies go in indexPolicies)');
      }
    }
    // The scalable targets are public, so a caller could attach step scaling to one; the
    // dynamodb namespace rejects it at deploy time, so say so now.
    for (const target of this.scalableTargets) {
      for (const child of target.node.findAll()) {
        if (child instanceof appscaling.CfnScalingPolicy && child.policyType === 'StepScaling') {
          errors.push(`${me}: ${child.node.path} is a StepScaling policy, which Application Auto Scaling does not support for `
            + 'DynamoDB; use the target tracking policy (and schedules) of DynamicScaling instead');
        }
      }
    }
    if (this.info.cfn && this.info.indexNames !== undefined && this.indexesDiscovered) {
      const late = (currentIndexNames(this.info.cfn) ?? []).filter((n) => !this.info.indexNames!.includes(n));
      if (late.length > 0) {
        errors.push(`${me}: table ${this.table.node.path} gained global secondary index${late.length === 1 ? '' : 'es'} `
          + `${late.join(', ')} after DynamicScaling was created, so ${late.length === 1 ? 'it is' : 'they are'} not scaled; `
          + 'create DynamicScaling after the last addGlobalSecondaryIndex(), or list the indexes in indexNames');
      }
    }
    return errors;
  }

  /** The one check interval of the table's Lambda-path policies (a table is checked at one interval). */
  private commonCheckInterval(plans: Plan[]): number | undefined {
    let first: Plan | undefined;
    for (const plan of plans) {
      const lambdaPolicy = plan.policy._lambda();
      if (!lambdaPolicy) continue;
      const seconds = lambdaPolicy.checkIntervalSeconds;
      if (!(seconds >= 60 && seconds % 60 === 0)) {
        throw new Error(`DynamicScaling '${this.node.id}': ${plan.property} check interval (${seconds} s) must be a whole number of `
          + 'minutes, at least 1: the scaler runs on an EventBridge schedule');
      }
      if (first && first.policy._lambda()!.checkIntervalSeconds !== seconds) {
        throw new Error(`DynamicScaling '${this.node.id}': ${plan.property} check interval (${seconds} s) must equal that of `
          + `${first.property} (${first.policy._lambda()!.checkIntervalSeconds} s): the scaler checks a table and its indexes together`);
      }
      if (first && first.policy._lambda()!.dryRun !== lambdaPolicy.dryRun) {
        throw new Error(`DynamicScaling '${this.node.id}': ${plan.property} dryRun (${lambdaPolicy.dryRun}) must equal that of `
          + `${first.property} (${first.policy._lambda()!.dryRun}): a table and its indexes are checked together`);
      }
      first ??= plan;
    }
    return first?.policy._lambda()!.checkIntervalSeconds;
  }

  /**
   * The engine gives a GSI without a circuit breaker its table's (D13): a GSI whose own policy has
   * none while the table's has one would be held by a breaker its policy does not name.
   */
  private checkBreakers(plans: Plan[], targets: Array<LambdaTarget | { unmanaged: string } | undefined>): void {
    const table = targets[0];
    const tableBreaker = table && 'policy' in table ? table.policy.circuitBreaker : undefined;
    if (!tableBreaker) return;
    plans.forEach((plan, i) => {
      const t = targets[i];
      if (i === 0 || plan.policy === plans[0].policy || !t || !('policy' in t) || t.policy.circuitBreaker) return;
      throw new Error(`DynamicScaling '${this.node.id}': ${plan.property} has no circuit breaker while policy has one (${tableBreaker.url}): `
        + 'the scaler holds an index without its own breaker by its table\'s; give the index policy a circuit breaker too');
    });
  }

  /** The scaler's share of this table: its grants, the policy item, the throttle alarm. */
  private wireLambda(
    decisions: ScalingDecision[], targets: Array<{ indexName?: string; target: LambdaTarget }>,
    policies: LambdaPolicy[], checkIntervalSeconds: number,
  ) {
    const scaler = Scaler.of(this);
    scaler.manage(this.table.tableArn, checkIntervalSeconds);
    policies.forEach((p) => {
      const grants = p.grants();
      grants.topicArns.forEach((arn) => scaler.grantPublish(arn));
      grants.secrets.forEach((secret) => scaler.grantSecret(secret));
    });

    const scaled = new Set(decisions.map((d) => d.indexName ?? ''));
    const own = (t: TargetPolicy, indexName?: string): TargetPolicy => ({
      ...t,
      reads: decisions.some((d) => d.indexName === indexName && d.dimension === ScalingDimension.READ) ? t.reads : UNSCALED_DIMENSION,
      writes: decisions.some((d) => d.indexName === indexName && d.dimension === ScalingDimension.WRITE) ? t.writes : UNSCALED_DIMENSION,
    });
    const tableTarget = targets.find((t) => t.indexName === undefined);
    const gsis: GsiRule[] = targets.filter((t) => t.indexName !== undefined && scaled.has(t.indexName))
      .map((t) => ({ indexPattern: exactPattern(t.indexName!), policy: own(t.target.policy, t.indexName) }));
    const policy: EnginePolicy = {
      tables: [{
        tableName: this.table.tableName,
        policy: tableTarget ? own(tableTarget.target.policy) : { ...DEFAULT_TARGET_POLICY, reads: UNSCALED_DIMENSION, writes: UNSCALED_DIMENSION },
        gsis,
      }],
      checkIntervalSeconds,
    };
    const policyResource = new CustomResource(this, 'ScalerPolicy', {
      serviceToken: scaler.function.functionArn,
      resourceType: POLICY_RESOURCE_TYPE,
      // The scaler answers within its 1-minute timeout; a scaler that cannot start must not hold the deploy for CloudFormation's hour.
      serviceTimeout: Duration.minutes(5),
      properties: {
        [POLICY_RESOURCE_TABLE_NAME]: this.table.tableName,
        [POLICY_RESOURCE_POLICY]: Stack.of(this).toJsonString(policyToJson(policy, true)),
        ...(policies.some((p) => p.dryRun) ? { [POLICY_RESOURCE_DRY_RUN]: 'true' } : {}),
      },
    });
    // The scaler must be allowed to write the item before CloudFormation asks it to.
    policyResource.node.addDependency(scaler);

    if (decisions.some((d) => d.path === ScalingPath.HYBRID)) scaler.allowScaleInGuards();
    // Throttling calls the scaler at once only where it scales out: on HYBRID, target tracking does.
    const scalesOut = new Set(decisions.filter((d) => d.path === ScalingPath.LAMBDA).map((d) => d.indexName ?? ''));
    const alarm = scalesOut.size === 0 ? undefined : new ThrottleAlarm(this, 'Throttles', {
      tableName: this.table.tableName,
      watchTable: scalesOut.has(''),
      indexNames: [...scalesOut].filter((n) => n !== ''),
      scaler,
    });
    if (alarm && alarm.unwatchedIndexes.length > 0) {
      Annotations.of(this).addWarningV2('dynamic-scaling:throttleAlarmIndexes',
        `The throttle alarm of ${this.table.node.path} watches ${alarm.watched} (an alarm holds 10 metrics); `
        + `throttling of ${alarm.unwatchedIndexes.join(', ')} is seen at the next scheduled check`);
    }
    // Step policies: their scale-out and scale-in alarms, per dimension, as the fast path.
    let stepAlarmCount = 0;
    for (const t of targets) {
      for (const dim of ['reads', 'writes'] as const) {
        const rules = t.target.policy[dim];
        const scaledHere = decisions.some((d) => d.indexName === t.indexName && (d.dimension === ScalingDimension.READ) === (dim === 'reads'));
        if (!rules.step || !rules.enableAutoscaling || !scaledHere) continue;
        const alarms = new StepAlarms(this, `Step${holderId(t.indexName, this.indexNames)}${dim === 'reads' ? 'Read' : 'Write'}`, {
          tableName: this.table.tableName,
          indexName: t.indexName,
          dimension: dim,
          policy: rules,
          scaler,
        });
        stepAlarmCount += alarms.alarms.length;
      }
    }
    DynamicScalingRegistry.of(this).addResources(this, LAMBDA_RESOURCES_PER_TABLE - (alarm ? 0 : 1) + stepAlarmCount);
    return { scaler, throttleAlarm: alarm?.alarm, policyResource };
  }

  private claimKey(indexName: string | undefined, dimension: ScalingDimension): string {
    const name = this.info.cfn ? this.info.cfn.tableName : this.table.tableName;
    const table = name !== undefined && !Token.isUnresolved(name) ? `name:${name}` : `path:${this.table.node.path}`;
    return `${table}|${indexName ?? ''}|${dimension}`;
  }

  private scalingRole(): iam.IRole {
    this.role ??= dynamoDbScalingRole(this, 'ScalingRole');
    return this.role;
  }
}

/** A Python regex that matches exactly `name` (index names are letters, digits, `_`, `-` and `.`). */
function exactPattern(name: string): string {
  return Token.isUnresolved(name) ? `^${name}$` : `^${name.replace(/[.\\^$|?*+()[\]{}]/g, '\\$&')}$`;
}

function dimensionWord(d: ScalingDimension): string {
  return d === ScalingDimension.READ ? 'read' : 'write';
}

function dimensionId(d: ScalingDimension): string {
  return d === ScalingDimension.READ ? 'Read' : 'Write';
}

/** `Table`, `Index-<name>`, or `Index<position>` when the name is a token (ids cannot hold tokens). */
function holderId(indexName: string | undefined, all: string[]): string {
  if (indexName === undefined) return 'Table';
  return Token.isUnresolved(indexName) ? `Index${all.indexOf(indexName)}` : `Index-${indexName}`;
}

function knownList(names: string[]): string {
  return names.length === 0 ? 'it has none' : `it has: ${names.join(', ')}`;
}

function describeOptions(o: CapacityScalingOptions): string[] {
  const out: string[] = [];
  if (o.disableScaleIn) out.push('scale-in is disabled: target tracking never lowers capacity (a scheduled lower maxCapacity still can)');
  const schedules = o.schedules ?? [];
  if (schedules.length > 0) {
    out.push(`${schedules.length} scheduled action${schedules.length === 1 ? '' : 's'}: `
      + schedules.map((s, i) => `${s.name ?? defaultScheduleName(i)} ${s.schedule.expressionString}${s.timeZone ? ` ${s.timeZone.timezoneName}` : ''}`
        + ` (min ${s.minCapacity ?? '-'}, max ${s.maxCapacity ?? '-'})`).join('; '));
  }
  return out;
}
