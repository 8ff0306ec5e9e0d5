/**
 * This project's decrease options (not dd options, off by default):
 * `checksBeforeRepeatedScaleDown` lets the next decrease of one low stretch follow after fewer
 * checks, and `decreasePeakHalfLifeMinutes` sizes a decrease from the recent peak of the low
 * checks that led to it instead of the last window alone.
 */
import * as fc from 'fast-check';
import { decide, DecideOutput, EngineState, MetricSums } from '../../../src/engine/core/decide';
import { DEFAULT_DIMENSION_POLICY, EnginePolicy, ScaleDict, TargetPolicy } from '../../../src/engine/core/policy';
import { settleUpdate } from '../../../src/engine/core/settle';
import { checkPolicy as checkWith, validatePolicy as validateWith } from '../../../src/engine/core/validate';
import { parseDdConfig } from '../../../src/engine/dd-conf/dd-config';
import { DD_OPTION_NAMING } from '../../../src/engine/dd-conf/dd-options';
import { check, decisionOf, inputOf, policyOf, target, updateOf } from '../builders';

// These rules are checked with dd's option names, as a dynamic-dynamodb.conf reports them.
const checkPolicy = (p: EnginePolicy) => checkWith(p, DD_OPTION_NAMING);
const validatePolicy = (p: EnginePolicy) => validateWith(p, DD_OPTION_NAMING);

const MINUTE = 60_000;
const START = Date.UTC(2026, 0, 5, 12);

/** A one-minute window with `reads` consumed units per second (writes steady at 50 of 100). */
function minute(reads: number): MetricSums {
  return { ConsumedReadCapacityUnits: reads * 60, ConsumedWriteCapacityUnits: 50 * 60 };
}

/** A policy on one-minute windows; decreases from consumed % (the default scale lands near 70 %). */
function policyWith(reads: object, scale: ScaleDict = [[10, 80], [20, 70], [30, 55], [40, 40]]): EnginePolicy {
  return policyOf(target({ lookbackWindowStart: 3, lookbackPeriod: 1, reads: { decreaseConsumedScale: scale, ...reads } }), [], {
    checkIntervalSeconds: 60,
  });
}

/** Runs one check a minute, every update sent, starting at `capacity`. */
function run(policy: EnginePolicy, reads: number[], capacity = 1000): { outs: DecideOutput[]; capacities: number[] } {
  let state: EngineState = { counters: { tables: {}, gsis: {} } };
  let current = capacity;
  const outs: DecideOutput[] = [];
  const capacities: number[] = [];
  reads.forEach((r, i) => {
    const out = check({ policy, table: { read: current, write: 100 }, sums: { t: minute(r) }, state, nowMs: START + i * MINUTE });
    outs.push(out);
    current = updateOf(out)?.[0] ?? current;
    capacities.push(current);
    state = out.state;
  });
  return { outs, capacities };
}

describe('defaults keep dd\'s behaviour', () => {
  test('both options are unset, and no peak is kept', () => {
    expect(DEFAULT_DIMENSION_POLICY.checksBeforeRepeatedScaleDown).toBeUndefined();
    expect(DEFAULT_DIMENSION_POLICY.decreasePeakHalfLifeMinutes).toBeUndefined();
    const { outs } = run(policyWith({ checksBeforeScaleDown: 2 }), [300, 50]);
    expect(outs.every((o) => o.state.lowChecksPeak === undefined)).toBe(true);
  });
});

