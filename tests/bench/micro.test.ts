import { describe, expect, it } from 'vitest';
import { Attribution, fleetCalls, PERIOD_MS, sceneWithRovers, stepOverhead, sustainedRobots, timedSteps } from '../../bench/micro.js';
import { loadScene } from '../../src/world/index.js';
import { Random } from '../../src/domain/random.js';
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

  it('has no cap unless given one: it climbs until the control period is missed', async () => {
    const r = await sustainedRobots(1, undefined, undefined, 4, linear(1000));
    expect(r.sustained).toBeGreaterThan(1000 - 4);
    expect(r.sustained).toBeLessThanOrEqual(1000);
    expect(r.capped).toBe(false);
    expect(r.ladder.some((l) => l.p99 > PERIOD_MS)).toBe(true);
  });

  it('reports the cap when even the largest fleet passes, and 0 when one robot fails', async () => {
    expect((await sustainedRobots(1, 64, undefined, 4, linear(1000))).sustained).toBe(64);
    expect((await sustainedRobots(1, 64, undefined, 4, linear(0.5))).sustained).toBe(0);
  });
});

describe('the fleet ladder', () => {
  it('charges each step with the promise work and immediates it queued', async () => {
    let clock = 0;
    const step = (): void => {
      clock += 1;
      void Promise.resolve().then(() => (clock += 10));
      setImmediate(() => (clock += 100));
    };
    expect(await timedSteps(step, 4, 1, () => clock)).toEqual([111, 111, 111]);
  });

  it('builds a scene for any number of rovers, half of them with an object to pick and a plate to put it on', () => {
    const scene = loadScene(sceneWithRovers(600));
    expect(scene.robots).toHaveLength(600);
    const calls = fleetCalls(600);
    const picks = calls.filter((c) => c.skill === 'pick');
    expect(picks).toHaveLength(300);
    const ids = new Set(scene.entities.map((e) => e.id));
    for (const c of calls.filter((x) => x.skill !== 'navigate')) for (const v of Object.values(c.args)) expect(ids.has(v), v).toBe(true);
  });
});

describe('stepOverhead', () => {
  /** Step times of 0.1 ms plus `extra`, with an independent 1 ms pause on 2 % of the steps. */
  const loop = (seed: number, extra: number): number[] => {
    const rng = new Random(seed);
    return Array.from({ length: 5000 }, () => 0.1 + extra + (rng.chance(0.02) ? 1 : 0));
  };

  it('finds no overhead between two equal loops, where the paired difference shows their pauses', () => {
    const r = stepOverhead(loop(1, 0), loop(2, 0));
    expect(Math.abs(r.p50)).toBeLessThan(1e-9);
    expect(Math.abs(r.p99)).toBeLessThan(1e-9);
    expect(r.pairedP99).toBeGreaterThan(0.9);
  });

  it('recovers a constant added cost at p50 and p99', () => {
    const r = stepOverhead(loop(1, 0), loop(2, 0.03));
    expect(r.p50).toBeCloseTo(0.03, 9);
    expect(r.p99).toBeCloseTo(0.03, 9);
  });
});

describe('Attribution', () => {
  it('gives each section its exclusive time: orca inside bare work is not bare, bare work inside orca is', () => {
    let t = 0;
    const at = new Attribution(() => t);
    const policyStart = at.wrap('bare', () => {
      t += 3;
    });
    const orcaListener = at.wrap('orca', () => {
      t += 2;
      policyStart();
    });
    const controlStep = at.wrap('bare', () => {
      t += 5;
      orcaListener();
      t += 1;
    });
    controlStep();
    // 5 + 1 of the control step and 3 of the policy start are bare; the listener's own 2 are not.
    expect(at.takeBare()).toBe(9);
    expect(t).toBe(11);
    expect(at.takeBare()).toBe(0);
    t += 10;
    policyStart();
    // Only outermost sections are spans: what the gap between them is not.
    expect(at.takeSpans()).toEqual([
      { start: 0, end: 11 },
      { start: 21, end: 24 },
    ]);
    expect(at.takeSpans()).toEqual([]);
    // Clock reads whose cost falls in bare work: opening each bare section (three), and the
    // listener's close inside the control step; the nested start's close lands in the listener.
    expect(at.takeBareReads()).toBe(4);
  });

  it('keeps no spans when told not to (a byte clock must not count its own bookkeeping)', () => {
    const at = new Attribution(() => 0, false);
    at.wrap('bare', () => undefined)();
    expect(at.takeSpans()).toEqual([]);
  });
});
