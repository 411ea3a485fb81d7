import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualTicker } from '../../domain/clock.js';
import type { Observation } from '../../domain/observation.js';
import { PolicyError } from '../protocols/errors.js';
import { ACTION7, JSON_NUMPY } from '../protocols/fixtures/vectors.js';
import { decodeJsonNumpy, encodeJsonNumpy } from '../protocols/json-numpy.js';
import { isNdArray, ndarray, toNumbers } from '../protocols/ndarray.js';
import type { NdArray } from '../protocols/ndarray.js';
import { FakeRobot } from '../protocols/testing/fake-robot.js';
import { freePort, SimulatedBackoff } from '../protocols/testing/simulated-backoff.js';
import { recordEvents, runToEnd, TASK } from '../protocols/testing/run.js';
import { OpenVlaClient } from './client.js';
import { OpenVlaExecutor, OpenVlaOftExecutor } from './openvla-executor.js';

type Handler = (body: string, req: IncomingMessage, res: ServerResponse) => void;

interface FakeServer {
  url: string;
  bodies: string[];
  server: Server;
}

const servers: Server[] = [];

/** An in-test OpenVLA deploy.py: POST /act only, Starlette-compact JSON answers. */
async function openVlaServer(handler: Handler, port = 0): Promise<FakeServer> {
  const bodies: string[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/act') {
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"detail":"Not Found"}');
        return;
      }
      const body = Buffer.concat(chunks).toString('utf8');
      bodies.push(body);
      handler(body, req, res);
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, bodies, server };
}

const json = (res: ServerResponse, text: string): void => {
  res.writeHead(200, { 'content-type': 'application/json' }).end(text);
};

afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

const image = ndarray(new Uint8Array(12), [2, 2, 3]);
const req = { image, instruction: 'pick up the red mug', unnormKey: 'bridge_orig' };

describe('OpenVlaClient against an in-test /act server', () => {
  it('sends the §8.1 request body byte for byte and decodes the compact answer', async () => {
    const srv = await openVlaServer((_b, _q, res) => json(res, JSON_NUMPY.actResponseCompact));
    const action = await new OpenVlaClient({ url: srv.url }).act(req);
    expect(srv.bodies).toEqual([JSON_NUMPY.actRequest]);
    expect(action).toEqual([...ACTION7]);
  });

  it('speaks the double-encoded mode both ways', async () => {
    const srv = await openVlaServer((_b, _q, res) => json(res, JSON_NUMPY.doubleEncodedResponse));
    const action = await new OpenVlaClient({ url: srv.url, encoded: true }).act(req);
    expect(srv.bodies).toEqual([JSON_NUMPY.doubleEncodedRequest]);
    expect(action).toEqual([...ACTION7]);
  });

  it('HTTP 200 with body "error" is a server_error, in both modes', async () => {
    const srv = await openVlaServer((_b, _q, res) => json(res, JSON_NUMPY.errorBody));
    for (const encoded of [false, true]) {
      const err = await new OpenVlaClient({ url: srv.url, encoded }).act(req).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(PolicyError);
      expect((err as PolicyError).kind).toBe('server_error');
    }
  });

  it('a slow answer times out', async () => {
    const srv = await openVlaServer((_b, _q, res) => setTimeout(() => json(res, JSON_NUMPY.actResponseCompact), 5000).unref());
    const err = await new OpenVlaClient({ url: srv.url, timeoutMs: 50 }).act(req).catch((e: unknown) => e);
    expect((err as PolicyError).kind).toBe('timeout');
  });

  it('connection refused is retried with backoff, then unreachable', async () => {
    const srv = await openVlaServer(() => undefined);
    srv.server.close();
    await new Promise((r) => setTimeout(r, 10));
    const delays: number[] = [];
    const client = new OpenVlaClient({ url: srv.url, retry: { retries: 3, initialDelayMs: 1, factor: 2, maxDelayMs: 3 }, onRetry: (_n, d) => delays.push(d) });
    const err = await client.act(req).catch((e: unknown) => e);
    expect((err as PolicyError).kind).toBe('unreachable');
    expect(delays).toEqual([1, 2, 3]);
  });

  it('non-finite and malformed answers are typed errors', async () => {
    const nan = encodeJsonNumpy(ndarray(Float64Array.of(0, Number.NaN, 0, 0, 0, 0, 1)), 'compact');
    const answers = [nan, '{"__numpy__":"AAAAAAAAAAA=","dtype":"<f8","shape":[1]}', '{"actions": 1}', 'not json'];
    let i = 0;
    const srv = await openVlaServer((_b, _q, res) => json(res, answers[i++] ?? ''));
    const kinds: string[] = [];
    for (let k = 0; k < answers.length; k++) kinds.push(await new OpenVlaClient({ url: srv.url }).act(req).then(() => 'ok', (e: PolicyError) => e.kind));
    expect(kinds).toEqual(['not_finite', 'malformed', 'malformed', 'malformed']);
  });

  it('health reports reachability (no health route upstream)', async () => {
    const srv = await openVlaServer(() => undefined);
    expect((await new OpenVlaClient({ url: srv.url }).health()).ok).toBe(true);
    srv.server.close();
    await new Promise((r) => setTimeout(r, 10));
    expect((await new OpenVlaClient({ url: srv.url, timeoutMs: 500 }).health()).ok).toBe(false);
  });
});

