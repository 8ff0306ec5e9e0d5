/**
 * The engine's barrel, for the Lambda, the CLI and the simulator. Internal: not exported from
 * `src/index.ts` (the engine uses TypeScript features jsii does not allow).
 */
export * from './core/policy';
export * from './core/decide';
export * from './core/calculators';
export * from './core/scale-reader';
export * from './core/statistics';
export * from './core/maintenance-window';
export * from './core/decrease-quota';
export * from './core/circuit-breaker';
export * from './core/dimension-decision';
export * from './core/apply';
export * from './core/notifications';
export * from './core/settle';
export * from './dd-conf/dd-config';
export * from './core/table-matching';
export * from './core/validate';
export * from './core/config-problem';
