/**
 * The SNAPSHOT.json of `dynamic-scaling decide` / `explain` (docs/cli.md): what DescribeTable,
 * CloudWatch and the circuit breakers said at one check, plus the state carried from the last
 * one. It is read with the engine's codec, the check runs through the engine's check protocol
 * (answered from the snapshot), and the result is printed as JSON whose state round-trips as
 * the next snapshot's state.
 */
import {
  CapacityUpdate, CheckAnswer, CheckRequest, CircuitBreakerOutcome, circuitBreakerPoll, configuredCircuitBreakers, DecideInput,
  dictionary, DimensionCounters, DimensionDecision, ENGINE_STATE_FIELDS, EngineNotification, EnginePolicy, EngineState,
  engineStateFromJson, engineStateToJson, expandTableRules, IndexSnapshot, isObject, joinEngineState, Json, JsonDecodeError,
  MetricSums, number, object, onlyKnown, parseIsoTime, runCheckSync, ScalableTargets, ScalableTargetState, ScaleInChange, show, string,
  splitEngineState, TableSnapshot, TableState, targetKey, time,
} from '../engine';

/** Thrown for a snapshot that does not have the documented shape. */
export { JsonDecodeError as SnapshotError, parseIsoTime };

/**
 * What a snapshot says: the check's time, the policy, DescribeTable per table, the CloudWatch
 * statistics per target, each circuit breaker's outcome and the state of the last check: the
 * engine's own input, which the snapshot's check answers the protocol from.
 */
export type Snapshot = Omit<DecideInput, 'explain'>;

/** One check of a snapshot: what `decide` prints and `explain` tells. */
export interface SnapshotCheck {
  /** The check's time. */
  readonly nowMs: number;
  /** The decisions. */
  readonly decisions: DimensionDecision[];
  /** The updates to send. */
  readonly updates: CapacityUpdate[];
  /** The notifications, scaling ones published after their update succeeds. */
  readonly notifications: EngineNotification[];
  /** The scale-in suspensions and resumptions of guarded dimensions (hybrid path) to register. */
  readonly scaleIn: readonly ScaleInChange[];
  /** The state for the next check: if every update succeeds, or, in a dry run, as if none was sent. */
  readonly state: EngineState;
  /** A dry run: the updates were not sent. @default false */
  readonly dryRun?: boolean;
}

/** The snapshot's own fields. */
const SNAPSHOT_FIELDS = ['now', 'tables', 'metricSums', 'scalableTargets', ...ENGINE_STATE_FIELDS, 'circuitBreaker'];
/** What `decide` prints besides the state; accepted and ignored, so its output can be merged into the next snapshot. */
const OUTPUT_ONLY_FIELDS = ['decisions', 'updates', 'notifications', 'scaleIn'];
const SUSPEND_FLAGS = ['dynamicScalingInSuspended', 'dynamicScalingOutSuspended', 'scheduledScalingSuspended'] as const;
const INDEX_FIELDS = ['read', 'write', 'status', 'decreasesToday', 'lastDecreaseAt'];
const TABLE_FIELDS = [...INDEX_FIELDS, 'gsis'];
// A Record over every key of MetricSums, so a metric added to the engine must be added here too.
const METRICS: Record<keyof MetricSums, true> = {
  ConsumedReadCapacityUnits: true,
  ConsumedWriteCapacityUnits: true,
  ReadThrottleEvents: true,
  WriteThrottleEvents: true,
  ProvisionedReadCapacityUnits: true,
  ProvisionedWriteCapacityUnits: true,
};
const METRIC_NAMES = Object.keys(METRICS);

function capacity(x: Json, where: string, fields: readonly string[]): IndexSnapshot {
  const o = object(x, where);
  onlyKnown(o, where, fields, 'field');
  if (o.status !== undefined) string(o.status, `${where}.status`);
  const decreasesToday = o.decreasesToday === undefined ? undefined : number(o.decreasesToday, `${where}.decreasesToday`);
  const lastDecreaseMs = time(o.lastDecreaseAt, `${where}.lastDecreaseAt`);
  return {
    read: number(o.read, `${where}.read`),
    write: number(o.write, `${where}.write`),
    status: (o.status as string | undefined) ?? 'ACTIVE',
    ...(decreasesToday !== undefined ? { decreasesToday } : {}),
    ...(lastDecreaseMs !== undefined ? { lastDecreaseMs } : {}),
  };
}

