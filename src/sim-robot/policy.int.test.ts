import { afterEach, describe, expect, it } from 'vitest';
import { ManualTicker } from '../domain/clock.js';
import type { ExecutorEvent } from '../domain/executor.js';
import { createExecutorFromConfig, parseRobotConfig } from '../executors/index.js';
import { OpenPiClient } from '../executors/openpi/client.js';
import { householdLayout } from '../executors/openpi/household.js';
import { PolicyError } from '../executors/protocols/errors.js';
import { isNdArray, toRows } from '../executors/protocols/ndarray.js';
import type { TopicBody } from '../robots/bodies/index.js';
import { SimRobotProcess } from './process.js';
import { openFixtureBody, step, until } from './testing/harness.js';

let cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

async function start(): Promise<SimRobotProcess> {
  const proc = await SimRobotProcess.start({ scene: 'home', rosbridgePort: 0, openpiPort: 0, realtime: false, seed: 5 });
  cleanup.push(() => proc.close());
  return proc;
}

function client(proc: SimRobotProcess): OpenPiClient {
  const c = new OpenPiClient({ url: proc.endpoints.openpi, retry: { retries: 2, initialDelayMs: 10 } });
  cleanup.push(() => c.close());
  return c;
}

async function readyBody(proc: SimRobotProcess, robot: 'rover' | 'kitchen_arm'): Promise<TopicBody> {
  const body = await openFixtureBody(proc, robot);
  cleanup.push(() => body.close());
  const timer = setInterval(() => proc.step(1), 20);
  await body.ready(5000).finally(() => clearInterval(timer));
  await step(proc, body);
  return body;
}

describe('the household policy behind the openpi protocol', () => {
  it('sends its metadata on connect and answers /healthz', async () => {
    const proc = await start();
    const c = client(proc);
    expect(await c.connect()).toEqual({ layout: 'household', action_dim: 8, robots: ['rover', 'kitchen_arm'], trained_templates: expect.arrayContaining(['pick up the {object}']), horizon: 8 });
    expect(await c.health()).toMatchObject({ ok: true, detail: 'healthz OK' });
  });

  it('answers a request with an [8, 8] float32 chunk that ends at rest', async () => {
    const proc = await start();
    const body = await readyBody(proc, 'kitchen_arm');
    const answer = await client(proc).infer(householdLayout({ robot: 'kitchen_arm', camera: 'front' })(body.observe(), 'pick up the red mug'));
    const actions = answer.actions;
    expect(isNdArray(actions) && actions.dtype).toBe('<f4');
    expect(isNdArray(actions) && actions.shape).toEqual([8, 8]);
    const rows = isNdArray(actions) ? toRows(actions) : [];
    expect(rows.slice(0, 7).some((r) => r.slice(3, 6).some((v) => v !== 0))).toBe(true);
    expect(rows[7]!.slice(0, 6)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(answer.done).toBeUndefined();
    expect(answer.server_timing).toEqual({ infer_ms: expect.any(Number) });
    expect(answer.policy_timing).toEqual({ infer_ms: expect.any(Number) });
  });

  it('refuses a request it cannot serve the way openpi does: the reason as text, then close 1011', async () => {
    const proc = await start();
    const body = await readyBody(proc, 'kitchen_arm');
    const c = client(proc);
    const request = householdLayout({ robot: 'dishwasher', camera: 'front' })(body.observe(), 'pick up the red mug');
    const err = await c.infer(request).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PolicyError);
    expect((err as PolicyError).kind).toBe('server_error');
    expect((err as Error).message).toContain('no robot "dishwasher" here (robots: rover, kitchen_arm)');
    const { robot: _robot, ...noRobot } = request;
    const err2 = await c.infer(noRobot).catch((e: unknown) => e);
    expect((err2 as Error).message).toContain('request needs "robot"');
  });
});

/**
 * Runs an openpi executor on a rosbridge body in lockstep with a manually clocked sim robot: one orca
 * control tick, then one world step, each waiting for the messages it causes. Returns the executor's events.
 */
async function runLockstep(proc: SimRobotProcess, robot: 'rover' | 'kitchen_arm', instruction: string, maxTicks: number): Promise<ExecutorEvent[]> {
  const body = await readyBody(proc, robot);
  const kind = robot === 'rover' ? 'mobile_manipulator' : 'fixed_arm';
  const config = parseRobotConfig({ id: robot, kind, capabilities: ['manipulate'], executor: { kind: 'openpi', url: proc.endpoints.openpi, layout: 'household', camera: 'front' } });
  const ticker = new ManualTicker(proc.sim.ticker.dt);
  const handle = await createExecutorFromConfig(config, { robot: body, ticker });
  cleanup.push(() => handle.close());
  const events: ExecutorEvent[] = [];
  handle.executor.subscribe((e) => events.push(e));
  handle.executor.start({ goalId: 'g1', subgoalId: 's1', skill: 'pick', args: {}, instruction });
  const intake = proc.embodiments.get(robot)!.intake;
  const executor = handle.executor as unknown as { settled(): Promise<void>; stepCount: number };
  for (let i = 0; i < maxTicks && handle.executor.state === 'running'; i++) {
    const [steps, received] = [executor.stepCount, intake.received];
    ticker.advance(1);
    await executor.settled();
    if (executor.stepCount > steps) await until(() => intake.received > received, 'the command');
    await step(proc, body);
  }
  return events;
}

describe('an openpi executor (household layout) on a rosbridge body, against the sim robot', () => {
  it('picks up the red mug: chunks run on the body, the policy claims done, and the world agrees', async () => {
    const proc = await start();
    const events = await runLockstep(proc, 'kitchen_arm', 'pick up the red mug', 600);
    expect(events.at(-1)).toMatchObject({ type: 'claimed_done', message: 'the policy claims done: done' });
    expect(events.filter((e) => e.type === 'step').length).toBeGreaterThan(20);
    expect(proc.sim.world.truth.snapshot().robots.find((r) => r.id === 'kitchen_arm')?.holding).toBe('mug_red');
  }, 60_000);

  it('a policy that cannot make sense of the prompt reports a failure, which ends the attempt at once', async () => {
    const proc = await start();
    const events = await runLockstep(proc, 'kitchen_arm', 'recite a poem', 20);
    expect(events.at(-1)).toMatchObject({ type: 'failed', code: 'executor_error', message: expect.stringContaining('the policy reports a failure: cannot make sense of "recite a poem"') });
    expect(events.filter((e) => e.type === 'step')).toHaveLength(0);
  });
});
