/**
 * The scaler bundle's entry (esbuild starts here): what the Lambda runs and what
 * `dynamic-scaling run` loads from the package, so both run the same code.
 */
export { runScaler } from './run';
export type { RunIo, RunOptions } from '../src/cli/run-contract';
