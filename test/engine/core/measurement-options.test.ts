/**
 * This project's measurement and sizing options (not dd options, off by default):
 * `increasesAgainstCurrentCapacity` judges increases against the capacity now while decreases
 * keep D8, `countThrottledAsConsumed` adds the window's throttled requests to its consumed
 * units, and `lookbackWindowStartMax` waits for a window CloudWatch has not published yet by
 * moving the next one back, and `maxIncreasePercent` caps one increase. With all off, every
 * decision is dd's with D1-D16 (the golden vectors pin that).
 */
import * as fc from 'fast-check';
import { decide, DecideOutput, EngineState, LOOKBACK_PROBE_AFTER, MetricSums, queryWindow } from '../../../src/engine/core/decide';
import { DEFAULT_TARGET_POLICY, EnginePolicy, TargetPolicy } from '../../../src/engine/core/policy';
import { metricWindow } from '../../../src/engine/core/statistics';
import { validatePolicy as validateWith } from '../../../src/engine/core/validate';
import { parseDdConfig } from '../../../src/engine/dd-conf/dd-config';
import { DD_OPTION_NAMING } from '../../../src/engine/dd-conf/dd-options';
import { check, decisionOf, policyOf, target, updateOf } from '../builders';

// Checked with dd's option names, as a dynamic-dynamodb.conf reports them.
const validatePolicy = (p: EnginePolicy) => validateWith(p, DD_OPTION_NAMING);

const WINDOW_SECS = 300;

/** Sums of a 5-minute window: `consumed` and `throttled` units per second, provisioned `prov` on average. */
function sums(consumed: number, throttled?: number, prov?: number): MetricSums {
  return {
    ConsumedReadCapacityUnits: consumed * WINDOW_SECS,
    ConsumedWriteCapacityUnits: 50 * WINDOW_SECS,
    ...(throttled !== undefined ? { ReadThrottleEvents: throttled * WINDOW_SECS } : {}),
    ...(prov !== undefined ? { ProvisionedReadCapacityUnits: prov } : {}),
  };
}

describe('defaults keep dd\'s behaviour (with D8)', () => {
  test('both options are off by default', () => {
    expect(DEFAULT_TARGET_POLICY.increasesAgainstCurrentCapacity).toBe(false);
    expect(DEFAULT_TARGET_POLICY.countThrottledAsConsumed).toBe(false);
    expect(DEFAULT_TARGET_POLICY.lookbackWindowStartMax).toBeUndefined();
  });
  test('without lookbackWindowStartMax an empty window is read as dd reads it and the window never moves', () => {
    const t = target({ lookbackWindowStart: 3, lookbackPeriod: 1, reads: { allowScaleDownAtZeroPercent: true } });
    const out = check({ policy: policyOf(t), sums: { t: {} } });
    expect(updateOf(out)).toEqual([50, 100]);
    expect(out.state.lookbackShift).toBeUndefined();
    expect(queryWindow(t, out.state, 't')).toEqual(metricWindow(3, 1));
  });
});