/** A scalable target of a guarded dimension: `{"minCapacity", "maxCapacity", "suspendedState"?: {flags}}`. */
function scalableTarget(x: Json, where: string): ScalableTargetState {
  const o = object(x, where);
  onlyKnown(o, where, ['minCapacity', 'maxCapacity', 'suspendedState'], 'field');
  const flags = o.suspendedState === undefined ? {} : object(o.suspendedState, `${where}.suspendedState`);
  onlyKnown(flags, `${where}.suspendedState`, SUSPEND_FLAGS, 'flag');
  const flag = (name: typeof SUSPEND_FLAGS[number]) => {
    // Omitted: false; null is not a flag.
    const v = flags[name] === undefined ? false : flags[name];
    if (typeof v !== 'boolean') throw new JsonDecodeError(`${where}.suspendedState.${name} must be true or false, got ${show(v)}`);
    return v;
  };
  return {
    minCapacity: number(o.minCapacity, `${where}.minCapacity`),
    maxCapacity: number(o.maxCapacity, `${where}.maxCapacity`),
    suspendedState: {
      dynamicScalingInSuspended: flag('dynamicScalingInSuspended'),
      dynamicScalingOutSuspended: flag('dynamicScalingOutSuspended'),
      scheduledScalingSuspended: flag('scheduledScalingSuspended'),
    },
  };
}

function outcome(x: Json, where: string): CircuitBreakerOutcome {
  if (!isObject(x)) throw new JsonDecodeError(`${where} must be {"status": N} or {"error": "..."}, got ${show(x)}`);
  onlyKnown(x, where, ['status', 'error'], 'field');
  if (x.error !== undefined) return { error: String(x.error) };
  return { status: number(x.status, `${where}.status`) };
}

/**
 * Reads a parsed SNAPSHOT.json.
 *
 * @param snapshot the parsed JSON
 * @param policy the policy (its circuit-breaker URLs receive a single `circuitBreaker` outcome)
 * @throws SnapshotError naming the first field with the wrong shape
 */
export function snapshotToInput(snapshot: Json, policy: EnginePolicy): Snapshot {
  if (!isObject(snapshot)) throw new JsonDecodeError(`the snapshot must be a JSON object, got ${show(snapshot)}`);
  onlyKnown(snapshot, undefined, SNAPSHOT_FIELDS, 'snapshot field', OUTPUT_ONLY_FIELDS);
  const nowMs = time(snapshot.now, 'now');
  if (nowMs === undefined) throw new JsonDecodeError('now is required (ISO-8601, e.g. "2017-08-12T12:00:00Z")');
  if (!isObject(snapshot.tables)) throw new JsonDecodeError(`tables must be an object of table name to capacity, got ${show(snapshot.tables)}`);
  const tables = dictionary<TableSnapshot>();
  for (const [name, t] of Object.entries(snapshot.tables)) {
    const base = capacity(t, `tables.${name}`, TABLE_FIELDS);
    const gsisJson = (t as Record<string, Json>).gsis;
    if (gsisJson !== undefined && !isObject(gsisJson)) throw new JsonDecodeError(`tables.${name}.gsis must be an object, got ${show(gsisJson)}`);
    const gsis = dictionary<IndexSnapshot>();
    for (const [g, gc] of Object.entries(gsisJson ?? {})) gsis[g] = capacity(gc, `tables.${name}.gsis.${g}`, INDEX_FIELDS);
    tables[name] = gsisJson === undefined ? base : { ...base, gsis };
  }
  const metricSums = snapshot.metricSums ?? {};
  if (!isObject(metricSums)) throw new JsonDecodeError(`metricSums must be an object of "table" or "table:gsi" to sums, got ${show(metricSums)}`);
  for (const [k, v] of Object.entries(metricSums)) {
    if (!isObject(v)) throw new JsonDecodeError(`metricSums.${k} must be an object, got ${show(v)}`);
    onlyKnown(v, `metricSums.${k}`, METRIC_NAMES, 'metric');
    for (const [m, s] of Object.entries(v)) number(s, `metricSums.${k}.${m}`);
  }
  const state = engineStateFromJson(snapshot);
  let scalableTargets: Record<string, ScalableTargets> | undefined;
  if (snapshot.scalableTargets !== undefined) {
    const given = object(snapshot.scalableTargets, 'scalableTargets');
    scalableTargets = dictionary<ScalableTargets>();
    for (const [k, v] of Object.entries(given)) {
      const dims = object(v, `scalableTargets.${k}`);
      onlyKnown(dims, `scalableTargets.${k}`, ['reads', 'writes'], 'dimension');
      scalableTargets[k] = {
        ...(dims.reads !== undefined ? { reads: scalableTarget(dims.reads, `scalableTargets.${k}.reads`) } : {}),
        ...(dims.writes !== undefined ? { writes: scalableTarget(dims.writes, `scalableTargets.${k}.writes`) } : {}),
      };
    }
  }

  let circuitBreakers: Record<string, CircuitBreakerOutcome> | undefined;
  const cb = snapshot.circuitBreaker;
  if (cb !== undefined) {
    if (!isObject(cb)) throw new JsonDecodeError(`circuitBreaker must be {"status": N}, {"error": "..."} or an object of URL to those, got ${show(cb)}`);
    if ('status' in cb || 'error' in cb) {
      const o = outcome(cb, 'circuitBreaker');
      circuitBreakers = Object.fromEntries(configuredCircuitBreakers(policy).map((b) => [b.url, o]));
    } else {
      circuitBreakers = Object.fromEntries(Object.entries(cb).map(([url, o]) => [url, outcome(o, `circuitBreaker.${url}`)]));
    }
  }
  return {
    nowMs,
    policy,
    tables,
    metricSums: metricSums as Record<string, MetricSums>,
    state,
    ...(circuitBreakers ? { circuitBreakers } : {}),
    ...(scalableTargets ? { scalableTargets } : {}),
  };
}

