export * from './sim-executor.js';
export * from './sim-policy/index.js';
