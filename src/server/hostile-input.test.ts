import { connect } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { hardenHttpServer } from './http-hardening.js';
import { createServer } from 'node:http';
import { startHarness } from './testing/harness.js';
import type { Harness } from './testing/harness.js';

let h: Harness;
afterEach(async () => {
  await h.close();
});

const codeOf = (body: unknown): string | undefined => (body as { error?: { code?: string } }).error?.code;

/** Writes `text` on a fresh socket and collects what comes back until the server closes it. */
function rawExchange(url: string, text: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(text));
    let received = '';
    socket.on('data', (d: Buffer) => (received += d.toString('utf8')));
    socket.on('close', () => resolve(received));
    socket.on('error', reject);
  });
}

describe('malformed requests', () => {
  it('400 for a malformed percent-escape in a path parameter', async () => {
    h = await startHarness();
    for (const [method, path] of [['GET', '/api/missions/%ff'], ['GET', '/api/scenes/%E0%A4%A/svg'], ['POST', '/api/missions/%ff/pause'], ['GET', '/api/missions/%ff/trace']] as const) {
      const res = await h.call(method, path);
      expect(res.status, path).toBe(400);
      expect(codeOf(res.body)).toBe('bad_request');
      expect(JSON.stringify(res.body)).toMatch(/percent-escape/);
    }
  });

  it('400 for a body that fails to decompress; a well-formed gzip body still works', async () => {
    h = await startHarness();
    const garbage = await fetch(`${h.url}/api/missions`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, body: 'certainly not gzip' });
    expect(garbage.status).toBe(400);
    expect(codeOf(await garbage.json())).toBe('bad_request');
    const truncated = gzipSync(JSON.stringify({ instruction: 'open the door' })).subarray(0, 12);
    expect((await fetch(`${h.url}/api/missions`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, body: truncated })).status).toBe(400);
    expect(h.fake.listMissions()).toHaveLength(0);
    const ok = await fetch(`${h.url}/api/missions`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, body: gzipSync(JSON.stringify({ instruction: 'open the door' })) });
    expect(ok.status).toBe(201);
  });
});

describe('request timeouts', () => {
  it('a body shorter than its Content-Length gets 408 and the socket is closed, with nothing started', async () => {
    h = await startHarness({ headersTimeoutMs: 100, requestTimeoutMs: 200 });
    const host = new URL(h.url).host;
    const reply = await rawExchange(h.url, `POST /api/missions HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{"instruction":`);
    expect(reply).toMatch(/^HTTP\/1\.1 408 /);
    expect(h.fake.listMissions()).toHaveLength(0);
  });

  it('headers that never end get 408 and the socket is closed', async () => {
    h = await startHarness({ headersTimeoutMs: 100, requestTimeoutMs: 200 });
    const reply = await rawExchange(h.url, `GET /healthz HTTP/1.1\r\nHost: ${new URL(h.url).host}\r\nX-Slow: 1\r\n`);
    expect(reply).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('an event stream outlives the request timeout many times over and still delivers', async () => {
    h = await startHarness({ headersTimeoutMs: 50, requestTimeoutMs: 100, keepAliveMs: 20 });
    const res = await fetch(`${h.url}/api/events`);
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    // 25 keep-alives at 20 ms: the stream has been open for five request timeouts.
    while ((text.match(/: keep-alive/g) ?? []).length < 25) {
      const { value, done } = await reader.read();
      if (done) throw new Error('the event stream was cut');
      text += value;
    }
    expect((await h.call('POST', '/api/estop', { body: { reason: 'still listening?' } })).status).toBe(200);
    while (!text.includes('still listening?')) {
      const { value, done } = await reader.read();
      if (done) throw new Error('the event stream was cut');
      text += value;
    }
    await reader.cancel();
  });

  it('refuses limits that make no sense, and a server already listening', async () => {
    h = await startHarness();
    expect(() => hardenHttpServer(createServer(), { headersTimeoutMs: 0 })).toThrow(/headersTimeoutMs/);
    expect(() => hardenHttpServer(createServer(), { headersTimeoutMs: 5000, requestTimeoutMs: 1000 })).toThrow(/may not exceed/);
    const listening = createServer();
    await new Promise<void>((resolve) => listening.listen(0, '127.0.0.1', resolve));
    expect(() => hardenHttpServer(listening)).toThrow(/before/);
    await new Promise<void>((resolve) => listening.close(() => resolve()));
  });
});
