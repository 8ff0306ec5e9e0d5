/**
 * `decide()`: one check of every managed table and its GSIs, in dd's order (R1.1, R1.5):
 * tables by name, each followed by its GSIs by name; for each, the circuit breaker, the alarms,
 * the reads and writes decisions, then the apply rules. Deviations: D1-D16 (§14).
 */
import { applyDecisions, ApplyReasons, ApplyResult } from './apply';
import { circuitBreakerPoll, describeOutcome, isCircuitOpen, resolveCircuitBreaker } from './circuit-breaker';
import {
  CapacityUpdate, DecideInput, DecideOutput, DimensionCounters, DimensionDecision, EngineNotification, EngineState, IndexSnapshot,
  LookbackShift, LowChecksPeak, MetricSums, ScaleInChange,
} from './decide-types';
import { dictionary } from './dictionary';
import { decideDimension, DimensionMetrics, DimensionResult } from './dimension-decision';
import { isInMaintenanceWindow } from './maintenance-window';
import { evaluateAlarms, notification, scalingNotification } from './notifications';
import { DimensionPolicy, TargetPolicy } from './policy';
import { decideGuardDimension, GuardResult } from './scale-in-guard';
import {
  consumedPercent, lookbackSeconds, metricWindow, MetricWindow, throttleCount, throttledByConsumedPercent,
  throttledByProvisionedPercent,
} from './statistics';
import { decideStepDimension, StepDimensionResult } from './step-dimension';
import type { StepScalingState } from './step-scaling';
import { managedTargets } from './table-matching';
import { targetKey } from './target-key';

export * from './decide-types';

const ZERO: DimensionCounters = { reads: 0, writes: 0 };
const NO_SUMS: MetricSums = {};
const NO_CHANGES: readonly ScaleInChange[] = [];
const MS_PER_MINUTE = 60_000;

/**
 * With `lookbackWindowStartMax`, after this many published windows in a row one check tries a
 * window a minute fresher. Trying costs one minute that is never read (the window jumps two
 * minutes), and a held check when the fresher minute is not published yet; so try rarely.
 */
export const LOOKBACK_PROBE_AFTER = 10;

/**
 * D8: a window overlaps the window whose throttles drove an increase (so its throttles are not
 * counted again) only when it starts more than this before that window's end. Half of
 * CloudWatch's one-minute resolution: checks a few seconds early or late, on either side of a
 * minute's :30, still read back-to-back windows as back-to-back.
 */
export const THROTTLE_OVERLAP_TOLERANCE_MS = 30_000;

type ThrottleMarks = { reads?: number; writes?: number };

/** Mutable accumulators of one `decide` call. */
interface Run {
  readonly input: DecideInput;
  readonly explain: boolean;
  readonly decisions: DimensionDecision[];
  readonly updates: CapacityUpdate[];
  readonly notifications: EngineNotification[];
  readonly tableCounters: Record<string, DimensionCounters>;
  readonly gsiCounters: Record<string, DimensionCounters>;
  // The other maps are copied only when they hold an entry or get one: most stay empty.
  alarms?: Record<string, string>;
  throttleMarks?: Record<string, ThrottleMarks>;
  lookbackShift?: Record<string, LookbackShift>;
  lowChecksPeak?: Record<string, { reads?: LowChecksPeak; writes?: LowChecksPeak }>;
  stepScaling?: Record<string, { reads?: StepScalingState; writes?: StepScalingState }>;
  /** Allocated at the first change: most checks have none. */
  scaleIn?: ScaleInChange[];
}

/**
 * The CloudWatch window a host queries for target `key` (`t` or `t:g`) at this check: R3.1's
 * window, started `state.lookbackShift[key]` minutes earlier while `lookbackWindowStartMax`
 * lets the window wait for CloudWatch to publish it.
 *
 * @param policy the target's policy
 * @param state the state the check will be given
 * @param key `t` or `t:g`
 */
