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
    /** ALOHA camera → observation image key. */
    cameras: z.partialRecord(z.enum(['cam_high', 'cam_low', 'cam_left_wrist', 'cam_right_wrist']), z.string()).optional(),
    /** LIBERO/DROID: observation image keys of the main (agent-view/exterior) and wrist cameras. */
    camera: z.string().optional(),
    wrist_camera: z.string().optional(),
    /** LIBERO: rotate frames 180° like the LIBERO example (its simulator renders upside down). */
    rotate_180: z.boolean().default(false),
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
  .refine((e) => e.layout !== 'aloha' || (e.cameras && Object.keys(e.cameras).length > 0), { message: 'the aloha layout needs cameras', path: ['cameras'] });

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
