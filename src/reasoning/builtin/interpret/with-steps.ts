import { SPATIAL_PREDICATES } from '../../../domain/predicates.js';
import type { Predicate, PredicateName } from '../../../domain/predicates.js';
import { typeInfo } from '../../../world/catalog.js';
import type { BeliefState } from '../../belief.js';
import { goalPredicates } from '../../goal.js';
import type { Goal } from '../../goal.js';
import type { Token } from '../nlp.js';
import { typesNamed } from './noun-phrase.js';
import { readProcedure } from './procedure.js';
import type { Procedure, ProcedureThing } from './procedure.js';

/**
 * An instruction given with its step-by-step directions, as ALFRED gives them and as a person may:
 * "Put the apple slice in the trash." with "… Put the apple in the fridge and close the door, then open
 * it and take the slice …". The sentence says what is wanted; the steps show what it takes, and so
 * what the sentence left unsaid: the slice is to be chilled first, two slices go in, the apple travels
 * on a plate, the rinsed slice goes back on the counter. The steps only add to the sentence's goal;
 * they never replace what it says, and things the steps merely use (the knife, the fridge door) stay
 * out of the goal unless the sentence names them.
 *
 * @example
 * ```ts
 * // the sentence's goal: isSliced(apple_1), in(apple_1, garbage_can_1)
 * refineWithSteps(goal, ['Cut the apple.', 'Put a slice in the fridge, then take it out.', 'Put it in the bin.'], belief);
 * // → isSliced(apple_1), in(apple_1, garbage_can_1), isCold(apple_1)
 * ```
 */
export function refineWithSteps(goal: Goal, steps: readonly string[], belief: BeliefState): Goal {
  if (steps.length === 0) return goal;
  try {
    return refineGoal(goal, readProcedure(steps, belief), belief);
  } catch {
    // The steps only ever add to the sentence's reading; if they cannot be read, the sentence stands.
    return goal;
  }
}

/**
 * "Readying carrots to set on the shelf": no command the parser reads, but the sentence names
 * things and the steps say what becomes of them. Null when they say nothing about what it names.
 */
export function goalFromSteps(sentence: readonly Token[], steps: readonly string[], belief: BeliefState): Goal | null {
  if (steps.length === 0) return null;
  try {
    return goalFromNamed(typesNamed(sentence), readProcedure(steps, belief), belief);
  } catch {
    return null;
  }
}

const pred = (p: PredicateName, ...args: string[]): Predicate => ({ pred: p, args });
const isPlacement = (p: Predicate): boolean => !p.neg && (p.pred === 'in' || p.pred === 'on');
const pickable = (type: string | undefined): boolean => type !== undefined && (typeInfo(type)?.pickupable ?? false);

function typeOfId(id: string, belief: BeliefState): string | undefined {
  return belief.get(id)?.type ?? belief.ownerOf(id)?.type;
}

/** A believed thing, then what the goal places it in or on, and so on ("apple → plate → table"). */
function placementChain(id: string, preds: readonly Predicate[]): string[] {
  const chain = [id];
  for (;;) {
    const next = preds.find((p) => isPlacement(p) && p.args[0] === chain[chain.length - 1])?.args[1];
    if (!next || chain.includes(next)) return chain;
    chain.push(next);
  }
}

/** The fixture type a believed thing rests on, through the movable receptacles the goal puts it in. */
function restingType(id: string, preds: readonly Predicate[], belief: BeliefState): string | undefined {
  return placementChain(id, preds).map((x) => typeOfId(x, belief)).find((t) => t !== undefined && !pickable(t));
}

/** What the steps did to one wanted thing, as predicates on the believed entity standing for it. */
function predicatesFor(thing: ProcedureThing, id: string, proc: Procedure, preds: readonly Predicate[], belief: BeliefState, used: Set<string>): { add: Predicate[]; replace: Predicate | null } {
  const add: Predicate[] = [];
  const has = (name: PredicateName, ...args: string[]): boolean => preds.some((p) => !p.neg && p.pred === name && p.args.join() === args.join());
  const states = new Set(thing.states);
  if (thing.portion) states.add('isSliced');
  for (const s of states) if (!has(s, id)) add.push(pred(s, id));
  const placed = preds.find((p) => isPlacement(p) && p.args[0] === id) ?? null;
  const holder = thing.at ? proc.get(thing.at.target) : undefined;
  if (!thing.at || !holder) return { add, replace: null };
  const pickEntity = (type: string, prefer: string | undefined): string | undefined => {
    if (prefer && typeOfId(prefer, belief) === type) return prefer;
    const inGoal = preds.flatMap((p) => p.args).find((a) => a !== id && typeOfId(a, belief) === type);
    return inGoal ?? belief.all().filter((e) => e.type === type && e.id !== id && !used.has(e.id)).map((e) => e.id).sort()[0];
  };
  if (!holder.fixture) {
    // Carried in a movable receptacle to where the sentence (or the steps) say.
    const vessel = pickEntity(holder.type, placed?.args[1]);
    const restType = proc.restingPlace(holder);
    const rest = restType ? pickEntity(restType, placed && restingType(placed.args[1]!, preds, belief) === restType ? placementChain(placed.args[1]!, preds).at(-1) : undefined) : undefined;
    if (!vessel || !rest) return { add, replace: null };
    // The sentence's own word for how it sits in the vessel stands ("a pan with lettuce on it").
    const inner = placed && placed.args[1] === vessel ? placed : pred(thing.at.rel, id, vessel);
    const outerRel = typeInfo(restType!)?.receptacle === 'container' ? 'in' : 'on';
    if (!preds.some((p) => isPlacement(p) && p.args[0] === vessel)) add.push(pred(outerRel, vessel, rest));
    return placed ? { add, replace: inner === placed ? null : inner } : { add: [inner, ...add], replace: null };
  }
  // "Bring me the apple" already says where it ends: the steps' last table does not add a second place.
  const endsElsewhere = preds.some((p) => !p.neg && (p.pred === 'heldBy' || p.pred === 'near' || SPATIAL_PREDICATES.has(p.pred) ? p.args[0] === id : p.pred === 'holding' && p.args[1] === id));
  if (placed || endsElsewhere) return { add, replace: null };
  const target = pickEntity(holder.type, undefined);
  if (target) add.push(pred(thing.at.rel, id, target));
  return { add, replace: null };
}

