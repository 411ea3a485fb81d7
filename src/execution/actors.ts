import { fromCallback, fromPromise } from 'xstate';
import type { ExecutorTask } from '../domain/executor.js';
import type { Subgoal } from '../domain/plan.js';
import type { VerificationSession } from '../domain/verification.js';
import { RecoveryDecisionSchema } from './decisions.js';
import type { RecoveryDecision, ReflectionContext, SubgoalFailure } from './decisions.js';
import { failureFromVerdict, MOVING_STATES, verdictBody } from './deps.js';
import type { ExecutionDeps } from './deps.js';
import type { StepRobot } from './events.js';
import type { Observation } from '../domain/observation.js';

const mm = (n: number): number => Math.round(n * 1000) / 1000;

function stepRobot(o: Observation): StepRobot {
  return { x: mm(o.pose.x), y: mm(o.pose.y), theta: mm(o.pose.theta), ee: { x: mm(o.ee.x), y: mm(o.ee.y), z: mm(o.ee.z) }, aperture: mm(o.gripper.aperture), holding: o.gripper.holding };
}

/** Events the actors send back to their subgoal machine. */
export type ActorFeedback =
  | { type: 'STARTED' }
  | { type: 'CLAIMED' }
  | { type: 'VERDICT_OK' }
  | { type: 'PROGRESS'; score: number }
  | { type: 'FAIL'; failure: SubgoalFailure }
  | { type: 'HUMAN_VERIFIED'; acceptedAsReported: boolean };

export interface AttemptInput {
  deps: ExecutionDeps;
  subgoal: Subgoal;
  robotId: string;
  goalId: string;
  instruction: string;
  attempt: number;
}

const EPS = 1e-9;
/** Changes of the verifier's progress score smaller than this do not reach the subgoal machine. */
export const PROGRESS_RESOLUTION = 0.01;

/**
 * One robot attempt: records the dispatch, starts the executor, feeds its observations to a fresh
 * verifier session and watches the subgoal timeout on the simulated clock. Success comes only from a
 * `succeeded` verdict; the executor's claim merely opens the verifier's settle window.
 */
