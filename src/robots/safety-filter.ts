import { RobotActionSchema, type ActionLimits, type RobotAction } from '../domain/action.js';
import type { ApplyResult } from '../domain/robot.js';
import type { Pose2D, Vec3 } from '../domain/geometry.js';
import type { RobotKind } from './world-port.js';

/** Axis-aligned planar bounds the base must stay in (usually the union of the map's rooms). */
export interface Workspace {
  minX: number;
  maxX: number;
  minY: number;
  maxY: number;
}

export interface SafetyFilterConfig {
  kind: RobotKind;
  limits: ActionLimits;
  workspace?: Workspace;
  /** End-effector height bounds, metres. */
  eeZ?: readonly [number, number];
}

/** Where the robot is now, so the filter can check where an action would take it. */
export interface RobotStateForFilter {
  pose: Pose2D;
  ee: Vec3;
  dt: number;
}

type Rejection = Extract<ApplyResult, { status: 'rejected' }>;

// Unknown fields are malformed rather than silently dropped: a policy sending `teleport` is broken.
const StrictActionSchema = RobotActionSchema.extend({
  base: RobotActionSchema.shape.base.unwrap().strict().optional(),
  ee: RobotActionSchema.shape.ee.unwrap().strict().optional(),
}).strict();

const EE_Z_DEFAULT: readonly [number, number] = [0, 1.6];

/**
 * Every action passes here before it reaches a robot. Pure: the same action and state give the same
 * result. Rejects what cannot be made safe (malformed, non-finite, base motion on a fixed arm, base
 * leaving the workspace); clamps what can (speeds, gripper range, end-effector height).
 */
export class SafetyFilter {
  constructor(readonly config: SafetyFilterConfig) {}

  check(action: unknown, state?: RobotStateForFilter): ApplyResult {
    const nonFinite = findNonFinite(action);
    if (nonFinite) return reject('not_finite', `action field ${nonFinite} is not a finite number`);
    const parsed = StrictActionSchema.safeParse(action);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return reject('malformed', `malformed action at ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`);
    }
    const a: RobotAction = parsed.data;
    if (a.base && this.config.kind === 'fixed_arm' && (a.base.vx !== 0 || a.base.vy !== 0 || a.base.wz !== 0)) {
      return reject('not_allowed', 'a fixed arm has no base motion');
    }
    const limited = clampSpeeds(a, this.config.limits);
    const out: RobotAction = {};
    let clamped = limited.clamped;

    // A fixed arm's zero base is dropped rather than passed on.
    const base = this.config.kind === 'fixed_arm' ? undefined : limited.action.base;
    if (base) {
      out.base = base;
      const ws = this.config.workspace;
      if (ws && state && (base.vx !== 0 || base.vy !== 0)) {
        const nx = state.pose.x + base.vx * state.dt;
        const ny = state.pose.y + base.vy * state.dt;
        const inside = (x: number, y: number) => x >= ws.minX && x <= ws.maxX && y >= ws.minY && y <= ws.maxY;
        // Moving back in from outside is allowed; leaving is not.
        if (!inside(nx, ny) && inside(state.pose.x, state.pose.y)) {
          return reject('outside_workspace', `base would leave the workspace at (${nx.toFixed(2)}, ${ny.toFixed(2)})`);
        }
      }
    }
    const ee = limited.action.ee;
    if (ee) {
      let vz = ee.vz;
      if (state) {
        const [zMin, zMax] = this.config.eeZ ?? EE_Z_DEFAULT;
        const nz = state.ee.z + vz * state.dt;
        if (nz > zMax && vz > 0) {
          vz = Math.max(0, (zMax - state.ee.z) / state.dt);
          clamped = true;
        } else if (nz < zMin && vz < 0) {
          vz = Math.min(0, (zMin - state.ee.z) / state.dt);
          clamped = true;
        }
      }
      out.ee = { vx: ee.vx, vy: ee.vy, vz };
    }
    if (a.gripper !== undefined) {
      const g = Math.min(1, Math.max(0, a.gripper));
      clamped ||= g !== a.gripper;
      out.gripper = g;
    }
    if (a.press !== undefined) out.press = a.press;
    return { status: 'applied', clamped, action: out };
  }
}

