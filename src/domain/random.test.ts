import { describe, expect, it } from 'vitest';
import { Random } from './random.js';

describe('Random', () => {
  it('replays exactly from a seed and forks independent streams', () => {
    const a = new Random(7);
    const b = new Random(7);
    const xs = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(xs);
    expect(new Random(8).next()).not.toBe(xs[0]);
    const f1 = new Random(7).fork('faults').next();
    expect(new Random(7).fork('faults').next()).toBe(f1);
    expect(new Random(7).fork('noise').next()).not.toBe(f1);
  });

  it('draws normals with roughly the requested spread', () => {
    const r = new Random(1);
    const n = 4000;
    const xs = Array.from({ length: n }, () => r.normal(2, 0.5));
    const mean = xs.reduce((s, x) => s + x, 0) / n;
    const sd = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / n);
    expect(mean).toBeCloseTo(2, 1);
    expect(sd).toBeCloseTo(0.5, 1);
  });
});
