import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadBuiltinScene } from './scene-loader.js';
import { Simulation } from './simulation.js';

describe('Simulation real-time pacing', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('keeps simulated time in step with the wall clock, catching up after late timers', () => {
    vi.useFakeTimers();
    const sim = Simulation.fromScene(loadBuiltinScene('home'), { seed: 1, noise: 'off', controlRate: 20 });
    sim.startRealtime(1, () => Date.now());
    vi.advanceTimersByTime(1000);
    expect(sim.ticker.step).toBe(20);
    // The process was busy for 100 ms without timers firing; the next wake-up catches up.
    vi.setSystemTime(Date.now() + 100);
    vi.advanceTimersByTime(50);
    expect(sim.ticker.step).toBe(23);
    sim.stopRealtime();
    vi.advanceTimersByTime(5000);
    expect(sim.ticker.step).toBe(23);
    expect(sim.realtime).toBe(false);
  });

  it('runs faster than real time when asked', () => {
    vi.useFakeTimers();
    const sim = Simulation.fromScene(loadBuiltinScene('home'), { seed: 1, noise: 'off', controlRate: 20 });
    sim.startRealtime(5, () => Date.now());
    vi.advanceTimersByTime(500);
    expect(sim.ticker.step).toBe(50);
    sim.stopRealtime();
  });
});
