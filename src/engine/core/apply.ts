/**
 * Applying a table's or GSI's two dimension decisions (spec §7), in this order:
 * 1. status gating: only an `ACTIVE` table or GSI is updated (R7.1);
 * 2. down-scaling flags re-checked: a decrease of a dimension whose down-scaling is disabled is
 *    dropped (R7.2 step 2, #279);
 * 3. maintenance windows: outside every window, decreases are dropped, increases go on (R7.2
 *    step 4, D10 parsing);
 * 4. always-decrease-rw-together with D2's meaning: a decrease goes out only together with a
 *    decrease of the other dimension;
 * 5. the decrease quota (D15): a decrease DynamoDB would refuse, or that would eat into the
 *    reserve, is dropped.
 * A dimension's change is "applied" when it is in the resulting update; D3 resets only those
 * counters.
 */
import { CapacityUpdate, CapacityStatus } from './decide-types';
import { DecreaseQuotaState, planDecrease } from './decrease-quota';
import { isInMaintenanceWindow } from './maintenance-window';
import { TargetPolicy } from './policy';

/** What apply needs besides the policy. */
export interface ApplyInput {
  /** The table. */
  readonly table: string;
  /** The GSI, or null. */
  readonly gsi: string | null;
  /** Read units now. */
  readonly currentReads: number;
  /** Write units now. */
  readonly currentWrites: number;
  /** Whether the reads decision wants a change. */
  readonly readsUpdate: boolean;
  /** The reads decision's proposal. */
  readonly proposedReads: number;
  /** Whether the writes decision wants a change. */
  readonly writesUpdate: boolean;
  /** The writes decision's proposal. */
  readonly proposedWrites: number;
  /** `TableStatus` or `IndexStatus`. */
  readonly status: CapacityStatus;
  /** Decrease quota state (D15). */
  readonly quota: DecreaseQuotaState;
  /** The check's time. */
  readonly nowMs: number;
}

/** The outcome of the apply rules. */
export interface ApplyResult {
  /** The update to send, or null. */
  readonly update: CapacityUpdate | null;
  /** Whether the reads change is in the update. */
  readonly readsApplied: boolean;
  /** Whether the writes change is in the update. */
  readonly writesApplied: boolean;
  /** The rule that held each dimension's change back, if one did. */
  readonly held: { readonly reads?: HoldRule; readonly writes?: HoldRule };
}

/** The apply rule that held a dimension's change back. */
export type HoldRule = 'status' | 'down-scaling-disabled' | 'maintenance-window' | 'rw-together' | 'decrease-quota';

/** Why each dimension's change was held back, appended to per dimension. */
export interface ApplyReasons {
  /** Reasons about the reads change. */
  readonly reads: string[];
  /** Reasons about the writes change. */
  readonly writes: string[];
}

const NOTHING: ApplyResult = { update: null, readsApplied: false, writesApplied: false, held: {} };

/**
 * Runs the apply rules for one table or GSI.
 *
 * @param policy the target's options
 * @param a the decisions and state
 * @param reasons where to append why a change was held back, under the dimension it holds back, or undefined
 */
export function applyDecisions(policy: TargetPolicy, a: ApplyInput, reasons: ApplyReasons | undefined): ApplyResult {
  if (!a.readsUpdate && !a.writesUpdate) return NOTHING;
  const Rc = a.currentReads;
  const Wc = a.currentWrites;
  let r = a.readsUpdate ? Math.trunc(a.proposedReads) : Rc;
  let w = a.writesUpdate ? Math.trunc(a.proposedWrites) : Wc;
  const held: { reads?: HoldRule; writes?: HoldRule } = {};
  // Tells a dimension why its change is held back, when it has one, and which rule held it.
  const tell = (reads: boolean, writes: boolean, rule: HoldRule, why: string) => {
    if (reads) {
      reasons?.reads.push(why);
      held.reads ??= rule;
    }
    if (writes) {
      reasons?.writes.push(why);
      held.writes ??= rule;
    }
  };

  if ((a.status ?? 'ACTIVE') !== 'ACTIVE') {
    tell(a.readsUpdate, a.writesUpdate, 'status', `status is ${a.status}, not ACTIVE: no update this check`);
    return { ...NOTHING, held };
  }
  if (r < Rc && !policy.reads.enableDownScaling) {
    tell(true, false, 'down-scaling-disabled', `reads decrease to ${r} dropped: enable-reads-down-scaling = false`);
    r = Rc;
  }
  if (w < Wc && !policy.writes.enableDownScaling) {
    tell(false, true, 'down-scaling-disabled', `writes decrease to ${w} dropped: enable-writes-down-scaling = false`);
    w = Wc;
  }
  if ((r < Rc || w < Wc) && policy.maintenanceWindows && policy.maintenanceWindows.length > 0
    && !isInMaintenanceWindow(policy.maintenanceWindows, a.nowMs)) {
    tell(r < Rc, w < Wc, 'maintenance-window', 'outside every maintenance window: decreases held back');
    if (r < Rc) r = Rc;
    if (w < Wc) w = Wc;
  }
  if (policy.alwaysDecreaseRwTogether) {
    const rDown = r < Rc;
    const wDown = w < Wc;
    if (rDown !== wDown) {
      tell(rDown, wDown, 'rw-together', `always-decrease-rw-together: ${rDown ? 'reads' : 'writes'} decrease held back until the ${rDown ? 'writes' : 'reads'} decrease too`);
      if (rDown) r = Rc;
      if (wDown) w = Wc;
    }
  }
  if (r < Rc || w < Wc) {
    const plan = planDecrease(a.quota, a.nowMs, policy.decreaseReserve);
    if (!plan.allowed) {
      tell(r < Rc, w < Wc, 'decrease-quota', `${plan.reason}: decreases held back`);
      if (r < Rc) r = Rc;
      if (w < Wc) w = Wc;
    }
  }
  if (r === Rc && w === Wc) return { ...NOTHING, held };

  const ir = Math.max(r, Rc);
  const iw = Math.max(w, Wc);
  const isDecrease = r < Rc || w < Wc;
  return {
    update: {
      table: a.table,
      gsi: a.gsi,
      reads: r,
      writes: w,
      fromReads: Rc,
      fromWrites: Wc,
      isDecrease,
      increaseOnly: isDecrease && (ir !== Rc || iw !== Wc) ? { reads: ir, writes: iw } : null,
    },
    readsApplied: a.readsUpdate && r !== Rc,
    writesApplied: a.writesUpdate && w !== Wc,
    held,
  };
}
