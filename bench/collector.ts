import { PerformanceObserver } from 'node:perf_hooks';
import { getHeapStatistics } from 'node:v8';

/**
 * Garbage-collector pauses and who caused them. V8 runs most young-generation collections as tasks
 * between turns of the event loop rather than at the allocation that filled the space, so in a
 * control loop they land after the bare work (world, policies) has returned, in the gap a step
 * otherwise spends on orca's own work; timing by section alone would charge orca for collections
 * the world's and the policies' allocations made necessary. These helpers log the pauses and
 * measure how the allocated bytes split, so a pause can be charged by allocation share.
 */

export interface Pause {
  start: number;
  end: number;
}

/** Collects GC pauses (performance.now() timebase) from the moment it is created until `stop()`. */
export class PauseLog {
  private readonly pauses: Pause[] = [];
  private readonly observer: PerformanceObserver;

  constructor() {
    this.observer = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) this.pauses.push({ start: e.startTime, end: e.startTime + e.duration });
    });
    this.observer.observe({ entryTypes: ['gc'] });
  }

  /** Stops logging once the entries still queued for delivery have arrived; the pauses, in order. */
  async stop(): Promise<Pause[]> {
    await new Promise((r) => setTimeout(r, 20));
    this.observer.disconnect();
    return [...this.pauses].sort((a, b) => a.start - b.start);
  }
}

/** Milliseconds of `pauses` inside [t0, t1] that no interval of `busy` covers (busy sorted by start, disjoint). */
export function pauseOutside(pauses: readonly Pause[], t0: number, t1: number, busy: readonly Pause[]): number {
  let total = 0;
  for (const p of pauses) {
    const a = Math.max(p.start, t0);
    const b = Math.min(p.end, t1);
    if (b <= a) continue;
    let covered = 0;
    for (const q of busy) covered += Math.max(0, Math.min(b, q.end) - Math.max(a, q.start));
    total += Math.max(0, b - a - covered);
  }
  return total;
}

/** Whether any pause overlaps [t0, t1]. */
export function overlapsPause(pauses: readonly Pause[], t0: number, t1: number): boolean {
  return pauses.some((p) => p.start < t1 && p.end > t0);
}

/**
 * A clock that reads the bytes allocated on the JS heap so far (`used_heap_size`), for `Attribution`
 * to measure exclusive bytes per section instead of exclusive time. Each read itself allocates a
 * little (the statistics object); `readCost` is that amount, calibrated on creation, and `reads`
 * counts the calls so a caller can take them back out.
 */
export class HeapClock {
  reads = 0;
  readonly readCost: number;

  constructor() {
    const deltas: number[] = [];
    for (let i = 0; i < 201; i++) {
      const a = getHeapStatistics().used_heap_size;
      const b = getHeapStatistics().used_heap_size;
      if (b >= a) deltas.push(b - a);
    }
    deltas.sort((x, y) => x - y);
    this.readCost = deltas[Math.floor(deltas.length / 2)] ?? 0;
  }

  readonly now = (): number => {
    this.reads++;
    return getHeapStatistics().used_heap_size;
  };
}
