import { Token } from 'aws-cdk-lib';
import { DynamicDynamoDbConfigOptions } from '../custom-scaling-options';
import {
  CircuitBreaker, describeTableRule, formatConfigProblem, matchGsiRule, matchTableRule, parseDdConfig, TableRule,
} from '../engine';
import { LambdaPolicy, LambdaTarget, PolicyGrants } from './lambda-policy';

/**
 * `ScalingPolicy.fromDynamicDynamoDbConfig`: a dynamic-dynamodb.conf read by the engine's conf
 * parser (dd's own rules and messages, with section and option); the table section that matches
 * `tableName` and its GSI sections become the policy.
 */
export class DdConfigLambdaPolicy implements LambdaPolicy {
  public readonly kind = 'fromDynamicDynamoDbConfig';
  public readonly checkIntervalSeconds: number;
  public readonly dryRun: boolean;
  public readonly circuitBreaker?: CircuitBreaker;
  private readonly rule?: TableRule;
  private readonly errors: string[];
  private readonly warnings: string[];

  constructor(text: string, private readonly options: DynamicDynamoDbConfigOptions) {
    const parsed = parseDdConfig(text);
    this.errors = parsed.errors.map(formatConfigProblem);
    this.warnings = parsed.warnings.map(formatConfigProblem);
    this.dryRun = options.dryRun ?? false;
    this.checkIntervalSeconds = parsed.policy?.checkIntervalSeconds ?? 300;
    this.circuitBreaker = parsed.policy?.circuitBreaker;
    if (parsed.policy) {
      this.rule = Token.isUnresolved(options.tableName) ? undefined : matchTableRule(parsed.policy, options.tableName);
      if (Token.isUnresolved(options.tableName)) {
        this.errors.push(`tableName (${options.tableName}) must be known at synth time: it selects the conf's [table: <regex>] section`);
      } else if (!this.rule) {
        const sections = parsed.policy.tables.map((r) => `[table: ${describeTableRule(r)}]`).join(', ');
        this.errors.push(`tableName (${options.tableName}) matches no table section of the conf (${sections}); `
          + 'name the table as the conf\'s [table: <regex>] sections expect it');
      }
    }
    (options.indexNames ?? []).forEach((name, i) => {
      if (this.rule && !matchGsiRule(this.rule, name)) {
        this.errors.push(`indexNames[${i}] (${name}) matches no [gsi: <regex> table: ${describeTableRule(this.rule)}] section of the conf`);
      }
    });
  }

  public problems(property: string): { errors: string[]; warnings: string[] } {
    const name = (m: string) => `${property} (fromDynamicDynamoDbConfig): ${m}`;
    return { errors: this.errors.map(name), warnings: this.warnings.map(name) };
  }

  public target(indexName: string | undefined): LambdaTarget | { unmanaged: string } {
    const rule = this.rule!;
    const section = `[table: ${describeTableRule(rule)}]`;
    if (indexName === undefined) return { policy: rule.policy, source: `section ${section} of the dynamic-dynamodb.conf` };
    if (this.options.indexNames && !this.options.indexNames.includes(indexName)) {
      return { unmanaged: `index ${indexName} is not in the conf policy's indexNames` };
    }
    const gsi = matchGsiRule(rule, indexName);
    if (!gsi) return { unmanaged: `no [gsi: <regex> table: ${describeTableRule(rule)}] section of the conf matches index ${indexName}, so Dynamic DynamoDB would not scale it` };
    return { policy: gsi.policy, source: `section [gsi: ${gsi.indexPattern} table: ${describeTableRule(rule)}] of the dynamic-dynamodb.conf` };
  }

  public grants(): PolicyGrants {
    // A conf names its circuit breakers by URL only (credentials in the URL): no secret to grant.
    const targets = this.rule ? [this.rule.policy, ...this.rule.gsis.map((g) => g.policy)] : [];
    return { topicArns: [...new Set(targets.flatMap((t) => (t.snsTopicArn ? [t.snsTopicArn] : [])))], secrets: [] };
  }
}
