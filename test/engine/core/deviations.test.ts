/**
 * One test per deliberate difference from dd 2.5.1 (spec §14), each showing what dd does and
 * what the engine does instead. The conf-parsing halves of D9-D12 are covered by the parser's
 * tests; these are the decision halves.
 */
import { decreaseInPercent, decreaseInUnits, effectiveMin } from '../../../src/engine/core/calculators';
import { circuitBreakersInUse } from '../../../src/engine/core/circuit-breaker';
import { decide, DecideOutput, EngineState, MetricSums } from '../../../src/engine/core/decide';
import { parseMaintenanceWindows } from '../../../src/engine/core/maintenance-window';
import { DEFAULT_MAX_CAPACITY, EnginePolicy } from '../../../src/engine/core/policy';
import { validatePolicy as validateWith } from '../../../src/engine/core/validate';
import { parseDdConfig } from '../../../src/engine/dd-conf/dd-config';
import { DD_OPTION_NAMING } from '../../../src/engine/dd-conf/dd-options';
import { check, countersOf, decisionOf, inputOf, NOON, pctSums, policyOf, target, updateOf } from '../builders';

// Checked with dd's option names, as a dynamic-dynamodb.conf reports them.
const validatePolicy = (p: EnginePolicy) => validateWith(p, DD_OPTION_NAMING);

const MIN = 60_000;
const HOUR = 3_600_000;

/** Runs checks in sequence, chaining state and applying updates to the table's capacity. */
function chain(policy: ReturnType<typeof policyOf>, steps: Array<{ sums: MetricSums; at?: number; status?: string }>): DecideOutput[] {
  let state: EngineState = { counters: { tables: {}, gsis: {} } };
  let read = 100;
  let write = 100;
  return steps.map((s, i) => {
    const out = check({ policy, sums: { t: s.sums }, state, nowMs: s.at ?? NOON + i * 5 * MIN, table: { read, write, status: s.status ?? 'ACTIVE' } });
    state = out.state;
    const u = updateOf(out);
    if (u) [read, write] = u;
    return out;
  });
}

test('D1: an up-scale capped by max goes to max even when consumption exceeds max (dd: no change)', () => {
  const out = check({ policy: policyOf(target({ reads: { max: 120 } })), sums: { t: pctSums(130, 50) } });
  expect(updateOf(out)).toEqual([120, 100]);
  expect(decisionOf(out, 'reads').reasons).toContain('scale up to 120 (consumed 130.00% > upper threshold 90%: +50%, capped at max 120)');
});

test('D1: the consumed guard still cancels a decrease below consumed units', () => {
  const out = check({ policy: policyOf(target({ reads: { decreaseWith: 90 } })), sums: { t: pctSums(25, 50) } });
  expect(out.updates).toEqual([]);
  expect(decisionOf(out, 'reads')).toMatchObject({ updateNeeded: false, proposedUnits: 100, counterOut: 1 });
  expect(decisionOf(out, 'reads').reasons).toContain('no decrease to 10: 25 units are consumed');
});

describe('D2: always-decrease-rw-together means both dimensions decrease together', () => {
  const policy = policyOf(target({ alwaysDecreaseRwTogether: true }));
  test('a decrease while the other dimension stays is held back and keeps its counter (dd: applied, #302)', () => {
    const [first, second] = chain(policy, [{ sums: pctSums(10, 50) }, { sums: pctSums(10, 50) }]);
    expect(first.updates).toEqual([]);
    expect(countersOf(first)).toEqual({ reads: 1, writes: 0 });
    expect(second.updates).toEqual([]);
    expect(countersOf(second)).toEqual({ reads: 2, writes: 0 });
  });
  test('a decrease paired with an increase is held back, the increase goes', () => {
    const out = check({ policy, sums: { t: pctSums(10, 95) } });
    expect(updateOf(out)).toEqual([100, 150]);
    expect(countersOf(out)).toEqual({ reads: 1, writes: 0 });
  });
  test('both decreasing go out together and reset both counters', () => {
    const out = check({ policy, sums: { t: pctSums(10, 10) } });
    expect(updateOf(out)).toEqual([50, 50]);
    expect(countersOf(out)).toEqual({ reads: 0, writes: 0 });
  });
});

