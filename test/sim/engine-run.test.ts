/**
 * Custom policies run only through decide(): the simulator feeds it exactly the engine's lookback
 * window from the CloudWatch model and the DynamoDB model's DescribeTable, and applies its updates.
 */
import * as decideModule from '../../src/engine/core/decide';
import { DEFAULT_DIMENSION_POLICY, DEFAULT_TARGET_POLICY, EnginePolicy } from '../../src/engine/core/policy';
import { settleUpdate } from '../../src/engine/core/settle';
import { matchTableRule } from '../../src/engine/core/table-matching';
import { DEFAULT_PRICES } from '../../src/sim/cost';
import { ProvisionedCapacity } from '../../src/sim/dynamodb-capacity';
import { runEnginePolicy, simTableName } from '../../src/sim/engine-run';
import { Trace } from '../../src/sim/trace';

const START = Date.UTC(2026, 0, 5);
const MIN = 60_000;

function constantTrace(minutes: number, load: number): Trace {
  return { startMs: START, load: new Float64Array(minutes).fill(load), intervalSeconds: 60, rows: minutes, unitsPerSecondPerValue: 1 };
}

const DD_LIKE: EnginePolicy = {
  tables: [{ tablePattern: '^orders$', policy: DEFAULT_TARGET_POLICY, gsis: [] }],
  checkIntervalSeconds: 300,
};

afterEach(() => jest.restoreAllMocks());

