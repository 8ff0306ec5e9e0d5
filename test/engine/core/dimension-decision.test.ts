/**
 * The per-dimension rules S0-S8 (spec §5), one row per rule, through `decideDimension`.
 */
import { Dimension } from '../../../src/engine/core/decide-types';
import { decideDimension, DimensionMetrics } from '../../../src/engine/core/dimension-decision';
import { DimensionPolicy } from '../../../src/engine/core/policy';
import { dim } from '../builders';

function m(current: number, consumedPercent: number, o: Partial<DimensionMetrics> = {}): DimensionMetrics {
  return {
    current,
    consumedPercent,
    consumedPercentOfCurrent: consumedPercent,
    throttleCount: 0,
    throttleCountForIncrease: o.throttleCount ?? 0,
    throttledByProvisionedPercent: 0,
    throttledByConsumedPercent: 0,
    ...o,
  };
}

interface Row {
  readonly rule: string;
  readonly policy: Partial<DimensionPolicy>;
  readonly metrics: DimensionMetrics;
  readonly counterIn?: number;
  readonly dimension?: Dimension;
  /** [updateNeeded, proposedUnits, counterOut] */
  readonly expected: [boolean, number, number];
  readonly reason?: string;
}

const rows: Row[] = [
  { rule: 'S0 autoscaling disabled: nothing, counter reset, no clamp', policy: { enableAutoscaling: false, max: 50 }, metrics: m(100, 95), counterIn: 3, expected: [false, 100, 0] },
  { rule: 'S2 reset percent: P >= reset resets the counter', policy: { checksResetPercent: 50, checksBeforeScaleDown: 5 }, metrics: m(100, 60), counterIn: 3, expected: [false, 100, 0] },
  { rule: 'S2 then S4: reset below lower both resets and counts', policy: { checksResetPercent: 20, checksBeforeScaleDown: 3 }, metrics: m(100, 25), counterIn: 2, expected: [false, 100, 1] },
  { rule: 'S3 Cc: consumed above the upper threshold', policy: {}, metrics: m(100, 95), expected: [true, 150, 0] },
  { rule: 'S3 Cc: strictly above (90 is not > 90)', policy: {}, metrics: m(100, 90), expected: [false, 100, 0] },
  { rule: 'S3 Cc: consumed > 100% scales from consumed units (#227)', policy: {}, metrics: m(100, 150), expected: [true, 225, 0] },
  { rule: 'S3 Cc: increase-consumed-with and -unit override', policy: { increaseConsumedWith: 7, increaseConsumedUnit: 'units' }, metrics: m(100, 95), expected: [true, 107, 0] },
  { rule: 'S3 Cc: a consumed scale replaces the threshold', policy: { increaseConsumedScale: [[50, 10], [80, 25]] }, metrics: m(100, 60), expected: [true, 110, 0] },
  { rule: 'S3 Cc: a consumed scale disables the threshold (zero bucket)', policy: { increaseConsumedScale: [[0, 0]] }, metrics: m(100, 99), expected: [false, 100, 0] },
  { rule: 'S3 A: throttled-by-provisioned scale', policy: { increaseThrottledByProvisionedScale: [[1, 20]] }, metrics: m(100, 50, { throttledByProvisionedPercent: 2 }), expected: [true, 120, 0] },
  { rule: 'S3 A: its own unit', policy: { increaseThrottledByProvisionedScale: [[1, 7]], increaseThrottledByProvisionedUnit: 'units' }, metrics: m(200, 50, { throttledByProvisionedPercent: 2 }), expected: [true, 207, 0] },
  { rule: 'S3 B: throttled-by-consumed scale', policy: { increaseThrottledByConsumedScale: [[5, 30]] }, metrics: m(100, 50, { throttledByConsumedPercent: 6 }), expected: [true, 130, 0] },
  { rule: 'S3 D: throttle count above threshold', policy: { throttledUpperThreshold: 10 }, metrics: m(100, 50, { throttleCount: 11 }), expected: [true, 150, 0] },
  { rule: 'S3 D: throttle count equal to threshold does nothing', policy: { throttledUpperThreshold: 10 }, metrics: m(100, 50, { throttleCount: 10 }), expected: [false, 100, 0] },
  { rule: 'S3 D: threshold 0 disables', policy: { throttledUpperThreshold: 0 }, metrics: m(100, 50, { throttleCount: 1e6 }), expected: [false, 100, 0] },
  { rule: 'S3: the largest candidate wins', policy: { throttledUpperThreshold: 1, increaseThrottledByProvisionedScale: [[1, 20]] }, metrics: m(100, 95, { throttleCount: 5, throttledByProvisionedPercent: 3 }), expected: [true, 150, 0] },
  { rule: 'S3: a scale-up resets the counter', policy: {}, metrics: m(100, 95), counterIn: 4, expected: [true, 150, 0] },
  { rule: 'S3: up-scaling disabled', policy: { enableUpScaling: false }, metrics: m(100, 95), expected: [false, 100, 0] },
  { rule: 'S3: the increase is capped by max', policy: { max: 120 }, metrics: m(100, 95), expected: [true, 120, 0] },
  { rule: 'S4: consumed below lower decreases', policy: {}, metrics: m(100, 10), expected: [true, 50, 1] },
  { rule: 'S4: not below the lower threshold', policy: {}, metrics: m(100, 30), expected: [false, 100, 0] },
  { rule: 'S4: decrease-consumed-with and -unit override', policy: { decreaseConsumedWith: 30, decreaseConsumedUnit: 'units' }, metrics: m(100, 10), expected: [true, 70, 1] },
  { rule: 'S4: a decrease scale ignores the lower threshold', policy: { decreaseConsumedScale: [[100, 10]] }, metrics: m(100, 60), expected: [true, 90, 1] },
  { rule: 'S4: down-scaling disabled (D3: does not count, so the counter resets)', policy: { enableDownScaling: false }, metrics: m(100, 10), counterIn: 2, expected: [false, 100, 0] },
  { rule: 'S4: 0% does not scale down by default', policy: {}, metrics: m(100, 0), expected: [false, 100, 0] },
  { rule: 'S4: 0% scales down when allowed', policy: { allowScaleDownAtZeroPercent: true }, metrics: m(100, 0), expected: [true, 50, 1] },
  { rule: 'S4: consecutive checks: counts until N', policy: { checksBeforeScaleDown: 3 }, metrics: m(100, 10), counterIn: 1, expected: [false, 100, 2] },
  { rule: 'S4: consecutive checks: fires at N', policy: { checksBeforeScaleDown: 3 }, metrics: m(100, 10), counterIn: 2, expected: [true, 50, 3] },
  { rule: 'S4: a decrease equal to C does not count', policy: { min: 100 }, metrics: m(100, 10), counterIn: 0, expected: [false, 100, 0] },
  { rule: 'S4: a decrease of more than 100% floors at min', policy: { decreaseWith: 120, allowScaleDownAtZeroPercent: true }, metrics: m(100, 0), expected: [true, 5, 1] },
  { rule: 'S5: above max clamps down at once', policy: { checksBeforeScaleDown: 5 }, metrics: m(2000, 50), expected: [true, 1000, 0] },
  { rule: 'S6: below min clamps up even with up-scaling disabled', policy: { min: 500, enableUpScaling: false }, metrics: m(10, 50), expected: [true, 500, 0] },
  { rule: 'S7: no decrease below consumed units, counter still counts', policy: { decreaseWith: 90, checksBeforeScaleDown: 2 }, metrics: m(100, 25), counterIn: 1, expected: [false, 100, 2] },
  { rule: 'S7: the max clamp is a decrease, so it is guarded too', policy: {}, metrics: m(2000, 60), expected: [false, 2000, 0] },
];

test.each(rows.map((r) => [r.rule, r] as const))('%s', (_rule, r) => {
  const reasons: string[] = [];
  const out = decideDimension(r.dimension ?? 'reads', dim(r.policy), r.metrics, r.counterIn ?? 0, reasons);
  expect([out.updateNeeded, out.proposedUnits, out.counterOut]).toEqual(r.expected);
  expect(reasons.length).toBeGreaterThan(0);
  expect(reasons.every((s) => typeof s === 'string' && s.length > 0)).toBe(true);
});

test('reasons are optional and do not change the decision', () => {
  for (const r of rows) {
    const a = decideDimension('reads', dim(r.policy), r.metrics, r.counterIn ?? 0, undefined);
    const b = decideDimension('reads', dim(r.policy), r.metrics, r.counterIn ?? 0, []);
    expect(a).toEqual(b);
  }
});

test('throttleDriven marks an increase proposed by a throttle metric', () => {
  expect(decideDimension('writes', dim({ throttledUpperThreshold: 1 }), m(100, 50, { throttleCount: 5 }), 0, undefined).throttleDriven).toBe(true);
  expect(decideDimension('writes', dim({ throttledUpperThreshold: 1 }), m(100, 95), 0, undefined).throttleDriven).toBe(false);
});
