import { distance, planarDistance } from '../domain/geometry.js';
import type { Vec3 } from '../domain/geometry.js';
import {
  OPEN_TRAVEL,
  buttonPosition,
  contentsOf,
  eePosition,
  entityPosition,
  handlePosition,
  isClosedReceptacle,
  isEnclosed,
  openableIds,
  openableOf,
  ownerOf,
  roomAt,
  surfaceOf,
} from './geom.js';
import type { Surface } from './geom.js';
import { EE_Z_MAX, LIMITS } from './state.js';
import type { RobotRec, WorldState } from './state.js';

export const GRASP_RADIUS = 0.06;
export const PRESS_RADIUS = 0.08;
export const SLICE_RADIUS = 0.08;
export const HANDOVER_RADIUS = 0.5;
export const GRIPPER_RATE = 4.0;
export const GRASP_BELOW = 0.3;
export const RELEASE_ABOVE = 0.5;
/** Fingers stop on what they hold, so the aperture stays this open while holding. */
export const HOLD_APERTURE = 0.2;

const clamp01 = (v: number): number => Math.min(1, Math.max(0, v));

function clampNorm(x: number, y: number, max: number): [number, number] {
  const n = Math.hypot(x, y);
  return n > max && n > 0 ? [(x * max) / n, (y * max) / n] : [x, y];
}

/** Integrates one robot's held command over dt, then applies the interaction rules. */
export function stepRobot(s: WorldState, r: RobotRec, dt: number): void {
  const cmd = r.cmd;
  if (r.kind === 'mobile_manipulator' && cmd.base) {
    const [vx, vy] = clampNorm(finite(cmd.base.vx), finite(cmd.base.vy), LIMITS.maxBaseSpeed);
    const wz = Math.max(-LIMITS.maxBaseTurnRate, Math.min(LIMITS.maxBaseTurnRate, finite(cmd.base.wz)));
    r.pose = { x: r.pose.x + vx * dt, y: r.pose.y + vy * dt, theta: wrapAngle(r.pose.theta + wz * dt) };
  }
  r.eeVz = 0;
  if (cmd.ee) {
    let { vx, vy, vz } = { vx: finite(cmd.ee.vx), vy: finite(cmd.ee.vy), vz: finite(cmd.ee.vz) };
    const n = Math.hypot(vx, vy, vz);
    if (n > LIMITS.maxEeSpeed) {
      vx = (vx * LIMITS.maxEeSpeed) / n;
      vy = (vy * LIMITS.maxEeSpeed) / n;
      vz = (vz * LIMITS.maxEeSpeed) / n;
    }
    const [ox, oy] = clampNorm(r.eeOff.x + vx * dt, r.eeOff.y + vy * dt, r.reach);
    const oz = Math.min(EE_Z_MAX, Math.max(0, r.eeOff.z + vz * dt));
    r.eeVz = (oz - r.eeOff.z) / dt;
    r.eeOff = { x: ox, y: oy, z: oz };
  }
  if (cmd.gripper !== undefined && Number.isFinite(cmd.gripper)) r.apertureTarget = clamp01(cmd.gripper);
  const prev = r.aperture;
  const delta = r.apertureTarget - r.aperture;
  const stepMax = GRIPPER_RATE * dt;
  r.aperture = clamp01(r.aperture + Math.max(-stepMax, Math.min(stepMax, delta)));
  if (prev >= GRASP_BELOW && r.aperture < GRASP_BELOW && r.holding === null) grasp(s, r);
  if (r.holding !== null && r.aperture < HOLD_APERTURE) r.aperture = HOLD_APERTURE;
  if (prev <= RELEASE_ABOVE && r.aperture > RELEASE_ABOVE && r.holding !== null) release(s, r);
  if (r.holding?.kind === 'handle') dragHandle(s, r);
  const press = cmd.press === true;
  if (press && !r.prevPress) pressButton(s, r);
  r.prevPress = press;
  if (r.eeVz < 0) slice(s, r);
}

function finite(v: number): number {
  return Number.isFinite(v) ? v : 0;
}

function wrapAngle(a: number): number {
  return Math.atan2(Math.sin(a), Math.cos(a));
}

function grasp(s: WorldState, r: RobotRec): void {
  const ee = eePosition(r);
  let best: { id: string; d: number } | null = null;
  for (const e of s.entities.values()) {
    if (!e.info.pickupable || e.heldBy !== null || isEnclosed(s, e.id, false)) continue;
    const d = distance(ee, entityPosition(s, e.id));
    if (d <= GRASP_RADIUS && (!best || d < best.d)) best = { id: e.id, d };
  }
  if (best) {
    const e = s.entities.get(best.id)!;
    e.heldBy = r.id;
    e.placement = null;
    r.holding = { kind: 'object', id: e.id };
    return;
  }
  let handle: { id: string; d: number; rest: number } | null = null;
  for (const id of openableIds(s)) {
    const o = openableOf(s, id);
    if (!o) continue;
    const d = distance(ee, handlePosition(o));
    if (d <= GRASP_RADIUS && (!handle || d < handle.d)) handle = { id, d, rest: o.rest };
  }
  if (handle) {
    r.holding = { kind: 'handle', id: handle.id };
    r.handleRest = handle.rest;
  }
}

