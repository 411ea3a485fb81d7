import type { FailureCode } from './failures.js';
import type { RobotAction } from './action.js';
import type { Observation } from './observation.js';

/** Lifecycle of an executor, as an explicit enum (LeRobot rollout style). */
export type ExecutorState = 'idle' | 'running' | 'stopping' | 'stopped' | 'claimed_done' | 'failed' | 'estopped';

/** One subgoal handed to a policy. `goalId` is recorded before dispatch and names this attempt. */
export interface ExecutorTask {
  goalId: string;
  subgoalId: string;
  skill: string;
  args: Readonly<Record<string, string>>;
  instruction: string;
}

/**
 * Where a step's action and observation travelled, for robots reached over a network: the policy
 * server asked (requests so far in this attempt, the last one's round trip) and the link the
 * observation came over (its sequence number and age when the step ran).
 */
export interface StepLink {
  policy?: { endpoint: string; requests: number; lastMs?: number };
  observation?: { via: string; seq: number; ageMs: number };
}

export type ExecutorEvent =
  | { type: 'started'; goalId: string; simTime: number }
  | { type: 'step'; goalId: string; seq: number; simTime: number; action: RobotAction; observation: Observation; link?: StepLink }
  | { type: 'task_changed'; goalId: string; instruction: string; simTime: number }
  /** The policy says it is done. A claim, never proof. */
  | { type: 'claimed_done'; goalId: string; simTime: number; message?: string }
  | { type: 'failed'; goalId: string; code: FailureCode; message: string; simTime: number }
  /** Acknowledged stop: the robot is halted. `confirmed: false` means the stop could not be confirmed. */
  | { type: 'stopped'; goalId: string; confirmed: boolean; simTime: number; reason: string };

export interface StopResult {
  confirmed: boolean;
  reason: string;
}

export interface ExecutorHealth {
  ok: boolean;
  detail: string;
  latencyMs?: number;
}

/**
 * A VLA policy bound to one robot. Shaped like a rollout controller: `start` a task, `setTask` to
 * change its instruction mid-run (a correction), `stop` for a confirmed stop, `reset` back to idle.
 * Observations and actions flow while running; lifecycle changes are emitted as events.
 */
export interface Executor {
  readonly robotId: string;
  readonly state: ExecutorState;
  /** Instruction phrasings the policy was trained on; skills render into these when they can. */
  readonly trainedTemplates: readonly string[];
  start(task: ExecutorTask): void;
  setTask(task: ExecutorTask): void;
  stop(reason: string): Promise<StopResult>;
  reset(): void;
  subscribe(listener: (event: ExecutorEvent) => void): () => void;
  health(): Promise<ExecutorHealth>;
}
