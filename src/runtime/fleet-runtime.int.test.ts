import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { ExecutorEvent } from '../domain/executor.js';
import { parseRobotConfig } from '../executors/robot-config.js';
import type { RobotConfig } from '../executors/robot-config.js';
import { BodyConfigSchema } from '../robots/bodies/config.js';
import type { BodyConfig } from '../robots/bodies/config.js';
import { loadBuiltinScene } from '../world/index.js';
import { openFleetBody } from './bodies.js';
import type { BodyOpener } from './bodies.js';
import { FleetRuntime } from './fleet-runtime.js';
import type { FleetRuntimeOptions } from './fleet-runtime.js';
import { FleetStartError } from './open-members.js';
import type { FleetRobotSpec } from './open-members.js';
import { startOpenPi } from './testing/openpi-server.js';
import { TestBody } from './testing/test-body.js';
import type { TestBodyOptions } from './testing/test-body.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const TASK = { goalId: 'g1', subgoalId: 's1', skill: 'pick', args: { object: 'mug_red' }, instruction: 'pick up the red mug' };

/** A rosbridge body as a fleet file gives it (the test opener stands in for the real link). */
function linkedBody(id: string, staleAfterMs = 150): BodyConfig {
  return BodyConfigSchema.parse({
    kind: 'rosbridge',
    url: 'ws://127.0.0.1:9',
    topics: {
      cameras: { front: { topic: `/${id}/camera/image_raw`, type: 'sensor_msgs/msg/Image' } },
      pose: { source: 'odometry', topic: `/${id}/odom`, type: 'nav_msgs/msg/Odometry' },
      detections: { topic: `/${id}/detections`, type: 'vision_msgs/msg/Detection3DArray' },
    },
    commands: {},
    stale_after_ms: staleAfterMs,
  });
}

const openpiArm = (id: string, url: string, extra: Record<string, unknown> = {}): RobotConfig =>
  parseRobotConfig({ id, kind: 'fixed_arm', capabilities: ['manipulate'], executor: { kind: 'openpi', url, layout: 'libero', camera: 'front', wrist_camera: 'wrist', state: { eef_quaternion: ['ee_qx', 'ee_qy', 'ee_qz', 'ee_qw'] }, open_loop_steps: 5, max_steps: 10_000, retry: { retries: 0 }, ...extra } });

function spec(id: string, config: RobotConfig, body: BodyConfig = linkedBody(id), stepDeadlineMs = 5000): FleetRobotSpec {
  return { id, kind: 'fixed_arm', capabilities: ['manipulate'], body, config, stepDeadlineMs };
}

/** Opens test bodies for linked robots (and simulated ones as usual); records them by id. */
function testBodies(opts: Record<string, TestBodyOptions> = {}): { opener: BodyOpener; bodies: Map<string, TestBody> } {
  const bodies = new Map<string, TestBody>();
  const opener: BodyOpener = (config, deps) => {
    if (config.kind === 'sim') return openFleetBody(config, deps);
    const body = new TestBody(deps.robotId, opts[deps.robotId]);
    bodies.set(deps.robotId, body);
    cleanups.push(() => body.close());
    return Promise.resolve(body);
  };
  return { opener, bodies };
}

async function open(robots: FleetRobotSpec[], opener: BodyOpener, extra: Partial<FleetRuntimeOptions> = {}): Promise<FleetRuntime> {
  const rt = await FleetRuntime.open({ scene: loadBuiltinScene('home'), robots, controlRateHz: 10, readyTimeoutMs: 200, seed: 0, noise: 'off', openBody: opener, ...extra });
  cleanups.push(() => rt.close());
  return rt;
}

async function openPi(opts: Parameters<typeof startOpenPi>[0] = {}) {
  const srv = await startOpenPi(opts);
  cleanups.push(() => srv.close());
  return srv;
}

function record(rt: FleetRuntime, id: string): ExecutorEvent[] {
  const events: ExecutorEvent[] = [];
  rt.members.get(id)?.executor.subscribe((e) => events.push(e));
  return events;
}

async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

