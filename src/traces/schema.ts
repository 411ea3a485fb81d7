import { z } from 'zod';
import { ValidationError } from '../domain/failures.js';
import { toJsonObject } from './json.js';

/**
 * The trace event envelope. It is deliberately generic: the emitting tiers (execution, agents,
 * server) put their own typed payloads in `data`; the store only guarantees who/what/when, the
 * per-mission order and that `data` is plain, bounded JSON.
 */

/** Upper bound on one event's `data`, as UTF-8 bytes of its JSON text. Large blobs (images) belong elsewhere. */
export const MAX_EVENT_DATA_BYTES = 256 * 1024;
/** Upper bound on ids (mission, actor, subgoal, goal): they are keys, not payloads. */
export const MAX_ID_LENGTH = 200;

export const TraceActorKindSchema = z.enum(['agent', 'machine', 'executor', 'verifier', 'person', 'system']);
export type TraceActorKind = z.infer<typeof TraceActorKindSchema>;

export const TRACE_EVENT_KINDS = [
  'instruction',
  'question',
  'answer',
  'goal',
  'plan',
  'validation',
  'allocation',
  'dispatch',
  'step',
  'verdict',
  'reflection',
  'delegation',
  'correction',
  'transition',
  'pause',
  'resume',
  'cancel',
  'estop',
  'estop_release',
  'outcome',
  'note',
  'error',
  /** A use of the site memory, or what it learned, expired, dropped or forgot (agents/memory). */
  'memory',
] as const;
export const TraceEventKindSchema = z.enum(TRACE_EVENT_KINDS);
export type TraceEventKind = z.infer<typeof TraceEventKindSchema>;

const IdSchema = z.string().min(1).max(MAX_ID_LENGTH);

export const TraceActorSchema = z.object({ kind: TraceActorKindSchema, id: IdSchema });
export type TraceActor = z.infer<typeof TraceActorSchema>;

/** Simulated seconds since the mission's world started; null when the event has no sim clock (e.g. a person's message). */
const SimTimeSchema = z.number().finite().nonnegative().nullable();

/** Data as stored: a JSON object (already normalised and size-checked on the way in). */
export const TraceDataSchema = z.record(z.string(), z.json());
export type TraceData = z.infer<typeof TraceDataSchema>;

const WallTimeSchema = z.iso.datetime({ precision: 3 });

export const TraceEventSchema = z.object({
  missionId: IdSchema,
  /** 1..n per mission, gapless, assigned by the store. */
  seq: z.number().int().positive(),
  actor: TraceActorSchema,
  kind: TraceEventKindSchema,
  subgoalId: IdSchema.optional(),
  goalId: IdSchema.optional(),
  /** ISO 8601 UTC with milliseconds, assigned by the store's clock at append. */
  wallTime: WallTimeSchema,
  simTime: SimTimeSchema,
  data: TraceDataSchema,
});
export type TraceEvent = z.infer<typeof TraceEventSchema>;

/**
 * What callers append: the store assigns `seq` and `wallTime`. `data` accepts any plain object and
 * is normalised to JSON (undefined properties dropped, as JSON.stringify would) but anything JSON
 * cannot represent faithfully (NaN, Infinity, bigint, functions, class instances, cycles) is refused
 * rather than silently mangled, and so is data over MAX_EVENT_DATA_BYTES.
 */
export const TraceEventInputSchema = z
  .object({
    missionId: IdSchema,
    actor: TraceActorSchema,
    kind: TraceEventKindSchema,
    subgoalId: IdSchema.optional(),
    goalId: IdSchema.optional(),
    simTime: SimTimeSchema.optional(),
    data: z
      .unknown()
      .optional()
      .transform((value, ctx) => {
        const result = toJsonObject(value ?? {}, MAX_EVENT_DATA_BYTES);
        if (result.ok) return result.value;
        for (const issue of result.issues) ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
        return z.NEVER;
      }),
  })
  // Strict: a caller passing `seq` or `wallTime` expects them honoured; the store assigns both.
  .strict();
export type TraceEventInput = z.input<typeof TraceEventInputSchema>;
export type ValidTraceEventInput = z.output<typeof TraceEventInputSchema>;

/** Validates an append; throws the domain ValidationError (callers map it to 400/413) so nothing partial is written. */
export function parseTraceEventInput(input: unknown): ValidTraceEventInput {
  const parsed = TraceEventInputSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
  throw new ValidationError(`invalid trace event: ${issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ')}`, issues);
}

/** Builds the stored event with a fixed key order, so JSON exports are byte-stable. */
export function makeTraceEvent(input: ValidTraceEventInput, seq: number, wallTime: string): TraceEvent {
  return orderTraceEvent({
    missionId: input.missionId,
    seq,
    actor: input.actor,
    kind: input.kind,
    subgoalId: input.subgoalId,
    goalId: input.goalId,
    wallTime,
    simTime: input.simTime ?? null,
    data: input.data,
  });
}

/** The canonical key order of an event; absent subgoal/goal ids are omitted, not null. */
export function orderTraceEvent(e: TraceEvent): TraceEvent {
  return {
    missionId: e.missionId,
    seq: e.seq,
    actor: { kind: e.actor.kind, id: e.actor.id },
    kind: e.kind,
    ...(e.subgoalId !== undefined ? { subgoalId: e.subgoalId } : {}),
    ...(e.goalId !== undefined ? { goalId: e.goalId } : {}),
    wallTime: e.wallTime,
    simTime: e.simTime,
    data: e.data,
  };
}
