/**
 * Runs a dd decision scenario through the same code path as `dynamic-scaling decide`: the
 * scenario's exact dynamic-dynamodb.conf through `parseDdConfig`, each step as a SNAPSHOT.json
 * through `snapshotToInput`, then `decide`, chaining our own state (counters, alarms, throttle
 * marks, round-tripped through the printed JSON) and our own capacity from step to step. The host
 * side (UpdateTable with injected failures, the increase-only retry, SNS after success, dd's
 * `--dry-run`) is simulated here the way the scaler Lambda does it.
 */
import { Scenario, ScenarioCapacity, ScenarioStep } from './dd-vectors';
import { outputToJson, snapshotToInput } from '../../src/cli/snapshot';
import {
  CircuitBreakerOutcome, decide, DecideInput, DecideOutput, EngineNotification, EngineState,
} from '../../src/engine/core/decide';
import { recordDecrease } from '../../src/engine/core/decrease-quota';
import { scalingNotification } from '../../src/engine/core/notifications';
import { EnginePolicy } from '../../src/engine/core/policy';
import { settleUpdate } from '../../src/engine/core/settle';
import { matchGsiRule, matchTableRule } from '../../src/engine/core/table-matching';
import { parseDdConfig } from '../../src/engine/dd-conf/dd-config';

/** An UpdateTable call as the fakes record it. */
export interface UpdateCall {
  table: string;
  gsi: string | null;
  reads: number;
  writes: number;
  from_reads: number;
  from_writes: number;
  result: string;
}

/** What one step gave. */
export interface StepRun {
  readonly input: DecideInput;
  readonly output: DecideOutput;
  readonly calls: UpdateCall[];
  readonly sns: Array<{ topic: string; subject: string; message: string }>;
  readonly countersAfter: EngineState['counters'];
  readonly provisioningAfter: Record<string, ScenarioCapacity>;
}

interface Quota { decreasesToday?: number; lastDecreaseMs?: number }

function outcomeOf(step: ScenarioStep): CircuitBreakerOutcome {
  const b = step.circuit_behaviour;
  if (!b) return { status: 200 };
  return b.status !== undefined ? { status: b.status } : { error: b.raise ?? 'error' };
}

function quotaJson(q: Quota | undefined) {
  if (!q) return {};
  return { decreasesToday: q.decreasesToday, lastDecreaseAt: new Date(q.lastDecreaseMs!).toISOString() };
}

/** The snapshot's `tables`, as a host would write it. */
function tablesJson(prov: Record<string, ScenarioCapacity>, quota: Map<string, Quota>) {
  const out: Record<string, unknown> = {};
  for (const [t, c] of Object.entries(prov)) {
    const gsis: Record<string, unknown> = {};
    for (const [g, gc] of Object.entries(c.gsis ?? {})) gsis[g] = { read: gc.read, write: gc.write, status: gc.status, ...quotaJson(quota.get(`${t}:${g}`)) };
    out[t] = { read: c.read, write: c.write, status: c.status, ...quotaJson(quota.get(t)), ...(c.gsis ? { gsis } : {}) };
  }
  return out;
}

/** The policy a scenario's conf gives, or throws with the parser's errors. */
export function scenarioPolicy(s: Scenario): EnginePolicy {
  const parsed = parseDdConfig(s.ini);
  if (!parsed.policy) throw new Error(`${s.name}: ${parsed.errors.map((e) => e.message).join('; ')}`);
  return parsed.policy;
}

/** Runs every step of a scenario, chained. */
export function runScenario(s: Scenario, policy: EnginePolicy = scenarioPolicy(s)): StepRun[] {
  const prov: Record<string, ScenarioCapacity> = JSON.parse(JSON.stringify(s.initial_tables));
  const quota = new Map<string, Quota>();
  const dryRun = (s as { extra_argv?: string[] }).extra_argv?.includes('--dry-run') ?? false;
  let printed: Record<string, unknown> = {};
  const runs: StepRun[] = [];
  for (const step of s.steps) {
    const nowMs = Date.parse(`${step.now_utc}Z`);
    const snapshot = {
      now: `${step.now_utc}Z`,
      tables: tablesJson(prov, quota),
      metricSums: step.metrics_sums,
      counters: printed.counters,
      alarms: printed.alarms,
      throttleCountedUntil: printed.throttleCountedUntil,
      circuitBreaker: outcomeOf(step),
    };
    const input: DecideInput = snapshotToInput(JSON.parse(JSON.stringify(snapshot)), policy);
    const output = decide(input);
    let next: EngineState = output.state;
    const calls: UpdateCall[] = [];
    const sns: StepRun['sns'] = [];
    const publish = (n: EngineNotification | undefined) => {
      if (n) sns.push({ topic: n.topicArn, subject: n.subject, message: n.message });
    };
    output.notifications.filter((n) => !n.afterUpdate).forEach(publish);
    for (const u of output.updates) {
      if (dryRun) {
        next = settleUpdate(input, { ...output, state: next }, u, null);
        continue;
      }
      const fail = step.update_fail && (step.update_fail.mode === 'always' || (step.update_fail.mode === 'decrease' && u.isDecrease))
        ? step.update_fail.error : undefined;
      const call = (reads: number, writes: number, result: string) => calls.push({
        table: u.table, gsi: u.gsi, reads, writes, from_reads: u.fromReads, from_writes: u.fromWrites, result,
      });
      call(u.reads, u.writes, fail ? `error:${fail}` : 'ok');
      let sent: { reads: number; writes: number } | null = fail ? null : { reads: u.reads, writes: u.writes };
      if (fail === 'LimitExceededException' && u.increaseOnly) {
        call(u.increaseOnly.reads, u.increaseOnly.writes, 'ok');
        sent = u.increaseOnly;
      }
      if (sent) {
        const rule = matchTableRule(policy, u.table)!;
        const target = u.gsi === null ? rule.policy : matchGsiRule(rule, u.gsi)!.policy;
        publish(scalingNotification(target, { ...u, reads: sent.reads, writes: sent.writes }));
        const c = u.gsi === null ? prov[u.table] : prov[u.table].gsis![u.gsi];
        c.read = sent.reads;
        c.write = sent.writes;
        if (sent.reads < u.fromReads || sent.writes < u.fromWrites) {
          const key = u.gsi === null ? u.table : `${u.table}:${u.gsi}`;
          quota.set(key, recordDecrease(quota.get(key) ?? {}, nowMs));
        }
      }
      next = settleUpdate(input, { ...output, state: next }, u, sent);
    }
    printed = outputToJson({ ...output, nowMs, state: next });
    runs.push({
      input,
      output,
      calls,
      sns,
      countersAfter: next.counters,
      provisioningAfter: JSON.parse(JSON.stringify(prov)),
    });
  }
  return runs;
}
