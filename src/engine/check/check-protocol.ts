/**
 * The check protocol: the one loop around a check, written once and free of I/O. A generator
 * yields what to read or send (a {@link CheckStep}) and takes the answers; the simulator and the
 * CLI answer synchronously ({@link runCheckSync}), the scaler asynchronously ({@link runCheck}).
 *
 * One check of a set of tables, in phases:
 * 1. `describe`: DescribeTable per table;
 * 2. `read`: the CloudWatch windows `queryWindow()` gives for every target the policy manages,
 *    only the metrics its rules read, each circuit breaker once per URL (D13), and the scalable
 *    targets of guarded dimensions (hybrid path);
 * 3. `decide`, per table (one table's fault never touches another's state);
 * 4. `claim`: the table's unit as it will be, written only if no other check wrote it since it was
 *    read (the host's conditional write), so of two overlapping checks only one sends;
 *    `send`: one UpdateTable per table, the table and its GSIs together, and one
 *    RegisterScalableTarget per guarded dimension whose scale-in is to be suspended or resumed;
 * 5. `retry`: after LimitExceeded, the increases alone;
 * then `settleUpdate` for every part not applied as planned (D3, D8), and the notifications that
 * may now be published: alarms, and scaling messages of what was applied.
 */
import {
  CallOutcome, CheckAnswer, CheckFault, CheckInput, CheckPhase, CheckRequest, CheckResult, CheckStep, CircuitBreakerRequest, ClaimStateRequest,
  DescribeTableRequest, IndexThroughput, MetricsRequest, ScalableTargetRef, ScalableTargetsRequest, ScaleInResult, SuspendScaleInAction, TableCheck,
  Throughput, UpdateCapacityAction, UpdateResult,
} from './check-types';
import { EMPTY_TABLE_STATE, engineStateToUnit, MISSING_TABLE_STATE_TTL_MS, TableState, targetKey, unitToEngineState } from './table-state';
import { circuitBreakerPoll, CircuitBreakerUse, circuitBreakerUses } from '../core/circuit-breaker';
import { decide, queryWindow } from '../core/decide';
import {
  CapacityUpdate, CircuitBreakerOutcome, DecideInput, DecideOutput, EngineNotification, EngineState, ManagedTargets, MetricSeries, MetricSums,
  ScalableTargets, ScaleInChange, TableSnapshot,
} from '../core/decide-types';
import { dictionary } from '../core/dictionary';
import { metricsRead, provisionedIsCurrent } from '../core/metrics-read';
import { scalingNotification } from '../core/notifications';
import { EnginePolicy } from '../core/policy';
import { SentCapacity, settleUpdate } from '../core/settle';
import { STEP_ALARM_PERIOD_SECONDS as STEP_PERIOD_SECONDS } from '../core/step-scaling';
import { ManagedTarget, managedTargets } from '../core/table-matching';

const MS_PER_MINUTE = 60_000;
const NO_DATAPOINTS: MetricSums = {};
const NO_CHANGES: readonly ScaleInChange[] = [];

/** Thrown when a host answers what was not asked, twice, not at all, or with the wrong kind. */
export class CheckProtocolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CheckProtocolError';
  }
}

/** The generator a check is: yields steps, takes each step's answers, returns the result. */
export type CheckProtocol = Generator<CheckStep, CheckResult, readonly CheckAnswer[] | undefined>;

/** One table's progress through the check. */
interface TableWork {
  readonly table: string;
  readonly before: TableState | undefined;
  snapshot?: TableSnapshot;
  /** The table's rule's policy and each managed GSI's, the table first. */
  targets: readonly ManagedTarget[];
  /** The table's rule and targets as matched once, handed to `decide`. */
  managed?: ManagedTargets;
  /** The last unit built from an engine state, reused while the state is the same object. */
  unit?: { state: EngineState; unit: TableState };
  skipped?: string;
  /** The unit to persist; undefined: leave it as it was. */
  after?: TableState | null;
  /** The table's unit in the whole-check form `decide` and `queryWindow` take. */
  state?: EngineState;
  decideInput?: DecideInput;
  output?: DecideOutput;
  /** The metrics request of each target read, with its target key. */
  readonly metrics: Array<{ key: string; request: MetricsRequest }>;
  /** The scalable targets of the table's guarded dimensions, when it has any. */
  scalable?: ScalableTargetsRequest;
  /** What became of each of `output.updates`, in their order, once sent (or not, in a dry run). */
  sent?: Sent[];
}

