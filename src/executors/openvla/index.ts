export * from './client.js';
export * from './openvla-executor.js';
