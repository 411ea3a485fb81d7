import type { Predicate } from '../../../domain/predicates.js';
import type { Goal } from '../../goal.js';
import type { PlanningContext } from '../../provider.js';
import { World } from './state.js';

/** Where things are: what a later step's manipulation can undo without anyone meaning to. */
const PLACEMENT = new Set<Predicate['pred']>(['in', 'on', 'heldBy']);

/**
 * The goal's placements the belief says no longer hold once every subgoal has succeeded: a later
 * step knocked or carried off what an earlier one put in place (a grasp that took the wrong mug off
 * its plate). A placement a later step of the goal changes on purpose ("on the table, then in the
 * fridge") is not expected to last, so it is not checked.
 *
 * @example
 * unmetPlacements({ steps: [{ conjuncts: [on(mug_1, plate_1), on(mug_2, plate_2)] }] }, ctx)
 * // → [on(mug_1, plate_1)] when the second placement moved mug_1 off its plate
 */
export function unmetPlacements(goal: Goal, ctx: PlanningContext): Predicate[] {
  const world = new World(ctx);
  const state = world.initialState();
  const unmet: Predicate[] = [];
  goal.steps.forEach((step, i) => {
    const later = new Set(goal.steps.slice(i + 1).flatMap((s) => s.conjuncts.filter((p) => PLACEMENT.has(p.pred)).map((p) => p.args[0])));
    for (const p of step.conjuncts) {
      if (!PLACEMENT.has(p.pred) || p.neg || later.has(p.args[0])) continue;
      if (!world.holds(state, p)) unmet.push(p);
    }
  });
  return unmet;
}
