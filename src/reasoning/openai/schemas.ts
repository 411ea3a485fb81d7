import { z } from 'zod';
import { PredicateNameSchema } from '../../domain/predicates.js';

/**
 * The shapes asked of the model (response_format json_schema, strict). They are flat objects with a
 * `kind` and nullable fields rather than the domain's discriminated unions: strict mode needs an
 * object root with every field required, and small local models follow flat schemas far better.
 * `convert.ts` turns them into the domain types; nothing here is trusted before that.
 */

/** One reading of a phrase: the ids it would mean, how a person tells it apart, and its score (0 to 1). */
const WireCandidate = z.object({ label: z.string(), ids: z.array(z.string()), score: z.number() });

const WirePredicate = z.object({ pred: PredicateNameSchema, args: z.array(z.string()), neg: z.boolean() });

export const WireInterpretationSchema = z.object({
  kind: z.enum(['goal', 'search', 'clarify', 'refuse', 'not_found']),
  /** goal (and optionally search): ordered steps, each a conjunction. */
  steps: z.array(z.object({ conjuncts: z.array(WirePredicate) })).nullable(),
  /**
   * goal: which belief ids each phrase of the instruction meant, and, when a phrase could mean
   * different things, every reading with a score (how likely the person meant it); orca decides from
   * the scores whether to ask, by the same calibrated rule as the built-in reasoner (ask-rule.ts).
   */
  groundings: z.array(z.object({ text: z.string(), ids: z.array(z.string()), candidates: z.array(WireCandidate).nullable() })).nullable(),
  /** search: the type looked for and the unknown containers to open, most likely first. */
  search: z.object({ type: z.string(), containers: z.array(z.string()) }).nullable(),
  /** clarify: one question and its candidates. */
  question: z.string().nullable(),
  options: z.array(z.object({ label: z.string(), ids: z.array(z.string()) })).nullable(),
  /** refuse / not_found. */
  reason: z.string().nullable(),
});
export type WireInterpretation = z.infer<typeof WireInterpretationSchema>;

const WireCall = z.object({
  id: z.string(),
  skill: z.string(),
  /** A list, not a map: strict json_schema forbids free-form object keys. */
  args: z.array(z.object({ name: z.string(), value: z.string() })),
  assignee: z.object({ kind: z.enum(['robot', 'person']), id: z.string() }),
  dependsOn: z.array(z.string()),
});
export type WireCall = z.infer<typeof WireCall>;

export const WirePlanSchema = z.object({
  calls: z.array(WireCall),
  /** Set (and calls left empty) only when no plan can reach the goal. */
  impossible: z.string().nullable(),
});
export type WirePlan = z.infer<typeof WirePlanSchema>;

export const WireReflectionSchema = z.object({
  kind: z.enum(['retry', 'retry_reworded', 'insert', 'replan', 'delegate', 'ask', 'abort']),
  why: z.string(),
  instruction: z.string().nullable(),
  calls: z.array(WireCall).nullable(),
  person: z.string().nullable(),
  question: z.string().nullable(),
  reason: z.string().nullable(),
});
export type WireReflection = z.infer<typeof WireReflectionSchema>;

/** Control words (stop, pause…) are never offered to the model: they are decided before it is asked. */
export const WireIntentSchema = z.object({
  kind: z.enum(['correction', 'new_goal', 'question', 'answer']),
  text: z.string(),
  referent: z.enum(['other', 'attribute', 'motion']).nullable(),
  mode: z.enum(['merge', 'replace']).nullable(),
  about: z.enum(['doing', 'why_stopped', 'status', 'where', 'other']).nullable(),
});
export type WireIntent = z.infer<typeof WireIntentSchema>;

export const WireAnswerSchema = z.object({
  kind: z.enum(['chosen', 'unresolved']),
  /** Indices into the options offered (0-based). */
  options: z.array(z.number()),
  reason: z.string().nullable(),
});
export type WireAnswer = z.infer<typeof WireAnswerSchema>;
