/**
 * Words that steer a running mission. Matched on token lemmas and surface forms from the NLP layer,
 * never on whole sentences, so "please stop", "stop now!" and "Stop." read the same.
 */

/** Words that only soften or address ("please", "robot", "hey") and never change what a message is. */
export const FILLERS = new Set([
  'please', 'pls', 'robot', 'rover', 'hey', 'hi', 'ok', 'okay', 'now', 'just', 'oh', 'um', 'uh', 'sorry', 'thanks',
  'thank', 'you', 'a', 'the', 'for', 'minute', 'moment', 'second', 'sec', 'bit', 'immediately', 'there', 'it', 'that', 'everything',
  'all', 'everyone', 'asap', 'quick', 'quickly', 'now', 'again', 'second', '!',
]);

/** Politeness and address only; dropped before reading the rest of a message. */
export const POLITE = new Set(['please', 'pls', 'robot', 'rover', 'hey', 'hi', 'ok', 'okay', 'oh', 'um', 'uh', 'sorry', 'thanks', 'hmm', 'well']);

/** Control verbs (by lemma) that make a message a command to the mission itself. */
export const STOP_WORDS = new Set(['stop', 'halt', 'cancel', 'abort', 'quit', 'enough', 'terminate', 'end']);
export const ESTOP_WORDS = new Set(['emergency', 'estop', 'e-stop', 'freeze', 'danger', 'mayday']);
export const PAUSE_WORDS = new Set(['wait', 'pause', 'hold', 'hang', 'moment', 'sec', 'second', 'minute']);
export const RESUME_WORDS = new Set(['continue', 'resume', 'proceed', 'unpause']);
/** Verbs that resume when followed by one of these particles ("go on", "carry on", "keep going", "go ahead"). */
export const RESUME_PHRASES: Readonly<Record<string, readonly string[]>> = {
  go: ['on', 'ahead'], carry: ['on'], keep: ['go', 'going'], move: ['on'], get: ['going'],
};
/** Particles that make "hold"/"hang" a pause ("hold on", "hang on", "hold up"). */
export const PAUSE_PARTICLES = new Set(['on', 'up', 'off', 'tight']);

/** Words that mark a new goal as replacing the plan, or as added to it. */
export const REPLACE_MARKERS = new Set(['instead', 'rather', 'forget', 'scratch', 'nevermind', 'cancel', 'stop', 'change']);
export const MERGE_MARKERS = new Set(['also', 'too', 'then', 'additionally', 'afterwards', 'after', 'and', 'plus', 'well', 'next']);

export const QUESTION_WORDS = new Set(['what', 'why', 'where', 'how', 'when', 'which', 'who']);
export const AUX_WORDS = new Set(['be', 'do', 'have', 'can', 'could', 'will', 'would', 'should', 'may', 'shall']);

/** Words that open a correction of the current subgoal. */
export const CORRECTION_OPENERS = new Set(['no', 'nope', 'not', 'wrong', 'actually', 'oops', 'rather']);
export const OTHER_WORDS = new Set(['other', 'another', 'different', 'next', 'else']);

/** Directions in the world frame (x east/right, y north/forward, z up). */
export const DIRECTIONS: Readonly<Record<string, readonly [number, number, number]>> = {
  left: [-1, 0, 0], leftward: [-1, 0, 0], right: [1, 0, 0], rightward: [1, 0, 0],
  forward: [0, 1, 0], forwards: [0, 1, 0], ahead: [0, 1, 0], further: [0, 1, 0], farther: [0, 1, 0], away: [0, 1, 0],
  back: [0, -1, 0], backward: [0, -1, 0], backwards: [0, -1, 0], closer: [0, -1, 0], nearer: [0, -1, 0], toward: [0, -1, 0],
  up: [0, 0, 1], upward: [0, 0, 1], higher: [0, 0, 1], high: [0, 0, 1], raise: [0, 0, 1], above: [0, 0, 1],
  down: [0, 0, -1], downward: [0, 0, -1], lower: [0, 0, -1], low: [0, 0, -1], below: [0, 0, -1],
};
/** How far a nudge moves, metres: "a bit" is small, "a lot" large, otherwise a default step. */
export const SMALL_WORDS = new Set(['bit', 'little', 'slightly', 'tad', 'touch', 'tiny', 'smidge', 'hair']);
export const LARGE_WORDS = new Set(['lot', 'much', 'far', 'way', 'loads']);
export const STEP_SMALL = 0.02;
export const STEP_DEFAULT = 0.05;
export const STEP_LARGE = 0.15;
export const UNITS: Readonly<Record<string, number>> = {
  cm: 0.01, centimetre: 0.01, centimeter: 0.01, centimetres: 0.01, centimeters: 0.01,
  mm: 0.001, millimetre: 0.001, millimeter: 0.001, millimetres: 0.001, millimeters: 0.001,
  m: 1, metre: 1, meter: 1, metres: 1, meters: 1, inch: 0.0254, inches: 0.0254,
};
