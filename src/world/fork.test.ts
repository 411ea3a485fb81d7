import { describe, expect, it } from 'vitest';
import { loadBuiltinScene } from './scene-loader.js';
import { Simulation } from './simulation.js';
import { moveEe } from './test-helpers.js';
import { World } from './world.js';

describe('World.fork', () => {
  it('copies the world as it is now; the copy and the original then evolve apart', () => {
    const sim = Simulation.fromScene(loadBuiltinScene('home'), { seed: 1, noise: 'off' });
    const mug = sim.world.truth.entity('mug_red').position;
    moveEe(sim, 'kitchen_arm', { x: mug.x, y: mug.y, z: mug.z });
    const forkedAt = sim.world.simTime;
    const model = sim.world.fork();
    expect(model.truth.snapshot()).toEqual(sim.world.truth.snapshot());
    model.setCommand('kitchen_arm', { ee: { vx: 0, vy: 0, vz: 0 }, gripper: 0 });
    for (let i = 0; i < 5; i++) model.step(0.1);
    model.setCommand('kitchen_arm', { ee: { vx: 0, vy: 0, vz: 0.3 } });
    for (let i = 0; i < 5; i++) model.step(0.1);
    expect(model.truth.snapshot().robots.find((r) => r.id === 'kitchen_arm')?.holding).toBe('mug_red');
    expect(model.truth.entity('mug_red').position.z).toBeGreaterThan(mug.z + 0.1);
    expect(sim.world.truth.snapshot().robots.find((r) => r.id === 'kitchen_arm')?.holding).toBeNull();
    expect(sim.world.truth.entity('mug_red').position).toEqual(mug);
    sim.world.setCommand('rover', { base: { vx: 0.5, vy: 0, wz: 0 } });
    sim.world.step(1);
    expect(model.robot('rover').pose.x).toBe(1.5);
    expect(model.simTime).toBeCloseTo(forkedAt + 1, 9);
  });

  it('forks of the same world at the same moment observe alike (noise is seeded from the world seed)', () => {
    const w = World.fromScene(loadBuiltinScene('home'), { seed: 'x' });
    expect(w.fork('a').observe('rover')).toEqual(w.fork('a').observe('rover'));
  });
});
