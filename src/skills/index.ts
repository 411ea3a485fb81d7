export { createSkillLibrary, defaultSkillsDir, loadSkillLibrary } from './library.js';
export type { SkillLibrary } from './library.js';
export { parseSkillFile, ROBOT_PARAM, templateSlots, validateSkill } from './validate.js';
export type { ParsedSkill } from './validate.js';
export { renderInstruction, renderInstructionDetailed } from './render.js';
export type { RenderedInstruction, RenderOptions } from './render.js';
export { groundEffects, groundSubgoal } from './ground.js';
export type { GroundedEffects, GroundOptions } from './ground.js';
