import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import { ManualTicker } from '../../domain/clock.js';
import { PolicyError } from '../protocols/errors.js';
import { MSGPACK_HEX } from '../protocols/fixtures/vectors.js';
import { packb, unpackb } from '../protocols/msgpack-numpy.js';
import type { MsgDecoded, MsgValue } from '../protocols/msgpack-numpy.js';
import { isNdArray, ndarray, toNumbers } from '../protocols/ndarray.js';
import type { NdArray } from '../protocols/ndarray.js';
import { PyFloat } from '../protocols/py-json.js';
import { FakeRobot } from '../protocols/testing/fake-robot.js';
import { recordEvents, runToEnd, TASK } from '../protocols/testing/run.js';
import { totalBackoffMs } from '../protocols/retry.js';
import type { Sleep } from '../protocols/retry.js';
import { freePort, SimulatedBackoff } from '../protocols/testing/simulated-backoff.js';
import { OPENPI_DEFAULT_RETRY, OpenPiClient } from './client.js';
import { liberoLayout } from './layouts.js';
import { liberoState } from './proprio.js';
import { OpenPiExecutor } from './openpi-executor.js';

/** Per message: answer bytes, a server error (text + 1011), a dropped connection, or silence. */
type Reply = Uint8Array | { error: string } | 'drop' | 'silent';

interface FakeOpenPi {
  url: string;
  requests: Uint8Array[];
  connections: number;
}

const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

/** An in-test `websocket_policy_server.py`: metadata first, msgpack request/response, GET /healthz. */
async function openPiServer(reply: (req: MsgDecoded, n: number, conn: number) => Reply, metadata: MsgValue = {}, port = 0): Promise<FakeOpenPi> {
  const http: Server = createServer((req, res) => {
    if (req.url === '/healthz') res.writeHead(200).end('OK\n');
    else res.writeHead(426).end();
  });
  const wss = new WebSocketServer({ server: http, perMessageDeflate: false });
  const state: FakeOpenPi = { url: '', requests: [], connections: 0 };
  wss.on('connection', (ws: WebSocket) => {
    const conn = ++state.connections;
    ws.send(packb(metadata), { binary: true });
    ws.on('message', (data, isBinary) => {
      expect(isBinary).toBe(true);
      const bytes = new Uint8Array(data as Buffer);
      state.requests.push(bytes);
      const r = reply(unpackb(bytes), state.requests.length, conn);
      if (r === 'drop') ws.terminate();
      else if (r === 'silent') return;
      else if (r instanceof Uint8Array) ws.send(r, { binary: true });
      else {
        ws.send(r.error);
        ws.close(1011, 'Internal server error. Traceback included in previous frame.');
      }
    });
  });
  await new Promise<void>((r) => http.listen(port, '127.0.0.1', r));
  state.url = `ws://127.0.0.1:${(http.address() as AddressInfo).port}`;
  cleanups.push(async () => {
    for (const c of wss.clients) c.terminate();
    wss.close();
    http.closeAllConnections();
    await new Promise((r) => http.close(r));
  });
  return state;
}

const responseBytes = (): Uint8Array => new Uint8Array(Buffer.from(MSGPACK_HEX.response, 'hex'));

function chunk(rows: number, f: (r: number) => number[]): Uint8Array {
  const flat = Array.from({ length: rows }, (_, r) => f(r)).flat();
  return packb({ actions: ndarray(Float32Array.from(flat), [rows, 7]), policy_timing: { infer_ms: new PyFloat(1) } });
}

const quick = { retry: { retries: 3, initialDelayMs: 1, maxDelayMs: 4, factor: 2 } };

const frame4x2 = (fill: number) => ({ width: 4, height: 2, encoding: 'rgb8', data: new Uint8Array(24).fill(fill) });
/** A LIBERO-like arm: agent-view + wrist cameras, the eef quaternion among its joints (identity here). */
const liberoArm = (id = 'arm1'): FakeRobot =>
  new FakeRobot(id, { agentview: frame4x2(9), wrist: frame4x2(3) }, { names: ['eef_qx', 'eef_qy', 'eef_qz', 'eef_qw'], positions: [0, 0, 0, 1] });
const libero = () =>
  liberoLayout({ camera: 'agentview', wristCamera: 'wrist', state: liberoState({ eefPosition: 'ee', eefQuaternion: ['eef_qx', 'eef_qy', 'eef_qz', 'eef_qw'], gripperQpos: 'aperture' }) });

