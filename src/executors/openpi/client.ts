import WebSocket from 'ws';
import type { ExecutorHealth } from '../../domain/executor.js';
import { PolicyError } from '../protocols/errors.js';
import { DEFAULT_MAX_POLICY_MESSAGE_BYTES, messageTooLarge } from '../protocols/message-bounds.js';
import { packb, unpackb } from '../protocols/msgpack-numpy.js';
import type { MsgDecoded, MsgValue } from '../protocols/msgpack-numpy.js';
import { sleep, withConnectRetry } from '../protocols/retry.js';
import type { RetryPolicy, Sleep } from '../protocols/retry.js';
import { FrameInbox } from './frames.js';
import type { Frame } from './frames.js';

export const OPENPI_DEFAULT_PORT = 8000;

/**
 * openpi's `serve_policy.py` loads the checkpoint before it listens, so a restarted server refuses
 * connections for a minute or more (the upstream client retries every 5 s, forever). The default
 * waits 0.25, 0.5, 1, 2, 4, then 5 s at a time: 62.75 s in all before `unreachable`.
 */
export const OPENPI_DEFAULT_RETRY: RetryPolicy = { retries: 16, initialDelayMs: 250, maxDelayMs: 5000, factor: 2 };

/**
 * Builds the request at the moment it is sent. `late` is true when the send follows a wait the
 * caller's observation did not see coming (connection retries, or a connection that dropped with
 * the request in flight), so the builder should read a fresh observation rather than send a stale one.
 */
export type RequestBuilder = (late: boolean) => Record<string, MsgValue>;

export interface OpenPiClientOptions {
  /** `ws://host:port` (the path is ignored by the server), or `wss://` behind a TLS proxy. */
  url: string;
  /** Sent as `Authorization: Api-Key <key>`; the reference server ignores it, proxies may not. */
  apiKey?: string;
  /** Per-inference timeout, default 30 s; also bounds the wait for the metadata frame. */
  timeoutMs?: number;
  /** Backoff for connection attempts; default `OPENPI_DEFAULT_RETRY` (about 63 s). */
  retry?: Partial<RetryPolicy>;
  /** How the backoff waits (tests advance a simulated clock); default a timer. */
  sleep?: Sleep;
  /** Largest frame accepted; a larger one closes the socket and fails with `PolicyError('too_large')`. Default 8 MiB. */
  maxMessageBytes?: number;
  onRetry?: (attempt: number, delayMs: number, err: unknown) => void;
}

/**
 * openpi `WebsocketClientPolicy` (PROTOCOLS.md §2.1–2.2): the server speaks first with a msgpack
 * metadata frame, then strict request/response with msgpack binary frames, one request at a time.
 * A text frame is the server's traceback and is followed by close 1011: `PolicyError('server_error')`.
 * A timeout or abort closes the socket, since a late answer would otherwise be read as the next one;
 * the next `infer` reconnects.
 */
export class OpenPiClient {
  private ws: WebSocket | null = null;
  private inbox: FrameInbox | null = null;
  private busy = false;
  private _metadata: MsgDecoded = null;
  private readonly retry: RetryPolicy;
  private readonly timeoutMs: number;
  private readonly maxMessageBytes: number;

  constructor(private readonly opts: OpenPiClientOptions) {
    this.retry = { ...OPENPI_DEFAULT_RETRY, ...opts.retry };
    this.timeoutMs = opts.timeoutMs ?? 30_000;
    this.maxMessageBytes = opts.maxMessageBytes ?? DEFAULT_MAX_POLICY_MESSAGE_BYTES;
  }

  /** The metadata frame of the current connection (`{}` for most configs, ALOHA sends `reset_pose`). */
  get metadata(): MsgDecoded {
    return this._metadata;
  }

  get connected(): boolean {
    return this.ws?.readyState === WebSocket.OPEN;
  }

  /** Connects (retrying refused connections with backoff) and reads the metadata frame. */
  async connect(signal?: AbortSignal): Promise<MsgDecoded> {
    await this.ensureConnected(signal);
    return this._metadata;
  }

  /** Opens the connection unless it is open; true when that took retries (time passed). */
  private async ensureConnected(signal?: AbortSignal): Promise<boolean> {
    if (this.connected && this.inbox) return false;
    this.close();
    let waited = false;
    const onRetry = (attempt: number, delayMs: number, err: unknown): void => {
      waited = true;
      this.opts.onRetry?.(attempt, delayMs, err);
    };
    await withConnectRetry(this.retry, `connect ${this.opts.url}`, () => this.open(signal), signal, onRetry, this.opts.sleep ?? sleep);
    return waited;
  }