export function queryWindow(policy: TargetPolicy, state: EngineState, key: string): MetricWindow {
  return metricWindow(policy.lookbackWindowStart + lookbackShiftOf(policy, state.lookbackShift?.[key]?.minutes), policy.lookbackPeriod);
}

/** The shift in effect: 0 without `lookbackWindowStartMax`, never beyond it. */
function lookbackShiftOf(policy: TargetPolicy, shift: number | undefined): number {
  const room = Math.max(0, (policy.lookbackWindowStartMax ?? policy.lookbackWindowStart) - policy.lookbackWindowStart);
  return Math.min(room, Math.max(0, Math.trunc(shift ?? 0)));
}

/** The shift the next check uses after a window that was (not) `empty`. */
function nextShift(shift: number, maxShift: number, published: number, empty: boolean): LookbackShift | undefined {
  let next: LookbackShift;
  if (empty) next = { minutes: Math.min(maxShift, shift + 1), published: 0 };
  else if (published + 1 >= LOOKBACK_PROBE_AFTER) next = { minutes: Math.max(0, shift - 1), published: 0 };
  else next = { minutes: shift, published: published + 1 };
  return next.minutes === 0 ? undefined : next;
}

/**
 * Decides, for one check, what capacity each managed table and GSI should have, and why.
 * Pure and deterministic: the clock, the metrics and the carried state are all in `input`.
 */
export function decide(input: DecideInput): DecideOutput {
  const state = input.state;
  const run: Run = {
    input,
    explain: input.explain !== false,
    decisions: [],
    updates: [],
    notifications: [],
    tableCounters: dictionary(state.counters.tables),
    gsiCounters: dictionary(state.counters.gsis),
    alarms: copyOfEntries(state.alarms),
    throttleMarks: copyOfEntries(state.throttleCountedUntil),
    lookbackShift: copyOfEntries(state.lookbackShift),
    lowChecksPeak: copyOfEntries(state.lowChecksPeak),
    stepScaling: copyOfEntries(state.stepScaling),
  };
  const names = Object.keys(input.tables).sort();
  for (const table of names) {
    const snapshot = input.tables[table];
    const managed = input.managed?.[table] ?? managedTargets(input.policy, table, snapshot.gsis ? Object.keys(snapshot.gsis) : []);
    if (!managed) continue;
    for (const t of managed.targets) {
      if (t.gsi === null) checkTarget(run, table, null, t.policy, undefined, snapshot);
      else checkTarget(run, table, t.gsi, t.policy, managed.rule.policy, snapshot.gsis![t.gsi]);
    }
  }
  return {
    decisions: run.decisions,
    updates: run.updates,
    state: {
      counters: { tables: run.tableCounters, gsis: run.gsiCounters },
      alarms: run.alarms ?? dictionary(),
      throttleCountedUntil: run.throttleMarks ?? dictionary(),
      ...(hasEntries(run.lookbackShift) ? { lookbackShift: run.lookbackShift } : {}),
      ...(hasEntries(run.lowChecksPeak) ? { lowChecksPeak: run.lowChecksPeak } : {}),
      ...(hasEntries(run.stepScaling) ? { stepScaling: run.stepScaling } : {}),
    },
    notifications: run.notifications,
    scaleIn: run.scaleIn ?? NO_CHANGES,
  };
}

/** A copy of `from`, or undefined when it has no entry. */
function copyOfEntries<T>(from: Readonly<Record<string, T>> | undefined): Record<string, T> | undefined {
  return from !== undefined && hasEntries(from) ? dictionary(from) : undefined;
}

function hasEntries(map: Readonly<Record<string, unknown>> | undefined): boolean {
  return map !== undefined && Object.keys(map).length > 0;
}

function skipDecision(
  table: string, gsi: string | null, dimension: 'reads' | 'writes', current: number, counterIn: number, counterOut: number,
  reasons: string[],
): DimensionDecision {
  return {
    table,
    gsi,
    dimension,
    currentUnits: current,
    updateNeeded: false,
    proposedUnits: current,
    counterIn,
    counterOut,
    consumedPercent: null,
    reasons,
  };
}

