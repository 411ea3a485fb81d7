import OpenAI, { APIConnectionError, APIError } from 'openai';
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { zodResponseFormat } from 'openai/helpers/zod';
import type { z } from 'zod';
import { Random } from '../../domain/random.js';

/**
 * One place that talks to the endpoint: timeouts, retries with exponential backoff and jitter, and
 * structured outputs read with zod. The SDK's own retries are switched off because they sleep for
 * real and jitter with Math.random; ours are seeded and the sleep is injectable, so tests are fast
 * and runs replay.
 */

export interface TransportOptions {
  model: string;
  apiKey?: string;
  baseURL?: string;
  timeoutMs?: number;
  maxRetries?: number;
  fetch?: typeof fetch;
  /** Waits between retries; tests pass a recorder that returns at once. */
  sleep?: (ms: number) => Promise<void>;
  /** Seeds the backoff jitter. */
  seed?: number | string;
  /** First backoff delay; doubled per attempt, capped at `maxDelayMs`. */
  baseDelayMs?: number;
  maxDelayMs?: number;
}

/** Why a call ended without a usable answer; the reasoner falls back on any of these. */
export class TransportError extends Error {
  constructor(
    readonly reason: 'unreachable' | 'http' | 'refused' | 'empty' | 'aborted',
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'TransportError';
  }
}

export interface Transport {
  /**
   * The assistant's text for these messages, asking for JSON matching `schema`. Throws
   * TransportError; `signal` ends the request and any wait between retries (reason `aborted`).
   */
  complete(messages: ChatCompletionMessageParam[], schema: z.ZodType, schemaName: string, signal?: AbortSignal): Promise<string>;
}

const realSleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

const aborted = (): TransportError => new TransportError('aborted', 'the request was abandoned (the stage ran out of time)');

/** The injected sleep, cut short when `signal` aborts (an injected sleep need not know about signals). */
function sleepUnless(sleep: (ms: number) => Promise<void>, ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (!signal) return sleep(ms);
  if (signal.aborted) return Promise.reject(aborted());
  return new Promise((resolve, reject) => {
    const onAbort = (): void => reject(aborted());
    signal.addEventListener('abort', onAbort, { once: true });
    sleep(ms).then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** Retry-After as seconds or an HTTP date; null when absent or unreadable. */
export function retryAfterMs(headers: Headers | undefined, now: number = Date.now()): number | null {
  const ms = headers?.get('retry-after-ms');
  if (ms && Number.isFinite(Number(ms))) return Math.max(0, Number(ms));
  const v = headers?.get('retry-after');
  if (!v) return null;
  if (/^\s*\d+(\.\d+)?\s*$/.test(v)) return Math.max(0, Number(v) * 1000);
  const at = Date.parse(v);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

function retryable(err: unknown): boolean {
  if (err instanceof APIConnectionError) return true; // includes timeouts
  if (err instanceof APIError) return err.status === 429 || err.status === 408 || (err.status !== undefined && err.status >= 500);
  return false;
}

export function createTransport(opts: TransportOptions): Transport {
  const client = new OpenAI({
    // Local servers (vLLM, Ollama, llama.cpp) accept any key; the SDK refuses to start without one.
    apiKey: opts.apiKey ?? process.env['OPENAI_API_KEY'] ?? 'not-needed',
    baseURL: opts.baseURL ?? process.env['OPENAI_BASE_URL'] ?? 'https://api.openai.com/v1',
    timeout: opts.timeoutMs ?? 30_000,
    maxRetries: 0,
    ...(opts.fetch ? { fetch: opts.fetch } : {}),
  });
  const maxRetries = opts.maxRetries ?? 3;
  const sleep = opts.sleep ?? realSleep;
  const rng = new Random(opts.seed ?? 'openai-backoff');
  const base = opts.baseDelayMs ?? 500;
  const cap = opts.maxDelayMs ?? 20_000;

  const backoff = (attempt: number, err: unknown): number => {
    const hinted = err instanceof APIError ? retryAfterMs(err.headers) : null;
    if (hinted !== null) return Math.min(hinted, cap);
    // "Equal jitter": half fixed, half random, so concurrent clients spread out but never retry at once.
    const exp = Math.min(cap, base * 2 ** attempt);
    return exp / 2 + rng.next() * (exp / 2);
  };

  return {
    async complete(messages, schema, schemaName, signal) {
      const responseFormat = zodResponseFormat(schema, schemaName);
      for (let attempt = 0; ; attempt++) {
        if (signal?.aborted) throw aborted();
        try {
          const res = await client.chat.completions.create({ model: opts.model, messages, response_format: responseFormat, temperature: 0 }, signal ? { signal } : {});
          const msg = res.choices[0]?.message;
          if (msg?.refusal) throw new TransportError('refused', `model refused: ${msg.refusal}`);
          if (!msg?.content) throw new TransportError('empty', 'the model returned no content');
          return msg.content;
        } catch (err) {
          if (err instanceof TransportError) throw err;
          if (signal?.aborted) throw aborted();
          if (!retryable(err) || attempt >= maxRetries) {
            const status = err instanceof APIError ? err.status : undefined;
            const reason = err instanceof APIConnectionError ? 'unreachable' : 'http';
            throw new TransportError(reason, `${reason === 'unreachable' ? 'endpoint unreachable' : 'request failed'} after ${attempt + 1} attempt(s): ${(err as Error).message}`, status);
          }
          await sleepUnless(sleep, backoff(attempt, err), signal);
        }
      }
    },
  };
}
