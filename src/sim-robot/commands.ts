import type { RobotAction } from '../domain/action.js';
import type { Pose2D, Vec3 } from '../domain/geometry.js';

/** A velocity command this old (world seconds) is dropped: a silent client never leaves a robot moving. */
export const COMMAND_TIMEOUT_S = 0.5;

interface Timed<T> {
  value: T;
  at: number;
}

/**
 * The latest commands received for one robot, each with the world time it arrived. Velocities
 * expire; the gripper target holds until replaced; a press fires once.
 */
export class CommandIntake {
  private base: Timed<{ linear: Vec3; wz: number; frame: 'map' | 'base' }> | null = null;
  private ee: Timed<{ linear: Vec3; frame: 'map' | 'base' }> | null = null;
  private gripper: number | null = null;
  private press = false;
  /** Set by an action server that drives the end effector (a trajectory goal). */
  eeOverride: Vec3 | null = null;
  gripperOverride: number | null = null;
  /** Command messages taken so far. */
  received = 0;

  setBase(linear: Vec3, wz: number, frame: 'map' | 'base', at: number): void {
    this.base = { value: { linear, wz, frame }, at };
    this.received++;
  }

  setEe(linear: Vec3, frame: 'map' | 'base', at: number): void {
    this.ee = { value: { linear, frame }, at };
    this.received++;
  }

  setGripper(aperture: number): void {
    this.gripper = Math.min(1, Math.max(0, aperture));
    this.received++;
  }

  pressOnce(): void {
    this.press = true;
    this.received++;
  }

  /** The action for this step, velocities rotated into the map frame with the robot's heading. */
  next(now: number, pose: Pose2D): RobotAction {
    // World times are sums of the control period: compare with a little slack so the cut does not depend on rounding.
    const fresh = <T>(c: Timed<T> | null): T | null => (c && now - c.at <= COMMAND_TIMEOUT_S + 1e-9 ? c.value : null);
    const toMap = (v: Vec3, frame: 'map' | 'base'): Vec3 => {
      if (frame === 'map') return v;
      const c = Math.cos(pose.theta);
      const s = Math.sin(pose.theta);
      return { x: c * v.x - s * v.y, y: s * v.x + c * v.y, z: v.z };
    };
    const base = fresh(this.base);
    const ee = this.eeOverride ?? (fresh(this.ee) ? toMap(this.ee!.value.linear, this.ee!.value.frame) : null);
    const b = base ? toMap(base.linear, base.frame) : null;
    const action: RobotAction = {
      base: b ? { vx: b.x, vy: b.y, wz: base!.wz } : { vx: 0, vy: 0, wz: 0 },
      ee: ee ? { vx: ee.x, vy: ee.y, vz: ee.z } : { vx: 0, vy: 0, vz: 0 },
      press: this.press,
    };
    const gripper = this.gripperOverride ?? this.gripper;
    if (gripper !== null) action.gripper = gripper;
    this.press = false;
    return action;
  }
}
