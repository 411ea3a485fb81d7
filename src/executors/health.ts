import type { ExecutorHealth } from '../domain/executor.js';

/**
 * A health reading as `orca robots` and `GET /robots` show it. `latencyMs` is null when no answer
 * came back (unreachable, timed out); `checkedAt` is an ISO timestamp of when the check finished.
 */
export interface Health {
  ok: boolean;
  detail: string;
  latencyMs: number | null;
  checkedAt: string;
}

export const DEFAULT_HEALTH_TIMEOUT_MS = 3000;

export interface HealthCheckOptions {
  /** Upper bound of one check; past it the check reads `ok: false`. Default 3 s. */
  timeoutMs?: number;
  /** Clock for `checkedAt` (tests pin it). */
  now?: () => Date;
}

/**
 * Runs one check with a hard timeout. A check that throws or hangs reads as unhealthy instead of
 * failing the whole listing: one dead robot must not hide the others.
 */
export async function timedHealth(check: () => Promise<ExecutorHealth>, opts: HealthCheckOptions = {}): Promise<Health> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_HEALTH_TIMEOUT_MS;
  const now = opts.now ?? (() => new Date());
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<ExecutorHealth>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, detail: `health check timed out after ${timeoutMs} ms` }), timeoutMs);
  });
  let h: ExecutorHealth;
  try {
    h = await Promise.race([check(), timeout]);
  } catch (err) {
    h = { ok: false, detail: `health check failed: ${err instanceof Error ? err.message : String(err)}` };
  } finally {
    clearTimeout(timer);
  }
  const latencyMs = h.latencyMs !== undefined && Number.isFinite(h.latencyMs) ? Math.round(h.latencyMs * 10) / 10 : null;
  return { ok: h.ok, detail: h.detail, latencyMs, checkedAt: now().toISOString() };
}
