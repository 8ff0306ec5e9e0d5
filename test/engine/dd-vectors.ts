/**
 * Loads the golden vectors produced by running Dynamic DynamoDB 2.5.1's own code
 * (`test/fixtures/dd-vectors/vectors.json`, with its provenance and licence in the README.md
 * beside it; the format is in docs/dynamic-dynamodb-semantics.md §15).
 *
 * Python 2 distinguishes int and float results (`result_type`); JSON.parse gives JavaScript
 * numbers, which cannot, so every comparison here is on values only.
 */
import { existsSync, readFileSync } from 'fs';
import { join } from 'path';

export interface CalculatorVector {
  readonly function: string;
  readonly args: unknown[];
  readonly result: unknown;
  readonly result_type?: string;
  readonly py3_result?: { result?: unknown; error?: string };
  readonly note?: string;
}

export interface StatisticsVector {
  readonly function: string;
  readonly args: unknown[];
  readonly provisioned: { read: number; write: number };
  readonly cloudwatch_sums: Record<string, number>;
  readonly result: number;
  readonly cloudwatch_queries: Array<{
    start_minutes_before_now: number; end_minutes_before_now: number; period_seconds: number; metric_name: string;
  }>;
}

export interface MaintenanceWindowVector {
  readonly args: [string, string];
  readonly now_utc: string;
  readonly result: boolean;
}

export interface ScenarioDecision {
  readonly table: string;
  readonly gsi: string | null;
  readonly dimension: 'reads' | 'writes';
  readonly update_needed: boolean;
  readonly proposed_units: number;
  readonly counter_in: number;
  readonly counter_out: number;
}

export interface ScenarioCapacity {
  read: number;
  write: number;
  status: string;
  gsis?: Record<string, { read: number; write: number; status: string }>;
}

export interface ScenarioStep {
  readonly now_utc: string;
  readonly provisioning_before: Record<string, ScenarioCapacity>;
  readonly provisioning_after: Record<string, ScenarioCapacity>;
  readonly metrics_sums: Record<string, Record<string, number>>;
  readonly counters_before: { tables: Record<string, { reads: number; writes: number }>; gsis: Record<string, { reads: number; writes: number }> };
  readonly counters_after: { tables: Record<string, { reads: number; writes: number }>; gsis: Record<string, { reads: number; writes: number }> };
  readonly decisions: ScenarioDecision[];
  readonly update_calls: Array<{
    table: string; gsi: string | null; reads: number; writes: number; from_reads: number; from_writes: number; result: string;
  }>;
  readonly sns: Array<{ topic: string; subject: string; message: string }>;
  readonly circuit_breaker_requests?: Array<{ url: string; timeout_seconds: number; auth: string[]; headers: Record<string, string> }>;
  readonly circuit_behaviour?: { status?: number; raise?: string };
  readonly update_fail?: { error: string; mode: string };
  readonly exception?: string;
}

export interface Scenario {
  readonly name: string;
  readonly description: string;
  readonly ini: string;
  readonly config: Record<string, unknown>;
  readonly config_error?: { exit_code: number; printed: string };
  readonly initial_tables: Record<string, ScenarioCapacity>;
  readonly steps: ScenarioStep[];
}

export interface DdVectors {
  readonly meta: { counts: Record<string, number> };
  readonly calculator_vectors: CalculatorVector[];
  readonly statistics_vectors: StatisticsVector[];
  readonly maintenance_window_vectors: MaintenanceWindowVector[];
  readonly decision_scenarios: Scenario[];
}

let cached: DdVectors | undefined;

/**
 * Where the vectors come from: the public vectors vendored in the repository
 * (`test/fixtures/dd-vectors/vectors.json`), unless the optional `DD_VECTORS` names another file,
 * for example the full one with the held-back scenarios. `DD_VECTORS` is never required.
 */
export const VECTORS_FILE = process.env.DD_VECTORS
  || join(__dirname, '..', 'fixtures', 'dd-vectors', 'vectors.json');

/** The vectors, parsed once per test file. */
export function ddVectors(): DdVectors {
  if (!cached) {
    if (!existsSync(VECTORS_FILE)) {
      throw new Error(`golden vectors not found at ${VECTORS_FILE}: it is vendored in test/fixtures/dd-vectors (DD_VECTORS overrides it)`);
    }
    cached = JSON.parse(readFileSync(VECTORS_FILE, 'utf8')) as DdVectors;
  }
  return cached;
}

/** A readable name for a unit vector: `decrease_reads_in_percent(3, 50, 15)`. */
export function vectorName(v: { function: string; args: unknown[]; note?: string }): string {
  const fn = v.function.replace(/^calculators\.|^core\./, '');
  const args = v.args.filter((a) => a !== 'tag').map((a) => JSON.stringify(a));
  // JSON.parse turns 150.0 into 150; the generator marks the two int-P vectors in `note`.
  if (v.note && /int percent/.test(v.note)) args[args.length - 1] += ' /* int */';
  return `${fn}(${args.join(', ')})`;
}
