/**
 * Step policies through the check protocol (`DimensionPolicy.step`): the window's minutes are
 * asked for, the step arithmetic (step-scaling.ts) decides, the apply rules and the decrease
 * quota still hold, and a cooldown starts only with a change that was applied.
 */
import { CallOutcome, CheckAnswer, CheckRequest, CheckStep, runCheckSync } from '../../../src/engine/check';
import { policyFromJson } from '../../../src/engine/check/policy-codec';
import { decodeTableState, encodeTableState } from '../../../src/engine/check/state-codec';
import { TableState } from '../../../src/engine/check/table-state';
import { MetricSums } from '../../../src/engine/core/decide-types';
import { EnginePolicy } from '../../../src/engine/core/policy';
import { evaluateStepPolicy } from '../../../src/engine/core/step-scaling';
import { checkPolicy } from '../../../src/engine/core/validate';

const NOW = Date.UTC(2026, 11, 3, 12);
const STEP = {
  steps: [{ upper: 30, change: -20 }, { lower: 30, upper: 70, change: 0 }, { lower: 70, change: 50 }],
  adjustmentType: 'PercentChangeInCapacity',
  evaluationPeriods: 3,
  datapointsToAlarm: 2,
  cooldownSeconds: 300,
};

function policy(step: object = STEP, extra: object = {}): EnginePolicy {
  return policyFromJson({
    tables: [{
      tableName: 't',
      policy: { lookbackWindowStart: 4, lookbackPeriod: 3, reads: { min: 5, max: 1000, step }, writes: { enableAutoscaling: false }, ...extra },
      gsis: [{ indexPattern: '^plain$', policy: { reads: { min: 5, max: 1000 }, writes: { min: 5, max: 1000 } } }],
    }],
    checkIntervalSeconds: 60,
  });
}

/** A host: table `t` at `capacity` reads, its reads `utilization` % in each minute of the window (null: no datapoint). */
function host(capacity: number, utilization: Array<number | null>, update: CallOutcome = 'ok', withSeries = true, capacitySinceMs?: number) {
  const requests: CheckRequest[] = [];
  const answer = (step: CheckStep): CheckAnswer[] => step.requests.map((r) => {
    requests.push(r);
    switch (r.kind) {
      case 'describe-table':
        return {
          id: r.id,
          kind: r.kind,
          outcome: 'ok',
          snapshot: {
            read: capacity, write: 100, ...(capacitySinceMs !== undefined ? { capacitySinceMs } : {}), gsis: { plain: { read: 50, write: 50 } },
          },
        };
      case 'metrics': {
        const consumed = utilization.map((u) => (u === null ? null : (u / 100) * capacity * 60));
        const values: MetricSums = { ConsumedReadCapacityUnits: consumed.reduce<number>((a, c) => a + (c ?? 0), 0), ConsumedWriteCapacityUnits: 0 };
        return { id: r.id, kind: r.kind, outcome: 'ok', values, ...(withSeries && r.periodSeconds ? { series: { ConsumedReadCapacityUnits: consumed } } : {}) };
      }
      case 'circuit-breaker': return { id: r.id, kind: r.kind, result: { status: 200 } };
      case 'claim-state': return { id: r.id, kind: r.kind, outcome: 'ok' };
      case 'update-capacity': return { id: r.id, kind: r.kind, outcome: update };
      default: throw new Error(`a step policy asks for no ${r.kind}`);
    }
  });
  return { requests, answer };
}

function check(p: EnginePolicy, h: ReturnType<typeof host>, state?: TableState, nowMs = NOW) {
  return runCheckSync({ nowMs, policy: p, tables: ['t'], states: state ? { t: state } : {} }, h.answer);
}

test('only a target with a step policy asks for the minutes of its window', () => {
  const h = host(100, [50, 50, 50]);
  check(policy(), h);
  const metrics = h.requests.filter((r) => r.kind === 'metrics');
  expect(metrics.map((r) => [r.gsi, r.kind === 'metrics' ? r.periodSeconds : undefined])).toEqual([[null, 60], ['plain', undefined]]);
});

test('2 of 3 minutes at or above 70 %: the scale-out step adds 50 %, and its cooldown is kept in the table\'s state', () => {
  const result = check(policy(), host(100, [75, 60, 80]));
  const reads = result.decisions.find((d) => d.gsi === null && d.dimension === 'reads')!;
  expect(reads).toMatchObject({ currentUnits: 100, updateNeeded: true, proposedUnits: 150 });
  expect(result.updates.map((u) => [u.update.gsi, u.update.reads, u.sent?.reads])).toEqual([[null, 150, 150]]);
  // The same decision as the step arithmetic alone on the same minutes.
  const alone = evaluateStepPolicy({ ...(STEP as object), minCapacity: 5, maxCapacity: 1000, steps: STEP.steps } as never,
    { utilization: [75, 60, 80], currentCapacity: 100, state: {}, nowMs: NOW });
  expect(alone.newCapacity).toBe(150);
  expect(result.states.t!.table.stepScaling).toEqual({ reads: alone.state });
  expect(reads.reasons).toEqual(alone.reasons);
  // The state item carries it through its codec.
  expect(decodeTableState(encodeTableState(result.states.t!))).toEqual(result.states.t);
});

