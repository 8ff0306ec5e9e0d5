/** fixed2 prints exactly what toFixed(2) prints. */
import * as fc from 'fast-check';
import { fixed2 } from '../../../src/engine/core/fixed2';

test('property: fixed2(x) === x.toFixed(2) for any double', () => {
  fc.assert(fc.property(fc.double({ noNaN: true }), (x) => fixed2(x) === x.toFixed(2)), { numRuns: 20_000 });
});

test('property: the same for percentages, near ties included', () => {
  const tie = fc.integer({ min: -100_000, max: 100_000 }).map((k) => (k + 0.5) / 100);
  const near = fc.tuple(tie, fc.integer({ min: -3, max: 3 })).map(([t, ulps]) => t + ulps * Number.EPSILON * Math.max(1, Math.abs(t)));
  const any = fc.oneof(fc.double({ min: -1000, max: 1000, noNaN: true }), tie, near);
  fc.assert(fc.property(any, (x) => fixed2(x) === x.toFixed(2)), { numRuns: 20_000 });
});

test.each([0, -0, 1.005, 4.35, 0.145, -0.001, 99.995, 1e20, -1e21, Infinity, -Infinity, NaN])('%p', (x) => {
  expect(fixed2(x)).toBe(x.toFixed(2));
});
