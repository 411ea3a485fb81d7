import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { MissionView } from '../../agents/orchestrator/types.js';
import { parseTokens } from './auth.js';
import { isLoopback, listenOptionsFromEnv, startServer } from './server.js';
import { FakeOrchestrator } from './testing/fake-orchestrator.js';
import { startHarness } from './testing/harness.js';
import type { Harness } from './testing/harness.js';

const OP = 'operator-token-1';
const REV = 'reviewer-token-1';
const ADMIN = 'admin-token-0001';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

describe('parseTokens', () => {
  it('reads token:role pairs and rejects malformed entries by position', () => {
    expect(parseTokens({ ORCA_TOKENS: ` ${OP}:operator, ${REV}:reviewer ,` })).toEqual([
      { token: OP, role: 'operator' },
      { token: REV, role: 'reviewer' },
    ]);
    expect(parseTokens({})).toEqual([]);
    expect(() => parseTokens({ ORCA_TOKENS: `${OP}:operator,${REV}:superuser` })).toThrow(/entry 2/);
    expect(() => parseTokens({ ORCA_TOKENS: 'short:admin' })).toThrow(/at least 8/);
  });
});

describe('bearer tokens and roles', () => {
  it('401 without or with an unknown token, 403 for the wrong role, and each role does its part', async () => {
    h = await startHarness({ tokens: [{ token: OP, role: 'operator' }, { token: REV, role: 'reviewer' }, { token: ADMIN, role: 'admin' }] });
    const none = await h.call('GET', '/api/missions');
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect((await h.call('GET', '/api/missions', { token: 'not-a-real-token' })).status).toBe(401);
    expect((await h.call('POST', '/api/estop')).status).toBe(401);
    expect(h.fake.estopLatched).toBe(false);

    const denied = await h.call('POST', '/api/missions', { token: REV, body: { instruction: 'open the door' } });
    expect(denied.status).toBe(403);
    expect(h.fake.listMissions()).toHaveLength(0);

    const created = await h.call('POST', '/api/missions', { token: OP, body: { instruction: 'open the door' } });
    expect(created.status).toBe(201);
    const id = (created.body as MissionView).id;
    expect((await h.call('GET', `/api/missions/${id}`, { token: REV })).status).toBe(200);
    expect((await h.call('GET', `/api/missions/${id}/trace`, { token: REV })).status).toBe(200);
    expect((await h.call('POST', `/api/missions/${id}/cancel`, { token: REV })).status).toBe(403);

    expect((await h.call('POST', '/api/scenes', { token: OP, body: { text: 'name: x' } })).status).toBe(403);
    expect((await h.call('POST', '/api/estop', { token: REV })).status).toBe(403);
    expect((await h.call('POST', '/api/estop', { token: OP })).status).toBe(200);
    expect((await h.call('POST', '/api/estop/release', { token: OP })).status).toBe(403);
    expect(h.fake.estopLatched).toBe(true);
    expect((await h.call('POST', '/api/estop/release', { token: ADMIN })).status).toBe(200);
    expect((await h.call('POST', '/api/estop', { token: ADMIN })).status).toBe(200);

    // Event streams also take the token as ?access_token= (EventSource cannot set headers); nothing else does.
    const stream = await fetch(`${h.url}/api/events?access_token=${REV}`);
    expect(stream.status).toBe(200);
    await stream.body?.cancel();
    expect((await h.call('GET', `/api/events?access_token=nope-nope-nope`)).status).toBe(401);
    expect((await h.call('GET', `/api/robots?access_token=${REV}`)).status).toBe(401);

    // The document and the health check stay public.
    expect((await h.call('GET', '/openapi.json')).status).toBe(200);
    expect((await h.call('GET', '/healthz')).status).toBe(200);
  });
});

describe('binding', () => {
  it('refuses a non-loopback host without tokens', async () => {
    await expect(startServer({ orchestrator: new FakeOrchestrator(), tokens: [], logger: pino({ level: 'silent' }), host: '0.0.0.0', port: 0 })).rejects.toThrow(/without authentication/);
  });

  it('recognises loopback names', () => {
    expect(['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]'].every(isLoopback)).toBe(true);
    expect(['0.0.0.0', '192.168.1.4', '::', 'example.com'].some(isLoopback)).toBe(false);
  });
});

describe('startup log', () => {
  it('says when it runs without authentication, and parses HOST/PORT', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(line) });
    const server = await startServer({ orchestrator: new FakeOrchestrator(), tokens: [], logger, host: '127.0.0.1', port: 0 });
    await server.close();
    const startup = lines.map((l) => JSON.parse(l) as { msg: string; url?: string }).find((l) => l.url === server.url);
    expect(startup?.msg).toMatch(/WITHOUT authentication on loopback only/);
    expect(listenOptionsFromEnv({ PORT: '9090', HOST: '::1' })).toEqual({ host: '::1', port: 9090 });
    expect(listenOptionsFromEnv({})).toEqual({ host: '127.0.0.1', port: 8080 });
    expect(() => listenOptionsFromEnv({ PORT: 'eighty' })).toThrow(/PORT/);
  });
});