describe('D3: consecutive means consecutive; a counter resets only when its change is applied', () => {
  const low = pctSums(10, 50);
  const mid = pctSums(50, 50);
  test('without a reset percent, a check between the thresholds resets the counter (dd: fires on the 4th check)', () => {
    const outs = chain(policyOf(target({ reads: { checksBeforeScaleDown: 3 } })), [
      { sums: low }, { sums: mid }, { sums: low }, { sums: low }, { sums: low },
    ]);
    expect(outs.map((o) => countersOf(o).reads)).toEqual([1, 0, 1, 2, 0]);
    expect(outs.map((o) => updateOf(o))).toEqual([undefined, undefined, undefined, undefined, [50, 100]]);
  });
  test('with a reset percent, dd\'s rule holds: only consumption at or above it resets', () => {
    const outs = chain(policyOf(target({ reads: { checksBeforeScaleDown: 3, checksResetPercent: 60 } })), [
      { sums: low }, { sums: mid }, { sums: low }, { sums: low },
    ]);
    expect(outs.map((o) => countersOf(o).reads)).toEqual([1, 1, 2, 0]);
    expect(updateOf(outs[3])).toEqual([50, 100]);
  });
  test('a decrease not applied because the table is UPDATING keeps its counter (dd: reset)', () => {
    const [held, next] = chain(policyOf(target()), [{ sums: low, status: 'UPDATING' }, { sums: low }]);
    expect(held.updates).toEqual([]);
    expect(countersOf(held)).toEqual({ reads: 1, writes: 0 });
    expect(decisionOf(next, 'reads')).toMatchObject({ counterIn: 1, counterOut: 2, updateNeeded: true });
    expect(countersOf(next)).toEqual({ reads: 0, writes: 0 });
  });
});

test('D4: the table reads throttle path adds increase-reads-with, not increase-consumed-reads-with', () => {
  const policy = policyOf(target({ reads: { increaseConsumedWith: 10, throttledUpperThreshold: 5 } }));
  const out = check({ policy, sums: { t: { ...pctSums(50, 50), ReadThrottleEvents: 100 } } });
  expect(updateOf(out)).toEqual([150, 100]); // dd: 110
  expect(decisionOf(out, 'reads').reasons).toContain('scale up to 150 (100 throttled requests > 5: +50%)');
});

test.each([
  ['table reads', null, 'reads'],
  ['GSI reads', 'g', 'reads'],
  ['GSI writes', 'g', 'writes'],
] as const)('D5: %s refuse to scale down while throttled (dd: only table writes)', (_what, gsi, dimension) => {
  const t = target({ both: { max: 100, throttledUpperThreshold: 10 } });
  const throttle: MetricSums = dimension === 'reads' ? { ReadThrottleEvents: 50 } : { WriteThrottleEvents: 50 };
  const out = check({
    policy: policyOf(t, [['^g$', t]]),
    gsis: { g: { read: 100, write: 100 } },
    sums: { [gsi === null ? 't' : 't:g']: { ...pctSums(10, 10), ...throttle } },
  });
  expect(decisionOf(out, dimension, gsi)).toMatchObject({ updateNeeded: false, proposedUnits: 100 });
  expect(decisionOf(out, dimension, gsi).reasons).toContain('no scale-down while throttled: 50 throttled requests > 10');
});

describe('D6: GSIs honour decrease-consumed-* and granular down-scaling (dd ignored them, #310)', () => {
  test('a decrease scale', () => {
    const g = target({ reads: { decreaseConsumedScale: [[20, 10]], decreaseConsumedWith: 5 } });
    const out = check({ policy: policyOf(target(), [['^g$', g]]), gsis: { g: { read: 100, write: 100 } }, sums: { 't:g': pctSums(10, 50) } });
    expect(updateOf(out, 'g')).toEqual([90, 100]); // dd: 50
  });
  test('decrease-consumed-with and -unit', () => {
    const g = target({ reads: { decreaseConsumedWith: 20, decreaseConsumedUnit: 'units' } });
    const out = check({ policy: policyOf(target(), [['^g$', g]]), gsis: { g: { read: 100, write: 100 } }, sums: { 't:g': pctSums(10, 50) } });
    expect(updateOf(out, 'g')).toEqual([80, 100]); // dd: 50
  });
});

