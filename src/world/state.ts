import type { RobotAction } from '../domain/action.js';
import type { Attributes, Capability, EntityState } from '../domain/entities.js';
import type { Pose2D, Vec3 } from '../domain/geometry.js';
import { typeInfo } from './catalog.js';
import type { ReceptacleKind, Size3, TypeInfo } from './catalog.js';
import type { Front, Scene, SceneRoom } from './scene-schema.js';

export interface Vec2 {
  x: number;
  y: number;
}

export interface RegionRec {
  id: string;
  owner: string;
  kind: ReceptacleKind;
  offset: Vec3;
  size: Size3;
  openable: boolean;
  front: Vec2;
  state: EntityState;
  openness: number;
}

export interface EntityRec {
  id: string;
  type: string;
  info: TypeInfo;
  name: string | undefined;
  attributes: Attributes;
  state: EntityState;
  size: Size3;
  front: Vec2;
  faucet: string | undefined;
  /** Absolute position for entities the scene pins; null when it rests on/in something or is held. */
  fixed: Vec3 | null;
  placement: { relation: 'in' | 'on'; target: string } | null;
  /** Planar offset from the placement target's centre. */
  offset: Vec2;
  /** Robot or person holding it. */
  heldBy: string | null;
  openness: number;
  regions: RegionRec[];
  timers: { wash: number; heat: number; cool: number };
  /** States it has been in since the world started (ALFRED's goals ask whether a thing was heated, not whether it still is). */
  reached: Set<ReachedState>;
}

export type ReachedState = 'hot' | 'cold' | 'clean';

export type RobotKind = 'mobile_manipulator' | 'fixed_arm';

export interface RobotRec {
  id: string;
  kind: RobotKind;
  capabilities: Capability[];
  pose: Pose2D;
  /** End effector: planar offset from the base (world axes), absolute z. */
  eeOff: Vec3;
  reach: number;
  aperture: number;
  apertureTarget: number;
  holding: { kind: 'object' | 'handle'; id: string } | null;
  /** Planar ee distance from the openable's closed position at openness 0 (set on handle grasp). */
  handleRest: number;
  cmd: RobotAction;
  prevPress: boolean;
  /** Vertical ee velocity applied on the last step (slicing needs a downward cut). */
  eeVz: number;
}

export interface PersonRec {
  id: string;
  name: string;
  room: string;
  position: Vec2;
}

export interface WorldState {
  scene: Scene;
  rooms: Map<string, SceneRoom>;
  entities: Map<string, EntityRec>;
  regions: Map<string, RegionRec>;
  robots: Map<string, RobotRec>;
  people: Map<string, PersonRec>;
  simTime: number;
}

export const REACH: Readonly<Record<RobotKind, number>> = { mobile_manipulator: 0.9, fixed_arm: 1.3 };
export const VIEW_RANGE: Readonly<Record<RobotKind, number>> = { mobile_manipulator: 8, fixed_arm: 2.5 };
export const LIMITS = { maxBaseSpeed: 0.6, maxBaseTurnRate: 1.5, maxEeSpeed: 0.5 } as const;
export const EE_Z_MAX = 1.6;

export function frontVector(front: Front): Vec2 {
  switch (front) {
    case '+x':
      return { x: 1, y: 0 };
    case '-x':
      return { x: -1, y: 0 };
    case '+y':
      return { x: 0, y: 1 };
    case '-y':
      return { x: 0, y: -1 };
  }
}