/** What became of a planned update: what was applied (or null) and how the last call ended. */
interface Sent {
  sent: SentCapacity | null;
  outcome: CallOutcome | 'dry-run';
}

/**
 * Runs one check as a generator. Call `next()` once to get the first step, then `next(answers)`
 * with the answers of each step; the generator returns the {@link CheckResult}.
 *
 * @throws CheckProtocolError when answers do not match the step's requests
 */
export function* checkProtocol(input: CheckInput): CheckProtocol {
  let counter = 0;
  const nextId = () => ++counter;
  const faults: CheckFault[] = [];
  const work: TableWork[] = [...new Set(input.tables)].sort().map((table) => ({
    table, before: input.states[table], targets: [], metrics: [],
  }));

  // 1. describe
  const describes: DescribeTableRequest[] = work.map((w) => ({ id: nextId(), kind: 'describe-table', table: w.table }));
  const described = answered(yield step('describe', describes), describes);
  work.forEach((w, i) => takeDescription(w, described.get(describes[i].id)!, input.nowMs, faults));

  // 2. read: the windows the engine asks for, and each circuit breaker once per URL (D13).
  const managed: Array<ManagedTargets & { table: string }> = [];
  for (const w of work) {
    const m = planTargets(w, input.policy);
    if (m) managed.push({ table: w.table, rule: m.rule, targets: m.targets });
  }
  const breakers = new Map<string, CircuitBreakerRequest>();
  for (const use of circuitBreakerUses(input.policy, managed)) breakers.set(use.breaker.url, breakerRequest(nextId(), use));
  const reads: CheckRequest[] = [...breakers.values()];
  for (const w of work) {
    planMetrics(w, input, nextId, reads);
    planScalableTargets(w, nextId, reads);
  }
  const readAnswers = reads.length > 0 ? answered(yield step('read', reads), reads) : NO_ANSWERS;
  const circuitBreakers = dictionary<CircuitBreakerOutcome>();
  for (const [url, request] of breakers) {
    const a = readAnswers.get(request.id)!;
    if (a.kind === 'circuit-breaker') circuitBreakers[url] = a.result;
  }

  // 3. decide, one table at a time.
  for (const w of work) decideTable(w, input, readAnswers, circuitBreakers, faults);

  // 4-5. send one UpdateTable per table; after LimitExceeded, the increases alone.
  let decided = work.filter((w) => w.output !== undefined && w.output.updates.length > 0);
  if (!input.dryRun && decided.length > 0) {
    // Claim each table before sending: of two overlapping checks, only one sends (see ClaimStateRequest).
    const claims: ClaimStateRequest[] = decided.map((w) => ({
      id: nextId(), kind: 'claim-state', table: w.table, state: unitOf(w, w.output!.state),
    }));
    const claimed = answered(yield step('claim', claims), claims);
    decided = decided.filter((w, i) => {
      const a = claimed.get(claims[i].id)!;
      if (a.kind !== 'claim-state' || a.outcome === 'ok') return true;
      faults.push({ table: w.table, gsi: null, action: 'ClaimState', outcome: a.outcome, ...(a.message ? { message: a.message } : {}) });
      w.skipped = a.outcome === 'conflict'
        ? 'another check of this table wrote its state first: it sends the changes, this one sends nothing'
        : `the state could not be written before sending (${a.message ?? a.outcome}): nothing sent`;
      w.output = undefined;
      return false;
    });
  }
  // Suspensions need no claim: each check registers the state its own decision wants, and the next re-asserts it.
  let changes = NO_CHANGES;
  for (const w of work) if (w.output && w.output.scaleIn.length > 0) changes = [...changes, ...w.output.scaleIn];
  const scaleIn: ScaleInResult[] = [];
  if (input.dryRun) {
    for (const w of decided) w.sent = w.output!.updates.map((): Sent => ({ sent: null, outcome: 'dry-run' }));
    for (const c of changes) scaleIn.push({ change: c, outcome: 'dry-run' });
  } else if (decided.length > 0 || changes.length > 0) {
    const actions = decided.map((w) => action(nextId(), w.table, w.output!.updates.map((u) => [u, u] as const)));
    const suspensions = changes.map((c): [ScaleInChange, SuspendScaleInAction] => [c, {
      id: nextId(), kind: 'suspend-scale-in', table: c.table, gsi: c.gsi, dimension: c.dimension, suspendedState: c.suspendedState,
    }]);
    const sends: CheckRequest[] = suspensions.length === 0 ? actions : [...actions, ...suspensions.map(([, r]) => r)];
    const sendAnswers = answered(yield step('send', sends), sends);
    for (const [c, request] of suspensions) {
      const a = sendAnswers.get(request.id)!;
      const outcome = a.kind === 'suspend-scale-in' ? a.outcome : 'error';
      scaleIn.push({ change: c, outcome });
      if (outcome !== 'ok') {
        faults.push({ table: c.table, gsi: c.gsi, action: 'RegisterScalableTarget', outcome, ...(a.kind === 'suspend-scale-in' && a.message ? { message: a.message } : {}) });
      }
    }
    const retries: Array<{ work: TableWork; action: UpdateCapacityAction; parts: Array<readonly [CapacityUpdate, SentCapacity]> }> = [];
    decided.forEach((w, i) => {
      const a = sendAnswers.get(actions[i].id)!;
      const outcome = a.kind === 'update-capacity' ? a.outcome : 'error';
      const updates = w.output!.updates;
      w.sent = updates.map((u): Sent => ({ sent: outcome === 'ok' ? u : null, outcome }));
      if (outcome === 'ok') return;
      faults.push(updateFault(w.table, a));
      // LimitExceeded is the decrease quota: retry only when a decrease can be left out.
      if (outcome !== 'LimitExceeded' || !updates.some((u) => u.isDecrease)) return;
      // DynamoDB refused a decrease (the quota): the increases of every part still go out.
      const parts = updates.flatMap((u) => {
        const retry: SentCapacity | null = u.isDecrease ? u.increaseOnly : u;
        return retry === null ? [] : [[u, retry] as const];
      });
      if (parts.length > 0) retries.push({ work: w, action: action(nextId(), w.table, parts, actions[i].id), parts });
    });
    if (retries.length > 0) {
      const retryActions = retries.map((r) => r.action);
      const retryAnswers = answered(yield step('retry', retryActions), retryActions);
      for (const r of retries) {
        const a = retryAnswers.get(r.action.id)!;
        const outcome = a.kind === 'update-capacity' ? a.outcome : 'error';
        if (outcome !== 'ok') faults.push(updateFault(r.action.table, a));
        const updates = r.work.output!.updates;
        for (const [u, retry] of r.parts) r.work.sent![updates.indexOf(u)] = { sent: outcome === 'ok' ? retry : null, outcome };
      }
    }
  }

  // 6. settle, notify, persist.
  const result = {
    decisions: [] as CheckResult['decisions'],
    updates: [] as UpdateResult[],
    scaleIn,
    notifications: [] as EngineNotification[],
    states: dictionary<TableState | null>(),
    tables: [] as TableCheck[],
    faults,
  };
  for (const w of work) settleTable(w, input, result);
  return result;
}

