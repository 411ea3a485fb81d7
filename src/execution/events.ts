import { z } from 'zod';
import { FailureCodeSchema } from '../domain/failures.js';
import { PredicateSchema } from '../domain/predicates.js';
import { RecoveryDecisionSchema } from './decisions.js';

/**
 * Everything the executive tier does, as typed events for the trace store. Each carries the mission
 * id, a per-mission sequence number and the simulated time it happened at. Observers attach through
 * `onEvent` / `runner.subscribe`; the machines only call one emit function.
 */
const base = { missionId: z.string(), seq: z.number().int().nonnegative(), simTime: z.number().nonnegative() };

/** `StepLink` of src/domain/executor.ts. */
const StepLinkSchema = z.object({
  policy: z.object({ endpoint: z.string(), requests: z.number().int().nonnegative(), lastMs: z.number().optional() }).optional(),
  observation: z.object({ via: z.string(), seq: z.number().int(), ageMs: z.number() }).optional(),
});

export const SubgoalStateNameSchema = z.enum([
  'pending',
  'awaiting_approval',
  'dispatching',
  'executing',
  'verifying',
  'stopping',
  'reflecting',
  'paused',
  'cancelling',
  'awaiting_human',
  'estopped',
  'succeeded',
  'failed',
  'cancelled',
]);
export type SubgoalStateName = z.infer<typeof SubgoalStateNameSchema>;

export const MissionOutcomeSchema = z.enum(['succeeded', 'failed', 'cancelled', 'uncertain']);
export type MissionOutcomeKind = z.infer<typeof MissionOutcomeSchema>;

/** A robot as one observation reports it, rounded to the millimetre: what a replay redraws and plots read. */
export const StepRobotSchema = z.object({
  x: z.number(),
  y: z.number(),
  theta: z.number(),
  ee: z.object({ x: z.number(), y: z.number(), z: z.number() }),
  /** 0 closed .. 1 fully open. */
  aperture: z.number(),
  holding: z.string().nullable(),
});
export type StepRobot = z.infer<typeof StepRobotSchema>;

const StopFields = {
  subgoalId: z.string(),
  goalId: z.string(),
  robotId: z.string(),
  reason: z.string(),
};

export const ExecutionEventSchema = z.discriminatedUnion('type', [
  z.object({ ...base, type: z.literal('mission_started'), planId: z.string(), subgoals: z.array(z.string()) }),
  z.object({ ...base, type: z.literal('mission_state'), from: z.string(), to: z.string() }),
  z.object({
    ...base,
    type: z.literal('subgoal_state'),
    subgoalId: z.string(),
    from: SubgoalStateNameSchema.nullable(),
    to: SubgoalStateNameSchema,
  }),
  z.object({
    ...base,
    type: z.literal('dispatch_recorded'),
    subgoalId: z.string(),
    goalId: z.string(),
    robotId: z.string(),
    instruction: z.string(),
    attempt: z.number().int().min(1),
  }),
  z.object({
    ...base,
    type: z.literal('executor_event'),
    subgoalId: z.string(),
    goalId: z.string(),
    robotId: z.string(),
    kind: z.enum(['started', 'step', 'task_changed', 'claimed_done', 'failed', 'stopped']),
    /** Executor step sequence for sampled `step` summaries. */
    step: z.number().int().optional(),
    /** Sampled steps of a robot reached over a network: the policy server asked and the link its observation came over. */
    link: StepLinkSchema.optional(),
    /** For sampled steps: the robot as its own observation of that step reports it (replay and plots). */
    robot: StepRobotSchema.optional(),
    detail: z.string().optional(),
  }),
  z.object({
    ...base,
    type: z.literal('verdict'),
    subgoalId: z.string(),
    goalId: z.string().nullable(),
    robotId: z.string().nullable(),
    kind: z.enum(['progress', 'succeeded', 'stalled', 'false_completion', 'uncertain', 'failed', 'accepted_as_reported']),
    score: z.number().optional(),
    code: FailureCodeSchema.optional(),
    evidence: z.unknown(),
    /** For `accepted_as_reported`: who reported the work done, and what they reported (the person's criteria). */
    reportedBy: z.string().optional(),
    reported: z.array(PredicateSchema).optional(),
  }),
  z.object({
    ...base,
    type: z.literal('failure'),
    subgoalId: z.string(),
    goalId: z.string().nullable(),
    code: FailureCodeSchema,
    message: z.string(),
    diagnosis: FailureCodeSchema.optional(),
    evidence: z.unknown(),
  }),
  z.object({
    ...base,
    type: z.literal('reflection_requested'),
    subgoalId: z.string(),
    code: FailureCodeSchema,
    attempt: z.number().int(),
    remainingRetries: z.number().int(),
  }),
  z.object({
    ...base,
    type: z.literal('recovery_decided'),
    subgoalId: z.string(),
    decision: RecoveryDecisionSchema,
    /** Set when the machine overrode the reflector (e.g. a retry past the budget became an abort). */
    note: z.string().optional(),
  }),
  z.object({
    ...base,
    type: z.literal('human_request'),
    subgoalId: z.string(),
    kind: z.enum(['approval', 'task', 'delegation', 'question']),
    person: z.string().nullable(),
    text: z.string(),
  }),
  z.object({
    ...base,
    type: z.literal('human_response'),
    subgoalId: z.string(),
    kind: z.enum(['approved', 'rejected', 'done', 'failed', 'answered']),
    detail: z.string().optional(),
  }),
  z.object({ ...base, type: z.literal('correction'), subgoalId: z.string(), goalId: z.string(), instruction: z.string() }),
  z.object({
    ...base,
    type: z.literal('plan_changed'),
    kind: z.enum(['insert', 'replan']),
    bySubgoal: z.string(),
    subgoals: z.array(z.string()),
  }),
  z.object({ ...base, type: z.literal('estop'), reason: z.string(), executors: z.array(z.string()) }),
  z.object({ ...base, type: z.literal('estop_released') }),
  z.object({ ...base, type: z.literal('paused') }),
  z.object({ ...base, type: z.literal('resumed') }),
  z.object({ ...base, type: z.literal('cancel_requested'), reason: z.string() }),
  z.object({ ...base, type: z.literal('stop_confirmed'), ...StopFields }),
  z.object({ ...base, type: z.literal('stop_unconfirmed'), ...StopFields }),
  z.object({ ...base, type: z.literal('mission_outcome'), outcome: MissionOutcomeSchema, reason: z.string().optional() }),
]);
export type ExecutionEvent = z.infer<typeof ExecutionEventSchema>;
export type ExecutionEventType = ExecutionEvent['type'];

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** An event before the runner stamps mission id, sequence and sim time. */
export type ExecutionEventBody = DistributiveOmit<ExecutionEvent, 'missionId' | 'seq' | 'simTime'>;