/** One table (`gsi` null) or GSI: circuit breaker, alarms, decisions, apply. */
function checkTarget(
  run: Run, table: string, gsi: string | null, policy: TargetPolicy, tablePolicy: TargetPolicy | undefined,
  snapshot: IndexSnapshot,
): void {
  const input = run.input;
  const key = targetKey(table, gsi);
  const counterStore = gsi === null ? run.tableCounters : run.gsiCounters;
  const counters = counterStore[key] ?? ZERO;
  const C_r = snapshot.read;
  const C_w = snapshot.write;
  const explain = run.explain;

  // §8 with D13, first as in dd (R1.5): one outcome per URL, GSIs inherit their table's breaker.
  // Open: nothing happens and both counters are reset (R8.3). Credentials stay out of reasons.
  // A guarded target (hybrid path) is still checked with its breaker open: the open breaker suspends native scale-in.
  const guarded = policy.reads.scaleInGuard !== undefined || policy.writes.scaleInGuard !== undefined;
  let breakerOpen: string | undefined;
  const breaker = resolveCircuitBreaker(input.policy, tablePolicy ?? policy, tablePolicy ? policy : undefined);
  if (breaker) {
    const outcome = input.circuitBreakers?.[breaker.url];
    if (isCircuitOpen(outcome) && guarded) {
      breakerOpen = `circuit breaker ${circuitBreakerPoll(breaker).url} is open (${describeOutcome(outcome)})`;
    } else if (isCircuitOpen(outcome)) {
      const why = `circuit breaker ${circuitBreakerPoll(breaker).url} is open (${describeOutcome(outcome)}): no scaling, no alarms, counters reset`;
      run.decisions.push(skipDecision(table, gsi, 'reads', C_r, counters.reads, 0, explain ? [why] : []));
      run.decisions.push(skipDecision(table, gsi, 'writes', C_w, counters.writes, 0, explain ? [why] : []));
      counterStore[key] = ZERO;
      return;
    }
  }

  // D9: an on-demand table (or a lookback period of 0) is skipped instead of dividing by zero.
  if (!(C_r > 0) || !(C_w > 0) || !(policy.lookbackPeriod > 0)) {
    const why = !(policy.lookbackPeriod > 0)
      ? `skipped: lookback-period is ${policy.lookbackPeriod}, consumption cannot be measured`
      : `skipped: ${gsi === null ? 'table' : 'GSI'} has no provisioned capacity (on-demand?), read ${C_r}, write ${C_w}`;
    run.decisions.push(skipDecision(table, gsi, 'reads', C_r, counters.reads, counters.reads, explain ? [why] : []));
    run.decisions.push(skipDecision(table, gsi, 'writes', C_w, counters.writes, counters.writes, explain ? [why] : []));
    return;
  }

  const sums = input.metricSums[key] ?? NO_SUMS;
  const secs = lookbackSeconds(policy.lookbackPeriod);
  // lookbackWindowStartMax: a window CloudWatch has not published yet is waited for, not read as idle.
  const shift = lookbackShiftOf(policy, run.lookbackShift?.[key]?.minutes);
  const maxShift = lookbackShiftOf(policy, Number.MAX_SAFE_INTEGER);
  let held = false;
  if (maxShift > 0) {
    const empty = sums.ConsumedReadCapacityUnits === undefined && sums.ConsumedWriteCapacityUnits === undefined
      && sums.ReadThrottleEvents === undefined && sums.WriteThrottleEvents === undefined;
    const next = nextShift(shift, maxShift, run.lookbackShift?.[key]?.published ?? 0, empty);
    if (next !== undefined) (run.lookbackShift ??= dictionary())[key] = next;
    else if (run.lookbackShift) delete run.lookbackShift[key];
    held = empty && shift < maxShift;
    if (held && !guarded) {
      const start = policy.lookbackWindowStart + shift;
      const why = `held: the window [now-${start}, now-${start - policy.lookbackPeriod}) has no datapoint yet; the next check reads one starting a minute earlier`;
      run.decisions.push(skipDecision(table, gsi, 'reads', C_r, counters.reads, counters.reads, explain ? [why] : []));
      run.decisions.push(skipDecision(table, gsi, 'writes', C_w, counters.writes, counters.writes, explain ? [why] : []));
      return;
    }
  }
  // D8 bookkeeping on exact times: this window overlaps the marked one only when it starts more
  // than the tolerance before the marked window's end, so schedule jitter does not count.
  const windowStartMs = input.nowMs - (policy.lookbackWindowStart + shift) * MS_PER_MINUTE;
  const windowEndMs = windowStartMs + policy.lookbackPeriod * MS_PER_MINUTE;
  const marks = run.throttleMarks?.[key];
  const mr = metrics(C_r, sums.ConsumedReadCapacityUnits, sums.ReadThrottleEvents, sums.ProvisionedReadCapacityUnits,
    secs, overlapsMark(windowStartMs, marks?.reads), policy);
  const mw = metrics(C_w, sums.ConsumedWriteCapacityUnits, sums.WriteThrottleEvents, sums.ProvisionedWriteCapacityUnits,
    secs, overlapsMark(windowStartMs, marks?.writes), policy);
  if (guarded) {
    const heldWhy = held ? 'held: the window has no datapoint yet; the next check reads one starting a minute earlier' : undefined;
    checkGuardTarget(run, table, gsi, policy, snapshot, counters, { reads: mr, writes: mw }, sums, heldWhy, breakerOpen);
    return;
  }

  // §10 with D14: notify when the alarm signature changes.
  const alarm = evaluateAlarms(policy, table, gsi, mr.consumedPercent, mw.consumedPercent);
  const previousAlarm = run.alarms?.[key] ?? '';
  if (alarm.signature !== previousAlarm) {
    if (alarm.signature !== '') (run.alarms ??= dictionary())[key] = alarm.signature;
    else if (run.alarms) delete run.alarms[key];
    if (alarm.type) {
      const n = notification(policy, [alarm.type], table, gsi, alarm.subject!, alarm.message!, false);
      if (n) run.notifications.push(n);
    }
  }

  const readsReasons: string[] | undefined = explain ? [] : undefined;
  const writesReasons: string[] | undefined = explain ? [] : undefined;
  if (explain) {
    if (mr.throttleCount !== mr.throttleCountForIncrease) readsReasons!.push(throttlesCountedNote(marks!.reads!));
    if (mw.throttleCount !== mw.throttleCountForIncrease) writesReasons!.push(throttlesCountedNote(marks!.writes!));
  }
  const peaksIn = run.lowChecksPeak?.[key];
  const stepsIn = run.stepScaling?.[key];
  const readsStep = policy.reads.step !== undefined && policy.reads.enableAutoscaling;
  const writesStep = policy.writes.step !== undefined && policy.writes.enableAutoscaling;
  // The series' first minute is the first that starts in the window, as hosts answer it.
  const stepWindow = readsStep || writesStep
    ? { firstMinuteMs: Math.ceil(windowStartMs / MS_PER_MINUTE) * MS_PER_MINUTE, capacitySinceMs: snapshot.capacitySinceMs }
    : undefined;
  const series = stepWindow ? input.metricSeries?.[key] : undefined;
  const countThrottles = policy.countThrottledAsConsumed === true;
  const r = readsStep
    ? decideStepDimension('reads', policy.reads, C_r, series, countThrottles, stepsIn?.reads, input.nowMs, readsReasons, stepWindow!)
    : decideDimension('reads', policy.reads, mr, counters.reads, readsReasons, peakNow(policy.reads, peaksIn?.reads, input.nowMs));
  const w = writesStep
    ? decideStepDimension('writes', policy.writes, C_w, series, countThrottles, stepsIn?.writes, input.nowMs, writesReasons, stepWindow!)
    : decideDimension('writes', policy.writes, mw, counters.writes, writesReasons, peakNow(policy.writes, peaksIn?.writes, input.nowMs));
  // decreasePeakHalfLifeMinutes: kept whether or not the change is sent (read only while counting).
  if (r.lowChecksPeakOut > 0 || w.lowChecksPeakOut > 0) {
    (run.lowChecksPeak ??= dictionary())[key] = {
      ...(r.lowChecksPeakOut > 0 ? { reads: { unitsPerSecond: r.lowChecksPeakOut, atMs: input.nowMs } } : {}),
      ...(w.lowChecksPeakOut > 0 ? { writes: { unitsPerSecond: w.lowChecksPeakOut, atMs: input.nowMs } } : {}),
    };
  } else if (run.lowChecksPeak) {
    delete run.lowChecksPeak[key];
  }

  const applied = applyBoth(policy, table, gsi, snapshot, r, w, input.nowMs, explain ? { reads: readsReasons!, writes: writesReasons! } : undefined);

  run.decisions.push({
    table,
    gsi,
    dimension: 'reads',
    currentUnits: C_r,
    updateNeeded: r.updateNeeded,
    proposedUnits: r.proposedUnits,
    counterIn: counters.reads,
    counterOut: r.counterOut,
    consumedPercent: mr.consumedPercent,
    reasons: readsReasons ?? [],
    ...(applied.held.reads ? { heldBy: applied.held.reads } : {}),
  });
  run.decisions.push({
    table,
    gsi,
    dimension: 'writes',
    currentUnits: C_w,
    updateNeeded: w.updateNeeded,
    proposedUnits: w.proposedUnits,
    counterIn: counters.writes,
    counterOut: w.counterOut,
    consumedPercent: mw.consumedPercent,
    reasons: writesReasons ?? [],
    ...(applied.held.writes ? { heldBy: applied.held.writes } : {}),
  });

  // D3: a counter is reset only when its dimension's change is actually sent.
  const nextReads = applied.readsApplied ? r.counterIfApplied : r.counterOut;
  const nextWrites = applied.writesApplied ? w.counterIfApplied : w.counterOut;
  counterStore[key] = nextReads === 0 && nextWrites === 0 ? ZERO : { reads: nextReads, writes: nextWrites };

  // Step cooldowns start only with a change that is sent; a dimension without steps keeps none.
  if (readsStep || writesStep || stepsIn) {
    const stepReads = readsStep ? stepStateAfter(r as StepDimensionResult, applied.readsApplied, stepsIn?.reads) : undefined;
    const stepWrites = writesStep ? stepStateAfter(w as StepDimensionResult, applied.writesApplied, stepsIn?.writes) : undefined;
    if (stepReads !== undefined || stepWrites !== undefined) {
      (run.stepScaling ??= dictionary())[key] = { ...(stepReads ? { reads: stepReads } : {}), ...(stepWrites ? { writes: stepWrites } : {}) };
    } else if (run.stepScaling) {
      delete run.stepScaling[key];
    }
  }

  // D8: the throttles of this window drove an increase that is sent; do not count them again.
  if ((applied.readsApplied && r.throttleDriven) || (applied.writesApplied && w.throttleDriven)) {
    const next: ThrottleMarks = { ...marks };
    if (applied.readsApplied && r.throttleDriven) next.reads = windowEndMs;
    if (applied.writesApplied && w.throttleDriven) next.writes = windowEndMs;
    (run.throttleMarks ??= dictionary())[key] = next;
  }

  if (applied.update) {
    run.updates.push(applied.update);
    const n = scalingNotification(policy, applied.update);
    if (n) run.notifications.push(n);
  }
}

