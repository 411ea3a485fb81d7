export * from './safety-filter.js';
export * from './sim-robot.js';
export type * from './world-port.js';