describe('increasesAgainstCurrentCapacity', () => {
  const off = policyOf(target({ reads: { lowerThreshold: 40 } }));
  const on = policyOf(target({ reads: { lowerThreshold: 40 }, increasesAgainstCurrentCapacity: true }));

  test('a window read after an increase (95 % of the old 100 units, 200 now) asks for no second increase', () => {
    const table = { read: 200, write: 100 };
    // D8 alone: 95 % of the window's 100 units is above 90 %: +50 % of 200.
    expect(updateOf(check({ policy: off, table, sums: { t: sums(95, undefined, 100) } }))).toEqual([300, 100]);
    const out = check({ policy: on, table, sums: { t: sums(95, undefined, 100) } });
    expect(out.updates).toEqual([]);
    // The decrease side still reads D8's 95 %, so the table is not halved either.
    expect(decisionOf(out, 'reads').consumedPercent).toBe(95);
  });

  test('decreases keep D8: old traffic after an up-scale is not mistaken for low utilisation', () => {
    // 60 of the window's 100 units, 200 now: dd would see 30 % (< 40) and halve the table.
    const out = check({ policy: on, table: { read: 200, write: 100 }, sums: { t: sums(60, undefined, 100) } });
    expect(out.updates).toEqual([]);
    expect(decisionOf(out, 'reads').consumedPercent).toBe(60);
  });

  test('an increase judged against the current capacity says so', () => {
    const out = check({ policy: on, table: { read: 100, write: 100 }, sums: { t: sums(95, undefined, 80) } });
    expect(updateOf(out)).toEqual([150, 100]);
    expect(decisionOf(out, 'reads').reasons).toContain('scale up to 150 (consumed 95.00% of the current capacity > upper threshold 90%: +50%)');
  });

  test('throttled-by-provisioned % is measured against the current capacity too', () => {
    const scale = { increaseThrottledByProvisionedScale: [[10, 20], [20, 100]] as Array<[number, number]> };
    // 15 throttled units/s: 15 % of the window's 100 units, 7.5 % of the 200 now.
    const table = { read: 200, write: 100 };
    expect(updateOf(check({ policy: policyOf(target({ reads: scale })), table, sums: { t: sums(50, 15, 100) } }))).toEqual([240, 100]);
    const current = policyOf(target({ reads: scale, increasesAgainstCurrentCapacity: true }));
    expect(check({ policy: current, table, sums: { t: sums(50, 15, 100) } }).updates).toEqual([]);
  });

  test('without a Provisioned datapoint both sides read the current capacity, as dd', () => {
    const a = check({ policy: off, sums: { t: sums(95) } });
    const b = check({ policy: on, sums: { t: sums(95) } });
    expect(b.updates).toEqual(a.updates);
    expect(updateOf(b)).toEqual([150, 100]);
  });
});

describe('countThrottledAsConsumed', () => {
  const scale = { upperThreshold: 90, increaseConsumedScale: [[90, 20], [100, 33]] as Array<[number, number]> };

  test('throttled requests are demand: 80 consumed + 40 throttled units/s of 100 is 120 %, sized from 120', () => {
    const off = check({ policy: policyOf(target({ reads: scale })), sums: { t: sums(80, 40) } });
    expect(off.updates).toEqual([]);
    expect(decisionOf(off, 'reads').consumedPercent).toBe(80);
    const on = check({ policy: policyOf(target({ reads: scale, countThrottledAsConsumed: true })), sums: { t: sums(80, 40) } });
    expect(decisionOf(on, 'reads').consumedPercent).toBe(120);
    // dd's calculator grows from the consumed base above 100 %: 120 + ceil(120 × 33 %) = 160.
    expect(updateOf(on)).toEqual([160, 100]);
  });

  test('a window with throttles and no consumed datapoint counts the throttles alone', () => {
    const policy = policyOf(target({ reads: scale, countThrottledAsConsumed: true }));
    const out = check({ policy, sums: { t: { ReadThrottleEvents: 150 * WINDOW_SECS, ConsumedWriteCapacityUnits: 50 * WINDOW_SECS } } });
    expect(decisionOf(out, 'reads').consumedPercent).toBe(150);
    expect(updateOf(out)).toEqual([200, 100]);
  });

  test('a window without throttles is unchanged, and throttled-by-consumed % still divides by consumed units only', () => {
    const p = { ...scale, increaseThrottledByConsumedScale: [[50, 10], [100, 60]] as Array<[number, number]> };
    const a = check({ policy: policyOf(target({ reads: p })), sums: { t: sums(70) } });
    const b = check({ policy: policyOf(target({ reads: p, countThrottledAsConsumed: true })), sums: { t: sums(70) } });
    expect(decisionOf(b, 'reads').consumedPercent).toBe(decisionOf(a, 'reads').consumedPercent);
    // 60 throttled / 60 consumed = 100 % throttled-by-consumed (not 50 %): +60 %, from the consumed
    // base of 120 units (60 + 60 throttled): 120 + 72.
    const byConsumed = policyOf(target({ reads: { ...p, upperThreshold: 200, increaseConsumedScale: undefined }, countThrottledAsConsumed: true }));
    const c = check({ policy: byConsumed, sums: { t: sums(60, 60) } });
    expect(updateOf(c)).toEqual([192, 100]);
  });

  test('throttled demand holds back a decrease that consumption alone would allow', () => {
    const low = { lowerThreshold: 40 };
    expect(updateOf(check({ policy: policyOf(target({ reads: low })), sums: { t: sums(20, 30) } }))).toEqual([50, 100]);
    expect(check({ policy: policyOf(target({ reads: low, countThrottledAsConsumed: true })), sums: { t: sums(20, 30) } }).updates).toEqual([]);
  });
});

