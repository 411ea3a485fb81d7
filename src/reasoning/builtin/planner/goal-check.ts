import { SPATIAL_PREDICATES } from '../../../domain/predicates.js';
import type { Predicate } from '../../../domain/predicates.js';
import type { Goal } from '../../goal.js';
import type { PlanningContext } from '../../provider.js';
import { World } from './state.js';

/** Where things are: what a later step's manipulation can undo without anyone meaning to. */
const PLACEMENT = new Set<Predicate['pred']>(['in', 'on', 'heldBy', 'holding', ...SPATIAL_PREDICATES]);

/**
 * Facts about the robots' own hands and whereabouts, and about a look in a lamp's light: they hold
 * for a moment on the way, so only the last step's are expected to last. A lamp's light is not in
 * the belief at all, so the verifier's verdict on it stands.
 */
const MOMENTARY = new Set<Predicate['pred']>(['near', 'handEmpty', 'holding', 'inLight']);

/** The thing a predicate is about and which of its properties: a later step on the same key changes it on purpose. */
function keyOf(p: Predicate): string {
  const [a = '', b = ''] = p.args;
  switch (p.pred) {
    case 'in': case 'on': case 'heldBy': case 'inLight': return `place:${a}`;
    case 'holding': return `place:${b}`;
    case 'isHot': case 'isCold': return `temperature:${a}`;
    case 'isOpen': case 'isClosed': return `open:${a}`;
    case 'isOn': case 'isOff': return `power:${a}`;
    case 'isClean': case 'isDirty': return `clean:${a}`;
    default: return SPATIAL_PREDICATES.has(p.pred) ? `place:${a}` : `${p.pred}:${a}`;
  }
}

/**
 * The goal's predicates the belief says do not hold now: the end state checked against the goal,
 * as the robots' own views have it. What a later step of the goal changes on purpose ("on the
 * table, then in the fridge") is not expected to last, nor are the momentary facts of earlier steps
 * ("go to the fridge, then bring me the egg"); the inLight of a lamp is never checked here.
 *
 * @example
 * unmetGoal({ steps: [{ conjuncts: [on(mug_1, plate_1), on(mug_2, plate_2)] }] }, ctx)
 * // → [on(mug_1, plate_1)] when the second placement moved mug_1 off its plate
 */
export function unmetGoal(goal: Goal, ctx: PlanningContext): Predicate[] {
  const world = new World(ctx);
  const state = world.initialState();
  const unmet: Predicate[] = [];
  const last = goal.steps.length - 1;
  goal.steps.forEach((step, i) => {
    const later = new Set(goal.steps.slice(i + 1).flatMap((s) => s.conjuncts.map(keyOf)));
    for (const p of step.conjuncts) {
      if (later.has(keyOf(p)) || p.pred === 'inLight' || (MOMENTARY.has(p.pred) && i < last)) continue;
      if (!world.holds(state, p)) unmet.push(p);
    }
  });
  return unmet;
}

/** Whether a predicate says where a thing is (a placement a later step may have undone by accident). */
export const isPlacement = (p: Predicate): boolean => PLACEMENT.has(p.pred);
