/**
 * Granular scale lookups (spec §4: `scale_reader`, `scale_reader_decrease`).
 * A result of 0 means "no scaling from this metric".
 */
import { ScaleDict } from './policy';

/**
 * Increase lookup: the amount of the **largest** key `k` with `value ≥ k`, or 0 when `value` is
 * below every key or the scale is empty. `{0: 5}` at 0 gives 5 (dd scales at 0%).
 *
 * @param scale `[threshold, amount]` entries in any order; undefined means not configured
 * @param value the metric (consumed %, throttled %)
 */
export function scaleReader(scale: ScaleDict | undefined, value: number): number {
  if (!scale || scale.length === 0) return 0;
  let bestKey = -Infinity;
  let amount = 0;
  for (const [k, v] of scale) {
    if (value >= k && k > bestKey) {
      bestKey = k;
      amount = v;
    }
  }
  return amount;
}

/**
 * Decrease lookup: the amount of the **smallest** key `k` with `value ≤ k`, or 0 when `value` is
 * above every key or the scale is empty.
 *
 * @param scale `[threshold, amount]` entries in any order; undefined means not configured
 * @param value the consumed %
 */
export function scaleReaderDecrease(scale: ScaleDict | undefined, value: number): number {
  if (!scale || scale.length === 0) return 0;
  let bestKey = Infinity;
  let amount = 0;
  for (const [k, v] of scale) {
    if (value <= k && k < bestKey) {
      bestKey = k;
      amount = v;
    }
  }
  return amount;
}
