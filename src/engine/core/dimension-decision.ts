/**
 * The per-dimension decision of spec §5 (S0-S8, `__ensure_provisioning_reads/writes`), the same
 * for tables and GSIs (D6), with this project's differences:
 * - D1: the consumed guard (S7) only cancels decreases;
 * - D3: without a reset percent, a check that does not count towards a scale-down resets the
 *   counter (truly consecutive);
 * - D4: the throttle-count path always adds `increase-<dim>-with`;
 * - D5: every dimension refuses to scale down while its throttle count is above its threshold;
 * - D16: that guard does not depend on up-scaling: with up-scaling disabled a throttled dimension
 *   is not decreased either (dd then decreases table reads: only its skipped S3 reads their throttles);
 * - D7: decreases are floored at the minimum only (see calculators);
 * - D8: thresholds use consumption against the capacity provisioned during the window, while
 *   the calculators and the guard keep working in consumed units.
 */
import {
  decreaseInPercent, decreaseInUnits, increaseInPercent, increaseInUnits, isConsumedOverProposed,
} from './calculators';
import { Dimension } from './decide-types';
import { fixed2 } from './fixed2';
import { CapacityUnit, DimensionPolicy, ScaleDict } from './policy';
import { scaleReader, scaleReaderDecrease } from './scale-reader';

/** The measurements one dimension is decided on. */
export interface DimensionMetrics {
  /** Provisioned units now (C). */
  readonly current: number;
  /** Consumed % used for thresholds, scale lookups and the 0% rule (D8: against the window's provisioning). */
  readonly consumedPercent: number;
  /** The capacity `consumedPercent` is measured against (D8). @default - current */
  readonly measuredAgainst?: number;
  /** Consumed % of the current provisioning: what the calculators and the guard use (dd's P). */
  readonly consumedPercentOfCurrent: number;
  /**
   * Consumed % the up-scaling thresholds and scales use (`increasesAgainstCurrentCapacity`).
   * @default - consumedPercent
   */
  readonly consumedPercentForIncrease?: number;
  /** Throttle count of the window (R3.3), used by the scale-down guard (D5). */
  readonly throttleCount: number;
  /** Throttle count for up-scaling: 0 when this window's throttles were already acted on (D8). */
  readonly throttleCountForIncrease: number;
  /** Throttled-by-provisioned % (R3.4), 0 when already acted on (D8). */
  readonly throttledByProvisionedPercent: number;
  /** Throttled-by-consumed % (R3.5), 0 when already acted on (D8). */
  readonly throttledByConsumedPercent: number;
}

/** What the decision returns: dd's `(update_needed, proposed_units, counter_out)`, plus why. */
export interface DimensionResult {
  /** Whether a change is wanted. */
  readonly updateNeeded: boolean;
  /** The proposed units (equal to `current` when no change is wanted). */
  readonly proposedUnits: number;
  /** The counter after this check, when its change is not sent. */
  readonly counterOut: number;
  /**
   * The counter after this check when its change is sent: 0, or after a decrease with
   * `checksBeforeRepeatedScaleDown`, the count that leaves that many checks to go.
   */
  readonly counterIfApplied: number;
  /**
   * The highest consumption, units per second, of the consecutive low checks counted so far
   * (this one included, each weighted by `decreasePeakHalfLifeMinutes`), or 0 when no peak is
   * kept.
   */
  readonly lowChecksPeakOut: number;
  /** True when a throttle metric proposed more than the current capacity (D8 bookkeeping). */
  readonly throttleDriven: boolean;
}

function increase(unit: CapacityUnit, current: number, amount: number, max: number, consumed: number): number {
  return unit === 'units'
    ? increaseInUnits(current, amount, max, consumed)
    : increaseInPercent(current, amount, max, consumed);
}

function decrease(unit: CapacityUnit, current: number, amount: number, min: number): number {
  return unit === 'units' ? decreaseInUnits(current, amount, min) : decreaseInPercent(current, amount, min);
}

function hasScale(scale: ScaleDict | undefined): boolean {
  return scale !== undefined && scale.length > 0;
}

/** `12.345` → `12.35%`, as dd logs percentages. */
export function pct(x: number): string {
  return `${fixed2(x)}%`;
}

function amountText(amount: number, unit: CapacityUnit): string {
  return unit === 'units' ? `${amount} units` : `${amount}%`;
}

/**
 * Decides one dimension of one table or GSI.
 *
 * @param dim reads or writes (for the reasons)
 * @param p the dimension's options
 * @param m the measurements
 * @param counterIn the consecutive-check counter before this check
 * @param reasons where to append human-readable reasons, or undefined to skip them
 * @param lowChecksPeakIn the previous check's `lowChecksPeakOut`, already weighted down by its age
 *   (`decreasePeakHalfLifeMinutes`); used only while the counter runs
 */
