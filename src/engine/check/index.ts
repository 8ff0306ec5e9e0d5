/** The check protocol, the per-table state and the codecs every host uses. */
export * from './check-types';
export * from './check-protocol';
export * from './table-state';
export * from './state-codec';
export * from './json-reader';
export * from './policy-codec';
export * from './scalable-target-id';
