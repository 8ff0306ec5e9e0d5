/**
 * Every public decision scenario of dd 2.5.1 (53) through `parseDdConfig` + `decide`, steps
 * chained with our own counters and capacity. Per step we compare dd's decisions
 * `(update_needed, proposed_units, counter_in, counter_out)`, its UpdateTable calls (including
 * the increase-only retry), its counters after the step, the capacity after the step, its SNS
 * messages and its circuit-breaker polls.
 *
 * A scenario may differ only where a D-number says so: it is listed in `expectedDeviations`
 * with what our engine does instead, and the test asserts both our result and that dd's
 * differs. Values only: Python 2 int/float result types are invisible in JavaScript.
 */
import { circuitBreakerPoll, circuitBreakersInUse } from '../../../src/engine/core/circuit-breaker';
import { parseDdConfig } from '../../../src/engine/dd-conf/dd-config';
import { ddVectors, Scenario, ScenarioCapacity, ScenarioStep } from '../dd-vectors';
import { runScenario, scenarioPolicy, StepRun, UpdateCall } from '../scenario-runner';

type Counters = ScenarioStep['counters_after'];
type DecisionKey = string; // `t/reads`, `t:g/writes`

/** What differs in one step; aspects left out must equal dd's. */
interface StepDeviation {
  readonly decisions?: Record<DecisionKey, { update: boolean; proposed: number; counterIn: number; counterOut: number }>;
  readonly calls?: Array<Omit<UpdateCall, 'result'> & { result?: string }>;
  readonly counters?: Counters;
  readonly provisioning?: Record<string, ScenarioCapacity>;
  /** Extra assertions on our output. */
  readonly check?: (run: StepRun) => void;
}

interface Deviation {
  readonly why: string;
  readonly steps: Record<number, StepDeviation>;
}

const call = (table: string, gsi: string | null, fromReads: number, fromWrites: number, reads: number, writes: number, result = 'ok') =>
  ({ table, gsi, from_reads: fromReads, from_writes: fromWrites, reads, writes, result });
const counters = (tables: Counters['tables'], gsis: Counters['gsis'] = {}): Counters => ({ tables, gsis });
const t = (read: number, write: number): Record<string, ScenarioCapacity> => ({ t: { read, write, status: 'ACTIVE' } });

