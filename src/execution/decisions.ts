import { z } from 'zod';
import type { Failure, FailureCode } from '../domain/failures.js';
import { PlanSchema, SubgoalSchema } from '../domain/plan.js';
import type { Subgoal } from '../domain/plan.js';

/**
 * What reflection answers after a failure. Validated with zod because later reflectors are LLM agents
 * whose output is untrusted; an invalid decision is treated as an abort.
 */
/**
 * A replan with no subgoals: the deliberative tier checked the goal against what the robots believe
 * and found it already holds, so what still runs is stopped and the mission ends with what it did.
 */
const NothingLeftSchema = z.object({ id: z.string().min(1), version: z.number().int().min(1).default(1), subgoals: z.array(SubgoalSchema).max(0) });

export const RecoveryDecisionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('retry') }),
  z.object({ kind: z.literal('retry_reworded'), instruction: z.string().min(1) }),
  z.object({ kind: z.literal('insert'), subgoals: z.array(SubgoalSchema).min(1) }),
  z.object({ kind: z.literal('replan'), plan: z.union([PlanSchema, NothingLeftSchema]) }),
  z.object({ kind: z.literal('delegate'), person: z.string().min(1) }),
  z.object({ kind: z.literal('ask'), question: z.string().min(1) }),
  z.object({ kind: z.literal('abort'), reason: z.string().min(1) }),
]);
export type RecoveryDecision = z.infer<typeof RecoveryDecisionSchema>;

/** A failure as the executive tier records it; `diagnosis` is the verifier's likelier cause of a false completion. */
export interface SubgoalFailure extends Failure {
  diagnosis?: FailureCode;
}

/** One dispatch (or one hand-off to a person) of a subgoal. */
export interface AttemptRecord {
  attempt: number;
  goalId: string;
  /** Robot id, or `person:<id>` for work done by a person. */
  assignee: string;
  instruction: string;
  startedAt: number;
  endedAt: number | null;
  result: 'running' | 'succeeded' | 'failed' | 'paused' | 'cancelled' | 'estopped' | 'superseded';
  failure?: { code: FailureCode; message: string; diagnosis?: FailureCode };
  /** Set when a person's report was accepted without robot evidence. */
  acceptedAsReported?: boolean;
}

export interface ReflectionContext {
  subgoal: Subgoal;
  failure: SubgoalFailure;
  attempts: readonly AttemptRecord[];
  /** How many more retry-like decisions (retry, retry_reworded, insert) the budget allows, this one included. */
  remainingRetries: number;
  simTime: number;
}

export type ReflectionHook = (ctx: ReflectionContext) => RecoveryDecision | Promise<RecoveryDecision>;

/** What a person is asked: approve a dispatch, do a task, take over a delegated one, or answer a question. */
export type HumanRequest =
  | { kind: 'approval'; subgoalId: string; skill: string; instruction: string; robotId: string | null }
  | { kind: 'task'; subgoalId: string; person: string; instruction: string }
  | { kind: 'delegation'; subgoalId: string; person: string; instruction: string; failure: SubgoalFailure | null }
  | { kind: 'question'; subgoalId: string; question: string; failure: SubgoalFailure | null };

/** Told about every human request; answers come back through the runner (`approve`, `humanDone`, `answer`, ...). */
export interface HumanTaskHook {
  request(req: HumanRequest): void;
}

/** Decisions that re-run the subgoal count against its retry budget. */
export function consumesRetry(d: RecoveryDecision): boolean {
  return d.kind === 'retry' || d.kind === 'retry_reworded' || d.kind === 'insert';
}