/** Takes a table's DescribeTable answer: its capacity, or why it is skipped (and, when gone, its state's fate). */
function takeDescription(w: TableWork, a: CheckAnswer, nowMs: number, faults: CheckFault[]): void {
  if (a.kind !== 'describe-table') return;
  if (a.outcome === 'ok' && a.snapshot) {
    w.snapshot = a.snapshot;
    return;
  }
  faults.push({ table: w.table, gsi: null, action: 'DescribeTable', outcome: a.outcome, ...(a.message ? { message: a.message } : {}) });
  if (a.outcome === 'ResourceNotFound') {
    const since = w.before?.missingSinceMs ?? nowMs;
    // Nothing stored: nothing to keep or delete. Kept a day, then deleted.
    if (w.before !== undefined) w.after = nowMs - since >= MISSING_TABLE_STATE_TTL_MS ? null : { ...w.before, missingSinceMs: since };
    w.skipped = 'the table does not exist (ResourceNotFound)';
  } else {
    w.skipped = `DescribeTable failed (${a.outcome}${a.message ? `: ${a.message}` : ''})`;
  }
}

/** The poll of a breaker (D13: once per URL), its headers naming the first target it guards. */
function breakerRequest(id: number, use: CircuitBreakerUse): CircuitBreakerRequest {
  const poll = circuitBreakerPoll(use.breaker);
  return {
    id,
    kind: 'circuit-breaker',
    url: poll.url,
    timeoutMs: poll.timeoutMs,
    ...(poll.username !== undefined ? { username: poll.username, password: poll.password } : {}),
    ...(poll.credentialsSecret !== undefined ? { credentialsSecret: poll.credentialsSecret } : {}),
    table: use.table,
    gsi: use.gsi,
  };
}

