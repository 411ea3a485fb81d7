import type { PredicateName } from '../../../domain/predicates.js';
import { typeInfo } from '../../../world/catalog.js';
import type { BeliefEntity, BeliefState } from '../../belief.js';
import { NEEDS, isRef, pred } from './draft.js';
import type { Failure, GoalDraft } from './draft.js';
import type { ClauseFrame } from './frame.js';
import type { Ref } from './ground.js';
import { receivingId, relationFor } from './receive.js';

/** The predicate a spatial preposition asks for ("next to", "beside", "by" are all `nextTo`). */
export function spatialPredicate(prep: string): PredicateName {
  return prep === 'near' ? 'nextTo' : (prep as PredicateName);
}

/** Furniture one sets things down on (not an appliance that happens to have a top). */
function isFurnitureSurface(e: BeliefEntity): boolean {
  const info = typeInfo(e.type);
  return e.fixture && info?.receptacle === 'surface' && !info.pickupable && !info.toggleable;
}

/** Whether a planar point lies within a fixture's footprint (its map size, else its type's), give or take `margin`. */
function covers(e: BeliefEntity, p: { x: number; y: number }, margin: number): boolean {
  const size = e.size ?? typeInfo(e.type)?.defaultSize;
  if (!size) return false;
  return Math.abs(p.x - e.position.x) <= size.w / 2 + margin && Math.abs(p.y - e.position.y) <= size.d / 2 + margin;
}

/**
 * The surface beside a thing, where something set down next to it rests: what it rests on (through a
 * plate or a pan), else the furniture whose footprint holds it (a sink basin set into the counter),
 * else none (it stands on the floor).
 */
export function surfaceBeside(belief: BeliefState, anchor: BeliefEntity, depth = 0): string | null {
  if (anchor.placement && depth < 4) {
    const target = anchor.placement.target;
    const holder = belief.ownerOf(target);
    const region = belief.region(target);
    if (region?.kind === 'surface') return target;
    if (holder && !region && isFurnitureSurface(holder)) return holder.id;
    if (holder && holder.id !== anchor.id) return surfaceBeside(belief, holder, depth + 1);
  }
  const under = belief.all().filter((e) => e.id !== anchor.id && isFurnitureSurface(e) && covers(e, anchor.position, 0.05));
  const d = (e: BeliefEntity): number => Math.hypot(e.position.x - anchor.position.x, e.position.y - anchor.position.y);
  return under.sort((a, b) => d(a) - d(b) || a.id.localeCompare(b.id))[0]?.id ?? null;
}

/**
 * "to the right of the vase" with nothing else said, where the plate's table has named regions
 * (LIBERO's `plate_right_region`): the nearest free one on that side is the place.
 */
function freeSideRegion(belief: BeliefState, prep: string, anchor: BeliefEntity): string | null {
  if (prep !== 'rightOf' && prep !== 'leftOf') return null;
  const support = anchor.placement ? belief.ownerOf(anchor.placement.target) : undefined;
  const side = prep === 'rightOf' ? 1 : -1;
  const free = (support?.regions ?? []).filter((r) => r.kind !== 'container' && side * (r.position.x - anchor.position.x) > 0.05 && !belief.all().some((e) => e.placement?.target === r.id));
  free.sort((x, y) => Math.abs(x.position.x - anchor.position.x) - Math.abs(y.position.x - anchor.position.x));
  return free[0]?.id ?? null;
}

/** The destination alone, when the thing it was to stand beside is not known. */
function placeOnly(g: GoalDraft, ci: number, f: ClauseFrame, ids: readonly string[]): Failure | null {
  const t = g.ground(f.dest!.np, `${ci}:d`, NEEDS.receptacle, true);
  if (!isRef(t)) return t;
  const target = g.entity(t.ids[0]!)!;
  for (const id of ids) g.add(pred(relationFor(target, t.region, f.dest!.prep, g.belief), id, receivingId(target, t.region)));
  return null;
}

/**
 * Setting things down beside others: "next to the can" → on the surface the can stands on, and
 * `nextTo(thing, can)`; "between the mug and the bowl" → `between(thing, mug, bowl)`; "on the counter
 * to the left of the sink" → on the counter, `leftOf(thing, sink)`. Never `in` or `on` the anchor.
 */
export function besideGoal(g: GoalDraft, ci: number, f: ClauseFrame, ids: readonly string[]): Failure | null {
  const sp = f.spatial!;
  const phrases = sp.prep === 'between' ? sp.list.slice(0, 2) : [sp.np];
  const anchors: Ref[] = [];
  for (const [k, np] of phrases.entries()) {
    const r = g.ground(np, `${ci}:a${k}`, (e) => !ids.includes(e.id), true);
    // "on the counter by the stove" with no stove known: the counter is still where it goes.
    if (!isRef(r)) return f.dest ? placeOnly(g, ci, f, ids) : r;
    anchors.push(r);
  }
  const anchor = g.entity(anchors[0]!.ids[0]!)!;
  const region = f.dest ? null : freeSideRegion(g.belief, sp.prep, anchor);
  if (region) {
    for (const id of ids) g.add(pred('on', id, region));
    return null;
  }
  let surface: string | null = null;
  if (f.dest) {
    const t = g.ground(f.dest.np, `${ci}:d`, NEEDS.receptacle, true);
    if (!isRef(t)) return t;
    const target = g.entity(t.ids[0]!)!;
    // A container is not stood beside things inside it: in it is where the objects go.
    if (relationFor(target, t.region, f.dest.prep, g.belief) === 'in') return placeOnly(g, ci, f, ids);
    surface = t.region ?? t.ids[0]!;
  } else surface = surfaceBeside(g.belief, anchor);
  const relation = spatialPredicate(sp.prep);
  for (const id of ids) {
    if (surface) g.add(pred('on', id, surface));
    g.add(pred(relation, id, ...anchors.map((a) => a.region ?? a.ids[0]!)));
  }
  return null;
}
