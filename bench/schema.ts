import { z } from 'zod';
import { PREDICATE_ARITY, PredicateNameSchema } from '../src/domain/predicates.js';
import type { Predicate } from '../src/domain/predicates.js';
import type { ConfigName, Preset } from './configs.js';

/**
 * Benchmark task files. Goals are written as predicate strings (`on(book_1, desk_1)`,
 * `!isOpen(fridge_1)`) so a task reads like the world's own vocabulary; they are parsed and
 * checked here, and scored against the simulated world's ground truth, never orca's beliefs.
 */
const PRED_RE = /^(!?)\s*([A-Za-z]+)\s*\(\s*([^()]*)\)\s*$/;

export function parsePredicate(text: string): Predicate {
  const m = PRED_RE.exec(text.trim());
  if (!m) throw new Error(`not a predicate: "${text}"`);
  const name = PredicateNameSchema.safeParse(m[2]);
  if (!name.success) throw new Error(`unknown predicate "${m[2] ?? ''}" in "${text}"`);
  const args = (m[3] ?? '').split(',').map((a) => a.trim()).filter((a) => a.length > 0);
  if (args.length !== PREDICATE_ARITY[name.data]) throw new Error(`"${text}": ${name.data} takes ${PREDICATE_ARITY[name.data]} arguments`);
  return { pred: name.data, args, ...(m[1] === '!' ? { neg: true } : {}) };
}

const PredicateTextSchema = z.string().transform((s, ctx) => {
  try {
    return parsePredicate(s);
  } catch (e) {
    ctx.addIssue({ code: 'custom', message: (e as Error).message });
    return z.NEVER;
  }
});

/**
 * One conjunct of a goal: a predicate, a disjunction (`any`, e.g. "an apple" = either apple; an item
 * may itself be a list of predicates that must all hold, e.g. "both apples in one cabinet" = for some
 * cabinet, both apples in it), or a predicate a person is expected to make true (`byPerson`): the
 * simulated world does not act out people's work, so such a clause also counts when the mission
 * delegated work to that person and ended succeeded (reported separately as person-reported).
 */
const AlternativeSchema = z.union([PredicateTextSchema.transform((p) => [p]), z.array(PredicateTextSchema).min(1)]);

export const ClauseSchema = z.union([
  PredicateTextSchema.transform((p) => ({ kind: 'pred' as const, pred: p })),
  z.object({ any: z.array(AlternativeSchema).min(1) }).strict().transform((c) => ({ kind: 'any' as const, preds: c.any })),
  z
    .object({ pred: PredicateTextSchema, byPerson: z.string().min(1) })
    .strict()
    .transform((c) => ({ kind: 'person' as const, pred: c.pred, person: c.byPerson })),
  // A state the thing was in at some time of the mission (`isHot`, `isCold`, `isClean`): ALFRED's goals
  // ask whether it was heated, and a heated thing put in a fridge is cold again by the end.
  z.object({ once: PredicateTextSchema }).strict().transform((c) => ({ kind: 'once' as const, pred: c.once })),
]);
export type Clause = z.output<typeof ClauseSchema>;

export const FAMILIES = [
  'pick_and_place',
  'pick_two_and_place',
  'look_at_in_light',
  'pick_clean_then_place',
  'pick_heat_then_place',
  'pick_cool_then_place',
  'pick_and_place_movable',
  'slice',
  'libero',
  'saycan',
  /** Several goals of different kinds in one instruction (household-hard). */
  'long_horizon',
] as const;

export const BenchTaskSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9_-]+$/),
    family: z.enum(FAMILIES),
    tags: z.array(z.string().min(1)).default([]),
    scene: z.string().min(1).default('home'),
    instruction: z.string().min(1).max(2000),
    /** Restricts the mission to one robot (how person tasks ask for a capability that robot lacks). */
    robot: z.string().min(1).optional(),
    /** Expected number of subgoals of a sensible plan (documentation and the 3–10 check). */
    steps: z.number().int().min(1).max(20),
    ambiguous: z.boolean().default(false),
    /** Step-by-step directions given with the instruction (the mission's `steps`). */
    directions: z.array(z.string().trim().min(1).max(500)).max(60).optional(),
    /** A scene generated for this task (scene file text), uploaded before the mission; `scene` is its name. */
    sceneText: z.string().max(512 * 1024).optional(),
    /** Scripted user: a question mentioning a key (case-insensitive) gets that answer. */
    answers: z.record(z.string().min(1), z.string().min(1)).default({}),
    goal: z.array(ClauseSchema).min(1),
    source: z.string().optional(),
  })
  .strict()
  .refine((t) => !t.ambiguous || Object.keys(t.answers).length > 0, { message: 'an ambiguous task needs scripted answers', path: ['answers'] });
export type BenchTask = z.output<typeof BenchTaskSchema>;

export const TaskFileSchema = z.object({ suite: z.string().min(1), tasks: z.array(BenchTaskSchema).min(1) }).strict();

export const SUITES = ['household', 'household-hard', 'libero10', 'saycan', 'alfred-train'] as const;
export type SuiteName = (typeof SUITES)[number];
/**
 * What a run measures unless `--suites` says otherwise. `alfred-train` (1400 missions per seed) runs
 * when named: its figures are reported on their own (docs/reasoner.md).
 */
export const DEFAULT_SUITES: readonly SuiteName[] = ['household', 'household-hard', 'libero10', 'saycan'];

export interface Suite {
  name: SuiteName;
  tasks: BenchTask[];
  /** How the tasks were chosen (saycan: the data filter and how many rows it kept). */
  note: string;
  /** The configurations this suite is measured in (all when absent). */
  configs?: readonly ConfigName[];
  /** The fault presets this suite is measured at (all the run's when absent; oracle always runs with faults off). */
  presets?: readonly Preset[];
  /** At most this many of the run's seeds (its missions are long: the seed budget keeps the run within its time). */
  maxSeeds?: number;
}

/** Whether a run measures `suite` in this cell on this seed (its configurations, presets and seed budget). */
export function suiteRuns(suite: Pick<Suite, 'configs' | 'presets' | 'maxSeeds'>, config: ConfigName, preset: Preset | 'off', seed: number): boolean {
  if (suite.configs && !suite.configs.includes(config)) return false;
  if (suite.presets && preset !== 'off' && !suite.presets.includes(preset)) return false;
  return suite.maxSeeds === undefined || seed <= suite.maxSeeds;
}

/** Every entity id a clause names (for the task-file checks). */
export function clauseIds(c: Clause): string[] {
  const preds = c.kind === 'any' ? c.preds.flat() : [c.pred];
  return preds.flatMap((p) => p.args);
}
