import { PolicyError } from './errors.js';

/**
 * Exponential backoff without jitter, so runs replay exactly: attempt `i` (0-based) waits
 * `min(maxDelayMs, initialDelayMs * factor^i)` before the next try.
 */
export interface RetryPolicy {
  /** Extra attempts after the first. */
  retries: number;
  initialDelayMs: number;
  maxDelayMs: number;
  factor: number;
}

export const DEFAULT_RETRY: RetryPolicy = { retries: 4, initialDelayMs: 250, maxDelayMs: 5000, factor: 2 };

export function backoffDelay(policy: RetryPolicy, attempt: number): number {
  return Math.min(policy.maxDelayMs, policy.initialDelayMs * policy.factor ** attempt);
}

/** Sum of the waits between the first attempt and the last: how long a server may stay away. */
export function totalBackoffMs(policy: RetryPolicy): number {
  let total = 0;
  for (let i = 0; i < policy.retries; i++) total += backoffDelay(policy, i);
  return total;
}

/** How a retry loop waits; tests pass one that advances a simulated clock instead of sleeping. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new PolicyError('aborted', 'aborted'));
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new PolicyError('aborted', 'aborted'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

const CONNECT_ERRORS = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/** True when the request never reached the server, so retrying it cannot run inference twice. */
export function isConnectError(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && CONNECT_ERRORS.has(code)) return true;
    // undici wraps socket errors: TypeError('fetch failed', { cause }) and AggregateError for dual-stack.
    const nested = (e as { errors?: unknown[] }).errors?.[0];
    e = (e as { cause?: unknown }).cause ?? nested;
  }
  return false;
}

/** Runs `attempt`, retrying connect errors with backoff; the last connect error becomes `unreachable`. */
export async function withConnectRetry<T>(
  policy: RetryPolicy,
  what: string,
  attempt: () => Promise<T>,
  signal?: AbortSignal,
  onRetry?: (attemptNo: number, delayMs: number, err: unknown) => void,
  wait: Sleep = sleep,
): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await attempt();
    } catch (err) {
      if (!isConnectError(err)) throw err;
      if (i >= policy.retries) {
        throw new PolicyError('unreachable', `${what}: could not connect after ${i + 1} attempts`, { cause: String(err) });
      }
      const delay = backoffDelay(policy, i);
      onRetry?.(i + 1, delay, err);
      await wait(delay, signal);
    }
  }
}