test('a refused update starts no cooldown: the next check may scale out at once', () => {
  const result = check(policy(), host(100, [75, 60, 80], 'LimitExceeded'));
  expect(result.updates[0].sent).toBeNull();
  expect(result.states.t?.table.stepScaling).toBeUndefined();
});

test('within the scale-out cooldown the capacity already added counts towards the next step', () => {
  const first = check(policy(), host(100, [75, 60, 80]));
  const state = first.states.t!;
  const second = check(policy(), host(150, [90, 90, 90]), state, NOW + 60_000);
  const alone = evaluateStepPolicy({ ...(STEP as object), minCapacity: 5, maxCapacity: 1000, steps: STEP.steps } as never,
    { utilization: [90, 90, 90], currentCapacity: 150, state: state.table.stepScaling!.reads!, nowMs: NOW + 60_000 });
  const reads = second.decisions.find((d) => d.gsi === null && d.dimension === 'reads')!;
  expect(reads.proposedUnits).toBe(alone.newCapacity ?? 150);
  expect(second.states.t!.table.stepScaling?.reads).toEqual(reads.updateNeeded ? alone.state : state.table.stepScaling!.reads);
});

test('below 30 % in 2 of 3 minutes the scale-in step removes 20 %, unless a maintenance window holds the decrease', () => {
  const down = check(policy(), host(100, [20, 25, 40]));
  expect(down.updates.map((u) => u.update.reads)).toEqual([80]);
  const held = check(policy(STEP, { maintenanceWindows: [{ startMinute: 0, endMinute: 60 }] }), host(100, [20, 25, 40]));
  expect(held.updates).toEqual([]);
  expect(held.decisions.find((d) => d.gsi === null && d.dimension === 'reads')!.heldBy).toBeDefined();
  expect(held.states.t?.table.stepScaling).toBeUndefined();
});

test('minutes without a datapoint do not breach: no change, as a CloudWatch alarm', () => {
  expect(check(policy(), host(100, [null, null, 80])).updates).toEqual([]);
  expect(check(policy(), host(100, [75, 60, 80], 'ok', false)).updates).toEqual([]);
});

test('validation names the JSON path of a step option, and asks for a window that holds the evaluated minutes', () => {
  const bad = policy({ ...STEP, steps: [{ lower: 70, change: 50 }] }, { lookbackPeriod: 2 });
  expect(checkPolicy(bad).errors.map((e) => e.message)).toEqual([
    expect.stringMatching(/^tables\[0\]\.policy\.reads\.step\.steps \(1 step\) must /),
    'tables[0].policy.lookbackPeriod (2) must be >= tables[0].policy.reads.step.evaluationPeriods (3): '
      + 'the window holds the one-minute datapoints the step alarms evaluate',
  ]);
  expect(checkPolicy(policy()).errors).toEqual([]);
});

test('minutes from before the capacity changed measured the old capacity: they do not count (no scale-in right after a scale-out)', () => {
  // 95 % of 100 consumed in each minute; the table is now at 300 since a minute ago, so the same
  // units are 31.67 % of it: read against 300 they would breach the scale-in alarm (30 %... 40 %).
  const p = policy({ ...STEP, steps: [{ upper: 40, change: -30 }, { lower: 40, upper: 80, change: 0 }, { lower: 80, change: 200 }] });
  const consumedAt100 = [95, 95, 95].map((u) => (u * 100) / 300);
  const tableUpdates = (r: ReturnType<typeof check>) => r.updates.filter((u) => u.update.gsi === null).map((u) => u.update.reads);
  expect(tableUpdates(check(p, host(300, consumedAt100, 'ok', true, NOW - 60_000)))).toEqual([]);
  // Without the change time every minute counts, and the old minutes would scale in.
  expect(tableUpdates(check(p, host(300, consumedAt100)))).toEqual([210]);
});

test('a step policy JSON is read strictly: a misspelt option, steps that are not a list of steps, an unknown step field', () => {
  const read = (step: unknown) => () => policyFromJson({ tables: [{ tableName: 't', policy: { reads: { step } } }] });
  expect(read({ scalingSteps: [], cooldown: 60 })).toThrow(/^tables\[0\]\.policy\.reads\.step\.scalingSteps is not a known step option \(accepted: steps, /);
  expect(read({})).toThrow('tables[0].policy.reads.step.steps must be a list of {"lower"?, "upper"?, "change"} steps, got undefined');
  expect(read({ steps: 'x' })).toThrow('tables[0].policy.reads.step.steps must be a list of {"lower"?, "upper"?, "change"} steps, got "x"');
  expect(read({ steps: [{ lower: 70, change: 10, size: 1 }] })).toThrow(/^tables\[0\]\.policy\.reads\.step\.steps\[0\]\.size is not a known step field/);
});
