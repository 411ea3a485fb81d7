import { typeInfo } from '../../../world/catalog.js';
import type { BeliefEntity } from '../../belief.js';
import { ANY_ROBOT } from '../../goal.js';
import type { ActionInput } from './build-actions.js';
import type { PrepPhrase } from './clauses.js';
import { NEEDS, isRef, pred } from './draft.js';
import type { Failure, GoalDraft } from './draft.js';
import type { ClauseFrame } from './frame.js';
import { receivingId, relationFor } from './receive.js';

/** "put it under the sink": the cupboard below a sink or counter, the nearest closed storage to it. */
function underneath({ g, c, ci }: ActionInput): string | null {
  const under = c.preps.find((p) => p.prep === 'under');
  if (!under) return null;
  const r = g.ground(under.np, `${ci}:u`, NEEDS.any);
  const above = isRef(r) ? g.entity(r.ids[0] ?? '') : undefined;
  if (!above) return null;
  const storage = g.belief.all().filter((e) => {
    const info = typeInfo(e.type);
    return e.fixture && info?.receptacle === 'container' && (info.openable ?? false) && info.role !== 'fridge' && info.role !== 'microwave';
  });
  const d = (e: BeliefEntity): number => Math.hypot(e.position.x - above.position.x, e.position.y - above.position.y);
  return storage.sort((x, y) => d(x) - d(y) || x.id.localeCompare(y.id))[0]?.id ?? null;
}

/**
 * The with-phrase of a placing clause: "a pot with a sponge in it" (the sponge goes in the pot), "with
 * the potato in the pan" (the potato goes where the companion phrase says; a movable holder travels
 * along), "two tomatoes with the tops cut off" (states of the objects). Returns the things to place.
 */
function withPhrase({ g, c, ci, objects }: ActionInput, f: ClauseFrame, ids: string[]): Failure | string[] {
  const with_ = c.preps.find((p) => p.prep === 'with');
  if (!with_) return ids;
  const container = objects[0] ? g.belief.get(objects[0].ids[0] ?? '') : undefined;
  if (container && typeInfo(container.type)?.movableReceptacle) {
    for (const [wi, np] of with_.list.entries()) {
      const r = g.ground(np, `${ci}:w${wi}`, NEEDS.pickable);
      if (!isRef(r)) return r;
      for (const id of r.ids) g.add(pred(relationFor(container, null, 'in', g.belief), id, container.id));
      for (const s of [...(np.portion ? ['isSliced' as const] : []), ...np.stateGoals]) for (const id of r.ids) g.add(pred(s, id));
    }
    return ids;
  }
  if (f.companion) return companionGoes(g, ci, with_, f.companion, ids);
  // "two tomatoes with the tops cut off": a with-phrase that only names a state describes the objects.
  if (with_.np.readings.length === 0) for (const s of with_.np.stateGoals) for (const id of ids) g.add(pred(s, id));
  return ids;
}

function companionGoes(g: GoalDraft, ci: number, with_: PrepPhrase, companion: PrepPhrase, ids: string[]): Failure | string[] {
  const held = g.ground(companion.np, `${ci}:cz`, NEEDS.receptacle, true);
  if (!isRef(held)) return held;
  const holder = g.entity(held.ids[0]!)!;
  for (const [wi, np] of with_.list.entries()) {
    const r = g.ground(np, `${ci}:w${wi}`, NEEDS.pickable);
    if (!isRef(r)) return r;
    for (const id of r.ids) g.add(pred(relationFor(holder, held.region, companion.prep, g.belief), id, receivingId(holder, held.region)));
  }
  // A pan or plate holding the companion goes along with the objects; a fixture stays where it is.
  return typeInfo(holder.type)?.movableReceptacle ? [...ids, holder.id] : ids;
}

/** "inside a pan in the fridge": the things go in the pan, and the pan is what is carried on. */
function intoNested({ g, ci }: ActionInput, f: ClauseFrame, ids: string[]): Failure | string[] {
  if (!f.nested) return ids;
  const m = g.ground(f.nested.np, `${ci}:m`, NEEDS.receptacle, true);
  if (!isRef(m)) return m;
  const holder = g.entity(m.ids[0]!)!;
  for (const id of ids) g.add(pred(relationFor(holder, m.region, f.nested.prep, g.belief), id, holder.id));
  return [holder.id];
}

/** "to the right of the plate": the nearest free surface region on that side, else the side relation itself. */
function atSide(g: GoalDraft, dest: PrepPhrase, target: BeliefEntity, ids: readonly string[]): void {
  const b = g.belief;
  const support = target.placement ? b.ownerOf(target.placement.target) : undefined;
  const side = dest.prep === 'rightOf' ? 1 : -1;
  const free = (support?.regions ?? []).filter((r) => r.kind !== 'container' && side * (r.position.x - target.position.x) > 0.05 && !b.all().some((e) => e.placement?.target === r.id));
  free.sort((x, y) => Math.abs(x.position.x - target.position.x) - Math.abs(y.position.x - target.position.x));
  for (const id of ids) g.add(free[0] ? pred('on', id, free[0].id) : pred(dest.prep === 'rightOf' ? 'rightOf' : 'leftOf', id, target.id));
}

/** Putting a pot or kettle on a stove means boiling it (LIBERO's convention): the stove goes on. */
function stoveConvention({ g, objects }: ActionInput, target: BeliefEntity): void {
  if (typeInfo(target.type)?.role !== 'stove') return;
  const boils = objects.some((o) => {
    const i = typeInfo(g.belief.get(o.ids[0] ?? '')?.type ?? '');
    return Boolean(i?.fillable && i.heatable);
  });
  if (boils) g.add(pred('isOn', target.id));
}

/** Putting things somewhere (or throwing them away): where they end up, and what they travel in. */
export function placeGoal(input: ActionInput, f: ClauseFrame): Failure | null {
  const { g, ci, objects } = input;
  const ids = objects.flatMap((o) => o.ids);
  if (!f.dest) {
    const below = underneath(input);
    for (const id of ids) g.add(below ? pred('in', id, below) : pred('holding', ANY_ROBOT, id));
    return null;
  }
  const withThings = withPhrase(input, f, ids);
  if (!Array.isArray(withThings)) return withThings;
  const carried = intoNested(input, f, withThings);
  if (!Array.isArray(carried)) return carried;
  const t = g.ground(f.dest.np, `${ci}:d`, NEEDS.receptacle, true);
  if (!isRef(t)) return t;
  const target = g.entity(t.ids[0]!)!;
  if (f.dest.prep === 'rightOf' || f.dest.prep === 'leftOf') {
    atSide(g, f.dest, target, carried);
    return null;
  }
  const rel = relationFor(target, t.region, f.dest.prep, g.belief);
  for (const id of carried) g.add(pred(rel, id, receivingId(target, t.region)));
  stoveConvention(input, target);
  return null;
}