describe('OpenPiClient against an in-test openpi server', () => {
  it('reads the metadata frame first, sends §8.2 bytes and decodes the §8.2 answer', async () => {
    const srv = await openPiServer(() => responseBytes(), { reset_pose: [0, -1.5, 1.5, 0, 0, 0] });
    const client = new OpenPiClient({ url: srv.url, ...quick });
    expect(await client.connect()).toEqual({ reset_pose: [0, -1.5, 1.5, 0, 0, 0] });
    const answer = await client.infer({ 'observation/state': ndarray(Float64Array.of(0, 1)), prompt: 'pick up the red mug' });
    expect(Buffer.from(srv.requests[0] ?? []).toString('hex')).toBe(MSGPACK_HEX.observation);
    expect((answer.actions as NdArray).shape).toEqual([2, 7]);
    expect(answer.server_timing).toEqual({ infer_ms: 13 });
    client.close();
  });

  it('a text frame followed by close 1011 is a server_error carrying the traceback', async () => {
    const srv = await openPiServer(() => ({ error: 'Traceback (most recent call last):\nValueError: bad obs\n' }));
    const client = new OpenPiClient({ url: srv.url, ...quick });
    const err = await client.infer({ prompt: 'x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PolicyError);
    expect((err as PolicyError).kind).toBe('server_error');
    expect((err as PolicyError).message).toContain('ValueError: bad obs');
    // The next request opens a fresh connection.
    await client.infer({ prompt: 'y' }).catch(() => undefined);
    expect(srv.connections).toBe(2);
    client.close();
  });

  it('a dropped connection is re-opened and the request sent again', async () => {
    const srv = await openPiServer((_r, n) => (n === 1 ? 'drop' : responseBytes()));
    const client = new OpenPiClient({ url: srv.url, ...quick });
    const answer = await client.infer({ prompt: 'x' });
    expect(isNdArray(answer.actions)).toBe(true);
    expect(srv.connections).toBe(2);
    expect(srv.requests).toHaveLength(2);
    client.close();
  });

  it('a silent server times out; the late socket is discarded', async () => {
    const srv = await openPiServer((_r, n) => (n === 1 ? 'silent' : responseBytes()));
    const client = new OpenPiClient({ url: srv.url, timeoutMs: 50, ...quick });
    const err = await client.infer({ prompt: 'x' }).catch((e: unknown) => e);
    expect((err as PolicyError).kind).toBe('timeout');
    await client.infer({ prompt: 'x' });
    expect(srv.connections).toBe(2);
    client.close();
  });

  it('connection refused: backoff, then unreachable; healthz reports up and down', async () => {
    const srv = await openPiServer(() => responseBytes());
    const up = await new OpenPiClient({ url: srv.url }).health();
    expect(up).toMatchObject({ ok: true, detail: 'healthz OK' });
    for (const c of cleanups.splice(0)) await c();
    const delays: number[] = [];
    const client = new OpenPiClient({ url: srv.url, ...quick, onRetry: (_n, d) => delays.push(d) });
    const err = await client.connect().catch((e: unknown) => e);
    expect((err as PolicyError).kind).toBe('unreachable');
    expect(delays).toEqual([1, 2, 4]);
    expect((await client.health()).ok).toBe(false);
  });
});

describe('OpenPiExecutor running a LIBERO subgoal', () => {
  it('sends the LIBERO layout, runs N steps of each chunk open-loop, then re-queries', async () => {
    const srv = await openPiServer((_r, n) => chunk(10, (r) => [0.001 * (n * 10 + r), 0, 0, 0, 0, 0, r < 3 ? -1 : 1]));
    const robot = liberoArm();
    const ticker = new ManualTicker(0.1);
    const client = new OpenPiClient({ url: srv.url, ...quick });
    const exec = new OpenPiExecutor({ robot, ticker, client, layout: libero(), openLoopSteps: 5, maxSteps: 10 });
    const events = recordEvents(exec);
    exec.start(TASK);
    await runToEnd(ticker, exec);
    exec.reset();
    expect(exec.state).toBe('idle');
    expect(events.filter((e) => e.type === 'step')).toHaveLength(10);
    expect(events.at(-1)?.type).toBe('claimed_done');
    expect(srv.requests).toHaveLength(2);
    const obs = unpackb(srv.requests[0] ?? new Uint8Array()) as Record<string, MsgDecoded>;
    expect(Object.keys(obs)).toEqual(['observation/image', 'observation/wrist_image', 'observation/state', 'prompt']);
    expect((obs['observation/image'] as NdArray).shape).toEqual([224, 224, 3]);
    expect(toNumbers(obs['observation/state'] as NdArray)).toEqual([0.4, 0, 0.3, 0, 0, 0, 0.04, -0.04]);
    expect(obs.prompt).toBe('pick up the red mug');
    // Steps 0-4 of chunk 1, then 0-4 of chunk 2; LIBERO gripper -1 = open.
    expect(robot.applied.map((a) => a.ee?.vx)).toEqual([10, 11, 12, 13, 14, 20, 21, 22, 23, 24].map((k) => expect.closeTo((0.001 * k) / 0.1, 5)));
    expect(robot.applied.map((a) => a.gripper)).toEqual([1, 1, 1, 0, 0, 1, 1, 1, 0, 0]);
  });

  it('keeps running across a disconnect, and fails with executor_error on a server error', async () => {
    const srv = await openPiServer((_r, n) => (n === 2 ? 'drop' : n === 4 ? { error: 'Traceback\nRuntimeError: boom' } : chunk(5, () => [0, 0, 0, 0, 0, 0, -1])));
    const robot = liberoArm();
    const ticker = new ManualTicker(0.1);
    const exec = new OpenPiExecutor({ robot, ticker, client: new OpenPiClient({ url: srv.url, ...quick }), layout: libero(), openLoopSteps: 5, maxSteps: 100 });
    const events = recordEvents(exec);
    exec.start(TASK);
    await runToEnd(ticker, exec);
    exec.reset();
    // request 2 is dropped and re-sent (request 3) on a second connection; request 4 gets the traceback
    expect(srv.connections).toBe(2);
    expect(srv.requests).toHaveLength(4);
    expect(events.filter((e) => e.type === 'step')).toHaveLength(10);
    expect(events.at(-1)).toMatchObject({ type: 'failed', code: 'executor_error' });
    expect(exec.state).toBe('idle');
  });

  it('NaN actions fail with unsafe_action', async () => {
    const srv = await openPiServer(() => chunk(5, () => [Number.NaN, 0, 0, 0, 0, 0, -1]));
    const ticker = new ManualTicker(0.1);
    const exec = new OpenPiExecutor({ robot: liberoArm(), ticker, client: new OpenPiClient({ url: srv.url, ...quick }), layout: libero() });
    const events = recordEvents(exec);
    exec.start(TASK);
    await runToEnd(ticker, exec);
    exec.reset();
    expect(events.at(-1)).toMatchObject({ type: 'failed', code: 'unsafe_action' });
  });
});

describe('openpi answers larger than max_message_bytes', () => {
  const rows = Math.ceil((20 * 1024 * 1024) / (7 * 4));
  const big = (): Uint8Array => packb({ actions: ndarray(new Float32Array(rows * 7), [rows, 7]) });

  it('a 20 MB answer closes the socket with a too_large failure; the request is not sent again', async () => {
    const srv = await openPiServer((_r, n) => (n === 1 ? big() : responseBytes()));
    const client = new OpenPiClient({ url: srv.url, ...quick });
    const err = await client.infer({ prompt: 'x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PolicyError);
    expect(err).toMatchObject({ kind: 'too_large', message: expect.stringContaining('max_message_bytes = 8388608 bytes') });
    expect(srv.requests).toHaveLength(1);
    // The next request opens a fresh connection and is answered normally.
    expect(isNdArray((await client.infer({ prompt: 'y' })).actions)).toBe(true);
    expect(srv.connections).toBe(2);
    client.close();
  });

  it('an oversized metadata frame fails the connection the same way', async () => {
    const srv = await openPiServer(() => responseBytes(), { padding: new Uint8Array(2048) });
    const err = await new OpenPiClient({ url: srv.url, maxMessageBytes: 1024, ...quick }).connect().catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'too_large', message: expect.stringContaining('max_message_bytes = 1024 bytes') });
  });

  it('the executor fails the attempt with the reason and applies nothing', async () => {
    const srv = await openPiServer(() => big());
    const robot = liberoArm();
    const ticker = new ManualTicker(0.1);
    const exec = new OpenPiExecutor({ robot, ticker, client: new OpenPiClient({ url: srv.url, ...quick }), layout: libero() });
    const events = recordEvents(exec);
    exec.start(TASK);
    await runToEnd(ticker, exec);
    exec.reset();
    expect(events.at(-1)).toMatchObject({ type: 'failed', code: 'executor_error', message: expect.stringContaining('max_message_bytes') });
    expect(robot.applied).toEqual([]);
  });
});


/** A LIBERO arm whose end effector the test moves (the `x` the state sends first). */
class MovingArm extends FakeRobot {
  x = 0.4;
  constructor() {
    super('arm1', { agentview: frame4x2(9), wrist: frame4x2(3) }, { names: ['eef_qx', 'eef_qy', 'eef_qz', 'eef_qw'], positions: [0, 0, 0, 1] });
  }
  override observe() {
    const o = super.observe();
    return { ...o, ee: { ...o.ee, x: this.x } };
  }
}

const sentX = (bytes: Uint8Array | undefined): number => toNumbers((unpackb(bytes ?? new Uint8Array()) as Record<string, MsgDecoded>)['observation/state'] as NdArray)[0] ?? Number.NaN;

describe('openpi: a server that goes away and comes back', () => {
  it('the default retry waits out a model server that takes 60 s to come back', async () => {
    expect(totalBackoffMs(OPENPI_DEFAULT_RETRY)).toBeGreaterThanOrEqual(60_000);
    const port = await freePort();
    const backoff = new SimulatedBackoff();
    let srv: FakeOpenPi | null = null;
    backoff.at(60_000, async () => (srv = await openPiServer(() => responseBytes(), {}, port)));
    const client = new OpenPiClient({ url: `ws://127.0.0.1:${port}`, sleep: backoff.sleep });
    const answer = await client.infer({ prompt: 'x' });
    expect(isNdArray(answer.actions)).toBe(true);
    expect(backoff.now).toBeGreaterThanOrEqual(60_000);
    expect((srv as FakeOpenPi | null)?.requests).toHaveLength(1);
    client.close();
  });

  it('a configured retry still bounds the wait', async () => {
    const backoff = new SimulatedBackoff();
    const client = new OpenPiClient({ url: `ws://127.0.0.1:${await freePort()}`, retry: { retries: 2 }, sleep: backoff.sleep });
    await expect(client.infer({ prompt: 'x' })).rejects.toMatchObject({ kind: 'unreachable' });
    expect(backoff.waits).toEqual([250, 500]);
  });

  it('health never waits on the retry policy: a closed port reads down at once', async () => {
    const backoff = new SimulatedBackoff();
    const client = new OpenPiClient({ url: `ws://127.0.0.1:${await freePort()}`, sleep: backoff.sleep });
    const exec = new OpenPiExecutor({ robot: liberoArm(), ticker: new ManualTicker(0.1), client, layout: libero() });
    expect(await client.health()).toMatchObject({ ok: false });
    expect(await exec.health()).toMatchObject({ ok: false });
    expect(backoff.waits).toEqual([]);
  });

  it('stop() during the long wait for a server is not held up by the backoff', async () => {
    // A backoff that only ends when aborted: the executor's stop must abort it, not wait a minute.
    let entered = (): void => undefined;
    const inWait = new Promise<void>((r) => (entered = r));
    const waiting: Sleep = (_ms, signal) =>
      new Promise((_resolve, reject) => {
        const abort = (): void => reject(new PolicyError('aborted', 'aborted'));
        if (signal?.aborted) return abort();
        signal?.addEventListener('abort', abort, { once: true });
        entered();
      });
    const robot = liberoArm();
    const ticker = new ManualTicker(0.1);
    const exec = new OpenPiExecutor({ robot, ticker, client: new OpenPiClient({ url: `ws://127.0.0.1:${await freePort()}`, sleep: waiting }), layout: libero() });
    const events = recordEvents(exec);
    exec.start(TASK);
    ticker.advance();
    await inWait;
    expect(await exec.stop('cancelled')).toEqual({ confirmed: true, reason: 'cancelled' });
    expect(events.at(-1)).toMatchObject({ type: 'stopped', confirmed: true });
    expect(robot.halts).toBe(1);
  });

  it('a request re-sent after a dropped connection carries a fresh observation', async () => {
    const robot = new MovingArm();
    // The robot moves while the first request is out; then the connection drops.
    const srv = await openPiServer((_r, n) => {
      if (n > 1) return chunk(5, () => [0, 0, 0, 0, 0, 0, -1]);
      robot.x = 0.9;
      return 'drop';
    });
    const ticker = new ManualTicker(0.1);
    const exec = new OpenPiExecutor({ robot, ticker, client: new OpenPiClient({ url: srv.url, ...quick }), layout: libero(), maxSteps: 5 });
    exec.start(TASK);
    await runToEnd(ticker, exec);
    exec.reset();
    expect(srv.requests.map(sentX)).toEqual([0.4, 0.9]);
  });

  it('a request that waited for the server carries what the robot sees after the wait', async () => {
    const robot = new MovingArm();
    const port = await freePort();
    const backoff = new SimulatedBackoff();
    let srv: FakeOpenPi | null = null;
    backoff.at(5_000, async () => {
      robot.x = 0.7;
      srv = await openPiServer(() => chunk(5, () => [0, 0, 0, 0, 0, 0, -1]), {}, port);
    });
    const ticker = new ManualTicker(0.1);
    const client = new OpenPiClient({ url: `ws://127.0.0.1:${port}`, sleep: backoff.sleep });
    const exec = new OpenPiExecutor({ robot, ticker, client, layout: libero(), maxSteps: 5 });
    const events = recordEvents(exec);
    exec.start(TASK);
    await runToEnd(ticker, exec);
    exec.reset();
    expect(events.at(-1)?.type).toBe('claimed_done');
    expect((srv as FakeOpenPi | null)?.requests.map(sentX)).toEqual([0.7]);
  });
});
