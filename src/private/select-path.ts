import type { NonNativeFeature } from './non-native-feature';
import { ScalingPath } from '../scaling-policy';

/** The outcome of `selectPath`. */
export interface PathSelection {
  /** The chosen path, when the request can be honoured. */
  readonly path?: ScalingPath;
  /** Why this path, in plain words (one line each). */
  readonly reasons: string[];
  /** Why the requested path cannot run the policy (`it needs …`); set exactly when `path` is not. */
  readonly error?: string;
}

/**
 * Picks the scaling path of one dimension. Pure.
 *
 * - no requested path ("auto"): NATIVE when the policy needs nothing the native service lacks,
 *   HYBRID when all it needs are scale-in guards, LAMBDA otherwise;
 * - a requested path is honoured when it can run the policy; NATIVE with any non-native
 *   feature is refused, naming the features; LAMBDA with a policy of the native service too
 *   (with or without scale-in guards), HYBRID with rules other than guards.
 *
 * @param scalerPolicy whether the policy is one the scaler Lambda runs (custom, recommended, conf)
 */
export function selectPath(requested: ScalingPath | undefined, features: readonly NonNativeFeature[], scalerPolicy = false): PathSelection {
  const names = features.map((f) => f.name);
  const onlyGuards = features.every((f) => f.guard);

  if (requested === undefined) {
    if (features.length === 0) {
      return {
        path: ScalingPath.NATIVE,
        reasons: ['auto: target tracking needs nothing Application Auto Scaling lacks, so the native service runs it'],
      };
    }
    if (onlyGuards) {
      return {
        path: ScalingPath.HYBRID,
        reasons: [`auto: native target tracking plus scale-in guards the native service lacks (${names.join(', ')})`],
      };
    }
    return {
      path: ScalingPath.LAMBDA,
      reasons: [`auto: the policy needs features Application Auto Scaling lacks (${names.join(', ')})`],
    };
  }

  if (requested === ScalingPath.LAMBDA && features.length > 0 && onlyGuards) {
    return {
      reasons: [],
      error: `its ${names.join(', ')} guard the scale-in of native target tracking, which the LAMBDA path does not run; `
        + 'use HYBRID or leave path unset (auto)',
    };
  }
  if (requested === ScalingPath.LAMBDA && !scalerPolicy) {
    return {
      reasons: [],
      error: 'it is target tracking, which Application Auto Scaling runs at no cost to you; use NATIVE or leave path unset (auto), '
        + 'or give a policy the scaler runs (ScalingPolicy.custom, recommended or fromDynamicDynamoDbConfig)',
    };
  }
  if (requested === ScalingPath.NATIVE && features.length > 0) {
    return {
      reasons: [],
      error: `it needs ${names.join(', ')}, which Application Auto Scaling lacks; `
        + `remove ${features.length === 1 ? 'it' : 'them'} from the policy or leave path unset (auto)`,
    };
  }
  if (requested === ScalingPath.HYBRID && features.length === 0) {
    return {
      reasons: [],
      error: 'it has no scale-in guard for the HYBRID path to run; give ScalingPolicy.targetTracking scaleInGuards, '
        + 'or use NATIVE or leave path unset (auto)',
    };
  }
  if (requested === ScalingPath.HYBRID && !onlyGuards) {
    const rules = features.filter((f) => !f.guard).map((f) => f.name);
    return {
      reasons: [],
      error: `it needs ${rules.join(', ')}, which the HYBRID path cannot run (it only adds scale-in guards); `
        + 'use LAMBDA or leave path unset (auto)',
    };
  }
  return { path: requested, reasons: [`path ${requested} was requested by the path property`] };
}
