import { fromCallback } from 'xstate';
import type { Subgoal } from '../domain/plan.js';
import type { VerificationSession } from '../domain/verification.js';
import type { ActorFeedback } from './actors.js';
import { failureFromVerdict, verdictBody } from './deps.js';
import type { ExecutionDeps } from './deps.js';

export interface HumanCheckInput {
  deps: ExecutionDeps;
  subgoal: Subgoal;
  person: string;
}

/**
 * After a person reports a task done, every observing robot's view is checked against the subgoal's
 * criteria. Any robot verifying it wins; a robot seeing it contradicted fails it; when no robot can
 * tell (none observes, all uncertain, or no verdict within settle + stall time) the person's report
 * is accepted and recorded as such.
 */
export const humanCheckActor = fromCallback<{ type: 'NONE' }, HumanCheckInput>(({ input, sendBack }) => {
  const { deps, subgoal, person } = input;
  let finished = false;
  const acceptReported = (why: string): void => {
    if (finished) return;
    finished = true;
    deps.emit({
      type: 'verdict',
      subgoalId: subgoal.id,
      goalId: null,
      robotId: null,
      kind: 'accepted_as_reported',
      evidence: { note: `accepted as reported by ${person}: ${why}` },
      reportedBy: person,
      reported: subgoal.success.all.map((p) => ({ ...p, args: [...p.args] })),
    });
    sendBack({ type: 'HUMAN_VERIFIED', acceptedAsReported: true } satisfies ActorFeedback);
  };
  if (deps.observers.size === 0) {
    acceptReported('no robot observes the scene');
    return () => undefined;
  }
  const now = deps.ticker.simTime;
  const sessions: { robotId: string; observe: () => ReturnType<VerificationSession['observe']>; session: VerificationSession }[] = [];
  for (const [robotId, observe] of deps.observers) {
    const session = deps.verifier.begin(subgoal, robotId);
    session.claimDone(now);
    sessions.push({ robotId, session, observe: () => session.observe(observe()) });
  }
  const deadline = now + subgoal.success.settleSeconds + subgoal.success.stallSeconds;
  const off = deps.ticker.onTick((tick) => {
    if (finished) return;
    for (const s of sessions) {
      if (s.session.decided) continue;
      const v = s.observe();
      if (!v || v.kind === 'progress') continue;
      deps.emit(verdictBody(subgoal.id, null, s.robotId, v));
      if (v.kind === 'succeeded') {
        finished = true;
        sendBack({ type: 'HUMAN_VERIFIED', acceptedAsReported: false } satisfies ActorFeedback);
        return;
      }
      if (v.kind === 'false_completion' || v.kind === 'failed') {
        const failure = failureFromVerdict(v);
        if (failure) {
          finished = true;
          sendBack({ type: 'FAIL', failure: { ...failure, message: `${person} reported done, but ${s.robotId} sees otherwise: ${failure.message}` } } satisfies ActorFeedback);
          return;
        }
      }
    }
    if (sessions.every((s) => s.session.decided)) acceptReported('no robot could see the result');
    else if (tick.simTime >= deadline - 1e-9) acceptReported('no verdict within the settle window');
  }, 'observe');
  return () => {
    finished = true;
    off();
  };
});