function dragHandle(s: WorldState, r: RobotRec): void {
  const o = r.holding ? openableOf(s, r.holding.id) : undefined;
  if (!o) return;
  o.set(clamp01((planarDistance(eePosition(r), o.base) - r.handleRest) / OPEN_TRAVEL));
}

/**
 * Picks the receptacle under the end effector: a region beats its owner, something resting on a
 * candidate beats that candidate, then the smallest footprint, then the highest surface.
 */
export function receptacleBelow(s: WorldState, ee: Vec3, exclude: ReadonlySet<string>): Surface | undefined {
  const candidates: Surface[] = [];
  const consider = (id: string): void => {
    if (exclude.has(id)) return;
    const surf = surfaceOf(s, id);
    if (!surf || exclude.has(surf.owner)) return;
    if (s.entities.get(surf.owner)?.heldBy != null) return;
    const p = surf.position;
    if (Math.abs(ee.x - p.x) <= surf.w / 2 && Math.abs(ee.y - p.y) <= surf.d / 2 && p.z <= ee.z + 1e-9) candidates.push(surf);
  };
  for (const id of s.regions.keys()) consider(id);
  for (const e of s.entities.values()) if (e.info.receptacle) consider(e.id);
  // A region beats its owner, and whatever rests on a candidate (a pan on a burner) beats it.
  const shadowed = new Set<string>();
  for (const c of candidates) {
    if (c.isRegion) shadowed.add(c.owner);
    for (const below of supportChain(s, c.owner)) shadowed.add(below);
  }
  const pool = candidates.filter((c) => !shadowed.has(c.id));
  pool.sort((a, b) => a.w * a.d - b.w * b.d || b.position.z - a.position.z || a.id.localeCompare(b.id));
  return pool[0];
}

/** Ids (targets and their owners) under an entity, following placements down. */
function supportChain(s: WorldState, id: string): string[] {
  const out: string[] = [];
  let cur = s.entities.get(id);
  for (let i = 0; cur?.placement && i < 32; i++) {
    const t = cur.placement.target;
    const owner = ownerOf(s, t);
    out.push(t, owner);
    cur = s.entities.get(owner);
  }
  return out;
}

function release(s: WorldState, r: RobotRec): void {
  const held = r.holding;
  r.holding = null;
  if (!held || held.kind === 'handle') return;
  const e = s.entities.get(held.id);
  if (!e) return;
  const ee = eePosition(r);
  for (const p of s.people.values()) {
    if (planarDistance(ee, p.position) <= HANDOVER_RADIUS) {
      e.heldBy = p.id;
      return;
    }
  }
  e.heldBy = null;
  const exclude = new Set<string>([e.id, ...e.regions.map((x) => x.id), ...contentsOf(s, e.id).map((x) => x.id)]);
  let target = receptacleBelow(s, ee, exclude);
  let relation: 'in' | 'on' = target?.kind === 'container' ? 'in' : 'on';
  if (target && isClosedReceptacle(s, target.id)) {
    relation = 'on';
    if (target.isRegion) target = surfaceOf(s, target.owner) ?? target;
  }
  if (!target) {
    const room = roomAt(s, ee) ?? s.scene.rooms[0]!.id;
    target = surfaceOf(s, room)!;
    relation = 'on';
  }
  e.placement = { relation, target: target.id };
  e.offset = { x: ee.x - target.position.x, y: ee.y - target.position.y };
}

function pressButton(s: WorldState, r: RobotRec): void {
  const ee = eePosition(r);
  let best: { id: string; d: number } | null = null;
  for (const e of s.entities.values()) {
    if (!e.info.toggleable || isEnclosed(s, e.id, false)) continue;
    const d = distance(ee, buttonPosition(s, e));
    if (d <= PRESS_RADIUS && (!best || d < best.d)) best = { id: e.id, d };
  }
  if (best) {
    const e = s.entities.get(best.id)!;
    e.state.on = !e.state.on;
  }
}

function slice(s: WorldState, r: RobotRec): void {
  if (r.holding?.kind !== 'object') return;
  const tool = s.entities.get(r.holding.id);
  if (tool?.info.role !== 'knife') return;
  const ee = eePosition(r);
  for (const e of s.entities.values()) {
    if (!e.info.sliceable || e.state.sliced || e.heldBy !== null || isEnclosed(s, e.id, false)) continue;
    const p = entityPosition(s, e.id);
    if (planarDistance(ee, p) <= SLICE_RADIUS && ee.z < p.z + e.size.h / 2) e.state.sliced = true;
  }
}
