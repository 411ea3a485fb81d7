import type { ManualTicker } from '../domain/clock.js';
import type { Executor, ExecutorEvent, ExecutorState, ExecutorTask, StopResult } from '../domain/executor.js';
import type { FailureCode } from '../domain/failures.js';
import type { Observation } from '../domain/observation.js';
import type { Plan, Subgoal } from '../domain/plan.js';
import type { Evidence, Verdict, VerificationSession, VerifierFactory } from '../domain/verification.js';
import { ManualTicker as Ticker } from '../domain/clock.js';
import type { ExecutionEvent } from './events.js';
import type { HumanRequest, ReflectionHook } from './decisions.js';
import { defaultReflection } from './reflection.js';
import { createMissionRunner } from './runner.js';
import type { MissionRunnerOptions } from './runner.js';

/** How a fake policy behaves on one `start()`. */
export interface ExecScript {
  /** Claim done after this many steps (never when absent). */
  claimAfter?: number;
  failAfter?: { steps: number; code: FailureCode; message?: string };
  /** Keep stepping after a claim (default true); false models a policy that falls silent. */
  stepAfterClaim?: boolean;
}

export type StopBehaviour = 'ack' | 'ignore';

/** A fake executor stepping on the ManualTicker's control phase. */
export class FakeExecutor implements Executor {
  state: ExecutorState = 'idle';
  readonly trainedTemplates: readonly string[] = [];
  readonly tasks: ExecutorTask[] = [];
  readonly stops: { reason: string; step: number }[] = [];
  readonly setTasks: ExecutorTask[] = [];
  /** Steps emitted per goal id. */
  readonly stepsByGoal = new Map<string, number>();
  stopBehaviour: StopBehaviour = 'ack';
  private listeners = new Set<(e: ExecutorEvent) => void>();
  private task: ExecutorTask | null = null;
  private script: ExecScript = {};
  private steps = 0;
  private seq = 0;
  private pendingStop: ((r: StopResult) => void) | null = null;
  private stopReason = '';

  constructor(
    readonly robotId: string,
    private readonly ticker: ManualTicker,
    private readonly scriptFor: (task: ExecutorTask, n: number) => ExecScript = () => ({ claimAfter: 3 }),
    private readonly log: string[] = [],
  ) {
    ticker.onTick(() => this.onControl(), 'control');
  }

  start(task: ExecutorTask): void {
    if (this.state === 'running') throw new Error(`${this.robotId} already running`);
    this.log.push(`start:${task.goalId}`);
    this.tasks.push(task);
    this.task = { ...task };
    this.script = this.scriptFor(task, this.tasks.length);
    this.steps = 0;
    this.state = 'running';
    this.emit({ type: 'started', goalId: task.goalId, simTime: this.ticker.simTime });
  }

  setTask(task: ExecutorTask): void {
    this.setTasks.push(task);
    this.task = { ...task };
    this.emit({ type: 'task_changed', goalId: task.goalId, instruction: task.instruction, simTime: this.ticker.simTime });
  }

  stop(reason: string): Promise<StopResult> {
    this.stops.push({ reason, step: this.ticker.step });
    this.log.push(`stop:${this.robotId}`);
    if (this.state === 'idle' || this.state === 'stopped') return Promise.resolve({ confirmed: true, reason: 'idle' });
    this.state = 'stopping';
    this.stopReason = reason;
    return new Promise((resolve) => {
      if (this.stopBehaviour === 'ack') this.pendingStop = resolve;
    });
  }

  reset(): void {
    this.state = 'idle';
    this.task = null;
  }

