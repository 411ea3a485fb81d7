import type { Predicate } from '../../../domain/predicates.js';
import type { BeliefState } from '../../belief.js';
import { ANY_ROBOT, goalPredicates } from '../../goal.js';
import type { Goal } from '../../goal.js';
import { describeFromBelief } from '../reflect/recover.js';

/** What a state predicate says of its subject, in words. */
const STATE_WORDS: Readonly<Partial<Record<Predicate['pred'], string>>> = {
  isOpen: 'open', isClosed: 'closed', isOn: 'switched on', isOff: 'switched off', isClean: 'clean', isDirty: 'dirty',
  isHot: 'hot', isCold: 'cold', isSliced: 'sliced', isFilled: 'filled',
};

/** A goal predicate as a subject and what is said of it ("the blue mug" / "is in the cabinet"). */
function clause(p: Predicate, belief: BeliefState): { subject: string; said: string } {
  const name = (id: string | undefined): string => {
    if (id === undefined) return 'something';
    if (id === ANY_ROBOT) return 'a robot';
    const said = describeFromBelief(belief, id, true);
    return belief.people.has(id) || belief.robots.has(id) ? said : `the ${said}`;
  };
  const [a, b] = p.args;
  const not = p.neg ? ' not' : '';
  const state = STATE_WORDS[p.pred];
  if (state) return { subject: name(a), said: `is${not} ${state}` };
  switch (p.pred) {
    case 'in':
    case 'on':
      return { subject: name(a), said: `is${not} ${p.pred} ${name(b)}` };
    case 'heldBy':
      return { subject: name(b), said: p.neg ? `does not have ${name(a)}` : `has ${name(a)}` };
    case 'holding':
      return { subject: name(a), said: `is${not} holding ${name(b)}` };
    case 'handEmpty':
      return { subject: `${name(a)}'s hand`, said: `is${not} empty` };
    case 'near':
      return { subject: name(a), said: `is${not} at ${name(b)}` };
    case 'inLight':
      return { subject: name(a), said: `is${not} in the light of ${name(b)}` };
    case 'leftOf':
    case 'rightOf':
      return { subject: name(a), said: `is${not} ${p.pred === 'leftOf' ? 'left' : 'right'} of ${name(b)}` };
    case 'nextTo':
      return { subject: name(a), said: `is${not} next to ${name(b)}` };
    case 'behind':
    case 'inFrontOf':
      return { subject: name(a), said: `is${not} ${p.pred === 'behind' ? 'behind' : 'in front of'} ${name(b)}` };
    case 'between':
      return { subject: name(a), said: `is${not} between ${name(b)} and ${name(p.args[2] ?? '')}` };
    default:
      return { subject: p.pred, said: `holds for ${p.args.join(', ')}` };
  }
}

/**
 * One goal predicate as a clause a person reads ("the blue mug is in the cabinet", "Alex has the
 * egg"), with things named from the belief, never by id.
 */
export function describePredicate(p: Predicate, belief: BeliefState): string {
  const c = clause(p, belief);
  return `${c.subject} ${c.said}`;
}

/** A list as people write it: "a", "a and b", "a, b and c". */
export function listInWords(parts: readonly string[]): string {
  if (parts.length <= 1) return parts[0] ?? '';
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

/**
 * What a goal asks for, as the state of the world it describes ("the lettuce is in the fridge and
 * Alex has the egg"): how a mission's outcome names the goal that is current, whatever sentence
 * it came from.
 */
export function describeGoal(goal: Goal, belief: BeliefState): string {
  const bySubject = new Map<string, string[]>();
  for (const p of goalPredicates(goal)) {
    const c = clause(p, belief);
    const said = bySubject.get(c.subject) ?? [];
    if (!said.includes(c.said)) said.push(c.said);
    bySubject.set(c.subject, said);
  }
  // "the mug is clean and in the cabinet": one "is" for everything said of the same thing.
  const sentences = [...bySubject].map(([subject, said]) => `${subject} ${listInWords(said.map((x, i) => (i > 0 && x.startsWith('is ') && said[0]!.startsWith('is ') ? x.slice(3) : x)))}`);
  return listInWords(sentences) || 'nothing';
}
