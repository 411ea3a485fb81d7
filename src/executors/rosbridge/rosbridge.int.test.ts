import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import { ManualTicker } from '../../domain/clock.js';
import type { ExecutorEvent } from '../../domain/executor.js';
import { FakeRobot } from '../protocols/testing/fake-robot.js';
import { SkillMapSchema } from '../ros2/action-config.js';
import { RosbridgeClient } from './client.js';
import { RosbridgeStatusError } from './errors.js';
import { ACTION_FEEDBACK, ACTION_RESULT, SEND_ACTION_GOAL } from './fixtures/vectors.js';
import * as ops from './protocol.js';
import { rosbridgeGoalId, RosbridgeSkillExecutor } from './rosbridge-executor.js';

type Frame = Record<string, unknown> & { op: string };
type Handler = (frame: Frame, ws: WebSocket, server: FakeRosbridge) => void;

/** An in-test rosbridge: records every frame and answers through a per-test handler. */
class FakeRosbridge {
  readonly frames: Frame[] = [];
  readonly sockets: WebSocket[] = [];
  connections = 0;
  constructor(
    readonly wss: WebSocketServer,
    public handler: Handler,
  ) {
    wss.on('connection', (ws) => {
      this.connections++;
      this.sockets.push(ws);
      ws.on('message', (data) => {
        const frame = JSON.parse(data.toString()) as Frame;
        this.frames.push(frame);
        this.handler(frame, ws, this);
      });
    });
  }
  static async start(handler: Handler): Promise<FakeRosbridge> {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((r) => wss.once('listening', () => r()));
    return new FakeRosbridge(wss, handler);
  }
  get url(): string {
    const addr = this.wss.address();
    if (typeof addr === 'string' || !addr) throw new Error('no address');
    return `ws://127.0.0.1:${addr.port}`;
  }
  of(op: string): Frame[] {
    return this.frames.filter((f) => f.op === op);
  }
  close(): Promise<void> {
    for (const s of this.wss.clients) s.terminate();
    return new Promise((r) => this.wss.close(() => r()));
  }
}

const SKILLS = SkillMapSchema.parse({
  fib: { action: 'generic', action_type: 'example_interfaces/action/Fibonacci', server: '/test_fibonacci_action', goal: { order: '{args.order:number}' } },
});
const TASK = { goalId: 'g-fib-1', subgoalId: 's1', skill: 'fib', args: { order: '5' }, instruction: 'count' };
const FIB_ID = rosbridgeGoalId('/test_fibonacci_action', 'g-fib-1');
const sequences = [[0, 1, 1], [0, 1, 1, 2], [0, 1, 1, 2, 3], [0, 1, 1, 2, 3, 5]];

let cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

async function setup(handler: Handler, timeouts = {}, clientOptions: { maxMessageBytes?: number } = {}) {
  const server = await FakeRosbridge.start(handler);
  const client = new RosbridgeClient({ url: server.url, retry: { retries: 3, initialDelayMs: 5, maxDelayMs: 20 }, ...clientOptions });
  const ticker = new ManualTicker(0.1);
  const exec = new RosbridgeSkillExecutor({
    robot: new FakeRobot('rb'),
    ticker,
    client,
    skills: SKILLS,
    sensors: [{ kind: 'image', topic: '/camera/image_raw', name: 'front' }],
    timeouts: { cancel_timeout_ms: 200, ...timeouts },
  });
  const events: ExecutorEvent[] = [];
  exec.subscribe((e) => events.push(e));
  cleanup.push(() => server.close(), () => exec.close());
  await client.connect();
  return { server, client, ticker, exec, events };
}

const until = async (cond: () => boolean, what: string): Promise<void> => {
  for (let i = 0; i < 400 && !cond(); i++) await new Promise((r) => setTimeout(r, 5));
  if (!cond()) throw new Error(`timed out waiting for ${what}`);
};

