export * from './client.js';
export * from './errors.js';
export * from './protocol.js';
export * from './rosbridge-executor.js';
export * from './from-config.js';
export * from './health.js';
export * from './server-protocol.js';