test('D7: a decrease is floored at min only, with no 2x cap (dd: min(min, 2C))', () => {
  expect(effectiveMin(150)).toBe(150);
  expect(decreaseInPercent(10, 50, 150)).toBe(150); // dd: 20
  expect(decreaseInUnits(10, 7, 150)).toBe(150); // dd: 20
  const prov = { read: 10, write: 100 };
  const out = check({ policy: policyOf(target({ reads: { min: 100 } })), table: prov, sums: { t: pctSums(1, 50, prov) } });
  expect(decisionOf(out, 'reads').reasons).toContain('consumed 1.00% < lower threshold 30%: -50% gives 100; consecutive low checks 1/1');
  expect(updateOf(out)).toEqual([100, 100]);
});

describe('D8: consumption against what was provisioned during the window; throttles counted once', () => {
  const policy = policyOf(target({ reads: { lowerThreshold: 40 } }));
  test('after an up-scale, the old traffic is not mistaken for low utilisation', () => {
    const sums: MetricSums = { ConsumedReadCapacityUnits: 60 * 300, ConsumedWriteCapacityUnits: 50 * 300, ProvisionedReadCapacityUnits: 100 };
    const out = check({ policy, table: { read: 200, write: 100 }, sums: { t: sums } });
    expect(decisionOf(out, 'reads').consumedPercent).toBe(60); // dd: 30%, below 40, so it halved the table
    expect(decisionOf(out, 'reads').reasons[0]).toBe('consumed 60.00% of 100 reads units, the average provisioned during the window (200 now)');
    expect(out.updates).toEqual([]);
    const dd = check({ policy, table: { read: 200, write: 100 }, sums: { t: { ...sums, ProvisionedReadCapacityUnits: undefined } } });
    expect(updateOf(dd)).toEqual([100, 100]);
  });
  test('high utilisation of the window\'s capacity scales up from the current capacity', () => {
    const sums: MetricSums = { ConsumedReadCapacityUnits: 95 * 300, ConsumedWriteCapacityUnits: 50 * 300, ProvisionedReadCapacityUnits: 100 };
    expect(updateOf(check({ policy, table: { read: 200, write: 100 }, sums: { t: sums } }))).toEqual([300, 100]);
  });
  test('throttles of overlapping windows drive one increase, not one per check (#259)', () => {
    const p = policyOf(target({ reads: { throttledUpperThreshold: 10 } }));
    const throttled = { ...pctSums(50, 50), ReadThrottleEvents: 100 };
    const outs = chain(p, [
      { sums: throttled, at: NOON },
      { sums: throttled, at: NOON + MIN }, // window [11:46, 11:51) overlaps [11:45, 11:50)
      { sums: throttled, at: NOON + 5 * MIN }, // window [11:50, 11:55): new throttles
    ]);
    expect(outs.map((o) => updateOf(o))).toEqual([[150, 100], undefined, [225, 100]]);
    expect(outs[0].state.throttleCountedUntil).toEqual({ t: { reads: NOON - 10 * MIN } });
    expect(decisionOf(outs[1], 'reads').reasons[0]).toBe('throttles before 2017-08-12T11:50:00.000Z already drove an increase: not counted again');
  });
  test('back-to-back windows are not taken as overlapping because of a few seconds of schedule jitter', () => {
    const p = policyOf(target({ reads: { throttledUpperThreshold: 10 } }));
    const throttled = { ...pctSums(50, 50), ReadThrottleEvents: 100 };
    // Windows overlapping by up to THROTTLE_OVERLAP_TOLERANCE_MS (here 20 s) are back to back.
    const outs = chain(p, [{ sums: throttled, at: NOON + 10_000 }, { sums: throttled, at: NOON + 5 * MIN - 10_000 }]);
    expect(outs.map((o) => updateOf(o))).toEqual([[150, 100], [225, 100]]);
  });
  test('back-to-back windows are not taken as overlapping when the checks fall either side of :30 s (12:00:31, 12:05:29)', () => {
    const p = policyOf(target({ reads: { throttledUpperThreshold: 10 } }));
    const throttled = { ...pctSums(50, 50), ReadThrottleEvents: 100 };
    const outs = chain(p, [{ sums: throttled, at: NOON + 31_000 }, { sums: throttled, at: NOON + 5 * MIN + 29_000 }]);
    // The first window ends at 11:50:31, the second starts at 11:50:29: 2 s of schedule jitter, not an overlap.
    expect(outs[0].state.throttleCountedUntil).toEqual({ t: { reads: NOON - 10 * MIN + 31_000 } });
    expect(outs.map((o) => updateOf(o))).toEqual([[150, 100], [225, 100]]);
  });
});

