import { z } from 'zod';

/**
 * What a fleet file says about a robot's **body**: where its observations come from and where its
 * actions go. Topic names and message types are data, never code, so a robot with other topics is
 * a YAML change. The simulated household is a body too (`sim`), so a fleet may mix the built-in world
 * with robots reached over ROS 2 or rosbridge.
 */

/** A ROS graph name: `/ns/name` segments of letters, digits and underscores. */
export const RosNameSchema = z
  .string()
  .min(1)
  .max(200)
  .regex(/^\/?[A-Za-z_][A-Za-z0-9_]*(\/[A-Za-z_][A-Za-z0-9_]*)*$/, 'a ROS name such as /rover/odom');

const Topic = <T extends readonly [string, ...string[]]>(types: T) => z.object({ topic: RosNameSchema, type: z.enum(types) }).strict();

export const BodyTopicsSchema = z
  .object({
    /** Camera name (as the executor's config names it, e.g. `front`, `wrist`) → its topic. */
    cameras: z.record(z.string().regex(/^[A-Za-z0-9_]+$/), Topic(['sensor_msgs/msg/Image', 'sensor_msgs/msg/CompressedImage'])).default({}),
    joint_states: Topic(['sensor_msgs/msg/JointState']).optional(),
    /** The base pose in the map frame: from odometry, or from TF between two frames. */
    pose: z.discriminatedUnion('source', [
      z.object({ source: z.literal('odometry'), topic: RosNameSchema, type: z.literal('nav_msgs/msg/Odometry') }).strict(),
      z.object({ source: z.literal('tf'), topic: RosNameSchema.default('/tf'), parent_frame: z.string().min(1), child_frame: z.string().min(1) }).strict(),
    ]),
    /** The end effector's position (map frame). */
    ee_pose: Topic(['geometry_msgs/msg/PoseStamped']).optional(),
    /** The gripper as one joint of a JointState: its position mapped linearly to aperture 0 (closed) .. 1 (open). */
    gripper: z
      .object({ topic: RosNameSchema, type: z.literal('sensor_msgs/msg/JointState'), joint: z.string().min(1), open_position: z.number(), closed_position: z.number() })
      .strict()
      .optional(),
    /** Detections for the verifier and the belief; class ids map to catalogue types (`labels`) or are taken as they are. */
    detections: z
      .object({
        topic: RosNameSchema,
        type: z.literal('vision_msgs/msg/Detection3DArray'),
        labels: z.record(z.string(), z.string()).default({}),
        min_score: z.number().min(0).max(1).default(0),
        /** `std_msgs/msg/String` JSON side channel of orca-specific fields by track id (orca's sim robot publishes one; a real detector has none). */
        extras_topic: RosNameSchema.optional(),
        /** Frame of the detection positions: the map, or the robot's base (moved into the map with the body's pose). */
        frame: z.enum(['map', 'base']).default('map'),
      })
      .strict()
      .optional(),
  })
  .strict();
export type BodyTopics = z.infer<typeof BodyTopicsSchema>;

export const BodyCommandsSchema = z
  .object({
    /** Base velocity (`RobotAction.base`). */
    base: Topic(['geometry_msgs/msg/Twist', 'geometry_msgs/msg/TwistStamped']).extend({ frame_id: z.string().optional() }).optional(),
    /** End-effector velocity (`RobotAction.ee`), as MoveIt Servo takes it. */
    ee: Topic(['geometry_msgs/msg/TwistStamped']).extend({ frame_id: z.string().min(1) }).optional(),
    /** Gripper aperture (`RobotAction.gripper`, 0 closed .. 1 open) as a position command. */
    gripper: z
      .discriminatedUnion('via', [
        z.object({ via: z.literal('topic'), topic: RosNameSchema, type: z.literal('std_msgs/msg/Float64'), open_position: z.number(), closed_position: z.number() }).strict(),
        z
          .object({
            via: z.literal('action'),
            action: RosNameSchema,
            type: z.literal('control_msgs/action/GripperCommand'),
            open_position: z.number(),
            closed_position: z.number(),
            max_effort: z.number().nonnegative().default(0),
          })
          .strict(),
      ])
      .optional(),
    /** Joint-space motion instead of velocities (arms behind ros2_control). */
    joint_trajectory: z
      .object({ action: RosNameSchema, type: z.literal('control_msgs/action/FollowJointTrajectory'), joints: z.array(z.string().min(1)).min(1) })
      .strict()
      .optional(),
    /** `RobotAction.press` (push a switch or button). */
    press: Topic(['std_msgs/msg/Bool']).optional(),
  })
  .strict();
export type BodyCommands = z.infer<typeof BodyCommandsSchema>;

const Timing = {
  /** An observation older than this fails the control step (`stalled`): a body that stopped publishing. */
  stale_after_ms: z.number().int().positive().max(60_000).default(1000),
  /** How long a stop may take to be confirmed (zero velocity seen, trajectory goals cancelled). */
  stop_timeout_ms: z.number().int().positive().max(60_000).default(2000),
};

export const BodyConfigSchema = z.discriminatedUnion('kind', [
  /** The built-in simulated world of the fleet's site; `robot` names the scene's robot (default: the fleet robot's id). */
  z
    .object({
      kind: z.literal('sim'),
      robot: z.string().min(1).optional(),
      /** Attach the simulated camera frames to observations (for executors that send images); off by default, frames cost milliseconds. */
      cameras: z.boolean().optional(),
    })
    .strict(),
  z
    .object({
      kind: z.literal('rosbridge'),
      url: z.string().regex(/^wss?:\/\//, 'a ws:// or wss:// URL'),
      topics: BodyTopicsSchema,
      commands: BodyCommandsSchema,
      ...Timing,
    })
    .strict(),
  z
    .object({
      kind: z.literal('ros2'),
      /** Name of the rclnodejs node orca creates for this robot. */
      node_name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/).default('orca_body'),
      topics: BodyTopicsSchema,
      commands: BodyCommandsSchema,
      ...Timing,
    })
    .strict(),
]);
export type BodyConfig = z.infer<typeof BodyConfigSchema>;