/** The table's targets (and its state in the form `decide` takes); undefined when no rule manages it. */
function planTargets(w: TableWork, policy: EnginePolicy): ReturnType<typeof managedTargets> {
  if (!w.snapshot) return undefined;
  const managed = managedTargets(policy, w.table, w.snapshot.gsis ? Object.keys(w.snapshot.gsis) : []);
  if (!managed) {
    w.skipped = 'no rule of the policy manages this table';
    return undefined;
  }
  w.targets = managed.targets;
  w.managed = managed;
  w.state = unitToEngineState(w.table, w.before ?? EMPTY_TABLE_STATE);
  return managed;
}

/** The metric windows of the table's targets. */
function planMetrics(w: TableWork, input: CheckInput, nextId: () => number, reads: CheckRequest[]): void {
  const snapshot = w.snapshot;
  const state = w.state;
  if (!snapshot || !state || w.skipped) return;
  for (const t of w.targets) {
    const capacity = t.gsi === null ? snapshot : snapshot.gsis![t.gsi];
    // decide() reads no metric of an on-demand target (D9) or without a window: do not pay for one.
    if (!(capacity.read > 0) || !(capacity.write > 0) || !(t.policy.lookbackPeriod > 0)) continue;
    const key = targetKey(w.table, t.gsi);
    const window = queryWindow(t.policy, state, key);
    const endMs = input.nowMs - window.endMinutesBeforeNow * MS_PER_MINUTE;
    const startMs = input.nowMs - window.startMinutesBeforeNow * MS_PER_MINUTE;
    const request: MetricsRequest = {
      id: nextId(),
      kind: 'metrics',
      table: w.table,
      gsi: t.gsi,
      metrics: metricsRead(t.policy, !provisionedIsCurrent(capacity, startMs)),
      startMs,
      endMs,
      // A step policy evaluates the window's minutes, as its alarms would.
      ...(t.policy.reads.step || t.policy.writes.step ? { periodSeconds: STEP_PERIOD_SECONDS } : {}),
    };
    reads.push(request);
    w.metrics.push({ key, request });
  }
}

/** The scalable targets of the table's guarded dimensions (hybrid path), read with its metrics. */
function planScalableTargets(w: TableWork, nextId: () => number, reads: CheckRequest[]): void {
  if (!w.snapshot || !w.state || w.skipped) return;
  // Allocated only for a table with a guard: this runs for every table of every check.
  let targets: ScalableTargetRef[] | undefined;
  for (const t of w.targets) {
    const p = t.policy;
    if (p.reads.scaleInGuard !== undefined && p.reads.enableAutoscaling) (targets ??= []).push({ gsi: t.gsi, dimension: 'reads' });
    if (p.writes.scaleInGuard !== undefined && p.writes.enableAutoscaling) (targets ??= []).push({ gsi: t.gsi, dimension: 'writes' });
  }
  if (targets === undefined) return;
  w.scalable = { id: nextId(), kind: 'scalable-targets', table: w.table, targets };
  reads.push(w.scalable);
}

/** The scalable targets read, by target key and dimension; a target asked for and absent is not registered. */
function scalableTargetsOf(w: TableWork, a: CheckAnswer): Record<string, ScalableTargets> {
  const out = dictionary<{ reads?: ScalableTargets['reads']; writes?: ScalableTargets['writes'] }>();
  for (const t of w.scalable!.targets) out[targetKey(w.table, t.gsi)] ??= {};
  if (a.kind !== 'scalable-targets') return out;
  for (const t of a.targets ?? []) {
    const entry = out[targetKey(w.table, t.gsi)];
    if (entry) entry[t.dimension] = t.state;
  }
  return out;
}