describe('D9: no division by zero, no crash', () => {
  test('an on-demand table is skipped with a clear message and its counters are kept', () => {
    const state: EngineState = { counters: { tables: { t: { reads: 2, writes: 1 } }, gsis: {} } };
    const out = check({ policy: policyOf(target()), table: { read: 0, write: 0 }, sums: { t: pctSums(10, 10) }, state });
    expect(out.updates).toEqual([]);
    expect(decisionOf(out, 'reads').reasons).toEqual(['skipped: table has no provisioned capacity (on-demand?), read 0, write 0']);
    expect(countersOf(out)).toEqual({ reads: 2, writes: 1 });
  });
  test('throttled-by-consumed with zero consumption is 0%', () => {
    const policy = policyOf(target({ reads: { increaseThrottledByConsumedScale: [[1, 50]] } }));
    const out = check({ policy, sums: { t: { ConsumedReadCapacityUnits: 0, ReadThrottleEvents: 50, ConsumedWriteCapacityUnits: 15000 } } });
    expect(out.updates).toEqual([]);
  });
  test('a lookback period of 0 is skipped, not divided by', () => {
    const out = check({ policy: policyOf(target({ lookbackPeriod: 0 })), sums: { t: pctSums(10, 10) } });
    expect(out.updates).toEqual([]);
    expect(decisionOf(out, 'reads').reasons).toEqual(['skipped: lookback-period is 0, consumption cannot be measured']);
  });
  test('a malformed circuit-breaker URL is a validation error, not an exit at run time', () => {
    const policy = policyOf(target(), [], { circuitBreaker: { url: 'cb.example/up', timeoutMs: 10000 } });
    expect(validatePolicy(policy).map((p) => p.option)).toContain('circuit-breaker-url');
  });
});

describe('D10: maintenance windows may cross midnight and tolerate spacing', () => {
  const policy = policyOf(target({ maintenanceWindows: parseMaintenanceWindows(' 23:00 - 1:00 ').windows }));
  test.each([
    ['00:30', Date.UTC(2017, 7, 12, 0, 30), [50, 50]],
    ['23:00', Date.UTC(2017, 7, 12, 23, 0), [50, 50]],
    ['12:00', NOON, undefined],
  ])('at %s', (_t, nowMs, expected) => {
    expect(updateOf(check({ policy, sums: { t: pctSums(10, 10) }, nowMs }))).toEqual(expected);
  });
});

test('D11: no [global]/[logging] needed; min defaults to 1 and max to 40000', () => {
  const parsed = parseDdConfig('[table: ^t$]\nincrease-reads-unit: percent\ndecrease-reads-unit: percent\n'
    + 'increase-writes-unit: percent\ndecrease-writes-unit: percent\n');
  expect(parsed.errors).toEqual([]);
  const policy = parsed.policy!;
  expect(policy.tables[0].policy.reads).toMatchObject({ min: 1, max: DEFAULT_MAX_CAPACITY });
  const up = decide(inputOf({ policy, table: { read: 30000, write: 2 }, sums: { t: pctSums(95, 10, { read: 30000, write: 2 }) } }));
  expect(updateOf(up)).toEqual([40000, 1]);
});

