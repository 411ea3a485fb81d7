export * from './sim-executor.js';
export * from './sim-policy/index.js';
export * from './robot-config.js';
export * from './health.js';
export * from './from-config.js';
export * from './robots.js';
