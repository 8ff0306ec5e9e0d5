/**
 * `decide()`: one check of every managed table and its GSIs (spec §1.5, §5, §7-§11 with D1-D15).
 */
import { DecideInput, DecideOutput } from './decide-types';

export * from './decide-types';

/**
 * Decides, for one check, what capacity each managed table and GSI should have, and why.
 * Pure and deterministic: the clock, the metrics and the carried state are all in `input`.
 */
export function decide(input: DecideInput): DecideOutput {
  // Work in progress: the real implementation lands in the next commits.
  return { decisions: [], updates: [], state: input.state, notifications: [] };
}