test('D12: the first matching GSI section wins (dd applied every matching one)', () => {
  const policy = policyOf(target(), [['^g', target()], ['^g1', target({ reads: { increaseWith: 10 } })]]);
  const out = check({ policy, gsis: { g1: { read: 100, write: 100 } }, sums: { 't:g1': pctSums(95, 50) } });
  expect(out.updates).toEqual([expect.objectContaining({ gsi: 'g1', reads: 150, writes: 100 })]);
  expect(out.decisions.filter((d) => d.gsi === 'g1')).toHaveLength(2);
});

describe('D13: one poll per URL per check, GSIs inherit their table\'s circuit breaker', () => {
  const A = 'https://status.example/table';
  const B = 'https://status.example/gsi';
  const tableCb = target({ circuitBreaker: { url: A, timeoutMs: 2500 } });
  test('a GSI without its own URL uses its table\'s, and both share one outcome', () => {
    const policy = policyOf(tableCb, [['^g', target()]], { circuitBreaker: { url: 'https://status.example/global', timeoutMs: 10000 } });
    const tables = { t: { read: 100, write: 100, gsis: { g1: { read: 100, write: 100 }, g2: { read: 100, write: 100 } } } };
    expect(circuitBreakersInUse(policy, tables)).toEqual([{ url: A, timeoutMs: 2500 }]);
    const sums = { 't': pctSums(95, 95), 't:g1': pctSums(95, 95), 't:g2': pctSums(95, 95) };
    const out = decide({ ...inputOf({ policy, sums }), tables, circuitBreakers: { [A]: { status: 500 } } });
    expect(out.updates).toEqual([]);
    expect(out.decisions.every((d) => d.reasons[0].startsWith(`circuit breaker ${A} is open (HTTP 500)`))).toBe(true);
  });
  test('a GSI with its own URL follows that one', () => {
    const policy = policyOf(tableCb, [['^g$', target({ circuitBreaker: { url: B, timeoutMs: 10000 } })]]);
    const out = check({ policy, gsis: { g: { read: 100, write: 100 } }, sums: { 't': pctSums(95, 95), 't:g': pctSums(95, 95) }, circuitBreakers: { [A]: { status: 503 }, [B]: { status: 204 } } });
    expect(out.updates.map((u) => u.gsi)).toEqual(['g']);
  });
});

test('D14: an alarm is notified when its state changes, not on every check', () => {
  const policy = policyOf(target({
    reads: { upperAlarmThreshold: 75 },
    writes: { upperAlarmThreshold: 75 },
    snsTopicArn: 'arn:aws:sns:us-east-1:1:t',
    snsMessageTypes: ['high-throughput-alarm'],
  }));
  const steps = [pctSums(80, 50), pctSums(80, 50), pctSums(50, 50), pctSums(80, 50), pctSums(80, 80)];
  let state: EngineState = { counters: { tables: {}, gsis: {} } };
  const subjects = steps.map((sums, i) => {
    const out = check({ policy, sums: { t: sums }, state, nowMs: NOON + i * 5 * MIN });
    state = out.state;
    return out.notifications.map((n) => n.message);
  });
  expect(subjects).toEqual([
    ['t - Consumed Read Capacity 80.000000% was greater than or equal to the upper alarm threshold 75.000000%\n'],
    [],
    [],
    ['t - Consumed Read Capacity 80.000000% was greater than or equal to the upper alarm threshold 75.000000%\n'],
    ['t - Consumed Read Capacity 80.000000% was greater than or equal to the upper alarm threshold 75.000000%\n'
      + 't - Consumed Write Capacity 80.000000% was greater than or equal to the upper alarm threshold 75.000000%\n'],
  ]);
  expect(state.alarms).toEqual({ t: 'high-throughput-alarm:reads,writes' });
});