describe('rosbridge §8.3 vectors', () => {
  it('encodes send_action_goal byte for byte, with the id placed right after op when given', () => {
    const frame = ops.sendActionGoalOp({ action: '/test_fibonacci_action', action_type: 'example_interfaces/Fibonacci', args: { order: 5 } });
    expect(ops.encode(frame)).toBe(SEND_ACTION_GOAL);
    const withId = ops.encode(ops.sendActionGoalOp({ id: 'x', action: '/a', action_type: 't', args: {} }));
    expect(withId).toBe('{"op":"send_action_goal","id":"x","action":"/a","action_type":"t","args":{},"feedback":true}');
  });

  it('encodes and decodes action_feedback and action_result byte for byte', () => {
    sequences.forEach((sequence, i) => {
      expect(ops.encode(ops.actionFeedbackOp({ action: '/test_fibonacci_action', values: { sequence } }))).toBe(ACTION_FEEDBACK[i]);
      expect(ops.IncomingSchema.parse(JSON.parse(ACTION_FEEDBACK[i] ?? ''))).toEqual({ op: 'action_feedback', action: '/test_fibonacci_action', values: { sequence } });
    });
    expect(ops.encode(ops.actionResultOp({ action: '/test_fibonacci_action', values: { sequence: [0, 1, 1, 2, 3, 5] }, status: 4, result: true }))).toBe(ACTION_RESULT);
    expect(ops.IncomingSchema.parse(JSON.parse(ACTION_RESULT))).toMatchObject({ status: 4, result: true, values: { sequence: [0, 1, 1, 2, 3, 5] } });
  });
});