describe('checksBeforeRepeatedScaleDown', () => {
  test('after a decrease, the next one of the same low stretch follows after this many checks', () => {
    // 100 units/s of 1000 is 10 %: -80 % gives 200; then 30 of 200 is 15 %: -70 % gives 60; 30 of 60 is 50 %: no entry.
    const plain = run(policyWith({ checksBeforeScaleDown: 3 }), [100, 100, 100, 30, 30, 30, 30]);
    expect(plain.capacities).toEqual([1000, 1000, 200, 200, 200, 60, 60]);
    const repeated = run(policyWith({ checksBeforeScaleDown: 3, checksBeforeRepeatedScaleDown: 1 }), [100, 100, 100, 30, 30, 30, 30]);
    expect(repeated.capacities).toEqual([1000, 1000, 200, 60, 60, 60, 60]);
    expect(repeated.outs[2].state.counters.tables.t).toEqual({ reads: 2, writes: 0 });
    expect(decisionOf(repeated.outs[2], 'reads').reasons).toContain(
      'once sent, the next decrease needs 1 more consecutive low checks (num-read-checks-before-repeated-scale-down)');
  });

  test('a check that does not count still resets the counter (D3)', () => {
    // 90 of 200 is 45 %, above the scale's last entry: the stretch ends.
    const { capacities, outs } = run(policyWith({ checksBeforeScaleDown: 3, checksBeforeRepeatedScaleDown: 1 }), [100, 100, 100, 90, 30]);
    expect(capacities).toEqual([1000, 1000, 200, 200, 200]);
    expect(outs[3].state.counters.tables.t).toEqual({ reads: 0, writes: 0 });
    expect(outs[4].state.counters.tables.t).toEqual({ reads: 1, writes: 0 });
  });

  test('an increase is followed by the whole count, as without the option', () => {
    const { outs } = run(policyWith({ checksBeforeScaleDown: 3, checksBeforeRepeatedScaleDown: 1 }), [475], 500);
    expect(updateOf(outs[0])).toEqual([750, 100]);
    expect(outs[0].state.counters.tables.t).toEqual({ reads: 0, writes: 0 });
  });

  test('a decrease DynamoDB refused keeps the counted checks; a sent one gets the head start (settleUpdate)', () => {
    const policy = policyWith({ checksBeforeScaleDown: 3, checksBeforeRepeatedScaleDown: 1 });
    const input = inputOf({
      policy,
      table: { read: 1000, write: 100 },
      sums: { t: minute(100) },
      nowMs: START,
      state: { counters: { tables: { t: { reads: 2, writes: 0 } }, gsis: {} } },
    });
    const out = decide(input);
    const update = out.updates[0];
    expect(update.reads).toBe(200);
    expect(settleUpdate(input, out, update, null).counters.tables.t).toEqual({ reads: 3, writes: 0 });
    expect(settleUpdate(input, out, update, { reads: 200, writes: 100 }).counters.tables.t).toEqual({ reads: 2, writes: 0 });
  });

  test('validation: an integer >= 1; above checksBeforeScaleDown it is a warning', () => {
    expect(validatePolicy(policyWith({ checksBeforeRepeatedScaleDown: 0 })).map((p) => p.message)).toContain(
      'num-read-checks-before-repeated-scale-down (0) must be an integer >= 1');
    const checked = checkPolicy(policyWith({ checksBeforeScaleDown: 2, checksBeforeRepeatedScaleDown: 5 }));
    expect(checked.errors).toEqual([]);
    expect(checked.warnings.map((p) => p.message)).toEqual([
      'num-read-checks-before-repeated-scale-down (5) is above num-read-checks-before-scale-down (2): a repeated decrease never '
      + 'needs more checks than the first, so it needs 2',
    ]);
  });
});

