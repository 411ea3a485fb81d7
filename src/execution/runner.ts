import { createActor } from 'xstate';
import type { TickSource } from '../domain/clock.js';
import type { Executor } from '../domain/executor.js';
import type { Observation } from '../domain/observation.js';
import type { Plan } from '../domain/plan.js';
import type { VerifierFactory } from '../domain/verification.js';
import type { HumanTaskHook, RecoveryDecision, ReflectionHook } from './decisions.js';
import type { ExecutionDeps, Preflight } from './deps.js';
import type { ExecutionEvent, ExecutionEventBody } from './events.js';
import { missionMachine } from './mission-machine.js';
import type { MissionOutput } from './mission-machine.js';
import { buildSnapshot } from './snapshot.js';
import type { MissionSnapshot } from './snapshot.js';
import type { SubgoalEvent } from './subgoal-machine.js';

export interface MissionRunnerOptions {
  plan: Plan;
  executors: ReadonlyMap<string, Executor>;
  verifier: VerifierFactory;
  ticker: TickSource;
  reflect: ReflectionHook;
  humans?: HumanTaskHook;
  newGoalId?: () => string;
  /**
   * Goal ids already used by this mission (earlier runners, or before a restart): the default ids
   * continue after them, so a goal id names one attempt for the whole mission.
   */
  goalSeqStart?: number;
  onEvent?: (e: ExecutionEvent) => void;
  /** Sim seconds an executor has to acknowledge `stop()`; default 2. */
  stopAckTimeoutSeconds?: number;
  /** Latches every robot (the robots' own e-stop); called first on `estop()`. */
  estopAll?: () => void;
  /** Releases the robots' latches on `releaseEstop()`. */
  releaseAll?: () => void;
  /** Robots whose current view the verifier may read without a running policy (checks of people's work, settling after a claim). */
  observers?: ReadonlyMap<string, () => Observation>;
  missionId?: string;
  maxReplans?: number;
  stepSampleEvery?: number;
  /** Checked before each robot attempt is dispatched (see `Preflight`). */
  preflight?: Preflight;
}

export type MissionOutcome = MissionOutput;

export interface MissionRunner {
  readonly missionId: string;
  /** Resolves when the mission reaches an outcome. */
  readonly done: Promise<MissionOutcome>;
  readonly estopLatched: boolean;
  start(): void;
  pause(): void;
  resume(): void;
  cancel(reason?: string): void;
  estop(reason?: string): void;
  releaseEstop(): void;
  approve(subgoalId: string, by?: string): void;
  reject(subgoalId: string, reason: string): void;
  humanDone(subgoalId: string, report?: string): void;
  humanFailed(subgoalId: string, message: string): void;
  /** Answers an `ask` decision's question with the decision to take. */
  answer(subgoalId: string, decision: RecoveryDecision): void;
  /** A language correction for the running attempt; false when the subgoal has no running attempt. */
  correct(subgoalId: string, instruction: string): boolean;
  /**
   * Replaces the rest of the plan (a new or merged goal, a correction that rebinds a subgoal):
   * running subgoals are stopped with a confirmed stop, succeeded ones are kept.
   */
  replan(plan: Plan): void;
  snapshot(): MissionSnapshot;
  subscribe(listener: (e: ExecutionEvent) => void): () => void;
  /** Stops the machines without touching the robots (for disposal after an outcome). */
  dispose(): void;
}

let runnerCount = 0;