describe('RosbridgeSkillExecutor against an in-test rosbridge', () => {
  const fibonacci: Handler = (f, ws) => {
    if (f.op !== 'send_action_goal') return;
    const id = String(f.id);
    for (const sequence of sequences) ws.send(ops.encode(ops.actionFeedbackOp({ id, action: String(f.action), values: { sequence } })));
    ws.send(ops.encode(ops.actionResultOp({ id, action: String(f.action), values: { sequence: [0, 1, 1, 2, 3, 5] }, status: 4, result: true })));
  };

  it('runs a goal: sent with the goal id, feedback → step events, result → claimed_done', async () => {
    const { server, exec, events } = await setup(fibonacci);
    const feedback: unknown[] = [];
    exec.onFeedback((e) => feedback.push(e.feedback));
    exec.start(TASK);
    await until(() => exec.state !== 'running', 'the result');
    expect(server.of('send_action_goal')).toEqual([
      { op: 'send_action_goal', id: FIB_ID, action: '/test_fibonacci_action', action_type: 'example_interfaces/action/Fibonacci', args: { order: 5 }, feedback: true },
    ]);
    expect(exec.wireIdOf('g-fib-1')).toBe(FIB_ID);
    expect(feedback).toEqual(sequences.map((sequence) => ({ sequence })));
    expect(events.map((e) => e.type)).toEqual(['started', 'step', 'step', 'step', 'step', 'claimed_done']);
    expect(server.of('subscribe')).toEqual([{ op: 'subscribe', topic: '/camera/image_raw', type: 'sensor_msgs/msg/Image' }]);
  });

  it('decodes base64 uint8[] image data from a subscription', async () => {
    const { server, exec } = await setup(() => {});
    await until(() => server.of('subscribe').length === 1, 'subscribe');
    const data = Buffer.from([10, 20, 30, 40, 50, 60]).toString('base64');
    server.sockets[0]?.send(ops.encode(ops.publishOp({ topic: '/camera/image_raw', msg: { height: 1, width: 2, encoding: 'rgb8', is_bigendian: 0, step: 6, data } })));
    await until(() => exec.sensorCache.merge(new FakeRobot('x', {}).observe()).images?.front !== undefined, 'image');
    const img = exec.sensorCache.merge(new FakeRobot('x', {}).observe()).images?.front;
    expect([...(img?.data ?? [])]).toEqual([10, 20, 30, 40, 50, 60]);
  });

  it('stop() sends cancel_action_goal with the goal id and is confirmed by the CANCELED result', async () => {
    const { server, exec, events } = await setup((f, ws) => {
      if (f.op === 'send_action_goal') ws.send(ops.encode(ops.actionFeedbackOp({ id: String(f.id), action: String(f.action), values: { sequence: [0, 1] } })));
      if (f.op === 'cancel_action_goal') ws.send(ops.encode(ops.actionResultOp({ id: String(f.id), action: String(f.action), values: { sequence: [] }, status: 5, result: true })));
    });
    exec.start(TASK);
    await until(() => events.some((e) => e.type === 'step'), 'feedback');
    const res = await exec.stop('operator');
    expect(server.of('cancel_action_goal')).toEqual([{ op: 'cancel_action_goal', id: FIB_ID, action: '/test_fibonacci_action' }]);
    expect(res.confirmed).toBe(true);
    expect(events.at(-1)).toMatchObject({ type: 'stopped', confirmed: true });
  });

  it('turns a status error and a failed action_result into typed failures', async () => {
    const a = await setup((f, ws) => {
      if (f.op === 'send_action_goal') ws.send(JSON.stringify({ op: 'status', level: 'error', msg: 'Unknown action type', id: f.id }));
    });
    a.exec.start(TASK);
    await until(() => a.exec.state !== 'running', 'failure');
    expect(a.events.at(-1)).toMatchObject({ type: 'failed', code: 'executor_error' });
    expect(a.events.at(-1)?.type === 'failed' && a.events.at(-1)).toMatchObject({ message: expect.stringContaining('Unknown action type') });

    const b = await setup((f, ws) => {
      if (f.op === 'send_action_goal') ws.send(ops.encode(ops.actionResultOp({ id: String(f.id), action: String(f.action), values: 'goal failed: boom', status: 0, result: false })));
    });
    b.exec.start(TASK);
    await until(() => b.exec.state !== 'running', 'failure');
    expect(b.events.at(-1)).toMatchObject({ type: 'failed', message: expect.stringContaining('boom') });
  });

  it('correlates service responses by id and types a failed call', async () => {
    const { client } = await setup((f, ws) => {
      if (f.op !== 'call_service') return;
      const args = f.args as { n: number };
      const reply = () => ws.send(ops.encode(ops.serviceResponseOp({ id: String(f.id), service: String(f.service), values: args.n < 0 ? 'bad n' : { n2: args.n * 2 }, result: args.n >= 0 })));
      if (args.n === 1) setTimeout(reply, 20);
      else reply();
    });
    const [one, two] = await Promise.all([client.callService('/double', { n: 1 }), client.callService('/double', { n: 2 })]);
    expect([one, two]).toEqual([{ n2: 2 }, { n2: 4 }]);
    const err = await client.callService('/double', { n: -1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RosbridgeStatusError);
    expect((err as Error).message).toContain('bad n');
  });

  it('a disconnect mid-goal fails the goal, reconnects with backoff, re-subscribes, and the next goal runs', async () => {
    let drop = true;
    const { server, exec, events } = await setup((f, ws, s) => {
      if (f.op !== 'send_action_goal') return;
      if (drop) {
        drop = false;
        ws.send(ops.encode(ops.actionFeedbackOp({ id: String(f.id), action: String(f.action), values: { sequence: [0, 1] } })));
        setTimeout(() => ws.terminate(), 10);
        return;
      }
      fibonacci(f, ws, s);
    });
    exec.start(TASK);
    await until(() => exec.state !== 'running', 'disconnect');
    expect(events.at(-1)).toMatchObject({ type: 'failed', code: 'executor_error', message: expect.stringContaining('closed') });
    await until(() => server.connections === 2 && server.of('subscribe').length === 2, 're-subscribe');
    exec.reset();
    exec.start({ ...TASK, goalId: 'g-fib-2' });
    await until(() => exec.state !== 'running', 'second result');
    expect(exec.state).toBe('claimed_done');
  });

  it('a slow goal kept alive by feedback is not dropped; a silent one is cancelled and reported unconfirmed', async () => {
    let socket: WebSocket | null = null;
    let id = '';
    const { server, ticker, exec, events } = await setup((f, ws) => {
      if (f.op === 'send_action_goal') {
        socket = ws;
        id = String(f.id);
      }
    }, { feedback_timeout_s: 1, result_timeout_s: 60 });
    exec.start(TASK);
    await until(() => id !== '', 'goal');
    for (let i = 0; i < 20; i++) {
      ticker.advance(5);
      socket!.send(ops.encode(ops.actionFeedbackOp({ id, action: '/test_fibonacci_action', values: { sequence: [i] } })));
      await until(() => events.filter((e) => e.type === 'step').length === i + 1, 'feedback');
    }
    expect(exec.state).toBe('running');
    socket!.send(ops.encode(ops.actionResultOp({ id, action: '/test_fibonacci_action', values: { sequence: [0, 1, 1] }, status: 4, result: true })));
    await until(() => exec.state !== 'running', 'slow result');
    expect(exec.state).toBe('claimed_done');

    exec.reset();
    exec.start({ ...TASK, goalId: 'g-fib-3' });
    await until(() => server.of('send_action_goal').length === 2, 'second goal');
    ticker.advance(11);
    await until(() => exec.state === 'failed', 'timeout');
    expect(server.of('cancel_action_goal').at(-1)).toMatchObject({ id: rosbridgeGoalId('/test_fibonacci_action', 'g-fib-3') });
    expect(events.at(-1)).toMatchObject({ type: 'failed', code: 'timeout', message: expect.stringContaining('unconfirmed') });
  });
});

describe('rosbridge messages larger than max_message_bytes', () => {
  const bound = { maxMessageBytes: 64 * 1024 };

  it('an oversized result fails the goal with the reason; the client reconnects and the next goal runs', async () => {
    let oversized = true;
    const { server, exec, events } = await setup((f, ws) => {
      if (f.op !== 'send_action_goal') return;
      const values = oversized ? { sequence: new Array<number>(40_000).fill(1) } : { sequence: [0, 1, 1] };
      oversized = false;
      ws.send(ops.encode(ops.actionResultOp({ id: String(f.id), action: String(f.action), values, status: 4, result: true })));
    }, {}, bound);
    exec.start(TASK);
    await until(() => exec.state !== 'running', 'the oversized result');
    expect(events.at(-1)).toMatchObject({ type: 'failed', code: 'executor_error', message: expect.stringContaining('max_message_bytes = 65536 bytes') });
    await until(() => server.connections === 2, 'reconnect');
    exec.reset();
    exec.start({ ...TASK, goalId: 'g-fib-2' });
    await until(() => exec.state !== 'running', 'second result');
    expect(exec.state).toBe('claimed_done');
  });

  it('fragments are reassembled within the bound; an oversized or impossible fragmented message is dropped, never a crash', async () => {
    const { server, client } = await setup(() => {}, {}, bound);
    const errors: string[] = [];
    client.onStatus((e) => errors.push(e.message));
    const got: unknown[] = [];
    client.subscribe('/chatter', 'std_msgs/msg/String', (m) => got.push(m));
    await until(() => server.of('subscribe').some((f) => f.topic === '/chatter'), 'subscribe');
    const ws = server.sockets[0]!;
    const fragments = (id: string, text: string, size: number): void => {
      const total = Math.ceil(text.length / size);
      for (let i = 0; i < total; i++) ws.send(JSON.stringify({ op: 'fragment', id, data: text.slice(i * size, (i + 1) * size), num: i, total }));
    };
    ws.send(JSON.stringify({ op: 'fragment', id: 'absurd', data: '{', num: 0, total: 1e10 }));
    fragments('big', ops.encode(ops.publishOp({ topic: '/chatter', msg: { data: 'x'.repeat(100_000) } })), 30_000);
    fragments('small', ops.encode(ops.publishOp({ topic: '/chatter', msg: { data: 'hello' } })), 10);
    await until(() => got.length === 1, 'the small message');
    expect(got).toEqual([{ data: 'hello' }]);
    expect(errors).toEqual([expect.stringContaining('fragmented message big is larger than max_message_bytes = 65536 bytes')]);
    expect(client.connected).toBe(true);
  });
});


describe('closing a rosbridge client', () => {
  it('a client closed while its socket is still opening leaves no connection behind (it would keep the process alive)', async () => {
    const held: ((ok: boolean) => void)[] = [];
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, verifyClient: (_info, done) => void held.push(done) });
    await new Promise<void>((r) => wss.once('listening', () => r()));
    cleanup.push(() => new Promise<void>((r) => wss.close(() => r())));
    const closedOnServer = new Promise<void>((r) => wss.on('connection', (ws) => ws.once('close', () => r())));
    const port = (wss.address() as { port: number }).port;
    const client = new RosbridgeClient({ url: `ws://127.0.0.1:${port}`, retry: { retries: 3, initialDelayMs: 5, maxDelayMs: 20 } });
    const connecting = client.connect().then(
      () => 'connected',
      (err: unknown) => (err as Error).message,
    );
    await until(() => held.length === 1, 'the upgrade request');
    client.close();
    held[0]?.(true);
    await closedOnServer;
    expect(await connecting).toMatch(/closed|aborted/);
    expect(client.connected).toBe(false);
  });
});
