export { createTemporalVerifier } from './session.js';
export type { TemporalVerifierOptions } from './session.js';
export { evaluateOnObservation, LIGHT_RADIUS_M, NEAR_THRESHOLD_M } from './evaluate.js';
export type { EvaluateOptions, Evaluation } from './evaluate.js';
export { BeliefMemory, MIN_CONFIDENCE } from './memory.js';
export { progressScore, shaping } from './score.js';
export { resolve, targetMatches } from './lookup.js';
export type { View } from './lookup.js';
export { AttemptTracker } from './attempt.js';
