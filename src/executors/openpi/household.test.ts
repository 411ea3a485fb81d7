import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { ManualTicker } from '../../domain/clock.js';
import type { ExecutorEvent } from '../../domain/executor.js';
import { createExecutorFromConfig } from '../from-config.js';
import { PolicyError } from '../protocols/errors.js';
import { packb, unpackb } from '../protocols/msgpack-numpy.js';
import type { MsgDecoded, MsgValue } from '../protocols/msgpack-numpy.js';
import type { NdArray } from '../protocols/ndarray.js';
import { ndarray, toNumbers } from '../protocols/ndarray.js';
import { RemotePolicyExecutor } from '../protocols/remote-policy-executor.js';
import type { PolicyAnswer } from '../protocols/remote-policy-executor.js';
import { FakeRobot } from '../protocols/testing/fake-robot.js';
import { recordEvents, runToEnd, TASK } from '../protocols/testing/run.js';
import { parseRobotConfig } from '../robot-config.js';
import { TRAINED_TEMPLATES } from '../sim-policy/language.js';
import { answerClaims, householdActionMapper, householdLayout, householdRow, parseHouseholdRequest } from './household.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

const tick = { step: 1, simTime: 0.1, dt: 0.1 };

describe('the household layout', () => {
  it('sends prompt, robot, the camera frame as uint8 HxWx3 and the state [x, y, theta, ee, gripper] as float32', () => {
    const obs = new FakeRobot('rover', { front: { width: 4, height: 2, encoding: 'bgr8', data: Uint8Array.from({ length: 24 }, (_, i) => i) } }).observe();
    const req = householdLayout({ robot: 'rover' })(obs, 'pick up the apple');
    expect(Object.keys(req)).toEqual(['prompt', 'robot', 'observation/image', 'observation/state']);
    expect(req.robot).toBe('rover');
    const img = req['observation/image'] as NdArray;
    expect(img).toMatchObject({ dtype: '|u1', shape: [2, 4, 3] });
    expect([...img.data.subarray(0, 3)]).toEqual([2, 1, 0]);
    const state = req['observation/state'] as NdArray;
    expect(state.dtype).toBe('<f4');
    expect(toNumbers(state).map((v) => Math.round(v * 100) / 100)).toEqual([obs.pose.x, obs.pose.y, obs.pose.theta, obs.ee.x, obs.ee.y, obs.ee.z, obs.gripper.aperture]);
    expect((householdLayout({ robot: 'rover', imageSize: 8 })(obs, 'p')['observation/image'] as NdArray).shape).toEqual([8, 8, 3]);
  });

  it('needs a camera frame, and says how a sim body gives one', () => {
    const obs = { ...new FakeRobot('rover').observe(), images: {} };
    expect(() => householdLayout({ robot: 'rover' })(obs, 'p')).toThrow(/has no camera image "\?" \(a sim body needs cameras: true\)/);
  });

  it('maps the 8 columns onto a RobotAction and back', () => {
    const action = householdActionMapper()([0.1, -0.2, 0.3, 0.01, 0.02, -0.03, 0.25, 1], tick);
    expect(action).toEqual({ base: { vx: 0.1, vy: -0.2, wz: 0.3 }, ee: { vx: 0.01, vy: 0.02, vz: -0.03 }, gripper: 0.25, press: true });
    expect(householdRow(action, 1)).toEqual([0.1, -0.2, 0.3, 0.01, 0.02, -0.03, 0.25, 1]);
    expect(householdRow({ ee: { vx: 0, vy: 0, vz: 0.1 } }, 0.7)).toEqual([0, 0, 0, 0, 0, 0.1, 0.7, 0]);
    expect(householdActionMapper()([0.1], tick).ee?.vx).toBeNaN();
  });

  it('reads the optional done / failure claims, and refuses malformed ones', () => {
    expect(answerClaims({ actions: null })).toEqual({});
    expect(answerClaims({ done: { message: 'all put away' } })).toEqual({ done: { message: 'all put away' } });
    expect(answerClaims({ failure: { code: 'grasp_failed', message: 'slipped' } })).toEqual({ failure: { code: 'grasp_failed', message: 'slipped' } });
    expect(() => answerClaims({ done: 'yes' })).toThrow(PolicyError);
    expect(() => answerClaims({ failure: { code: 'on_fire', message: 'x' } })).toThrow(/malformed failure/);
  });

  it('validates requests on the server side with the key at fault named', () => {
    const ok = householdLayout({ robot: 'rover' })(new FakeRobot('rover').observe(), 'go to the sofa');
    expect(parseHouseholdRequest(unpackb(packb(ok)))).toMatchObject({ prompt: 'go to the sofa', robot: 'rover', image: { height: 2, width: 4 }, reset: false });
    expect(() => parseHouseholdRequest(unpackb(packb({ ...ok, prompt: ' ' })))).toThrow('request needs a non-empty "prompt"');
    expect(() => parseHouseholdRequest(unpackb(packb({ ...ok, 'observation/state': ndarray(Float32Array.of(1, 2)) })))).toThrow(/observation\/state/);
    expect(() => parseHouseholdRequest(unpackb(packb({ ...ok, 'observation/image': ndarray(Float32Array.of(1)) })))).toThrow(/uint8 \[H, W, 3\]/);
    expect(() => parseHouseholdRequest(unpackb(packb([1, 2])))).toThrow('a household request is a map');
  });
});