describe('D15: decreases are planned against DynamoDB\'s decrease quota', () => {
  const policy = policyOf(target());
  const low = { t: pctSums(10, 10) };
  test.each([
    ['4 today, last 30 min ago', 4, NOON - 30 * MIN, 0, undefined],
    ['4 today, last 61 min ago', 4, NOON - 61 * MIN, 0, [50, 50]],
    ['27 today', 27, NOON - 2 * HOUR, 0, undefined],
    ['27 yesterday', 27, NOON - 24 * HOUR, 0, [50, 50]],
    ['3 today with 1 in reserve: the last one at any time stays with the operator', 3, NOON - 2 * HOUR, 1, undefined],
    ['2 today with 1 in reserve', 2, NOON - 2 * HOUR, 1, [50, 50]],
    ['4 today, last 2 h ago, with 1 in reserve: the hourly decrease stays with the operator', 4, NOON - 2 * HOUR, 1, undefined],
    ['0 today with 3 in reserve', 0, undefined, 3, [50, 50]],
    ['3 today, last a minute ago', 3, NOON - MIN, 0, [50, 50]],
  ])('%s', (_what, decreasesToday, lastDecreaseMs, reserve, expected) => {
    const p = policyOf(target({ decreaseReserve: reserve }));
    const out = check({ policy: p, sums: low, table: { read: 100, write: 100, decreasesToday, lastDecreaseMs } });
    expect(updateOf(out)).toEqual(expected);
    // A decrease held back by the quota keeps its counter (D3), so it goes out at the next chance.
    expect(countersOf(out)).toEqual(expected ? { reads: 0, writes: 0 } : { reads: 1, writes: 1 });
  });
  test('an increase still goes out when the quota holds the paired decrease back', () => {
    const out = check({ policy, sums: { t: pctSums(95, 10) }, table: { read: 100, write: 100, decreasesToday: 27, lastDecreaseMs: NOON - HOUR } });
    expect(out.updates).toEqual([expect.objectContaining({ reads: 150, writes: 100, isDecrease: false, increaseOnly: null })]);
    expect(decisionOf(out, 'writes').reasons).toContain('decrease quota used up: 27 of 27 decreases today (UTC): decreases held back');
  });
  test('LimitExceededException is still handled: a mixed update carries its increase-only retry', () => {
    const out = check({ policy, sums: { t: pctSums(95, 10) } });
    expect(out.updates).toEqual([expect.objectContaining({ reads: 150, writes: 50, isDecrease: true, increaseOnly: { reads: 150, writes: 100 } })]);
  });
});

describe('D16: with up-scaling disabled, a dimension throttled above its threshold is not decreased either', () => {
  // dd reads the throttle count twice: candidate D of the up-scaling step (skipped when up-scaling
  // is disabled) and, for table writes only, the scale-down gate. So with up-scaling off dd
  // decreases table reads while they are throttled, and holds the writes.
  const policy = policyOf(target({ both: { enableUpScaling: false, throttledUpperThreshold: 10 } }));
  const throttled = (events: number): MetricSums => ({ ...pctSums(10, 10), ReadThrottleEvents: events, WriteThrottleEvents: events });

  test('reads and writes at 10 % with 50 throttled requests > 10: no change (dd: reads 100 -> 50, writes held)', () => {
    const out = check({ policy, sums: { t: throttled(50) } });
    expect(out.updates).toEqual([]);
    for (const dimension of ['reads', 'writes'] as const) {
      expect(decisionOf(out, dimension)).toMatchObject({ updateNeeded: false, proposedUnits: 100, counterOut: 0 });
      expect(decisionOf(out, dimension).reasons).toEqual(expect.arrayContaining([
        `up-scaling disabled (enable-${dimension}-up-scaling = false)`,
        'no scale-down while throttled: 50 throttled requests > 10',
      ]));
    }
  });

  test('with the throttle count at the threshold, the same check decreases both', () => {
    const out = check({ policy, sums: { t: throttled(10) } });
    expect(updateOf(out)).toEqual([50, 50]);
  });
});
