import { describe, expect, it } from 'vitest';
import { estopUnderLoad } from '../../bench/estop-load.js';

describe('e-stop latency under load (benchmark)', () => {
  it('presses the e-stop of a separate orca serve process while its missions run, and every robot reports the latch', async () => {
    const r = await estopUnderLoad({ missions: 3, samples: 3, gapMs: 300 });
    expect(r.missions).toBe(3);
    expect(r.samples).toBe(3);
    expect(r.started).toBeGreaterThanOrEqual(3);
    expect(r.unlatchedRobots).toBe(0);
    for (const s of [r.estop, r.mainThread]) {
      expect(s.p50).toBeGreaterThan(0);
      expect(s.max).toBeGreaterThanOrEqual(s.p99);
      expect(s.p99).toBeGreaterThanOrEqual(s.p50);
    }
  }, 120_000);
});