describe('OpenVlaExecutor running a subgoal', () => {
  it('queries once per action, maps the 7-DoF action, and ends with claimed_done at the step budget', async () => {
    const srv = await openVlaServer((_b, _q, res) => json(res, JSON_NUMPY.actResponseCompact));
    const robot = new FakeRobot();
    const ticker = new ManualTicker(0.1);
    const exec = new OpenVlaExecutor({ robot, ticker, client: new OpenVlaClient({ url: srv.url }), unnormKey: 'bridge_orig', maxSteps: 3 });
    const events = recordEvents(exec);
    exec.start(TASK);
    await runToEnd(ticker, exec);
    expect(exec.state).toBe('claimed_done');
    expect(events.map((e) => e.type)).toEqual(['started', 'step', 'step', 'step', 'claimed_done']);
    expect(srv.bodies).toHaveLength(3);
    const sent = decodeJsonNumpy(srv.bodies[0] ?? '') as Record<string, unknown>;
    expect(sent.instruction).toBe('pick up the red mug');
    expect(sent.unnorm_key).toBe('bridge_orig');
    expect((sent.image as NdArray).shape).toEqual([2, 4, 3]);
    expect(toNumbers(sent.image as NdArray).every((v) => v === 7)).toBe(true);
    const a = robot.applied[0];
    expect(a?.ee?.vx).toBeCloseTo(0.1);
    expect(a?.ee?.vy).toBeCloseTo(-0.2);
    expect(a?.ee?.vz).toBeCloseTo(0.3);
    expect(a?.gripper).toBe(1);
  });

  it('sends no second request while one is in flight', async () => {
    let release: (() => void) | undefined;
    const srv = await openVlaServer((_b, _q, res) => {
      release = () => json(res, JSON_NUMPY.actResponseCompact);
    });
    const robot = new FakeRobot();
    const ticker = new ManualTicker(0.1);
    const exec = new OpenVlaExecutor({ robot, ticker, client: new OpenVlaClient({ url: srv.url }), maxSteps: 1 });
    exec.start(TASK);
    ticker.advance(5);
    while (!release) await new Promise((r) => setTimeout(r, 5));
    expect(srv.bodies).toHaveLength(1);
    release();
    await exec.settled();
    expect(robot.applied).toHaveLength(0);
    ticker.advance();
    expect(robot.applied).toHaveLength(1);
  });

  it('a robot rejection fails the attempt with unsafe_action and halts', async () => {
    const srv = await openVlaServer((_b, _q, res) => json(res, JSON_NUMPY.actResponseCompact));
    const robot = new FakeRobot();
    robot.rejectWith = 'outside_workspace';
    const ticker = new ManualTicker(0.1);
    const exec = new OpenVlaExecutor({ robot, ticker, client: new OpenVlaClient({ url: srv.url }) });
    const events = recordEvents(exec);
    exec.start(TASK);
    await runToEnd(ticker, exec);
    expect(exec.state).toBe('failed');
    expect(events.at(-1)).toMatchObject({ type: 'failed', code: 'unsafe_action' });
    expect(robot.halts).toBeGreaterThan(0);
  });

  it('a NaN action fails with unsafe_action; a server "error" with executor_error; slow with timeout', async () => {
    const nan = encodeJsonNumpy(ndarray(Float64Array.of(Number.NaN, 0, 0, 0, 0, 0, 1)), 'compact');
    const cases: [string | null, string][] = [[nan, 'unsafe_action'], ['"error"', 'executor_error'], [null, 'timeout']];
    for (const [answer, code] of cases) {
      const srv = await openVlaServer((_b, _q, res) => (answer === null ? undefined : json(res, answer)));
      const ticker = new ManualTicker(0.1);
      const exec = new OpenVlaExecutor({ robot: new FakeRobot(), ticker, client: new OpenVlaClient({ url: srv.url, timeoutMs: 50 }) });
      const events = recordEvents(exec);
      exec.start(TASK);
      await runToEnd(ticker, exec);
      expect(events.at(-1)).toMatchObject({ type: 'failed', code });
    }
  });

  it('stop aborts the request in flight and confirms a halted robot', async () => {
    const srv = await openVlaServer(() => undefined);
    const robot = new FakeRobot();
    const ticker = new ManualTicker(0.1);
    const exec = new OpenVlaExecutor({ robot, ticker, client: new OpenVlaClient({ url: srv.url }) });
    const events = recordEvents(exec);
    exec.start(TASK);
    ticker.advance();
    while (srv.bodies.length === 0) await new Promise((r) => setTimeout(r, 5));
    await expect(exec.stop('operator')).resolves.toEqual({ confirmed: true, reason: 'operator' });
    expect(exec.state).toBe('stopped');
    expect(events.at(-1)).toMatchObject({ type: 'stopped', confirmed: true });
    expect(robot.halts).toBe(1);
  });
});

