/**
 * `simulate()`: replays one trace through every option asked for (custom policies via the engine,
 * native target tracking, on-demand, the oracle) under the same models, and says which option is
 * cheapest without throttling. Pure and deterministic: the caller reads files and the clock.
 */
import { CloudWatchModel, CloudWatchOptions } from './cloudwatch';
import { DEFAULT_PRICES, onDemandCostUsd, Prices, SimDimension } from './cost';
import { ProvisionedCapacity, ProvisionedCapacityOptions } from './dynamodb-capacity';
import { DEFAULT_SIM_TABLE, runEnginePolicy } from './engine-run';
import { runOracle } from './oracle';
import { runProvisioned } from './provisioned-run';
import { Advice, adviseOn, PolicyResult, PolicyRun, roundUsd } from './results';
import { targetTrackingRunningCostUsd } from './running-cost';
import { ScaleOutSizing, TargetTrackingModel } from './target-tracking';
import { Trace } from './trace';
import {
  DEFAULT_GUARD_CHECK_INTERVAL_SECONDS, DEFAULT_MAX_CAPACITY, EnginePolicy, GuardTargetOptions, guardTargetPolicy, TargetTrackingSettings,
} from '../engine';

/** A custom policy, run through the engine's check protocol. */
export interface CustomPolicySpec {
  /** Discriminator. */
  readonly kind: 'custom';
  /** The name shown in results. */
  readonly name: string;
  /** The policy. */
  readonly policy: EnginePolicy;
  /** The simulated table's name. @default - see `simTableName` */
  readonly tableName?: string;
}

/** Native target tracking. */
export interface NativePolicySpec extends TargetTrackingSettings {
  /** Discriminator. */
  readonly kind: 'native';
  /** The name shown in results. @default `native:<target>`, `native:<target>:latest` with the latest sizing */
  readonly name?: string;
  /** Which of AlarmHigh's datapoints size a scale-out (see target-tracking.ts). @default 'mean' */
  readonly scaleOutSizing?: ScaleOutSizing;
}

/** Native target tracking with this project's scale-in guards (the hybrid path). */
export interface HybridPolicySpec extends TargetTrackingSettings {
  /** Discriminator. */
  readonly kind: 'hybrid';
  /** The name shown in results. @default `hybrid:<target>:<consecutiveLowChecks>`, `:idle` added with `scaleInWhenIdle` */
  readonly name?: string;
  /** Which of AlarmHigh's datapoints size a scale-out (see target-tracking.ts). @default 'mean' */
  readonly scaleOutSizing?: ScaleOutSizing;
  /** The guards, as the construct's `scaleInGuards` (no circuit breaker: the simulator has no endpoint). */
  readonly guards: Omit<GuardTargetOptions, 'reads' | 'writes' | 'circuitBreaker' | 'checkIntervalSeconds'> & {
    /** Seconds between the guard's checks. @default 300 (DEFAULT_GUARD_CHECK_INTERVAL_SECONDS) */
    readonly checkIntervalSeconds?: number;
  };
}

/** On-demand billing. */
export interface OnDemandSpec {
  /** Discriminator. */
  readonly kind: 'on-demand';
}

/** The oracle lower bound. */
export interface OracleSpec {
  /** Discriminator. */
  readonly kind: 'oracle';
  /** Minutes between the oracle's possible changes. @default 1 */
  readonly stepMinutes?: number;
}

/** One option to simulate. */
export type PolicySpec = CustomPolicySpec | NativePolicySpec | HybridPolicySpec | OnDemandSpec | OracleSpec;

/** Options shared by every option of one simulation. */
export interface SimulationOptions {
  /** The dimension the trace is replayed on. @default 'read' */
  readonly dimension?: SimDimension;
  /** Price overrides. @default - DEFAULT_PRICES */
  readonly prices?: Partial<Prices>;
  /** Capacity every provisioned policy starts with. @default - see `defaultInitialCapacity` */
  readonly initialCapacity?: number;
  /** DynamoDB model options (apart from the initial capacity). @default - the model's defaults */
  readonly table?: Omit<ProvisionedCapacityOptions, 'initialCapacity'>;
  /** CloudWatch model options. @default - the model's defaults */
  readonly cloudWatch?: CloudWatchOptions;
  /** The oracle's lowest capacity (the custom policy's minimum, to compare like with like). @default 1 */
  readonly oracleMinCapacity?: number;
  /**
   * The oracle's highest capacity (the custom policy's maximum): load above it is throttled, as
   * for the policies it bounds. @default 40000 (DEFAULT_MAX_CAPACITY)
   */
  readonly oracleMaxCapacity?: number;
  /** Keep per-minute timelines for the report. @default false */
  readonly keepTimelines?: boolean;
}

/** Facts about the replayed trace. */
export interface TraceSummary {
  /** Epoch ms of the first minute. */
  readonly startMs: number;
  /** Minutes simulated. */
  readonly minutes: number;
  /** Mean load, units per second. */
  readonly meanUnitsPerSecond: number;
  /** Highest minute's load, units per second. */
  readonly peakUnitsPerSecond: number;
  /** Units requested over the trace. */
  readonly requestedUnits: number;
}

/** Everything a simulation found. */
export interface SimulationReport {
  /** The trace. */
  readonly trace: TraceSummary;
  /** The dimension. */
  readonly dimension: SimDimension;
  /** The prices used. */
  readonly prices: Prices;
  /** The capacity provisioned policies started with. */
  readonly initialCapacity: number;
  /** One run per option, in the order asked. */
  readonly runs: PolicyRun[];
  /** The summaries, in the same order. */
  readonly results: PolicyResult[];
  /** The advice. @default - none when no option avoids throttling */
  readonly advice?: Advice;
  /** Caveats about how policies were simulated. */
  readonly notes: string[];
}

