/**
 * Every calculator and scale-reader vector of dd 2.5.1 (2310) through the engine's functions.
 * Values only: Python 2's int/float result types cannot be seen in JavaScript numbers.
 */
import {
  decreaseInPercent, decreaseInUnits, effectiveMin, increaseInPercent, increaseInUnits, isConsumedOverProposed,
} from '../../../src/engine/core/calculators';
import { ScaleDict } from '../../../src/engine/core/policy';
import { scaleReader, scaleReaderDecrease } from '../../../src/engine/core/scale-reader';
import { CalculatorVector, ddVectors, vectorName } from '../dd-vectors';

type Num = number | null;
const n = (x: unknown): number | undefined => (x === null ? undefined : (x as number));

/** Runs one vector through the engine function that replaces dd's. */
function run(v: CalculatorVector): unknown {
  const a = v.args;
  const fn = v.function.replace(/^calculators\.|^core\.(table|gsi)\./, '');
  switch (fn) {
    case 'increase_reads_in_percent':
    case 'increase_writes_in_percent':
      return increaseInPercent(a[0] as number, a[1] as number, n(a[2] as Num), a[3] as number);
    case 'increase_reads_in_units':
    case 'increase_writes_in_units':
      return increaseInUnits(a[0] as number, a[1] as number, n(a[2] as Num), a[3] as number);
    case 'decrease_reads_in_percent':
    case 'decrease_writes_in_percent':
      return decreaseInPercent(a[0] as number, a[1] as number, n(a[2] as Num));
    case 'decrease_reads_in_units':
    case 'decrease_writes_in_units':
      return decreaseInUnits(a[0] as number, a[1] as number, n(a[2] as Num));
    case '__get_min_reads':
    case '__get_min_writes':
      return effectiveMin(n(a[1] as Num));
    case 'is_consumed_over_proposed':
      return isConsumedOverProposed(a[0] as number, a[1] as number, a[2] as number);
    case 'scale_reader':
      return scaleReader((a[0] ?? undefined) as ScaleDict | undefined, a[1] as number);
    case 'scale_reader_decrease':
      return scaleReaderDecrease((a[0] ?? undefined) as ScaleDict | undefined, a[1] as number);
    default:
      throw new Error(`no engine function for ${v.function}`);
  }
}

/**
 * D7: dd caps the effective minimum at 2×C (a pre-2014 DynamoDB rule), so when min > 2C a
 * "decrease" returns 2C. We clamp to the minimum only, so these return trunc(min).
 * `*` stands for every decrease amount in the vectors (the floor does not depend on it).
 */
const D7_PAIRS: ReadonlyArray<readonly [number, number]> = [
  [1, 15], [1, 150], [1, 5000], [3, 15], [3, 150], [3, 5000], [10, 150], [10, 5000], [100, 5000], [1000, 5000],
];
const expectedDeviations: Record<string, string> = {};
for (const fn of ['decrease_reads_in_percent', 'decrease_writes_in_percent', 'decrease_reads_in_units', 'decrease_writes_in_units']) {
  for (const [c, min] of D7_PAIRS) expectedDeviations[`${fn}(${c}, *, ${min})`] = 'D7: clamp to min, no 2x cap';
}
for (const fn of ['__get_min_reads', '__get_min_writes']) {
  for (const [c, min] of [[1, 5], ...D7_PAIRS.filter(([current]) => current !== 1000)]) expectedDeviations[`${fn}(${c}, ${min})`] = 'D7: clamp to min, no 2x cap';
}
/**
 * Not a D-number: these two vectors call dd with an int P, which dd itself never does (R6.3),
 * and pin Python 2 integer division (150/100 == 1). Our P is always a float; we assert the
 * float semantics the generator records as `py3_result`.
 */
const PY2_INT_DIVISION: Record<string, string> = {
  'is_consumed_over_proposed(1, 1, 150 /* int */)': 'Python 2 integer division of an int P; dd always passes a float',
  'is_consumed_over_proposed(10, 14, 150 /* int */)': 'Python 2 integer division of an int P; dd always passes a float',
};

function deviationKey(v: CalculatorVector): string | undefined {
  const name = vectorName(v);
  if (name in expectedDeviations) return name;
  const wildcard = name.replace(/^(decrease_\w+)\(([^,]+), [^,]+, /, '$1($2, *, ');
  return wildcard in expectedDeviations ? wildcard : undefined;
}

const vectors = ddVectors().calculator_vectors;

test('the file holds the 2310 calculator vectors the meta announces', () => {
  expect(vectors).toHaveLength(ddVectors().meta.counts.calculator_vectors);
  expect(vectors).toHaveLength(2310);
});

const plain = vectors.filter((v) => !deviationKey(v) && !(vectorName(v) in PY2_INT_DIVISION));
test.each(plain.map((v) => [vectorName(v), v] as const))('%s matches dd', (_name, v) => {
  expect(run(v)).toEqual(v.result);
});

const d7 = vectors.filter((v) => deviationKey(v));
test.each(d7.map((v) => [vectorName(v), expectedDeviations[deviationKey(v)!], v] as const))('%s differs by %s', (_name, _why, v) => {
  const min = Math.trunc(v.function.includes('__get_min') ? (v.args[1] as number) : (v.args[2] as number));
  const ours = run(v);
  expect(ours).toBe(min);
  expect(ours).not.toEqual(v.result);
});

test('every listed D7 deviation names real vectors', () => {
  const used = new Set(d7.map((v) => deviationKey(v)));
  expect(Object.keys(expectedDeviations).filter((k) => !used.has(k))).toEqual([]);
  expect(d7).toHaveLength(240);
});

const py2 = vectors.filter((v) => vectorName(v) in PY2_INT_DIVISION);
test.each(py2.map((v) => [vectorName(v), v] as const))('%s: float semantics (py3_result), not Python 2 int division', (_name, v) => {
  expect(py2).toHaveLength(2);
  expect(run(v)).toEqual(v.py3_result?.result);
  expect(run(v)).not.toEqual(v.result);
});