  private async open(signal?: AbortSignal): Promise<MsgDecoded> {
    const headers: Record<string, string> = {};
    if (this.opts.apiKey) headers.Authorization = `Api-Key ${this.opts.apiKey}`;
    const ws = new WebSocket(this.opts.url, { perMessageDeflate: false, maxPayload: this.maxMessageBytes, headers });
    const inbox = new FrameInbox(ws);
    this.ws = ws;
    this.inbox = inbox;
    try {
      await inbox.opened(this.timeoutMs, signal);
      const first = await inbox.next(this.timeoutMs, signal);
      if (first.kind !== 'binary') throw this.frameError(first);
      this._metadata = unpackb(first.data);
      return this._metadata;
    } catch (err) {
      this.close();
      throw err;
    }
  }

  /**
   * One inference: `packb(request)` out, `unpackb(answer)` back. A connection that drops while the
   * request is outstanding is re-opened and the request sent once more (the server is stateless);
   * given a `RequestBuilder`, that second request, and a first one that waited for the server, is
   * built anew so it carries a fresh observation.
   */
  async infer(request: Record<string, MsgValue> | RequestBuilder, signal?: AbortSignal): Promise<Record<string, MsgDecoded>> {
    if (this.busy) throw new PolicyError('malformed', 'openpi allows one request at a time per connection');
    this.busy = true;
    const build: RequestBuilder = typeof request === 'function' ? request : () => request;
    const send = async (late: boolean): Promise<Record<string, MsgDecoded>> => {
      const waited = await this.ensureConnected(signal);
      return this.exchange(packb(build(late || waited)), signal);
    };
    try {
      try {
        return await send(false);
      } catch (err) {
        if (!(err instanceof PolicyError && err.kind === 'disconnected') || signal?.aborted) throw err;
        return await send(true);
      }
    } finally {
      this.busy = false;
    }
  }

  private async exchange(payload: Uint8Array, signal?: AbortSignal): Promise<Record<string, MsgDecoded>> {
    const { ws, inbox } = this;
    if (!ws || !inbox) throw new PolicyError('disconnected', 'not connected');
    try {
      ws.send(payload, { binary: true });
      const frame = await inbox.next(this.timeoutMs, signal);
      if (frame.kind !== 'binary') throw this.frameError(frame);
      const answer = unpackb(frame.data);
      if (typeof answer !== 'object' || answer === null || Array.isArray(answer) || answer instanceof Uint8Array) {
        throw new PolicyError('malformed', 'the openpi answer is not a map');
      }
      return answer as Record<string, MsgDecoded>;
    } catch (err) {
      if (err instanceof PolicyError && err.kind !== 'malformed') this.close();
      if (err instanceof PolicyError) throw err;
      throw new PolicyError('malformed', `undecodable openpi answer: ${(err as Error).message}`);
    }
  }

  private frameError(frame: Exclude<Frame, { kind: 'binary' }>): PolicyError {
    if (frame.kind === 'text') {
      return new PolicyError('server_error', `openpi server error: ${frame.text.trim().split('\n').slice(-1)[0] ?? ''}`, { traceback: frame.text });
    }
    // The request is not sent again: the same observation would get the same answer.
    if (frame.oversized) return messageTooLarge(`openpi ${this.opts.url}`, this.maxMessageBytes);
    return new PolicyError('disconnected', `openpi connection closed (${frame.code}${frame.reason ? ` ${frame.reason}` : ''})`);
  }

  /** `GET /healthz` on the same host and port: 200 `OK` when the server is up. */
  async health(): Promise<ExecutorHealth> {
    const url = new URL(this.opts.url);
    url.protocol = url.protocol === 'wss:' ? 'https:' : 'http:';
    url.pathname = '/healthz';
    const t0 = performance.now();
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(Math.min(this.timeoutMs, 5000)) });
      const body = await res.text();
      const ok = res.status === 200;
      return { ok, detail: ok ? `healthz ${body.trim()}` : `healthz answered HTTP ${res.status}`, latencyMs: performance.now() - t0 };
    } catch (err) {
      return { ok: false, detail: `unreachable: ${(err as Error).message}` };
    }
  }

  close(): void {
    const ws = this.ws;
    this.ws = null;
    this.inbox?.dispose();
    this.inbox = null;
    if (ws && ws.readyState !== WebSocket.CLOSED) {
      ws.on('error', () => undefined);
      ws.terminate();
    }
  }
}
