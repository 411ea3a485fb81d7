import type { RobotAction } from '../../domain/action.js';
import type { Observation } from '../../domain/observation.js';
import type { Robot } from '../../domain/robot.js';
import type { ActionMapper } from './action-map.js';
import { PolicyError } from './errors.js';
import type { ForwardKinematics } from './kinematics.js';

/**
 * Joint-space policy actions → `RobotAction`. `RobotAction` has no joint field (the safety filter
 * rejects unknown fields), so the joint command is turned into the end-effector velocity it would
 * cause: `(FK(q_next) − FK(q_now)) / dt`, rotated from the arm's base frame into the world by the
 * arm's mounting yaw plus the robot's heading. The tool orientation change is dropped, as for the
 * 7-DoF delta policies.
 */
export interface JointEeMapping {
  fk: ForwardKinematics;
  /** Where this arm's joints sit in `observation.joints.positions` and in the action vector. */
  jointOffset: number;
  jointCount: number;
  /** Index of the gripper value in the action vector. */
  gripperIndex: number;
  /**
   * `velocity`: the action holds joint velocities, times `velocityScale` in rad/s;
   * `position`: the action holds absolute joint targets for the next control step.
   */
  mode: 'velocity' | 'position';
  velocityScale?: number;
  /** Policy gripper value → aperture 0 closed .. 1 open (may return NaN for the safety filter to reject). */
  gripper: (value: number) => number;
  /** Yaw of the arm's base in the robot frame (radians). */
  mountYaw?: number;
  /** The joint vector in the action's order; default `observation.joints.positions` as it comes. */
  positions?: (obs: Observation) => readonly number[];
}

export function jointEeMapper(robot: Robot, m: JointEeMapping): ActionMapper {
  return (a, tick): RobotAction => {
    const obs = robot.observe();
    const q = (m.positions ? m.positions(obs) : obs.joints?.positions)?.slice(m.jointOffset, m.jointOffset + m.jointCount);
    if (!q || q.length !== m.jointCount || q.some((v) => !Number.isFinite(v))) {
      throw new PolicyError('malformed', `mapping joint actions needs ${m.jointCount} finite joint positions at offset ${m.jointOffset} in observation.joints of ${robot.id}`);
    }
    const cmd = a.slice(m.jointOffset, m.jointOffset + m.jointCount);
    const g = a[m.gripperIndex] ?? Number.NaN;
    if (cmd.length !== m.jointCount || cmd.some((v) => !Number.isFinite(v))) {
      // Non-finite numbers go on to the safety filter, which rejects them as `not_finite`.
      return { ee: { vx: Number.NaN, vy: Number.NaN, vz: Number.NaN }, gripper: m.gripper(g) };
    }
    const dt = tick.dt;
    const next = m.mode === 'position' ? cmd : q.map((qi, i) => qi + (cmd[i] ?? 0) * (m.velocityScale ?? 1) * dt);
    const p0 = m.fk(q);
    const p1 = m.fk(next);
    const vx = (p1[0] - p0[0]) / dt;
    const vy = (p1[1] - p0[1]) / dt;
    const yaw = (m.mountYaw ?? 0) + obs.pose.theta;
    const c = Math.cos(yaw);
    const s = Math.sin(yaw);
    return { ee: { vx: c * vx - s * vy, vy: s * vx + c * vy, vz: (p1[2] - p0[2]) / dt }, gripper: m.gripper(g) };
  };
}