/** Decides a table from its reads; a failed read skips it (deciding on part of the data could read a window as idle). */
function decideTable(
  w: TableWork, input: CheckInput, answers: Answers, circuitBreakers: Record<string, CircuitBreakerOutcome>, faults: CheckFault[],
): void {
  if (!w.snapshot || w.skipped) return;
  const metricSums = dictionary<MetricSums>();
  let metricSeries: Record<string, MetricSeries> | undefined;
  let failed = false;
  for (const { key, request } of w.metrics) {
    const a = answers.get(request.id)!;
    if (a.kind !== 'metrics') continue;
    if (a.outcome !== 'ok') {
      faults.push({ table: request.table, gsi: request.gsi, action: 'GetMetricData', outcome: a.outcome, ...(a.message ? { message: a.message } : {}) });
      failed = true;
    } else {
      metricSums[key] = a.values ?? NO_DATAPOINTS;
      if (a.series) (metricSeries ??= dictionary())[key] = a.series;
    }
  }
  if (failed) {
    w.skipped = 'a CloudWatch read failed: no decision on partial data';
    return;
  }
  let scalableTargets: Record<string, ScalableTargets> | undefined;
  if (w.scalable) {
    const a = answers.get(w.scalable.id)!;
    if (a.kind === 'scalable-targets' && a.outcome !== 'ok') {
      faults.push({ table: w.table, gsi: null, action: 'DescribeScalableTargets', outcome: a.outcome, ...(a.message ? { message: a.message } : {}) });
      w.skipped = 'Application Auto Scaling could not be read: the scale-in guards cannot tell what to suspend';
      return;
    }
    scalableTargets = scalableTargetsOf(w, a);
  }
  w.decideInput = {
    nowMs: input.nowMs,
    policy: input.policy,
    tables: { [w.table]: w.snapshot },
    metricSums,
    ...(metricSeries ? { metricSeries } : {}),
    state: w.state!,
    circuitBreakers,
    explain: input.explain,
    managed: { [w.table]: w.managed },
    ...(scalableTargets ? { scalableTargets } : {}),
  };
  w.output = decide(w.decideInput);
}

/** Settles what was not applied as planned (D3, D8), and adds the table's decisions, updates, notifications and unit. */
function settleTable(w: TableWork, input: CheckInput, result: {
  decisions: CheckResult['decisions'];
  updates: UpdateResult[];
  notifications: EngineNotification[];
  states: Record<string, TableState | null>;
  tables: TableCheck[];
}): void {
  if (w.after !== undefined) result.states[w.table] = w.after;
  if (!w.output) {
    result.tables.push({ table: w.table, status: 'skipped', reason: w.skipped ?? 'not checked' });
    return;
  }
  result.tables.push({ table: w.table, status: 'checked' });
  for (const d of w.output.decisions) result.decisions.push(d);
  let state: EngineState = w.output.state;
  const updates = w.output.updates;
  for (let i = 0; i < updates.length; i++) {
    const u = updates[i];
    const s = w.sent![i];
    result.updates.push({ update: u, sent: s.sent && { reads: s.sent.reads, writes: s.sent.writes }, outcome: s.outcome });
    if (s.sent !== u) state = settleUpdate(w.decideInput!, { ...w.output, state }, u, s.sent);
  }
  if (!input.dryRun) for (const n of publishable(w)) result.notifications.push(n);
  result.states[w.table] = unitOf(w, state);
}

/**
 * Runs a check with a host that answers synchronously (the simulator, the CLI).
 *
 * @param answer makes the requests of a step and returns their answers
 */
export function runCheckSync(input: CheckInput, answer: (step: CheckStep) => readonly CheckAnswer[]): CheckResult {
  const check = checkProtocol(input);
  let next = check.next();
  while (!next.done) next = check.next(answer(next.value));
  return next.value;
}

/**
 * Runs a check with a host that answers asynchronously (the scaler): the requests of one step
 * are independent, so `answer` may make them in parallel.
 */
export async function runCheck(input: CheckInput, answer: (step: CheckStep) => Promise<readonly CheckAnswer[]>): Promise<CheckResult> {
  const check = checkProtocol(input);
  let next = check.next();
  while (!next.done) next = check.next(await answer(next.value));
  return next.value;
}

function step(phase: CheckPhase, requests: readonly CheckRequest[]): CheckStep {
  return { phase, requests };
}

