import type { Vec3 } from '../domain/geometry.js';
import type { EntityRec, RegionRec, RobotRec, Vec2, WorldState } from './state.js';

/** How far an openable's handle (or a drawer) travels from closed to fully open, metres. */
export const OPEN_TRAVEL = 0.35;
/** Where a person holds what they were handed: this high above the floor. */
const PERSON_HOLD_Z = 1.0;

export interface Surface {
  id: string;
  /** Centre of the receiving surface. */
  position: Vec3;
  w: number;
  d: number;
  kind: 'surface' | 'container' | 'floor';
  /** Entity owning a region, else the entity/room itself. */
  owner: string;
  isRegion: boolean;
}

export function eePosition(r: RobotRec): Vec3 {
  return { x: r.pose.x + r.eeOff.x, y: r.pose.y + r.eeOff.y, z: r.eeOff.z };
}

export function regionBase(s: WorldState, region: RegionRec, depth = 0): Vec3 {
  const owner = entityPosition(s, region.owner, depth + 1);
  return { x: owner.x + region.offset.x, y: owner.y + region.offset.y, z: owner.z + region.offset.z };
}

/** A drawer slides out toward its front as it opens; other regions stay put on their owner. */
export function regionPosition(s: WorldState, region: RegionRec, depth = 0): Vec3 {
  const base = regionBase(s, region, depth);
  if (!region.openable) return base;
  const t = region.openness * OPEN_TRAVEL;
  return { x: base.x + region.front.x * t, y: base.y + region.front.y * t, z: base.z };
}

export function surfaceOf(s: WorldState, id: string, depth = 0): Surface | undefined {
  const region = s.regions.get(id);
  if (region) {
    return { id, position: regionPosition(s, region, depth), w: region.size.w, d: region.size.d, kind: region.kind, owner: region.owner, isRegion: true };
  }
  const e = s.entities.get(id);
  if (e) {
    if (!e.info.receptacle) return undefined;
    return { id, position: entityPosition(s, id, depth), w: e.size.w, d: e.size.d, kind: e.info.receptacle, owner: id, isRegion: false };
  }
  const room = s.rooms.get(id);
  if (room) {
    const r = room.rect;
    return { id, position: { x: r.x + r.w / 2, y: r.y + r.d / 2, z: 0 }, w: r.w, d: r.d, kind: 'floor', owner: id, isRegion: false };
  }
  return undefined;
}

/** Position per the conventions: receptacles report their receiving surface, other things their centre. */
/**
 * Positions already computed in the current `withPositionMemo` pass: placement chains share their
 * lower links (everything on a counter asks for the counter), and a pass over all entities would
 * otherwise walk each chain once per thing on it. Null outside a pass.
 */
let positionMemo: Map<string, Vec3> | null = null;

/** Runs `fn` with entity positions memoised; the state must not change during `fn`. Returned positions are shared: do not mutate. */
export function withPositionMemo<T>(fn: () => T): T {
  if (positionMemo) return fn();
  positionMemo = new Map();
  try {
    return fn();
  } finally {
    positionMemo = null;
  }
}

export function entityPosition(s: WorldState, id: string, depth = 0): Vec3 {
  if (!positionMemo) return computeEntityPosition(s, id, depth);
  let p = positionMemo.get(id);
  if (!p) {
    p = computeEntityPosition(s, id, depth);
    positionMemo.set(id, p);
  }
  return p;
}

function computeEntityPosition(s: WorldState, id: string, depth: number): Vec3 {
  const e = s.entities.get(id);
  if (!e) throw new Error(`no entity "${id}"`);
  if (depth > 32) throw new Error(`placement chain too deep at "${id}"`);
  if (e.heldBy !== null) {
    const robot = s.robots.get(e.heldBy);
    if (robot) return eePosition(robot);
    const person = s.people.get(e.heldBy);
    if (person) return { x: person.position.x, y: person.position.y, z: PERSON_HOLD_Z };
  }
  if (e.placement) {
    const surface = surfaceOf(s, e.placement.target, depth + 1);
    if (surface) {
      const lift = e.info.receptacle ? e.size.h : e.size.h / 2;
      return { x: surface.position.x + e.offset.x, y: surface.position.y + e.offset.y, z: surface.position.z + lift };
    }
  }
  return e.fixed ? { ...e.fixed } : { x: 0, y: 0, z: 0 };
}

/** Position of any id: entity, region, room centre, robot base, person. */
export function anyPosition(s: WorldState, id: string): Vec3 | undefined {
  if (s.entities.has(id)) return entityPosition(s, id);
  const surface = surfaceOf(s, id);
  if (surface) return surface.position;
  const robot = s.robots.get(id);
  if (robot) return { x: robot.pose.x, y: robot.pose.y, z: 0 };
  const person = s.people.get(id);
  if (person) return { x: person.position.x, y: person.position.y, z: 0 };
  return undefined;
}