/**
 * The capacity provisioned policies start with: the highest minute's load in the first 15
 * minutes at 70 % utilization, so that no policy starts out throttling or grossly idle.
 */
export function defaultInitialCapacity(trace: Trace): number {
  let peak = 0;
  for (let m = 0; m < Math.min(15, trace.load.length); m++) peak = Math.max(peak, trace.load[m]);
  return Math.max(1, Math.ceil(peak / 0.7));
}

/** Replays `trace` through each of `policies`. */
export function simulate(trace: Trace, policies: readonly PolicySpec[], options: SimulationOptions = {}): SimulationReport {
  const dimension = options.dimension ?? 'read';
  const prices: Prices = { ...DEFAULT_PRICES, ...options.prices };
  const initialCapacity = options.initialCapacity ?? defaultInitialCapacity(trace);
  const keepTimeline = options.keepTimelines ?? false;
  const tableOptions: ProvisionedCapacityOptions = { ...options.table, initialCapacity };
  const notes: string[] = [];
  const runs: PolicyRun[] = [];
  let requested = 0; let peak = 0;
  for (let m = 0; m < trace.load.length; m++) {
    requested += trace.load[m] * 60;
    if (trace.load[m] > peak) peak = trace.load[m];
  }

  for (const spec of policies) {
    switch (spec.kind) {
      case 'custom': {
        const run = runEnginePolicy(trace, spec.policy, {
          name: spec.name, dimension, prices, table: tableOptions, cloudWatch: options.cloudWatch, keepTimeline, tableName: spec.tableName,
        });
        notes.push(...run.notes.map((n) => `${spec.name}: ${n}`));
        runs.push(run);
        break;
      }
      case 'native': {
        const model = new TargetTrackingModel(spec);
        const name = spec.name ?? `native:${model.targetPercent}${model.scaleOutSizing === 'latest' ? ':latest' : ''}`;
        const initial = Math.min(spec.maxCapacity ?? DEFAULT_MAX_CAPACITY, Math.max(spec.minCapacity ?? 1, initialCapacity));
        const controller = {
          atMinute: (_m: number, now: number, cw: CloudWatchModel, table: ProvisionedCapacity) => { model.evaluate(now, cw, table); },
          // Its alarms, on the one dimension simulated.
          runningCostUsd: (seconds: number, p: Prices) => targetTrackingRunningCostUsd(1, seconds, p),
        };
        runs.push(runProvisioned(trace, controller, {
          name, kind: 'native', dimension, prices, table: { ...tableOptions, initialCapacity: initial }, cloudWatch: options.cloudWatch, keepTimeline,
        }));
        break;
      }
      case 'hybrid': {
        const model = new TargetTrackingModel(spec);
        const g = spec.guards;
        const name = spec.name
          ?? `hybrid:${model.targetPercent}:${g.consecutiveLowChecks ?? 0}${g.scaleInWhenIdle ? ':idle' : ''}${model.scaleOutSizing === 'latest' ? ':latest' : ''}`;
        const initial = Math.min(model.maxCapacity, Math.max(model.minCapacity, initialCapacity));
        const checkIntervalSeconds = g.checkIntervalSeconds ?? DEFAULT_GUARD_CHECK_INTERVAL_SECONDS;
        const guarded = { targetUtilizationPercent: model.targetPercent, minCapacity: model.minCapacity, maxCapacity: model.maxCapacity };
        const policy: EnginePolicy = {
          tables: [{
            tableName: DEFAULT_SIM_TABLE,
            // Both dimensions guarded, as the construct deploys a table: the checks read (and pay for) the metrics of both.
            policy: guardTargetPolicy({ ...g, checkIntervalSeconds, reads: guarded, writes: guarded }),
            gsis: [],
          }],
          checkIntervalSeconds,
        };
        const run = runEnginePolicy(trace, policy, {
          name,
          dimension,
          prices,
          table: { ...tableOptions, initialCapacity: initial },
          cloudWatch: options.cloudWatch,
          keepTimeline,
          tableName: DEFAULT_SIM_TABLE,
          native: model,
        });
        notes.push(...run.notes.map((n) => `${name}: ${n}`));
        runs.push(run);
        break;
      }
      case 'on-demand':
        runs.push({
          result: {
            policy: 'on-demand',
            kind: 'on-demand',
            costUsd: roundUsd(onDemandCostUsd(requested, dimension, prices)),
            runningCostUsd: 0,
            throttledUnits: 0,
            throttledMinutes: 0,
            consumedUnits: Math.round(requested),
            capacityChanges: 0,
            decreases: 0,
            meanUtilizationPercent: 100,
          },
          timeline: keepTimeline ? { capacity: new Float64Array(0), throttled: new Float64Array(trace.load.length) } : undefined,
        });
        break;
      case 'oracle':
        runs.push(runOracle(trace, dimension, prices, {
          stepMinutes: spec.stepMinutes, minCapacity: options.oracleMinCapacity, maxCapacity: options.oracleMaxCapacity,
        }, keepTimeline));
        break;
    }
  }
  const results = runs.map((r) => r.result);
  return {
    trace: {
      startMs: trace.startMs,
      minutes: trace.load.length,
      meanUnitsPerSecond: trace.load.length > 0 ? requested / 60 / trace.load.length : 0,
      peakUnitsPerSecond: peak,
      requestedUnits: Math.round(requested),
    },
    dimension,
    prices,
    initialCapacity,
    runs,
    results,
    advice: adviseOn(results),
    notes,
  };
}
