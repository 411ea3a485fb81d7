import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { CapabilitySchema } from '../domain/entities.js';
import { ValidationError } from '../domain/failures.js';
import { ActionTimeoutsSchema, SensorSchema, SkillMapSchema } from './ros2/action-config.js';
import { FaultConfigSchema } from './sim-policy/faults.js';

/**
 * `config/robots/*.yaml`: one robot and the executor that drives it, discriminated by
 * `executor.kind`. Field names are snake_case like the rest of `config/`; see docs/executors.md.
 */
const Url = (schemes: readonly string[]) =>
  z.string().refine((s) => {
    try {
      return schemes.includes(new URL(s).protocol);
    } catch {
      return false;
    }
  }, `expected a ${schemes.join(' or ')} URL`);

const RetrySchema = z
  .object({
    retries: z.number().int().nonnegative().optional(),
    initial_delay_ms: z.number().positive().optional(),
    max_delay_ms: z.number().positive().optional(),
    factor: z.number().min(1).optional(),
  })
  .strict();

/** Largest message the server may send (see `protocols/message-bounds.ts` for the defaults). */
const MaxMessageBytes = z.number().int().positive().max(1024 * 1024 * 1024).optional();

const Common = {
  max_steps: z.number().int().positive().optional(),
  max_message_bytes: MaxMessageBytes,
  timeout_ms: z.number().positive().optional(),
  retry: RetrySchema.optional(),
  trained_templates: z.array(z.string()).optional(),
};

/** The simulated VLA of `src/executors/sim-policy` on a robot of the simulated household. */
export const SimExecutorSchema = z
  .object({
    kind: z.literal('sim'),
    policy: z.enum(['household']).default('household'),
    /** A preset (`off`, `default`, `harsh`) or explicit per-attempt fault probabilities. */
    faults: z.union([z.enum(['off', 'default', 'harsh']), FaultConfigSchema]).default('off'),
    /** Fault draws are a function of (seed, goalId): the same seed replays the same failures. */
    seed: z.union([z.number().int(), z.string().min(1)]).default(0),
  })
  .strict();

export const OpenVlaExecutorSchema = z
  .object({
    kind: z.literal('openvla'),
    url: Url(['http:', 'https:']),
    unnorm_key: z.string().min(1).optional(),
    encoded: z.boolean().default(false),
    camera: z.string().optional(),
    image_size: z.number().int().positive().optional(),
    ...Common,
  })
  .strict();

export const OpenVlaOftExecutorSchema = z
  .object({
    kind: z.literal('openvla_oft'),
    url: Url(['http:', 'https:']),
    camera: z.string().optional(),
    /** observation image key → wire key (must contain "wrist"). */
    wrist_cameras: z.record(z.string(), z.string().regex(/wrist/, 'OFT wrist keys must contain "wrist"')).default({}),
    proprio: z.enum(['joints', 'none']).default('none'),
    image_size: z.number().int().positive().default(224),
    action_dim: z.number().int().positive().default(7),
    open_loop_steps: z.number().int().positive().optional(),
    encoded: z.boolean().default(false),
    ...Common,
  })
  .strict();

/**
 * A joint of `observation.joints` by name, or one whose raw position is normalised so that `closed`
 * reads 0 and `open` reads 1 (e.g. ALOHA's gripper from a finger position).
 */
const JointSourceSchema = z.union([
  z.string().min(1),
  z
    .object({ name: z.string().min(1), closed: z.number(), open: z.number() })
    .strict()
    .refine((j) => j.open !== j.closed, { message: 'open and closed must differ', path: ['open'] }),
]);

/** LIBERO's `observation/state`: eef position, the eef quaternion (sent as axis-angle), the two finger joints. */
const LiberoStateSchema = z
  .object({
    /** `ee` = the observation's end-effector position, or three joint names. */
    eef_position: z.union([z.literal('ee'), z.tuple([JointSourceSchema, JointSourceSchema, JointSourceSchema])]).default('ee'),
    /** Joint names holding the eef orientation quaternion, in x, y, z, w order (robosuite's). */
    eef_quaternion: z.tuple([JointSourceSchema, JointSourceSchema, JointSourceSchema, JointSourceSchema]),
    /** The two finger joint positions, or `aperture` (±0.04 m × gripper aperture, the Panda's travel). */
    gripper_qpos: z.union([z.literal('aperture'), z.tuple([JointSourceSchema, JointSourceSchema])]).default('aperture'),
  })
  .strict();

/** Joints each layout's model reads, in the model's order. */
const OPENPI_JOINT_COUNTS = { droid: 7, aloha: 14 } as const;

