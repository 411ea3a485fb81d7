import { z } from 'zod';
import { CapabilitySchema } from '../domain/entities.js';
import { ExecutorConfigSchema } from '../executors/robot-config.js';
import { BodyConfigSchema } from '../robots/bodies/config.js';
import { IdSchema, ScenePersonSchema } from '../world/index.js';

/**
 * `config/fleets/*.yaml`: a site and the robots that work in it. Each robot binds a body (where its
 * observations come from and its actions go), an executor (the policy or skill server that drives
 * it) and a perception source; the planner's view of it (kind, capabilities, reach, limits) comes
 * from the fleet file, else from the robot config it names, else from the site's scene. Paths are
 * relative to the fleet file. See docs/fleets.md.
 */

const LimitsSchema = z
  .object({ max_base_speed: z.number().nonnegative(), max_base_turn_rate: z.number().nonnegative(), max_ee_speed: z.number().nonnegative() })
  .strict();

/** How long one control step may wait for a policy's answer before the attempt fails. */
const StepDeadlineMs = z.number().int().positive().max(600_000);

export const FleetRobotSchema = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9_]*$/, 'robot ids are lower_snake_case'),
    body: BodyConfigSchema,
    /** The executor inline (any `config/robots/*.yaml` executor kind) … */
    executor: ExecutorConfigSchema.optional(),
    /** … or a robot config file whose executor, kind, capabilities and limits this robot takes. */
    robot_config: z.string().min(1).optional(),
    /** The planner's kind of robot; default: the robot config's kind when it is one of these, else the scene's robot. */
    kind: z.enum(['mobile_manipulator', 'fixed_arm']).optional(),
    capabilities: z.array(CapabilitySchema).min(1).optional(),
    limits: LimitsSchema.optional(),
    /** How far the end effector reaches from the base, metres (default: the simulated robots' reach for the kind). */
    reach: z.number().positive().max(10).optional(),
    perception: z
      .object({
        /** Where the verifier's detections come from: the body's observations (its detections topic). */
        detections: z.literal('body').default('body'),
        /** The camera (a `body.topics.cameras` name) whose frames the fleet's second opinion looks at. */
        camera: z.string().regex(/^[A-Za-z0-9_]+$/).optional(),
      })
      .strict()
      .default({ detections: 'body' }),
    /** Overrides `runtime.step_deadline_ms` for this robot's policy. */
    step_deadline_ms: StepDeadlineMs.optional(),
  })
  .strict()
  .superRefine((r, ctx) => {
    if ((r.executor === undefined) === (r.robot_config === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['executor'], message: 'give the executor inline or a robot_config file, exactly one of the two' });
    }
  });
export type FleetRobot = z.infer<typeof FleetRobotSchema>;

export const SiteSchema = z
  .object({
    /** A built-in scene name (`home`, `libero/<task>`) … */
    scene: z.string().min(1).optional(),
    /** … or a scene file: rooms, fixtures, objects the robots may expect, people. */
    scene_file: z.string().min(1).optional(),
    /** The people of the site, replacing the scene's own. */
    people: z.array(ScenePersonSchema).optional(),
  })
  .strict()
  .superRefine((s, ctx) => {
    if ((s.scene === undefined) === (s.scene_file === undefined)) ctx.addIssue({ code: 'custom', path: ['scene'], message: 'give scene or scene_file, exactly one of the two' });
  });

/** An advisory second opinion on camera frames (src/reasoning/openai/vlm.ts) at each verdict; never a verdict itself. */
export const SecondOpinionSchema = z
  .object({
    model: z.string().min(1),
    base_url: z.string().url().optional(),
    /** Environment variable holding the API key (never the key itself). */
    api_key_env: z.string().regex(/^[A-Z_][A-Z0-9_]*$/).default('OPENAI_API_KEY'),
    /** Below this confidence the model's yes/no reads as unknown. */
    min_confidence: z.number().min(0).max(1).default(0.6),
    timeout_ms: z.number().int().positive().max(120_000).default(20_000),
  })
  .strict();
export type SecondOpinionConfig = z.infer<typeof SecondOpinionSchema>;

export const FleetRuntimeSchema = z
  .object({
    /** Control steps per second (the simulated clock of sim-only fleets ticks at this rate too). */
    control_rate_hz: z.number().positive().max(1000).default(10),
    /** Longest one control step waits for a policy request in flight; past it the attempt fails. */
    step_deadline_ms: StepDeadlineMs.default(30_000),
    /** Longest each body may take at start to deliver every configured topic. */
    ready_timeout_ms: z.number().int().positive().max(600_000).default(10_000),
  })
  .strict();
export type FleetRuntimeConfig = z.infer<typeof FleetRuntimeSchema>;

export const FleetFileSchema = z
  .object({
    name: IdSchema,
    description: z.string().max(2000).optional(),
    site: SiteSchema,
    robots: z.array(FleetRobotSchema).min(1),
    perception: z.object({ second_opinion: SecondOpinionSchema.optional() }).strict().default({}),
    runtime: FleetRuntimeSchema.default({ control_rate_hz: 10, step_deadline_ms: 30_000, ready_timeout_ms: 10_000 }),
  })
  .strict()
  .superRefine((f, ctx) => {
    const seen = new Set<string>();
    f.robots.forEach((r, i) => {
      if (seen.has(r.id)) ctx.addIssue({ code: 'custom', path: ['robots', i, 'id'], message: `robot id "${r.id}" is used twice` });
      seen.add(r.id);
    });
  });
export type FleetFile = z.infer<typeof FleetFileSchema>;
