import type { RecoveryDecision, ReflectionContext } from './decisions.js';

/**
 * The built-in policy until a smarter reflector is plugged in: retry within the subgoal's budget,
 * then abort with the failure named. Failures no retry can fix abort at once.
 */
export function defaultReflection(ctx: ReflectionContext): RecoveryDecision {
  const { failure } = ctx;
  if (failure.code === 'no_capable_robot' || failure.code === 'unsafe_action') {
    return { kind: 'abort', reason: `${ctx.subgoal.id}: ${failure.code}: ${failure.message}` };
  }
  if (ctx.remainingRetries > 0) return { kind: 'retry' };
  return {
    kind: 'abort',
    reason: `${ctx.subgoal.id} failed ${ctx.attempts.filter((a) => a.result === 'failed').length} time(s); last: ${failure.code}: ${failure.message}`,
  };
}
