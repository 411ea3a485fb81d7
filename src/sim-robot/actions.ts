import { z } from 'zod';
import type { Vec3 } from '../domain/geometry.js';
import type { CommandIntake } from './commands.js';
import type { ActionEvents, ActionServer } from './rosbridge-server.js';
import { SIM_JOINTS } from './topics.js';

/** `action_msgs/msg/GoalStatus` codes the servers end goals with. */
const SUCCEEDED = 4;
const CANCELED = 5;
const ABORTED = 6;
/** `control_msgs/action/FollowJointTrajectory` result codes. */
const INVALID_JOINTS = -2;
const GOAL_TOLERANCE_VIOLATED = -5;
const ARRIVED = 0.01;
/** How long past its last point a trajectory may take to arrive. */
const LATE_S = 3;
const GRIPPER_TIMEOUT_S = 3;

const Duration = z.object({ sec: z.number(), nanosec: z.number() });
const TrajectoryGoal = z.object({
  trajectory: z.object({
    joint_names: z.array(z.string()).min(1),
    points: z.array(z.object({ positions: z.array(z.number()), time_from_start: Duration })).min(1),
  }),
});
const GripperGoal = z.object({ command: z.object({ position: z.number(), max_effort: z.number().optional() }) });

/** What the servers read of their robot each control step. */
export interface ArmState {
  now: number;
  ee: Vec3;
  aperture: number;
  holding: boolean;
}

interface Running {
  events: ActionEvents;
  started: number;
}

/** Ends the goal on a later turn: a goal never finishes inside `start`, before its client knows it. */
const later = (fn: () => void): void => void Promise.resolve().then(fn);

/**
 * FollowJointTrajectory on the sim robot's virtual joints (`ee_x, ee_y, ee_z` and optionally
 * `gripper`): each step the end effector is driven toward the point due next, arriving at its
 * `time_from_start`; the goal succeeds at the last point, aborts when it cannot get there in time.
 */
export class TrajectoryServer implements ActionServer {
  readonly type = 'control_msgs/action/FollowJointTrajectory';
  private active: (Running & { joints: string[]; points: { positions: number[]; t: number }[] }) | null = null;
  /** Goals ended so far, by status: what a client's goals came to. */
  readonly ended: number[] = [];

  get busy(): boolean {
    return this.active !== null;
  }

  constructor(
    private readonly intake: CommandIntake,
    private readonly state: () => ArmState,
  ) {}

  start(goal: unknown, events: ActionEvents): { cancel(): void } {
    const parsed = TrajectoryGoal.safeParse(goal);
    const joints = parsed.success ? parsed.data.trajectory.joint_names : [];
    const bad = joints.filter((j) => !(SIM_JOINTS as readonly string[]).includes(j));
    if (!parsed.success || bad.length > 0 || !['ee_x', 'ee_y', 'ee_z'].every((j) => joints.includes(j))) {
      later(() => events.finish(ABORTED, { error_code: INVALID_JOINTS, error_string: `joints must include ee_x, ee_y, ee_z (may add gripper); got ${joints.join(', ') || 'an invalid goal'}` }));
      return { cancel: () => undefined };
    }
    this.end(CANCELED, 'preempted by a new goal');
    const points = parsed.data.trajectory.points.map((p) => ({ positions: p.positions, t: p.time_from_start.sec + p.time_from_start.nanosec / 1e9 }));
    const running = { events, started: this.state().now, joints, points };
    this.active = running;
    return { cancel: () => this.active === running && this.end(CANCELED, 'canceled') };
  }

  private end(status: number, why: string, code = 0): void {
    const a = this.active;
    if (!a) return;
    this.active = null;
    this.ended.push(status);
    this.intake.eeOverride = null;
    this.intake.gripperOverride = null;
    later(() => a.events.finish(status, { error_code: code, error_string: why }));
  }

  /** One control step: command the end effector toward the point due next. */
  step(dt: number): void {
    const a = this.active;
    if (!a) return;
    const s = this.state();
    const elapsed = s.now - a.started;
    const last = a.points[a.points.length - 1]!;
    const next = a.points.find((p) => p.t > elapsed) ?? last;
    const at = (p: { positions: number[] }, j: string): number => p.positions[a.joints.indexOf(j)] ?? Number.NaN;
    const goal = { x: at(next, 'ee_x'), y: at(next, 'ee_y'), z: at(next, 'ee_z') };
    const remaining = Math.max(dt, next.t - elapsed);
    this.intake.eeOverride = { x: (goal.x - s.ee.x) / remaining, y: (goal.y - s.ee.y) / remaining, z: (goal.z - s.ee.z) / remaining };
    if (a.joints.includes('gripper')) this.intake.gripperOverride = at(next, 'gripper');
    const actual = [s.ee.x, s.ee.y, s.ee.z, s.aperture];
    a.events.feedback({ joint_names: a.joints, desired: { positions: next.positions }, actual: { positions: a.joints.map((j) => actual[SIM_JOINTS.indexOf(j as (typeof SIM_JOINTS)[number])]) } });
    const off = Math.hypot(at(last, 'ee_x') - s.ee.x, at(last, 'ee_y') - s.ee.y, at(last, 'ee_z') - s.ee.z);
    if (elapsed >= last.t && off < ARRIVED) this.end(SUCCEEDED, '');
    else if (elapsed > last.t + LATE_S) this.end(ABORTED, `still ${off.toFixed(3)} m from the last point ${LATE_S} s after its time`, GOAL_TOLERANCE_VIOLATED);
  }
}

/**
 * GripperCommand on the sim robot: `position` is the aperture (0 closed .. 1 open). Succeeds when
 * the aperture gets there, or stalled on something grasped; aborts after a few seconds otherwise.
 */
export class GripperServer implements ActionServer {
  readonly type = 'control_msgs/action/GripperCommand';
  private active: (Running & { target: number }) | null = null;
  readonly ended: number[] = [];

  get busy(): boolean {
    return this.active !== null;
  }

  constructor(
    private readonly intake: CommandIntake,
    private readonly state: () => ArmState,
  ) {}

  start(goal: unknown, events: ActionEvents): { cancel(): void } {
    const parsed = GripperGoal.safeParse(goal);
    if (!parsed.success || !Number.isFinite(parsed.data.command.position)) {
      later(() => events.finish(ABORTED, { position: this.state().aperture, effort: 0, stalled: false, reached_goal: false }));
      return { cancel: () => undefined };
    }
    this.end(CANCELED);
    const target = Math.min(1, Math.max(0, parsed.data.command.position));
    this.intake.setGripper(target);
    const running = { events, started: this.state().now, target };
    this.active = running;
    return { cancel: () => this.active === running && this.end(CANCELED) };
  }

  private end(status: number, stalled = false, reached = false): void {
    const a = this.active;
    if (!a) return;
    this.active = null;
    this.ended.push(status);
    const position = this.state().aperture;
    later(() => a.events.finish(status, { position, effort: 0, stalled, reached_goal: reached }));
  }

  step(): void {
    const a = this.active;
    if (!a) return;
    const s = this.state();
    const reached = Math.abs(s.aperture - a.target) < 0.05;
    const stalled = a.target < 0.5 && s.holding;
    a.events.feedback({ position: s.aperture, effort: 0, stalled, reached_goal: reached });
    if (reached || stalled) this.end(SUCCEEDED, stalled, reached);
    else if (s.now - a.started > GRIPPER_TIMEOUT_S) this.end(ABORTED);
  }
}
