import type { ExecutorTask } from '../../domain/executor.js';
import { GoalBuildError } from './goal-build-error.js';
import { moveGroupGoal, moveGroupPoseGoal, quaternionFromRpy } from './move-group.js';
import type { GoalTemplate, SkillActionConfig } from './action-config.js';

export { GoalBuildError } from './goal-build-error.js';

export const ACTION_TYPES = {
  nav2_navigate_to_pose: 'nav2_msgs/action/NavigateToPose',
  follow_joint_trajectory: 'control_msgs/action/FollowJointTrajectory',
  gripper_command: 'control_msgs/action/GripperCommand',
  moveit_move_group: 'moveit_msgs/action/MoveGroup',
} as const;

export interface Duration {
  sec: number;
  nanosec: number;
}

export function durationOf(seconds: number): Duration {
  const sec = Math.floor(seconds);
  return { sec, nanosec: Math.round((seconds - sec) * 1e9) };
}

// ---- goal builders (§6) ---------------------------------------------------------------------------

/** `nav2_msgs/action/NavigateToPose` goal; a zero stamp asks TF for the latest transform. */
export function navigateToPoseGoal(pose: { x: number; y: number; theta: number }, frameId = 'map', behaviorTree = ''): object {
  return {
    pose: {
      header: { stamp: { sec: 0, nanosec: 0 }, frame_id: frameId },
      pose: {
        position: { x: pose.x, y: pose.y, z: 0 },
        orientation: { x: 0, y: 0, z: Math.sin(pose.theta / 2), w: Math.cos(pose.theta / 2) },
      },
    },
    behavior_tree: behaviorTree,
  };
}

export interface TrajectorySpec {
  joint_names: readonly string[];
  points: readonly { positions: readonly number[]; velocities?: readonly number[] | undefined; time_from_start_s: number }[];
}

/** `control_msgs/action/FollowJointTrajectory` goal with default (controller-side) tolerances. */
export function followJointTrajectoryGoal(traj: TrajectorySpec, goalTimeToleranceS = 0): object {
  for (const [i, p] of traj.points.entries()) {
    if (p.positions.length !== traj.joint_names.length) {
      throw new GoalBuildError(`trajectory point ${i} has ${p.positions.length} positions for ${traj.joint_names.length} joints`);
    }
  }
  return {
    trajectory: {
      header: { stamp: { sec: 0, nanosec: 0 }, frame_id: '' },
      joint_names: [...traj.joint_names],
      points: traj.points.map((p) => ({
        positions: [...p.positions],
        velocities: p.velocities ? [...p.velocities] : [],
        accelerations: [],
        effort: [],
        time_from_start: durationOf(p.time_from_start_s),
      })),
    },
    path_tolerance: [],
    goal_tolerance: [],
    goal_time_tolerance: durationOf(goalTimeToleranceS),
  };
}

/** `control_msgs/action/GripperCommand` goal. */
export function gripperCommandGoal(position: number, maxEffort: number): object {
  return { command: { position, max_effort: maxEffort } };
}

/** Fills a generic goal template from the task (`{skill}`, `{instruction}`, `{goal_id}`, `{subgoal_id}`, `{args.X}`, `…:number`). */
export function fillTemplate(template: GoalTemplate, task: ExecutorTask): GoalTemplate {
  if (Array.isArray(template)) return template.map((t) => fillTemplate(t, task));
  if (template !== null && typeof template === 'object') {
    return Object.fromEntries(Object.entries(template).map(([k, v]) => [k, fillTemplate(v, task)]));
  }
  if (typeof template !== 'string') return template;
  const whole = /^\{([a-z_]+(?:\.[A-Za-z0-9_]+)?)(:number)?\}$/.exec(template);
  if (whole?.[1]) {
    const value = lookup(whole[1], task);
    return whole[2] ? toNumber(value, whole[1]) : value;
  }
  return template.replace(/\{([a-z_]+(?:\.[A-Za-z0-9_]+)?)\}/g, (_, key: string) => lookup(key, task));
}

function lookup(key: string, task: ExecutorTask): string {
  if (key === 'skill') return task.skill;
  if (key === 'instruction') return task.instruction;
  if (key === 'goal_id') return task.goalId;
  if (key === 'subgoal_id') return task.subgoalId;
  if (key.startsWith('args.')) {
    const v = task.args[key.slice(5)];
    if (v === undefined) throw new GoalBuildError(`skill ${task.skill} needs argument "${key.slice(5)}"`);
    return v;
  }
  throw new GoalBuildError(`unknown goal template field {${key}}`);
}

