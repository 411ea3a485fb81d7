import { pino } from 'pino';
import type { TokenConfig } from '../auth.js';
import { startServer } from '../server.js';
import type { RunningServer } from '../server.js';
import { FakeOrchestrator } from './fake-orchestrator.js';

export interface Harness {
  url: string;
  fake: FakeOrchestrator;
  server: RunningServer;
  /** JSON request helper: returns status, parsed body (or text) and headers. */
  call(method: string, path: string, opts?: { body?: unknown; token?: string; headers?: Record<string, string>; raw?: string }): Promise<{ status: number; body: unknown; headers: Headers }>;
  close(): Promise<void>;
}

/** The real server on a free loopback port over a fake orchestrator, logging nothing. */
export async function startHarness(opts: { tokens?: TokenConfig[]; maxBodyBytes?: number; keepAliveMs?: number; fake?: FakeOrchestrator; allowedHosts?: string[]; headersTimeoutMs?: number; requestTimeoutMs?: number } = {}): Promise<Harness> {
  const fake = opts.fake ?? new FakeOrchestrator();
  const server = await startServer({
    orchestrator: fake,
    tokens: opts.tokens ?? [],
    logger: pino({ level: 'silent' }),
    host: '127.0.0.1',
    port: 0,
    ...(opts.maxBodyBytes !== undefined ? { maxBodyBytes: opts.maxBodyBytes } : {}),
    ...(opts.keepAliveMs !== undefined ? { keepAliveMs: opts.keepAliveMs } : {}),
    allowedHosts: opts.allowedHosts ?? [],
    ...(opts.headersTimeoutMs !== undefined ? { headersTimeoutMs: opts.headersTimeoutMs } : {}),
    ...(opts.requestTimeoutMs !== undefined ? { requestTimeoutMs: opts.requestTimeoutMs } : {}),
  });
  return {
    url: server.url,
    fake,
    server,
    async call(method, path, o = {}) {
      const headers: Record<string, string> = { ...(o.headers ?? {}) };
      if (o.token) headers['authorization'] = `Bearer ${o.token}`;
      let payload: string | undefined = o.raw;
      if (o.body !== undefined) {
        payload = JSON.stringify(o.body);
        headers['content-type'] ??= 'application/json';
      }
      const res = await fetch(`${server.url}${path}`, { method, headers, ...(payload !== undefined ? { body: payload } : {}) });
      const text = await res.text();
      const isJson = (res.headers.get('content-type') ?? '').includes('json');
      return { status: res.status, body: isJson && text ? (JSON.parse(text) as unknown) : text, headers: res.headers };
    },
    async close() {
      await server.close();
      await fake.close();
    },
  };
}