/** A step's answers by request id: the ids of one step are consecutive, so an array from the first. */
class Answers {
  constructor(private readonly first: number, private readonly byOffset: readonly CheckAnswer[]) {}

  public get(id: number): CheckAnswer | undefined {
    return this.byOffset[id - this.first];
  }
}

const NO_ANSWERS = new Answers(0, []);

/** The answers by id, after checking each request is answered once, by its kind, and nothing else is. */
function answered(answers: readonly CheckAnswer[] | undefined, requests: readonly CheckRequest[]): Answers {
  if (!Array.isArray(answers)) throw new CheckProtocolError(`expected the answers of ${requests.length} request(s), got ${answers === undefined ? 'none' : typeof answers}`);
  // A check of no tables asks nothing: nothing may be answered either.
  const first = requests.length > 0 ? requests[0].id : 0;
  const byOffset: CheckAnswer[] = new Array(requests.length);
  let count = 0;
  for (const a of answers) {
    const offset = typeof a?.id === 'number' ? a.id - first : -1;
    const request = offset >= 0 && offset < requests.length ? requests[offset] : undefined;
    if (!request) throw new CheckProtocolError(`answer ${JSON.stringify(a?.id)} (${a?.kind}) was not asked in this step`);
    if (a.kind !== request.kind) throw new CheckProtocolError(`answer ${a.id} is a ${a.kind} answer; request ${a.id} is ${request.kind}`);
    if (byOffset[offset] !== undefined) throw new CheckProtocolError(`request ${a.id} (${request.kind}) was answered twice`);
    byOffset[offset] = a;
    count++;
  }
  if (count < requests.length) {
    const missing = requests.filter((_, i) => byOffset[i] === undefined);
    throw new CheckProtocolError(`no answer to ${missing.map((r) => `${r.id} (${r.kind})`).join(', ')}`);
  }
  return new Answers(first, byOffset);
}

/** One UpdateTable of a table's parts: the table's own throughput and its GSIs'. */
function action(
  id: number, table: string, parts: ReadonlyArray<readonly [CapacityUpdate, SentCapacity]>, retryOf?: number,
): UpdateCapacityAction {
  let throughput: Throughput | undefined;
  const gsis: IndexThroughput[] = [];
  for (const [u, c] of parts) {
    if (u.gsi === null) throughput = { reads: c.reads, writes: c.writes };
    else gsis.push({ index: u.gsi, reads: c.reads, writes: c.writes });
  }
  return { id, kind: 'update-capacity', table, ...(throughput ? { throughput } : {}), gsis, ...(retryOf !== undefined ? { retryOf } : {}) };
}

function updateFault(table: string, a: CheckAnswer): CheckFault {
  const outcome = a.kind === 'update-capacity' ? a.outcome : 'error';
  const message = a.kind === 'update-capacity' ? a.message : undefined;
  return { table, gsi: null, action: 'UpdateTable', outcome, ...(message ? { message } : {}) };
}

/**
 * The table's notifications that may be published: alarms always; a scaling message only for
 * an update that was applied, rebuilt from what was applied after an increase-only retry.
 */
function publishable(w: TableWork): EngineNotification[] {
  const out: EngineNotification[] = [];
  const updates = w.output!.updates;
  for (const n of w.output!.notifications) {
    if (!n.afterUpdate) {
      out.push(n);
      continue;
    }
    const i = updates.findIndex((x) => x.table === n.table && x.gsi === n.gsi);
    const u = i >= 0 ? updates[i] : undefined;
    const s = u && w.sent?.[i]?.sent;
    if (!u || !s) continue;
    if (s === u) {
      out.push(n);
      continue;
    }
    const policy = w.targets.find((t) => t.gsi === u.gsi)!.policy;
    const rebuilt = scalingNotification(policy, { ...u, reads: s.reads, writes: s.writes, isDecrease: false, increaseOnly: null });
    if (rebuilt) out.push(rebuilt);
  }
  return out;
}

/** The table's unit from `state`, without GSIs the table no longer has (an index deleted since the last check). */
function unitOf(w: TableWork, state: EngineState): TableState {
  // The claim and the final write usually hold the same state (every update applied): build it once.
  if (w.unit?.state !== state) w.unit = { state, unit: engineStateToUnit(state, w.table, w.snapshot!.gsis ? Object.keys(w.snapshot!.gsis) : []) };
  return w.unit.unit;
}