export function decideDimension(
  dim: Dimension, p: DimensionPolicy, m: DimensionMetrics, counterIn: number, reasons: string[] | undefined,
  lowChecksPeakIn = 0,
): DimensionResult {
  const C = m.current;
  const P = m.consumedPercent;
  const Pc = m.consumedPercentOfCurrent;

  // S0: the deprecated master switch.
  if (!p.enableAutoscaling) {
    reasons?.push(`${dim} autoscaling is disabled (enable-${dim}-autoscaling = false): no change, counter reset`);
    return { updateNeeded: false, proposedUnits: C, counterOut: 0, counterIfApplied: 0, lowChecksPeakOut: 0, throttleDriven: false };
  }

  let U = C;
  let update = false;
  let k = counterIn;
  let throttleDriven = false;
  let lowChecksPeakOut = 0;
  const base = m.measuredAgainst ?? C;
  // Most reasons quote the consumed percentage: printed once.
  const consumed = reasons ? pct(P) : '';
  if (reasons) {
    reasons.push(base === C
      ? `consumed ${consumed} of ${C} ${dim} units`
      : `consumed ${consumed} of ${base} ${dim} units, the average provisioned during the window (${C} now)`);
  }

  // S2: counter reset by consumption.
  if (p.checksResetPercent && P >= p.checksResetPercent) {
    if (k !== 0) reasons?.push(`counter reset: consumed ${consumed} >= reset percent ${p.checksResetPercent}%`);
    k = 0;
  }

  // S3: up-scaling; the four candidates are compared in dd's order with a strict >.
  if (p.enableUpScaling) {
    const consumedUnit = p.increaseConsumedUnit || p.increaseUnit;
    const consumedWith = p.increaseConsumedWith || p.increaseWith;
    let calc = 0;
    let why = '';

    const a = scaleReader(p.increaseThrottledByProvisionedScale, m.throttledByProvisionedPercent);
    if (a) {
      const unit = p.increaseThrottledByProvisionedUnit || p.increaseUnit;
      const A = increase(unit, C, a, p.max, Pc);
      if (A > calc) {
        calc = A;
        if (reasons) why = `throttled-by-provisioned ${pct(m.throttledByProvisionedPercent)} scale: +${amountText(a, unit)}`;
      }
      if (A > C) throttleDriven = true;
    }
    const b = scaleReader(p.increaseThrottledByConsumedScale, m.throttledByConsumedPercent);
    if (b) {
      const unit = p.increaseThrottledByConsumedUnit || p.increaseUnit;
      const B = increase(unit, C, b, p.max, Pc);
      if (B > calc) {
        calc = B;
        if (reasons) why = `throttled-by-consumed ${pct(m.throttledByConsumedPercent)} scale: +${amountText(b, unit)}`;
      }
      if (B > C) throttleDriven = true;
    }
    const Pi = m.consumedPercentForIncrease ?? P;
    const c = scaleReader(p.increaseConsumedScale, Pi);
    let Cc = 0;
    if (c) {
      Cc = increase(consumedUnit, C, c, p.max, Pc);
      if (reasons && Cc > calc) why = `consumed ${Pi !== P ? `${pct(Pi)} of the current capacity` : consumed} scale: +${amountText(c, consumedUnit)}`;
    } else if (p.upperThreshold && Pi > p.upperThreshold && !hasScale(p.increaseConsumedScale)) {
      Cc = increase(consumedUnit, C, consumedWith, p.max, Pc);
      if (reasons && Cc > calc) why = `consumed ${Pi !== P ? `${pct(Pi)} of the current capacity` : consumed} > upper threshold ${p.upperThreshold}%: +${amountText(consumedWith, consumedUnit)}`;
    }
    if (Cc > calc) calc = Cc;
    if (p.throttledUpperThreshold && m.throttleCountForIncrease > p.throttledUpperThreshold) {
      // D4: dd adds increase-consumed-reads-with here for table reads in percent.
      const D = increase(p.increaseUnit, C, p.increaseWith, p.max, Pc);
      if (D > calc) {
        calc = D;
        if (reasons) why = `${m.throttleCountForIncrease} throttled requests > ${p.throttledUpperThreshold}: +${amountText(p.increaseWith, p.increaseUnit)}`;
      }
      if (D > C) throttleDriven = true;
    }
    // maxIncreasePercent: one step adds at most this share of the current capacity.
    let capped = false;
    if (p.maxIncreasePercent && calc > C) {
      const limit = C + Math.max(1, Math.ceil((C * p.maxIncreasePercent) / 100));
      if (calc > limit) {
        calc = limit;
        capped = true;
      }
    }
    if (calc > C) {
      if (reasons) {
        const cap = capped ? `, capped at +${p.maxIncreasePercent}% (max-increase-${dim}-percent)` : '';
        reasons.push(`scale up to ${calc} (${why}${cap}${calc === p.max ? `, capped at max ${p.max}` : ''})`);
        if (k !== 0) reasons.push('counter reset by the scale-up');
      }
      k = 0;
      update = true;
      U = calc;
    } else {
      throttleDriven = false;
    }
  } else if (reasons) {
    reasons.push(`up-scaling disabled (enable-${dim}-up-scaling = false)`);
  }

  // S4: down-scaling.
  if (!update) {
    const unit = p.decreaseConsumedUnit || p.decreaseUnit;
    const amount = p.decreaseConsumedWith || p.decreaseWith;
    const s = scaleReaderDecrease(p.decreaseConsumedScale, P);
    let calc: number | undefined;
    let blocked = '';
    if (!p.enableDownScaling) {
      blocked = `down-scaling disabled (enable-${dim}-down-scaling = false)`;
    } else if (P === 0 && !p.allowScaleDownAtZeroPercent) {
      blocked = `no scale-down at 0% (allow-scaling-down-${dim}-on-0-percent = false)`;
    } else if (p.throttledUpperThreshold && m.throttleCount > p.throttledUpperThreshold) {
      // D5: dd has this guard for table writes only. D16: it holds whatever enableUpScaling says.
      blocked = `no scale-down while throttled: ${m.throttleCount} throttled requests > ${p.throttledUpperThreshold}`;
    } else if (s) {
      // decreasePeakHalfLifeMinutes: size the decrease from the recent peak of the counted checks.
      const rate = (P * base) / 100;
      const tracksPeak = (p.decreasePeakHalfLifeMinutes ?? 0) > 0;
      const peak = tracksPeak && k > 0 ? Math.max(rate, lowChecksPeakIn) : rate;
      const Pd = peak > rate ? (peak * 100) / base : P;
      const sd = Pd > P ? scaleReaderDecrease(p.decreaseConsumedScale, Pd) : s;
      calc = decrease(unit, U, sd, p.min);
      if (tracksPeak) lowChecksPeakOut = peak;
      if (reasons) {
        blocked = Pd > P
          ? `consumed ${consumed}, recent peak of the low checks ${pct(Pd)}: decrease scale -${amountText(sd, unit)} gives ${calc}`
          : `consumed ${consumed} decrease scale: -${amountText(s, unit)} gives ${calc}`;
      }
    } else if (p.lowerThreshold && P < p.lowerThreshold && !hasScale(p.decreaseConsumedScale)) {
      calc = decrease(unit, U, amount, p.min);
      if (reasons) blocked = `consumed ${consumed} < lower threshold ${p.lowerThreshold}%: -${amountText(amount, unit)} gives ${calc}`;
    }
    if (calc && calc !== C) {
      k += 1;
      if (reasons) reasons.push(`${blocked}; consecutive low checks ${k}/${p.checksBeforeScaleDown}`);
      if (k >= p.checksBeforeScaleDown) {
        update = true;
        U = calc;
      }
    } else {
      if (reasons && blocked) reasons.push(blocked);
      // D3: without a reset percent the counter counts consecutive checks only.
      if (!p.checksResetPercent && k !== 0) {
        reasons?.push('counter reset: this check does not count towards a scale-down');
        k = 0;
      }
      lowChecksPeakOut = (p.decreasePeakHalfLifeMinutes ?? 0) > 0 && k > 0 ? lowChecksPeakIn : 0;
    }
  }

  // S5 / S6: max and min clamps (explicit, with no consecutive checks).
  if (p.max && Math.trunc(U) > Math.trunc(p.max)) {
    reasons?.push(`${U} is above max ${p.max}: clamp to max`);
    U = Math.trunc(p.max);
    update = true;
  }
  if (p.min && Math.trunc(p.min) > Math.trunc(U)) {
    reasons?.push(`${U} is below min ${p.min}: clamp to min`);
    U = Math.trunc(p.min);
    update = true;
  }

  // S7 with D1: never decrease below the consumed units; increases are not guarded.
  if (update && U < C && isConsumedOverProposed(C, U, Pc)) {
    reasons?.push(`no decrease to ${U}: ${Math.ceil(C * (Pc / 100))} units are consumed`);
    update = false;
    U = C;
  }
  if (!update) U = C;
  let counterIfApplied = 0;
  if (update && U < C && p.checksBeforeRepeatedScaleDown !== undefined) {
    counterIfApplied = Math.max(0, p.checksBeforeScaleDown - p.checksBeforeRepeatedScaleDown);
    if (counterIfApplied > 0) {
      reasons?.push(`once sent, the next decrease needs ${p.checksBeforeRepeatedScaleDown} more consecutive low checks (num-${dim === 'reads' ? 'read' : 'write'}-checks-before-repeated-scale-down)`);
    }
  }
  if (k === 0 || (update && U > C)) lowChecksPeakOut = 0;
  return {
    updateNeeded: update, proposedUnits: U, counterOut: k, counterIfApplied, lowChecksPeakOut, throttleDriven: throttleDriven && update,
  };
}
