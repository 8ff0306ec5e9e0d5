/**
 * The scaler bundle's entry (esbuild starts here): the Lambda's `handler`, and `runScaler`, which
 * `dynamic-scaling run` loads from the package, so both run the same code; `readTraceMetrics`, the
 * CloudWatch reads of `dynamic-scaling trace`, which needs the SDK the bundle holds.
 */
export { handler } from './handler';
export { runScaler } from './run';
export type { RunIo, RunOptions } from '../src/cli/run-contract';
export { readTraceMetrics } from './aws/cloudwatch-trace';
