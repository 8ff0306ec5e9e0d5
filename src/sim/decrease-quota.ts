/**
 * DynamoDB's quota on provisioned-capacity decreases, per table (and per GSI), as the simulated
 * DynamoDB enforces it.
 *
 * AWS fact (Amazon DynamoDB Developer Guide, "Service, account, and table quotas" >
 * "Provisioned capacity decreases per day", https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html):
 * a day is a UTC day; up to 4 decreases may be made at any time in a day, then one more each
 * hour after the last one, for at most 27 decreases in a day. `DescribeTable` reports
 * `NumberOfDecreasesToday` and `LastDecreaseDateTime`; a decrease beyond the quota fails with
 * `LimitExceededException`.
 *
 * The rule itself is written once, in the engine (`src/engine/decrease-quota.ts`), which plans
 * against it (D15); this class only keeps the counter that DynamoDB would keep.
 */
import {
  DecreaseQuotaState,
  decreasesToday,
  quotaAllowsDecrease,
  recordDecrease,
} from '../engine';

/** The decrease counter of one table or GSI. */
export class DecreaseQuota {
  private state: DecreaseQuotaState = {};

  /** `NumberOfDecreasesToday` at `nowMs`. */
  public decreasesToday(nowMs: number): number {
    return decreasesToday(this.state, nowMs);
  }

  /** `LastDecreaseDateTime` in epoch ms, or undefined before the first decrease. */
  public get lastDecreaseMs(): number | undefined {
    return this.state.lastDecreaseMs;
  }

  /** Whether DynamoDB would accept a decrease at `nowMs`. */
  public canDecrease(nowMs: number): boolean {
    return quotaAllowsDecrease(this.state, nowMs);
  }

  /**
   * Records a decrease at `nowMs`.
   *
   * @returns false (and records nothing) when the quota refuses it: `LimitExceededException`
   */
  public tryDecrease(nowMs: number): boolean {
    if (!this.canDecrease(nowMs)) return false;
    this.state = recordDecrease(this.state, nowMs);
    return true;
  }
}