export function createMissionRunner(opts: MissionRunnerOptions): MissionRunner {
  runnerCount += 1;
  const missionId = opts.missionId ?? `mission-${opts.plan.id}-${runnerCount}`;
  const listeners = new Set<(e: ExecutionEvent) => void>();
  if (opts.onEvent) listeners.add(opts.onEvent);
  let seq = 0;
  let goalSeq = opts.goalSeqStart ?? 0;
  const emit = (body: ExecutionEventBody): void => {
    const event = { ...body, missionId, seq: seq++, simTime: opts.ticker.simTime } as ExecutionEvent;
    for (const l of [...listeners]) l(event);
  };
  const deps: ExecutionDeps = {
    executors: opts.executors,
    verifier: opts.verifier,
    ticker: opts.ticker,
    reflect: opts.reflect,
    humans: opts.humans,
    observers: opts.observers ?? new Map(),
    newGoalId: opts.newGoalId ?? (() => `${missionId}/g${++goalSeq}`),
    emit,
    stopAckTimeoutSeconds: opts.stopAckTimeoutSeconds ?? 2,
    stepSampleEvery: Math.max(1, opts.stepSampleEvery ?? 10),
    preflight: opts.preflight,
    // A robot found latched (the site e-stop set from another thread, a robot's own stop button) latches
    // the whole mission, so a stop is never mistaken for a failure to recover from.
    robotLatched: (robotId, message) => {
      if (!latched) runner.estop(`robot ${robotId} is e-stopped (${message})`);
      else if (started && actor.getSnapshot().status === 'active') actor.send({ type: 'ESTOP' });
    },
  };
  const actor = createActor(missionMachine, { input: { deps, plan: opts.plan, maxReplans: opts.maxReplans ?? 3 } });
  let latched = false;
  let started = false;
  let resolveDone: (o: MissionOutcome) => void = () => undefined;
  const done = new Promise<MissionOutcome>((r) => (resolveDone = r));
  let lastState = '';
  actor.subscribe((snap) => {
    const value = typeof snap.value === 'string' ? snap.value : JSON.stringify(snap.value);
    if (value !== lastState) {
      if (lastState) emit({ type: 'mission_state', from: lastState, to: value });
      lastState = value;
    }
    if (snap.status === 'done' && snap.output) resolveDone(snap.output);
  });

  const send = (event: Parameters<typeof actor.send>[0]): void => {
    if (!started) throw new Error('mission runner not started: call start() first');
    actor.send(event);
  };
  const forward = (id: string, event: SubgoalEvent): void => send({ type: 'FORWARD', id, event });

  const runner: MissionRunner = {
    missionId,
    done,
    get estopLatched() {
      return latched;
    },
    start() {
      if (started) return;
      started = true;
      emit({ type: 'mission_started', planId: opts.plan.id, subgoals: opts.plan.subgoals.map((s) => s.id) });
      actor.start();
    },
    pause: () => send({ type: 'PAUSE' }),
    resume() {
      if (latched) throw new Error('e-stop is latched: releaseEstop() before resume()');
      send({ type: 'RESUME' });
    },
    cancel: (reason = 'cancelled by operator') => send({ type: 'CANCEL', reason }),
    estop(reason = 'e-stop') {
      // Safety first and synchronously, in this very tick: robot latches, then every executor told to stop,
      // before any machine bookkeeping.
      if (latched) {
        opts.estopAll?.();
        return;
      }
      latched = true;
      opts.estopAll?.();
      for (const ex of opts.executors.values()) {
        ex.stop(`estop: ${reason}`).catch(() => undefined);
      }
      emit({ type: 'estop', reason, executors: [...opts.executors.keys()] });
      if (started && actor.getSnapshot().status === 'active') actor.send({ type: 'ESTOP' });
    },
    releaseEstop() {
      if (!latched) return;
      latched = false;
      opts.releaseAll?.();
      if (started && actor.getSnapshot().status === 'active') actor.send({ type: 'RELEASE' });
      else emit({ type: 'estop_released' });
    },
    approve(id, by) {
      emit({ type: 'human_response', subgoalId: id, kind: 'approved', ...(by ? { detail: by } : {}) });
      forward(id, { type: 'APPROVE', ...(by ? { by } : {}) });
    },
    reject(id, reason) {
      emit({ type: 'human_response', subgoalId: id, kind: 'rejected', detail: reason });
      forward(id, { type: 'REJECT', reason });
    },
    humanDone(id, report) {
      emit({ type: 'human_response', subgoalId: id, kind: 'done', ...(report ? { detail: report } : {}) });
      forward(id, { type: 'HUMAN_DONE', ...(report ? { report } : {}) });
    },
    humanFailed(id, message) {
      emit({ type: 'human_response', subgoalId: id, kind: 'failed', detail: message });
      forward(id, { type: 'HUMAN_FAILED', message });
    },
    answer(id, decision) {
      emit({ type: 'human_response', subgoalId: id, kind: 'answered', detail: decision.kind });
      forward(id, { type: 'ANSWER', decision });
    },
    correct(id, instruction) {
      const ref = actor.getSnapshot().context.refs[id];
      const sub = ref?.getSnapshot();
      if (!sub || !sub.matches('attempt')) return false;
      forward(id, { type: 'CORRECT', instruction });
      return true;
    },
    replan(plan) {
      send({ type: 'REPLAN', id: plan.id, plan });
    },
    snapshot: () => buildSnapshot(missionId, actor.getSnapshot(), latched),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    dispose: () => actor.stop(),
  };
  return runner;
}