/**
 * A target on the hybrid path: each guarded dimension's scale-in suspension (registered when it
 * differs from the scalable target's), and its idle lowering through the apply rules.
 *
 * @param held why the window was not read yet (`lookbackWindowStartMax`), or undefined when it was
 */
function checkGuardTarget(
  run: Run, table: string, gsi: string | null, policy: TargetPolicy, snapshot: IndexSnapshot, counters: DimensionCounters,
  m: { reads: DimensionMetrics; writes: DimensionMetrics }, sums: MetricSums, held: string | undefined, breakerOpen: string | undefined,
): void {
  const input = run.input;
  const key = targetKey(table, gsi);
  const explain = run.explain;
  const targets = input.scalableTargets?.[key];
  const windows = policy.maintenanceWindows ?? [];
  // Scale-in allowed now must still be allowed until the next check, which is when the guard can next suspend it.
  const untilNextCheckMs = Math.max(0, input.policy.checkIntervalSeconds * 1000 - MS_PER_MINUTE);
  const outsideWindows = windows.length > 0
    && !(isInMaintenanceWindow(windows, input.nowMs) && isInMaintenanceWindow(windows, input.nowMs + untilNextCheckMs))
    ? 'outside every maintenance window until the next check' : undefined;
  const idle = {
    reads: !(sums.ConsumedReadCapacityUnits! > 0) && !(sums.ReadThrottleEvents! > 0),
    writes: !(sums.ConsumedWriteCapacityUnits! > 0) && !(sums.WriteThrottleEvents! > 0),
  };
  const reasons = { reads: explain ? [] as string[] : undefined, writes: explain ? [] as string[] : undefined };
  const one = (dim: 'reads' | 'writes', current: number): GuardResult | DimensionResult => {
    const rules = policy[dim].scaleInGuard;
    if (rules === undefined || !policy[dim].enableAutoscaling) {
      reasons[dim]?.push('not guarded: native target tracking alone (or nothing) scales it');
      return { updateNeeded: false, proposedUnits: current, counterOut: 0, counterIfApplied: 0, lowChecksPeakOut: 0, throttleDriven: false };
    }
    if (held) reasons[dim]?.push(held);
    return decideGuardDimension({
      rules,
      current,
      policyMin: policy[dim].min,
      consumedPercent: held ? null : m[dim].consumedPercent,
      idle: idle[dim],
      counterIn: counters[dim],
      breakerOpen,
      outsideWindows,
      target: targets?.[dim],
    }, reasons[dim]);
  };
  const r = one('reads', snapshot.read);
  const w = one('writes', snapshot.write);
  const applied = applyBoth(policy, table, gsi, snapshot, r, w, input.nowMs,
    explain ? { reads: reasons.reads!, writes: reasons.writes! } : undefined);
  for (const [dim, res, current] of [['reads', r, snapshot.read], ['writes', w, snapshot.write]] as const) {
    const guard = 'suspend' in res ? res : undefined;
    run.decisions.push({
      table,
      gsi,
      dimension: dim,
      currentUnits: current,
      updateNeeded: res.updateNeeded,
      proposedUnits: res.proposedUnits,
      counterIn: counters[dim],
      counterOut: res.counterOut,
      consumedPercent: held || !guard ? null : m[dim].consumedPercent,
      reasons: reasons[dim] ?? [],
      ...(applied.held[dim] ? { heldBy: applied.held[dim] } : {}),
      ...(guard ? { scaleInSuspended: guard.suspend } : {}),
    });
    if (guard?.register) (run.scaleIn ??= []).push({ table, gsi, dimension: dim, suspendedState: guard.register });
  }
  const store = gsi === null ? run.tableCounters : run.gsiCounters;
  store[key] = r.counterOut === 0 && w.counterOut === 0 ? ZERO : { reads: r.counterOut, writes: w.counterOut };
  if (applied.update) {
    run.updates.push(applied.update);
    const n = scalingNotification(policy, applied.update);
    if (n) run.notifications.push(n);
  }
}