describe('decreasePeakHalfLifeMinutes', () => {
  test('a decrease is sized from the recent peak of the low checks, not from one quiet minute', () => {
    // 300 then 100 units/s on 1000: the last minute alone is 10 % (-80 %: 200, which 300 would throttle).
    const plain = run(policyWith({ checksBeforeScaleDown: 2 }), [300, 100]);
    expect(plain.capacities).toEqual([1000, 200]);
    // With a 1-minute half-life the 300 of a minute ago weighs 150: 15 % is sized by the 20 % entry, -70 %.
    const halfLife1 = run(policyWith({ checksBeforeScaleDown: 2, decreasePeakHalfLifeMinutes: 1 }), [300, 100]);
    expect(halfLife1.capacities).toEqual([1000, 300]);
    expect(decisionOf(halfLife1.outs[1], 'reads').reasons).toContain(
      'consumed 10.00%, recent peak of the low checks 15.00%: decrease scale -70% gives 300; consecutive low checks 2/2');
    // With a 60-minute half-life the peak is nearly 300: 29.7 % is sized by the 30 % entry: -55 %.
    const halfLife60 = run(policyWith({ checksBeforeScaleDown: 2, decreasePeakHalfLifeMinutes: 60 }), [300, 100]);
    expect(halfLife60.capacities).toEqual([1000, 450]);
  });

  test('the peak is kept in the state with its time, and forgotten when the low stretch ends', () => {
    const { outs } = run(policyWith({ checksBeforeScaleDown: 5, decreasePeakHalfLifeMinutes: 2 }), [300, 100, 450, 100]);
    expect(outs[0].state.lowChecksPeak).toEqual({ t: { reads: { unitsPerSecond: 300, atMs: START } } });
    expect(outs[1].state.lowChecksPeak?.t.reads?.unitsPerSecond).toBeCloseTo(300 * Math.SQRT1_2, 9);
    // 450 of 1000 is 45 %, above the scale: the stretch ends, and the next starts from its own first check.
    expect(outs[2].state.lowChecksPeak).toBeUndefined();
    expect(outs[3].state.lowChecksPeak?.t.reads?.unitsPerSecond).toBe(100);
  });

  test('a kept peak is ignored when the counter is 0 (e.g. after a circuit breaker reset)', () => {
    const policy = policyWith({ checksBeforeScaleDown: 1, decreasePeakHalfLifeMinutes: 60 });
    const state: EngineState = { counters: { tables: {}, gsis: {} }, lowChecksPeak: { t: { reads: { unitsPerSecond: 900, atMs: START } } } };
    const out = check({ policy, table: { read: 1000, write: 100 }, sums: { t: minute(100) }, state, nowMs: START + MINUTE });
    expect(updateOf(out)).toEqual([200, 100]);
  });

  test('a property: the peak never makes a decrease deeper than the last window alone would', () => {
    fc.assert(fc.property(
      fc.array(fc.integer({ min: 1, max: 600 }), { minLength: 1, maxLength: 12 }), fc.double({ min: 0.5, max: 120, noNaN: true }),
      (reads, halfLife) => {
        const plain = run(policyWith({ checksBeforeScaleDown: 3 }), reads).capacities;
        const peak = run(policyWith({ checksBeforeScaleDown: 3, decreasePeakHalfLifeMinutes: halfLife }), reads).capacities;
        // Both see the same windows; until their capacities part, the peak's is never lower.
        for (let i = 0; i < reads.length; i++) {
          if (i > 0 && plain[i - 1] !== peak[i - 1]) break;
          expect(peak[i]).toBeGreaterThanOrEqual(plain[i]);
        }
      },
    ), { numRuns: 300 });
  });

  test('validation: a number >= 0', () => {
    expect(validatePolicy(policyWith({ decreasePeakHalfLifeMinutes: -1 })).map((p) => p.message)).toContain(
      'decrease-reads-peak-half-life-minutes (-1) must be a number >= 0');
    expect(validatePolicy(policyWith({ decreasePeakHalfLifeMinutes: 0 }))).toEqual([]);
    const withoutScale = checkPolicy(policyWith({ decreasePeakHalfLifeMinutes: 5 }, []));
    expect(withoutScale.errors).toEqual([]);
    expect(withoutScale.warnings.map((p) => p.message)).toEqual([
      'decrease-reads-peak-half-life-minutes (5) has no effect without decrease-consumed-reads-scale: only a decrease scale sizes '
      + 'decreases from consumption',
    ]);
  });

  test('a recent peak above every threshold of the scale proposes no decrease, and the check does not count', () => {
    // 390 then 350 units/s of 1000: the peak, 390 * 0.5^(1/60) = 385.5, is 38.6 %: the 40 % entry, -40 %.
    const within = run(policyWith({ checksBeforeScaleDown: 2, decreasePeakHalfLifeMinutes: 60 }), [390, 350]);
    expect(within.capacities).toEqual([1000, 600]);
    // Then 200 of 600 is 33 %, low on its own, but the peak (about 381 units/s) is 64 % of 600: above the scale.
    const above = run(policyWith({ checksBeforeScaleDown: 2, checksBeforeRepeatedScaleDown: 1, decreasePeakHalfLifeMinutes: 60 }),
      [390, 350, 200]);
    expect(above.capacities).toEqual([1000, 600, 600]);
    expect(above.outs[2].state.counters.tables.t).toEqual({ reads: 0, writes: 0 });
  });
});

describe('dynamic-dynamodb.conf', () => {
  const conf = (body: string) => `[table: ^t$]\nincrease-reads-unit: percent\ndecrease-reads-unit: percent\nincrease-writes-unit: percent\ndecrease-writes-unit: percent\n${body}\n`;
  test.each([
    ['num-read-checks-before-scale-down: 10\nnum-read-checks-before-repeated-scale-down: 3',
      (p: TargetPolicy) => [p.reads.checksBeforeRepeatedScaleDown, p.writes.checksBeforeRepeatedScaleDown], [3, undefined]],
    ['decrease-writes-peak-half-life-minutes: 2.5',
      (p: TargetPolicy) => [p.reads.decreasePeakHalfLifeMinutes, p.writes.decreasePeakHalfLifeMinutes], [undefined, 2.5]],
  ])('%s', (body, read, expected) => {
    const parsed = parseDdConfig(conf(body));
    expect(parsed.errors).toEqual([]);
    expect(read(parsed.policy!.tables[0].policy)).toEqual(expected);
  });
});
