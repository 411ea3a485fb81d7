import type { Executor, ExecutorEvent, ExecutorHealth, ExecutorState, ExecutorTask, StepLink, StopResult } from '../domain/executor.js';
import type { FailureCode } from '../domain/failures.js';
import type { RobotBody } from '../robots/bodies/body.js';

/** An executor whose policy answers one request at a time (the network bindings' `RemotePolicyExecutor`). */
interface RequestingExecutor extends Executor {
  settled(): Promise<void>;
}

function requestsPerStep(e: Executor): e is RequestingExecutor {
  return typeof (e as Partial<RequestingExecutor>).settled === 'function';
}

/** What the trace says of a robot's network links: the policy server and the body's link, when either is remote. */
export interface MemberLinks {
  /** e.g. `openpi ws://host:8000`; absent for a policy in this process. */
  policy?: string;
  /** e.g. `rosbridge ws://host:9090`; absent for a body of the in-process world. */
  body?: string;
}

function policyRequestsOf(e: Executor): { count: number; lastMs: number | null } | null {
  const r: unknown = (e as { policyRequests?: unknown }).policyRequests;
  return r && typeof r === 'object' && typeof (r as { count?: unknown }).count === 'number' ? (r as { count: number; lastMs: number | null }) : null;
}

/**
 * An executor as the fleet runtime drives it: the runner sees the executor unchanged, and the
 * runtime may end the running attempt from outside (`fault`) when the body falls silent or the
 * policy misses its step deadline. A fault stops the executor, asks the body for a confirmed stop,
 * and only then reports the attempt `failed` with the code and whether the stop was confirmed, so
 * the trace never shows a failure while the robot may still move.
 */
export class SupervisedExecutor implements Executor {
  private readonly listeners = new Set<(e: ExecutorEvent) => void>();
  private goalId: string | null = null;
  /** Set while a fault is stopping the attempt and after it failed, until the next start or reset. */
  private faulted: { goalId: string; state: 'stopping' | 'failed' } | null = null;
  /** From `start` until the gate first sees the body publishing in this attempt. */
  private linkAwaited = false;

  constructor(
    readonly inner: Executor,
    private readonly body: RobotBody,
    private readonly simTime: () => number,
    private readonly links: MemberLinks = {},
  ) {
    inner.subscribe((e) => this.forward(e));
  }

  get robotId(): string {
    return this.inner.robotId;
  }

  get trainedTemplates(): readonly string[] {
    return this.inner.trainedTemplates;
  }

  get state(): ExecutorState {
    return this.faulted?.state ?? this.inner.state;
  }

  /** True when the policy is asked once per open-loop chunk, so a control step must wait for its answer. */
  get requestsPerStep(): boolean {
    return requestsPerStep(this.inner);
  }

  /** Resolves once no policy request is in flight (at once for executors that make none). */
  settled(): Promise<void> {
    return requestsPerStep(this.inner) ? this.inner.settled() : Promise.resolve();
  }

  start(task: ExecutorTask): void {
    this.faulted = null;
    this.linkAwaited = true;
    this.goalId = task.goalId;
    this.inner.start(task);
  }

  setTask(task: ExecutorTask): void {
    this.goalId = task.goalId;
    this.inner.setTask(task);
  }

  stop(reason: string): Promise<StopResult> {
    return this.inner.stop(reason);
  }

  reset(): void {
    this.faulted = null;
    this.inner.reset();
  }

  subscribe(listener: (event: ExecutorEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  health(): Promise<ExecutorHealth> {
    return this.inner.health();
  }

  /** The attempt has just started and the body has not been seen publishing in it yet (the gate may wait longer for it). */
  get awaitingLink(): boolean {
    return this.linkAwaited;
  }

  linkSeen(): void {
    this.linkAwaited = false;
  }

  /** An attempt is live: running, or claimed done while the verifier's settle window runs. */
  get attemptLive(): boolean {
    return !this.faulted && (this.inner.state === 'running' || this.inner.state === 'claimed_done');
  }

  /**
   * Ends the live attempt with `code`: the executor stops, the body confirms its stop (or says it
   * could not), then `failed` is reported. Does nothing when no attempt is live.
   */
  async fault(code: FailureCode, message: string): Promise<void> {
    const goalId = this.goalId;
    if (!this.attemptLive || goalId === null) return;
    this.faulted = { goalId, state: 'stopping' };
    try {
      await this.inner.stop(message);
    } catch {
      // The body's own stop below is what makes the robot safe.
    }
    let confirmed = false;
    try {
      confirmed = await this.body.confirmedStop();
    } catch {
      confirmed = false;
    }
    if (this.faulted?.goalId !== goalId) return;
    this.faulted = { goalId, state: 'failed' };
    this.emit({ type: 'failed', goalId, code, message: `${message}; ${confirmed ? 'stop confirmed' : 'stop NOT confirmed'}`, simTime: this.simTime() });
  }

  private forward(e: ExecutorEvent): void {
    // The fault reports the attempt's end itself; the inner executor's own stop is part of it.
    if (this.faulted && e.goalId === this.faulted.goalId) return;
    this.emit(e.type === 'step' ? this.withLink(e) : e);
  }

  private withLink(e: Extract<ExecutorEvent, { type: 'step' }>): ExecutorEvent {
    const link: StepLink = {};
    const requests = this.links.policy ? policyRequestsOf(this.inner) : null;
    if (this.links.policy && requests) {
      link.policy = { endpoint: this.links.policy, requests: requests.count, ...(requests.lastMs !== null ? { lastMs: Math.round(requests.lastMs * 10) / 10 } : {}) };
    }
    if (this.links.body) {
      const age = this.body.observationAgeMs;
      link.observation = { via: this.links.body, seq: e.observation.seq, ageMs: Number.isFinite(age) ? Math.round(age) : -1 };
    }
    return link.policy || link.observation ? { ...e, link } : e;
  }

  private emit(e: ExecutorEvent): void {
    for (const l of [...this.listeners]) l(e);
  }
}
