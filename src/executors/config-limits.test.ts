import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualTicker } from '../domain/clock.js';
import { SimRobot } from '../robots/sim-robot.js';
import { loadBuiltinScene, Simulation } from '../world/index.js';
import { createExecutorFromConfig } from './from-config.js';
import type { ExecutorHandle } from './from-config.js';
import { encodeJsonNumpy } from './protocols/json-numpy.js';
import { ndarray } from './protocols/ndarray.js';
import type { RemotePolicyExecutor } from './protocols/remote-policy-executor.js';
import { FakeRobot } from './protocols/testing/fake-robot.js';
import { TASK } from './protocols/testing/run.js';
import { parseRobotConfig } from './robot-config.js';
import type { SimExecutor } from './sim-executor.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

const limits = { max_base_speed: 0.2, max_base_turn_rate: 0.4, max_ee_speed: 0.3 };

/** An in-test OpenVLA `/act` that always answers the same 7-dim action. */
async function openVla(action: number[]): Promise<string> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end(encodeJsonNumpy(ndarray(Float64Array.from(action)), 'compact')));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  cleanups.push(() => new Promise((r) => server.close(() => r())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function runOnce(h: ExecutorHandle, ticker: ManualTicker): Promise<void> {
  const exec = h.executor as RemotePolicyExecutor;
  exec.start(TASK);
  for (let i = 0; i < 10 && exec.state === 'running'; i++) {
    ticker.advance();
    await exec.settled();
  }
}

describe('configured limits reach the robot the config builds', () => {
  it('openvla: a 1e6 action is clamped to the configured max_ee_speed, not the robot’s own 0.5 m/s', async () => {
    const url = await openVla([1e6, 0, 0, 0, 0, 0, 1]);
    const robot = new FakeRobot('widowx_1');
    const config = parseRobotConfig({ id: 'widowx_1', kind: 'arm', capabilities: ['manipulate'], limits, executor: { kind: 'openvla', url, max_steps: 1 } });
    const ticker = new ManualTicker(0.1);
    const h = await createExecutorFromConfig(config, { robot, ticker });
    cleanups.push(() => h.close());
    await runOnce(h, ticker);
    const ee = robot.applied[0]?.ee;
    expect(Math.hypot(ee?.vx ?? 0, ee?.vy ?? 0, ee?.vz ?? 0)).toBeCloseTo(0.3, 9);
  });

  it('sim: every limit holds for the simulated robot, and its policy plans with them', async () => {
    const sim = Simulation.fromScene(loadBuiltinScene('home'), { seed: 1, noise: 'off', controlRate: 10 });
    const config = parseRobotConfig({ id: 'rover', kind: 'mobile_manipulator', capabilities: ['navigate'], limits, executor: { kind: 'sim' } });
    const h = await createExecutorFromConfig(config, { robot: new SimRobot(sim.world, 'rover', { dt: sim.ticker.dt }), ticker: sim.ticker });
    cleanups.push(() => h.close());
    const robot = (h.executor as SimExecutor).robot;
    expect(robot.limits).toEqual({ maxBaseSpeed: 0.2, maxBaseTurnRate: 0.4, maxEeSpeed: 0.3 });
    const r = robot.apply({ base: { vx: 0, vy: 1e6, wz: 1e6 }, ee: { vx: 0, vy: 0, vz: -1e6 } });
    expect(r).toMatchObject({ status: 'applied', clamped: true });
    if (r.status !== 'applied') return;
    expect(r.action.base?.vy).toBeCloseTo(0.2, 9);
    expect(r.action.base?.wz).toBeCloseTo(0.4, 9);
    expect(Math.abs(r.action.ee?.vz ?? 0)).toBeLessThanOrEqual(0.3 + 1e-12);
  });
});