/** Builds the mutable world state from a validated scene. */
export function buildState(scene: Scene): WorldState {
  const entities = new Map<string, EntityRec>();
  const regions = new Map<string, RegionRec>();
  for (const e of scene.entities) {
    const info = typeInfo(e.type);
    if (!info) throw new Error(`unknown type ${e.type}`);
    const state: EntityState = { ...info.defaultState, ...e.state };
    const rec: EntityRec = {
      id: e.id,
      type: e.type,
      info,
      name: e.name,
      attributes: { ...e.attributes },
      state,
      size: { ...info.defaultSize, ...e.size },
      front: frontVector(e.front),
      faucet: e.faucet,
      fixed: e.position ? { ...e.position } : null,
      placement: e.placement ? { relation: e.placement.relation, target: e.placement.target } : null,
      offset: e.placement?.offset ? { ...e.placement.offset } : { x: 0, y: 0 },
      heldBy: null,
      openness: state.open ? 1 : 0,
      regions: [],
      timers: { wash: 0, heat: 0, cool: 0 },
      reached: new Set(),
    };
    for (const r of e.regions) {
      const rstate: EntityState = { ...r.state };
      if (r.openable && rstate.open === undefined) rstate.open = false;
      const region: RegionRec = {
        id: r.id,
        owner: e.id,
        kind: r.kind,
        offset: { ...r.offset },
        size: { w: r.size.w, d: r.size.d, h: r.size.h },
        openable: r.openable,
        front: frontVector(r.front ?? e.front),
        state: rstate,
        openness: rstate.open ? 1 : 0,
      };
      rec.regions.push(region);
      regions.set(r.id, region);
    }
    entities.set(e.id, rec);
  }
  layoutUnplaced(scene, entities, regions);
  const robots = new Map<string, RobotRec>();
  for (const r of scene.robots) {
    robots.set(r.id, {
      id: r.id,
      kind: r.kind,
      capabilities: [...r.capabilities],
      pose: { ...r.pose },
      eeOff: r.ee ? { ...r.ee } : { x: 0.3 * Math.cos(r.pose.theta), y: 0.3 * Math.sin(r.pose.theta), z: 1.0 },
      reach: REACH[r.kind],
      aperture: 1,
      apertureTarget: 1,
      holding: null,
      handleRest: 0,
      cmd: {},
      prevPress: false,
      eeVz: 0,
    });
  }
  const people = new Map<string, PersonRec>();
  for (const p of scene.people) people.set(p.id, { id: p.id, name: p.name, room: p.room, position: { ...p.position } });
  return { scene, rooms: new Map(scene.rooms.map((r) => [r.id, r])), entities, regions, robots, people, simTime: 0 };
}

/** Spreads things placed without an offset over their target's footprint in a grid, in scene order. */
function layoutUnplaced(scene: Scene, entities: Map<string, EntityRec>, regions: Map<string, RegionRec>): void {
  const groups = new Map<string, EntityRec[]>();
  for (const e of scene.entities) {
    if (!e.placement || e.placement.offset) continue;
    const rec = entities.get(e.id);
    if (!rec) continue;
    const list = groups.get(e.placement.target) ?? [];
    list.push(rec);
    groups.set(e.placement.target, list);
  }
  for (const [target, list] of groups) {
    const room = scene.rooms.find((r) => r.id === target);
    const size = room
      ? { w: room.rect.w * 0.6, d: room.rect.d * 0.6 }
      : (regions.get(target)?.size ?? entities.get(target)?.size ?? { w: 0.5, d: 0.5 });
    const cols = Math.ceil(Math.sqrt(list.length));
    const rows = Math.ceil(list.length / cols);
    list.forEach((rec, k) => {
      const col = k % cols;
      const row = Math.floor(k / cols);
      rec.offset = { x: ((col + 0.5) / cols - 0.5) * size.w, y: ((row + 0.5) / rows - 0.5) * size.d };
    });
  }
}

/**
 * A copy of the mutable state that shares only what never changes (the scene, rooms, type info):
 * the world's fork. Each record's nested objects are copied, so the copy and the original evolve apart.
 */
export function cloneState(s: WorldState): WorldState {
  const entities = new Map<string, EntityRec>();
  const regions = new Map<string, RegionRec>();
  for (const e of s.entities.values()) {
    const own = e.regions.map((r) => ({ ...r, offset: { ...r.offset }, size: { ...r.size }, front: { ...r.front }, state: { ...r.state } }));
    for (const r of own) regions.set(r.id, r);
    entities.set(e.id, {
      ...e,
      attributes: { ...e.attributes },
      state: { ...e.state },
      size: { ...e.size },
      front: { ...e.front },
      fixed: e.fixed ? { ...e.fixed } : null,
      placement: e.placement ? { ...e.placement } : null,
      offset: { ...e.offset },
      regions: own,
      timers: { ...e.timers },
    });
  }
  const robots = new Map<string, RobotRec>();
  for (const r of s.robots.values()) {
    const cmd: RobotAction = { ...r.cmd, ...(r.cmd.base ? { base: { ...r.cmd.base } } : {}), ...(r.cmd.ee ? { ee: { ...r.cmd.ee } } : {}) };
    robots.set(r.id, { ...r, capabilities: [...r.capabilities], pose: { ...r.pose }, eeOff: { ...r.eeOff }, holding: r.holding ? { ...r.holding } : null, cmd });
  }
  const people = new Map([...s.people].map(([id, p]) => [id, { ...p, position: { ...p.position } }] as const));
  return { scene: s.scene, rooms: s.rooms, entities, regions, robots, people, simTime: s.simTime };
}
