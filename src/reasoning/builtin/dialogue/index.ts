export { classifyMessage, isMotion } from './classify.js';
export type { ClassifyContext } from './classify.js';
export { readCorrection } from './correction.js';
export type { CorrectionReading } from './correction.js';
export { explain } from './explain.js';
export type { MissionFacts, MissionStatus, SubgoalStatus, QuestionIntent } from './explain.js';
export { STEP_DEFAULT, STEP_LARGE, STEP_SMALL } from './lexicon.js';
export { describeGoal, describePredicate, listInWords } from './goal-words.js';
export { skillsInWords, skillsNearest } from './skill-words.js';
