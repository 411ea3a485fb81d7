import type { Goal } from '../../src/reasoning/goal.js';
import type { RecoveryDecision, HumanRequest, MissionOutcome, MissionRunner, ReflectionContext } from '../../src/execution/index.js';

/**
 * What the executive tier needs the deliberative tier for, as plain data the graph checkpoints.
 * `token` links it to the in-memory resolver (a reflection hook's pending promise) that only the
 * live process holds.
 */
export type Escalation =
  | { kind: 'outcome'; outcome: string; reason: string | null }
  | {
      kind: 'reflection';
      token: string;
      subgoalId: string;
      failure: { code: ReflectionContext['failure']['code']; message: string; diagnosis?: ReflectionContext['failure']['code'] };
      attempts: { result: string; failureCode?: ReflectionContext['failure']['code']; assignee: string; instruction?: string }[];
      remainingRetries: number;
    }
  | { kind: 'human'; token: string; request: HumanRequest }
  | { kind: 'message'; token: string; text: string; mode: 'merge' | 'replace'; goal?: Goal; reground?: Reground };

/** A correction that describes the thing wanted instead of `from`: the goal is grounded again with `phrase`. */
export interface Reground {
  from: string;
  phrase: string;
}

type Pending = Escalation & { kind: 'reflection' | 'human' | 'message' };

/**
 * A mission's live executive state in this process: its runner and the queue of escalations the
 * graph's execute node consumes one at a time. Other branches keep running while the graph
 * deliberates about one escalation.
 */
export class LiveMission {
  private readonly queue: Pending[] = [];
  private waiter: ((e: Escalation) => void) | null = null;
  private readonly resolvers = new Map<string, (d: RecoveryDecision) => void>();
  private outcome: MissionOutcome | null = null;
  private seq = 0;

  constructor(readonly runner: MissionRunner) {
    void runner.done.then((o) => {
      this.outcome = o;
      this.flush();
    });
  }

  get finished(): boolean {
    return this.outcome !== null;
  }

  /** The runner's reflection hook: parks the failure until the graph decides. */
  reflectionHook = (ctx: ReflectionContext): Promise<RecoveryDecision> =>
    new Promise((resolve) => {
      const token = `x${++this.seq}`;
      this.resolvers.set(token, resolve);
      this.push({
        kind: 'reflection',
        token,
        subgoalId: ctx.subgoal.id,
        failure: { code: ctx.failure.code, message: ctx.failure.message, ...(ctx.failure.diagnosis ? { diagnosis: ctx.failure.diagnosis } : {}) },
        attempts: ctx.attempts.map((a) => ({ result: a.result, assignee: a.assignee, instruction: a.instruction, ...(a.failure ? { failureCode: a.failure.code } : {}) })),
        remainingRetries: ctx.remainingRetries,
      });
    });

  humanHook = { request: (request: HumanRequest): void => this.push({ kind: 'human', token: `x${++this.seq}`, request }) };

  /** A new goal in words, (`goal`) an already grounded one such as a correction's rebinding, or a description to ground again. */
  pushMessage(text: string, mode: 'merge' | 'replace', goal?: Goal, reground?: Reground): void {
    this.push({ kind: 'message', token: `x${++this.seq}`, text, mode, ...(goal ? { goal } : {}), ...(reground ? { reground } : {}) });
  }

  /**
   * Resumes a runner the graph paused while a person answered a question about changing its plan.
   * A replan sent meanwhile is installed first: a machine still replanning takes no resume, so it is
   * resumed when it settles paused.
   */
  resumeHeld(): void {
    const r = this.runner;
    if (this.finished || r.estopLatched) return;
    const state = r.snapshot().state;
    if (state === 'paused') r.resume();
    if (state !== 'replanning') return;
    const off = r.subscribe((e) => {
      if (e.type !== 'mission_state' || e.to === 'replanning') return;
      off();
      if (e.to === 'paused' && !r.estopLatched) r.resume();
    });
  }

  /** Resolves a parked reflection; false when the token is not (or no longer) pending here. */
  decide(token: string, decision: RecoveryDecision): boolean {
    const r = this.resolvers.get(token);
    if (!r) return false;
    this.resolvers.delete(token);
    r(decision);
    return true;
  }

  /** The next escalation, or the outcome once the queue is empty and the runner is done. */
  next(): Promise<Escalation> {
    const ready = this.take();
    if (ready) return Promise.resolve(ready);
    return new Promise((resolve) => {
      this.waiter = resolve;
    });
  }

  private push(e: Pending): void {
    this.queue.push(e);
    this.flush();
  }

  private take(): Escalation | null {
    const head = this.queue.shift();
    if (head) return head;
    if (this.outcome) return { kind: 'outcome', outcome: this.outcome.outcome, reason: this.outcome.reason };
    return null;
  }

  private flush(): void {
    if (!this.waiter) return;
    const e = this.take();
    if (!e) return;
    const w = this.waiter;
    this.waiter = null;
    w(e);
  }
}