describe('runEnginePolicy', () => {
  test('decide() gets the Sums of [now-15, now-10), the Average provisioned capacity and the table state', () => {
    const spy = jest.spyOn(decideModule, 'decide');
    const run = runEnginePolicy(constantTrace(60, 100), DD_LIKE, {
      name: 'dd', dimension: 'read', prices: DEFAULT_PRICES, table: { initialCapacity: 1000 }, keepTimeline: true,
    });
    // One check every 5 minutes.
    expect(spy).toHaveBeenCalledTimes(12);
    const inputs = spy.mock.calls.map((c) => c[0]);
    expect(inputs.map((i) => (i.nowMs - START) / MIN)).toEqual([0, 5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55]);
    // Before minute 15 the window holds no visible datapoint.
    expect(inputs.slice(0, 3).map((i) => i.metricSums.orders.ConsumedReadCapacityUnits)).toEqual([undefined, undefined, undefined]);
    const at15 = inputs[3];
    // The capacity has not changed since long before the window: the provisioned capacity is not
    // read (it is the current one, and GetMetricData bills every metric).
    expect(at15.metricSums.orders).toEqual({ ConsumedReadCapacityUnits: 5 * 60 * 100 });
    expect(at15.tables.orders).toEqual({
      read: 1000, write: 1, status: 'ACTIVE', decreasesToday: 0, lastDecreaseMs: undefined, capacitySinceMs: Number.NEGATIVE_INFINITY,
    });
    // 10 % consumed is below the 30 % threshold: dd halves the capacity at minute 15, applied 180 s later.
    expect(run.timeline!.capacity[17]).toBe(1000);
    expect(run.timeline!.capacity[18]).toBe(500);
    const at20 = inputs[4];
    expect(at20.tables.orders.decreasesToday).toBe(1);
    expect(at20.tables.orders.lastDecreaseMs).toBe(START + 15 * MIN);
    // The capacity changed at minute 15, so the provisioned capacity is read: the window [5, 10) holds
    // the five-minute Provisioned datapoint of [5, 10), at 1000 throughout (D8 measures against it).
    expect(at20.metricSums.orders.ProvisionedReadCapacityUnits).toBe(1000);
  });

  test('the window moves back while CloudWatch has not published it (lookbackWindowStartMax), and the simulator queries the moved window', () => {
    const policy: EnginePolicy = {
      tables: [{ tablePattern: '^orders$', policy: { ...DEFAULT_TARGET_POLICY, lookbackWindowStart: 3, lookbackWindowStartMax: 6, lookbackPeriod: 1 }, gsis: [] }],
      checkIntervalSeconds: 60,
    };
    const spy = jest.spyOn(decideModule, 'decide');
    runEnginePolicy(constantTrace(30, 100), policy, {
      name: 'p', dimension: 'read', prices: DEFAULT_PRICES, table: { initialCapacity: 1000 }, cloudWatch: { delaySeconds: 300 },
    });
    const consumed = spy.mock.calls.map((c) => c[0].metricSums.orders.ConsumedReadCapacityUnits);
    // Minute 0 is visible from minute 6 on (checks 0-5 see nothing); each later check reads a full minute,
    // except that after 10 published windows in a row one check tries a fresher window, finds it empty and is held.
    const none = undefined;
    expect(consumed).toEqual([none, none, none, none, none, none, ...Array(10).fill(6000), none, ...Array(10).fill(6000), none, 6000, 6000]);
    expect(spy.mock.calls[29][0].state.lookbackShift).toEqual({ orders: expect.objectContaining({ minutes: 3 }) });
  });

  test('the decrease quota is enforced by the DynamoDB model whatever the engine asks', () => {
    const run = runEnginePolicy(constantTrace(180, 1), { ...DD_LIKE, checkIntervalSeconds: 60 }, {
      name: 'dd', dimension: 'read', prices: DEFAULT_PRICES, table: { initialCapacity: 40000, updateDelaySeconds: 0 },
    });
    // 4 at once, then one an hour: within 3 hours at most 4 + 2.
    expect(run.result.decreases).toBeLessThanOrEqual(6);
    expect(run.result.decreases).toBeGreaterThanOrEqual(4);
  });

  test('the other dimension is held at its minimum, and always-decrease-rw-together is switched off with a note', () => {
    const policy: EnginePolicy = {
      tables: [{ tablePattern: '.*', policy: { ...DEFAULT_TARGET_POLICY, alwaysDecreaseRwTogether: true, reads: { ...DEFAULT_DIMENSION_POLICY, min: 7 } }, gsis: [] }],
      checkIntervalSeconds: 300,
    };
    const spy = jest.spyOn(decideModule, 'decide');
    const run = runEnginePolicy(constantTrace(30, 10), policy, { name: 'p', dimension: 'write', prices: DEFAULT_PRICES, table: { initialCapacity: 100 } });
    expect(run.notes).toEqual(['always-decrease-rw-together was switched off: only one dimension is simulated']);
    expect(spy.mock.calls[0][0].tables.table.read).toBe(7);
    expect(spy.mock.calls[0][0].policy.tables[0].policy.alwaysDecreaseRwTogether).toBe(false);
    expect(run.result.decreases).toBeGreaterThan(0);
  });

  test('a refused update leaves exactly the state settleUpdate gives (the counter keeps counterOut, D3)', () => {
    const policy: EnginePolicy = {
      tables: [{ tablePattern: '^orders$', policy: { ...DEFAULT_TARGET_POLICY, reads: { ...DEFAULT_DIMENSION_POLICY, checksBeforeScaleDown: 3 } }, gsis: [] }],
      checkIntervalSeconds: 300,
    };
    // DynamoDB refuses every decrease (as LimitExceededException would), whatever the engine planned.
    jest.spyOn(ProvisionedCapacity.prototype, 'update').mockImplementation(function (this: ProvisionedCapacity, _now, capacity) {
      return capacity < this.capacity ? 'LimitExceededException' : 'ValidationException';
    });
    const spy = jest.spyOn(decideModule, 'decide');
    runEnginePolicy(constantTrace(60, 100), policy, { name: 'p', dimension: 'read', prices: DEFAULT_PRICES, table: { initialCapacity: 1000 } });
    const calls = spy.mock.calls.map((c, i) => ({ input: c[0], output: spy.mock.results[i].value as decideModule.DecideOutput }));
    const refused = calls.findIndex((c) => c.output.updates.length > 0);
    expect(refused).toBeGreaterThan(0);
    const { input, output } = calls[refused];
    expect(output.updates[0]).toMatchObject({ reads: 500, fromReads: 1000, isDecrease: true });
    const decision = output.decisions.find((d) => d.dimension === 'reads')!;
    expect(decision).toMatchObject({ counterIn: 2, counterOut: 3 });
    const next = calls[refused + 1].input.state;
    expect(next).toEqual(settleUpdate(input, output, output.updates[0], null));
    expect(next.counters.tables.orders).toEqual({ reads: 3, writes: 0 });
  });

  test.each([
    [30, ['check-interval 30 s is shorter than the simulator\'s one-minute step: the policy was checked once a minute '
      + '(its running cost counts a check every 30 s)'], 10],
    [90, ['check-interval 90 s is not a whole number of minutes: each check ran at the first minute boundary at or after its time'], 7],
    [120, [], 5],
  ])('check-interval %i s: what the simulator changed is in notes', (seconds, notes, checks) => {
    const spy = jest.spyOn(decideModule, 'decide');
    const run = runEnginePolicy(constantTrace(10, 100), { ...DD_LIKE, checkIntervalSeconds: seconds }, {
      name: 'p', dimension: 'read', prices: DEFAULT_PRICES, table: { initialCapacity: 1000 },
    });
    expect(run.notes).toEqual(notes);
    expect(spy).toHaveBeenCalledTimes(checks);
  });

  test('a policy that does not manage the simulated table is an error', () => {
    expect(() => runEnginePolicy(constantTrace(10, 1), DD_LIKE, {
      name: 'dd', dimension: 'read', prices: DEFAULT_PRICES, table: { initialCapacity: 10 }, tableName: 'users',
    })).toThrow('the policy has no table rule matching the simulated table "users"; name the table with --table');
  });

  test.each([
    ['^orders$', 'orders'],
    ['orders', 'orders'],
    ['.*', 'table'],
    ['t.*', 'table'],
  ])('simTableName(%s) is %s', (pattern, name) => {
    const policy = { ...DD_LIKE, tables: [{ ...DD_LIKE.tables[0], tablePattern: pattern }] };
    expect(simTableName(policy)).toBe(name);
    expect(matchTableRule(policy, name)).toBeDefined();
  });

  test('an exact rule names the simulated table', () => {
    const { tablePattern: _p, ...rule } = DD_LIKE.tables[0];
    expect(simTableName({ ...DD_LIKE, tables: [{ ...rule, tableName: 'orders-v2' }] })).toBe('orders-v2');
  });
});
