import type WebSocket from 'ws';
import { PolicyError } from '../protocols/errors.js';
import { isOversizedFrameError } from '../protocols/message-bounds.js';

/** `oversized`: this side closed the socket because a frame passed its `maxPayload`. */
export type Frame = { kind: 'binary'; data: Uint8Array } | { kind: 'text'; text: string } | { kind: 'closed'; code: number; reason: string; oversized: boolean };

/**
 * Buffers a websocket's frames so the request/response loop can `await next()`; the close is
 * delivered as a final frame, after any text frame that preceded it (openpi's traceback + 1011).
 */
export class FrameInbox {
  private frames: Frame[] = [];
  private waiter: ((f: Frame) => void) | null = null;
  private closed: Frame | null = null;
  private openError: Error | null = null;
  private isOpen = false;
  private openWaiter: ((err: Error | null) => void) | null = null;

  constructor(private readonly ws: WebSocket) {
    ws.on('open', () => {
      this.isOpen = true;
      this.openWaiter?.(null);
    });
    ws.on('message', (data, isBinary) => {
      const buf = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
      this.push(isBinary ? { kind: 'binary', data: new Uint8Array(buf) } : { kind: 'text', text: buf.toString('utf8') });
    });
    ws.on('close', (code, reason) => {
      const oversized = isOversizedFrameError(this.openError);
      this.closed = { kind: 'closed', code, reason: reason.toString('utf8'), oversized };
      this.push(this.closed);
      this.openWaiter?.(new PolicyError('disconnected', `closed before open (${code})`));
    });
    ws.on('error', (err) => {
      this.openError = err;
      this.openWaiter?.(err);
    });
  }

  private push(f: Frame): void {
    const w = this.waiter;
    if (w) {
      this.waiter = null;
      w(f);
    } else this.frames.push(f);
  }

  /** Resolves when the upgrade succeeded; rejects with the socket error (e.g. ECONNREFUSED). */
  opened(timeoutMs: number, signal?: AbortSignal): Promise<void> {
    if (this.isOpen) return Promise.resolve();
    if (this.openError) return Promise.reject(this.openError);
    return this.guard(
      new Promise<void>((resolve, reject) => {
        this.openWaiter = (err) => (err ? reject(err) : resolve());
      }),
      timeoutMs,
      signal,
      'connect',
    );
  }

  next(timeoutMs: number, signal?: AbortSignal): Promise<Frame> {
    const f = this.frames.shift();
    if (f) return Promise.resolve(f);
    if (this.closed) return Promise.resolve(this.closed);
    return this.guard(
      new Promise<Frame>((resolve) => {
        this.waiter = resolve;
      }),
      timeoutMs,
      signal,
      'answer',
    );
  }

  private guard<T>(p: Promise<T>, timeoutMs: number, signal: AbortSignal | undefined, what: string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const done = (): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      };
      const timer = setTimeout(() => {
        done();
        this.waiter = null;
        reject(new PolicyError('timeout', `openpi: no ${what} within ${timeoutMs} ms`));
      }, timeoutMs);
      const onAbort = (): void => {
        done();
        this.waiter = null;
        reject(new PolicyError('aborted', 'request aborted'));
      };
      if (signal?.aborted) return onAbort();
      signal?.addEventListener('abort', onAbort, { once: true });
      p.then(
        (v) => {
          done();
          resolve(v);
        },
        (e: unknown) => {
          done();
          reject(e instanceof Error ? e : new Error(String(e)));
        },
      );
    });
  }

  dispose(): void {
    this.waiter = null;
    this.openWaiter = null;
    this.ws.removeAllListeners('message');
  }
}
