import { formatPredicate } from '../domain/predicates.js';
import type { Predicate } from '../domain/predicates.js';
import { isClosedReceptacle, openableOf, ownerOf } from './geom.js';
import type { EntityRec, RegionRec, WorldState } from './state.js';
import { evaluate } from './truth.js';

export interface PersonWorkResult {
  applied: string[];
  skipped: { predicate: string; reason: string }[];
}

/**
 * A person doing delegated work: makes each positive predicate physically true the way a person
 * would (carrying things, opening and closing what they need, washing, heating…), without robots'
 * physics. What a person cannot or should not do is skipped with a reason; the world is left as it
 * was for that predicate.
 */
export function applyPersonWork(s: WorldState, personId: string, predicates: readonly Predicate[]): PersonWorkResult {
  const person = s.people.get(personId);
  if (!person) throw new Error(`no person "${personId}" (people: ${[...s.people.keys()].join(', ')})`);
  const out: PersonWorkResult = { applied: [], skipped: [] };
  for (const p of predicates) {
    const text = formatPredicate(p);
    const why = p.neg ? 'negated predicates name no work to do' : tryApply(s, personId, p);
    if (why) {
      out.skipped.push({ predicate: text, reason: why });
      continue;
    }
    if (!evaluate(s, p)) {
      out.skipped.push({ predicate: text, reason: 'did not hold after the change' });
      continue;
    }
    out.applied.push(text);
  }
  return out;
}

/** Makes `p` true; returns why it could not, or null. */
function tryApply(s: WorldState, personId: string, p: Predicate): string | null {
  const [a = '', b = ''] = p.args;
  switch (p.pred) {
    case 'in':
    case 'on':
      return move(s, a, b, p.pred);
    case 'isOpen':
    case 'isClosed':
      return setOpen(s, a, p.pred === 'isOpen');
    case 'isOn':
    case 'isOff': {
      const e = s.entities.get(a);
      if (!e) return `no entity "${a}"`;
      if (!e.info.toggleable) return `${a} cannot be switched on or off`;
      e.state.on = p.pred === 'isOn';
      return null;
    }
    case 'isClean':
    case 'isDirty':
      return setState(s, a, 'clean', p.pred === 'isClean');
    case 'isHot':
    case 'isCold':
      return setState(s, a, 'temperature', p.pred === 'isHot' ? 'hot' : 'cold');
    case 'isSliced': {
      const e = s.entities.get(a);
      if (!e) return `no entity "${a}"`;
      if (!e.info.sliceable) return `${a} cannot be sliced`;
      e.state.sliced = true;
      return null;
    }
    case 'isFilled': {
      const e = s.entities.get(a);
      if (!e) return `no entity "${a}"`;
      if (!e.info.fillable) return `${a} cannot be filled`;
      e.state.filled = true;
      return null;
    }
    case 'heldBy':
      if (b !== personId) return `only ${personId} is doing this work, not ${b}`;
      return take(s, a, personId);
    default:
      return `${p.pred} is not something a person does for the robots`;
  }
}

function setState<K extends 'clean' | 'temperature'>(s: WorldState, id: string, key: K, value: NonNullable<EntityRec['state'][K]>): string | null {
  const e = s.entities.get(id);
  if (!e) return `no entity "${id}"`;
  if (e.state[key] === undefined) return `${id} has no ${key} state`;
  e.state[key] = value;
  // The process timers describe work in progress, which the person has just finished.
  e.timers = { wash: 0, heat: 0, cool: 0 };
  return null;
}

function robotHolding(s: WorldState, id: string): string | null {
  for (const r of s.robots.values()) if (r.holding?.id === id) return r.id;
  return null;
}

function setOpen(s: WorldState, id: string, open: boolean): string | null {
  const o = openableOf(s, id);
  if (!o) return `${id} does not open or close`;
  const robot = robotHolding(s, id);
  if (robot) return `${robot} is holding ${id}'s handle`;
  o.set(open ? 1 : 0);
  return null;
}

