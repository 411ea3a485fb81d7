import type { Tick, TickSource } from '../../domain/clock.js';
import type { Executor, ExecutorEvent, ExecutorHealth, ExecutorState, ExecutorTask, StopResult } from '../../domain/executor.js';
import { OrcaError } from '../../domain/failures.js';
import type { FailureCode } from '../../domain/failures.js';
import type { Observation } from '../../domain/observation.js';
import type { Robot } from '../../domain/robot.js';
import type { ActionMapper } from './action-map.js';
import { failureCodeOf, PolicyError } from './errors.js';

/**
 * An answer with what a policy may say besides its actions: that it is done (a claim the verifier
 * checks), or a failure it noticed. Plain openpi and OpenVLA servers say neither.
 */
export interface PolicyAnswer {
  actions: number[][];
  done?: { message: string };
  failure?: { code: FailureCode; message: string };
}

/** One network policy: observation + instruction in, a chunk of action vectors (or an answer with claims) out. */
export interface PolicyBackend {
  /**
   * `observation` is the robot's at the tick that asked. `observe()` reads the robot again: a backend
   * that sends later than that (after waiting for a server to come back, or re-sending over a new
   * connection) must send what the robot sees then, not what it saw before the wait.
   */
  infer(observation: Observation, instruction: string, signal: AbortSignal, observe: () => Observation): Promise<number[][] | PolicyAnswer>;
  health(): Promise<ExecutorHealth>;
  /** Releases connections (websocket) when the executor is reset. */
  close?(): void;
}

export interface RemotePolicyExecutorOptions {
  robot: Robot;
  ticker: TickSource;
  backend: PolicyBackend;
  mapAction: ActionMapper;
  /** Actions of each chunk run open-loop, one per control tick, before the policy is queried again. */
  openLoopSteps: number;
  /**
   * Budget of applied actions per attempt. Remote VLAs have no done signal, so reaching the budget
   * ends the attempt with `claimed_done`, and orca's verifier decides whether the subgoal holds.
   */
  maxSteps: number;
  trainedTemplates?: readonly string[];
}

/**
 * The control loop shared by the network bindings. Per control tick: if actions of the current chunk
 * are queued, apply the next one; otherwise, if no request is in flight, send the latest observation
 * (ticks that arrive while a request is in flight send nothing and apply nothing). Every action goes
 * through `robot.apply()`; a rejection fails the attempt with `unsafe_action`. The executor never
 * claims done by itself except when the step budget runs out.
 */
export class RemotePolicyExecutor implements Executor {
  readonly robotId: string;
  readonly trainedTemplates: readonly string[];
  private _state: ExecutorState = 'idle';
  private readonly listeners = new Set<(e: ExecutorEvent) => void>();
  private task: ExecutorTask | null = null;
  private queue: number[][] = [];
  /** The policy's done claim, made once the queued actions have run. */
  private claim: string | null = null;
  private steps = 0;
  private requests = 0;
  private lastRequestMs: number | null = null;
  private inflight: Promise<void> | null = null;
  private abort: AbortController | null = null;
  /** Bumped on start/setTask/stop/reset so that late answers to an older request are dropped. */
  private generation = 0;
  private unsubscribeTick: (() => void) | null = null;

  constructor(private readonly opts: RemotePolicyExecutorOptions) {
    if (!(opts.openLoopSteps >= 1)) throw new OrcaError('invalid_config', 'openLoopSteps must be at least 1');
    if (!(opts.maxSteps >= 1)) throw new OrcaError('invalid_config', 'maxSteps must be at least 1');
    this.robotId = opts.robot.id;
    this.trainedTemplates = opts.trainedTemplates ?? [];
  }

  get state(): ExecutorState {
    return this._state;
  }

  /** Applied actions in the current attempt. */
  get stepCount(): number {
    return this.steps;
  }

  /** Policy requests made in the current attempt, and the round trip of the last one answered (ms). */
  get policyRequests(): { count: number; lastMs: number | null } {
    return { count: this.requests, lastMs: this.lastRequestMs };
  }

  start(task: ExecutorTask): void {
    if (this._state === 'running' || this._state === 'stopping') {
      throw new OrcaError('executor_busy', `executor for ${this.robotId} is ${this._state}`);
    }
    this.task = task;
    this.queue = [];
    this.claim = null;
    this.steps = 0;
    this.requests = 0;
    this.lastRequestMs = null;
    this.generation++;
    this._state = 'running';
    this.unsubscribeTick?.();
    this.unsubscribeTick = this.opts.ticker.onTick((t) => this.onTick(t), 'control');
    this.emit({ type: 'started', goalId: task.goalId, simTime: this.opts.ticker.simTime });
  }

