import type { Attributes, Capability, EntityState, Placement } from '../domain/entities.js';
import type { Pose2D, Vec3 } from '../domain/geometry.js';
import { buttonPosition, eePosition, entityPosition, handlePosition, openableOf, regionPosition, roomAt } from './geom.js';
import type { WorldState } from './state.js';

export interface RegionSnapshot {
  id: string;
  owner: string;
  kind: 'surface' | 'container';
  position: Vec3;
  size: { w: number; d: number; h: number };
  openable: boolean;
  state: EntityState;
}

export interface EntitySnapshot {
  id: string;
  type: string;
  name?: string;
  attributes: Attributes;
  state: EntityState;
  placement: Placement | null;
  heldBy: string | null;
  position: Vec3;
  size: { w: number; d: number; h: number };
  room: string | null;
  pickupable: boolean;
  regions: RegionSnapshot[];
  /** States it has been in since the world started (`hot`, `cold`, `clean`), when any. */
  reached?: string[];
}

export interface WorldSnapshot {
  scene: string;
  kind: 'house' | 'tabletop';
  simTime: number;
  entities: EntitySnapshot[];
  robots: { id: string; kind: string; pose: Pose2D; ee: Vec3; aperture: number; holding: string | null; room: string | null; capabilities: Capability[] }[];
  people: { id: string; name: string; room: string; position: { x: number; y: number }; holding: string[] }[];
}

function regions(s: WorldState, id: string): RegionSnapshot[] {
  const e = s.entities.get(id)!;
  return e.regions.map((r) => ({
    id: r.id,
    owner: r.owner,
    kind: r.kind,
    position: regionPosition(s, r),
    size: { ...r.size },
    openable: r.openable,
    state: { ...r.state },
  }));
}

/** Ground truth as plain JSON (tests and the benchmark only). */
export function snapshot(s: WorldState): WorldSnapshot {
  const entities: EntitySnapshot[] = [...s.entities.values()].map((e) => {
    const position = entityPosition(s, e.id);
    return {
      id: e.id,
      type: e.type,
      ...(e.name ? { name: e.name } : {}),
      attributes: { ...e.attributes },
      state: { ...e.state },
      placement: e.placement ? { ...e.placement } : null,
      heldBy: e.heldBy,
      position,
      size: { ...e.size },
      room: roomAt(s, position),
      pickupable: e.info.pickupable,
      regions: regions(s, e.id),
      ...(e.reached.size > 0 ? { reached: [...e.reached].sort() } : {}),
    };
  });
  return {
    scene: s.scene.name,
    kind: s.scene.kind,
    simTime: s.simTime,
    entities,
    robots: [...s.robots.values()].map((r) => ({
      id: r.id,
      kind: r.kind,
      pose: { ...r.pose },
      ee: eePosition(r),
      aperture: r.aperture,
      holding: r.holding?.kind === 'object' ? r.holding.id : null,
      room: roomAt(s, r.pose),
      capabilities: [...r.capabilities],
    })),
    people: [...s.people.values()].map((p) => ({
      id: p.id,
      name: p.name,
      room: p.room,
      position: { ...p.position },
      holding: [...s.entities.values()].filter((e) => e.heldBy === p.id).map((e) => e.id),
    })),
  };
}

export interface StaticFixture {
  id: string;
  type: string;
  name?: string;
  room: string | null;
  position: Vec3;
  size: { w: number; d: number; h: number };
  receptacle: 'surface' | 'container' | null;
  openable: boolean;
  toggleable: boolean;
  /** Handle (openables, closed) and button (toggleables) positions a prior map would know. */
  handle?: Vec3;
  button?: Vec3;
  /** Drawers (openable regions) carry their closed handle position and the unit vector they slide along. */
  regions: {
    id: string;
    kind: 'surface' | 'container';
    position: Vec3;
    size: { w: number; d: number };
    openable: boolean;
    handle?: Vec3;
    front?: { x: number; y: number };
  }[];
}

export interface StaticMap {
  kind: 'house' | 'tabletop';
  rooms: { id: string; name: string; rect: { x: number; y: number; w: number; d: number }; center: { x: number; y: number } }[];
  doors: { id: string; between: [string, string]; position: { x: number; y: number }; width: number }[];
  fixtures: StaticFixture[];
}

/** What a robot's prior map knows: rooms, doors and fixed furniture/appliances, never movable objects. */
export function staticMap(s: WorldState): StaticMap {
  const fixtures: StaticFixture[] = [];
  for (const e of s.entities.values()) {
    if (e.info.pickupable) continue;
    const position = entityPosition(s, e.id);
    const o = openableOf(s, e.id);
    const f: StaticFixture = {
      id: e.id,
      type: e.type,
      ...(e.name ? { name: e.name } : {}),
      room: roomAt(s, position),
      position,
      size: { ...e.size },
      receptacle: e.info.receptacle,
      openable: e.info.openable,
      toggleable: e.info.toggleable,
      regions: e.regions.map((r) => {
        const ro = r.openable ? openableOf(s, r.id) : undefined;
        return {
          id: r.id,
          kind: r.kind,
          position: ro ? ro.base : regionPosition(s, r),
          size: { w: r.size.w, d: r.size.d },
          openable: r.openable,
          ...(ro ? { handle: handlePosition({ ...ro, openness: 0 }), front: { ...r.front } } : {}),
        };
      }),
    };
    if (o) f.handle = handlePosition({ ...o, openness: 0 });
    if (e.info.toggleable) f.button = buttonPosition(s, e);
    fixtures.push(f);
  }
  return {
    kind: s.scene.kind,
    rooms: s.scene.rooms.map((r) => ({
      id: r.id,
      name: r.name ?? r.id,
      rect: { ...r.rect },
      center: { x: r.rect.x + r.rect.w / 2, y: r.rect.y + r.rect.d / 2 },
    })),
    doors: s.scene.doors.map((d, i) => ({ id: d.id ?? `door_${i + 1}`, between: [d.between[0], d.between[1]], position: { ...d.position }, width: d.width })),
    fixtures,
  };
}
