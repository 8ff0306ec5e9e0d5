import { Token } from 'aws-cdk-lib';
import { RecommendedScalingOptions } from '../custom-scaling-options';
import { DimensionPolicy, RECOMMENDED_POLICY } from '../engine';
import { DIMENSION_PROPERTIES, TARGET_PROPERTIES } from './custom-policy';
import { checkTarget, LambdaPolicy, LambdaTarget, PolicyGrants, propertyNaming, UNSCALED_DIMENSION } from './lambda-policy';

/**
 * `ScalingPolicy.recommended`: the engine's recommended preset (its one rule's options, written
 * once in the engine) with the user's bounds.
 */
export class RecommendedLambdaPolicy implements LambdaPolicy {
  public readonly kind = 'recommended';
  public readonly checkIntervalSeconds = RECOMMENDED_POLICY.checkIntervalSeconds;
  public readonly dryRun: boolean;
  private readonly target_: LambdaTarget;

  constructor(private readonly options: RecommendedScalingOptions) {
    this.dryRun = options.dryRun ?? false;
    const preset = RECOMMENDED_POLICY.tables[0].policy;
    const bounded = (d: DimensionPolicy, b: RecommendedScalingOptions['read']): DimensionPolicy =>
      (b ? { ...d, min: b.minCapacity, max: b.maxCapacity } : UNSCALED_DIMENSION);
    this.target_ = {
      policy: { ...preset, reads: bounded(preset.reads, options.read), writes: bounded(preset.writes, options.write) },
      source: 'ScalingPolicy.recommended',
    };
  }

  public problems(property: string): { errors: string[]; warnings: string[] } {
    const naming = propertyNaming(property, (f) => DIMENSION_PROPERTIES[f], (f) => TARGET_PROPERTIES[f],
      { reads: 'read', writes: 'write' }, 'checkInterval (in seconds)');
    const found = checkTarget(this.target_.policy, this.checkIntervalSeconds, naming);
    const none = !this.options.read && !this.options.write
      ? [`${property} (recommended with neither read nor write) must set read, write or both`] : [];
    const tokens: string[] = [];
    for (const [dim, b] of [['read', this.options.read], ['write', this.options.write]] as const) {
      for (const key of ['minCapacity', 'maxCapacity'] as const) {
        if (b && Token.isUnresolved(b[key])) {
          tokens.push(`${property}.${dim}.${key} (${Token.asString(b[key])}) must be known at synth time: the scaler's policy is checked when the app is synthesized`);
        }
      }
    }
    // A token's numeric stand-in would read as a nonsense value: say what is wrong instead.
    if (tokens.length > 0) return { errors: [...none, ...tokens], warnings: [] };
    return { errors: [...none, ...found.errors], warnings: found.warnings };
  }

  public target(): LambdaTarget {
    return this.target_;
  }

  public grants(): PolicyGrants {
    return { topicArns: [], secrets: [] };
  }
}
