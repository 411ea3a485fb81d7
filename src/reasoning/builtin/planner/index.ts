export { validatePlan, topoOrder } from './validate.js';
export { profilesFromScene } from './profiles.js';
export type { SceneRobotsLike } from './profiles.js';
export { planGoal } from './plan.js';
export { planSearch } from './search-plan.js';
export { PERSON_COST } from './ground.js';
export { isPlacement, unmetGoal } from './goal-check.js';