/** The steps' things that stand for the goal's things of one type, in order. */
function wantedThings(type: string, sliced: boolean, rest: string | undefined, proc: Procedure): ProcedureThing[] {
  const candidates = proc.things.filter((t) => t.type === type && !t.fixture && !t.source && (!sliced || t.portion || t.states.has('isSliced')));
  if (rest) return candidates.filter((t) => proc.restingPlace(t) === rest);
  // No place in the sentence: where the last of them ends up, and every other one left there too.
  const last = candidates.filter((t) => t.at !== null || t.states.size > 0).pop();
  const lastRest = last ? proc.restingPlace(last) : null;
  return lastRest ? candidates.filter((t) => proc.restingPlace(t) === lastRest) : last ? [last] : [];
}

function refineGoal(goal: Goal, proc: Procedure, belief: BeliefState): Goal {
  const preds = goalPredicates(goal);
  const steps = goal.steps.map((s) => ({ conjuncts: [...s.conjuncts] }));
  const objectIds = [...new Set(preds.map((p) => p.args[0]!).filter((id) => pickable(typeOfId(id, belief))))];
  const used = new Set(preds.flatMap((p) => p.args));
  const byType = new Map<string, string[]>();
  for (const id of objectIds) {
    const type = typeOfId(id, belief)!;
    byType.set(type, [...(byType.get(type) ?? []), id]);
  }
  for (const [type, ids] of byType) {
    const first = ids[0]!;
    // A thing the goal carries other things in is refined through them, not on its own.
    if (preds.some((p) => isPlacement(p) && p.args[1] === first)) continue;
    const sliced = preds.some((p) => p.pred === 'isSliced' && p.args[0] === first);
    const placement = preds.find((p) => isPlacement(p) && p.args[0] === first);
    const rest = placement ? restingType(first, preds, belief) : undefined;
    const wanted = wantedThings(type, sliced, rest, proc);
    const spare = belief.all().filter((e) => e.type === type && !used.has(e.id)).map((e) => e.id).sort();
    const stepOf = steps.findIndex((s) => s.conjuncts.some((p) => p.args[0] === first));
    const step = steps[stepOf >= 0 ? stepOf : steps.length - 1]!;
    for (const [k, thing] of wanted.entries()) {
      const id = ids[k] ?? spare.shift();
      if (!id) break;
      used.add(id);
      const current = steps.flatMap((s) => s.conjuncts);
      if (!ids.includes(id)) {
        // One more of the same, as the steps show ("a slice", then another into the fridge).
        for (const p of preds.filter((q) => q.args[0] === first)) step.conjuncts.push({ ...p, args: [id, ...p.args.slice(1)] });
      }
      const { add, replace } = predicatesFor(thing, id, proc, current, belief, used);
      if (replace) {
        for (const s of steps) s.conjuncts = s.conjuncts.filter((p) => !(isPlacement(p) && p.args[0] === id));
        step.conjuncts.push(replace);
      }
      for (const p of add) if (!step.conjuncts.some((q) => q.pred === p.pred && q.args.join() === p.args.join())) step.conjuncts.push(p);
    }
  }
  return { steps };
}

/** A goal for the named things the steps put in or on a named place. */
function goalFromNamed(namedTypes: readonly string[], proc: Procedure, belief: BeliefState): Goal | null {
  const believed = new Set(belief.all().map((e) => e.type));
  const named = namedTypes.filter((t) => believed.has(t));
  const places = named.filter((t) => !pickable(t));
  const conjuncts: Predicate[] = [];
  const used = new Set<string>();
  for (const type of named.filter(pickable)) {
    const thing = proc.things.filter((t) => t.type === type && !t.fixture && !t.source && places.includes(proc.restingPlace(t) ?? '')).pop();
    const id = belief.all().filter((e) => e.type === type && !used.has(e.id)).map((e) => e.id).sort()[0];
    if (!thing || !id) continue;
    used.add(id);
    conjuncts.push(...predicatesFor(thing, id, proc, conjuncts, belief, used).add);
  }
  return conjuncts.length > 0 ? { steps: [{ conjuncts }] } : null;
}
