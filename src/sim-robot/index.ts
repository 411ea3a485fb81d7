export { SimRobotProcess, DEFAULT_HORIZON } from './process.js';
export type { SimRobotEndpoints, SimRobotOptions } from './process.js';
export { topicsOf, SIM_JOINTS } from './topics.js';
export { COMMAND_TIMEOUT_S } from './commands.js';
