/**
 * The circuit breaker (spec §8) with D13: each URL is polled once per check and its outcome is
 * shared by every table and GSI that uses it; a GSI without its own URL inherits its table's,
 * then the global one. Any 2xx means closed; anything else, including no outcome, means open.
 */
import { CircuitBreakerOutcome } from './decide-types';
import { CircuitBreaker, EnginePolicy, TableRule, TargetPolicy } from './policy';
import { ManagedTarget, managedTargets } from './table-matching';

/** One poll the host should make before a check (D13: one per URL). */
export interface CircuitBreakerPoll {
  /** The URL to `GET`, with any `user:password@` removed. */
  readonly url: string;
  /** The URL exactly as configured: the key of its outcome in `DecideInput.circuitBreakers`. */
  readonly configuredUrl: string;
  /** Timeout in milliseconds. */
  readonly timeoutMs: number;
  /** Basic-auth user taken from the URL. @default - no authentication */
  readonly username?: string;
  /** Basic-auth password taken from the URL. @default - no authentication */
  readonly password?: string;
  /** The Secrets Manager secret holding the basic-auth credentials. @default - none */
  readonly credentialsSecret?: string;
}

/**
 * The circuit breaker that guards a table or one of its GSIs: the GSI's own, else the table's
 * (D13; dd skips the table's), else the global one. The timeout always travels with its URL.
 *
 * @param policy the whole policy (for the global breaker)
 * @param table the table's options
 * @param gsi the GSI's options, when deciding for a GSI
 */
export function resolveCircuitBreaker(policy: EnginePolicy, table: TargetPolicy, gsi?: TargetPolicy): CircuitBreaker | undefined {
  return gsi?.circuitBreaker ?? table.circuitBreaker ?? policy.circuitBreaker;
}

/**
 * Whether an outcome means "open" (R8.3): only a 2xx status is closed. A missing outcome counts
 * as open, as dd treats any failure to poll.
 */
export function isCircuitOpen(outcome: CircuitBreakerOutcome | undefined): boolean {
  if (!outcome || outcome.error !== undefined || outcome.status === undefined) return true;
  return outcome.status < 200 || outcome.status > 299;
}

/** A short human description of an outcome, for reasons. */
export function describeOutcome(outcome: CircuitBreakerOutcome | undefined): string {
  if (!outcome) return 'no outcome reported';
  if (outcome.error !== undefined) return `error: ${outcome.error}`;
  return outcome.status === undefined ? 'no status' : `HTTP ${outcome.status}`;
}

const CREDENTIALS = /^(https?:\/\/)([^:@/]+):([^@/]*)@(.*)$/;

/**
 * The poll for one breaker: credentials embedded in the URL become basic auth (R8.2).
 */
export function circuitBreakerPoll(breaker: CircuitBreaker): CircuitBreakerPoll {
  const secret = breaker.credentialsSecret !== undefined ? { credentialsSecret: breaker.credentialsSecret } : {};
  const m = CREDENTIALS.exec(breaker.url);
  if (!m) return { url: breaker.url, configuredUrl: breaker.url, timeoutMs: breaker.timeoutMs, ...secret };
  return { url: m[1] + m[4], configuredUrl: breaker.url, timeoutMs: breaker.timeoutMs, username: m[2], password: m[3], ...secret };
}

/**
 * Every circuit breaker the policy configures, once per URL (D13), in order: global, then
 * tables and their GSIs in file order. Hosts poll these before calling `decide`.
 */
export function configuredCircuitBreakers(policy: EnginePolicy): CircuitBreaker[] {
  const seen = new Map<string, CircuitBreaker>();
  const add = (b: CircuitBreaker | undefined) => {
    if (b && !seen.has(b.url)) seen.set(b.url, b);
  };
  add(policy.circuitBreaker);
  for (const t of policy.tables) {
    add(t.policy.circuitBreaker);
    for (const g of t.gsis) add(g.policy.circuitBreaker);
  }
  return [...seen.values()];
}

/**
 * The circuit breakers a check of `tables` uses, once per URL (D13), in the order `decide`
 * meets them: hosts poll exactly these before calling `decide`.
 *
 * @param policy the policy
 * @param tables the tables of the check, by name (with their GSIs)
 */
export function circuitBreakersInUse(
  policy: EnginePolicy, tables: Readonly<Record<string, { readonly gsis?: Readonly<Record<string, unknown>> }>>,
): CircuitBreaker[] {
  const managed = Object.keys(tables).sort().flatMap((table) => {
    const m = managedTargets(policy, table, Object.keys(tables[table].gsis ?? {}));
    return m ? [{ table, ...m }] : [];
  });
  return circuitBreakerUses(policy, managed).map((u) => u.breaker);
}

/** A circuit breaker a check uses, with the first table (and GSI, when it is the GSI's own) it guards. */
export interface CircuitBreakerUse {
  /** The breaker. */
  readonly breaker: CircuitBreaker;
  /** The first table, in check order, it guards (the `x-table-name` header). */
  readonly table: string;
  /** That target's GSI when the breaker is the GSI's own (the `x-gsi-name` header), else null. */
  readonly gsi: string | null;
}

/**
 * {@link circuitBreakersInUse}, each with the first target it guards, from the managed targets of
 * a check's tables in check order (as {@link managedTargets} gives them).
 */
export function circuitBreakerUses(
  policy: EnginePolicy, tables: ReadonlyArray<{ readonly table: string; readonly rule: TableRule; readonly targets: readonly ManagedTarget[] }>,
): CircuitBreakerUse[] {
  // Most policies configure no breaker: then no target needs resolving.
  if (!configuresCircuitBreaker(policy)) return [];
  const seen = new Map<string, CircuitBreakerUse>();
  for (const { table, rule, targets } of tables) {
    for (const t of targets) {
      const breaker = resolveCircuitBreaker(policy, rule.policy, t.gsi === null ? undefined : t.policy);
      if (breaker && !seen.has(breaker.url)) {
        seen.set(breaker.url, { breaker, table, gsi: t.gsi !== null && t.policy.circuitBreaker === breaker ? t.gsi : null });
      }
    }
  }
  return [...seen.values()];
}

/** Whether the policy configures a breaker anywhere, per policy object: a check asks for every table. */
const configures = new WeakMap<EnginePolicy, boolean>();

function configuresCircuitBreaker(policy: EnginePolicy): boolean {
  let any = configures.get(policy);
  if (any === undefined) configures.set(policy, any = configuredCircuitBreakers(policy).length > 0);
  return any;
}