function toNumber(text: string, what: string): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n)) throw new GoalBuildError(`${what} = "${text}" is not a finite number`);
  return n;
}

function arg(task: ExecutorTask, name: string): string {
  const v = task.args[name];
  if (v === undefined) throw new GoalBuildError(`skill ${task.skill} needs argument "${name}"`);
  return v;
}

function named<T>(table: Readonly<Record<string, T>>, key: string, what: string): T {
  const v = Object.hasOwn(table, key) ? table[key] : undefined;
  if (v === undefined) throw new GoalBuildError(`unknown ${what} "${key}" (known: ${Object.keys(table).join(', ') || 'none'})`);
  return v;
}

export interface ResolvedGoal {
  actionType: string;
  server: string;
  goal: object;
}

/** Turns a task into the goal of the action its skill is mapped to. */
export function buildGoal(cfg: SkillActionConfig, task: ExecutorTask): ResolvedGoal {
  switch (cfg.action) {
    case 'nav2_navigate_to_pose': {
      const target = arg(task, cfg.target_arg);
      const parts = target.split(',').map((s) => s.trim());
      const pose =
        parts.length >= 2 && parts.every((p) => p !== '' && Number.isFinite(Number(p)))
          ? { x: Number(parts[0]), y: Number(parts[1]), theta: Number(parts[2] ?? 0) }
          : named(cfg.poses, target, 'pose');
      return { actionType: ACTION_TYPES[cfg.action], server: cfg.server, goal: navigateToPoseGoal(pose, cfg.frame_id, cfg.behavior_tree) };
    }
    case 'follow_joint_trajectory': {
      const traj = named(cfg.trajectories, arg(task, cfg.target_arg), 'trajectory');
      return { actionType: ACTION_TYPES[cfg.action], server: cfg.server, goal: followJointTrajectoryGoal(traj, cfg.goal_time_tolerance_s) };
    }
    case 'gripper_command': {
      const position = cfg.position ?? toNumber(arg(task, cfg.position_arg), cfg.position_arg);
      return { actionType: ACTION_TYPES[cfg.action], server: cfg.server, goal: gripperCommandGoal(position, cfg.max_effort) };
    }
    case 'moveit_move_group': {
      const name = arg(task, cfg.target_arg);
      const common = {
        group: cfg.group,
        planningAttempts: cfg.planning_attempts,
        planningTimeS: cfg.planning_time_s,
        velocityScaling: cfg.velocity_scaling,
        accelerationScaling: cfg.acceleration_scaling,
        pipelineId: cfg.pipeline_id,
        plannerId: cfg.planner_id,
        planOnly: cfg.plan_only,
      };
      // Joint targets win a name clash: they are the more specific of the two.
      if (!Object.hasOwn(cfg.joint_targets, name) && Object.hasOwn(cfg.pose_targets, name)) {
        const p = named(cfg.pose_targets, name, 'pose target');
        if (!cfg.link) throw new GoalBuildError(`skill ${task.skill} has pose targets but no link`);
        const o = p.orientation;
        const goal = moveGroupPoseGoal({
          ...common,
          link: cfg.link,
          frameId: p.frame_id ?? cfg.frame_id,
          position: p.position,
          ...(o ? { orientation: 'w' in o ? o : quaternionFromRpy(o.roll, o.pitch, o.yaw) } : {}),
          positionTolerance: cfg.position_tolerance,
          orientationTolerance: cfg.orientation_tolerance,
        });
        return { actionType: ACTION_TYPES[cfg.action], server: cfg.server, goal };
      }
      const joints = named(cfg.joint_targets, name, 'joint or pose target');
      const goal = moveGroupGoal({ ...common, joints, tolerance: cfg.tolerance });
      return { actionType: ACTION_TYPES[cfg.action], server: cfg.server, goal };
    }
    case 'generic':
      return { actionType: cfg.action_type, server: cfg.server, goal: fillTemplate(cfg.goal, task) as object };
  }
}

/** Finds the first NaN/Infinity in a goal (a malformed goal never reaches the robot). */
export function findNonFinite(value: unknown, path = 'goal'): string | null {
  if (typeof value === 'number') return Number.isFinite(value) ? null : path;
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) {
      const bad = findNonFinite(v, `${path}[${i}]`);
      if (bad) return bad;
    }
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const bad = findNonFinite(v, `${path}.${k}`);
      if (bad) return bad;
    }
  }
  return null;
}