/**
 * Runs the check a snapshot describes through the engine's check protocol: the conf's sections
 * are expanded for the snapshot's tables, DescribeTable, CloudWatch and the breakers are
 * answered from the snapshot, and every update is taken as sent (the plan `decide` prints).
 */
export function checkSnapshot(snapshot: Snapshot, options: { readonly dryRun?: boolean } = {}): SnapshotCheck {
  const names = Object.keys(snapshot.tables);
  const policy = expandTableRules(snapshot.policy, names).policy;
  // Outcomes are keyed by the URL as configured; the protocol polls it without its credentials.
  const breakerByPollUrl = new Map(configuredCircuitBreakers(snapshot.policy).map((b) => [circuitBreakerPoll(b).url, b.url]));
  const units = splitEngineState(snapshot.state);
  const answer = (r: CheckRequest): CheckAnswer => {
    switch (r.kind) {
      case 'describe-table': return { id: r.id, kind: r.kind, outcome: 'ok', snapshot: snapshot.tables[r.table] };
      case 'metrics': {
        const given = snapshot.metricSums[targetKey(r.table, r.gsi)] ?? {};
        const values = Object.fromEntries(r.metrics.filter((m) => given[m.metric] !== undefined).map((m) => [m.metric, given[m.metric]]));
        return { id: r.id, kind: r.kind, outcome: 'ok', values };
      }
      case 'circuit-breaker': {
        const configured = breakerByPollUrl.get(r.url);
        // No outcome in the snapshot: the breaker counts as open, as an unanswered poll does.
        const result = (configured !== undefined ? snapshot.circuitBreakers?.[configured] : undefined) ?? { error: 'no outcome in the snapshot' };
        return { id: r.id, kind: r.kind, result };
      }
      // One check at a time: nothing else writes the snapshot's state.
      case 'claim-state': return { id: r.id, kind: r.kind, outcome: 'ok' };
      case 'update-capacity': return { id: r.id, kind: r.kind, outcome: 'ok' };
      // A target absent from the snapshot's scalableTargets is not registered.
      case 'scalable-targets': {
        const targets = r.targets.flatMap((t) => {
          const state = snapshot.scalableTargets?.[targetKey(r.table, t.gsi)]?.[t.dimension];
          return state ? [{ ...t, state }] : [];
        });
        return { id: r.id, kind: r.kind, outcome: 'ok', targets };
      }
      case 'suspend-scale-in': return { id: r.id, kind: r.kind, outcome: 'ok' };
    }
  };
  const result = runCheckSync(
    { nowMs: snapshot.nowMs, policy, tables: names, states: units, dryRun: options.dryRun === true },
    (step) => step.requests.map(answer),
  );
  const next = dictionary<TableState>(units);
  for (const [t, unit] of Object.entries(result.states)) {
    if (unit === null) delete next[t]; else next[t] = unit;
  }
  return {
    nowMs: snapshot.nowMs,
    decisions: result.decisions,
    updates: result.updates.map((u) => u.update),
    notifications: result.notifications,
    scaleIn: result.scaleIn.map((c) => c.change),
    state: withCheckedCounters(joinEngineState(next), result.decisions),
    ...(options.dryRun ? { dryRun: true } : {}),
  };
}

/** The state with a counter (0 when none is kept) for every target the check decided, as `explain` lists them. */
function withCheckedCounters(state: EngineState, decisions: readonly DimensionDecision[]): EngineState {
  const tables = dictionary<DimensionCounters>(state.counters.tables);
  const gsis = dictionary<DimensionCounters>(state.counters.gsis);
  for (const d of decisions) {
    const store = d.gsi === null ? tables : gsis;
    store[targetKey(d.table, d.gsi)] ??= { reads: 0, writes: 0 };
  }
  return { ...state, counters: { tables, gsis } };
}

/** The JSON `decide` prints: decisions, updates, scale-in registrations, notifications and the state for the next snapshot. */
export function outputToJson(output: SnapshotCheck): Record<string, unknown> {
  return {
    decisions: output.decisions,
    // A dry run marks each update (and each registration) as not sent.
    updates: output.dryRun ? output.updates.map((u) => ({ ...u, sent: false })) : output.updates,
    scaleIn: output.dryRun ? output.scaleIn.map((c) => ({ ...c, sent: false })) : output.scaleIn,
    ...engineStateToJson(output.state),
    notifications: output.notifications,
  };
}
