import { z } from 'zod';
import { CapabilitySchema } from './entities.js';
import { FailureCodeSchema } from './failures.js';

/** What kind of thing a skill parameter names; the planner and grounder use it to type-check bindings. */
export const ParamKindSchema = z.enum([
  'object', // something pickable
  'receptacle', // something things go in or on (entity or region)
  'openable',
  'toggleable',
  'sliceable',
  'tool',
  'location', // any entity or region a robot can go to
  'person',
]);
export type ParamKind = z.infer<typeof ParamKindSchema>;

/**
 * Predicates in skill files are written compactly, e.g. `in($object, $receptacle)`,
 * `not isOpen($receptacle)`; `$robot` is the robot the subgoal is assigned to; `*` in an effect's
 * `del` list matches any argument.
 */
const PredicateText = z.string().min(3).max(200);

export const SuccessCriteriaSchema = z
  .object({
    /** All must hold… */
    all: z.array(PredicateText).min(1),
    /** …in this many consecutive observations. */
    consecutive: z.number().int().min(1).max(100),
    /** After the executor claims done, how long the verifier waits for the criteria before calling a false completion. */
    settleSeconds: z.number().positive().max(120).default(2),
    /** No progress towards the criteria for this long while running is a stall. */
    stallSeconds: z.number().positive().max(600).default(8),
  })
  .strict();
export type SuccessCriteria = z.infer<typeof SuccessCriteriaSchema>;

export const SkillSchema = z
  .object({
    name: z.string().regex(/^[a-z][a-z0-9_]*$/, 'skill names are snake_case'),
    description: z.string().min(1),
    family: z.enum(['household', 'tabletop', 'both']).default('both'),
    parameters: z
      .array(
        z
          .object({
            name: z.string().regex(/^[a-z][a-z0-9_]*$/),
            kind: ParamKindSchema,
            description: z.string().optional(),
            /** Restricts the entity types this parameter accepts (e.g. Knife, ButterKnife). */
            types: z.array(z.string()).optional(),
          })
          .strict(),
      )
      .max(6),
    capability: CapabilitySchema,
    preconditions: z.array(PredicateText).default([]),
    effects: z
      .object({ add: z.array(PredicateText).default([]), del: z.array(PredicateText).default([]) })
      .strict(),
    /** VLA instruction templates with `{param}` slots; the first is canonical. */
    instructions: z.array(z.string().min(3)).min(1),
    success: SuccessCriteriaSchema,
    timeoutSeconds: z.number().positive().max(3600),
    retries: z.number().int().min(0).max(10),
    /** Hints for reflection, keyed by failure code. */
    failureHints: z.partialRecord(FailureCodeSchema, z.string()).default({}),
    /** A person must approve each dispatch of this skill. */
    requiresApproval: z.boolean().default(false),
  })
  .strict();
export type Skill = z.infer<typeof SkillSchema>;
