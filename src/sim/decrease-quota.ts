/**
 * DynamoDB's quota on provisioned-capacity decreases, per table (and per GSI).
 *
 * AWS fact (Amazon DynamoDB Developer Guide, "Service, account, and table quotas" >
 * "Provisioned capacity decreases per day", https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html):
 * a day is a UTC day; up to 4 decreases may be made at any time in a day, then one more each
 * hour after the last one, for at most 27 decreases in a day. `DescribeTable` reports
 * `NumberOfDecreasesToday` and `LastDecreaseDateTime`; a decrease beyond the quota fails with
 * `LimitExceededException`.
 */

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** Decreases allowed at any time in a UTC day. */
export const FREE_DECREASES_PER_DAY = 4;
/** Decreases allowed in a UTC day in all. */
export const MAX_DECREASES_PER_DAY = 27;
/** After the free decreases, the time that must pass since the last decrease. */
export const DECREASE_SPACING_MS = HOUR_MS;

/** The UTC day number (days since the epoch) of a time. */
export function utcDay(ms: number): number {
  return Math.floor(ms / DAY_MS);
}

/** The decrease counter of one table or GSI. */
export class DecreaseQuota {
  private day = Number.NEGATIVE_INFINITY;
  private count = 0;
  private last: number | undefined;

  /** `NumberOfDecreasesToday` at `nowMs`. */
  public decreasesToday(nowMs: number): number {
    return utcDay(nowMs) === this.day ? this.count : 0;
  }

  /** `LastDecreaseDateTime` in epoch ms, or undefined before the first decrease. */
  public get lastDecreaseMs(): number | undefined {
    return this.last;
  }

  /** Whether DynamoDB would accept a decrease at `nowMs`. */
  public canDecrease(nowMs: number): boolean {
    const today = this.decreasesToday(nowMs);
    if (today < FREE_DECREASES_PER_DAY) return true;
    if (today >= MAX_DECREASES_PER_DAY) return false;
    return this.last !== undefined && nowMs - this.last >= DECREASE_SPACING_MS;
  }

  /**
   * Records a decrease at `nowMs`.
   *
   * @returns false (and records nothing) when the quota refuses it: `LimitExceededException`
   */
  public tryDecrease(nowMs: number): boolean {
    if (!this.canDecrease(nowMs)) return false;
    const day = utcDay(nowMs);
    if (day !== this.day) { this.day = day; this.count = 0; }
    this.count++;
    this.last = nowMs;
    return true;
  }
}