const expectedDeviations: Record<string, Deviation> = {
  reads_up_blocked_consumed_over_max: {
    why: 'D1: the consumed guard applies to decreases only; the up-scale capped by max goes to max (120)',
    steps: {
      0: {
        decisions: { 't/reads': { update: true, proposed: 120, counterIn: 0, counterOut: 0 } },
        calls: [call('t', null, 100, 100, 120, 100)],
        provisioning: t(120, 100),
      },
    },
  },
  rw_together_reads_down_writes_up: {
    why: 'D2: the reads decrease is held back (as in dd) and keeps its counter (dd resets it)',
    steps: { 0: { counters: counters({ t: { reads: 1, writes: 0 } }) } },
  },
  rw_together_reads_up_writes_down: {
    why: 'D2: the writes decrease is held back (as in dd) and keeps its counter (dd resets it)',
    steps: { 0: { counters: counters({ t: { reads: 0, writes: 1 } }) } },
  },
  consec_rw_together: {
    why: 'D2: a decrease goes out only with a decrease of the other dimension, and a held-back decrease keeps its counter',
    steps: {
      0: { counters: counters({ t: { reads: 1, writes: 0 } }) },
      1: {
        // writes 75% stays, so the reads decrease alone is held back (dd applied it: issue #302).
        decisions: { 't/reads': { update: true, proposed: 50, counterIn: 1, counterOut: 2 } },
        calls: [],
        counters: counters({ t: { reads: 2, writes: 0 } }),
        provisioning: t(100, 150),
        check: (run) => expect(run.output.decisions[0].reasons.join('\n')).toMatch(/always-decrease-rw-together: reads decrease held back/),
      },
      2: {
        // Both low now: both decrease together, from our 100/150.
        decisions: {
          't/reads': { update: true, proposed: 50, counterIn: 2, counterOut: 3 },
          't/writes': { update: true, proposed: 75, counterIn: 0, counterOut: 1 },
        },
        calls: [call('t', null, 100, 150, 50, 75)],
        provisioning: t(50, 75),
      },
    },
  },
  maintenance_space_after_comma: {
    why: 'D10: "01:00-02:00, 10:00-11:00" is two windows, 09:00 is outside both, so the decreases wait and keep their counters (D3)',
    steps: {
      0: {
        calls: [],
        counters: counters({ t: { reads: 1, writes: 1 } }),
        provisioning: t(100, 100),
        check: (run) => expect(run.output.decisions[0].reasons).toContain('outside every maintenance window: decreases held back'),
      },
    },
  },
  maintenance_no_zero_pad: {
    why: 'D10: "9:00-17:00" is accepted, 12:00 is inside it, so the decreases go out',
    steps: { 0: { calls: [call('t', null, 100, 100, 50, 50)], provisioning: t(50, 50) } },
  },
  gsi_decrease_scale_ignored: {
    why: 'D6: the GSI honours decrease-consumed-reads-scale {20: 10}: 10% consumed gives -10% (dd ignored it and used -50%)',
    steps: {
      0: {
        decisions: { 't:g/reads': { update: true, proposed: 90, counterIn: 0, counterOut: 1 } },
        calls: [call('t', 'g', 100, 100, 90, 100)],
        provisioning: { t: { read: 100, write: 100, status: 'ACTIVE', gsis: { g: { read: 90, write: 100, status: 'ACTIVE' } } } },
      },
    },
  },
  gsi_limit_exceeded_retry: {
    why: 'D3: the writes decrease refused by LimitExceededException was not applied, so its counter is kept',
    steps: { 0: { counters: counters({ t: { reads: 0, writes: 0 } }, { 't:g': { reads: 0, writes: 1 } }) } },
  },
  gsi_resource_in_use: {
    why: 'D3: ResourceInUseException means nothing was applied, so the writes decrease keeps its counter',
    steps: { 0: { counters: counters({ t: { reads: 0, writes: 0 } }, { 't:g': { reads: 0, writes: 1 } }) } },
  },
  gsi_maintenance_outside: {
    why: 'D3: the reads decrease held back by the maintenance window keeps its counter',
    steps: { 0: { counters: counters({ t: { reads: 0, writes: 0 } }, { 't:g': { reads: 1, writes: 0 } }) } },
  },
  on_demand_zero_provisioned: {
    why: 'D9: an on-demand table (0 provisioned) is skipped with a message; dd crashed with ZeroDivisionError',
    steps: {
      0: {
        check: (run) => {
          expect(run.output.decisions.map((d) => [d.dimension, d.updateNeeded, d.reasons])).toEqual([
            ['reads', false, ['skipped: table has no provisioned capacity (on-demand?), read 0, write 0']],
            ['writes', false, ['skipped: table has no provisioned capacity (on-demand?), read 0, write 0']],
          ]);
        },
      },
    },
  },
};

const scenarios = ddVectors().decision_scenarios;
const runnable = scenarios.filter((s) => !s.config_error);

test('the 53 public scenarios (or the full file), every deviation names one of them', () => {
  expect(scenarios.length).toBeGreaterThanOrEqual(53);
  const names = new Set(scenarios.map((s) => s.name));
  expect(Object.keys(expectedDeviations).filter((n) => !names.has(n))).toEqual([]);
});

function ddDecisions(step: ScenarioStep) {
  return Object.fromEntries(step.decisions.map((d) => [
    `${d.gsi === null ? d.table : `${d.table}:${d.gsi}`}/${d.dimension}`,
    { update: d.update_needed, proposed: d.proposed_units, counterIn: d.counter_in, counterOut: d.counter_out },
  ]));
}

