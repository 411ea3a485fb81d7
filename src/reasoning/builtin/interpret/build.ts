import { SPATIAL_PREDICATES } from '../../../domain/predicates.js';
import type { Predicate, PredicateName } from '../../../domain/predicates.js';
import { typeInfo } from '../../../world/catalog.js';
import type { BeliefState } from '../../belief.js';
import type { Goal, Grounding } from '../../goal.js';
import { deliverGoal, examineGoal, holdGoal, navigateGoal, toggleGoal } from './build-actions.js';
import type { ActionInput } from './build-actions.js';
import { placeGoal } from './build-place.js';
import { stateGoal } from './build-state.js';
import type { Clause } from './clauses.js';
import { GoalDraft, NEEDS, isRef, pred } from './draft.js';
import type { Failure } from './draft.js';
import { attachLocations, readFrame } from './frame.js';
import type { ClauseFrame } from './frame.js';
import { searchOrder } from './describe.js';
import type { GroundContext, Need, Ref } from './ground.js';

export type BuildResult = { kind: 'goal'; goal: Goal; groundings: Grounding[] } | Failure;

/** What the objects of a clause must be able to do for its action. */
function objectNeed(c: Clause, f: ClauseFrame): Need {
  if (f.action === 'toggle') return NEEDS.toggleable;
  if (c.sense.pred === 'isOpen' || c.sense.pred === 'isClosed') return NEEDS.openable;
  return f.action === 'navigate' ? NEEDS.any : NEEDS.pickable;
}

/** What a state word asks of the thing: "a chilled bottle" is one that can be chilled. */
const AFFORDS: Readonly<Partial<Record<PredicateName, (t: string) => boolean>>> = {
  isCold: (t) => typeInfo(t)?.coolable ?? true, isHot: (t) => typeInfo(t)?.heatable ?? true,
  isClean: (t) => typeInfo(t)?.cleanable ?? true, isSliced: (t) => typeInfo(t)?.sliceable ?? true,
};

/** Grounds the clause's objects; their own state words ("the washed mug") become goals too. */
function groundObjects(g: GoalDraft, c: Clause, ci: number, need: Need): Failure | Ref[] {
  const objects: Ref[] = [];
  for (const [oi, np] of c.objects.entries()) {
    const able: Need = (e) => need(e) && np.stateGoals.every((s) => AFFORDS[s]?.(e.type) ?? true);
    const r = g.ground(np, `${ci}:o${oi}`, able);
    if (!isRef(r)) return r;
    objects.push(r);
    for (const s of [...(np.portion ? ['isSliced' as const] : []), ...np.stateGoals]) for (const id of r.ids) g.add(pred(s, id));
  }
  return objects;
}

/** Objects a clause leaves unsaid: "…to set on the shelf" means the last thing talked about; "go to the sink" the place. */
function impliedObjects(g: GoalDraft, c: Clause, ci: number, f: ClauseFrame, need: Need, objects: Ref[]): Failure | Ref[] {
  if (objects.length > 0) return objects;
  if (['place', 'discard', 'state'].includes(f.action) && f.dest) {
    const prev = [...g.ctx.discourse].reverse().find((r) => !r.person && r.ids.some((id) => {
      const e = g.entity(id);
      return e !== undefined && need(e);
    }));
    return prev ? [prev] : [];
  }
  if (f.action === 'navigate' && f.dest) {
    const r = g.ground(f.dest.np, `${ci}:d`, NEEDS.any);
    return isRef(r) ? [r] : r;
  }
  return [];
}

/**
 * A clause with a verb orca does not know ("retrieve the card and …"): what it names becomes something
 * "it" can refer to, nothing more; a thing not seen yet is looked for, since the request is about it.
 */
function mentionOnly(g: GoalDraft, c: Clause, ci: number): Failure | null {
  for (const [oi, np] of c.objects.entries()) {
    const r = g.ground(np, `${ci}:o${oi}`, NEEDS.any);
    if (!isRef(r) && r.kind === 'search') return r;
  }
  return null;
}

/** Reads one clause into the draft; the failure that stops the whole request, or null. */
function buildClause(g: GoalDraft, c: Clause, ci: number): Failure | null {
  if (c.newStep) g.nextStep();
  if (c.mention) return mentionOnly(g, c, ci);
  if (c.sense.action === 'harm') return { kind: 'not_found', reason: `refuse:I will not ${c.verb} anything or anyone.` };
  const f = readFrame(c);
  attachLocations(c, f);
  const need = objectNeed(c, f);
  const grounded = groundObjects(g, c, ci, need);
  if (!Array.isArray(grounded)) return grounded;
  const objects = impliedObjects(g, c, ci, f, need, grounded);
  if (!Array.isArray(objects)) return objects;
  const input: ActionInput = { g, c, ci, objects };
  switch (f.action) {
    case 'toggle':
      return toggleGoal(input);
    case 'state':
      return stateGoal(input, f);
    case 'navigate':
      return navigateGoal(input);
    case 'hold':
      return holdGoal(input);
    case 'examine':
      return examineGoal(input);
    case 'deliver':
      return deliverGoal(input);
    case 'place':
    case 'discard':
      return placeGoal(input, f);
    case 'harm':
      return null;
  }
}

