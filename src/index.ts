export * from './dynamic-scaling';
export * from './scaling-policy';
