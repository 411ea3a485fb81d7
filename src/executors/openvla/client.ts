import { z } from 'zod';
import type { ExecutorHealth } from '../../domain/executor.js';
import { CodecError, PolicyError } from '../protocols/errors.js';
import { decodeJsonNumpy, encodeDoubleEncoded, encodeJsonNumpy } from '../protocols/json-numpy.js';
import type { JsonNumpyDecoded, JsonNumpyValue } from '../protocols/json-numpy.js';
import { DEFAULT_MAX_POLICY_MESSAGE_BYTES, readBoundedText } from '../protocols/message-bounds.js';
import { isNdArray, toNumbers } from '../protocols/ndarray.js';
import type { NdArray } from '../protocols/ndarray.js';
import { DEFAULT_RETRY, sleep, withConnectRetry } from '../protocols/retry.js';
import type { RetryPolicy, Sleep } from '../protocols/retry.js';

/** Default ports: OpenVLA `vla-scripts/deploy.py` 8000, OpenVLA-OFT 8777 (PROTOCOLS.md §1.1, §1.5). */
export const OPENVLA_DEFAULT_PORT = 8000;
export const OPENVLA_OFT_DEFAULT_PORT = 8777;

export interface OpenVlaClientOptions {
  /** Server base URL, e.g. `http://gpu-box:8000`; `/act` is appended. */
  url: string;
  /** Per-request timeout; a slow answer becomes `PolicyError('timeout')`. Default 10 s. */
  timeoutMs?: number;
  /** Retries on connect errors only (the request never reached the server). */
  retry?: Partial<RetryPolicy>;
  /** Use the `{"encoded": ...}` double-encoded body and read the JSON-string response (§1.2). */
  encoded?: boolean;
  /** Length of each action vector; default 7. */
  actionDim?: number;
  /** Largest answer body read; a larger one fails with `PolicyError('too_large')`. Default 8 MiB. */
  maxMessageBytes?: number;
  onRetry?: (attempt: number, delayMs: number, err: unknown) => void;
  /** How the backoff waits (tests advance a simulated clock); default a timer. */
  sleep?: Sleep;
}

/**
 * A request built at the moment it is sent: `late` is true when it goes out after connect retries
 * waited, so it should carry what the robot sees then rather than the observation from before the wait.
 */
export type Fresh<T> = T | ((late: boolean) => T);

const resolve = <T>(value: Fresh<T>, late: boolean): T => (typeof value === 'function' ? (value as (late: boolean) => T)(late) : value);

export interface ActRequest {
  image: NdArray;
  instruction: string;
  unnormKey?: string;
}

const FiniteVector = (dim: number) => z.array(z.number()).length(dim);

/** Client for `POST /act` of OpenVLA (one action) and OpenVLA-OFT (a chunk of actions). */
export class OpenVlaClient {
  private readonly actUrl: string;
  private readonly retry: RetryPolicy;
  private readonly timeoutMs: number;
  private readonly actionDim: number;
  private readonly maxMessageBytes: number;

  constructor(private readonly opts: OpenVlaClientOptions) {
    this.actUrl = new URL('/act', opts.url).toString();
    this.retry = { ...DEFAULT_RETRY, ...opts.retry };
    this.timeoutMs = opts.timeoutMs ?? 10_000;
    this.actionDim = opts.actionDim ?? 7;
    this.maxMessageBytes = opts.maxMessageBytes ?? DEFAULT_MAX_POLICY_MESSAGE_BYTES;
  }

  /** OpenVLA: `{"image", "instruction", "unnorm_key"?}` → one float64 `[7]` action. */
  async act(request: Fresh<ActRequest>, signal?: AbortSignal): Promise<number[]> {
    const answer = await this.post((late) => {
      const req = resolve(request, late);
      const body: Record<string, JsonNumpyValue> = { image: req.image, instruction: req.instruction };
      if (req.unnormKey !== undefined) body.unnorm_key = req.unnormKey;
      return body;
    }, signal);
    if (!isNdArray(answer)) throw new PolicyError('malformed', 'OpenVLA answered with something other than a json_numpy array');
    return this.vector(answer);
  }