/** Things held in hand, or inside a movable receptacle, move with it; this is the chain above `id`. */
function restsWithin(s: WorldState, id: string, container: string): boolean {
  let cur: string | undefined = container;
  for (let i = 0; cur && i < 32; i++) {
    const owner = ownerOf(s, cur);
    if (owner === id) return true;
    cur = s.entities.get(owner)?.placement?.target;
  }
  return false;
}

/** Where an object put in/on `target` rests: the target's functional region when it has one. */
function landing(s: WorldState, target: string, relation: 'in' | 'on'): { id: string; region: RegionRec | null } | null {
  const region = s.regions.get(target);
  if (region) return { id: target, region };
  const e = s.entities.get(target);
  if (e) {
    const want = relation === 'in' ? 'container' : 'surface';
    const r = e.regions.find((g) => g.kind === want && /cook|heating|contain|inside|interior/.test(g.id)) ?? e.regions.find((g) => g.kind === want);
    if (r) return { id: r.id, region: r };
    if (e.info.receptacle) return { id: target, region: null };
    return null;
  }
  if (s.rooms.has(target) && relation === 'on') return { id: target, region: null };
  return null;
}

function move(s: WorldState, id: string, target: string, relation: 'in' | 'on'): string | null {
  const e = s.entities.get(id);
  if (!e) return `no entity "${id}"`;
  if (!e.info.pickupable) return `${id} is not something a person carries`;
  const robot = robotHolding(s, id);
  if (robot) return `${robot} is holding ${id}`;
  const land = landing(s, target, relation);
  if (!land) return `${target} is not a place to put things ${relation}`;
  if (restsWithin(s, id, land.id)) return `${target} rests on or in ${id}`;
  // A person opens what they need (where the object is and where it goes) and closes it again.
  const toReopen: string[] = [];
  const openIfClosed = (place: string | undefined) => {
    if (!place || !isClosedReceptacle(s, place)) return;
    const o = openableOf(s, place) ?? openableOf(s, ownerOf(s, place));
    if (!o || robotHolding(s, o.id)) return;
    o.set(1);
    toReopen.push(o.id);
  };
  openIfClosed(e.placement?.relation === 'in' ? e.placement.target : undefined);
  if (relation === 'in') openIfClosed(land.id);
  e.heldBy = null;
  e.fixed = null;
  e.placement = { relation, target: land.id };
  e.offset = freeSpot(s, e, land.id, land.region);
  for (const o of toReopen) openableOf(s, o)?.set(0);
  return null;
}

/** A spot beside what already rests there, so things do not stack on one point. */
function freeSpot(s: WorldState, e: EntityRec, target: string, region: RegionRec | null): { x: number; y: number } {
  const size = region?.size ?? s.entities.get(target)?.size ?? { w: 0.6, d: 0.6 };
  const others = [...s.entities.values()].filter((o) => o !== e && o.heldBy === null && o.placement?.target === target);
  const slots = [
    { x: 0, y: 0 },
    { x: -0.25, y: 0 },
    { x: 0.25, y: 0 },
    { x: 0, y: -0.25 },
    { x: 0, y: 0.25 },
    { x: -0.25, y: -0.25 },
    { x: 0.25, y: 0.25 },
  ].map((f) => ({ x: f.x * size.w, y: f.y * size.d }));
  const free = slots.find((p) => others.every((o) => Math.hypot(o.offset.x - p.x, o.offset.y - p.y) > 0.08));
  return free ?? { x: 0, y: 0 };
}

function take(s: WorldState, id: string, personId: string): string | null {
  const e = s.entities.get(id);
  if (!e) return `no entity "${id}"`;
  if (!e.info.pickupable) return `${id} is not something a person carries`;
  const robot = robotHolding(s, id);
  if (robot) return `${robot} is holding ${id}`;
  // A closed container it sits in is opened and closed again, which leaves no trace but the object gone.
  e.placement = null;
  e.fixed = null;
  e.offset = { x: 0, y: 0 };
  e.heldBy = personId;
  return null;
}
