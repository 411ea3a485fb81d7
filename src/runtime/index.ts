export { SimHousehold } from './sim-household.js';
export type { RunOptions, SimHouseholdOptions, SkillCall } from './sim-household.js';
export { sceneDescriber } from './describe.js';
export { FETCH_AND_WASH, FETCH_AND_WASH_GOAL } from './sample-missions.js';
export { recordExecution, traceInputOf } from './execution-trace.js';
