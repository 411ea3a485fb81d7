import type { Predicate } from '../../src/domain/predicates.js';
import { describeGoal, describePredicate, listInWords } from '../../src/reasoning/builtin/dialogue/index.js';
import type { BeliefState } from '../../src/reasoning/belief.js';
import type { Goal } from '../../src/reasoning/goal.js';

/** "the apple is not in the fridge": what the belief says against each unmet goal predicate. */
export const unmetInWords = (unmet: readonly Predicate[], belief: BeliefState): string =>
  listInWords(unmet.map((p) => describePredicate({ ...p, neg: !p.neg }, belief)));

/**
 * What a successful mission reports: the goal that is current when it ends (a correction may have
 * replaced the instruction's), as the state of the world it asked for. It is said only after the
 * end state was checked against the belief (`after_run`).
 */
export function successSummary(goal: Goal | null, belief: BeliefState): string | null {
  if (!goal || goal.steps.length === 0) return null;
  return describeGoal(goal, belief);
}
