export * from './goal.js';
export * from './belief.js';
export { beliefFromScene } from './belief-scene.js';
export type { SceneLike } from './belief-scene.js';
export { analyse, isPlural } from './builtin/nlp.js';
export type { Token } from './builtin/nlp.js';
export { interpret, interpretWithSteps, resolveAnswer, continueAfterAnswer } from './builtin/interpret/index.js';
export type { InterpretContext } from './builtin/interpret/index.js';
