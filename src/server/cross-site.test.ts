import { afterEach, describe, expect, it } from 'vitest';
import type { MissionView } from '../../agents/orchestrator/types.js';
import { rawHttp } from './testing/raw-http.js';
import { startHarness } from './testing/harness.js';
import type { Harness } from './testing/harness.js';

let h: Harness;
afterEach(async () => {
  await h.close();
});

const EVIL = 'http://evil.example';
const SCENE = 'name: attic\nkind: house\nrobots: [r1]\n';
const codeOf = (json: unknown): string | undefined => (json as { error?: { code?: string } } | null)?.error?.code;
const json = (body: unknown) => ({ 'content-type': 'application/json', body: JSON.stringify(body) });

async function post(path: string, headers: Record<string, string>, body?: string) {
  return rawHttp(h.url, 'POST', path, { headers, ...(body !== undefined ? { body } : {}) });
}

describe('cross-site writes in token-less loopback mode', () => {
  it('a page elsewhere can neither release nor set the e-stop; this server\'s own page and curl can', async () => {
    h = await startHarness();
    expect((await post('/api/estop', {})).status).toBe(200);
    const release = await post('/api/estop/release', { origin: EVIL });
    expect(release.status).toBe(403);
    expect(codeOf(release.json)).toBe('cross_origin');
    expect(h.fake.estopLatched).toBe(true);
    expect((await post('/api/estop/release', { origin: h.url })).status).toBe(200);
    expect(h.fake.estopLatched).toBe(false);

    const latch = await post('/api/estop', { origin: EVIL, 'content-type': 'text/plain' }, 'stop');
    expect(latch.status).toBe(403);
    expect(h.fake.estopLatched).toBe(false);
    // Same origin: the latch stays lenient about its body, whatever its media type.
    expect((await post('/api/estop', { origin: h.url, 'content-type': 'text/plain' }, 'stop now')).status).toBe(200);
    expect(h.fake.estopLatched).toBe(true);
  });

  it('refuses start, pause, resume, cancel and answers from another origin, and changes nothing', async () => {
    h = await startHarness();
    const start = json({ instruction: 'take the cup' });
    const refused = await post('/api/missions', { origin: EVIL, 'content-type': start['content-type'] }, start.body);
    expect(refused.status).toBe(403);
    expect(h.fake.listMissions()).toHaveLength(0);
    const m = (await h.call('POST', '/api/missions', { body: { instruction: 'take the cup' } })).body as MissionView;
    for (const action of ['pause', 'resume', 'cancel']) {
      expect((await post(`/api/missions/${m.id}/${action}`, { origin: EVIL })).status, action).toBe(403);
    }
    const answer = json({ type: 'respond', text: 'the red cup' });
    expect((await post(`/api/missions/${m.id}/requests/${m.pending[0]?.id ?? ''}`, { origin: EVIL, 'content-type': answer['content-type'] }, answer.body)).status).toBe(403);
    expect(h.fake.getMission(m.id)?.status).toBe('awaiting_human');
    // Another port of the same host is another origin; "null" (a sandboxed frame, a file) is not this server either.
    for (const origin of ['http://127.0.0.1:1', 'null', 'file://', 'https://127.0.0.1.evil.example']) {
      expect((await post(`/api/missions/${m.id}/pause`, { origin })).status, origin).toBe(403);
    }
    expect((await post(`/api/missions/${m.id}/pause`, { origin: h.url })).status).toBe(200);
  });

  it('lets reads through from anywhere, without granting cross-origin access to them', async () => {
    h = await startHarness();
    const res = await rawHttp(h.url, 'GET', '/api/missions', { headers: { origin: EVIL } });
    expect(res.status).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('request media types', () => {
  it('refuses scene uploads a form or a simple fetch could send, and takes YAML and JSON', async () => {
    h = await startHarness();
    const cases: [string, string][] = [
      ['text/plain', SCENE],
      ['application/x-www-form-urlencoded', 'text=x'],
      ['multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="f"\r\n\r\nname: x\r\n--x--\r\n'],
    ];
    for (const [type, body] of cases) {
      const res = await post('/api/scenes', { 'content-type': type }, body);
      expect(res.status, type).toBe(415);
      expect(codeOf(res.json)).toBe('unsupported_media_type');
    }
    expect(h.fake.scenes().map((s) => s.name)).not.toContain('attic');
    expect((await post('/api/scenes', { 'content-type': 'application/yaml' }, SCENE)).status).toBe(201);
    const asJson = json({ text: SCENE.replace('attic', 'cellar') });
    expect((await post('/api/scenes', { 'content-type': asJson['content-type'] }, asJson.body)).status).toBe(201);
  });

  it('requires JSON on every other body, and no type on a POST without one', async () => {
    h = await startHarness();
    const body = JSON.stringify({ instruction: 'open the door' });
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/yaml']) {
      expect((await post('/api/missions', { 'content-type': type }, body)).status, type).toBe(415);
    }
    expect((await post('/api/missions', {}, body)).status).toBe(415);
    expect(h.fake.listMissions()).toHaveLength(0);
    // A mission that waits for an answer is still there to pause, however slow this machine is.
    const m = await post('/api/missions', { 'content-type': 'application/json; charset=utf-8' }, JSON.stringify({ instruction: 'take the cup' }));
    expect(m.status).toBe(201);
    expect((await post(`/api/missions/${(m.json as MissionView).id}/pause`, {})).status).toBe(200);
  });
});

describe('Host header', () => {
  it('accepts only names of the bound loopback address with its port', async () => {
    h = await startHarness();
    const port = new URL(h.url).port;
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, `LOCALHOST:${port}`]) {
      expect((await rawHttp(h.url, 'GET', '/healthz', { headers: { host } })).status, host).toBe(200);
    }
    for (const host of [`evil.example:${port}`, 'evil.example', `127.0.0.1:${Number(port) + 1}`, `localhost.evil.example:${port}`]) {
      const res = await rawHttp(h.url, 'GET', '/api/missions', { headers: { host } });
      expect(res.status, host).toBe(421);
      expect(codeOf(res.json)).toBe('unknown_host');
      expect((res.json as { error: { message: string } }).error.message).toMatch(/does not name this server/);
    }
    // A rebound name cannot reach the e-stop either.
    expect((await post('/api/estop/release', { host: `evil.example:${port}` })).status).toBe(421);
    expect((await rawHttp(h.url, 'GET', '/healthz', { headers: { host: 'a b' } })).status).toBe(400);
    expect((await rawHttp(h.url, 'GET', '/healthz', { setHost: false })).status).toBe(400);
  });

  it('accepts configured names, with any port or the one given', async () => {
    h = await startHarness({ allowedHosts: ['orca.test', 'proxy.test:8443'] });
    const port = new URL(h.url).port;
    expect((await rawHttp(h.url, 'GET', '/healthz', { headers: { host: `orca.test:${port}` } })).status).toBe(200);
    expect((await rawHttp(h.url, 'GET', '/healthz', { headers: { host: 'orca.test' } })).status).toBe(200);
    expect((await rawHttp(h.url, 'GET', '/healthz', { headers: { host: 'proxy.test:8443' } })).status).toBe(200);
    expect((await rawHttp(h.url, 'GET', '/healthz', { headers: { host: 'proxy.test:9000' } })).status).toBe(421);
    // The page served under a configured name may write, from that same name only.
    expect((await post('/api/estop', { host: 'proxy.test:8443', origin: 'https://proxy.test:8443' })).status).toBe(200);
    expect((await post('/api/estop/release', { host: 'orca.test', origin: 'https://orca.test' })).status).toBe(200);
    expect((await post('/api/estop/release', { host: 'orca.test', origin: 'https://proxy.test:8443' })).status).toBe(403);
  });
});