/**
 * "Place the bottle in the fridge to put it in the trash": an appliance the thing only passes through
 * on its way elsewhere is there for its effect (fridge → cold, microwave → hot).
 */
function passThroughEffects(steps: Predicate[][], belief: BeliefState): void {
  const EFFECT: Readonly<Record<string, PredicateName>> = { fridge: 'isCold', microwave: 'isHot' };
  const placements = steps.flat().filter((p) => p.pred === 'in' || p.pred === 'on');
  for (const step of steps) {
    for (const [k, p] of step.entries()) {
      const effect = p.pred === 'in' ? EFFECT[typeInfo(belief.ownerOf(p.args[1] ?? '')?.type ?? '')?.role ?? ''] : undefined;
      const later = placements.slice(placements.indexOf(p) + 1).some((q) => q.args[0] === p.args[0] && q.args[1] !== p.args[1]);
      if (effect && later) step[k] = pred(effect, p.args[0]!);
    }
  }
}

/** A pick-up that a later placement or hand-over completes is not a goal of its own; duplicates go. */
function withoutCompletedHolds(steps: readonly Predicate[][]): Predicate[][] {
  const delivered = new Set(steps.flat().filter((p) => ['in', 'on', 'heldBy'].includes(p.pred) || SPATIAL_PREDICATES.has(p.pred)).map((p) => p.args[0]));
  return steps
    .map((s) => s.filter((p) => !(p.pred === 'holding' && delivered.has(p.args[1]))).filter((p, i, arr) => arr.findIndex((q) => q.pred === p.pred && q.args.join() === p.args.join()) === i))
    .filter((s) => s.length > 0);
}

/**
 * "Switch on the lamp while holding the book", "pick up the card and turn on the lamp": a lamp
 * switched on while something is kept in hand lights it, which is what looking at it in that light
 * asks (`inLight`, the lamp on and the thing within its light).
 */
function lightWhatIsHeld(steps: Predicate[][], belief: BeliefState): void {
  const lamps = steps.flat().filter((p) => p.pred === 'isOn' && (typeInfo(belief.ownerOf(p.args[0] ?? '')?.type ?? '')?.lightSource ?? false)).map((p) => p.args[0]!);
  if (lamps.length === 0) return;
  for (const step of steps) {
    for (const p of [...step]) {
      if (p.pred !== 'holding' || step.some((q) => q.pred === 'inLight' && q.args[0] === p.args[1])) continue;
      step.push(pred('inLight', p.args[1]!, lamps[lamps.length - 1]!));
    }
  }
}

/** The tools a state change needs (role → the type to look for when none is believed). */
const TOOLS: Readonly<Partial<Record<PredicateName, { role: string; type: string }>>> = { isSliced: { role: 'knife', type: 'Knife' } };

/**
 * Tools and containers that must be found first: slicing needs a knife, and a knife in a closed drawer
 * is looked for before anything is planned, rather than the plan failing for want of one.
 */
function toolToFind(steps: readonly Predicate[][], belief: BeliefState): Failure | null {
  for (const p of steps.flat()) {
    const tool = TOOLS[p.pred];
    if (!tool || belief.all().some((e) => typeInfo(e.type)?.role === tool.role)) continue;
    if (belief.unknowns().length === 0 && belief.unvisitedRooms().length === 0) continue;
    return { kind: 'search', type: tool.type, containers: searchOrder(tool.type, belief) };
  }
  return null;
}

/** Turns parsed clauses into a goal, grounding every phrase; stops at the first question or failure. */
export function buildGoal(clauses: readonly Clause[], ctx: GroundContext): BuildResult {
  const g = new GoalDraft(ctx);
  for (const [ci, c] of clauses.entries()) {
    const failed = buildClause(g, c, ci);
    if (failed) return failed;
  }
  const steps = g.close();
  passThroughEffects(steps, ctx.belief);
  const kept = withoutCompletedHolds(steps);
  lightWhatIsHeld(kept, ctx.belief);
  const tool = toolToFind(kept, ctx.belief);
  if (tool) return tool;
  return { kind: 'goal', goal: { steps: kept.map((conjuncts) => ({ conjuncts })) }, groundings: g.groundings };
}
