import type { RobotBody } from '../robots/bodies/body.js';
import type { SupervisedExecutor } from './supervised-executor.js';

/** Wall time for the runtime; tests pass their own. */
export interface WallClock {
  /** Milliseconds, monotonic. */
  now(): number;
  /** Calls `fn` after `ms`; returns a cancel function. */
  setTimer(ms: number, fn: () => void): () => void;
  /** Resolves after every timer already due and every message already received has been handled. */
  turn(): Promise<void>;
}

export const systemClock: WallClock = {
  now: () => performance.now(),
  setTimer: (ms, fn) => {
    const t = setTimeout(fn, ms);
    return () => clearTimeout(t);
  },
  // A timer due next runs after every timer due before it; the check phase after it follows that
  // loop's pending I/O (socket messages). From whichever phase this is called, both have run.
  turn: () => new Promise((resolve) => setTimeout(() => setImmediate(resolve), 1)),
};

export function sleep(clock: WallClock, ms: number): Promise<void> {
  return new Promise((resolve) => clock.setTimer(ms, resolve));
}

/** What the gate needs of an executor (`SupervisedExecutor`). */
export type GatedExecutor = Pick<SupervisedExecutor, 'attemptLive' | 'requestsPerStep' | 'settled' | 'fault'> & Partial<Pick<SupervisedExecutor, 'awaitingLink' | 'linkSeen'>>;

export interface GatedRobot {
  id: string;
  body: Pick<RobotBody, 'observationAgeMs'>;
  executor: GatedExecutor;
  /** A body of the in-process simulated world: its observations are made on demand, never late. */
  simulated: boolean;
  /** An observation older than this fails the running attempt as `stalled`. */
  staleAfterMs: number;
  /**
   * How long a new attempt waits for a silent body to publish again before it fails as `stalled`
   * (a link that dropped, a robot process restarting); default `staleAfterMs`.
   */
  reconnectGraceMs?: number;
  /** Longest one step waits for the policy's answer before the attempt fails. */
  stepDeadlineMs: number;
}

/** How often a step looks again for a body's next message while it waits. */
const POLL_MS = 2;

/**
 * What stands between two control ticks of a fleet. Before each tick, for every robot with a live
 * attempt (running, or claimed done and being verified): its policy request in flight must be answered (within the step deadline), and a body
 * reached over a link must have delivered an observation since the last tick (within its
 * `stale_after_ms`). A robot that cannot is faulted: its attempt fails once the body's stop is
 * confirmed (or known unconfirmed), and only then does the tick go ahead for the others. No tick
 * runs past an outstanding request.
 */
export class ControlGate {
  private lastTickAt: number | null = null;

  constructor(
    private readonly robots: readonly GatedRobot[],
    private readonly clock: WallClock = systemClock,
  ) {}

  /** True when some robot's step must wait for something outside the process (a policy or a link). */
  get waitsForTheWorld(): boolean {
    return this.robots.some((r) => !r.simulated || r.executor.requestsPerStep);
  }

  async beforeTick(): Promise<void> {
    // A claimed attempt is live too: the verifier's settle window reads the body's observations.
    const live = this.robots.filter((r) => r.executor.attemptLive);
    await Promise.all(live.map((r) => this.ready(r)));
    this.lastTickAt = this.clock.now();
  }

  private async ready(r: GatedRobot): Promise<void> {
    if (!(await this.policyAnswered(r))) {
      await r.executor.fault('executor_error', `${r.id}: the policy answered no request within ${r.stepDeadlineMs} ms (step_deadline_ms)`);
      return;
    }
    if (r.simulated) return;
    const grace = r.executor.awaitingLink && r.reconnectGraceMs !== undefined ? Math.max(r.staleAfterMs, r.reconnectGraceMs) : r.staleAfterMs;
    const age = await this.freshObservation(r, grace);
    if (age === null) {
      r.executor.linkSeen?.();
      return;
    }
    const limit = grace > r.staleAfterMs ? `a new attempt waited ${grace} ms (ready_timeout_ms)` : `stale_after_ms ${r.staleAfterMs}`;
    await r.executor.fault('stalled', `${r.id}: no observation for ${Math.round(age)} ms (${limit}): the body stopped publishing`);
  }

  private policyAnswered(r: GatedRobot): Promise<boolean> {
    if (!r.executor.requestsPerStep) return Promise.resolve(true);
    return new Promise((resolve) => {
      const cancel = this.clock.setTimer(r.stepDeadlineMs, () => resolve(false));
      void r.executor.settled().then(() => {
        cancel();
        resolve(true);
      });
    });
  }

  /**
   * Waits for a message newer than the last tick; returns null once one arrived, or the age when the
   * body went stale first. A body is called stale only once the event loop has read everything due:
   * after a long wait (a slow policy answer, a busy process) its messages may be queued, not yet read.
   */
  private async freshObservation(r: GatedRobot, staleAfterMs: number): Promise<number | null> {
    for (;;) {
      const age = r.body.observationAgeMs;
      const sinceLastTick = this.lastTickAt === null || this.clock.now() - age > this.lastTickAt;
      if (sinceLastTick && age <= staleAfterMs) return null;
      if (age > staleAfterMs) {
        await this.clock.turn();
        const again = r.body.observationAgeMs;
        if (again > staleAfterMs) return again;
        continue;
      }
      await sleep(this.clock, POLL_MS);
    }
  }
}