  /**
   * OpenVLA-OFT: the flat observation (`full_image`, `*wrist*` images, `state`) plus `instruction`
   * → a list of json_numpy actions, one per chunk step (§1.5).
   */
  async actChunk(observation: Fresh<Record<string, NdArray>>, instruction: string, signal?: AbortSignal): Promise<number[][]> {
    const answer = await this.post((late) => ({ ...resolve(observation, late), instruction }), signal);
    if (!Array.isArray(answer) || answer.length === 0) throw new PolicyError('malformed', 'OpenVLA-OFT answered with something other than a non-empty list of arrays');
    return answer.map((a) => {
      if (!isNdArray(a)) throw new PolicyError('malformed', 'OpenVLA-OFT chunk element is not a json_numpy array');
      return this.vector(a);
    });
  }

  /**
   * Sends one body to `/act` and decodes the answer; `"error"` becomes `PolicyError('server_error')`.
   * A body given as a function is built per attempt, anew after a connect retry waited.
   */
  async post(body: Fresh<JsonNumpyValue>, signal?: AbortSignal): Promise<JsonNumpyDecoded> {
    let late = false;
    const attempt = (): Promise<string> => {
      const value = resolve(body, late);
      return this.send(this.opts.encoded ? encodeDoubleEncoded(value) : encodeJsonNumpy(value), signal);
    };
    const onRetry = (n: number, delayMs: number, err: unknown): void => {
      late = true;
      this.opts.onRetry?.(n, delayMs, err);
    };
    const raw = await withConnectRetry(this.retry, `POST ${this.actUrl}`, attempt, signal, onRetry, this.opts.sleep ?? sleep);
    return this.decode(raw);
  }

  /** OpenVLA has no health route: any HTTP answer on `/` (FastAPI gives 404) means the server is up. */
  async health(): Promise<ExecutorHealth> {
    const t0 = performance.now();
    try {
      const res = await fetch(new URL('/', this.opts.url), { signal: AbortSignal.timeout(this.timeoutMs) });
      await res.body?.cancel();
      return { ok: true, detail: `reachable (HTTP ${res.status} on /; the server has no health route)`, latencyMs: performance.now() - t0 };
    } catch (err) {
      return { ok: false, detail: `unreachable: ${(err as Error).message}` };
    }
  }

  private async send(text: string, signal?: AbortSignal): Promise<string> {
    const ctl = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      ctl.abort();
    }, this.timeoutMs);
    const onAbort = (): void => ctl.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      if (signal?.aborted) throw new PolicyError('aborted', 'request aborted');
      const res = await fetch(this.actUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: text, signal: ctl.signal });
      const bodyText = await readBoundedText(res, this.maxMessageBytes, `POST ${this.actUrl}`);
      if (res.status !== 200) throw new PolicyError('http_status', `POST ${this.actUrl} answered HTTP ${res.status}`, { body: bodyText.slice(0, 500) });
      return bodyText;
    } catch (err) {
      if (err instanceof PolicyError) throw err;
      if (timedOut) throw new PolicyError('timeout', `POST ${this.actUrl}: no answer within ${this.timeoutMs} ms`);
      if (ctl.signal.aborted) throw new PolicyError('aborted', 'request aborted');
      throw err;
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  private decode(raw: string): JsonNumpyDecoded {
    let outer: unknown;
    try {
      outer = JSON.parse(raw);
    } catch {
      throw new PolicyError('malformed', 'the answer is not JSON', { body: raw.slice(0, 200) });
    }
    // Every server-side exception is answered HTTP 200 with the JSON string "error" (§1.3).
    if (outer === 'error') throw new PolicyError('server_error', 'the OpenVLA server reported an error (see its log for the traceback)');
    try {
      if (this.opts.encoded) {
        if (typeof outer !== 'string') throw new CodecError('an encoded-mode answer must be a JSON string');
        return decodeJsonNumpy(outer);
      }
      return decodeJsonNumpy(raw);
    } catch (err) {
      throw new PolicyError('malformed', `undecodable answer: ${(err as Error).message}`);
    }
  }

  private vector(nd: NdArray): number[] {
    let values: number[];
    try {
      values = toNumbers(nd);
    } catch (err) {
      throw new PolicyError('malformed', (err as Error).message);
    }
    if (values.some((v) => !Number.isFinite(v))) throw new PolicyError('not_finite', `the policy returned a non-finite action [${values.join(', ')}]`);
    const parsed = FiniteVector(this.actionDim).safeParse(values);
    if (!parsed.success) throw new PolicyError('malformed', `expected an action of ${this.actionDim} numbers, got shape [${nd.shape.join(', ')}]`);
    return parsed.data;
  }
}
