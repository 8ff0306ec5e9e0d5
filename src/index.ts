export * from './dynamic-scaling';
export * from './scaling-policy';
export * from './custom-scaling-options';
export * from './step-scaling-options';
export * from './scale-in-guards';
