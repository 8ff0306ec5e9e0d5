/**
 * The minute loop shared by every provisioned policy: at the start of each minute the policy's
 * controller may act on what CloudWatch shows, then the table serves the minute's load second by
 * second, then the minute's datapoints are recorded.
 */
import { CloudWatchModel, CloudWatchOptions } from './cloudwatch';
import { Prices, provisionedCostUsd, SimDimension } from './cost';
import { ProvisionedCapacity, ProvisionedCapacityOptions } from './dynamodb-capacity';
import { PolicyKind, PolicyRun, roundPercent, roundUsd } from './results';
import { Trace } from './trace';

const MINUTE_MS = 60_000;

/** A provisioned policy's decision maker, called at the start of every minute. */
export interface CapacityController {
  /**
   * Acts at `nowMs`, the start of minute `m`, through `table.update()`.
   *
   * @param m the minute number from the start of the trace
   */
  atMinute(m: number, nowMs: number, cw: CloudWatchModel, table: ProvisionedCapacity): void;
  /**
   * What the policy cost to run over the `seconds` simulated (after the last minute), USD.
   * @default - nothing
   */
  runningCostUsd?(seconds: number, prices: Prices): number;
}

/** Options of one provisioned run. */
export interface ProvisionedRunOptions {
  /** The policy's name in results. */
  readonly name: string;
  /** `custom` (the engine) or `native` (target tracking). */
  readonly kind: PolicyKind;
  /** The dimension, for prices. */
  readonly dimension: SimDimension;
  /** Prices. */
  readonly prices: Prices;
  /** The table model's options. */
  readonly table: ProvisionedCapacityOptions;
  /** The CloudWatch model's options. @default - its defaults */
  readonly cloudWatch?: CloudWatchOptions;
  /** Keep the per-minute timeline for the report. @default false */
  readonly keepTimeline?: boolean;
}

/** Runs `trace` through a provisioned table driven by `controller`. */
export function runProvisioned(trace: Trace, controller: CapacityController, options: ProvisionedRunOptions): PolicyRun {
  const minutes = trace.load.length;
  const table = new ProvisionedCapacity(options.table);
  const cw = new CloudWatchModel(trace.startMs, minutes, options.cloudWatch);
  const keep = options.keepTimeline ?? false;
  const capacity = keep ? new Float64Array(minutes) : undefined;
  let consumed = 0; let throttled = 0; let unitSeconds = 0; let throttledMinutes = 0;
  for (let m = 0; m < minutes; m++) {
    const nowMs = trace.startMs + m * MINUTE_MS;
    controller.atMinute(m, nowMs, cw, table);
    const out = table.runMinute(nowMs, trace.load[m]);
    const provisioned = out.capacitySeconds / 60;
    cw.record(m, out.requested, out.consumed, out.throttled, provisioned);
    consumed += out.consumed;
    throttled += out.throttled;
    unitSeconds += out.capacitySeconds;
    if (Math.round(out.throttled) >= 1) throttledMinutes++;
    if (capacity) capacity[m] = provisioned;
  }
  const running = controller.runningCostUsd?.(minutes * 60, options.prices) ?? 0;
  return {
    result: {
      policy: options.name,
      kind: options.kind,
      costUsd: roundUsd(provisionedCostUsd(unitSeconds, options.dimension, options.prices) + running),
      runningCostUsd: roundUsd(running),
      throttledUnits: Math.round(throttled),
      throttledMinutes,
      consumedUnits: Math.round(consumed),
      capacityChanges: table.changes,
      decreases: table.decreases,
      meanUtilizationPercent: unitSeconds > 0 ? roundPercent((consumed / unitSeconds) * 100) : 0,
    },
    timeline: capacity ? { capacity, throttled: cw.throttled } : undefined,
  };
}
