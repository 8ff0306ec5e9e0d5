/** `.00` to `.99`: the cents of {@link fixed2}, printed once. */
const CENTS = Array.from({ length: 100 }, (_, i) => `.${String(i).padStart(2, '0')}`);

/**
 * `x.toFixed(2)`, faster: the reasons of every decision print percentages, and `toFixed` was the
 * largest cost of a check with reasons. Where float error could change the rounding (the value is
 * within a hair of a tie), where `toFixed` prints `-0.00`, or for huge values, it defers to `toFixed`.
 */
export function fixed2(x: number): string {
  const scaled = x * 100;
  const n = Math.round(scaled);
  if (!(Math.abs(scaled) < 1e15) || Math.abs(Math.abs(scaled - Math.trunc(scaled)) - 0.5) < 1e-6 || (n === 0 && x < 0)) return x.toFixed(2);
  const abs = Math.abs(n);
  const cents = abs % 100;
  return `${n < 0 ? '-' : ''}${(abs - cents) / 100}${CENTS[cents]}`;
}