function ourDecisions(run: StepRun, keys: string[]) {
  return Object.fromEntries(keys.map((k) => {
    const [target, dim] = k.split('/');
    const [table, gsi] = target.split(':');
    const d = run.output.decisions.find((x) => x.table === table && x.gsi === (gsi ?? null) && x.dimension === dim);
    return [k, d && { update: d.updateNeeded, proposed: d.proposedUnits, counterIn: d.counterIn, counterOut: d.counterOut }];
  }));
}

/** dd's polls, one per URL (D13 shares a URL's outcome; a single table polls it once anyway). */
function ddPolls(step: ScenarioStep) {
  const seen = new Map<string, { url: string; timeoutMs: number; auth: string[] }>();
  for (const r of step.circuit_breaker_requests ?? []) {
    if (!seen.has(r.url)) seen.set(r.url, { url: r.url, timeoutMs: Math.round(r.timeout_seconds * 1000), auth: r.auth });
  }
  return [...seen.values()];
}

function checkStep(s: Scenario, i: number, run: StepRun, dev: StepDeviation | undefined): boolean {
  const step = s.steps[i];
  let differs = false;
  const dd = ddDecisions(step);
  const ours = ourDecisions(run, Object.keys(dd));
  const expectedDecisions = { ...dd, ...dev?.decisions };
  expect(ours).toEqual(expectedDecisions);
  if (dev?.decisions) differs ||= JSON.stringify(ours) !== JSON.stringify(dd);
  // Targets dd did not decide for (circuit breaker open, crash) must not change here either.
  for (const d of run.output.decisions) {
    const key = `${d.gsi === null ? d.table : `${d.table}:${d.gsi}`}/${d.dimension}`;
    if (!(key in dd)) expect(d.updateNeeded).toBe(false);
  }
  const check = <T>(ourValue: T, ddValue: T, override: T | undefined) => {
    if (override === undefined) {
      expect(ourValue).toEqual(ddValue);
    } else {
      expect(ourValue).toEqual(override);
      differs ||= JSON.stringify(ourValue) !== JSON.stringify(ddValue);
    }
  };
  check(run.calls, step.update_calls, dev?.calls as UpdateCall[] | undefined);
  check(run.countersAfter, step.counters_after, dev?.counters);
  check(run.provisioningAfter, step.provisioning_after, dev?.provisioning);
  expect(run.sns).toEqual(step.sns);
  const polls = circuitBreakersInUse(run.input.policy, run.input.tables).map(circuitBreakerPoll)
    .map((p) => ({ url: p.url, timeoutMs: p.timeoutMs, auth: p.username !== undefined ? [p.username, p.password] : [] }));
  expect(polls).toEqual(ddPolls(step));
  dev?.check?.(run);
  if (step.exception) differs = true;
  return differs;
}

describe.each(runnable.filter((s) => !(s.name in expectedDeviations)).map((s) => [s.name, s] as const))('%s', (_name, s) => {
  test(`${s.description}: every step matches dd`, () => {
    const runs = runScenario(s);
    expect(runs).toHaveLength(s.steps.length);
    runs.forEach((run, i) => expect(checkStep(s, i, run, undefined)).toBe(false));
  });
});

describe.each(runnable.filter((s) => s.name in expectedDeviations).map((s) => [s.name, expectedDeviations[s.name].why, s] as const))(
  '%s', (_name, why, s) => {
    test(`differs by ${why}`, () => {
      const dev = expectedDeviations[s.name];
      const runs = runScenario(s);
      const differs = runs.map((run, i) => checkStep(s, i, run, dev.steps[i]));
      expect(differs).toContain(true);
    });
  });

test.each(scenarios.filter((s) => s.config_error).map((s) => [s.name, s] as const))(
  '%s: the conf is rejected, naming the option and value', (_name, s) => {
    const parsed = parseDdConfig(s.ini);
    expect(parsed.policy).toBeUndefined();
    const expected: Record<string, { option: string; value: string }> = {
      config_min_gt_max: { option: 'min-provisioned-reads', value: '50' },
      config_float_with: { option: 'increase-reads-with', value: '12.5' },
    };
    expect(parsed.errors).toEqual([expect.objectContaining(expected[s.name])]);
    expect(() => scenarioPolicy(s)).toThrow();
  });
