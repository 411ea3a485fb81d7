import type { TickSource } from '../../domain/clock.js';
import type { Executor, ExecutorEvent, ExecutorHealth, ExecutorState, ExecutorTask, StopResult } from '../../domain/executor.js';
import { OrcaError } from '../../domain/failures.js';
import type { FailureCode } from '../../domain/failures.js';
import type { Robot } from '../../domain/robot.js';
import { failureCodeOf } from '../protocols/errors.js';
import { ActionTimeoutsSchema } from './action-config.js';
import type { ActionTimeouts, SkillActionConfig, SkillMap } from './action-config.js';
import { within } from './goal-port.js';
import type { ActionGoalPort, DispatchedGoal, GoalOutcome } from './goal-port.js';
import { buildGoal, findNonFinite, GoalBuildError } from './goals.js';
import type { SensorCache } from './messages.js';
import { GoalStatus } from './rcl-api.js';
import { interpretResult } from './results.js';

export interface ActionGoalExecutorOptions {
  robot: Robot;
  ticker: TickSource;
  port: ActionGoalPort;
  skills: SkillMap;
  timeouts?: Partial<ActionTimeouts>;
  /** Latest camera/joint readings, merged into the observations carried by `step` events. */
  sensors?: SensorCache;
  trainedTemplates?: readonly string[];
}

export interface ActionFeedbackEvent {
  goalId: string;
  wireId: string;
  server: string;
  feedback: unknown;
  simTime: number;
}

interface Attempt {
  gen: number;
  task: ExecutorTask;
  cfg: SkillActionConfig;
  server: string;
  /** Resolves with the acknowledged goal, or null when sending failed. */
  sent: Promise<DispatchedGoal | null>;
  dispatched: DispatchedGoal | null;
  startedAt: number;
  lastProgress: number;
}

interface StopOutcome {
  confirmed: boolean;
  reason: string;
  outcome: GoalOutcome | null;
}

const MAX_REMEMBERED_GOALS = 1024;

/**
 * Runs each subgoal as one ROS 2 action goal. The task's goalId is recorded with the goal's wire id
 * before anything else; feedback becomes `step` events (no direct command: `action` is `{}`) carrying
 * the robot's latest observation, so the verifier keeps watching; SUCCEEDED with a good result is a
 * `claimed_done`, never proof. A goal that outlives its timeouts is cancelled, not dropped: the
 * executor waits for the cancel answer and the terminal status, and says whether the stop is confirmed.
 */
export class ActionGoalExecutor implements Executor {
  readonly robotId: string;
  readonly trainedTemplates: readonly string[];
  private readonly timeouts: ActionTimeouts;
  private _state: ExecutorState = 'idle';
  private readonly listeners = new Set<(e: ExecutorEvent) => void>();
  private readonly feedbackListeners = new Set<(e: ActionFeedbackEvent) => void>();
  private readonly wireIds = new Map<string, string>();
  private attempt: Attempt | null = null;
  private gen = 0;
  private seq = 0;
  private stopping: Promise<StopOutcome> | null = null;
  private readonly pending = new Set<Promise<unknown>>();
  private offTick: (() => void) | null = null;

  constructor(private readonly opts: ActionGoalExecutorOptions) {
    this.robotId = opts.robot.id;
    this.trainedTemplates = opts.trainedTemplates ?? [];
    this.timeouts = ActionTimeoutsSchema.parse(opts.timeouts ?? {});
  }

  get state(): ExecutorState {
    return this._state;
  }

  /** The wire id (goal UUID hex or rosbridge id) the task's goalId was dispatched as. */
  wireIdOf(goalId: string): string | undefined {
    return this.wireIds.get(goalId);
  }

  onFeedback(listener: (e: ActionFeedbackEvent) => void): () => void {
    this.feedbackListeners.add(listener);
    return () => this.feedbackListeners.delete(listener);
  }

