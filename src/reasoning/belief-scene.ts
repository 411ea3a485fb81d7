import type { Attributes, EntityState } from '../domain/entities.js';
import type { Vec3 } from '../domain/geometry.js';
import { typeInfo } from '../world/catalog.js';
import { BeliefState } from './belief.js';
import type { BeliefEntity } from './belief.js';

/** The parts of a scene file this helper reads (structurally the world's `Scene`). */
export interface SceneLike {
  rooms: { id: string; name?: string; rect: { x: number; y: number; w: number; d: number } }[];
  entities: {
    id: string;
    type: string;
    name?: string;
    attributes: Attributes;
    state: EntityState;
    position?: Vec3;
    placement?: { relation: 'in' | 'on'; target: string; offset?: { x: number; y: number } };
    size?: { w: number; d: number; h: number };
    regions: { id: string; kind: 'surface' | 'container'; offset: Vec3; openable: boolean; state: EntityState }[];
  }[];
  robots: { id: string; pose: { x: number; y: number } }[];
  people: { id: string; name: string; room: string; position: { x: number; y: number } }[];
}

/**
 * A belief state as if every robot had looked everywhere it can see: every entity that is not
 * inside a closed container is "seen" (at simTime 0); closed containers stay unknown. For tests
 * and benchmarks that need a belief without running the simulator.
 */
export function beliefFromScene(scene: SceneLike): BeliefState {
  const byId = new Map(scene.entities.map((e) => [e.id, e]));
  const regionOwner = new Map<string, string>();
  for (const e of scene.entities) for (const r of e.regions) regionOwner.set(r.id, e.id);
  const rooms = new Map(scene.rooms.map((r) => [r.id, r]));

  const positions = new Map<string, Vec3>();
  const positionOf = (id: string, depth = 0): Vec3 => {
    const known = positions.get(id);
    if (known) return known;
    let p: Vec3 = { x: 0, y: 0, z: 0 };
    const e = byId.get(id);
    const owner = regionOwner.get(id);
    const room = rooms.get(id);
    if (e?.position) p = { ...e.position };
    else if (e?.placement && depth < 8) {
      const base = positionOf(e.placement.target, depth + 1);
      p = { x: base.x + (e.placement.offset?.x ?? 0), y: base.y + (e.placement.offset?.y ?? 0), z: base.z + 0.05 };
    } else if (owner !== undefined && depth < 8) {
      const base = positionOf(owner, depth + 1);
      const r = byId.get(owner)?.regions.find((x) => x.id === id);
      p = { x: base.x + (r?.offset.x ?? 0), y: base.y + (r?.offset.y ?? 0), z: base.z + (r?.offset.z ?? 0) };
    } else if (room) p = { x: room.rect.x + room.rect.w / 2, y: room.rect.y + room.rect.d / 2, z: 0 };
    positions.set(id, p);
    return p;
  };
  const roomOf = (p: Vec3): string | null =>
    scene.rooms.find((r) => p.x >= r.rect.x && p.x <= r.rect.x + r.rect.w && p.y >= r.rect.y && p.y <= r.rect.y + r.rect.d)?.id ?? null;

  const isClosed = (id: string): boolean => {
    const e = byId.get(id);
    if (e) {
      const info = typeInfo(e.type);
      const open = e.state.open ?? info?.defaultState.open;
      return Boolean(info?.openable && info.receptacle === 'container' && open !== true && !info.transparent);
    }
    const owner = regionOwner.get(id);
    const r = owner !== undefined ? byId.get(owner)?.regions.find((x) => x.id === id) : undefined;
    return Boolean(r?.openable && r.state.open !== true);
  };
  const hidden = (id: string, depth = 0): boolean => {
    const t = byId.get(id)?.placement;
    if (!t || depth > 8) return false;
    if (t.relation === 'in' && isClosed(t.target)) return true;
    const next = byId.has(t.target) ? t.target : regionOwner.get(t.target);
    return next !== undefined && hidden(next, depth + 1);
  };

  const belief = new BeliefState();
  for (const r of scene.rooms) {
    belief.rooms.push({ id: r.id, name: r.name ?? r.id, center: { x: r.rect.x + r.rect.w / 2, y: r.rect.y + r.rect.d / 2 } });
    belief.markRoomVisited(r.id);
  }
  for (const e of scene.entities) {
    if (hidden(e.id)) continue;
    const info = typeInfo(e.type);
    const position = positionOf(e.id);
    const entity: BeliefEntity = {
      id: e.id,
      type: e.type,
      ...(e.name ? { name: e.name } : {}),
      attributes: { ...e.attributes },
      state: { ...(info?.defaultState ?? {}), ...e.state },
      placement: e.placement ? { relation: e.placement.relation, target: e.placement.target } : null,
      heldBy: null,
      position,
      room: roomOf(position),
      lastSeen: 0,
      seenBy: ['scene'],
      regions: e.regions.map((r) => ({ id: r.id, kind: r.kind, position: positionOf(r.id), openable: r.openable, state: { ...r.state } })),
      fixture: !(info?.pickupable ?? false),
    };
    const size = e.size ?? (entity.fixture ? info?.defaultSize : undefined);
    if (entity.fixture && size) entity.size = { ...size };
    belief.entities.set(e.id, entity);
    if (!isClosed(e.id)) belief.markSeenInside(e.id);
    for (const r of e.regions) if (!isClosed(r.id)) belief.markSeenInside(r.id);
  }
  for (const r of scene.robots) belief.robots.set(r.id, { id: r.id, position: { x: r.pose.x, y: r.pose.y }, room: roomOf({ x: r.pose.x, y: r.pose.y, z: 0 }), holding: null, lastSeen: 0 });
  for (const p of scene.people) belief.people.set(p.id, { id: p.id, name: p.name, room: p.room, position: { ...p.position } });
  return belief;
}
