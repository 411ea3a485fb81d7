import { distance, planarDistance } from '../domain/geometry.js';
import type { Predicate } from '../domain/predicates.js';
import { isBetween, isNextTo, isOnSide, WORLD_SPATIAL } from '../domain/spatial.js';
import { anyPosition, entityPosition, ownerOf } from './geom.js';
import type { EntityRec, WorldState } from './state.js';

/** How close a person must be to count as `near` something (a robot uses its reach). */
export const PERSON_NEAR = 1.0;
/** A lamp lights what is within this distance of it. */
export const LIGHT_RADIUS = 1.5;

function entity(s: WorldState, id: string): EntityRec {
  const e = s.entities.get(id);
  if (!e) throw new Error(`truth: no entity "${id}"`);
  return e;
}

function stateOf(s: WorldState, id: string): { open?: boolean; on?: boolean } {
  const region = s.regions.get(id);
  if (region) return region.openable ? region.state : (s.entities.get(region.owner)?.state ?? {});
  return entity(s, id).state;
}

function rests(s: WorldState, a: string, b: string, relation: 'in' | 'on'): boolean {
  const e = entity(s, a);
  if (e.heldBy !== null || !e.placement || e.placement.relation !== relation) return false;
  const t = e.placement.target;
  return t === b || (s.regions.has(t) && ownerOf(s, t) === b);
}

function position(s: WorldState, id: string): { x: number; y: number; z: number } {
  const p = anyPosition(s, id);
  if (!p) throw new Error(`truth: no entity, region, room, robot or person "${id}"`);
  return p;
}

function near(s: WorldState, agent: string, x: string): boolean {
  const robot = s.robots.get(agent);
  const person = s.people.get(agent);
  if (!robot && !person) throw new Error(`truth: "${agent}" is not a robot or person`);
  const from = robot ? { x: robot.pose.x, y: robot.pose.y } : person!.position;
  const room = s.rooms.get(x);
  if (room) {
    const r = room.rect;
    return from.x >= r.x && from.x <= r.x + r.w && from.y >= r.y && from.y <= r.y + r.d;
  }
  return planarDistance(from, position(s, x)) <= (robot ? robot.reach : PERSON_NEAR);
}

function holds(s: WorldState, robotId: string): { kind: 'object' | 'handle'; id: string } | null {
  const r = s.robots.get(robotId);
  if (!r) throw new Error(`truth: no robot "${robotId}"`);
  return r.holding;
}

function positive(s: WorldState, p: Predicate): boolean {
  const [a = '', b = ''] = p.args;
  switch (p.pred) {
    case 'in':
      return rests(s, a, b, 'in');
    case 'on':
      return rests(s, a, b, 'on');
    case 'isOpen':
      return stateOf(s, a).open === true;
    case 'isClosed':
      return stateOf(s, a).open === false;
    case 'isOn':
      return stateOf(s, a).on === true;
    case 'isOff':
      return stateOf(s, a).on === false;
    case 'isClean':
      return entity(s, a).state.clean === true;
    case 'isDirty':
      return entity(s, a).state.clean === false;
    case 'isHot':
      return entity(s, a).state.temperature === 'hot';
    case 'isCold':
      return entity(s, a).state.temperature === 'cold';
    case 'isSliced':
      return entity(s, a).state.sliced === true;
    case 'isFilled':
      return entity(s, a).state.filled === true;
    case 'holding': {
      const h = holds(s, a);
      return h?.kind === 'object' && h.id === b;
    }
    case 'handEmpty':
      return holds(s, a) === null;
    case 'heldBy':
      return entity(s, a).heldBy === b;
    case 'near':
      return near(s, a, b);
    case 'inLight': {
      const lamp = entity(s, b);
      return lamp.info.lightSource && lamp.state.on === true && distance(entityPosition(s, a), entityPosition(s, b)) <= LIGHT_RADIUS;
    }
    case 'nextTo':
      return isNextTo(position(s, a), position(s, b), WORLD_SPATIAL);
    case 'leftOf':
    case 'rightOf':
    case 'behind':
    case 'inFrontOf':
      return isOnSide(p.pred, position(s, a), position(s, b), WORLD_SPATIAL);
    case 'between':
      return isBetween(position(s, a), position(s, b), position(s, p.args[2] ?? ''), WORLD_SPATIAL);
  }
}

/** Ground truth of a predicate with the semantics documented in src/domain/predicates.ts. Throws on unknown ids. */
export function evaluate(s: WorldState, p: Predicate): boolean {
  const v = positive(s, p);
  return p.neg ? !v : v;
}
