import WebSocket from 'ws';
import { PolicyError } from '../protocols/errors.js';
import { DEFAULT_MAX_ROSBRIDGE_MESSAGE_BYTES, isOversizedFrameError, messageTooLarge } from '../protocols/message-bounds.js';
import { backoffDelay, DEFAULT_RETRY, sleep, withConnectRetry } from '../protocols/retry.js';
import type { RetryPolicy } from '../protocols/retry.js';
import { RosbridgeStatusError } from './errors.js';
import * as ops from './protocol.js';
import type { Incoming, RosbridgeFrame } from './protocol.js';

export interface RosbridgeClientOptions {
  /** `ws://robot:9090` (rosbridge_websocket's default port). */
  url: string;
  retry?: Partial<RetryPolicy>;
  /** Default timeout for `call_service`; default 10 s. */
  callTimeoutMs?: number;
  /** Reconnect after an unexpected close, with backoff; default true. */
  reconnect?: boolean;
  /**
   * Largest message accepted, one frame or a reassembled fragmented one. A larger frame closes the
   * connection and fails what was in flight with `PolicyError('too_large')`. Default 64 MiB.
   */
  maxMessageBytes?: number;
  onRetry?: (attempt: number, delayMs: number, err: unknown) => void;
}

export interface ActionGoalRequest {
  id: string;
  action: string;
  actionType: string;
  args: unknown;
}

export interface ActionResultFrame {
  status: number;
  values: unknown;
}

interface PendingGoal {
  action: string;
  onFeedback: (values: unknown) => void;
  resolve: (r: ActionResultFrame) => void;
  reject: (err: Error) => void;
}

interface Fragments {
  parts: Map<number, string>;
  total: number;
  bytes: number;
}

interface Subscription {
  type?: string;
  handlers: Set<(msg: unknown) => void>;
}

/**
 * rosbridge v2 client (PROTOCOLS.md §7). Requests are correlated by `id`; subscriptions and
 * advertisements are remembered and replayed after a reconnect. Goals and service calls in flight
 * when the socket drops fail with `PolicyError('disconnected')`: their answers would go to the old
 * connection, so they cannot be resumed.
 */
export class RosbridgeClient {
  private ws: WebSocket | null = null;
  private opening: Promise<void> | null = null;
  private closedByUser = false;
  /** Aborted by `close()`: ends connection retries, and a socket that opens after it is closed at once. */
  private lifetime = new AbortController();
  private nextId = 0;
  private readonly retry: RetryPolicy;
  private readonly maxMessageBytes: number;
  private readonly subs = new Map<string, Subscription>();
  private readonly adverts = new Map<string, string>();
  private readonly calls = new Map<string, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private readonly goals = new Map<string, PendingGoal>();
  private readonly fragments = new Map<string, Fragments>();
  private readonly statusListeners = new Set<(e: RosbridgeStatusError) => void>();
  private readonly connectionListeners = new Set<(connected: boolean) => void>();
  /** Connections opened so far (1 after the first connect; each reconnect adds one). */
  connections = 0;

  constructor(private readonly opts: RosbridgeClientOptions) {
    this.retry = { ...DEFAULT_RETRY, ...opts.retry };
    this.maxMessageBytes = opts.maxMessageBytes ?? DEFAULT_MAX_ROSBRIDGE_MESSAGE_BYTES;
  }

  get connected(): boolean {
    return this.ws?.readyState === WebSocket.OPEN;
  }

  connect(signal?: AbortSignal): Promise<void> {
    if (this.connected) return Promise.resolve();
    if (this.closedByUser) this.lifetime = new AbortController();
    this.closedByUser = false;
    const stop = signal ? AbortSignal.any([signal, this.lifetime.signal]) : this.lifetime.signal;
    this.opening ??= withConnectRetry(this.retry, `connect ${this.opts.url}`, () => this.open(), stop, this.opts.onRetry).finally(() => {
      this.opening = null;
    });
    return this.opening;
  }

