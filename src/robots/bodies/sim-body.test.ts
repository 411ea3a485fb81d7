import { describe, expect, it } from 'vitest';
import { SiteLatch } from '../../domain/estop.js';
import { SimExecutor } from '../../executors/sim-executor.js';
import { SimVlaPolicy } from '../../executors/sim-policy/policy.js';
import { loadBuiltinScene, Simulation } from '../../world/index.js';
import { SimRobot } from '../sim-robot.js';
import { BodyConfigSchema } from './config.js';
import { BodyConfigError } from './errors.js';
import { openBody } from './open-body.js';
import { SimBody } from './sim-body.js';

function household(siteLatch?: SiteLatch) {
  const sim = Simulation.fromScene(loadBuiltinScene('home'), { seed: 1, noise: 'off', controlRate: 10 });
  const robots = new Map(sim.world.robotIds().map((id) => [id, new SimRobot(sim.world, id, { dt: sim.ticker.dt, ...(siteLatch ? { siteLatch } : {}) })] as const));
  return { sim, robots, deps: (id: string) => ({ robotId: id, simRobot: (scene: string) => robots.get(scene) }) };
}

describe('a sim body', () => {
  it('wraps the simulated robot: ready at once, never stale, observations without frames unless cameras are asked for', async () => {
    const h = household();
    const plain = await openBody(BodyConfigSchema.parse({ kind: 'sim' }), h.deps('rover'));
    expect(plain).toBeInstanceOf(SimBody);
    await plain.ready(10);
    expect(plain.observationAgeMs).toBe(0);
    expect(plain.observe().images).toBeUndefined();
    expect(plain).toMatchObject({ id: 'rover', kind: 'mobile_manipulator' });
    const seeing = await openBody(BodyConfigSchema.parse({ kind: 'sim', robot: 'kitchen_arm', cameras: true }), h.deps('arm'));
    expect(seeing.id).toBe('kitchen_arm');
    expect(Object.keys(seeing.observe().images ?? {})).toEqual(['front', 'wrist']);
    expect(await seeing.confirmedStop()).toBe(true);
    expect(await seeing.health()).toEqual({ ok: true, detail: 'simulated kitchen_arm' });
  });

  it('keeps the robot latch and the site latch of the simulated robot', async () => {
    const latch = SiteLatch.create();
    const h = household(latch);
    const body = await openBody(BodyConfigSchema.parse({ kind: 'sim' }), h.deps('rover'));
    latch.latch();
    expect(body.apply({ base: { vx: 0.1, vy: 0, wz: 0 } })).toMatchObject({ status: 'rejected', reason: 'estopped' });
    expect((await body.health()).ok).toBe(false);
    latch.release();
    expect(body.apply({ base: { vx: 0.1, vy: 0, wz: 0 } }).status).toBe('applied');
  });

  it('is refused for a robot the simulated world does not have', async () => {
    const h = household();
    await expect(openBody(BodyConfigSchema.parse({ kind: 'sim', robot: 'drone' }), h.deps('rover'))).rejects.toThrow(new BodyConfigError('rover', 'the simulated world has no robot "drone"'));
    await expect(openBody(BodyConfigSchema.parse({ kind: 'sim' }), { robotId: 'drone', world: h.sim.world })).rejects.toThrow('the simulated world has no robot "drone"');
  });

  it('given the world instead, makes the simulated robot itself, with the control period and the site latch', async () => {
    const h = household();
    const latch = SiteLatch.create();
    const body = await openBody(BodyConfigSchema.parse({ kind: 'sim' }), { robotId: 'rover', world: h.sim.world, dt: 0.05, siteLatch: latch });
    expect((body as SimBody).robot).toBeInstanceOf(SimRobot);
    latch.latch();
    expect(body.estopped).toBe(true);
    expect(body.apply({ base: { vx: 0.1, vy: 0, wz: 0 } })).toMatchObject({ status: 'rejected', reason: 'estopped' });
  });

  it('drives the simulated policy as its robot does (kind, reach and prior map come through)', () => {
    const h = household();
    const body = new SimBody(h.robots.get('kitchen_arm')!);
    const exec = new SimExecutor(body, new SimVlaPolicy(), h.sim.ticker);
    exec.start({ goalId: 'g', subgoalId: 's', skill: 'pick', args: {}, instruction: 'pick up the red mug' });
    for (let i = 0; i < 600 && exec.state === 'running'; i++) h.sim.advance(1);
    expect(exec.state).toBe('claimed_done');
    expect(h.sim.world.truth.snapshot().robots.find((r) => r.id === 'kitchen_arm')?.holding).toBe('mug_red');
  });
});
