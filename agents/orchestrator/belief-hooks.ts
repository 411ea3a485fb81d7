import type { Subgoal } from '../../src/domain/plan.js';
import type { ExecutionEvent, Preflight, SubgoalFailure } from '../../src/execution/index.js';
import type { BeliefState } from '../../src/reasoning/belief.js';

/**
 * Why a robot cannot start a subgoal, from the belief: a thing it would act on is in a person's
 * hands (the person took over an earlier step, or was handed it). No robot motion changes that, so
 * the attempt fails before dispatch and reflection replans at once, rather than the robot searching
 * for the thing until the subgoal times out.
 *
 * @example
 * // alex picked the apple up when the robot's grasp kept failing
 * heldByPerson(belief, coolApple) // → { code: 'precondition_unmet', message: 'apple_1 is held by alex' }
 */
export function heldByPerson(belief: BeliefState, subgoal: Subgoal): SubgoalFailure | null {
  for (const id of Object.values(subgoal.args)) {
    const holder = belief.get(id)?.heldBy;
    if (holder && belief.people.has(holder)) return { code: 'precondition_unmet', message: `${id} is held by ${holder}` };
  }
  return null;
}

/** The preflight a mission's runner checks before each robot attempt, over the fleet's belief as it stands. */
export function beliefPreflight(believed: () => BeliefState): Preflight {
  return (subgoal) => heldByPerson(believed(), subgoal);
}

/**
 * A runner observer: work a person reported done that no robot could see enters the belief, so
 * the next plan and the next preflight know, say, that the person now holds the apple.
 */
export function reportsIntoBelief(believed: () => BeliefState): (e: ExecutionEvent) => void {
  return (e) => {
    if (e.type === 'verdict' && e.kind === 'accepted_as_reported' && e.reported) believed().believeReported(e.reported);
  };
}
