import { describe, expect, it } from 'vitest';
import { Random } from './random.js';
import { isBetween, isNextTo, isOnSide, pointOnSide, VERIFIER_SPATIAL, WORLD_SPATIAL } from './spatial.js';
import type { Point2, Side } from './spatial.js';

const SIDES: Side[] = ['leftOf', 'rightOf', 'behind', 'inFrontOf'];

describe('spatial relations from planar positions', () => {
  it('reads the viewing frame: left is smaller x, behind is larger y', () => {
    const plate = { x: 1, y: 1 };
    expect(isOnSide('leftOf', { x: 0.7, y: 1.05 }, plate, WORLD_SPATIAL)).toBe(true);
    expect(isOnSide('rightOf', { x: 0.7, y: 1.05 }, plate, WORLD_SPATIAL)).toBe(false);
    expect(isOnSide('behind', { x: 1.02, y: 1.3 }, plate, WORLD_SPATIAL)).toBe(true);
    expect(isOnSide('inFrontOf', { x: 1.02, y: 0.7 }, plate, WORLD_SPATIAL)).toBe(true);
    // Mostly behind is not "to the left", however small x is.
    expect(isOnSide('leftOf', { x: 0.9, y: 1.5 }, plate, WORLD_SPATIAL)).toBe(false);
    expect(isNextTo({ x: 1.3, y: 1 }, plate, WORLD_SPATIAL)).toBe(true);
    expect(isNextTo({ x: 1.8, y: 1 }, plate, WORLD_SPATIAL)).toBe(false);
    expect(isBetween({ x: 0.5, y: 0.05 }, { x: 0, y: 0 }, { x: 1, y: 0 }, WORLD_SPATIAL)).toBe(true);
    expect(isBetween({ x: 1.2, y: 0 }, { x: 0, y: 0 }, { x: 1, y: 0 }, WORLD_SPATIAL)).toBe(false);
    expect(isBetween({ x: 0.5, y: 0.6 }, { x: 0, y: 0 }, { x: 1, y: 0 }, WORLD_SPATIAL)).toBe(false);
    expect(pointOnSide('leftOf', plate, 0.3)).toEqual({ x: 0.7, y: 1 });
  });

  it('the verifier is never more lenient than the world, even reading positions with 3σ of observation noise', () => {
    const rng = new Random('spatial-tolerances');
    const noisy = (p: Point2): Point2 => ({ x: p.x + (rng.next() * 2 - 1) * 0.02, y: p.y + (rng.next() * 2 - 1) * 0.02 });
    let confirmed = 0;
    for (let i = 0; i < 20000; i++) {
      const [a, b, c] = [0, 1, 2].map(() => ({ x: rng.next() * 1.2, y: rng.next() * 1.2 })) as [Point2, Point2, Point2];
      // The verifier sees each position off by up to 2 cm per axis (2σ of one reading, 3σ of a difference).
      const [va, vb, vc] = [noisy(a), noisy(b), noisy(c)];
      if (isNextTo(va, vb, VERIFIER_SPATIAL)) { confirmed++; expect(isNextTo(a, b, WORLD_SPATIAL)).toBe(true); }
      for (const side of SIDES) if (isOnSide(side, va, vb, VERIFIER_SPATIAL)) expect(isOnSide(side, a, b, WORLD_SPATIAL), side).toBe(true);
      if (isBetween(va, vb, vc, VERIFIER_SPATIAL) && Math.hypot(b.x - c.x, b.y - c.y) > 0.4) expect(isBetween(a, b, c, WORLD_SPATIAL)).toBe(true);
    }
    expect(confirmed).toBeGreaterThan(1000);
  });
});