  private open(): Promise<void> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(this.opts.url, { perMessageDeflate: false, maxPayload: this.maxMessageBytes });
      let oversized = false;
      ws.once('open', () => {
        if (this.closedByUser) {
          // The client was closed while this socket was opening: it must not outlive the close.
          ws.close();
          reject(new PolicyError('disconnected', 'rosbridge client closed'));
          return;
        }
        this.ws = ws;
        this.connections++;
        ws.on('message', (data, isBinary) => {
          if (!isBinary) this.receive(data.toString());
        });
        ws.on('close', () => this.onClose(ws, oversized));
        for (const [topic, type] of this.adverts) this.raw(ops.advertiseOp({ topic, type }));
        for (const [topic, s] of this.subs) this.raw(ops.subscribeOp({ topic, ...(s.type ? { type: s.type } : {}) }));
        for (const l of [...this.connectionListeners]) l(true);
        resolve();
      });
      // Kept for the socket's life: an 'error' event without a listener would end the process.
      ws.on('error', (err) => {
        if (isOversizedFrameError(err)) oversized = true;
        if (this.ws !== ws) reject(err);
      });
    });
  }

  private onClose(ws: WebSocket, oversized: boolean): void {
    if (this.ws !== ws) return;
    this.ws = null;
    const err = oversized
      ? messageTooLarge(`rosbridge ${this.opts.url} (the connection was closed)`, this.maxMessageBytes)
      : new PolicyError('disconnected', `rosbridge connection to ${this.opts.url} closed`);
    for (const c of this.calls.values()) c.reject(err);
    this.calls.clear();
    for (const g of this.goals.values()) g.reject(err);
    this.goals.clear();
    this.fragments.clear();
    for (const l of [...this.connectionListeners]) l(false);
    if (!this.closedByUser && this.opts.reconnect !== false) void this.reconnectLoop();
  }

  private async reconnectLoop(): Promise<void> {
    for (let i = 0; !this.closedByUser && !this.connected; i++) {
      await sleep(backoffDelay(this.retry, Math.min(i, 16)));
      if (this.closedByUser) return;
      try {
        await this.connect();
      } catch (err) {
        this.opts.onRetry?.(i + 1, backoffDelay(this.retry, i), err);
      }
    }
  }

  close(): void {
    this.closedByUser = true;
    this.lifetime.abort();
    const ws = this.ws;
    this.ws = null;
    if (ws) {
      const err = new PolicyError('disconnected', 'rosbridge client closed');
      for (const c of this.calls.values()) c.reject(err);
      for (const g of this.goals.values()) g.reject(err);
      this.calls.clear();
      this.goals.clear();
      ws.close();
    }
  }

  onStatus(listener: (e: RosbridgeStatusError) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  onConnection(listener: (connected: boolean) => void): () => void {
    this.connectionListeners.add(listener);
    return () => this.connectionListeners.delete(listener);
  }

  subscribe(topic: string, type: string | undefined, handler: (msg: unknown) => void): () => void {
    let s = this.subs.get(topic);
    if (!s) {
      s = { ...(type ? { type } : {}), handlers: new Set() };
      this.subs.set(topic, s);
      if (this.connected) this.raw(ops.subscribeOp({ topic, ...(type ? { type } : {}) }));
    }
    s.handlers.add(handler);
    return () => {
      const cur = this.subs.get(topic);
      if (!cur) return;
      cur.handlers.delete(handler);
      if (cur.handlers.size > 0) return;
      this.subs.delete(topic);
      if (this.connected) this.raw(ops.unsubscribeOp({ topic }));
    };
  }

  advertise(topic: string, type: string): void {
    if (this.adverts.get(topic) === type) return;
    this.adverts.set(topic, type);
    if (this.connected) this.raw(ops.advertiseOp({ topic, type }));
  }

  publish(topic: string, msg: unknown): void {
    this.send(ops.publishOp({ topic, msg }));
  }

  callService(service: string, args: unknown = {}, timeoutMs = this.opts.callTimeoutMs ?? 10_000): Promise<unknown> {
    const id = `call_service:${service}:${++this.nextId}`;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.calls.delete(id);
        reject(new PolicyError('timeout', `call_service ${service}: no answer within ${timeoutMs} ms`));
      }, timeoutMs);
      const done = (fn: () => void): void => {
        clearTimeout(timer);
        this.calls.delete(id);
        fn();
      };
      this.calls.set(id, { resolve: (v) => done(() => resolve(v)), reject: (e) => done(() => reject(e)) });
      try {
        this.send(ops.callServiceOp({ id, service, args }));
      } catch (err) {
        done(() => reject(err as Error));
      }
    });
  }

  /** Sends a goal with a caller-chosen `id` (needed to cancel it, §7.4); settles with the `action_result`. */
  sendActionGoal(req: ActionGoalRequest, onFeedback: (values: unknown) => void): Promise<ActionResultFrame> {
    if (this.goals.has(req.id)) return Promise.reject(new PolicyError('malformed', `goal id ${req.id} is already in flight`));
    return new Promise((resolve, reject) => {
      this.goals.set(req.id, { action: req.action, onFeedback, resolve, reject });
      try {
        this.send(ops.sendActionGoalOp({ id: req.id, action: req.action, action_type: req.actionType, args: req.args, feedback: true }));
      } catch (err) {
        this.goals.delete(req.id);
        reject(err as Error);
      }
    });
  }

  cancelActionGoal(id: string, action: string): void {
    this.send(ops.cancelActionGoalOp({ id, action }));
  }

  private send(frame: RosbridgeFrame): void {
    if (!this.connected) throw new PolicyError('disconnected', `not connected to rosbridge at ${this.opts.url}`);
    this.raw(frame);
  }

  private raw(frame: RosbridgeFrame): void {
    this.ws?.send(ops.encode(frame));
  }

  private receive(text: string): void {
    let parsed: Incoming;
    try {
      const r = ops.IncomingSchema.safeParse(JSON.parse(text));
      if (!r.success) return; // unknown ops (png, advertise_*) are not for this client
      parsed = r.data;
    } catch {
      return this.status(new RosbridgeStatusError(`unparseable frame: ${text.slice(0, 80)}`, 'error'));
    }
    switch (parsed.op) {
      case 'publish':
        for (const h of [...(this.subs.get(parsed.topic)?.handlers ?? [])]) h(parsed.msg);
        return;
      case 'service_response': {
        const call = parsed.id === undefined ? undefined : this.calls.get(parsed.id);
        if (!call) return;
        if (parsed.result) call.resolve(parsed.values ?? {});
        else call.reject(new RosbridgeStatusError(`${parsed.service}: ${String(parsed.values)}`, 'error', parsed.id));
        return;
      }
      case 'action_feedback':
        if (parsed.id !== undefined) this.goals.get(parsed.id)?.onFeedback(parsed.values);
        return;
      case 'action_result': {
        const goal = parsed.id === undefined ? undefined : this.goals.get(parsed.id);
        if (!goal || parsed.id === undefined) return;
        this.goals.delete(parsed.id);
        if (parsed.result) goal.resolve({ status: parsed.status, values: parsed.values ?? {} });
        else goal.reject(new RosbridgeStatusError(`${parsed.action}: ${String(parsed.values)}`, 'error', parsed.id));
        return;
      }
      case 'status': {
        const err = new RosbridgeStatusError(parsed.msg ?? 'status', parsed.level ?? 'info', parsed.id);
        if (err.level !== 'error') return;
        return this.status(err);
      }
      case 'fragment':
        return this.fragment(parsed.id, parsed.data, parsed.num, parsed.total);
    }
  }

  private status(err: RosbridgeStatusError): void {
    const id = err.requestId;
    const call = id === undefined ? undefined : this.calls.get(id);
    const goal = id === undefined ? undefined : this.goals.get(id);
    if (call) return call.reject(err);
    if (goal && id !== undefined) {
      this.goals.delete(id);
      return goal.reject(err);
    }
    for (const l of [...this.statusListeners]) l(err);
  }

  /** Reassembles a fragmented message (§7.2), held to the same size bound as a single frame. */
  private fragment(id: string, data: string, num: number, total: number): void {
    const f = this.fragments.get(id) ?? { parts: new Map<number, string>(), total, bytes: 0 };
    if (num >= total || f.total !== total) {
      this.fragments.delete(id);
      return this.status(new RosbridgeStatusError(`fragment ${num} of ${total} of message ${id} does not fit it; dropped`, 'error'));
    }
    f.bytes += data.length - (f.parts.get(num)?.length ?? 0);
    f.parts.set(num, data);
    if (f.bytes > this.maxMessageBytes) {
      this.fragments.delete(id);
      return this.status(new RosbridgeStatusError(`fragmented message ${id} is larger than max_message_bytes = ${this.maxMessageBytes} bytes; dropped`, 'error'));
    }
    this.fragments.set(id, f);
    if (f.parts.size < total) return;
    this.fragments.delete(id);
    this.receive(Array.from({ length: total }, (_, i) => f.parts.get(i) ?? '').join(''));
  }
}