/** The apply rules (§7) over a target's two dimension decisions. */
function applyBoth(
  policy: TargetPolicy, table: string, gsi: string | null, snapshot: IndexSnapshot, r: DimensionResult, w: DimensionResult, nowMs: number,
  reasons: ApplyReasons | undefined,
): ApplyResult {
  return applyDecisions(policy, {
    table,
    gsi,
    currentReads: snapshot.read,
    currentWrites: snapshot.write,
    readsUpdate: r.updateNeeded,
    proposedReads: r.proposedUnits,
    writesUpdate: w.updateNeeded,
    proposedWrites: w.proposedUnits,
    status: snapshot.status ?? 'ACTIVE',
    quota: snapshot,
    nowMs,
  }, reasons);
}

/** A step dimension's state after the check: the decision's if its change was sent, else the one it had; undefined when it holds no cooldown. */
function stepStateAfter(res: StepDimensionResult, applied: boolean, before: StepScalingState | undefined): StepScalingState | undefined {
  const s = applied ? res.stepStateIfApplied : before;
  return s === undefined || (s.scaleOutStartMs === undefined && s.lastScaleInMs === undefined) ? undefined : s;
}

/** D8: a window overlaps the marked one when it starts more than the tolerance before the mark's end. */
function overlapsMark(windowStartMs: number, markEndMs: number | undefined): boolean {
  return markEndMs !== undefined && windowStartMs < markEndMs - THROTTLE_OVERLAP_TOLERANCE_MS;
}

