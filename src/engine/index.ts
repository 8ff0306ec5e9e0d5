/**
 * The engine's entry point for hosts (the simulator, the CLI, the scaler runtime): they import
 * this module, never the engine's inner files. Internal: not exported from `src/index.ts` (the
 * engine uses TypeScript features jsii does not allow).
 *
 * - `core/`: the rules (policy model, validation, `decide`, calculators, windows, decrease quota, settle);
 * - `dd-conf/`: the dynamic-dynamodb.conf front end (ini, options, Python literals, expansion into exact tables);
 * - `check/`: the check protocol (the one loop around a check) and the state and policy codecs.
 *
 * Hosts drive `check/`; `decide`, `settleUpdate` and `queryWindow` are called only inside the engine.
 * § and R numbers in the engine's comments refer to docs/dynamic-dynamodb-semantics.md.
 */
export * from './core/policy';
export * from './core/policy-naming';
export * from './core/decide-types';
export * from './core/presets';
export * from './core/config-problem';
export * from './core/validate';
export * from './core/validate-target-tracking';
export * from './core/decrease-quota';
export * from './core/circuit-breaker';
export * from './core/table-matching';
export * from './core/metrics-read';
export * from './dd-conf/dd-config';
export * from './dd-conf/dd-options';
export * from './dd-conf/expand-targets';
export * from './check';
export * from './core/dictionary';
export * from './read-policy';
export * from './core/step-scaling';
export * from './core/scale-in-guard';