export const attemptActor = fromCallback<{ type: 'CORRECT'; instruction: string }, AttemptInput>(
  ({ input, sendBack, receive }) => {
    const { deps, subgoal, robotId, goalId } = input;
    const ids = { subgoalId: subgoal.id, goalId, robotId };
    let finished = false;
    const finish = (ev: ActorFeedback): void => {
      if (finished) return;
      finished = true;
      sendBack(ev);
    };
    const executor = deps.executors.get(robotId);
    if (!executor) {
      finish({ type: 'FAIL', failure: { code: 'no_capable_robot', message: `no executor for robot ${robotId}` } });
      return () => undefined;
    }
    // Nothing is dispatched for an attempt that cannot start; its failure (code, message) is the record.
    const blocked = deps.preflight?.(subgoal, robotId) ?? null;
    if (blocked) {
      finish({ type: 'FAIL', failure: { ...blocked, message: `${blocked.message}; not dispatched` } });
      return () => undefined;
    }
    let session: VerificationSession;
    try {
      session = deps.verifier.begin(subgoal, robotId);
    } catch (err) {
      finish({ type: 'FAIL', failure: { code: 'executor_error', message: `verifier refused the subgoal: ${String(err)}` } });
      return () => undefined;
    }
    const startedAt = deps.ticker.simTime;
    let started = false;
    let claimedAt: number | null = null;
    let steps = 0;
    let lastStepTick = -1;
    let lastScore = -1;
    let lastSent = -1;
    const task: ExecutorTask = { goalId, subgoalId: subgoal.id, skill: subgoal.skill, args: subgoal.args, instruction: input.instruction };

    const feed = (obs: Parameters<VerificationSession['observe']>[0]): void => {
      if (finished) return;
      const v = session.observe(obs);
      if (!v) return;
      if (v.kind === 'progress') {
        // Progress reaches the trace only when it moved noticeably since the last recorded sample,
        // so slow steady progress is still sampled.
        if (Math.abs(v.score - lastScore) >= 0.1) {
          deps.emit(verdictBody(subgoal.id, goalId, robotId, v));
          lastScore = v.score;
        }
        // Every PROGRESS is an XState macrostep per robot per control step; the snapshot only needs
        // the score to within PROGRESS_RESOLUTION, and the ends (0, 1) exactly.
        if (Math.abs(v.score - lastSent) >= PROGRESS_RESOLUTION || ((v.score === 0 || v.score === 1) && v.score !== lastSent)) {
          lastSent = v.score;
          sendBack({ type: 'PROGRESS', score: v.score });
        }
        return;
      }
      deps.emit(verdictBody(subgoal.id, goalId, robotId, v));
      if (v.kind === 'succeeded') return finish({ type: 'VERDICT_OK' });
      const failure = failureFromVerdict(v);
      if (failure) finish({ type: 'FAIL', failure });
    };
    const markStarted = (): void => {
      if (started) return;
      started = true;
      sendBack({ type: 'STARTED' });
    };

    const unsubscribe = executor.subscribe((ev) => {
      if (finished || ev.goalId !== goalId) return;
      switch (ev.type) {
        case 'started':
          deps.emit({ type: 'executor_event', ...ids, kind: 'started' });
          markStarted();
          break;
        case 'step':
          steps += 1;
          lastStepTick = deps.ticker.step;
          if ((steps - 1) % deps.stepSampleEvery === 0) deps.emit({ type: 'executor_event', ...ids, kind: 'step', step: ev.seq, robot: stepRobot(ev.observation), ...(ev.link ? { link: ev.link } : {}) });
          markStarted();
          feed(ev.observation);
          break;
        case 'task_changed':
          deps.emit({ type: 'executor_event', ...ids, kind: 'task_changed', detail: ev.instruction });
          break;
        case 'claimed_done':
          deps.emit({ type: 'executor_event', ...ids, kind: 'claimed_done', ...(ev.message ? { detail: ev.message } : {}) });
          if (claimedAt === null) {
            claimedAt = ev.simTime;
            session.claimDone(ev.simTime);
            sendBack({ type: 'CLAIMED' });
          }
          break;
        case 'failed':
          deps.emit({ type: 'executor_event', ...ids, kind: 'failed', detail: `${ev.code}: ${ev.message}` });
          // The mission's ESTOP ends this attempt as `estopped`, with its retry budget untouched.
          if (ev.code === 'estopped' && deps.robotLatched) deps.robotLatched(robotId, ev.message);
          else finish({ type: 'FAIL', failure: { code: ev.code, message: ev.message } });
          break;
        case 'stopped':
          deps.emit({ type: 'executor_event', ...ids, kind: 'stopped', detail: ev.reason });
          finish({ type: 'FAIL', failure: { code: 'executor_error', message: `executor stopped on its own: ${ev.reason}` } });
          break;
      }
    });

    const offTick = deps.ticker.onTick((tick) => {
      if (finished) return;
      // After a claim a policy may fall silent; keep the settle window fed from the robot's own view.
      if (claimedAt !== null && lastStepTick !== tick.step) {
        const obs = deps.observers.get(robotId)?.();
        if (obs) feed(obs);
      }
      if (finished) return;
      if (tick.simTime - startedAt >= subgoal.timeoutSeconds - EPS) {
        finish({ type: 'FAIL', failure: { code: 'timeout', message: `no verified success within ${subgoal.timeoutSeconds}s` } });
      } else if (claimedAt !== null && tick.simTime - claimedAt >= subgoal.success.settleSeconds + subgoal.success.stallSeconds - EPS) {
        finish({ type: 'FAIL', failure: { code: 'uncertain', message: 'no verdict after the claim: no observations reached the verifier' } });
      }
    }, 'observe');

    receive((ev) => {
      if (finished) return;
      task.instruction = ev.instruction;
      deps.emit({ type: 'correction', subgoalId: subgoal.id, goalId, instruction: ev.instruction });
      executor.setTask({ ...task });
    });

    // The goal id reaches the trace before the executor hears of the task.
    deps.emit({ type: 'dispatch_recorded', ...ids, instruction: input.instruction, attempt: input.attempt });
    try {
      if (executor.state !== 'idle' && executor.state !== 'running') executor.reset();
      executor.start({ ...task });
    } catch (err) {
      finish({ type: 'FAIL', failure: { code: 'executor_error', message: `start failed: ${String(err)}` } });
    }

    return () => {
      // Stopped from outside (cancel, replan, abort) with a claim still being checked: the trace
      // keeps the verifier's judgement of it, so no claim leaves the record unjudged.
      if (!finished && claimedAt !== null) {
        const v = session.judgeOpenClaim?.() ?? null;
        if (v) deps.emit(verdictBody(subgoal.id, goalId, robotId, v));
      }
      finished = true;
      unsubscribe();
      offTick();
    };
  },
);