export function roomAt(s: WorldState, p: Vec2): string | null {
  for (const room of s.scene.rooms) {
    const r = room.rect;
    if (p.x >= r.x && p.x <= r.x + r.w && p.y >= r.y && p.y <= r.y + r.d) return room.id;
  }
  return null;
}

export interface Openable {
  id: string;
  /** The closed position the handle is measured from. */
  base: Vec3;
  front: Vec2;
  /** Half the footprint along the front direction plus a grip gap. */
  rest: number;
  openness: number;
  set(openness: number): void;
}

/** What regions and entities share when they open: a front, a footprint, an openness and a state. */
interface OpenablePart {
  front: Vec2;
  size: { w: number; d: number };
  openness: number;
  state: { open?: boolean };
}

export function openableOf(s: WorldState, id: string): Openable | undefined {
  const region = s.regions.get(id);
  if (region?.openable) return openableView(id, regionBase(s, region), region);
  const e = s.entities.get(id);
  if (e?.info.openable) return openableView(id, entityPosition(s, id), e);
  return undefined;
}

function openableView(id: string, base: Vec3, part: OpenablePart): Openable {
  return {
    id,
    base,
    front: part.front,
    rest: halfExtent(part.size, part.front) + 0.02,
    openness: part.openness,
    set: (o) => {
      part.openness = o;
      part.state.open = o > 0.5;
    },
  };
}

function halfExtent(size: { w: number; d: number }, front: Vec2): number {
  return Math.abs(front.x) > 0.5 ? size.w / 2 : size.d / 2;
}

/** Doors, lids and drawers have handles; books and laptops open but are not handled that way. */
export function hasHandle(e: EntityRec): boolean {
  return e.info.openable && e.heldBy === null && (!e.info.pickupable || e.info.receptacle === 'container');
}

export function openableIds(s: WorldState): string[] {
  const out: string[] = [];
  for (const e of s.entities.values()) if (hasHandle(e)) out.push(e.id);
  for (const r of s.regions.values()) if (r.openable) out.push(r.id);
  return out;
}

export function handlePosition(o: Openable): Vec3 {
  const d = o.rest + o.openness * OPEN_TRAVEL;
  return { x: o.base.x + o.front.x * d, y: o.base.y + o.front.y * d, z: o.base.z };
}

export function buttonPosition(s: WorldState, e: EntityRec): Vec3 {
  const p = entityPosition(s, e.id);
  if (e.info.role === 'faucet') return p;
  return { x: p.x + e.front.x * 0.1, y: p.y + e.front.y * 0.1, z: p.z };
}

/** True when a target (entity or region) is a closed openable, or a region of a closed entity. */
export function isClosedReceptacle(s: WorldState, id: string): boolean {
  const region = s.regions.get(id);
  if (region) {
    if (region.openable) return region.state.open !== true;
    const owner = s.entities.get(region.owner);
    return owner?.info.openable === true && owner.state.open !== true;
  }
  const e = s.entities.get(id);
  return e?.info.openable === true && e.state.open !== true && e.info.receptacle === 'container';
}

function isTransparent(s: WorldState, id: string): boolean {
  const owner = s.regions.get(id)?.owner ?? id;
  return s.entities.get(owner)?.info.transparent === true;
}

/**
 * Whether something encloses the entity in a closed container up its placement chain. With
 * `seeThrough`, transparent containers (a microwave door) do not hide it.
 */
export function isEnclosed(s: WorldState, id: string, seeThrough: boolean): boolean {
  let cur = s.entities.get(id);
  for (let i = 0; cur && i < 32; i++) {
    if (cur.heldBy !== null || !cur.placement) return false;
    const t = cur.placement.target;
    if (cur.placement.relation === 'in' && isClosedReceptacle(s, t) && !(seeThrough && isTransparent(s, t))) return true;
    cur = s.entities.get(s.regions.get(t)?.owner ?? t);
  }
  return false;
}

/** The entity a placement target belongs to (a region's owner), or the target itself. */
export function ownerOf(s: WorldState, target: string): string {
  return s.regions.get(target)?.owner ?? target;
}

/** Every entity resting (transitively) on or in `id` or one of its regions. */
export function contentsOf(s: WorldState, id: string): EntityRec[] {
  const out: EntityRec[] = [];
  const frontier = [id];
  while (frontier.length > 0) {
    const cur = frontier.pop()!;
    for (const e of s.entities.values()) {
      if (e.placement && e.heldBy === null && ownerOf(s, e.placement.target) === cur && !out.includes(e)) {
        out.push(e);
        frontier.push(e.id);
      }
    }
  }
  return out;
}