/** Whether an action would pass the filter's shape checks (finite numbers, no unknown fields). */
export function isWellFormedAction(action: unknown): action is RobotAction {
  return findNonFinite(action) === null && StrictActionSchema.safeParse(action).success;
}

function reject(reason: Rejection['reason'], message: string): Rejection {
  return { status: 'rejected', reason, message };
}

/**
 * Speeds scaled down to the limits, keeping each motion's direction: planar base speed, turn rate
 * and end-effector speed. Other fields pass unchanged.
 */
export function clampSpeeds(a: RobotAction, limits: ActionLimits): { action: RobotAction; clamped: boolean } {
  const out: RobotAction = { ...a };
  let clamped = false;
  if (a.base) {
    const lin = scale2(a.base.vx, a.base.vy, limits.maxBaseSpeed);
    const wz = clampAbs(a.base.wz, limits.maxBaseTurnRate);
    clamped ||= lin.clamped || wz !== a.base.wz;
    out.base = { vx: lin.x, vy: lin.y, wz };
  }
  if (a.ee) {
    const n = Math.hypot(a.ee.vx, a.ee.vy, a.ee.vz);
    const k = n > limits.maxEeSpeed ? limits.maxEeSpeed / n : 1;
    clamped ||= k < 1;
    out.ee = { vx: a.ee.vx * k, vy: a.ee.vy * k, vz: a.ee.vz * k };
  }
  return { action: out, clamped };
}

/** Per field, the lower of a robot's own limits and configured ones: configuration can tighten, never loosen. */
export function tighterLimits(own: ActionLimits, configured: Partial<ActionLimits> | undefined): ActionLimits {
  return {
    maxBaseSpeed: Math.min(own.maxBaseSpeed, configured?.maxBaseSpeed ?? Infinity),
    maxBaseTurnRate: Math.min(own.maxBaseTurnRate, configured?.maxBaseTurnRate ?? Infinity),
    maxEeSpeed: Math.min(own.maxEeSpeed, configured?.maxEeSpeed ?? Infinity),
  };
}

function findNonFinite(action: unknown): string | null {
  if (typeof action !== 'object' || action === null) return null;
  const rec = action as Record<string, unknown>;
  for (const group of ['base', 'ee'] as const) {
    const g = rec[group];
    if (typeof g !== 'object' || g === null) continue;
    for (const [k, v] of Object.entries(g as Record<string, unknown>)) {
      if (typeof v === 'number' && !Number.isFinite(v)) return `${group}.${k}`;
    }
  }
  if (typeof rec.gripper === 'number' && !Number.isFinite(rec.gripper)) return 'gripper';
  return null;
}

function clampAbs(v: number, max: number): number {
  return Math.max(-max, Math.min(max, v));
}

function scale2(x: number, y: number, max: number): { x: number; y: number; clamped: boolean } {
  const n = Math.hypot(x, y);
  if (n <= max) return { x, y, clamped: false };
  return { x: (x * max) / n, y: (y * max) / n, clamped: true };
}

/** The planar bounds of a map's rooms, grown by a margin; a sensible default workspace. */
export function workspaceOfRooms(rooms: readonly { rect: { x: number; y: number; w: number; d: number } }[], margin = 0.5): Workspace | undefined {
  if (rooms.length === 0) return undefined;
  let minX = Infinity,
    maxX = -Infinity,
    minY = Infinity,
    maxY = -Infinity;
  for (const { rect } of rooms) {
    minX = Math.min(minX, rect.x);
    maxX = Math.max(maxX, rect.x + rect.w);
    minY = Math.min(minY, rect.y);
    maxY = Math.max(maxY, rect.y + rect.d);
  }
  return { minX: minX - margin, maxX: maxX + margin, minY: minY - margin, maxY: maxY + margin };
}
