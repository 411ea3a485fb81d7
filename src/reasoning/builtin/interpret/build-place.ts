import type { Predicate } from '../../../domain/predicates.js';
import { typeInfo } from '../../../world/catalog.js';
import type { BeliefEntity } from '../../belief.js';
import { ANY_ROBOT } from '../../goal.js';
import type { ActionInput } from './build-actions.js';
import type { PrepPhrase } from './clauses.js';
import { NEEDS, isRef, pred } from './draft.js';
import type { Failure, GoalDraft } from './draft.js';
import type { ClauseFrame } from './frame.js';
import { besideGoal } from './beside.js';
import { receivingId, relationFor } from './receive.js';

/**
 * "put it under the sink": the cupboard below a sink or counter, the nearest closed storage to it; "under
 * the coffee maker": an appliance with a tray below its spout takes it on that tray; "under the lamp": the
 * furniture the lamp stands on.
 */
function underneath({ g, c, ci }: ActionInput): Predicate | null {
  const under = c.preps.find((p) => p.prep === 'under');
  if (!under) return null;
  const r = g.ground(under.np, `${ci}:u`, NEEDS.any);
  const above = isRef(r) ? g.entity(r.ids[0] ?? '') : undefined;
  if (!above) return null;
  const info = typeInfo(above.type);
  if (info?.receptacle === 'surface' && info.toggleable) return pred('on', '', above.id);
  // "under the television": a thing standing on a piece of furniture has that furniture below it.
  const stand = above.placement?.relation === 'on' ? g.belief.ownerOf(above.placement.target) : undefined;
  if (stand && NEEDS.receptacle(stand)) return pred('on', '', stand.id);
  const storage = g.belief.all().filter((e) => {
    const info = typeInfo(e.type);
    return e.fixture && info?.receptacle === 'container' && (info.openable ?? false) && info.role !== 'fridge' && info.role !== 'microwave';
  });
  const d = (e: BeliefEntity): number => Math.hypot(e.position.x - above.position.x, e.position.y - above.position.y);
  const below = storage.sort((x, y) => d(x) - d(y) || x.id.localeCompare(y.id))[0]?.id;
  return below ? pred('in', '', below) : null;
}

/**
 * The with-phrase of a placing clause: "a bucket with a brush in it" (the sponge goes in the pot), "with
 * the potato in the pan" (the potato goes where the companion phrase says; a movable holder travels
 * along), "three carrots with the ends cut off" (states of the objects). Returns the things to place.
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
  // "three carrots with the ends cut off": a with-phrase that only names a state describes the objects.
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

/** "inside a tray in the oven": the things go in the tray, and the tray is what is carried on. */
function intoNested({ g, ci }: ActionInput, f: ClauseFrame, ids: string[]): Failure | string[] {
  if (!f.nested) return ids;
  const m = g.ground(f.nested.np, `${ci}:m`, NEEDS.receptacle, true);
  if (!isRef(m)) return m;
  const holder = g.entity(m.ids[0]!)!;
  for (const id of ids) g.add(pred(relationFor(holder, m.region, f.nested.prep, g.belief), id, holder.id));
  return [holder.id];
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

/** "Put it back": where the belief last had it, else (it is already in hand) kept in hand. */
function returned(g: GoalDraft, id: string): Predicate {
  const e = g.belief.get(id);
  return e?.placement ? pred(e.placement.relation, id, e.placement.target) : pred('holding', ANY_ROBOT, id);
}

/** Putting things somewhere (or throwing them away): where they end up, and what they travel in. */
export function placeGoal(input: ActionInput, f: ClauseFrame): Failure | null {
  const { g, ci, objects } = input;
  const ids = objects.flatMap((o) => o.ids);
  if (!f.dest && !f.spatial) {
    const below = underneath(input);
    for (const id of ids) g.add(below ? pred(below.pred, id, below.args[1]!) : input.c.back ? returned(g, id) : pred('holding', ANY_ROBOT, id));
    return null;
  }
  const withThings = withPhrase(input, f, ids);
  if (!Array.isArray(withThings)) return withThings;
  const carried = intoNested(input, f, withThings);
  if (!Array.isArray(carried)) return carried;
  if (f.spatial) return besideGoal(g, ci, f, carried);
  if (!f.dest) return null;
  // "to another table": not the one the things are on now; "from the night stand to a table": not the
  // one they lie directly on (a bowl's counter is still a counter to move the apple in it to).
  const from = input.c.preps.some((p) => p.prep === 'from');
  const lieOn = (id: string, e: BeliefEntity): boolean => g.belief.ownerOf(g.belief.get(id)?.placement?.target ?? '')?.id === e.id;
  const here = (e: BeliefEntity): boolean => carried.some((id) => (f.dest!.np.other ? g.belief.isWithin(id, e.id) : from && lieOn(id, e)));
  const elsewhere = (e: BeliefEntity): boolean => NEEDS.receptacle(e) && !here(e);
  const t = g.ground(f.dest.np, `${ci}:d`, elsewhere, true);
  if (!isRef(t)) return t;
  const target = g.entity(t.ids[0]!)!;
  const rel = relationFor(target, t.region, f.dest.prep, g.belief);
  for (const id of carried) g.add(pred(rel, id, receivingId(target, t.region)));
  stoveConvention(input, target);
  return null;
}