describe('both options: a rise is answered once, however often its window is read again', () => {
  const policyWith = (t: Partial<TargetPolicy>): EnginePolicy => policyOf(target({
    reads: { min: 1, max: 40000, upperThreshold: 90, lowerThreshold: 30, increaseConsumedScale: [[90, 20], [95, 27], [100, 33]] },
    ...t,
  }));
  const both = policyWith({ increasesAgainstCurrentCapacity: true, countThrottledAsConsumed: true });

  test('a property: re-reading the window that drove an increase, once it applies, asks for nothing more', () => {
    fc.assert(fc.property(
      fc.integer({ min: 1, max: 5000 }),
      fc.double({ min: 0, max: 20, noNaN: true }),
      fc.double({ min: 0, max: 20, noNaN: true }),
      fc.boolean(),
      (capacity, consumedShare, throttledShare, withProvisioned) => {
        const s: MetricSums = {
          ConsumedReadCapacityUnits: consumedShare * capacity * WINDOW_SECS,
          ReadThrottleEvents: throttledShare * capacity * WINDOW_SECS,
          ConsumedWriteCapacityUnits: 50 * WINDOW_SECS,
          ...(withProvisioned ? { ProvisionedReadCapacityUnits: capacity } : {}),
        };
        const first = check({ policy: both, table: { read: capacity, write: 100 }, sums: { t: s } });
        const up = updateOf(first);
        if (!up || up[0] <= capacity) return;
        // The same window (the table was at `capacity` then), read again once the increase applied.
        const again = decide({
          nowMs: Date.UTC(2017, 7, 12, 12, 1),
          policy: both,
          tables: { t: { read: up[0], write: 100 } },
          metricSums: { t: s },
          state: { counters: { tables: {}, gsis: {} } },
          explain: false,
        });
        expect(again.updates.filter((u) => u.reads > u.fromReads)).toEqual([]);
      },
    ), { numRuns: 500 });
  });

  test('with D8 alone the same re-read compounds (why the options exist)', () => {
    const d8 = policyWith({});
    const s = { ...sums(95, undefined, 100) };
    const first = updateOf(check({ policy: d8, table: { read: 100, write: 100 }, sums: { t: s } }))!;
    const second = updateOf(check({ policy: d8, table: { read: first[0], write: 100 }, sums: { t: s } }))!;
    expect(second[0]).toBeGreaterThan(first[0]);
    expect(check({ policy: both, table: { read: first[0], write: 100 }, sums: { t: s } }).updates).toEqual([]);
  });
});

