/**
 * DynamoDB's provisioned-capacity decrease quota, planned ahead (D15; dd ignores it and relies
 * on `LimitExceededException`). Per table and per GSI, per UTC day: up to 4 decreases at any
 * time, then one more whenever the last decrease is at least an hour old, 27 in all.
 *
 * A reserve of R keeps R of the 27 daily decreases unused: the scaler decreases only when
 * DynamoDB would accept it and at least R decreases of the day would still be left after it, so
 * it makes at most 27 − R decreases a UTC day and an operator (or an emergency) still has R.
 * With R = 0 the scaler uses the whole quota.
 */

/** Decreases allowed at any time in a UTC day. */
export const DECREASES_AT_ANY_TIME = 4;
/** Decreases allowed in all in a UTC day. */
export const MAX_DECREASES_PER_DAY = 27;
/** After the first 4, one more decrease once the last is this old. */
export const DECREASE_INTERVAL_MS = 3_600_000;

const MS_PER_DAY = 86_400_000;

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
  return Math.floor(state.lastDecreaseMs / MS_PER_DAY) < Math.floor(nowMs / MS_PER_DAY) ? 0 : d;
}

/** Whether DynamoDB itself would accept a decrease at `nowMs`. */
export function quotaAllowsDecrease(state: DecreaseQuotaState, nowMs: number): boolean {
  const d = decreasesToday(state, nowMs);
  if (d < DECREASES_AT_ANY_TIME) return true;
  if (d >= MAX_DECREASES_PER_DAY) return false;
  return state.lastDecreaseMs === undefined || nowMs - state.lastDecreaseMs >= DECREASE_INTERVAL_MS;
}

/**
 * Whether the scaler may plan a decrease at `nowMs`, keeping `reserve` decreases in reserve.
 *
 * @param state the table's or GSI's quota state
 * @param nowMs the check's time
 * @param reserve decreases kept in reserve (0-26)
 */
export function planDecrease(state: DecreaseQuotaState, nowMs: number, reserve: number): DecreasePlan {
  const d = decreasesToday(state, nowMs);
  if (!quotaAllowsDecrease(state, nowMs)) {
    const reason = d >= MAX_DECREASES_PER_DAY
      ? `decrease quota used up: ${d} of ${MAX_DECREASES_PER_DAY} decreases today (UTC)`
      : `decrease quota: ${d} decreases today and the last one was less than an hour ago`;
    return { allowed: false, decreasesToday: d, reason };
  }
  if (reserve > 0 && d + 1 + reserve > MAX_DECREASES_PER_DAY) {
    return {
      allowed: false,
      decreasesToday: d,
      reason: `decrease held back to keep ${reserve} of the ${MAX_DECREASES_PER_DAY} daily decreases in reserve (${d} used today, UTC)`,
    };
  }
  return { allowed: true, decreasesToday: d, reason: `decrease quota allows it (${d} decreases today)` };
}

/** The quota state after a decrease at `nowMs` (for hosts and the simulator). */
export function recordDecrease(state: DecreaseQuotaState, nowMs: number): DecreaseQuotaState {
  return { decreasesToday: decreasesToday(state, nowMs) + 1, lastDecreaseMs: nowMs };
}
