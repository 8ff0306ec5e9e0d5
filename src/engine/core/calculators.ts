/**
 * The capacity calculators of spec §6 (`dynamic_dynamodb/calculators.py`), with dd's exact
 * operation order so results are bit-identical, except D7 (no legacy 2x cap on the minimum).
 *
 * dd has separate `*_reads_*` and `*_writes_*` copies that differ only in Python 2 result types
 * (int vs float), which JavaScript numbers cannot show; one function serves both here.
 */

/**
 * `increase_<dim>_in_percent(C, p, max, P)`: `ceil(C×P/100)` is the consumed base; when it is
 * above C the increase starts from it (#227), otherwise from C. Any percent above 0 adds at
 * least 1 unit. A positive `max` caps the result, even below C.
 *
 * @param current provisioned units now (C)
 * @param percent the increase, in percent (p)
 * @param max the cap; 0 or undefined means none (Python 2 `None > 0` is false)
 * @param consumedPercent consumption in percent of `current` (P)
 */
export function increaseInPercent(current: number, percent: number, max: number | undefined, consumedPercent: number): number {
  const base = Math.ceil(current * (consumedPercent / 100));
  const next = base > current
    ? base + Math.ceil(base * (percent / 100))
    : current + Math.ceil(current * (percent / 100));
  return max !== undefined && max > 0 && next > max ? max : next;
}

/**
 * `increase_<dim>_in_units(C, u, max, P)`: adds `trunc(u)` units to the consumed base when it is
 * above C, otherwise to `trunc(C)`; a positive `max` caps the result.
 *
 * @param current provisioned units now (C)
 * @param units the increase, in units (u)
 * @param max the cap; 0 or undefined means none
 * @param consumedPercent consumption in percent of `current` (P)
 */
export function increaseInUnits(current: number, units: number, max: number | undefined, consumedPercent: number): number {
  const u = Math.trunc(units);
  const base = Math.ceil(current * (consumedPercent / 100));
  const next = base > current ? base + u : Math.trunc(current) + u;
  return max !== undefined && max > 0 && next > max ? max : next;
}

/**
 * The floor a decrease may not go below (`__get_min_reads/writes`): `trunc(min)`, or 1 when no
 * minimum is set. D7: dd also caps it at `trunc(2×C)`, a leftover of a pre-2014 DynamoDB rule
 * that made a "decrease" return more than C; this project clamps to the minimum only.
 *
 * @param min the configured minimum; 0 or undefined means none
 */
export function effectiveMin(min: number | undefined): number {
  return min ? Math.trunc(min) : 1;
}

/**
 * `decrease_<dim>_in_percent(C, p, min)`: `C − trunc(C×p/100)`, not below the effective minimum.
 *
 * @param current provisioned units now (C)
 * @param percent the decrease, in percent (p)
 * @param min the configured minimum; 0 or undefined means none
 */
export function decreaseInPercent(current: number, percent: number, min: number | undefined): number {
  const next = current - Math.trunc(current * (percent / 100));
  const floor = effectiveMin(min);
  return next < floor ? floor : next;
}

/**
 * `decrease_<dim>_in_units(C, u, min)`: `trunc(C) − trunc(u)`, not below the effective minimum.
 *
 * @param current provisioned units now (C)
 * @param units the decrease, in units (u)
 * @param min the configured minimum; 0 or undefined means none
 */
export function decreaseInUnits(current: number, units: number, min: number | undefined): number {
  const next = Math.trunc(current) - Math.trunc(units);
  const floor = effectiveMin(min);
  return next < floor ? floor : next;
}

/**
 * `is_consumed_over_proposed(C, U, P)`: whether the consumed units, `ceil(C×P/100)`, exceed the
 * proposal U (the consumed guard of S7, #268).
 *
 * @param current provisioned units now (C)
 * @param proposed the proposed units (U)
 * @param consumedPercent consumption in percent of `current` (P)
 */
export function isConsumedOverProposed(current: number, proposed: number, consumedPercent: number): boolean {
  return Math.ceil(current * (consumedPercent / 100)) > proposed;
}
