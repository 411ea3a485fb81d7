import { describe, expect, it } from 'vitest';
import { PERIOD_MS, sustainedRobots } from '../../bench/micro.js';
import type { FleetResult } from '../../bench/micro.js';

/** A fleet whose p99 step grows linearly with its size and crosses the deadline above `limit` robots. */
const linear = (limit: number) => (n: number): Promise<FleetResult> =>
  Promise.resolve({ robots: n, p50: 0, p99: (n / limit) * PERIOD_MS, missedShare: 0, events: 0 });

describe('sustainedRobots', () => {
  it('bisects between the last passing and the first failing size', async () => {
    const r = await sustainedRobots(1, 256, undefined, 1, linear(150));
    expect(r.sustained).toBe(150);
    const sizes = r.ladder.map((l) => l.robots);
    expect(sizes).toEqual([...sizes].sort((a, b) => a - b));
    expect(sizes).toContain(128);
    expect(sizes).toContain(256);
    expect(sizes).toContain(151);
  });

  it('stops within the resolution and never reports a failing size', async () => {
    const r = await sustainedRobots(1, 256, undefined, 8, linear(100));
    expect(r.sustained).toBeLessThanOrEqual(100);
    expect(r.sustained).toBeGreaterThan(100 - 8);
    for (const l of r.ladder) if (l.robots <= r.sustained) expect(l.p99).toBeLessThanOrEqual(PERIOD_MS);
  });

  it('reports the cap when even the largest fleet passes, and 0 when one robot fails', async () => {
    expect((await sustainedRobots(1, 64, undefined, 4, linear(1000))).sustained).toBe(64);
    expect((await sustainedRobots(1, 64, undefined, 4, linear(0.5))).sustained).toBe(0);
  });
});
