import type { Predicate } from '../domain/predicates.js';
import type { Subgoal } from '../domain/plan.js';

/**
 * What a person doing a subgoal must achieve, from the subgoal's criteria for its actor (a robot,
 * or the person it was assigned to): the actor's own conditions (near, empty-handed, holding the
 * tool it used) do not apply to a person; "the robot holds it" is kept only when holding is the
 * point of the subgoal, and then means "the person holds it".
 */
export function criteriaForPerson(all: readonly Predicate[], actor: string, person: string): Predicate[] {
  const mentionsActor = (p: Predicate): boolean => p.args.includes(actor);
  const others = all.filter((p) => !(mentionsActor(p) && ['near', 'handEmpty', 'holding'].includes(p.pred)));
  const out: Predicate[] = [];
  for (const p of all) {
    if (!mentionsActor(p)) {
      out.push(p);
      continue;
    }
    if (p.pred === 'near' || p.pred === 'handEmpty') continue;
    if (p.pred === 'holding') {
      if (others.length === 0) out.push({ pred: 'heldBy', args: [p.args[1]!, person], ...(p.neg ? { neg: true } : {}) });
      continue;
    }
    out.push({ ...p, args: p.args.map((a) => (a === actor ? person : a)) });
  }
  return out.length > 0 ? out : [...all];
}

/** A subgoal handed to a person; its criteria are still checked from the robots' observations. */
export function delegateSubgoal(subgoal: Subgoal, person: string): Subgoal {
  return {
    ...subgoal,
    assignee: { kind: 'person', id: person },
    success: { ...subgoal.success, all: criteriaForPerson(subgoal.success.all, subgoal.assignee.id, person) },
  };
}
