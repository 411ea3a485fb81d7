import { ManualTicker } from '../domain/clock.js';
import type { Predicate } from '../domain/predicates.js';
import type { Scene } from './scene-schema.js';
import { World } from './world.js';
import type { WorldOptions } from './world.js';

export interface SimulationOptions extends WorldOptions {
  /** Control rate in Hz; one tick = one control period. Default 20. */
  controlRate?: number;
}

/**
 * A world on a simulated clock: `world.step(dt)` runs in the ticker's `physics` phase, so controllers
 * registered in `control` act before it and observers in `observe` see the result.
 */
const MAX_CATCH_UP = 5;

export class Simulation {
  readonly world: World;
  readonly ticker: ManualTicker;
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(world: World, controlRate = 20) {
    this.world = world;
    this.ticker = ManualTicker.fromRate(controlRate);
    this.ticker.onTick((tick) => this.world.step(tick.dt), 'physics');
  }

  static fromScene(scene: Scene, opts: SimulationOptions): Simulation {
    return new Simulation(World.fromScene(scene, opts), opts.controlRate ?? 20);
  }

  get simTime(): number {
    return this.ticker.simTime;
  }

  advance(ticks = 1): void {
    this.ticker.advance(ticks);
  }

  runFor(seconds: number): void {
    this.ticker.advance(Math.max(0, Math.round(seconds / this.ticker.dt)));
  }

  /** Advances until the ground-truth predicate holds; false if `maxSeconds` pass first. */
  runUntil(predicate: Predicate | (() => boolean), maxSeconds: number): boolean {
    const holds = typeof predicate === 'function' ? predicate : () => this.world.truth.evaluate(predicate);
    const maxTicks = Math.round(maxSeconds / this.ticker.dt);
    for (let i = 0; i < maxTicks; i++) {
      if (holds()) return true;
      this.ticker.advance(1);
    }
    return holds();
  }

  /**
   * Ticks at wall-clock pace (for demos); `speed` > 1 runs faster than real time. Timers drift, so
   * each wake-up catches up with the wall clock (at most `MAX_CATCH_UP` ticks, so a stalled process
   * slows the simulation down instead of lurching it forward).
   */
  startRealtime(speed = 1, now: () => number = () => performance.now()): void {
    if (this.timer) return;
    const t0 = now();
    const step0 = this.ticker.step;
    const periodMs = (this.ticker.dt * 1000) / speed;
    let behind = 0;
    this.timer = setInterval(() => {
      const due = step0 + behind + Math.floor((now() - t0) / periodMs) - this.ticker.step;
      const n = Math.min(Math.max(due, 0), MAX_CATCH_UP);
      if (due > MAX_CATCH_UP) behind -= due - MAX_CATCH_UP;
      this.ticker.advance(n);
    }, periodMs);
  }

  stopRealtime(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  get realtime(): boolean {
    return this.timer !== null;
  }
}
