import type { TickSource } from '../domain/clock.js';
import type { Executor } from '../domain/executor.js';
import type { Observation } from '../domain/observation.js';
import type { Subgoal } from '../domain/plan.js';
import type { Verdict, VerifierFactory } from '../domain/verification.js';
import type { HumanTaskHook, ReflectionHook, SubgoalFailure } from './decisions.js';
import type { ExecutionEventBody } from './events.js';

/**
 * Checks a robot attempt's start against what is believed, before anything is dispatched: a failure
 * means the attempt cannot start at all (the thing it acts on is in a person's hands), so reflection
 * decides at once instead of after the subgoal's timeout.
 *
 * @example
 * // the orchestrator's (agents/orchestrator/belief-hooks.ts)
 * const preflight: Preflight = (sg) => heldByPerson(fleet.believed(), sg);
 */
export type Preflight = (subgoal: Subgoal, robotId: string) => SubgoalFailure | null;

/** The services the machines act through; the runner builds it once per mission. */
export interface ExecutionDeps {
  executors: ReadonlyMap<string, Executor>;
  verifier: VerifierFactory;
  ticker: TickSource;
  reflect: ReflectionHook;
  humans: HumanTaskHook | undefined;
  /** Robots whose current view can be read without running a policy (checks of people's work, post-claim settling). */
  observers: ReadonlyMap<string, () => Observation>;
  newGoalId: () => string;
  emit: (event: ExecutionEventBody) => void;
  stopAckTimeoutSeconds: number;
  /** One `executor_event` step summary per this many steps. */
  stepSampleEvery: number;
  preflight: Preflight | undefined;
  /**
   * An executor found its robot e-stopped: the runner latches the mission (every subgoal to
   * `estopped`) instead of treating it as the attempt's failure. Absent: it is a failure.
   */
  robotLatched?: (robotId: string, message: string) => void;
}

/** Executor states in which the robot may still be moving under the policy. */
export const MOVING_STATES: ReadonlySet<string> = new Set(['running', 'stopping', 'claimed_done']);

export function failureFromVerdict(v: Verdict): SubgoalFailure | null {
  switch (v.kind) {
    case 'false_completion':
      return {
        code: 'false_completion',
        diagnosis: v.diagnosis,
        message: `claimed done but the success criteria did not hold (likely ${v.diagnosis})`,
        evidence: v.evidence,
      };
    case 'stalled':
      return { code: 'stalled', message: 'no progress towards the success criteria', evidence: v.evidence };
    case 'uncertain':
      return { code: 'uncertain', message: v.evidence.note ?? 'evidence too weak to decide', evidence: v.evidence };
    case 'failed':
      return { code: v.code, message: v.evidence.note ?? `verifier saw ${v.code}`, evidence: v.evidence };
    default:
      return null;
  }
}

export function verdictBody(
  subgoalId: string,
  goalId: string | null,
  robotId: string | null,
  v: Verdict,
): ExecutionEventBody {
  return {
    type: 'verdict',
    subgoalId,
    goalId,
    robotId,
    kind: v.kind,
    ...(v.kind === 'progress' ? { score: v.score } : {}),
    ...(v.kind === 'failed' ? { code: v.code } : v.kind === 'false_completion' ? { code: v.diagnosis } : {}),
    evidence: v.evidence,
  };
}
