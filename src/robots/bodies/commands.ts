import type { RobotAction } from '../../domain/action.js';
import type { Pose2D, Vec3 } from '../../domain/geometry.js';
import type { DispatchedGoal } from '../../executors/ros2/goal-port.js';
import { ACTION_TYPES, followJointTrajectoryGoal, gripperCommandGoal } from '../../executors/ros2/goals.js';
import type { BodyCommands } from './config.js';
import { strip, twistMsg, twistStampedMsg } from './messages/geometry.js';
import { positionOfAperture } from './messages/joints.js';
import { boolMsg, float64Msg } from './messages/std.js';
import type { TopicTransport } from './transport.js';

/** Where the body is, and the names of its frames, when a command is sent. */
export interface CommandContext {
  pose: Pose2D | null;
  ee: Vec3 | null;
  frames: { map: string; base: string };
  /** Seconds (for stamps). */
  now: number;
  /** The control period: a trajectory point is placed this far ahead. */
  periodS: number;
}

/** A gripper target must move this much before a new GripperCommand goal is sent. */
const GRIPPER_STEP = 0.02;
const ZERO: Vec3 = { x: 0, y: 0, z: 0 };

/** World-frame planar velocity seen from a base heading `theta`. */
function intoBase(v: Vec3, theta: number): Vec3 {
  const c = Math.cos(theta);
  const s = Math.sin(theta);
  return { x: c * v.x + s * v.y, y: -s * v.x + c * v.y, z: v.z };
}

/**
 * Turns orca's `RobotAction` (world-frame velocities, a gripper aperture, a press) into the robot's
 * configured commands: twists on topics (rotated into the base frame when that is their frame), a
 * gripper position on a topic or as GripperCommand goals, ee motion as FollowJointTrajectory goals.
 */
export class CommandPort {
  private gripperGoal: { target: number; goal: Promise<DispatchedGoal | null> } | null = null;
  private trajectoryGoal: Promise<DispatchedGoal | null> | null = null;
  private goals = 0;

  constructor(
    private readonly robotId: string,
    private readonly commands: BodyCommands,
    private readonly transport: TopicTransport,
  ) {}

  advertise(): void {
    const c = this.commands;
    if (c.base) this.transport.advertise(c.base.topic, c.base.type);
    if (c.ee) this.transport.advertise(c.ee.topic, c.ee.type);
    if (c.gripper?.via === 'topic') this.transport.advertise(c.gripper.topic, c.gripper.type);
    if (c.press) this.transport.advertise(c.press.topic, c.press.type);
  }

  /** Every command topic with its type (for the readiness check). */
  topics(): { topic: string; type: string; role: string }[] {
    const c = this.commands;
    const out: { topic: string; type: string; role: string }[] = [];
    if (c.base) out.push({ topic: c.base.topic, type: c.base.type, role: 'base command' });
    if (c.ee) out.push({ topic: c.ee.topic, type: c.ee.type, role: 'end-effector command' });
    if (c.gripper?.via === 'topic') out.push({ topic: c.gripper.topic, type: c.gripper.type, role: 'gripper command' });
    if (c.press) out.push({ topic: c.press.topic, type: c.press.type, role: 'press command' });
    return out;
  }

  /** A frame's velocities are sent as they are in the map frame, rotated in the base frame; null for a frame that is neither. */
  private inFrame(v: Vec3, frame: string, ctx: CommandContext): Vec3 | null {
    if (strip(frame) === ctx.frames.map) return v;
    if (strip(frame) === ctx.frames.base) return ctx.pose ? intoBase(v, ctx.pose.theta) : null;
    return null;
  }

  /** Sends one filtered action; returns why it could not (a frame it cannot express), else null. */
  send(action: RobotAction, ctx: CommandContext): string | null {
    const c = this.commands;
    if (action.base && c.base) {
      const v = { x: action.base.vx, y: action.base.vy, z: 0 };
      const frame = c.base.type === 'geometry_msgs/msg/Twist' ? ctx.frames.base : (c.base.frame_id ?? ctx.frames.base);
      const out = this.inFrame(v, frame, ctx);
      if (!out) return `base command frame "${frame}" is neither the map frame "${ctx.frames.map}" nor the base frame "${ctx.frames.base}"`;
      const msg = c.base.type === 'geometry_msgs/msg/Twist' ? twistMsg(out, action.base.wz) : twistStampedMsg(out, action.base.wz, ctx.now, frame);
      this.transport.publish(c.base.topic, c.base.type, msg);
    }
    if (action.ee) {
      const why = this.sendEe({ x: action.ee.vx, y: action.ee.vy, z: action.ee.vz }, ctx);
      if (why) return why;
    }
    if (action.gripper !== undefined) this.sendGripper(action.gripper);
    if (action.press !== undefined && c.press) this.transport.publish(c.press.topic, c.press.type, boolMsg(action.press));
    return null;
  }

