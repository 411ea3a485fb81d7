import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { ManualTicker } from '../domain/clock.js';
import type { ExecutorEvent } from '../domain/executor.js';
import { OrcaError } from '../domain/failures.js';
import { SimRobot } from '../robots/sim-robot.js';
import { loadBuiltinScene, Simulation } from '../world/index.js';
import { createExecutorFromConfig } from './from-config.js';
import type { ExecutorHandle } from './from-config.js';
import { PANDA_FK, VX300S_FK } from './protocols/kinematics.js';
import { encodeJsonNumpy } from './protocols/json-numpy.js';
import { packb, unpackb } from './protocols/msgpack-numpy.js';
import type { MsgDecoded, MsgValue } from './protocols/msgpack-numpy.js';
import { ndarray, toNumbers } from './protocols/ndarray.js';
import type { NdArray } from './protocols/ndarray.js';
import { FakeRobot } from './protocols/testing/fake-robot.js';
import type { RemotePolicyExecutor } from './protocols/remote-policy-executor.js';
import { TASK } from './protocols/testing/run.js';
import { parseRobotConfig } from './robot-config.js';
import { SimExecutor } from './sim-executor.js';
import { FakeRcl } from './ros2/testing/fake-rcl.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

const cfg = (executor: Record<string, unknown>) => parseRobotConfig({ id: 'arm1', kind: 'arm', capabilities: ['manipulate'], executor });
const cam = { front: { width: 2, height: 2, encoding: 'rgb8', data: new Uint8Array(12).fill(9) } };
const jointsOf = (positions: number[]) => ({ names: positions.map((_, i) => `j${i}`), positions });
/** A LIBERO config and an arm that has what it reads: both cameras and the eef quaternion. */
const LIBERO = { layout: 'libero', camera: 'front', wrist_camera: 'wrist', state: { eef_quaternion: ['qx', 'qy', 'qz', 'qw'] } };
const liberoArm = () => new FakeRobot('arm1', { front: cam.front, wrist: cam.front }, { names: ['qx', 'qy', 'qz', 'qw'], positions: [0, 0, 0, 1] });

async function handleOf(config: ReturnType<typeof cfg>, robot: FakeRobot, ticker = new ManualTicker(0.1)) {
  const h = await createExecutorFromConfig(config, { robot, ticker, healthTimeoutMs: 500 });
  cleanups.push(() => h.close());
  const events: ExecutorEvent[] = [];
  h.executor.subscribe((e) => events.push(e));
  return { h, events, ticker };
}

async function run(h: ExecutorHandle, ticker: ManualTicker, maxTicks = 50): Promise<void> {
  const exec = h.executor as RemotePolicyExecutor;
  exec.start(TASK);
  for (let i = 0; i < maxTicks && exec.state === 'running'; i++) {
    ticker.advance();
    await exec.settled();
  }
}