  subscribe(listener: (e: ExecutorEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  health() {
    return Promise.resolve({ ok: true, detail: 'fake' });
  }

  get isMoving(): boolean {
    return this.state === 'running' || (this.state === 'claimed_done' && this.script.stepAfterClaim !== false);
  }

  private onControl(): void {
    const task = this.task;
    if (!task) return;
    if (this.state === 'stopping') {
      if (this.pendingStop) {
        const resolve = this.pendingStop;
        this.pendingStop = null;
        this.state = 'stopped';
        this.emit({ type: 'stopped', goalId: task.goalId, confirmed: true, simTime: this.ticker.simTime, reason: this.stopReason });
        resolve({ confirmed: true, reason: this.stopReason });
      }
      return;
    }
    if (!this.isMoving) return;
    this.steps += 1;
    this.stepsByGoal.set(task.goalId, (this.stepsByGoal.get(task.goalId) ?? 0) + 1);
    this.emit({
      type: 'step',
      goalId: task.goalId,
      seq: this.seq,
      simTime: this.ticker.simTime,
      action: { ee: { vx: 0, vy: 0, vz: 0 } },
      observation: fakeObservation(this.robotId, this.seq++, this.ticker.simTime),
    });
    const s = this.script;
    if (this.state === 'running' && s.failAfter && this.steps >= s.failAfter.steps) {
      this.state = 'failed';
      this.emit({ type: 'failed', goalId: task.goalId, code: s.failAfter.code, message: s.failAfter.message ?? 'fake failure', simTime: this.ticker.simTime });
    } else if (this.state === 'running' && s.claimAfter !== undefined && this.steps >= s.claimAfter) {
      this.state = 'claimed_done';
      this.emit({ type: 'claimed_done', goalId: task.goalId, simTime: this.ticker.simTime });
    }
  }

  private emit(e: ExecutorEvent): void {
    for (const l of [...this.listeners]) l(e);
  }
}

export function fakeObservation(robotId: string, seq: number, simTime: number): Observation {
  return {
    robotId,
    seq,
    simTime,
    pose: { x: 0, y: 0, theta: 0 },
    ee: { x: 0, y: 0, z: 0 },
    gripper: { aperture: 1, contact: false, holding: null },
    room: null,
    detections: [],
  };
}

/**
 * How the fake verifier judges one session, from the observations it is fed and the claim only:
 * - `confirm`: succeeded once `after` observations have arrived after the claim (never before a claim);
 * - `early`: succeeded after `after` observations, claim or not;
 * - `false_completion`: false completion on the first observation after the claim;
 * - `stall`: stalled after `after` observations;
 * - `uncertain`: uncertain after the claim;
 * - `silent`: only progress.
 */
export type VerdictScript =
  | { kind: 'confirm'; after?: number }
  | { kind: 'early'; after: number }
  | { kind: 'false_completion'; diagnosis?: FailureCode }
  | { kind: 'stall'; after: number }
  | { kind: 'uncertain' }
  | { kind: 'silent'; step?: number };

const evidence = (n: number, note: string): Evidence => ({ observations: [], criteria: [], consecutive: n, note });

export class ScriptedVerifier implements VerifierFactory {
  readonly begun: { subgoalId: string; robotId: string }[] = [];
  constructor(private readonly scriptFor: (subgoalId: string, session: number, robotId: string) => VerdictScript = () => ({ kind: 'confirm' })) {}

  begin(subgoal: Subgoal, robotId: string): VerificationSession {
    const n = this.begun.filter((b) => b.subgoalId === subgoal.id).length + 1;
    this.begun.push({ subgoalId: subgoal.id, robotId });
    const script = this.scriptFor(subgoal.id, n, robotId);
    let seen = 0;
    let afterClaim = 0;
    let claimed = false;
    let latest: Verdict | null = null;
    let decided = false;
    const decide = (v: Verdict): Verdict => {
      decided = true;
      latest = v;
      return v;
    };
    return {
      observe: () => {
        if (decided) return null;
        seen += 1;
        if (claimed) afterClaim += 1;
        switch (script.kind) {
          case 'confirm':
            if (claimed && afterClaim >= (script.after ?? 2)) return decide({ kind: 'succeeded', evidence: evidence(afterClaim, 'criteria held') });
            break;
          case 'early':
            if (seen >= script.after) return decide({ kind: 'succeeded', evidence: evidence(seen, 'criteria held') });
            break;
          case 'false_completion':
            if (claimed) return decide({ kind: 'false_completion', diagnosis: script.diagnosis ?? 'grasp_failed', evidence: evidence(0, 'object not in gripper') });
            break;
          case 'stall':
            if (seen >= script.after) return decide({ kind: 'stalled', evidence: evidence(0, 'no progress') });
            break;
          case 'uncertain':
            if (claimed) return decide({ kind: 'uncertain', evidence: evidence(0, 'object out of view') });
            break;
          case 'silent':
            break;
        }
        const step = script.kind === 'silent' ? (script.step ?? 0.1) : 0.1;
        latest = { kind: 'progress', score: Math.min(1, seen * step), evidence: evidence(0, 'progress') };
        return latest;
      },
      claimDone: () => {
        claimed = true;
      },
      judgeOpenClaim: () => (claimed && !decided ? decide({ kind: 'false_completion', diagnosis: 'false_completion', evidence: evidence(afterClaim, 'stopped during the settle window') }) : null),
      get latest() {
        return latest;
      },
      get decided() {
        return decided;
      },
    };
  }
}

export function subgoal(id: string, robot: string, dependsOn: string[] = [], over: Partial<Subgoal> = {}): Subgoal {
  return {
    id,
    skill: 'pick',
    args: { object: `${id}_obj` },
    assignee: { kind: 'robot', id: robot },
    dependsOn,
    instruction: `do ${id}`,
    success: { all: [{ pred: 'handEmpty', args: [robot] }], consecutive: 2, settleSeconds: 1, stallSeconds: 2 },
    timeoutSeconds: 10,
    retries: 1,
    requiresApproval: false,
    ...over,
  };
}

export function plan(...subgoals: Subgoal[]): Plan {
  return { id: 'p1', version: 1, subgoals };
}

/** Lets promise continuations (stop acknowledgements, reflection) run; no wall-clock waiting. */
export function flush(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export async function advance(ticker: ManualTicker, ticks = 1): Promise<void> {
  for (let i = 0; i < ticks; i++) {
    ticker.advance();
    await flush();
  }
}

export async function advanceUntil(ticker: ManualTicker, done: () => boolean, maxTicks = 500): Promise<number> {
  await flush();
  for (let i = 0; i < maxTicks; i++) {
    if (done()) return i;
    ticker.advance();
    await flush();
  }
  if (done()) return maxTicks;
  throw new Error(`condition not reached within ${maxTicks} ticks`);
}


export interface RigOptions {
  robots?: string[];
  exec?: (robotId: string) => (task: ExecutorTask, n: number) => ExecScript;
  verdicts?: (subgoalId: string, session: number, robotId: string) => VerdictScript;
  reflect?: ReflectionHook;
  extra?: Partial<MissionRunnerOptions>;
}

/** A mission runner wired to fakes on a 10 Hz ManualTicker, recording everything it emits. */
export function rig(p: Plan, o: RigOptions = {}) {
  const ticker = new Ticker(0.1);
  const log: string[] = [];
  const executors = new Map<string, FakeExecutor>();
  for (const r of o.robots ?? ['r1', 'r2']) executors.set(r, new FakeExecutor(r, ticker, o.exec?.(r), log));
  const verifier = new ScriptedVerifier(o.verdicts);
  const events: ExecutionEvent[] = [];
  const requests: HumanRequest[] = [];
  const runner = createMissionRunner({
    plan: p,
    executors,
    verifier,
    ticker,
    reflect: o.reflect ?? defaultReflection,
    humans: { request: (r) => requests.push(r) },
    onEvent: (e) => {
      events.push(e);
      if (e.type === 'dispatch_recorded') log.push(`dispatch:${e.goalId}`);
    },
    ...o.extra,
  });
  const of = <T extends ExecutionEvent['type']>(type: T) => events.filter((e): e is Extract<ExecutionEvent, { type: T }> => e.type === type);
  const stateOf = (id: string) => runner.snapshot().subgoals.find((s) => s.id === id)?.state;
  const ex = (id: string): FakeExecutor => {
    const e = executors.get(id);
    if (!e) throw new Error(`no fake ${id}`);
    return e;
  };
  return { ticker, log, executors, ex, verifier, events, requests, runner, of, stateOf };
}
