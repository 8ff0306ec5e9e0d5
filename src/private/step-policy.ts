import { Token } from 'aws-cdk-lib';
import {
  CONSTRUCT_STEP_NAMES, DEFAULT_DIMENSION_POLICY, DEFAULT_TARGET_POLICY, DimensionPolicy, PUBLISH_DELAY_MINUTES, PUBLISH_EXTRA_WAIT_MINUTES,
  StepAdjustmentType, StepMetricAggregation, validateStepPolicy,
} from '../engine';
import { StepPolicyOptions, StepScalingOptions } from '../step-scaling-options';
import { LambdaPolicy, LambdaTarget, PolicyGrants, UNSCALED_DIMENSION } from './lambda-policy';

/**
 * `ScalingPolicy.step`: Application Auto Scaling's step scaling, which AWS does not run for
 * DynamoDB, run by the scaler: the engine's step rules (step-scaling.ts) on each minute of the
 * window, checked every minute, with the step alarms as the fast path.
 */
export class StepLambdaPolicy implements LambdaPolicy {
  public readonly kind = 'step';
  public readonly checkIntervalSeconds = 60;
  public readonly dryRun: boolean;
  private readonly target_: LambdaTarget;

  constructor(private readonly options: StepPolicyOptions) {
    this.dryRun = options.dryRun ?? false;
    const periods = Math.max(1, ...[options.read, options.write].map((o) => this.known(o?.evaluationPeriods) ?? 1));
    const start = periods + PUBLISH_DELAY_MINUTES;
    this.target_ = {
      policy: {
        ...DEFAULT_TARGET_POLICY,
        reads: options.read ? this.dimension(options.read) : UNSCALED_DIMENSION,
        writes: options.write ? this.dimension(options.write) : UNSCALED_DIMENSION,
        lookbackPeriod: periods,
        lookbackWindowStart: start,
        lookbackWindowStartMax: start + PUBLISH_EXTRA_WAIT_MINUTES,
      },
      source: 'ScalingPolicy.step',
    };
  }

  public problems(property: string): { errors: string[]; warnings: string[] } {
    const errors: string[] = [];
    if (!this.options.read && !this.options.write) errors.push(`${property} (step with neither read nor write) must set read, write or both`);
    for (const [dim, o] of [['read', this.options.read], ['write', this.options.write]] as const) {
      if (!o) continue;
      const tokens = this.tokensOf(o);
      for (const t of tokens) errors.push(`${property}.${dim}.${t} must be known at synth time: the scaler's policy is checked when the app is synthesized`);
      // A token's numeric stand-in would break the interval rules too: say only what is wrong.
      if (tokens.length > 0) continue;
      for (const p of validateStepPolicy(`${property}.${dim}.`, this.input(o), CONSTRUCT_STEP_NAMES)) errors.push(`${p.property} (${p.value}) ${p.rule}`);
    }
    return { errors, warnings: [] };
  }

  public target(): LambdaTarget {
    return this.target_;
  }

  public grants(): PolicyGrants {
    return { topicArns: [], secrets: [] };
  }

  private dimension(o: StepScalingOptions): DimensionPolicy {
    const i = this.input(o);
    return {
      ...DEFAULT_DIMENSION_POLICY,
      min: i.minCapacity ?? DEFAULT_DIMENSION_POLICY.min,
      max: i.maxCapacity ?? DEFAULT_DIMENSION_POLICY.max,
      step: {
        steps: i.steps,
        ...(i.adjustmentType !== undefined ? { adjustmentType: i.adjustmentType } : {}),
        ...(i.minAdjustmentMagnitude !== undefined ? { minAdjustmentMagnitude: i.minAdjustmentMagnitude } : {}),
        ...(i.cooldownSeconds !== undefined ? { cooldownSeconds: i.cooldownSeconds } : {}),
        ...(i.evaluationPeriods !== undefined ? { evaluationPeriods: i.evaluationPeriods } : {}),
        ...(i.datapointsToAlarm !== undefined ? { datapointsToAlarm: i.datapointsToAlarm } : {}),
        ...(i.metricAggregation !== undefined ? { metricAggregation: i.metricAggregation } : {}),
      },
    };
  }

  /** The engine's view of one dimension's options: tokens undefined (reported by `tokensOf`). */
  private input(o: StepScalingOptions) {
    return {
      minCapacity: this.known(o.minCapacity),
      maxCapacity: this.known(o.maxCapacity),
      steps: o.scalingSteps.map((s) => ({
        ...(this.known(s.lower) !== undefined ? { lower: s.lower } : {}),
        ...(this.known(s.upper) !== undefined ? { upper: s.upper } : {}),
        change: s.change,
      })),
      adjustmentType: o.adjustmentType as StepAdjustmentType | undefined,
      minAdjustmentMagnitude: this.known(o.minAdjustmentMagnitude),
      cooldownSeconds: o.cooldown === undefined || o.cooldown.isUnresolved() ? undefined : o.cooldown.toSeconds({ integral: false }),
      evaluationPeriods: this.known(o.evaluationPeriods),
      datapointsToAlarm: this.known(o.datapointsToAlarm),
      metricAggregation: o.metricAggregationType as StepMetricAggregation | undefined,
    };
  }

  private tokensOf(o: StepScalingOptions): string[] {
    const numbers: Array<[string, number | undefined]> = [
      ['minCapacity', o.minCapacity], ['maxCapacity', o.maxCapacity], ['minAdjustmentMagnitude', o.minAdjustmentMagnitude],
      ['evaluationPeriods', o.evaluationPeriods], ['datapointsToAlarm', o.datapointsToAlarm],
      ...o.scalingSteps.flatMap((s, i): Array<[string, number | undefined]> => [
        [`scalingSteps[${i}].lower`, s.lower], [`scalingSteps[${i}].upper`, s.upper], [`scalingSteps[${i}].change`, s.change],
      ]),
    ];
    const out = numbers.filter(([, v]) => v !== undefined && Token.isUnresolved(v)).map(([k, v]) => `${k} (${Token.asString(v)})`);
    if (o.cooldown?.isUnresolved()) out.push(`cooldown (${o.cooldown.toString()})`);
    return out;
  }

  private known(v: number | undefined): number | undefined {
    return v === undefined || Token.isUnresolved(v) ? undefined : v;
  }
}
