import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createTransport, retryAfterMs, TransportError } from './transport.js';
import { httpError, ok, startFakeServer } from './test-server.js';
import type { FakeServer } from './test-server.js';

const Schema = z.object({ answer: z.string() });
let server: FakeServer;
beforeAll(async () => {
  server = await startFakeServer();
});
afterAll(async () => {
  await server.close();
});

function transport(extra: { maxRetries?: number; timeoutMs?: number } = {}) {
  const sleeps: number[] = [];
  const t = createTransport({
    model: 'test-model',
    apiKey: 'sk-test',
    baseURL: server.baseURL,
    maxRetries: extra.maxRetries ?? 3,
    timeoutMs: extra.timeoutMs ?? 2000,
    seed: 7,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  });
  return { t, sleeps };
}

const user = [{ role: 'user' as const, content: 'hi' }];

describe('transport', () => {
  it('sends the chat-completions request with a strict json_schema response format', async () => {
    server.script(ok({ answer: 'yes' }));
    const { t } = transport();
    expect(await t.complete(user, Schema, 'reply')).toBe('{"answer":"yes"}');
    const req = server.requests[0];
    expect(req?.path).toBe('/v1/chat/completions');
    expect(req?.authorization).toBe('Bearer sk-test');
    expect(req?.body.model).toBe('test-model');
    expect(req?.body.response_format?.type).toBe('json_schema');
    expect(req?.body.response_format?.json_schema?.name).toBe('reply');
    expect(req?.body.response_format?.json_schema?.strict).toBe(true);
  });

  it('retries a 429 after the Retry-After delay, then succeeds', async () => {
    server.script(httpError(429, { 'retry-after': '3' }), ok({ answer: 'later' }));
    const { t, sleeps } = transport();
    expect(await t.complete(user, Schema, 'reply')).toContain('later');
    expect(server.requests).toHaveLength(2);
    expect(sleeps).toEqual([3000]);
  });

  it('backs off exponentially with jitter on 5xx and gives up after maxRetries', async () => {
    server.script(httpError(500));
    const { t, sleeps } = transport({ maxRetries: 3 });
    const err = await t.complete(user, Schema, 'reply').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransportError);
    expect((err as TransportError).status).toBe(500);
    expect(server.requests).toHaveLength(4);
    expect(sleeps).toHaveLength(3);
    // Equal jitter: attempt n waits between half and all of 500·2^n ms.
    sleeps.forEach((ms, n) => {
      expect(ms).toBeGreaterThanOrEqual(250 * 2 ** n);
      expect(ms).toBeLessThanOrEqual(500 * 2 ** n);
    });
  });

  it('does not retry a 400', async () => {
    server.script({ status: 400, error: { message: 'bad schema', type: 'invalid_request_error', code: null } });
    const { t, sleeps } = transport();
    await expect(t.complete(user, Schema, 'reply')).rejects.toBeInstanceOf(TransportError);
    expect(server.requests).toHaveLength(1);
    expect(sleeps).toHaveLength(0);
  });

  it('times out a server that never answers, retrying it as a network error', async () => {
    server.script({ hang: true });
    const { t, sleeps } = transport({ maxRetries: 1, timeoutMs: 150 });
    const err = await t.complete(user, Schema, 'reply').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransportError);
    expect((err as TransportError).reason).toBe('unreachable');
    expect(server.requests).toHaveLength(2);
    expect(sleeps).toHaveLength(1);
  });

  it('reports an unreachable endpoint', async () => {
    const t = createTransport({ model: 'm', apiKey: 'k', baseURL: 'http://127.0.0.1:1/v1', maxRetries: 1, sleep: async () => {} });
    const err = await t.complete(user, Schema, 'reply').catch((e: unknown) => e);
    expect((err as TransportError).reason).toBe('unreachable');
  });

  it('reads Retry-After as seconds, milliseconds or a date', () => {
    expect(retryAfterMs(new Headers({ 'retry-after': '2' }))).toBe(2000);
    expect(retryAfterMs(new Headers({ 'retry-after-ms': '150' }))).toBe(150);
    expect(retryAfterMs(new Headers({ 'retry-after': new Date(10_000).toUTCString() }), 4_000)).toBe(6000);
    expect(retryAfterMs(new Headers({ 'retry-after': 'soon' }))).toBeNull();
    expect(retryAfterMs(new Headers())).toBeNull();
  });
});
