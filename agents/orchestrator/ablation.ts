import type { ReflectionChoice } from '../../src/reasoning/provider.js';
import type { GraphDeps } from './deps.js';
import type { Escalation } from './live.js';

type Reflection = Extract<Escalation, { kind: 'reflection' }>;

/**
 * The benchmark's baselines decide recovery without reflection: `none` (open loop) gives up at the
 * first failure, `retry_only` (verify-retry) retries as is while the budget lasts. `full` returns
 * null: the reasoner reflects.
 *
 * @example
 * baselineRecovery('retry_only', { ...failure, remainingRetries: 1 }) // → { kind: 'retry', … }
 */
export function baselineRecovery(mode: GraphDeps['ablation']['recovery'], e: Reflection): ReflectionChoice | null {
  if (mode === 'full') return null;
  const what = `${e.subgoalId} failed with ${e.failure.code}`;
  const stopped = e.failure.code === 'cancelled' || e.failure.code === 'estopped';
  if (mode === 'retry_only' && !stopped && e.remainingRetries > 0) return { kind: 'retry', why: `${what}; this configuration only retries.` };
  return { kind: 'abort', reason: `${what}.`, why: mode === 'none' ? 'This configuration does not recover.' : 'This configuration only retries, and the retry budget is spent.' };
}

/** Whether the mission checks its end state against the goal: that check replans, which only `full` recovery does. */
export function checksEndState(ablation: GraphDeps['ablation']): boolean {
  return ablation.recovery === 'full' && !ablation.trustExecutorDone;
}