describe('OpenVlaOftExecutor running a subgoal', () => {
  it('sends the flat observation and runs chunks open-loop before re-querying', async () => {
    const chunk = Array.from({ length: 8 }, (_, i) => ndarray(Float64Array.of(0.005 * i, 0, 0, 0, 0, 0, -1)));
    const srv = await openVlaServer((_b, _q, res) => json(res, encodeJsonNumpy(chunk, 'compact')));
    const robot = new FakeRobot('arm1', {
      agent: { width: 2, height: 2, encoding: 'rgb8', data: new Uint8Array(12) },
      wrist: { width: 2, height: 2, encoding: 'bgr8', data: new Uint8Array(12) },
    });
    const ticker = new ManualTicker(0.05);
    const exec = new OpenVlaOftExecutor({
      robot,
      ticker,
      client: new OpenVlaClient({ url: srv.url }),
      camera: 'agent',
      wristCameras: { wrist_image: 'wrist' },
      proprio: (o) => [o.ee.x, o.ee.y, o.ee.z, 0, 0, 0, 0, 0],
      openLoopSteps: 4,
      maxSteps: 8,
    });
    exec.start(TASK);
    await runToEnd(ticker, exec);
    expect(exec.state).toBe('claimed_done');
    expect(srv.bodies).toHaveLength(2);
    const body = decodeJsonNumpy(srv.bodies[0] ?? '') as Record<string, unknown>;
    expect(Object.keys(body)).toEqual(['full_image', 'wrist_image', 'state', 'instruction']);
    expect((body.full_image as NdArray).shape).toEqual([224, 224, 3]);
    expect(isNdArray(body.state) && (body.state as NdArray).dtype).toBe('<f8');
    expect(robot.applied.map((a) => a.ee?.vx)).toEqual([0, 1, 2, 3, 0, 1, 2, 3].map((i) => expect.closeTo((0.005 * i) / 0.05)));
    expect(robot.applied.every((a) => a.gripper === 1)).toBe(true);
  });
});