export const OpenPiExecutorSchema = z
  .object({
    kind: z.literal('openpi'),
    url: Url(['ws:', 'wss:']),
    /** Name of the environment variable holding the API key (never the key itself). */
    api_key_env: z.string().regex(/^[A-Z_][A-Z0-9_]*$/).optional(),
    layout: z.enum(['libero', 'droid', 'aloha', 'household']),
    /** household: the robot the server's policy acts for, as the server names it (default: this robot's id). */
    robot: z.string().min(1).max(200).optional(),
    /** household: resize the camera frame (with padding) to this square side before sending; default as captured. */
    image_size: z.number().int().positive().max(4096).optional(),
    /** ALOHA camera → observation image key; `cam_high` is required (openpi's ALOHA policy reads it). */
    cameras: z.partialRecord(z.enum(['cam_high', 'cam_low', 'cam_left_wrist', 'cam_right_wrist']), z.string()).optional(),
    /** LIBERO/DROID: observation image keys of the main (agent-view/exterior) and wrist cameras. */
    camera: z.string().optional(),
    wrist_camera: z.string().optional(),
    /** LIBERO: rotate frames 180° like the LIBERO example (its simulator renders upside down). */
    rotate_180: z.boolean().default(false),
    /** LIBERO: where the 8 numbers of `observation/state` come from. */
    state: LiberoStateSchema.optional(),
    /** ALOHA (14) / DROID (7): `observation.joints` names in the model's joint order. */
    joints: z.array(JointSourceSchema).min(1).optional(),
    open_loop_steps: z.number().int().positive().default(5),
    action_dim: z.number().int().positive().optional(),
    /** How action vectors become RobotActions; each layout has a default (docs/executors.md). */
    action_mapping: z
      .object({
        /** ALOHA: the arm RobotAction's single end effector follows; the other arm's commands are dropped. */
        arm: z.enum(['left', 'right']).default('left'),
        /** DROID: rad/s per unit of the policy's joint velocity (default 3 = 0.2 rad per step at 15 Hz). */
        joint_velocity_scale: z.number().positive().optional(),
        /** LIBERO: seconds one predicted ee delta spans (default: the control period). */
        delta_period_s: z.number().positive().optional(),
      })
      .strict()
      .optional(),
    ...Common,
  })
  .strict()
  .superRefine((e, ctx) => {
    const need = (ok: boolean, path: string[], message: string): void => {
      if (!ok) ctx.addIssue({ code: 'custom', path, message });
    };
    if (e.layout === 'libero') {
      need(e.wrist_camera !== undefined, ['wrist_camera'], 'the libero layout needs wrist_camera (sent as observation/wrist_image)');
      need(e.state !== undefined, ['state'], 'the libero layout needs state.eef_quaternion: the joints holding the end effector orientation (sent as axis-angle)');
      need(e.joints === undefined, ['joints'], 'the libero layout reads its joints from state');
    } else {
      need(e.state === undefined, ['state'], `state is for the libero layout; ${e.layout} reads joints`);
    }
    if (e.layout === 'aloha') {
      need(e.cameras?.cam_high !== undefined, ['cameras', 'cam_high'], "the aloha layout needs cameras.cam_high: openpi's ALOHA policy takes it as the base image and fails without it");
      need(e.joints !== undefined, ['joints'], 'the aloha layout needs joints: 14 observation.joints names in ALOHA order (left 6 + gripper, right 6 + gripper)');
    }
    if (e.layout === 'household') need(e.joints === undefined, ['joints'], 'the household layout sends the robot state it reads itself; it takes no joints');
    else if (e.layout !== 'libero' && e.joints !== undefined) {
      const n = OPENPI_JOINT_COUNTS[e.layout];
      need(e.joints.length === n, ['joints'], `the ${e.layout} layout takes ${n} joints, got ${e.joints.length}`);
    }
  });

const ActionRobotFields = {
  sensors: z.array(SensorSchema).default([]),
  skills: SkillMapSchema,
  timeouts: ActionTimeoutsSchema.partial().default({}),
  trained_templates: z.array(z.string()).optional(),
};

export const Ros2ExecutorSchema = z
  .object({
    kind: z.literal('ros2'),
    node_name: z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'ROS node names are letters, digits and _').default('orca'),
    namespace: z.string().default(''),
    ...ActionRobotFields,
  })
  .strict();

export const RosbridgeExecutorSchema = z
  .object({
    kind: z.literal('rosbridge'),
    url: Url(['ws:', 'wss:']),
    retry: RetrySchema.optional(),
    max_message_bytes: MaxMessageBytes,
    ...ActionRobotFields,
  })
  .strict();

export const ExecutorConfigSchema = z.discriminatedUnion('kind', [
  SimExecutorSchema,
  OpenVlaExecutorSchema,
  OpenVlaOftExecutorSchema,
  OpenPiExecutorSchema,
  Ros2ExecutorSchema,
  RosbridgeExecutorSchema,
]);
export type ExecutorConfig = z.infer<typeof ExecutorConfigSchema>;

export const RobotConfigSchema = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9_]*$/, 'robot ids are lower_snake_case'),
    kind: z.string().min(1),
    description: z.string().optional(),
    capabilities: z.array(CapabilitySchema).min(1),
    limits: z
      .object({ max_base_speed: z.number().nonnegative(), max_base_turn_rate: z.number().nonnegative(), max_ee_speed: z.number().nonnegative() })
      .strict()
      .optional(),
    executor: ExecutorConfigSchema,
  })
  .strict();
export type RobotConfig = z.infer<typeof RobotConfigSchema>;

/** Validates a parsed robot config; errors name the field (`executor.skills.navigate.server: …`). */
export function parseRobotConfig(value: unknown, source = 'robot config'): RobotConfig {
  const r = RobotConfigSchema.safeParse(value);
  if (r.success) return r.data;
  const issues = r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
  throw new ValidationError(`${source}: ${issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ')}`, issues);
}

export function parseRobotConfigYaml(text: string, source = 'robot config'): RobotConfig {
  let value: unknown;
  try {
    value = parseYaml(text);
  } catch (err) {
    throw new ValidationError(`${source}: not valid YAML: ${err instanceof Error ? err.message : String(err)}`);
  }
  return parseRobotConfig(value, source);
}
