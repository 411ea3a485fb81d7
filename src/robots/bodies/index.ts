export * from './config.js';
export type { RobotBody } from './body.js';
