import { GoalBuildError } from './goal-build-error.js';

/** `moveit_msgs/action/MoveGroup` goals (PROTOCOLS.md §6.3): joint-space and Cartesian pose targets. */
interface MoveGroupCommon {
  group: string;
  planningAttempts: number;
  planningTimeS: number;
  velocityScaling: number;
  accelerationScaling: number;
  pipelineId?: string;
  plannerId?: string;
  planOnly?: boolean;
}

export interface MoveGroupJointGoal extends MoveGroupCommon {
  joints: Readonly<Record<string, number>>;
  tolerance: number;
}

export interface Quaternion {
  x: number;
  y: number;
  z: number;
  w: number;
}

export interface MoveGroupPoseGoal extends MoveGroupCommon {
  /** Link whose origin must reach the pose (the end effector). */
  link: string;
  frameId: string;
  position: { x: number; y: number; z: number };
  /** Absent: only the position is constrained. */
  orientation?: Quaternion;
  positionTolerance: number;
  orientationTolerance: number;
}

/** `shape_msgs/SolidPrimitive.SPHERE`. */
export const SOLID_PRIMITIVE_SPHERE = 2;
/** `moveit_msgs/OrientationConstraint.XYZ_EULER_ANGLES`. */
export const ORIENTATION_XYZ_EULER_ANGLES = 0;

/** Fixed-axis roll/pitch/yaw (tf2 `setRPY`) → unit quaternion. */
export function quaternionFromRpy(roll: number, pitch: number, yaw: number): Quaternion {
  const [cr, sr] = [Math.cos(roll / 2), Math.sin(roll / 2)];
  const [cp, sp] = [Math.cos(pitch / 2), Math.sin(pitch / 2)];
  const [cy, sy] = [Math.cos(yaw / 2), Math.sin(yaw / 2)];
  return { x: sr * cp * cy - cr * sp * sy, y: cr * sp * cy + sr * cp * sy, z: cr * cp * sy - sr * sp * cy, w: cr * cp * cy + sr * sp * sy };
}

export function normalizeQuaternion(q: Quaternion): Quaternion {
  const n = Math.hypot(q.x, q.y, q.z, q.w);
  if (!(n > 1e-9) || !Number.isFinite(n)) throw new GoalBuildError('orientation quaternion has zero or non-finite norm');
  return { x: q.x / n, y: q.y / n, z: q.z / n, w: q.w / n };
}

function moveGroupEnvelope(g: MoveGroupCommon, constraints: object): object {
  return {
    request: {
      group_name: g.group,
      num_planning_attempts: g.planningAttempts,
      allowed_planning_time: g.planningTimeS,
      max_velocity_scaling_factor: g.velocityScaling,
      max_acceleration_scaling_factor: g.accelerationScaling,
      pipeline_id: g.pipelineId ?? '',
      planner_id: g.plannerId ?? '',
      goal_constraints: [constraints],
    },
    planning_options: {
      planning_scene_diff: { is_diff: true, robot_state: { is_diff: true } },
      plan_only: g.planOnly ?? false,
      look_around: false,
      look_around_attempts: 0,
      max_safe_execution_cost: 0,
      replan: false,
      replan_attempts: 0,
      replan_delay: 0,
    },
  };
}

/** `moveit_msgs/action/MoveGroup` goal: plan and execute to a joint-space target. */
export function moveGroupGoal(g: MoveGroupJointGoal): object {
  return moveGroupEnvelope(g, {
    name: '',
    joint_constraints: Object.entries(g.joints).map(([joint_name, position]) => ({
      joint_name,
      position,
      tolerance_above: g.tolerance,
      tolerance_below: g.tolerance,
      weight: 1,
    })),
    position_constraints: [],
    orientation_constraints: [],
    visibility_constraints: [],
  });
}

/**
 * `moveit_msgs/action/MoveGroup` goal to a Cartesian pose of `link`, the way MoveIt's
 * `kinematic_constraints::constructGoalConstraints(link, pose, tol_pos, tol_angle)` builds it: a
 * position constraint whose region is a sphere of radius `positionTolerance` centred on the target,
 * and an orientation constraint with the same absolute tolerance on all three axes.
 */
export function moveGroupPoseGoal(g: MoveGroupPoseGoal): object {
  const header = { stamp: { sec: 0, nanosec: 0 }, frame_id: g.frameId };
  const position_constraints = [
    {
      header,
      link_name: g.link,
      target_point_offset: { x: 0, y: 0, z: 0 },
      constraint_region: {
        primitives: [{ type: SOLID_PRIMITIVE_SPHERE, dimensions: [g.positionTolerance] }],
        primitive_poses: [{ position: { ...g.position }, orientation: { x: 0, y: 0, z: 0, w: 1 } }],
        meshes: [],
        mesh_poses: [],
      },
      weight: 1,
    },
  ];
  const orientation_constraints = g.orientation
    ? [
        {
          header,
          orientation: normalizeQuaternion(g.orientation),
          link_name: g.link,
          absolute_x_axis_tolerance: g.orientationTolerance,
          absolute_y_axis_tolerance: g.orientationTolerance,
          absolute_z_axis_tolerance: g.orientationTolerance,
          parameterization: ORIENTATION_XYZ_EULER_ANGLES,
          weight: 1,
        },
      ]
    : [];
  return moveGroupEnvelope(g, { name: '', joint_constraints: [], position_constraints, orientation_constraints, visibility_constraints: [] });
}
