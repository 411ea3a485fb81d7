/**
 * Control ticks. One tick is one control period: controllers act on the latest observations, the
 * world (or the real robots) integrate, then observers see the new observations. Time is simulated
 * seconds, so tests and benchmarks run faster than real time and replay exactly.
 */
export interface Tick {
  step: number;
  simTime: number;
  dt: number;
}

export type TickPhase = 'control' | 'physics' | 'observe';
export type TickListener = (tick: Tick) => void;

export interface TickSource {
  readonly dt: number;
  readonly step: number;
  readonly simTime: number;
  onTick(listener: TickListener, phase?: TickPhase): () => void;
}

/** A tick source advanced by its owner: `advance()` runs one control period through every phase. */
export class ManualTicker implements TickSource {
  private readonly listeners: Record<TickPhase, Set<TickListener>> = {
    control: new Set(),
    physics: new Set(),
    observe: new Set(),
  };
  private timers: { at: number; seq: number; fn: () => void }[] = [];
  private timerSeq = 0;
  step = 0;
  simTime = 0;

  constructor(readonly dt: number) {
    if (!(dt > 0 && Number.isFinite(dt))) throw new Error(`control period must be positive, got ${dt}`);
  }

  static fromRate(hz: number): ManualTicker {
    return new ManualTicker(1 / hz);
  }

  onTick(listener: TickListener, phase: TickPhase = 'control'): () => void {
    this.listeners[phase].add(listener);
    return () => this.listeners[phase].delete(listener);
  }

  /** Calls `fn` at the first tick at or after `simTime + seconds` (simulated time). */
  after(seconds: number, fn: () => void): () => void {
    const timer = { at: this.simTime + seconds, seq: this.timerSeq++, fn };
    this.timers.push(timer);
    return () => {
      this.timers = this.timers.filter((t) => t !== timer);
    };
  }

  advance(ticks = 1): void {
    for (let i = 0; i < ticks; i++) {
      this.step += 1;
      this.simTime = this.step * this.dt;
      const tick: Tick = { step: this.step, simTime: this.simTime, dt: this.dt };
      for (const phase of ['control', 'physics', 'observe'] as const) {
        for (const l of [...this.listeners[phase]]) l(tick);
      }
      this.fireTimers();
    }
  }

  private fireTimers(): void {
    const due = this.timers.filter((t) => t.at <= this.simTime + 1e-9).sort((a, b) => a.at - b.at || a.seq - b.seq);
    if (due.length === 0) return;
    this.timers = this.timers.filter((t) => !due.includes(t));
    for (const t of due) t.fn();
  }
}