describe('lookbackWindowStartMax: a window not yet published is waited for', () => {
  const t = target({
    lookbackWindowStart: 3, lookbackWindowStartMax: 6, lookbackPeriod: 1, reads: { allowScaleDownAtZeroPercent: true, checksBeforeScaleDown: 2 },
  });
  const policy = policyOf(t);
  const ONE_MIN: MetricSums = { ConsumedReadCapacityUnits: 20 * 60, ConsumedWriteCapacityUnits: 20 * 60 };

  /** Runs checks a minute apart from `state`, each given the Sums `sumsAt(window)` for the window the engine asked for. */
  function run(
    steps: number, sumsAt: (startMinutesBeforeNow: number, i: number) => MetricSums, state0?: EngineState,
  ): Array<{ out: DecideOutput; start: number }> {
    let state: EngineState = state0 ?? { counters: { tables: {}, gsis: {} } };
    const outs: Array<{ out: DecideOutput; start: number }> = [];
    for (let i = 0; i < steps; i++) {
      const w = queryWindow(t, state, 't');
      const out = check({ policy, sums: { t: sumsAt(w.startMinutesBeforeNow, i) }, state, nowMs: Date.UTC(2017, 7, 12, 12, i) });
      outs.push({ out, start: w.startMinutesBeforeNow });
      state = out.state;
    }
    return outs;
  }

  test('an empty window holds the check (no change, counters kept) and the next window starts a minute earlier', () => {
    const state: EngineState = { counters: { tables: { t: { reads: 1, writes: 0 } }, gsis: {} } };
    const out = check({ policy, sums: { t: {} }, state });
    expect(out.updates).toEqual([]);
    expect(decisionOf(out, 'reads').counterOut).toBe(1);
    expect(decisionOf(out, 'reads').reasons).toEqual(['held: the window [now-3, now-2) has no datapoint yet; the next check reads one starting a minute earlier']);
    expect(out.state.lookbackShift).toEqual({ t: { minutes: 1, published: 0 } });
    expect(queryWindow(t, out.state, 't')).toEqual(metricWindow(4, 1));
  });

  test('data published 4 minutes late: the window moves back until it holds data, so the same minute is read once published', () => {
    // Minute k (counted back from the first check) is published 4 minutes after it ends: at check i the newest
    // published minute starts 5 minutes back.
    const outs = run(6, (start) => (start >= 5 ? ONE_MIN : {}));
    expect(outs.map((o) => o.start)).toEqual([3, 4, 5, 5, 5, 5]);
    expect(outs.slice(0, 2).every((o) => o.out.updates.length === 0)).toBe(true);
    // From the third check on the window has data: 20 % of 100 units is low; the 2nd low check decreases.
    expect(outs.map((o) => decisionOf(o.out, 'reads').counterOut)).toEqual([0, 0, 1, 2, 1, 2]);
    expect(updateOf(outs[3].out)).toEqual([50, 50]);
  });

  test('once data arrives on time again the window moves a minute fresher every LOOKBACK_PROBE_AFTER published windows', () => {
    expect(LOOKBACK_PROBE_AFTER).toBe(10);
    const outs = run(22, () => ONE_MIN, { counters: { tables: {}, gsis: {} }, lookbackShift: { t: { minutes: 2, published: 0 } } });
    expect(outs.map((o) => o.start)).toEqual([...Array(10).fill(5), ...Array(10).fill(4), 3, 3]);
    expect(outs[21].out.state.lookbackShift).toBeUndefined();
  });

  test('a fresher window that is not published yet is held and the window moves back: one minute is skipped per try', () => {
    // CloudWatch stays 2 minutes behind lookback-window-start: only windows starting 5 or more minutes back hold data.
    const shifted: EngineState = { counters: { tables: {}, gsis: {} }, lookbackShift: { t: { minutes: 2, published: 0 } } };
    const outs = run(24, (start) => (start >= 5 ? ONE_MIN : {}), shifted);
    expect(outs.map((o) => o.start)).toEqual([...Array(10).fill(5), 4, ...Array(10).fill(5), 4, 5, 5]);
    expect(outs.filter((o) => decisionOf(o.out, 'reads').reasons[0]?.startsWith('held')).length).toBe(2);
  });

  test('at lookbackWindowStartMax an empty window is idle, read as dd reads it', () => {
    const outs = run(5, () => ({}));
    expect(outs.map((o) => o.start)).toEqual([3, 4, 5, 6, 6]);
    expect(outs.slice(0, 3).every((o) => o.out.updates.length === 0)).toBe(true);
    // 0 % with allow-scaling-down-reads-on-0-percent: counted at the first check at the maximum, applied at the second.
    expect(decisionOf(outs[3].out, 'reads').counterOut).toBe(1);
    expect(updateOf(outs[4].out)).toEqual([50, 100]);
  });

  test('the throttles of a moved window are marked as counted by that window\'s end (D8)', () => {
    const p = policyOf(target({ lookbackWindowStart: 3, lookbackWindowStartMax: 6, lookbackPeriod: 1, reads: { throttledUpperThreshold: 10 } }));
    const shifted: EngineState = { counters: { tables: {}, gsis: {} }, lookbackShift: { t: { minutes: 2, published: 0 } } };
    const out = check({ policy: p, sums: { t: { ...ONE_MIN, ReadThrottleEvents: 100 } }, state: shifted });
    expect(updateOf(out)?.[0]).toBe(150);
    expect(out.state.throttleCountedUntil).toEqual({ t: { reads: Date.UTC(2017, 7, 12, 12) - 4 * 60_000 } });
  });

  test('a property: the window stays within [lookback-window-start, lookbackWindowStartMax], and a held check changes nothing', () => {
    fc.assert(fc.property(
      fc.array(fc.boolean(), { minLength: 1, maxLength: 30 }),
      fc.integer({ min: 1, max: 5 }), fc.integer({ min: 0, max: 5 }),
      (published, start, room) => {
        const tp = target({
          lookbackWindowStart: start, lookbackWindowStartMax: start + room, lookbackPeriod: 1, reads: { allowScaleDownAtZeroPercent: true },
        });
        let state: EngineState = { counters: { tables: { t: { reads: 1, writes: 1 } }, gsis: {} } };
        published.forEach((has, i) => {
          const w = queryWindow(tp, state, 't');
          expect(w.startMinutesBeforeNow).toBeGreaterThanOrEqual(start);
          expect(w.startMinutesBeforeNow).toBeLessThanOrEqual(start + room);
          const out = check({ policy: policyOf(tp), sums: { t: has ? ONE_MIN : {} }, state, nowMs: Date.UTC(2017, 7, 12, 12, i) });
          if (!has && w.startMinutesBeforeNow < start + room) {
            expect(out.updates).toEqual([]);
            expect(out.state.counters).toEqual(state.counters);
          }
          state = out.state;
        });
      },
    ), { numRuns: 300 });
  });

  test('validation: lookbackWindowStartMax is an integer at or above lookback-window-start', () => {
    const problems = validatePolicy(policyOf(target({ lookbackWindowStart: 3, lookbackWindowStartMax: 2 })));
    expect(problems.map((p) => p.message)).toContain('lookback-window-start-max (2) must be an integer >= 3');
    expect(validatePolicy(policyOf(target({ lookbackWindowStart: 3, lookbackWindowStartMax: 3 })))).toEqual([]);
  });
});