describe('answers larger than max_message_bytes', () => {
  const n = (20 * 1024 * 1024) / 8;
  const bigAnswer = `{"__numpy__":"${Buffer.alloc(n * 8).toString('base64')}","dtype":"<f8","shape":[${n}]}`;

  it('a 20 MB answer is a typed too_large failure, whether its length is declared or streamed', async () => {
    const declared = await openVlaServer((_b, _q, res) => json(res, bigAnswer));
    const streamed = await openVlaServer((_b, _q, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      for (let i = 0; i < bigAnswer.length; i += 1024 * 1024) res.write(bigAnswer.slice(i, i + 1024 * 1024));
      res.end();
    });
    for (const srv of [declared, streamed]) {
      const err = await new OpenVlaClient({ url: srv.url }).act(req).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(PolicyError);
      expect(err).toMatchObject({ kind: 'too_large', message: expect.stringContaining('max_message_bytes = 8388608 bytes') });
    }
  });

  it('under a larger bound the same answer is decoded, without overflowing the stack', async () => {
    const srv = await openVlaServer((_b, _q, res) => json(res, bigAnswer));
    const err = await new OpenVlaClient({ url: srv.url, maxMessageBytes: 64 * 1024 * 1024 }).act(req).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'malformed', message: `expected an action of 7 numbers, got shape [${n}]` });
  });

  it('the executor fails the attempt with the reason and applies nothing', async () => {
    const srv = await openVlaServer((_b, _q, res) => json(res, bigAnswer));
    const robot = new FakeRobot();
    const ticker = new ManualTicker(0.1);
    const exec = new OpenVlaExecutor({ robot, ticker, client: new OpenVlaClient({ url: srv.url }), maxSteps: 3 });
    const events = recordEvents(exec);
    exec.start(TASK);
    await runToEnd(ticker, exec);
    expect(events.at(-1)).toMatchObject({ type: 'failed', code: 'executor_error', message: expect.stringContaining('max_message_bytes') });
    expect(robot.applied).toEqual([]);
  });
});


describe('OpenVLA: a server that is down when the request goes out', () => {
  it('the request retried after connection refused carries the frame from after the wait', async () => {
    const port = await freePort();
    const images: NonNullable<Observation['images']> = { front: { width: 2, height: 2, encoding: 'rgb8', data: new Uint8Array(12).fill(10) } };
    const robot = new FakeRobot('arm1', images);
    const backoff = new SimulatedBackoff();
    let srv: FakeServer | null = null;
    backoff.at(1_000, async () => {
      images.front = { width: 2, height: 2, encoding: 'rgb8', data: new Uint8Array(12).fill(99) };
      srv = await openVlaServer((_b, _q, res) => json(res, JSON_NUMPY.actResponseCompact), port);
    });
    const ticker = new ManualTicker(0.1);
    const client = new OpenVlaClient({ url: `http://127.0.0.1:${port}`, sleep: backoff.sleep });
    const exec = new OpenVlaExecutor({ robot, ticker, client, camera: 'front', maxSteps: 1 });
    const events = recordEvents(exec);
    exec.start(TASK);
    await runToEnd(ticker, exec);
    expect(events.at(-1)?.type).toBe('claimed_done');
    const sent = decodeJsonNumpy((srv as FakeServer | null)?.bodies[0] ?? '{}') as Record<string, NdArray>;
    expect(toNumbers(sent.image as NdArray)[0]).toBe(99);
  });
});
