import type { Subgoal } from '../domain/plan.js';
import type { ActorFeedback } from './actors.js';
import { consumesRetry } from './decisions.js';
import type { AttemptRecord, HumanRequest, RecoveryDecision, SubgoalFailure } from './decisions.js';
import type { ExecutionDeps } from './deps.js';
import type { SubgoalStateName } from './events.js';

/** The subgoal machine's context, events and the pure context updates its transitions use. */
export interface SubgoalInput {
  deps: ExecutionDeps;
  subgoal: Subgoal;
}

export interface SubgoalContext {
  deps: ExecutionDeps;
  /** Live copy: a reworded retry changes the instruction, a delegation the assignee. */
  subgoal: Subgoal;
  attempts: AttemptRecord[];
  /** Failures since the last success; checked against `subgoal.retries`. */
  failureCount: number;
  goalId: string | null;
  failure: SubgoalFailure | null;
  after: 'success' | 'failure' | 'pause';
  decision: RecoveryDecision | null;
  human: HumanRequest | null;
  estoppedFrom: 'active' | 'pending' | 'human';
  stopConfirmed: boolean;
  progress: number | null;
  reason: string | null;
}

export type SubgoalEvent =
  | ActorFeedback
  | { type: 'GO' }
  | { type: 'APPROVE'; by?: string }
  | { type: 'REJECT'; reason: string }
  | { type: 'PAUSE' }
  | { type: 'RESUME' }
  | { type: 'CANCEL'; reason: string }
  | { type: 'ESTOP' }
  | { type: 'RELEASE' }
  | { type: 'HUMAN_DONE'; report?: string }
  | { type: 'HUMAN_FAILED'; message: string }
  | { type: 'ANSWER'; decision: RecoveryDecision }
  | { type: 'CORRECT'; instruction: string };

/** What a subgoal machine tells its mission: its new state, and plan changes its recovery asks for. */
export type SubgoalReport =
  | { type: 'SG'; id: string; state: SubgoalStateName; robotId: string | null; stopConfirmed: boolean; reason: string | null }
  | { type: 'INSERT'; id: string; subgoals: Subgoal[] }
  | { type: 'REPLAN'; id: string; plan: Extract<RecoveryDecision, { kind: 'replan' }>['plan'] };

export const robotOf = (s: Subgoal): string | null => (s.assignee.kind === 'robot' ? s.assignee.id : null);
export const now = (c: SubgoalContext): number => c.deps.ticker.simTime;
export const remaining = (c: SubgoalContext): number => Math.max(0, c.subgoal.retries - c.failureCount + 1);

export function closeLast(c: SubgoalContext, result: AttemptRecord['result'], extra: Partial<AttemptRecord> = {}): AttemptRecord[] {
  return c.attempts.map((a, i) =>
    i === c.attempts.length - 1 && a.result === 'running' ? { ...a, result, endedAt: now(c), ...extra } : a,
  );
}

/** The machine enforces the retry budget whatever the reflector says. */
export function adopt(c: SubgoalContext, decision: RecoveryDecision, note?: string): Partial<SubgoalContext> {
  let d = decision;
  let why = note;
  if (consumesRetry(d) && c.failureCount > c.subgoal.retries) {
    why = `${d.kind} refused: retry budget of ${c.subgoal.retries} exhausted`;
    d = { kind: 'abort', reason: `${c.subgoal.id}: retry budget exhausted; last failure ${c.failure?.code ?? 'unknown'}: ${c.failure?.message ?? ''}` };
  }
  c.deps.emit({ type: 'recovery_decided', subgoalId: c.subgoal.id, decision: d, ...(why ? { note: why } : {}) });
  return { decision: d };
}

export function recordFailure(c: SubgoalContext, failure: SubgoalFailure): Partial<SubgoalContext> {
  c.deps.emit({
    type: 'failure',
    subgoalId: c.subgoal.id,
    goalId: c.goalId,
    code: failure.code,
    message: failure.message,
    ...(failure.diagnosis ? { diagnosis: failure.diagnosis } : {}),
    evidence: failure.evidence ?? null,
  });
  const f = { code: failure.code, message: failure.message, ...(failure.diagnosis ? { diagnosis: failure.diagnosis } : {}) };
  return { failure, failureCount: c.failureCount + 1, attempts: closeLast(c, 'failed', { failure: f }) };
}

export function askHuman(c: SubgoalContext, req: HumanRequest): void {
  const person = req.kind === 'task' || req.kind === 'delegation' ? req.person : null;
  const text = req.kind === 'question' ? req.question : req.instruction;
  c.deps.emit({ type: 'human_request', subgoalId: c.subgoal.id, kind: req.kind, person, text });
  c.deps.humans?.request(req);
}

export function personTask(c: SubgoalContext, kind: 'task' | 'delegation'): Partial<SubgoalContext> {
  const person = c.subgoal.assignee.id;
  const req: HumanRequest =
    kind === 'task'
      ? { kind, subgoalId: c.subgoal.id, person, instruction: c.subgoal.instruction }
      : { kind, subgoalId: c.subgoal.id, person, instruction: c.subgoal.instruction, failure: c.failure };
  askHuman(c, req);
  const goalId = c.deps.newGoalId();
  const attempt: AttemptRecord = {
    attempt: c.attempts.length + 1,
    goalId,
    assignee: `person:${person}`,
    instruction: c.subgoal.instruction,
    startedAt: now(c),
    endedAt: null,
    result: 'running',
  };
  return { human: req, goalId, attempts: [...c.attempts, attempt] };
}