  private sendEe(v: Vec3, ctx: CommandContext): string | null {
    const c = this.commands;
    if (c.ee) {
      const out = this.inFrame(v, c.ee.frame_id, ctx);
      if (!out) return `ee command frame "${c.ee.frame_id}" is neither the map frame "${ctx.frames.map}" nor the base frame "${ctx.frames.base}"`;
      this.transport.publish(c.ee.topic, c.ee.type, twistStampedMsg(out, 0, ctx.now, c.ee.frame_id));
      return null;
    }
    if (c.joint_trajectory && ctx.ee) this.sendTrajectory(v, ctx.ee, ctx.periodS);
    return null;
  }

  /** One point ahead along the velocity: the configured joints are the end effector's x, y and z. */
  private sendTrajectory(v: Vec3, ee: Vec3, periodS: number): void {
    const t = this.commands.joint_trajectory;
    if (!t) return;
    if (v.x === 0 && v.y === 0 && v.z === 0) return this.cancelTrajectory();
    const horizon = 2 * periodS;
    const target = [ee.x + v.x * horizon, ee.y + v.y * horizon, ee.z + v.z * horizon];
    const goal = followJointTrajectoryGoal({ joint_names: t.joints, points: [{ positions: target, velocities: [v.x, v.y, v.z], time_from_start_s: horizon }] });
    this.trajectoryGoal = this.sendGoal(t.action, ACTION_TYPES.follow_joint_trajectory, goal, 'trajectory');
  }

  private sendGripper(aperture: number): void {
    const g = this.commands.gripper;
    if (!g) return;
    const position = positionOfAperture(aperture, g.open_position, g.closed_position);
    if (g.via === 'topic') return this.transport.publish(g.topic, g.type, float64Msg(position));
    if (this.gripperGoal && Math.abs(this.gripperGoal.target - aperture) < GRIPPER_STEP) return;
    this.gripperGoal = { target: aperture, goal: this.sendGoal(g.action, ACTION_TYPES.gripper_command, gripperCommandGoal(position, g.max_effort), 'gripper') };
  }

  private sendGoal(server: string, actionType: string, goal: object, what: string): Promise<DispatchedGoal | null> {
    const id = `${this.robotId}/${what}/${++this.goals}`;
    const sent = this.transport.goals.send({ server, actionType, goal }, id, () => undefined).catch(() => null);
    void sent.then((d) => d?.result.catch(() => undefined));
    return sent;
  }

  /** Zero velocity on every velocity topic, and the trajectory goal cancelled. */
  halt(now: number, frames: CommandContext['frames']): void {
    const c = this.commands;
    if (c.base) {
      const frame = c.base.frame_id ?? frames.base;
      this.transport.publish(c.base.topic, c.base.type, c.base.type === 'geometry_msgs/msg/Twist' ? twistMsg(ZERO, 0) : twistStampedMsg(ZERO, 0, now, frame));
    }
    if (c.ee) this.transport.publish(c.ee.topic, c.ee.type, twistStampedMsg(ZERO, 0, now, c.ee.frame_id));
    this.cancelTrajectory();
  }

  private cancelTrajectory(): void {
    const goal = this.trajectoryGoal;
    this.trajectoryGoal = null;
    void goal?.then((d) => d && cancelQuietly(d));
  }

  /** Cancels the active trajectory and gripper goals; resolves once their servers report them terminal (or `timeoutMs` passes). */
  async cancelGoals(timeoutMs: number): Promise<boolean> {
    const goals = [this.trajectoryGoal, this.gripperGoal?.goal].filter((g): g is Promise<DispatchedGoal | null> => g !== null && g !== undefined);
    this.trajectoryGoal = null;
    this.gripperGoal = null;
    const settled = goals.map(async (g) => {
      const d = await g;
      if (!d) return true;
      await cancelQuietly(d);
      return d.result.then(
        () => true,
        () => true,
      );
    });
    return withTimeout(Promise.all(settled).then(() => true), timeoutMs, false);
  }
}

/** Cancels a goal; a link that is down (the cancel throws at once) leaves it to the server's own timeout. */
function cancelQuietly(d: DispatchedGoal): Promise<unknown> {
  return Promise.resolve()
    .then(() => d.cancel())
    .catch(() => undefined);
}

/** `p`, or `fallback` once `ms` pass first. */
export function withTimeout<T>(p: Promise<T>, ms: number, fallback: T): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(fallback), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}
