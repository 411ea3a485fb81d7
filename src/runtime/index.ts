export { SimHousehold } from './sim-household.js';
export type { RunOptions, SimHouseholdOptions, SkillCall } from './sim-household.js';
export { sceneDescriber } from './describe.js';
