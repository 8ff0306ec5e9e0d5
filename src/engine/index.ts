/**
 * The engine's barrel, for the Lambda, the CLI and the simulator. Internal: not exported from
 * `src/index.ts` (the engine uses TypeScript features jsii does not allow).
 */
export * from './policy';
export * from './decide';
export * from './calculators';
export * from './scale-reader';
export * from './statistics';
export * from './maintenance-window';
export * from './decrease-quota';
export * from './circuit-breaker';
export * from './dimension-decision';
export * from './apply';
export * from './notifications';
export * from './settle';
export * from './dd-config';
export * from './table-matching';
export * from './validate';
export * from './config-problem';