export interface StopInput {
  deps: ExecutionDeps;
  subgoalId: string;
  robotId: string | null;
  goalId: string | null;
  reason: string;
}

export interface StopOutcome {
  confirmed: boolean;
  reason: string;
}

/**
 * A confirmed stop: the executor must acknowledge (its `stop()` result or a `stopped` event) within
 * the acknowledgement window on the simulated clock, else the stop counts as unconfirmed.
 */
export const stopActor = fromPromise<StopOutcome, StopInput>(({ input, signal }) => {
  const { deps, subgoalId, robotId, goalId, reason } = input;
  const executor = robotId ? deps.executors.get(robotId) : undefined;
  const report = (out: StopOutcome): StopOutcome => {
    if (robotId && goalId) {
      deps.emit({ type: out.confirmed ? 'stop_confirmed' : 'stop_unconfirmed', subgoalId, goalId, robotId, reason: out.reason });
    }
    return out;
  };
  if (!executor || !MOVING_STATES.has(executor.state)) {
    return Promise.resolve(report({ confirmed: true, reason: `already halted (${executor?.state ?? 'no executor'})` }));
  }
  return new Promise<StopOutcome>((resolve) => {
    let settled = false;
    const deadline = deps.ticker.simTime + deps.stopAckTimeoutSeconds;
    const cleanup = (): void => {
      settled = true;
      off();
      offTick();
    };
    const done = (out: StopOutcome): void => {
      if (settled) return;
      cleanup();
      resolve(report(out));
    };
    const off = executor.subscribe((ev) => {
      if (ev.type === 'stopped' && ev.goalId === goalId) done({ confirmed: ev.confirmed, reason: ev.reason });
    });
    const offTick = deps.ticker.onTick((tick) => {
      if (tick.simTime >= deadline - EPS) {
        done({ confirmed: false, reason: `no stop acknowledgement within ${deps.stopAckTimeoutSeconds}s` });
      }
    }, 'observe');
    signal.addEventListener('abort', () => {
      if (!settled) cleanup();
    });
    executor.stop(reason).then(
      (r) => done(r),
      (err: unknown) => done({ confirmed: false, reason: `stop failed: ${String(err)}` }),
    );
  });
});

export interface ReflectInput {
  deps: ExecutionDeps;
  ctx: ReflectionContext;
}

/** Asks the reflection hook; a malformed or thrown answer becomes an abort rather than a guess. */
export const reflectActor = fromPromise<{ decision: RecoveryDecision; note?: string }, ReflectInput>(async ({ input }) => {
  try {
    const raw: unknown = await input.deps.reflect(input.ctx);
    const parsed = RecoveryDecisionSchema.safeParse(raw);
    if (parsed.success) return { decision: parsed.data };
    return { decision: { kind: 'abort', reason: 'reflection returned an invalid decision' }, note: parsed.error.message };
  } catch (err) {
    return { decision: { kind: 'abort', reason: `reflection failed: ${String(err)}` } };
  }
});