describe('maxIncreasePercent: one increase adds at most this share of the current capacity', () => {
  const demand = { upperThreshold: 90, increaseConsumedScale: [[90, 20], [100, 33]] as Array<[number, number]> };

  test('a spike of 5x the capacity is answered with +90 %, not +565 %', () => {
    const uncapped = check({ policy: policyOf(target({ reads: demand, countThrottledAsConsumed: true })), sums: { t: sums(100, 400) } });
    expect(updateOf(uncapped)?.[0]).toBe(665);
    const capPolicy = policyOf(target({ reads: { ...demand, maxIncreasePercent: 90 }, countThrottledAsConsumed: true }));
    const capped = check({ policy: capPolicy, sums: { t: sums(100, 400) } });
    expect(updateOf(capped)?.[0]).toBe(190);
    expect(decisionOf(capped, 'reads').reasons).toContain(
      'scale up to 190 (consumed 500.00% scale: +33%, capped at +90% (max-increase-reads-percent))');
  });

  test('an increase below the cap is unchanged, any increase adds at least one unit, and 0 means no cap', () => {
    const p = (cap: number) => policyOf(target({ reads: { ...demand, maxIncreasePercent: cap } }));
    expect(updateOf(check({ policy: p(90), sums: { t: sums(95) } }))?.[0]).toBe(120);
    const small = { ...sums(95), ConsumedReadCapacityUnits: 9.5 * WINDOW_SECS };
    expect(updateOf(check({ policy: p(1), table: { read: 10, write: 100 }, sums: { t: small } }))?.[0]).toBe(11);
    expect(updateOf(check({ policy: p(0), sums: { t: sums(300) } }))?.[0]).toBe(399);
  });

  test('the min clamp is not capped', () => {
    const out = check({ policy: policyOf(target({ reads: { min: 500, maxIncreasePercent: 10 } })), sums: { t: sums(50) } });
    expect(updateOf(out)?.[0]).toBe(500);
  });

  test('a property: no increase exceeds the cap, and the cap never turns an increase into no change', () => {
    fc.assert(fc.property(
      fc.integer({ min: 1, max: 5000 }), fc.double({ min: 0, max: 30, noNaN: true }), fc.double({ min: 0, max: 30, noNaN: true }),
      fc.integer({ min: 1, max: 300 }),
      (capacity, consumedShare, throttledShare, cap) => {
        const s: MetricSums = {
          ConsumedReadCapacityUnits: consumedShare * capacity * WINDOW_SECS,
          ReadThrottleEvents: throttledShare * capacity * WINDOW_SECS,
          ConsumedWriteCapacityUnits: 50 * WINDOW_SECS,
        };
        const reads = { min: 1, max: 40000, ...demand };
        const table = { read: capacity, write: 100 };
        const free = updateOf(check({ policy: policyOf(target({ reads, countThrottledAsConsumed: true })), table, sums: { t: s } }));
        const capPolicy = policyOf(target({ reads: { ...reads, maxIncreasePercent: cap }, countThrottledAsConsumed: true }));
        const capped = updateOf(check({ policy: capPolicy, table, sums: { t: s } }));
        if (!free || free[0] <= capacity) return;
        expect(capped).toBeDefined();
        expect(capped![0]).toBeGreaterThan(capacity);
        expect(capped![0]).toBeLessThanOrEqual(Math.max(capacity + 1, capacity + Math.ceil((capacity * cap) / 100)));
        expect(capped![0]).toBeLessThanOrEqual(free[0]);
      },
    ), { numRuns: 500 });
  });

  test('validation: an integer >= 0', () => {
    const problems = validatePolicy(policyOf(target({ reads: { maxIncreasePercent: -5 } })));
    expect(problems.map((p) => p.message)).toContain('max-increase-reads-percent (-5) must be an integer >= 0');
  });
});