describe('the fleet runtime on the wall clock', () => {
  it('asks a remote policy once per open-loop horizon: no tick runs while its request is in flight', async () => {
    let rt: FleetRuntime | null = null;
    const srv = await openPi({ rows: 5, onRequest: () => rt?.ticker.step });
    const { opener } = testBodies();
    rt = await open([spec('arm', openpiArm('arm', srv.url))], opener);
    expect(rt.wallClock).toBe(true);
    const events = record(rt, 'arm');
    rt.members.get('arm')?.executor.start(TASK);
    for (let i = 0; i < 60; i++) await rt.step();
    expect(events.filter((e) => e.type === 'failed')).toEqual([]);
    // A request on tick 1; its answer's 5 actions on ticks 2-6; the next request on tick 7 …
    expect(srv.requests.map((r) => r.mark)).toEqual([1, 7, 13, 19, 25, 31, 37, 43, 49, 55]);
    // Each step says which policy server was asked how often, and which link its observation came over.
    const steps = events.filter((e) => e.type === 'step');
    expect(steps[0]?.link).toEqual({ policy: { endpoint: `openpi ${srv.url}`, requests: 1, lastMs: expect.any(Number) }, observation: { via: 'rosbridge ws://127.0.0.1:9', seq: expect.any(Number), ageMs: expect.any(Number) } });
    expect(steps.at(-1)?.link?.policy?.requests).toBe(10);
  });

  it('ticks driven without the gate (the fast simulated clock) starve the same policy', async () => {
    const srv = await openPi({ rows: 5 });
    const { opener } = testBodies();
    const rt = await open([spec('arm', openpiArm('arm', srv.url))], opener);
    rt.members.get('arm')?.executor.start(TASK);
    for (let batch = 0; batch < 6; batch++) {
      rt.advance(10);
      await new Promise<void>((r) => setImmediate(r));
    }
    // At most one answer can arrive between two batches of ten ticks: far fewer than one per horizon.
    expect(srv.requests.length).toBeLessThanOrEqual(6);
  });

  it('a body that stops publishing fails the running attempt as stalled, after a confirmed stop', async () => {
    const srv = await openPi({ rows: 5 });
    const { opener, bodies } = testBodies();
    const rt = await open([spec('arm', openpiArm('arm', srv.url))], opener);
    const events = record(rt, 'arm');
    rt.members.get('arm')?.executor.start(TASK);
    for (let i = 0; i < 5; i++) await rt.step();
    bodies.get('arm')?.silence();
    for (let i = 0; i < 5 && !events.some((e) => e.type === 'failed'); i++) await rt.step();
    const failed = events.find((e) => e.type === 'failed');
    expect(failed).toMatchObject({ type: 'failed', code: 'stalled', message: expect.stringMatching(/^arm: no observation for \d+ ms \(stale_after_ms 150\).*; stop confirmed$/) });
    expect(bodies.get('arm')?.confirmedStops).toBe(1);
    expect(events.filter((e) => e.type === 'stopped')).toEqual([]);
    const exec = rt.members.get('arm')?.executor;
    expect(exec?.state).toBe('failed');
    // The next attempt (as the runner makes it: reset, then start) runs once the body is back.
    bodies.get('arm')?.resume();
    exec?.reset();
    exec?.start({ ...TASK, goalId: 'g2' });
    for (let i = 0; i < 8; i++) await rt.step();
    expect(events.filter((e) => e.type === 'step' && e.goalId === 'g2').length).toBeGreaterThan(0);
    expect(exec?.state).toBe('running');
  });

  it('says so when the stop of a silent body cannot be confirmed', async () => {
    const srv = await openPi({ rows: 5 });
    const { opener, bodies } = testBodies({ arm: { confirmStop: false } });
    const rt = await open([spec('arm', openpiArm('arm', srv.url))], opener);
    const events = record(rt, 'arm');
    rt.members.get('arm')?.executor.start(TASK);
    await rt.step();
    bodies.get('arm')?.silence();
    for (let i = 0; i < 5 && !events.some((e) => e.type === 'failed'); i++) await rt.step();
    expect(events.find((e) => e.type === 'failed')).toMatchObject({ code: 'stalled', message: expect.stringMatching(/stop NOT confirmed$/) });
  });

  it('a policy that misses the step deadline fails the attempt before the next tick runs', async () => {
    const srv = await openPi({ silent: true });
    const { opener, bodies } = testBodies();
    const rt = await open([spec('arm', openpiArm('arm', srv.url), linkedBody('arm'), 100)], opener);
    const events = record(rt, 'arm');
    rt.members.get('arm')?.executor.start(TASK);
    await rt.step();
    await rt.step();
    expect(srv.requests).toHaveLength(1);
    const failed = events.find((e) => e.type === 'failed');
    expect(failed).toMatchObject({ code: 'executor_error', message: expect.stringContaining('arm: the policy answered no request within 100 ms (step_deadline_ms)') });
    // Reported on the tick that sent the request: the second tick ran only after the fault.
    expect(failed?.simTime).toBeCloseTo(0.1, 9);
    expect(rt.ticker.step).toBe(2);
    expect(bodies.get('arm')?.confirmedStops).toBe(1);
  });

  it('stamps linked observations on the fleet clock, once per message', async () => {
    const srv = await openPi({ rows: 5 });
    const { opener } = testBodies();
    const rt = await open([spec('arm', openpiArm('arm', srv.url))], opener);
    const body = rt.members.get('arm')?.body;
    await rt.step();
    await rt.step();
    const a = body?.observe();
    expect(a?.simTime).toBeCloseTo(0.2, 9);
    expect(body?.observe()).toEqual(a);
  });
});