/** In-test openpi server: metadata frame, then one msgpack answer per request. */
async function openPi(answer: (req: Record<string, MsgDecoded>) => MsgValue): Promise<{ url: string; requests: Record<string, MsgDecoded>[] }> {
  const http = createServer((req, res) => res.writeHead(req.url === '/healthz' ? 200 : 426).end('OK\n'));
  const wss = new WebSocketServer({ server: http, perMessageDeflate: false });
  const requests: Record<string, MsgDecoded>[] = [];
  wss.on('connection', (ws) => {
    ws.send(packb({}), { binary: true });
    ws.on('message', (data) => {
      const req = unpackb(new Uint8Array(data as Buffer)) as Record<string, MsgDecoded>;
      requests.push(req);
      ws.send(packb(answer(req)), { binary: true });
    });
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  cleanups.push(async () => {
    for (const c of wss.clients) c.terminate();
    wss.close();
    http.closeAllConnections();
    await new Promise((r) => http.close(r));
  });
  return { url: `ws://127.0.0.1:${(http.address() as AddressInfo).port}`, requests };
}

const chunk = (rows: number[][]): MsgValue => ({ actions: ndarray(Float32Array.from(rows.flat()), [rows.length, rows[0]?.length ?? 0]) });

describe('createExecutorFromConfig', () => {
  it('openvla: sends unnorm_key and the configured camera, runs max_steps, health via GET /', async () => {
    const bodies: string[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        if (req.url !== '/act') return void res.writeHead(404).end('{}');
        bodies.push(body);
        res.writeHead(200, { 'content-type': 'application/json' }).end(encodeJsonNumpy(ndarray(Float64Array.of(0.01, 0, 0, 0, 0, 0, 1)), 'compact'));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    cleanups.push(() => new Promise((r) => server.close(() => r())));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const robot = new FakeRobot('arm1', { side: cam.front, front: { ...cam.front, data: new Uint8Array(12).fill(200) } });
    const { h, events, ticker } = await handleOf(cfg({ kind: 'openvla', url, unnorm_key: 'bridge_orig', camera: 'front', max_steps: 3 }), robot);
    await run(h, ticker);
    expect(bodies).toHaveLength(3);
    expect(JSON.parse(bodies[0] ?? '{}')).toMatchObject({ instruction: TASK.instruction, unnorm_key: 'bridge_orig' });
    expect(events.at(-1)?.type).toBe('claimed_done');
    expect(robot.applied[0]?.ee?.vx).toBeCloseTo(0.1);
    expect((await h.health()).ok).toBe(true);
  });

  it('max_message_bytes bounds the answers of the OpenVLA and openpi clients it builds', async () => {
    const wide = Float64Array.from({ length: 200 }, () => 0.01);
    const server = createServer((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end(encodeJsonNumpy(ndarray(wide), 'compact')));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    cleanups.push(() => new Promise((r) => server.close(() => r())));
    const vla = await handleOf(cfg({ kind: 'openvla', url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, max_message_bytes: 1000 }), new FakeRobot('arm1', cam));
    const pi = await openPi(() => chunk([Array.from({ length: 400 }, () => 0)]));
    const openpi = await handleOf(cfg({ kind: 'openpi', url: pi.url, ...LIBERO, max_message_bytes: 1000 }), liberoArm());
    for (const { h, events, ticker } of [vla, openpi]) {
      await run(h, ticker);
      expect(events.at(-1)).toMatchObject({ type: 'failed', code: 'executor_error', message: expect.stringContaining('max_message_bytes = 1000 bytes') });
    }
  });

  it('openpi DROID: 8-dim chunks map through Panda kinematics; the gripper closes above 0.5', async () => {
    const q = [0, -0.5, 0, -2, 0, 1.5, 0.8];
    const srv = await openPi(() => chunk([[0.5, 0, 0, 0, 0, 0, 0, 0.9, 123], [0, 0, 0, 0, 0, 0, 0, 0.1, 123]]));
    const robot = new FakeRobot('arm1', cam, jointsOf(q));
    const { h, events, ticker } = await handleOf(cfg({ kind: 'openpi', url: srv.url, layout: 'droid', camera: 'front', open_loop_steps: 2, max_steps: 2 }), robot);
    await run(h, ticker);
    expect(events.at(-1)?.type).toBe('claimed_done');
    expect(Object.keys(srv.requests[0] ?? {})).toContain('observation/joint_position');
    expect(toNumbers(srv.requests[0]?.['observation/joint_position'] as NdArray)).toEqual(q);
    const next = q.map((v, i) => (i === 0 ? v + 0.5 * 3 * 0.1 : v));
    // The fake robot clamps ee speed to 0.5 m/s: compare directions, and the unclamped x/y ratio.
    const expected = [PANDA_FK(next)[0] - PANDA_FK(q)[0], PANDA_FK(next)[1] - PANDA_FK(q)[1]];
    const a0 = robot.applied[0];
    expect((a0?.ee?.vy ?? 0) / (a0?.ee?.vx ?? 1)).toBeCloseTo((expected[1] ?? 0) / (expected[0] ?? 1), 6);
    expect(a0?.gripper).toBe(0);
    expect(robot.applied[1]).toMatchObject({ ee: { vx: 0, vy: 0, vz: 0 }, gripper: 1 });
  });

  it('openpi ALOHA: the CHW images and 14-dim state go out; joint targets drive the left arm', async () => {
    const q: number[] = Array.from({ length: 14 }, (_, i) => (i === 6 || i === 13 ? 0.5 : 0));
    const target = [...q];
    target[0] = 0.05;
    const srv = await openPi(() => chunk([target]));
    const robot = new FakeRobot('arm1', cam, jointsOf(q));
    const { h, ticker } = await handleOf(cfg({ kind: 'openpi', url: srv.url, layout: 'aloha', cameras: { cam_high: 'front' }, joints: jointsOf(q).names, max_steps: 1 }), robot);
    await run(h, ticker);
    expect(Object.keys(srv.requests[0]?.images as object)).toEqual(['cam_high']);
    const p1 = VX300S_FK([0.05, 0, 0, 0, 0, 0]);
    expect(robot.applied[0]?.ee?.vy).toBeCloseTo(p1[1] / 0.1, 6);
    expect(robot.applied[0]?.gripper).toBeCloseTo(0.5);
  });

  it('openpi LIBERO: the wrist camera, the axis-angle of the configured quaternion and finger joints go out', async () => {
    const srv = await openPi(() => chunk([[0, 0, 0, 0, 0, 0, -1]]));
    const s = Math.SQRT1_2;
    const names = ['finger_r', 'qw', 'qz', 'qy', 'qx', 'finger_l'];
    const robot = new FakeRobot('arm1', { front: cam.front, hand: { ...cam.front, data: new Uint8Array(12).fill(77) } }, { names, positions: [-0.031, s, s, 0, 0, 0.03] });
    const state = { eef_quaternion: ['qx', 'qy', 'qz', 'qw'], gripper_qpos: ['finger_l', 'finger_r'] };
    const config = cfg({ kind: 'openpi', url: srv.url, layout: 'libero', camera: 'front', wrist_camera: 'hand', rotate_180: true, state, max_steps: 1 });
    const { h, ticker } = await handleOf(config, robot);
    await run(h, ticker);
    const req = srv.requests[0] ?? {};
    expect(toNumbers(req['observation/state'] as NdArray)).toEqual([0.4, 0, 0.3, 0, 0, Math.PI / 2, 0.03, -0.031].map((v) => expect.closeTo(v, 12)));
    expect(toNumbers(req['observation/wrist_image'] as NdArray)[0]).toBe(77);
  });

  it('openpi ALOHA: joints come from YAML by name (gripper normalised) and the arm mapping reads the same ones', async () => {
    const aloha = ['waist', 'shoulder', 'elbow', 'forearm_roll', 'wrist_angle', 'wrist_rotate'];
    const yamlJoints = [...aloha.map((j) => `left/${j}`), { name: 'left/finger', closed: 0.02, open: 0.06 }, ...aloha.map((j) => `right/${j}`), { name: 'right/finger', closed: 0.02, open: 0.06 }];
    // The robot publishes the right arm first, in its own order, with raw finger positions.
    const published = [...aloha.map((j) => `right/${j}`), 'right/finger', 'left/finger', ...aloha.map((j) => `left/${j}`).reverse()];
    const value: Record<string, number> = { 'left/shoulder': -0.3, 'right/shoulder': 0.7, 'left/finger': 0.05, 'right/finger': 0.03 };
    const robot = new FakeRobot('arm1', cam, { names: published, positions: published.map((n) => value[n] ?? 0) });
    const target: number[] = Array.from({ length: 14 }, (_, i) => (i === 1 ? -0.3 : i === 8 ? 0.7 : 0));
    target[0] = 0.05;
    const srv = await openPi(() => chunk([target]));
    const config = cfg({ kind: 'openpi', url: srv.url, layout: 'aloha', cameras: { cam_high: 'front' }, joints: yamlJoints, max_steps: 1 });
    const { h, ticker } = await handleOf(config, robot);
    await run(h, ticker);
    const sent = toNumbers(srv.requests[0]?.state as NdArray);
    expect(sent).toEqual([0, -0.3, 0, 0, 0, 0, 0.75, 0, 0.7, 0, 0, 0, 0, 0.25].map((v) => expect.closeTo(v, 12)));
    // Only the waist moves: the left arm's current joints are read by name, so the shoulder is not mistaken for a jump.
    const p0 = VX300S_FK([0, -0.3, 0, 0, 0, 0]);
    const p1 = VX300S_FK([0.05, -0.3, 0, 0, 0, 0]);
    expect(robot.applied[0]?.ee?.vx).toBeCloseTo((p1[0] - p0[0]) / 0.1, 6);
    expect(robot.applied[0]?.ee?.vy).toBeCloseTo((p1[1] - p0[1]) / 0.1, 6);
  });

  it('openpi: malformed answers, too-narrow actions, NaN and missing joints are typed failures', async () => {
    const cases: [MsgValue, Record<string, unknown>, number[] | undefined, string][] = [
      [{ nothing: 1 }, LIBERO, undefined, 'executor_error'],
      [chunk([[0, 0, 0]]), LIBERO, undefined, 'executor_error'],
      [chunk([[0, Number.NaN, 0, 0, 0, 0, 0]]), LIBERO, undefined, 'unsafe_action'],
      [chunk([[0, 0, 0, 0, 0, 0, 0, 0]]), { layout: 'droid' }, [0, 0, 0, 0, 0, 0, 0], 'executor_error'],
    ];
    for (const [answer, extra, joints, code] of cases) {
      const srv = await openPi(() => answer);
      const robot = joints ? new FakeRobot('arm1', cam, jointsOf(joints)) : liberoArm();
      // DROID with joints for the request but a robot that loses them before the action is mapped.
      const config = cfg({ kind: 'openpi', url: srv.url, ...extra });
      const { h, events, ticker } = await handleOf(config, robot);
      if (joints) {
        const observe = robot.observe.bind(robot);
        let n = 0;
        robot.observe = () => {
          const o = observe();
          return n++ === 0 ? o : { ...o, joints: { names: [], positions: [] } };
        };
      }
      await run(h, ticker);
      const last = events.at(-1);
      expect(last, JSON.stringify(answer)).toMatchObject({ type: 'failed', code });
      expect(robot.applied).toHaveLength(0);
    }
  });

  it('openpi: a named but unset api_key_env is a config error', async () => {
    await expect(createExecutorFromConfig(cfg({ kind: 'openpi', url: 'ws://127.0.0.1:1', ...LIBERO, api_key_env: 'ORCA_TEST_UNSET_KEY' }), { robot: new FakeRobot(), ticker: new ManualTicker(0.1), env: {} })).rejects.toThrow(/ORCA_TEST_UNSET_KEY/);
  });

  it('ros2: built through the injected rclnodejs; health asks the action servers; close shuts down', async () => {
    const rcl = new FakeRcl();
    const config = cfg({ kind: 'ros2', skills: { grip: { action: 'gripper_command', server: '/gripper/cmd', position: 0.04 } } });
    const h = await createExecutorFromConfig(config, { robot: new FakeRobot(), ticker: new ManualTicker(0.1), env: { ROS_DISTRO: 'jazzy' }, rclImporter: () => Promise.resolve(rcl) });
    expect(rcl.initialised).toBe(true);
    expect((await h.health()).ok).toBe(true);
    rcl.serverAvailable = false;
    expect(await h.health()).toMatchObject({ ok: false, detail: 'action servers not available: /gripper/cmd' });
    await h.close();
    expect(rcl.shutdowns).toBe(1);
    await expect(createExecutorFromConfig(config, { robot: new FakeRobot(), ticker: new ManualTicker(0.1), env: {} })).rejects.toThrow(/ROS 2 is not sourced/);
  });

  it('sim: the configured fault preset and seed reach the policy; needs a simulated robot', async () => {
    const sim = Simulation.fromScene(loadBuiltinScene('home'), { seed: 1, noise: 'default', controlRate: 10 });
    const robot = new SimRobot(sim.world, 'rover', { dt: sim.ticker.dt });
    const config = parseRobotConfig({ id: 'rover', kind: 'mobile_manipulator', capabilities: ['navigate'], executor: { kind: 'sim', faults: 'harsh', seed: 5 } });
    const h = await createExecutorFromConfig(config, { robot, ticker: sim.ticker });
    const exec = h.executor as SimExecutor;
    expect(exec).toBeInstanceOf(SimExecutor);
    expect(exec.policy.faults.graspMiss).toBe(0.15);
    expect(exec.policy.seed).toBe(5);
    expect((await h.health()).ok).toBe(true);
    exec.start({ goalId: 'g1', subgoalId: 's1', skill: 'go', args: {}, instruction: 'go to the fridge' });
    sim.advance(3);
    expect(exec.state).toBe('running');
    await h.close(); // does not wait for ticks that would never come
    expect(exec.state).toBe('idle');
    await expect(createExecutorFromConfig(config, { robot: new FakeRobot('rover'), ticker: sim.ticker })).rejects.toBeInstanceOf(OrcaError);
  });
});