describe('dynamic-dynamodb.conf: this project\'s options', () => {
  const conf = (body: string) => `[table: ^t$]\nincrease-reads-unit: percent\ndecrease-reads-unit: percent\nincrease-writes-unit: percent\ndecrease-writes-unit: percent\n${body}\n`;
  test.each([
    ['increases-against-current-capacity: true', (p: TargetPolicy) => p.increasesAgainstCurrentCapacity, true],
    ['count-throttled-as-consumed: yes', (p: TargetPolicy) => p.countThrottledAsConsumed, true],
    ['lookback-window-start: 3\nlookback-period: 1\nlookback-window-start-max: 6', (p: TargetPolicy) => p.lookbackWindowStartMax, 6],
    ['', (p: TargetPolicy) => p.lookbackWindowStartMax, undefined],
    ['max-increase-reads-percent: 90', (p: TargetPolicy) => p.reads.maxIncreasePercent, 90],
    ['max-increase-writes-percent: 50', (p: TargetPolicy) => [p.reads.maxIncreasePercent, p.writes.maxIncreasePercent], [undefined, 50]],
    ['', (p: TargetPolicy) => p.increasesAgainstCurrentCapacity, false],
    ['', (p: TargetPolicy) => p.countThrottledAsConsumed, false],
  ])('%s', (body, read, expected) => {
    const parsed = parseDdConfig(conf(body));
    expect(parsed.errors).toEqual([]);
    expect(read(parsed.policy!.tables[0].policy)).toEqual(expected);
  });

  test('a value that is not a boolean is an error naming the option', () => {
    const parsed = parseDdConfig(conf('count-throttled-as-consumed: sometimes'));
    expect(parsed.errors.map((e) => e.message)).toEqual([
      "count-throttled-as-consumed expects true/false, yes/no, on/off or 1/0, got 'sometimes'",
    ]);
  });
});
