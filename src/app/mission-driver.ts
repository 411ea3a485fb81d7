import { HumanWaitMeter } from '../execution/index.js';
import type { MissionRunner } from '../execution/index.js';

/** How a fleet's time moves while missions run: one batch of control ticks per `step()`. */
export interface Pacer {
  step(): Promise<void>;
  /** Time resumes after standing still (no live mission, or only people awaited); paced time is not made up in a burst. */
  resume(): void;
}

/** A runner's budget: when it started to be driven, and how long it has waited for people since. */
interface Budget {
  meter: HumanWaitMeter;
  startedAt: number | null;
}

export interface MissionDriverOptions {
  simTime: () => number;
  /** Seconds of robot work a mission may take before it is cancelled; waits for people do not count. */
  maxMissionSeconds: number;
  pacer: Pacer;
}

/**
 * Drives a fleet's clock while some live mission needs it. Time stands still while every live
 * mission only waits for a person's answer: nothing the robots do then depends on it, and a person
 * is never raced by a clock (a mission's budget counts the robots' time, not the people's).
 */
export class MissionDriver {
  private readonly runners = new Map<MissionRunner, Budget>();
  private wakeLoop: (() => void) | null = null;
  private driving = false;
  private closed = false;

  constructor(private readonly opts: MissionDriverOptions) {}

  /** Follows a new runner's waits for people; it is forgotten when it ends. */
  track(runner: MissionRunner): void {
    const budget: Budget = { meter: new HumanWaitMeter(), startedAt: null };
    this.runners.set(runner, budget);
    runner.subscribe((e) => {
      budget.meter.observe(e);
      this.wake();
    });
    void runner.done.finally(() => {
      this.runners.delete(runner);
      this.wake();
    });
  }

  drive(runner: MissionRunner): void {
    const budget = this.runners.get(runner);
    if (budget && budget.startedAt === null) budget.startedAt = this.opts.simTime();
    if (this.driving || this.closed) return;
    this.driving = true;
    void this.loop();
  }

  close(): void {
    this.closed = true;
    for (const r of this.runners.keys()) r.dispose();
    this.runners.clear();
    this.wake();
  }

  private async loop(): Promise<void> {
    // Paced time starts from now: the quiet time before this mission is not made up in a burst.
    this.opts.pacer.resume();
    try {
      while (!this.closed && this.runners.size > 0) {
        this.enforceBudgets();
        if (this.onlyPeopleAwaited()) {
          await new Promise<void>((r) => (this.wakeLoop = r));
          this.opts.pacer.resume();
          continue;
        }
        await this.opts.pacer.step();
      }
    } finally {
      this.driving = false;
    }
  }

  /** Every live mission waits for a person and none has anything under way. */
  private onlyPeopleAwaited(): boolean {
    for (const { meter } of this.runners.values()) if (!meter.waitingForPeople || meter.needsTheClock) return false;
    return true;
  }

  private wake(): void {
    const wake = this.wakeLoop;
    this.wakeLoop = null;
    wake?.();
  }

  /** Cancels a mission whose robots have worked past the budget, not counting its waits for people. */
  private enforceBudgets(): void {
    const max = this.opts.maxMissionSeconds;
    const now = this.opts.simTime();
    for (const [runner, budget] of this.runners) {
      if (budget.startedAt === null) continue;
      const worked = now - budget.startedAt - budget.meter.waitedSeconds(now);
      if (worked <= max) continue;
      budget.startedAt = null;
      runner.cancel(`no outcome within ${max} simulated seconds of work (time spent waiting for people does not count)`);
    }
  }
}

const nextTurn = (): Promise<void> => new Promise<void>((r) => setImmediate(r));

/** As fast as the machine allows: batches of ticks, yielding to the event loop between them. */
export function fastPacer(advance: (ticks: number) => void, after: () => void): Pacer {
  return {
    async step() {
      advance(10);
      after();
      await nextTurn();
    },
    resume() {},
  };
}

/** Simulated time paced to the wall clock times `speed`, catching up in bounded batches. */
export function pacedPacer(opts: { advance: (ticks: number) => void; simTime: () => number; dt: number; speed: number; after: () => void }): Pacer {
  let wallStart = performance.now();
  let simStart = opts.simTime();
  return {
    async step() {
      const due = simStart + ((performance.now() - wallStart) / 1000) * opts.speed;
      const steps = Math.min(50, Math.max(0, Math.floor((due - opts.simTime()) / opts.dt)));
      if (steps > 0) {
        opts.advance(steps);
        opts.after();
      } else if (due - opts.simTime() > 1) {
        wallStart = performance.now();
        simStart = opts.simTime();
      }
      await new Promise<void>((r) => setTimeout(r, Math.max(5, (opts.dt / opts.speed) * 1000)));
    },
    resume() {
      wallStart = performance.now();
      simStart = opts.simTime();
    },
  };
}

/**
 * Ticks through a gate that waits for policy answers and fresh observations. With `periodMs` each
 * tick starts no earlier than one period after the last (the wall clock: a late tick delays the
 * next, it never bunches up); without it, ticks follow each other as soon as the gate allows.
 */
export function gatedPacer(opts: { step: () => Promise<void>; after: () => void; periodMs: number | null }): Pacer {
  let lastTickAt: number | null = null;
  return {
    async step() {
      if (opts.periodMs === null) {
        for (let i = 0; i < 10; i++) await opts.step();
        opts.after();
        await nextTurn();
        return;
      }
      const wait = lastTickAt === null ? 0 : lastTickAt + opts.periodMs - performance.now();
      if (wait > 0) await new Promise<void>((r) => setTimeout(r, wait));
      lastTickAt = performance.now();
      await opts.step();
      opts.after();
    },
    resume() {
      lastTickAt = null;
    },
  };
}
