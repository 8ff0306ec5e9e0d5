/**
 * DynamoDB's provisioned-capacity decrease quota, planned ahead (D15; dd ignores it and relies
 * on `LimitExceededException`). Per table and per GSI, per UTC day: up to 4 decreases at any
 * time, then one more whenever the last decrease is at least an hour old, 27 in all.
 *
 * A reserve of R keeps R decreases available to a human at every moment: the scaler decreases
 * only when DynamoDB would accept it and, right after it, DynamoDB would still accept R more
 * decreases in a row (see {@link decreasesAvailableNow}). Because a decrease after the first 4 of
 * the day leaves none available for the next hour, a reserve of 1 or more means the scaler never
 * takes an hourly decrease: it makes at most 4 − R decreases a UTC day, all from the 4 allowed at
 * any time, and an operator can make R decreases at once whenever they need to, from 00:00 UTC
 * on. With R = 0 the scaler uses the whole quota (27 a day with the hourly pacing).
 */

/** Decreases allowed at any time in a UTC day. */
export const DECREASES_AT_ANY_TIME = 4;
/** Decreases allowed in all in a UTC day. */
export const MAX_DECREASES_PER_DAY = 27;
/** After the first 4, one more decrease once the last is this old. */
export const DECREASE_INTERVAL_MS = 3_600_000;
/**
 * The largest reserve: the most decreases DynamoDB ever accepts in a row is the 4 allowed at any
 * time, and the scaler must keep at least one of them.
 */
export const MAX_DECREASE_RESERVE = DECREASES_AT_ANY_TIME - 1;

const MS_PER_DAY = 86_400_000;

/** The UTC day number (days since the epoch) of a time: the quota's day. */
export function utcDay(ms: number): number {
  return Math.floor(ms / MS_PER_DAY);
}

/** The quota state of one table or GSI, from `DescribeTable`. */
export interface DecreaseQuotaState {
  /** `NumberOfDecreasesToday`. @default 0 */
  readonly decreasesToday?: number;
  /** `LastDecreaseDateTime`, epoch milliseconds. @default - none */
  readonly lastDecreaseMs?: number;
}

/** Whether a decrease may be planned now, and why not. */
export interface DecreasePlan {
  /** True when the scaler may decrease now. */
  readonly allowed: boolean;
  /** Decreases already made in the current UTC day. */
  readonly decreasesToday: number;
  /** Human-readable reason. */
  readonly reason: string;
}

/** Decreases made in `nowMs`'s UTC day: the reported count, or 0 if the last decrease was on an earlier day. */
export function decreasesToday(state: DecreaseQuotaState, nowMs: number): number {
  const d = state.decreasesToday ?? 0;
  if (state.lastDecreaseMs === undefined) return d;
  return utcDay(state.lastDecreaseMs) < utcDay(nowMs) ? 0 : d;
}

/** Whether DynamoDB itself would accept a decrease at `nowMs`. */
export function quotaAllowsDecrease(state: DecreaseQuotaState, nowMs: number): boolean {
  const d = decreasesToday(state, nowMs);
  if (d < DECREASES_AT_ANY_TIME) return true;
  if (d >= MAX_DECREASES_PER_DAY) return false;
  return state.lastDecreaseMs === undefined || nowMs - state.lastDecreaseMs >= DECREASE_INTERVAL_MS;
}

/**
 * How many decreases DynamoDB would accept at `nowMs`, one right after the other: what is left
 * of the 4 allowed at any time, or else 1 when the last decrease is at least an hour old (and
 * fewer than 27 were made today), or else 0. An hourly decrease and the ones allowed at any time
 * are never available together: after the 4th decrease the next one waits an hour.
 */
export function decreasesAvailableNow(state: DecreaseQuotaState, nowMs: number): number {
  const d = decreasesToday(state, nowMs);
  if (d < DECREASES_AT_ANY_TIME) return DECREASES_AT_ANY_TIME - d;
  return quotaAllowsDecrease(state, nowMs) ? 1 : 0;
}

/**
 * Whether the scaler may plan a decrease at `nowMs`, keeping `reserve` decreases available: the
 * quota must allow it, and after it DynamoDB must still accept `reserve` decreases at `nowMs`.
 *
 * @param state the table's or GSI's quota state
 * @param nowMs the check's time
 * @param reserve decreases kept available (0 to {@link MAX_DECREASE_RESERVE})
 */
export function planDecrease(state: DecreaseQuotaState, nowMs: number, reserve: number): DecreasePlan {
  const d = decreasesToday(state, nowMs);
  if (!quotaAllowsDecrease(state, nowMs)) {
    const reason = d >= MAX_DECREASES_PER_DAY
      ? `decrease quota used up: ${d} of ${MAX_DECREASES_PER_DAY} decreases today (UTC)`
      : `decrease quota: ${d} decreases today and the last one was less than an hour ago`;
    return { allowed: false, decreasesToday: d, reason };
  }
  const leftAfter = decreasesAvailableNow(recordDecrease(state, nowMs), nowMs);
  if (leftAfter < reserve) {
    return {
      allowed: false,
      decreasesToday: d,
      reason: `decrease held back to keep ${reserve} decrease${reserve === 1 ? '' : 's'} in reserve: `
        + `after it DynamoDB would accept ${leftAfter} more now (${d} used today, UTC)`,
    };
  }
  return { allowed: true, decreasesToday: d, reason: `decrease quota allows it (${d} decreases today)` };
}

/** The quota state after a decrease at `nowMs` (for hosts and the simulator). */
export function recordDecrease(state: DecreaseQuotaState, nowMs: number): DecreaseQuotaState {
  return { decreasesToday: decreasesToday(state, nowMs) + 1, lastDecreaseMs: nowMs };
}