/** A backend that answers from a script, one answer per request. */
function scripted(answers: PolicyAnswer[]): { exec: RemotePolicyExecutor; robot: FakeRobot; ticker: ManualTicker; events: ExecutorEvent[] } {
  const robot = new FakeRobot('rover');
  const ticker = new ManualTicker(0.1);
  const exec = new RemotePolicyExecutor({
    robot,
    ticker,
    backend: { infer: () => Promise.resolve(answers.shift() ?? { actions: [[0, 0, 0, 0, 0, 0, 1, 0]] }), health: () => Promise.resolve({ ok: true, detail: '' }) },
    mapAction: householdActionMapper(),
    openLoopSteps: 1024,
    maxSteps: 1000,
  });
  return { exec, robot, ticker, events: recordEvents(exec) };
}

const row = (vz: number): number[] => [0, 0, 0, 0, 0, vz, 1, 0];

describe('policy claims in the remote-policy control loop', () => {
  it('a done claim ends the attempt after the chunk it came with has run, as claimed_done with the message', async () => {
    const { exec, robot, ticker, events } = scripted([{ actions: [row(0.1), row(0.1)] }, { actions: [row(0.2), row(0)], done: { message: 'it is in the bowl' } }]);
    exec.start(TASK);
    await runToEnd(ticker, exec);
    expect(robot.applied.map((a) => a.ee?.vz)).toEqual([0.1, 0.1, 0.2, 0]);
    expect(events.at(-1)).toMatchObject({ type: 'claimed_done', message: 'the policy claims done: it is in the bowl' });
  });

  it('a failure claim ends the attempt at once with its code; nothing of that chunk runs', async () => {
    const { exec, robot, ticker, events } = scripted([{ actions: [row(0.1)] }, { actions: [row(0.3)], failure: { code: 'object_not_found', message: 'no apple in view' } }]);
    exec.start(TASK);
    await runToEnd(ticker, exec);
    expect(robot.applied.map((a) => a.ee?.vz)).toEqual([0.1]);
    expect(events.at(-1)).toMatchObject({ type: 'failed', code: 'object_not_found', message: 'the policy reports a failure: no apple in view' });
  });

  it('a correction drops a pending claim with the queued actions', async () => {
    const { exec, ticker, events } = scripted([{ actions: [row(0.1), row(0.1)], done: { message: 'done' } }, { actions: [row(0.2)] }, { actions: [row(0)], done: { message: 'done again' } }]);
    exec.start(TASK);
    ticker.advance();
    await exec.settled();
    exec.setTask({ ...TASK, instruction: 'pick up the blue mug' });
    await runToEnd(ticker, exec);
    expect(events.at(-1)).toMatchObject({ type: 'claimed_done', message: 'the policy claims done: done again' });
  });
});

describe('layout: household in a robot config', () => {
  it('runs whole chunks, defaults to the simulated policy templates and sends the configured robot name', async () => {
    const requests: Record<string, MsgDecoded>[] = [];
    const http = createServer((_req, res) => res.writeHead(404).end());
    const wss = new WebSocketServer({ server: http });
    wss.on('connection', (ws) => {
      ws.send(packb({ layout: 'household', action_dim: 8, robots: ['rover'], trained_templates: [] }), { binary: true });
      ws.on('message', (data) => {
        requests.push(unpackb(new Uint8Array(data as Buffer)) as Record<string, MsgDecoded>);
        const rows = Array.from({ length: 12 }, (_, i) => [0, 0, 0, 0, 0, 0.01 * i, 1, 0]);
        const answer: Record<string, MsgValue> = { actions: ndarray(Float32Array.from(rows.flat()), [12, 8]), done: { message: 'there' } };
        ws.send(packb(answer), { binary: true });
      });
    });
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
    cleanups.push(() => {
      for (const c of wss.clients) c.terminate();
      wss.close();
      return new Promise((r) => http.close(() => r()));
    });
    const url = `ws://127.0.0.1:${(http.address() as AddressInfo).port}`;
    const config = parseRobotConfig({ id: 'fleet_rover', kind: 'mobile_manipulator', capabilities: ['navigate'], executor: { kind: 'openpi', url, layout: 'household', robot: 'rover' } });
    const robot = new FakeRobot('fleet_rover');
    const ticker = new ManualTicker(0.1);
    const h = await createExecutorFromConfig(config, { robot, ticker });
    cleanups.push(() => h.close());
    expect(h.executor.trainedTemplates).toEqual(TRAINED_TEMPLATES);
    const events: ExecutorEvent[] = [];
    h.executor.subscribe((e) => events.push(e));
    h.executor.start(TASK);
    await runToEnd(ticker, h.executor as RemotePolicyExecutor);
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ robot: 'rover', prompt: TASK.instruction });
    expect(robot.applied).toHaveLength(12);
    expect(events.at(-1)).toMatchObject({ type: 'claimed_done', message: 'the policy claims done: there' });
  });
});
