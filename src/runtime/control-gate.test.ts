import { stat } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { FailureCode } from '../domain/failures.js';
import { ControlGate, systemClock } from './control-gate.js';
import type { GatedExecutor, WallClock } from './control-gate.js';

/**
 * Simulated wall time: timers fire in order of their due time, each on its own turn of the event
 * loop, and firing one moves the clock to its due time. Nothing here depends on real time.
 */
class FakeClock implements WallClock {
  t = 0;
  private timers: { at: number; fn: () => void; live: boolean }[] = [];

  now(): number {
    return this.t;
  }

  setTimer(ms: number, fn: () => void): () => void {
    const timer = { at: this.t + ms, fn, live: true };
    this.timers.push(timer);
    setImmediate(() => this.fireNext());
    return () => {
      timer.live = false;
    };
  }

  turn(): Promise<void> {
    return new Promise((resolve) => setImmediate(resolve));
  }

  private fireNext(): void {
    this.timers = this.timers.filter((x) => x.live).sort((a, b) => a.at - b.at);
    const next = this.timers.shift();
    if (!next) return;
    this.t = Math.max(this.t, next.at);
    next.fn();
  }
}

/** A link whose messages land when the event loop turns (as socket data does), on the fake clock. */
class Link {
  lastAt = 0;
  constructor(private readonly clock: FakeClock) {}
  get observationAgeMs(): number {
    return this.clock.now() - this.lastAt;
  }
  /** A message already on the wire: it is read on the next turn of the event loop. */
  arriving(): void {
    setImmediate(() => (this.lastAt = this.clock.now()));
  }
}

function executor(opts: { inFlight?: Promise<void> } = {}): GatedExecutor & { faults: [FailureCode, string][] } {
  const faults: [FailureCode, string][] = [];
  return {
    faults,
    attemptLive: true,
    requestsPerStep: opts.inFlight !== undefined,
    settled: () => opts.inFlight ?? Promise.resolve(),
    fault: (code, message) => {
      faults.push([code, message]);
      return Promise.resolve();
    },
  };
}

describe('the control gate', () => {
  it('does not call a body stale whose message is queued behind a long wait', async () => {
    const clock = new FakeClock();
    const link = new Link(clock);
    const exec = executor();
    const gate = new ControlGate([{ id: 'arm', body: link, executor: exec, simulated: false, staleAfterMs: 150, stepDeadlineMs: 5000 }], clock);
    await gate.beforeTick();
    // The process was busy for 400 ms (a slow policy, a collector pause); the body kept publishing.
    clock.t = 400;
    link.arriving();
    await gate.beforeTick();
    expect(exec.faults).toEqual([]);
  });

  it('faults a live attempt as stalled once its body has been silent past stale_after_ms', async () => {
    const clock = new FakeClock();
    const link = new Link(clock);
    const exec = executor();
    const gate = new ControlGate([{ id: 'arm', body: link, executor: exec, simulated: false, staleAfterMs: 150, stepDeadlineMs: 5000 }], clock);
    await gate.beforeTick();
    await gate.beforeTick();
    expect(exec.faults).toEqual([['stalled', expect.stringMatching(/^arm: no observation for 15\d ms \(stale_after_ms 150\): the body stopped publishing$/)]]);
  });

  it('a new attempt waits for a silent body up to the reconnect grace (a robot process restarting), then stale_after_ms applies again', async () => {
    const clock = new FakeClock();
    const link = new Link(clock);
    const exec = { ...executor(), awaitingLink: false, linkSeen: () => (exec.awaitingLink = false) };
    const gate = new ControlGate([{ id: 'arm', body: link, executor: exec, simulated: false, staleAfterMs: 150, reconnectGraceMs: 2000, stepDeadlineMs: 5000 }], clock);
    await gate.beforeTick();
    exec.awaitingLink = true;
    clock.setTimer(1200, () => link.arriving());
    await gate.beforeTick();
    expect(exec.faults).toEqual([]);
    expect(exec.awaitingLink).toBe(false);
    await gate.beforeTick();
    expect(exec.faults).toEqual([['stalled', expect.stringMatching(/\(stale_after_ms 150\)/)]]);
    exec.faults.length = 0;
    exec.awaitingLink = true;
    await gate.beforeTick();
    expect(exec.faults).toEqual([['stalled', expect.stringMatching(/^arm: no observation for 20\d\d ms \(a new attempt waited 2000 ms \(ready_timeout_ms\)\): the body stopped publishing$/)]]);
  });

  it('waits for the policy answer in flight, and faults the attempt at the step deadline', async () => {
    const clock = new FakeClock();
    let answer: () => void = () => undefined;
    const answered = executor({ inFlight: new Promise<void>((r) => (answer = r)) });
    const gate = new ControlGate([{ id: 'arm', body: new Link(clock), executor: answered, simulated: true, staleAfterMs: Infinity, stepDeadlineMs: 1000 }], clock);
    let through = false;
    const tick = gate.beforeTick().then(() => (through = true));
    for (let i = 0; i < 10; i++) await Promise.resolve();
    expect(through).toBe(false);
    answer();
    await tick;
    expect(answered.faults).toEqual([]);
    const silent = executor({ inFlight: new Promise<void>(() => undefined) });
    await new ControlGate([{ id: 'arm', body: new Link(clock), executor: silent, simulated: true, staleAfterMs: Infinity, stepDeadlineMs: 1000 }], clock).beforeTick();
    expect(silent.faults).toEqual([['executor_error', 'arm: the policy answered no request within 1000 ms (step_deadline_ms)']]);
  });

  it('on the system clock, reads the messages queued while the process was busy before judging a body stale', async () => {
    // A sensor publishing every 5 ms on a real timer.
    let lastAt = performance.now();
    const sensor = setInterval(() => (lastAt = performance.now()), 5);
    const body = { get observationAgeMs() { return performance.now() - lastAt; } };
    const exec = executor();
    const gate = new ControlGate([{ id: 'arm', body, executor: exec, simulated: false, staleAfterMs: 150, stepDeadlineMs: 5000 }], systemClock);
    try {
      // From an I/O callback (as after a socket message), the process is busy for 300 ms, then steps.
      await new Promise<void>((resolve, reject) =>
        stat(import.meta.filename, () => {
          const until = performance.now() + 300;
          while (performance.now() < until) {
            // busy: no timer of the sensor can run
          }
          gate.beforeTick().then(resolve, reject);
        }),
      );
    } finally {
      clearInterval(sensor);
    }
    expect(exec.faults).toEqual([]);
  });
});