describe('opening a fleet', () => {
  it('names the robot and the body when a topic stays silent, and closes the robots already open', async () => {
    const srv = await openPi();
    const { opener, bodies } = testBodies({ arm_b: { ready: 'reject' } });
    const err = await open([spec('arm_a', openpiArm('arm_a', srv.url)), spec('arm_b', openpiArm('arm_b', srv.url))], opener).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FleetStartError);
    expect((err as Error).message).toBe('robot arm_b: body (rosbridge ws://127.0.0.1:9): no message on /arm_b/odom within 200 ms');
    expect(bodies.get('arm_a')?.closed).toBe(true);
    expect(bodies.get('arm_b')?.closed).toBe(true);
  });

  it('never hangs on a body whose ready() never settles', async () => {
    const { opener } = testBodies({ arm: { ready: 'never' } });
    const err = await open([spec('arm', openpiArm('arm', 'ws://127.0.0.1:9'))], opener, { readyTimeoutMs: 20 }).catch((e: unknown) => e);
    expect((err as Error).message).toBe('robot arm: body (rosbridge ws://127.0.0.1:9): no answer from ready() within 20 ms');
  });

  it('passes on what the body opener says of a wrong topic type', async () => {
    const opener: BodyOpener = () => Promise.reject(new Error('/arm/odom is geometry_msgs/msg/PoseStamped on the robot, not nav_msgs/msg/Odometry'));
    const err = await open([spec('arm', openpiArm('arm', 'ws://127.0.0.1:9'))], opener).catch((e: unknown) => e);
    expect((err as Error).message).toBe('robot arm: body (rosbridge ws://127.0.0.1:9): /arm/odom is geometry_msgs/msg/PoseStamped on the robot, not nav_msgs/msg/Odometry');
  });

  it('names the robot and the executor when its policy server is unreachable, and closes the body', async () => {
    const url = `ws://127.0.0.1:${await closedPort()}`;
    const { opener, bodies } = testBodies();
    const err = await open([spec('arm', openpiArm('arm', url))], opener).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FleetStartError);
    expect((err as Error).message).toMatch(new RegExp(`^robot arm: executor \\(openpi ${url.replace(/[/.]/g, '\\$&')}\\): `));
    expect(bodies.get('arm')?.closed).toBe(true);
  });

  it('opens linked bodies through openBody by default: an unreachable rosbridge fails the start within the deadline, naming it', async () => {
    const url = `ws://127.0.0.1:${await closedPort()}`;
    const body = BodyConfigSchema.parse({ ...linkedBody('arm'), url });
    const err = await FleetRuntime.open({ scene: loadBuiltinScene('home'), robots: [spec('arm', openpiArm('arm', 'ws://127.0.0.1:9'), body)], controlRateHz: 10, readyTimeoutMs: 300, seed: 0, noise: 'off' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FleetStartError);
    expect((err as Error).message).toContain(`robot arm: body (rosbridge ${url}): `);
    expect((err as Error).message).toContain(`cannot reach rosbridge ${url}`);
  });
});

describe('a fleet of simulated bodies', () => {
  it('runs on the fast clock without the gate, and its robots carry the fleet ids', async () => {
    const sim = parseRobotConfig({ id: 'arm', kind: 'fixed_arm', capabilities: ['manipulate'], executor: { kind: 'sim' } });
    const rt = await open([spec('arm', sim, { kind: 'sim', robot: 'kitchen_arm' })], openFleetBody);
    expect(rt.wallClock).toBe(false);
    expect(rt.gated).toBe(false);
    expect(rt.sim?.world.robotIds()).toEqual(['arm']);
    const runner = rt.runner(rt.plan([{ id: 'pick', skill: 'pick', args: { object: 'mug_red' }, robot: 'arm' }]));
    runner.start();
    let outcome: string | null = null;
    void runner.done.then((o) => (outcome = o.outcome));
    for (let i = 0; i < 200 && outcome === null; i++) {
      rt.advance(10);
      await new Promise<void>((r) => setImmediate(r));
    }
    expect(outcome).toBe('succeeded');
    runner.dispose();
  });
});
