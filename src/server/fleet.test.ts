import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RobotView, SceneSummary, WorldObjectView } from '../../agents/orchestrator/types.js';
import { startHarness } from './testing/harness.js';
import type { Harness } from './testing/harness.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

const YAML = 'name: garage\nkind: house\nrobots: [rover-1]\n';

describe('robots and scenes', () => {
  it('lists robots with who holds them', async () => {
    await h.call('POST', '/api/missions', { body: { instruction: 'open the door', robot: 'robot-2' } });
    const robots = (await h.call('GET', '/api/robots')).body as RobotView[];
    expect(robots.map((r) => r.id)).toEqual(['robot-1', 'robot-2', 'arm-1']);
  });

  it('uploads a scene as YAML or JSON {text}; an invalid one is a 400 naming the field', async () => {
    const up = await h.call('POST', '/api/scenes', { raw: YAML, headers: { 'content-type': 'text/yaml' } });
    expect(up.status).toBe(201);
    expect(up.body).toMatchObject({ name: 'garage', source: 'uploaded', robots: ['rover-1'] });
    const json = await h.call('POST', '/api/scenes', { body: { text: YAML.replace('garage', 'shed') } });
    expect(json.status).toBe(201);
    expect(((await h.call('GET', '/api/scenes')).body as SceneSummary[]).map((s) => s.name)).toEqual(['home', 'table', 'garage', 'shed']);
    const bad = await h.call('POST', '/api/scenes', { raw: 'name: attic\nkind: castle\nrobots: [r]\n', headers: { 'content-type': 'text/yaml' } });
    expect(bad.status).toBe(400);
    expect((bad.body as { error: { issues: { path: string }[] } }).error.issues.map((i) => i.path)).toEqual(['kind']);
    expect((await h.call('POST', '/api/scenes', { raw: YAML, headers: { 'content-type': 'text/yaml' } })).status).toBe(409);
    expect((await h.call('POST', '/api/scenes', { body: { yaml: YAML } })).status).toBe(400);
  });

  it("serves a scene's SVG and objects", async () => {
    const svg = await fetch(`${h.url}/api/scenes/home/svg`);
    expect(svg.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    expect(await svg.text()).toContain('data-scene="home"');
    const objects = (await h.call('GET', '/api/scenes/table/objects')).body as WorldObjectView[];
    expect(objects[0]?.type).toBe('cup');
    expect((await h.call('GET', '/api/scenes/attic/objects')).status).toBe(404);
  });

  it('serves a placeholder page at / that links to the API document', async () => {
    const page = await h.call('GET', '/');
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.body).toContain('href="/openapi.json"');
  });
});

describe('static page and keep-alive', () => {
  it('serves staticDir at / and sends keep-alive comments on idle streams', async () => {
    const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { pino } = await import('pino');
    const { startServer } = await import('./server.js');
    const { FakeOrchestrator } = await import('./testing/fake-orchestrator.js');
    const dir = mkdtempSync(join(tmpdir(), 'orca-static-'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>orca ui</title>');
    const server = await startServer({ orchestrator: new FakeOrchestrator(), tokens: [], logger: pino({ level: 'silent' }), port: 0, staticDir: dir, keepAliveMs: 5 });
    try {
      expect(await (await fetch(`${server.url}/`)).text()).toContain('orca ui');
      const res = await fetch(`${server.url}/api/events`);
      if (!res.body) throw new Error('no body');
      const reader = res.body.getReader();
      let text = '';
      while (!text.includes(': keep-alive')) {
        const { value, done } = await reader.read();
        if (done) break;
        text += new TextDecoder().decode(value);
      }
      expect(text).toContain(': keep-alive');
      await reader.cancel();
    } finally {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
