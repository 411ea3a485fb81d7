import { z } from 'zod';
import type { Subgoal } from '../../src/domain/plan.js';
import { parsePredicate } from '../../src/domain/predicates.js';
import type { Predicate } from '../../src/domain/predicates.js';
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

/** The part of a verdict's evidence that names the criteria and how each one was judged. */
const JudgedCriteria = z.object({ criteria: z.array(z.object({ predicate: z.string(), truth: z.string() })) });

/** The criteria a success verdict found true, as predicates (an unreadable one is left out). */
function confirmed(evidence: unknown): Predicate[] {
  const parsed = JudgedCriteria.safeParse(evidence);
  if (!parsed.success) return [];
  return parsed.data.criteria.flatMap((c) => {
    if (c.truth !== 'true') return [];
    try {
      return [parsePredicate(c.predicate)];
    } catch {
      return [];
    }
  });
}

/**
 * A runner observer: what the verifier confirmed from consecutive observations when a subgoal
 * succeeded, and work a person reported done that no robot could see, enter the belief. The belief
 * folds the robots' views only every so often, so without this a hand-over confirmed between two
 * folds would still be believed in the gripper; and the next plan and preflight know that the person
 * now holds the apple. A later sighting overrides either.
 */
export function verdictsIntoBelief(believed: () => BeliefState): (e: ExecutionEvent) => void {
  return (e) => {
    if (e.type !== 'verdict') return;
    if (e.kind === 'accepted_as_reported' && e.reported) believed().believeReported(e.reported);
    else if (e.kind === 'succeeded') believed().believeReported(confirmed(e.evidence));
  };
}
