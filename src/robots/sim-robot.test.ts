import { describe, expect, it } from 'vitest';
import { loadBuiltinScene, Simulation } from '../world/index.js';
import { SimRobot } from './sim-robot.js';

const SCENE = 'home';

function setup() {
  const sim = Simulation.fromScene(loadBuiltinScene(SCENE), { seed: 5, noise: 'off', controlRate: 10 });
  return { sim, rover: new SimRobot(sim.world, 'rover', { dt: 0.1 }), arm: new SimRobot(sim.world, 'kitchen_arm', { dt: 0.1 }) };
}

describe('SimRobot', () => {
  it('observes through the world and applies filtered actions', () => {
    const { sim, rover } = setup();
    const before = rover.observe();
    expect(before.robotId).toBe('rover');
    const r = rover.apply({ base: { vx: 5, vy: 0, wz: 0 } });
    expect(r).toMatchObject({ status: 'applied', clamped: true });
    sim.advance(10);
    const after = rover.observe();
    // Clamped to 0.6 m/s for one second.
    expect(after.pose.x - before.pose.x).toBeCloseTo(0.6, 5);
  });

  it('rejects base motion for the fixed arm and leaves it where it was', () => {
    const { sim, arm } = setup();
    const before = arm.observe().pose;
    expect(arm.apply({ base: { vx: 0.3, vy: 0, wz: 0 } })).toMatchObject({ status: 'rejected', reason: 'not_allowed' });
    sim.advance(5);
    expect(arm.observe().pose).toEqual(before);
  });

  it('latches the e-stop: halts at once and rejects every action until released', () => {
    const { sim, rover } = setup();
    rover.apply({ base: { vx: 0.5, vy: 0, wz: 0 } });
    sim.advance(2);
    rover.estop();
    expect(rover.estopped).toBe(true);
    const stoppedAt = rover.observe().pose;
    sim.advance(1);
    expect(rover.observe().pose).toEqual(stoppedAt);
    expect(rover.apply({ ee: { vx: 0.1, vy: 0, vz: 0 } })).toMatchObject({ status: 'rejected', reason: 'estopped' });
    sim.advance(3);
    expect(rover.observe().pose).toEqual(stoppedAt);
    rover.releaseEstop();
    expect(rover.apply({ base: { vx: 0.5, vy: 0, wz: 0 } })).toMatchObject({ status: 'applied' });
    sim.advance(1);
    expect(rover.observe().pose.x).toBeGreaterThan(stoppedAt.x);
  });
});