  setTask(task: ExecutorTask): void {
    this.task = task;
    if (this._state !== 'running') return;
    // A correction takes effect at once: queued actions, a claim and the answer in flight were for the old text.
    this.queue = [];
    this.claim = null;
    this.generation++;
    this.abort?.abort();
    this.emit({ type: 'task_changed', goalId: task.goalId, instruction: task.instruction, simTime: this.opts.ticker.simTime });
  }

  async stop(reason: string): Promise<StopResult> {
    const wasRunning = this._state === 'running';
    if (wasRunning) this._state = 'stopping';
    this.detach();
    await this.inflight;
    let confirmed = true;
    try {
      this.opts.robot.halt();
    } catch {
      confirmed = false;
    }
    if (wasRunning || this._state === 'stopping') {
      this._state = 'stopped';
      if (this.task) this.emit({ type: 'stopped', goalId: this.task.goalId, confirmed, simTime: this.opts.ticker.simTime, reason });
    }
    return { confirmed, reason };
  }

  reset(): void {
    this.detach();
    this.opts.backend.close?.();
    this.task = null;
    this.queue = [];
    this.steps = 0;
    this._state = 'idle';
  }

  subscribe(listener: (event: ExecutorEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  health(): Promise<ExecutorHealth> {
    return this.opts.backend.health();
  }

  /** Resolves once no request is in flight (tests and faster-than-real-time runners await this). */
  async settled(): Promise<void> {
    while (this.inflight) await this.inflight;
  }

  private onTick(tick: Tick): void {
    if (this._state !== 'running' || !this.task) return;
    if (this.opts.robot.estopped) return this.fail('estopped', 'robot is e-stopped');
    const next = this.queue.shift();
    if (next) return this.applyAction(next, tick);
    if (this.claim !== null) return this.finish(`the policy claims done: ${this.claim}`);
    if (this.steps >= this.opts.maxSteps) return this.finish();
    if (!this.inflight) this.request(this.task.instruction);
  }

  private request(instruction: string): void {
    const gen = this.generation;
    const abort = new AbortController();
    this.abort = abort;
    const observation = this.opts.robot.observe();
    this.requests++;
    const sentAt = performance.now();
    const run = async (): Promise<void> => {
      try {
        const answer = await this.opts.backend.infer(observation, instruction, abort.signal, () => this.opts.robot.observe());
        if (gen !== this.generation || this._state !== 'running') return;
        this.lastRequestMs = performance.now() - sentAt;
        const { actions: chunk, done, failure } = Array.isArray(answer) ? { actions: answer } : answer;
        if (failure) return this.fail(failure.code, `the policy reports a failure: ${failure.message}`);
        if (chunk.length === 0 && !done) throw new PolicyError('malformed', 'the policy returned an empty action chunk');
        this.queue = chunk.slice(0, this.opts.openLoopSteps);
        if (done) this.claim = done.message;
      } catch (err) {
        if (gen !== this.generation || this._state !== 'running') return;
        this.fail(failureCodeOf(err), err instanceof Error ? err.message : String(err));
      }
    };
    const p = run().finally(() => {
      if (this.inflight === p) this.inflight = null;
      if (this.abort === abort) this.abort = null;
    });
    this.inflight = p;
  }

  private applyAction(vector: number[], tick: Tick): void {
    const task = this.task;
    if (!task) return;
    let action;
    try {
      action = this.opts.mapAction(vector, tick);
    } catch (err) {
      // A mapper that cannot make sense of the action (missing joint readings, bad shape) fails the attempt, typed.
      return this.fail(failureCodeOf(err), err instanceof Error ? err.message : String(err));
    }
    const result = this.opts.robot.apply(action);
    if (result.status === 'rejected') {
      if (result.reason === 'estopped') return this.fail('estopped', result.message);
      return this.fail('unsafe_action', `robot rejected the policy's action (${result.reason}): ${result.message}`);
    }
    this.steps++;
    this.emit({ type: 'step', goalId: task.goalId, seq: this.steps, simTime: tick.simTime, action: result.action, observation: this.opts.robot.observe() });
  }

  private finish(message = `step budget of ${this.opts.maxSteps} reached; the policy has no done signal, so the verifier decides`): void {
    const task = this.task;
    this.detach();
    this.opts.robot.halt();
    this._state = 'claimed_done';
    if (task) this.emit({ type: 'claimed_done', goalId: task.goalId, simTime: this.opts.ticker.simTime, message });
  }

  private fail(code: FailureCode, message: string): void {
    const task = this.task;
    this.detach();
    this.opts.robot.halt();
    this._state = code === 'estopped' ? 'estopped' : 'failed';
    if (task) this.emit({ type: 'failed', goalId: task.goalId, code, message, simTime: this.opts.ticker.simTime });
  }

  private detach(): void {
    this.unsubscribeTick?.();
    this.unsubscribeTick = null;
    this.generation++;
    this.queue = [];
    this.claim = null;
    this.abort?.abort();
  }

  private emit(e: ExecutorEvent): void {
    for (const l of [...this.listeners]) l(e);
  }
}
