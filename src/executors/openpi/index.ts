export * from './client.js';
export * from './layouts.js';
export * from './openpi-executor.js';
export * from './action-maps.js';
export * from './household.js';
