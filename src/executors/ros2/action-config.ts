import { z } from 'zod';

/**
 * How one orca skill maps onto a ROS 2 action (config `executor.skills.<skill>`), shared by the
 * rclnodejs and rosbridge executors. Each entry names the action kind, the action server, and where
 * the goal's numbers come from (named targets in config, selected by one of the task's args).
 */
const Finite = z.number().finite();
const Server = z.string().min(1);

const Pose2D = z.object({ x: Finite, y: Finite, theta: Finite.default(0) });

export const Nav2SkillSchema = z.object({
  action: z.literal('nav2_navigate_to_pose'),
  server: Server.default('navigate_to_pose'),
  frame_id: z.string().default('map'),
  /** Task arg holding a pose name from `poses`, or `"x,y,theta"`. */
  target_arg: z.string().default('target'),
  poses: z.record(z.string(), Pose2D).default({}),
  behavior_tree: z.string().default(''),
});

const TrajectoryPoint = z.object({
  positions: z.array(Finite).min(1),
  velocities: z.array(Finite).optional(),
  time_from_start_s: Finite.nonnegative(),
});
const Trajectory = z.object({ joint_names: z.array(z.string().min(1)).min(1), points: z.array(TrajectoryPoint).min(1) });

export const FollowJointTrajectorySkillSchema = z.object({
  action: z.literal('follow_joint_trajectory'),
  server: Server,
  target_arg: z.string().default('trajectory'),
  trajectories: z.record(z.string(), Trajectory).refine((t) => Object.keys(t).length > 0, 'at least one trajectory'),
  goal_time_tolerance_s: Finite.nonnegative().default(0),
});

export const GripperSkillSchema = z.object({
  action: z.literal('gripper_command'),
  server: Server,
  /** Fixed target (e.g. an "open" skill); otherwise the number in `args[position_arg]`. */
  position: Finite.optional(),
  position_arg: z.string().default('position'),
  max_effort: Finite.nonnegative().default(0),
});

const Quaternion = z
  .object({ x: Finite, y: Finite, z: Finite, w: Finite })
  .refine((q) => Math.hypot(q.x, q.y, q.z, q.w) > 1e-9, 'a quaternion needs a non-zero norm');
const Rpy = z.object({ roll: Finite, pitch: Finite, yaw: Finite });

export const PoseTargetSchema = z.object({
  frame_id: z.string().min(1).optional(),
  position: z.object({ x: Finite, y: Finite, z: Finite }),
  /** A quaternion or roll/pitch/yaw (rad, fixed-axis XYZ); without it only the position is constrained. */
  orientation: z.union([Quaternion, Rpy]).optional(),
});
export type PoseTarget = z.infer<typeof PoseTargetSchema>;

export const MoveGroupSkillSchema = z.object({
  action: z.literal('moveit_move_group'),
  server: Server.default('move_action'),
  group: z.string().min(1),
  target_arg: z.string().default('target'),
  /** Named joint-space targets: joint name → position (rad or m). */
  joint_targets: z.record(z.string(), z.record(z.string(), Finite)).default({}),
  /** Named Cartesian targets of `link` (position, optional orientation) in `frame_id` or the target's own frame. */
  pose_targets: z.record(z.string(), PoseTargetSchema).default({}),
  /** The link a pose target moves (the end effector, e.g. `panda_hand_tcp`). */
  link: z.string().min(1).optional(),
  /** Planning frame of pose targets that name none. */
  frame_id: z.string().min(1).default('base_link'),
  /** Pose targets: radius (m) of the sphere the link origin must reach. */
  position_tolerance: Finite.positive().default(0.01),
  /** Pose targets: absolute x/y/z axis tolerance (rad) of the orientation. */
  orientation_tolerance: Finite.positive().default(0.05),
  tolerance: Finite.positive().default(0.01),
  planning_attempts: z.number().int().positive().default(1),
  planning_time_s: Finite.positive().default(5),
  velocity_scaling: Finite.min(0).max(1).default(0.1),
  acceleration_scaling: Finite.min(0).max(1).default(0.1),
  pipeline_id: z.string().default(''),
  planner_id: z.string().default(''),
  plan_only: z.boolean().default(false),
});

/** A JSON goal template; strings like `"{args.object}"`, `"{instruction}"`, `"{args.speed:number}"` are filled in. */
export type GoalTemplate = string | number | boolean | null | GoalTemplate[] | { [k: string]: GoalTemplate };
const GoalTemplateSchema: z.ZodType<GoalTemplate> = z.lazy(() =>
  z.union([z.string(), Finite, z.boolean(), z.null(), z.array(GoalTemplateSchema), z.record(z.string(), GoalTemplateSchema)]),
);

export const GenericSkillSchema = z.object({
  action: z.literal('generic'),
  /** The user's own action type, e.g. `my_robot_msgs/action/ExecuteSkill`. */
  action_type: z.string().regex(/^[A-Za-z0-9_]+\/(action\/)?[A-Za-z0-9_]+$/, 'expected pkg/action/Type'),
  server: Server,
  goal: z.record(z.string(), GoalTemplateSchema),
  /** Result field that must be `true` for success (besides status SUCCEEDED). */
  success_field: z.string().optional(),
  message_field: z.string().optional(),
});

export const SkillActionSchema = z.discriminatedUnion('action', [
  Nav2SkillSchema,
  FollowJointTrajectorySkillSchema,
  GripperSkillSchema,
  MoveGroupSkillSchema,
  GenericSkillSchema,
]);
export type SkillActionConfig = z.infer<typeof SkillActionSchema>;

export const SkillMapSchema = z
  .record(z.string(), SkillActionSchema)
  .refine((m) => Object.keys(m).length > 0, 'map at least one skill')
  .superRefine((m, ctx) => {
    // Checked here, not on the member: a discriminated union's members must stay plain objects.
    for (const [name, s] of Object.entries(m)) {
      if (s.action !== 'moveit_move_group') continue;
      if (Object.keys(s.joint_targets).length + Object.keys(s.pose_targets).length === 0) {
        ctx.addIssue({ code: 'custom', path: [name, 'joint_targets'], message: 'at least one joint target or pose target' });
      }
      if (Object.keys(s.pose_targets).length > 0 && !s.link) {
        ctx.addIssue({ code: 'custom', path: [name, 'link'], message: 'pose targets need the link they move' });
      }
    }
  });
export type SkillMap = z.infer<typeof SkillMapSchema>;

export const ActionTimeoutsSchema = z.object({
  /** Wait for the action server before the first goal. */
  server_wait_s: Finite.positive().default(5),
  /** Longest a goal may run (simulated seconds of the control clock). */
  result_timeout_s: Finite.positive().default(600),
  /** Longest without feedback or result; feedback keeps a long goal alive. */
  feedback_timeout_s: Finite.positive().default(60),
  /** Wall-clock wait for the cancel answer and the terminal status after it. */
  cancel_timeout_ms: Finite.positive().default(5000),
});
export type ActionTimeouts = z.infer<typeof ActionTimeoutsSchema>;

export const SensorSchema = z.object({
  kind: z.enum(['image', 'compressed_image', 'joint_state']),
  topic: z.string().min(1),
  /** Key in `observation.images` (ignored for joint states). */
  name: z.string().default('front'),
});
export type SensorConfig = z.infer<typeof SensorSchema>;