  subscribe(listener: (event: ExecutorEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  health(): Promise<ExecutorHealth> {
    return this.opts.port.health();
  }

  /** Resolves once no send or cancel started by this executor is outstanding (goal results are not waited for). */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  start(task: ExecutorTask): void {
    if (this._state === 'running' || this._state === 'stopping') {
      throw new OrcaError('executor_busy', `executor for ${this.robotId} is ${this._state}`);
    }
    this._state = 'running';
    this.stopping = null;
    this.emit({ type: 'started', goalId: task.goalId, simTime: this.now() });
    this.offTick?.();
    this.offTick = this.opts.ticker.onTick(() => this.checkTimeouts(), 'control');
    this.dispatch(task);
  }

  /** A new instruction mid-goal: the running goal is cancelled (confirmed) and the new one sent. */
  setTask(task: ExecutorTask): void {
    const current = this.attempt;
    if (this._state !== 'running' || !current) return;
    this.emit({ type: 'task_changed', goalId: task.goalId, instruction: task.instruction, simTime: this.now() });
    this.gen++;
    this.track(
      this.cancelAndConfirm(current).then((stop) => {
        if (this._state !== 'running' || this.attempt !== current) return;
        if (!stop.confirmed) return this.fail(task.goalId, 'executor_error', `could not replace the running goal: ${stop.reason}`);
        this.dispatch(task);
      }),
    );
  }

  async stop(reason: string): Promise<StopResult> {
    if (this.stopping) {
      const s = await this.stopping;
      return { confirmed: s.confirmed, reason };
    }
    const attempt = this.attempt;
    if (!attempt || (this._state !== 'running' && this._state !== 'stopping')) return { confirmed: true, reason };
    this._state = 'stopping';
    this.detach();
    const s = await this.runStop(attempt);
    this._state = 'stopped';
    this.emit({ type: 'stopped', goalId: attempt.task.goalId, confirmed: s.confirmed, simTime: this.now(), reason: `${reason} (${s.reason})` });
    return { confirmed: s.confirmed, reason };
  }

  reset(): void {
    this.detach();
    this.attempt = null;
    this.stopping = null;
    this._state = 'idle';
  }

  private dispatch(task: ExecutorTask): void {
    const gen = ++this.gen;
    const cfg = Object.hasOwn(this.opts.skills, task.skill) ? this.opts.skills[task.skill] : undefined;
    if (!cfg) return this.fail(task.goalId, 'precondition_unmet', `no ROS 2 action is mapped for skill "${task.skill}"`);
    if (this.opts.robot.estopped) return this.fail(task.goalId, 'estopped', 'robot is e-stopped');
    let resolved;
    try {
      resolved = buildGoal(cfg, task);
    } catch (err) {
      if (err instanceof GoalBuildError) return this.fail(task.goalId, 'precondition_unmet', err.message);
      throw err;
    }
    const bad = findNonFinite(resolved.goal);
    if (bad) return this.fail(task.goalId, 'unsafe_action', `goal for ${task.skill} has a non-finite number at ${bad}`);

    const onFeedback = (feedback: unknown): void => this.feedback(attempt, feedback);
    const sent = this.opts.port.send(resolved, task.goalId, onFeedback).then(
      (d) => d,
      (err: unknown) => {
        if (gen === this.gen && this._state === 'running') this.fail(task.goalId, failureCodeOf(err), `sending goal to ${resolved.server}: ${errText(err)}`);
        return null;
      },
    );
    const now = this.now();
    const attempt: Attempt = { gen, task, cfg, server: resolved.server, sent, dispatched: null, startedAt: now, lastProgress: now };
    this.attempt = attempt;
    this.track(sent.then((d) => d && this.acknowledged(attempt, d)));
  }

  private acknowledged(attempt: Attempt, d: DispatchedGoal): void {
    attempt.dispatched = d;
    if (d.accepted) this.remember(attempt.task.goalId, d.wireId);
    if (attempt.gen !== this.gen || this._state !== 'running') return;
    if (!d.accepted) return this.fail(attempt.task.goalId, 'executor_error', `${attempt.server} rejected the goal`);
    attempt.lastProgress = this.now();
    // Not tracked by settled(): a goal's result may take minutes.
    void (
      d.result.then(
        (outcome) => {
          if (attempt.gen === this.gen && this._state === 'running') this.finish(attempt, outcome);
        },
        (err: unknown) => {
          if (attempt.gen === this.gen && this._state === 'running') this.fail(attempt.task.goalId, failureCodeOf(err), `${attempt.server}: ${errText(err)}`);
        },
      )
    );
  }

  private feedback(attempt: Attempt, feedback: unknown): void {
    if (attempt.gen !== this.gen || this._state !== 'running') return;
    const simTime = this.now();
    attempt.lastProgress = simTime;
    const wireId = attempt.dispatched?.wireId ?? this.wireIds.get(attempt.task.goalId) ?? '';
    for (const l of [...this.feedbackListeners]) l({ goalId: attempt.task.goalId, wireId, server: attempt.server, feedback, simTime });
    const raw = this.opts.robot.observe();
    const observation = this.opts.sensors ? this.opts.sensors.merge(raw) : raw;
    this.emit({ type: 'step', goalId: attempt.task.goalId, seq: ++this.seq, simTime, action: {}, observation });
  }

  private finish(attempt: Attempt, outcome: GoalOutcome): void {
    const goalId = attempt.task.goalId;
    if (outcome.status === GoalStatus.SUCCEEDED) {
      const verdict = interpretResult(attempt.cfg, outcome.result);
      if (!verdict.ok) return this.fail(goalId, 'executor_error', `${attempt.server} succeeded with a failed result: ${verdict.message}`);
      this.detach();
      this._state = 'claimed_done';
      this.emit({ type: 'claimed_done', goalId, simTime: this.now(), message: verdict.message });
      return;
    }
    if (outcome.status === GoalStatus.CANCELED) return this.fail(goalId, 'cancelled', `${attempt.server} goal was canceled by someone else`);
    if (outcome.status === GoalStatus.ABORTED) {
      const verdict = interpretResult(attempt.cfg, outcome.result);
      return this.fail(goalId, 'executor_error', `${attempt.server} aborted the goal${verdict.ok ? '' : `: ${verdict.message}`}`);
    }
    this.fail(goalId, 'executor_error', `${attempt.server} ended with status ${outcome.status}: ${errText(outcome.result)}`);
  }

  private checkTimeouts(): void {
    const a = this.attempt;
    if (!a || this._state !== 'running' || a.gen !== this.gen) return;
    const now = this.now();
    const t = this.timeouts;
    let why: string | null = null;
    if (now - a.startedAt >= t.result_timeout_s - 1e-9) why = `no result within ${t.result_timeout_s}s`;
    else if (now - a.lastProgress >= t.feedback_timeout_s - 1e-9) why = `no feedback for ${t.feedback_timeout_s}s`;
    if (!why) return;
    this._state = 'stopping';
    this.detach();
    const reason = why;
    this.track(
      this.runStop(a).then((s) => {
        if (this._state !== 'stopping' || this.attempt !== a) return;
        this.stopping = null;
        // The goal may have finished while the cancel was in flight: then it was not lost after all.
        if (s.outcome && s.outcome.status === GoalStatus.SUCCEEDED) {
          this._state = 'running';
          return this.finish(a, s.outcome);
        }
        this._state = 'failed';
        this.emit({ type: 'failed', goalId: a.task.goalId, code: 'timeout', message: `${a.server}: ${reason}; cancel ${s.confirmed ? 'confirmed' : `unconfirmed: ${s.reason}`}`, simTime: this.now() });
      }),
    );
  }

  private runStop(attempt: Attempt): Promise<StopOutcome> {
    this.gen++;
    const p = this.cancelAndConfirm(attempt).then((s) => {
      if (!s.confirmed) this.opts.robot.halt();
      return s;
    });
    this.stopping = p;
    this.track(p);
    return p;
  }

  /** Cancel accepted + a terminal status = confirmed; a refusal or silence = unconfirmed. */
  private async cancelAndConfirm(attempt: Attempt): Promise<StopOutcome> {
    const ms = this.timeouts.cancel_timeout_ms;
    try {
      const d = attempt.dispatched ?? (await within(attempt.sent, ms));
      if (!d) return { confirmed: false, reason: 'the goal was never acknowledged, so it cannot be cancelled', outcome: null };
      if (!d.accepted) return { confirmed: true, reason: 'the goal was rejected; nothing is running', outcome: null };
      const ack = await within(d.cancel(), ms);
      if (!ack) return { confirmed: false, reason: `no answer to the cancel request within ${ms} ms`, outcome: null };
      if (!ack.accepted) return { confirmed: false, reason: `cancel refused: ${ack.detail}`, outcome: null };
      const outcome = await within(d.result, ms);
      if (!outcome) return { confirmed: false, reason: `cancel accepted but no terminal status within ${ms} ms`, outcome: null };
      return { confirmed: true, reason: `goal ended with status ${outcome.status}`, outcome };
    } catch (err) {
      return { confirmed: false, reason: `cancel failed: ${errText(err)}`, outcome: null };
    }
  }

  private fail(goalId: string, code: FailureCode, message: string): void {
    this.detach();
    this.gen++;
    this._state = code === 'estopped' ? 'estopped' : 'failed';
    this.emit({ type: 'failed', goalId, code, message, simTime: this.now() });
  }

  private detach(): void {
    this.offTick?.();
    this.offTick = null;
  }

  private remember(goalId: string, wireId: string): void {
    this.wireIds.set(goalId, wireId);
    if (this.wireIds.size > MAX_REMEMBERED_GOALS) {
      const oldest = this.wireIds.keys().next().value;
      if (oldest !== undefined) this.wireIds.delete(oldest);
    }
  }

  private track(p: Promise<unknown>): void {
    const q = p.catch(() => undefined).finally(() => this.pending.delete(q));
    this.pending.add(q);
  }

  private now(): number {
    return this.opts.ticker.simTime;
  }

  private emit(e: ExecutorEvent): void {
    for (const l of [...this.listeners]) l(e);
  }
}

function errText(err: unknown): string {
  if (err instanceof Error) return err.message;
  return typeof err === 'string' ? err : JSON.stringify(err);
}