/** A kept peak weighted down by its age (`decreasePeakHalfLifeMinutes`), 0 when none is kept. */
function peakNow(p: DimensionPolicy, peak: LowChecksPeak | undefined, nowMs: number): number {
  const halfLife = p.decreasePeakHalfLifeMinutes ?? 0;
  if (!(halfLife > 0) || peak === undefined) return 0;
  const ageMinutes = Math.max(0, nowMs - peak.atMs) / MS_PER_MINUTE;
  return peak.unitsPerSecond * Math.pow(0.5, ageMinutes / halfLife);
}

function throttlesCountedNote(untilMs: number): string {
  return `throttles before ${new Date(untilMs).toISOString()} already drove an increase: not counted again`;
}

/** The measurements of one dimension (§3 with D8 and this project's measurement options). */
function metrics(
  current: number, consumedSumIn: number | undefined, throttleSum: number | undefined, provisionedAverage: number | undefined,
  secs: number, throttlesAlreadyCounted: boolean, policy: TargetPolicy,
): DimensionMetrics {
  // countThrottledAsConsumed: a throttled request is demand that consumed nothing; one unit each.
  const consumedSum = policy.countThrottledAsConsumed && throttleSum !== undefined
    ? (consumedSumIn ?? 0) + throttleSum
    : consumedSumIn;
  // D8: measure against what was provisioned during the window when CloudWatch says so.
  const base = provisionedAverage !== undefined && provisionedAverage > 0 ? provisionedAverage : current;
  const P = consumedPercent(consumedSum, secs, base);
  const Pc = base === current ? P : consumedPercent(consumedSum, secs, current);
  const N = throttleCount(throttleSum);
  // increasesAgainstCurrentCapacity: increases are judged against the capacity now (dd's R3.2).
  const increaseBase = policy.increasesAgainstCurrentCapacity ? current : base;
  return {
    current,
    consumedPercent: P,
    measuredAgainst: base,
    consumedPercentOfCurrent: Pc,
    // A plain property, not a conditional spread: this runs for every dimension of every check.
    consumedPercentForIncrease: policy.increasesAgainstCurrentCapacity ? Pc : undefined,
    throttleCount: N,
    throttleCountForIncrease: throttlesAlreadyCounted ? 0 : N,
    throttledByProvisionedPercent: throttlesAlreadyCounted ? 0 : throttledByProvisionedPercent(throttleSum, secs, increaseBase),
    throttledByConsumedPercent: throttlesAlreadyCounted ? 0 : throttledByConsumedPercent(throttleSum, consumedSumIn, secs),
  };
}
