import { planarDistance, distance, type Vec3 } from '../../domain/geometry.js';
import type { StaticMap } from '../../robots/world-port.js';
import { PolicyFailure, type PolicyContext, type Prog } from './context.js';

type XY = { x: number; y: number };
const BASE_GAIN = 0.8;
const EE_GAIN = 0.7;

/** Drives the base to a goal (re-read every step), through the doors of the static map when the goal is in another room. */
export function* driveTo(ctx: PolicyContext, goal: () => XY | null, tol = 0.05, maxSeconds = 90): Prog {
  if (ctx.kind === 'fixed_arm') return;
  const first = goal();
  if (!first) throw new PolicyFailure('object_not_found', 'lost sight of the navigation goal');
  const from = ctx.obs.room ?? roomAt(ctx.map, ctx.obs.pose);
  const to = roomAt(ctx.map, first);
  const waypoints = from && to && from !== to ? doorPath(ctx.map, from, to) : [];
  const start = ctx.obs.simTime;
  for (;;) {
    const g = waypoints[0] ?? goal();
    if (!g) throw new PolicyFailure('object_not_found', 'lost sight of the navigation goal');
    const d = planarDistance(ctx.obs.pose, g);
    if (waypoints.length > 0 && d < 0.12) {
      waypoints.shift();
      continue;
    }
    if (waypoints.length === 0 && d < tol) return;
    if (ctx.obs.simTime - start > maxSeconds) throw new PolicyFailure('executor_error', 'navigation did not converge');
    const k = Math.min(1, (0.95 * ctx.limits.maxBaseSpeed) / Math.max(1e-9, (d * BASE_GAIN) / ctx.dt));
    const vx = ((g.x - ctx.obs.pose.x) * BASE_GAIN * k) / ctx.dt;
    const vy = ((g.y - ctx.obs.pose.y) * BASE_GAIN * k) / ctx.dt;
    yield ctx.action({ base: { vx, vy, wz: 0 } });
  }
}

/** A base position `dist` from a target, on the robot's side of it (or on `side` when given). */
export function standoff(ctx: PolicyContext, target: XY, dist: number, side?: XY): XY {
  const ux = side ? side.x : ctx.obs.pose.x - target.x;
  const uy = side ? side.y : ctx.obs.pose.y - target.y;
  const n = Math.hypot(ux, uy);
  if (n < 1e-6) return { x: target.x, y: target.y - dist };
  return { x: target.x + (ux / n) * dist, y: target.y + (uy / n) * dist };
}

/** Moves the end effector to a target (re-read every step). */
export function* moveEe(ctx: PolicyContext, target: () => Vec3 | null, tol = 0.012, maxSeconds = 15): Prog {
  const start = ctx.obs.simTime;
  for (;;) {
    const t = target();
    if (!t) throw new PolicyFailure('object_not_found', 'lost sight of the manipulation target');
    const goal = { ...t, z: Math.min(1.58, Math.max(0.02, t.z)) };
    const d = distance(ctx.obs.ee, goal);
    if (d < tol) return;
    if (ctx.obs.simTime - start > maxSeconds) throw new PolicyFailure('precondition_unmet', 'manipulation target out of reach');
    const k = Math.min(1, (0.95 * ctx.limits.maxEeSpeed) / Math.max(1e-9, (d * EE_GAIN) / ctx.dt));
    const f = (EE_GAIN * k) / ctx.dt;
    yield ctx.action({ ee: { vx: (goal.x - ctx.obs.ee.x) * f, vy: (goal.y - ctx.obs.ee.y) * f, vz: (goal.z - ctx.obs.ee.z) * f } });
  }
}

export function* setGripper(ctx: PolicyContext, value: number, maxSeconds = 0.8): Prog {
  ctx.gripperTarget = value;
  const start = ctx.obs.simTime;
  do yield ctx.action();
  while (Math.abs(ctx.obs.gripper.aperture - value) > 0.08 && !(value < 0.5 && ctx.obs.gripper.contact) && ctx.obs.simTime - start < maxSeconds);
}

/**
 * Holds still until `pred` holds in `consecutive` observations in a row (detections misread states
 * now and then); false when it did not within `maxSeconds`.
 */
export function* waitFor(ctx: PolicyContext, pred: () => boolean, maxSeconds: number, consecutive = 3): Prog<boolean> {
  const start = ctx.obs.simTime;
  let run = 0;
  for (;;) {
    run = pred() ? run + 1 : 0;
    if (run >= consecutive) return true;
    if (ctx.obs.simTime - start > maxSeconds) return false;
    yield ctx.action();
  }
}

export function* pause(ctx: PolicyContext, seconds: number): Prog {
  const start = ctx.obs.simTime;
  while (ctx.obs.simTime - start < seconds) yield ctx.action();
}

export function roomAt(map: StaticMap, p: XY): string | null {
  const r = map.rooms.find((room) => p.x >= room.rect.x && p.x <= room.rect.x + room.rect.w && p.y >= room.rect.y && p.y <= room.rect.y + room.rect.d);
  return r?.id ?? null;
}

export function roomCentre(map: StaticMap, id: string): XY | null {
  const r = map.rooms.find((room) => room.id === id);
  return r ? { x: r.rect.x + r.rect.w / 2, y: r.rect.y + r.rect.d / 2 } : null;
}

/** Door positions along the fewest-doors path between two rooms (breadth-first over the door graph). */
export function doorPath(map: StaticMap, from: string, to: string): XY[] {
  const prev = new Map<string, { room: string; door: XY }>();
  const queue = [from];
  const seen = new Set([from]);
  while (queue.length > 0) {
    const room = queue.shift() as string;
    if (room === to) break;
    for (const door of map.doors) {
      const [a, b] = door.between;
      const next = a === room ? b : b === room ? a : undefined;
      if (next === undefined || seen.has(next)) continue;
      seen.add(next);
      prev.set(next, { room, door: { x: door.position.x, y: door.position.y } });
      queue.push(next);
    }
  }
  const path: XY[] = [];
  for (let r = to; r !== from; ) {
    const p = prev.get(r);
    if (!p) return [];
    path.unshift(p.door);
    r = p.room;
  }
  return path;
}

/** Rooms in the order a search would visit them: nearest by doors first. */
export function roomsByDoorDistance(map: StaticMap, from: string | null): string[] {
  const all = map.rooms.map((r) => r.id);
  if (!from) return all;
  return [...all].sort((a, b) => (a === from ? -1 : b === from ? 1 : doorPath(map, from, a).length - doorPath(map, from, b).length || a.localeCompare(b)));
}
