/**
 * The asking rule every reasoner shares (KnowNo's conformal prediction, Ren et al. 2023). A reasoner
 * scores the classes of candidates a phrase may mean; their probabilities decide: the prediction set
 * is every class with p ≥ 1 − q̂, and orca asks when it holds two or more, naming them. q̂ is
 * calibrated on the dev half of the `ambik-calib` suite (scripts/calibrate-asking.ts) for the target
 * coverage: the class the person meant is in the set at least that often. The built-in reasoner
 * scores classes in builtin/interpret/asking.ts; a model returns its scores, and orca decides the same way.
 */

/** The target coverage of the prediction set: the meant thing is in it at least this often. */
export const TARGET_COVERAGE = 0.85;
/**
 * q̂ from calibration: the ⌈(n+1)·coverage⌉-th smallest nonconformity 1 − p(meant class) over the
 * dev half's grounding decisions (scripts/calibrate-asking.ts prints it with n and the figures).
 */
export const CALIBRATED_QHAT = 0.889;

/** A class of interchangeable candidates with its probability. */
export interface CandidateClass {
  ids: string[];
  /** What tells it apart from the other classes ("the ceramic salad plate", "the red one"). */
  label: string;
  p: number;
}

export function softmax(scores: readonly number[]): number[] {
  const m = Math.max(...scores);
  const e = scores.map((s) => Math.exp(s - m));
  const z = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / z);
}

/** The conformal prediction set: every class whose probability reaches 1 − q̂, most probable first. */
export function predictionSet<T extends { p: number }>(classes: readonly T[], qhat = CALIBRATED_QHAT): T[] {
  return classes.filter((c) => c.p >= 1 - qhat).sort((a, b) => b.p - a.p);
}

export type AskDecision = { kind: 'choose'; chosen: CandidateClass; classes: CandidateClass[]; confidence: number } | { kind: 'ask'; classes: CandidateClass[]; confidence: number };

/**
 * Choose or ask, by the conformal rule: one class in the prediction set (or none: the most probable)
 * is chosen, with its probability as the grounding's confidence; several make a question offering them.
 */
export function decide(classes: readonly CandidateClass[], qhat = CALIBRATED_QHAT): AskDecision {
  const ranked = [...classes].sort((a, b) => b.p - a.p);
  const top = ranked[0]!;
  const set = predictionSet(ranked, qhat);
  if (set.length >= 2) return { kind: 'ask', classes: set, confidence: top.p };
  return { kind: 'choose', chosen: top, classes: ranked, confidence: top.p };
}

/**
 * Words that leave the choice to orca ("the suitable pan", "an appropriate knife"): they describe no
 * thing, so they narrow nothing, and they ask orca to take the likeliest reading rather than ask.
 */
export const JUDGEMENT_WORDS: ReadonlySet<string> = new Set(['suitable', 'appropriate', 'proper', 'correct', 'best', 'ideal', 'fitting', 'necessary', 'needed', 'required', 'relevant', 'usual']);

export function leavesChoiceToOrca(phrase: string): boolean {
  return phrase.toLowerCase().split(/[^a-z]+/).some((w) => JUDGEMENT_WORDS.has(w));
}

/** `decide` for a phrase: one that leaves the choice to orca gets the likeliest class (q̂ = 0), whichever reasoner scored it. */
export function decideFor(phrase: string, classes: readonly CandidateClass[], qhat = CALIBRATED_QHAT): AskDecision {
  return decide(classes, leavesChoiceToOrca(phrase) ? 0 : qhat);
}

/** A model's scores as probabilities: non-negative, summing to one (all equal when they sum to nothing). */
export function normalise(scores: readonly number[]): number[] {
  const clean = scores.map((s) => (Number.isFinite(s) && s > 0 ? s : 0));
  const z = clean.reduce((a, b) => a + b, 0);
  return z > 0 ? clean.map((s) => s / z) : clean.map(() => 1 / clean.length);
}
