import { describe, expect, it } from 'vitest';
import { parsePredicate } from '../../domain/predicates.js';
import { loadBuiltinScene, Simulation } from '../../world/index.js';
import { rig } from '../testing/harness.js';
import { FAULT_PRESETS } from './faults.js';

const onlyLateClaims = { ...FAULT_PRESETS.realistic, graspMiss: 0, drop: 0, wrongObject: 0, stall: 0, falseDone: 0.95, persistence: 1 };

describe('simulated policy under realistic faults', () => {
  it('claims done at the release, holding the object over its target, and a retry of the same approach claims again', () => {
    const sim = Simulation.fromScene(loadBuiltinScene('home'), { seed: 1, noise: 'default', controlRate: 20 });
    const r = rig(sim, 'rover', { faults: onlyLateClaims, seed: 1 });
    const holds = (p: string) => sim.world.truth.evaluate(parsePredicate(p));
    expect(r.run('pick up the red mug').state).toBe('claimed_done');
    const claims = (): number => r.policy.injectedFaults().filter((f) => f.kind === 'false_done').length;
    for (let attempt = 1; attempt <= 3; attempt++) {
      expect(r.run('put the red mug on the dining table').state).toBe('claimed_done');
      expect(claims()).toBe(attempt);
      expect(holds('holding(rover, mug_red)')).toBe(true);
      expect(holds('on(mug_red, dining_table_1)')).toBe(false);
    }
    expect(r.policy.injectedFaults()[0]?.detail).toContain('release');
  });
});
