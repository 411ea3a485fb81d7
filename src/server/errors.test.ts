import { afterEach, describe, expect, it } from 'vitest';
import type { MissionView, RobotView } from '../../agents/orchestrator/types.js';
import { FakeOrchestrator } from './testing/fake-orchestrator.js';
import { startHarness } from './testing/harness.js';
import type { Harness } from './testing/harness.js';

interface ErrorBody {
  error: { code: string; message: string; issues?: { path: string; message: string }[]; detail?: Record<string, unknown> };
}

let h: Harness;
afterEach(async () => {
  await h.close();
});

const err = (body: unknown) => (body as ErrorBody).error;

describe('error statuses', () => {
  it('400 names every failing field and leaves no mission behind', async () => {
    h = await startHarness();
    const res = await h.call('POST', '/api/missions', { body: { instruction: '   ', whenBusy: 'later', extra: 1 } });
    expect(res.status).toBe(400);
    const e = err(res.body);
    expect(e.code).toBe('bad_request');
    const paths = (e.issues ?? []).map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['body.instruction', 'body.whenBusy', 'body']));
    expect((await h.call('GET', '/api/missions')).body).toEqual([]);
    expect(h.fake.listMissions()).toHaveLength(0);
  });

  it('400 for step-by-step directions that are not a short list of sentences', async () => {
    h = await startHarness();
    for (const steps of ['pick it up', [''], ['x'.repeat(501)], Array.from({ length: 61 }, () => 'turn left'), [3]]) {
      const res = await h.call('POST', '/api/missions', { body: { instruction: 'put the apple in the fridge', steps } });
      expect(res.status, JSON.stringify(steps).slice(0, 40)).toBe(400);
      expect((err(res.body).issues ?? []).some((i) => i.path.startsWith('body.steps'))).toBe(true);
    }
    expect(h.fake.listMissions()).toHaveLength(0);
    expect((await h.call('POST', '/api/missions', { body: { instruction: 'put the apple in the fridge', steps: ['Pick up the apple.', 'Put it in the fridge.'] } })).status).toBe(201);
  });

  it('400 for malformed JSON, a bad query and a bad answer', async () => {
    h = await startHarness();
    const bad = await h.call('POST', '/api/missions', { raw: '{"instruction":', headers: { 'content-type': 'application/json' } });
    expect(bad.status).toBe(400);
    expect(err(bad.body).code).toBe('bad_request');
    const q = await h.call('GET', '/api/missions?status=sleeping&limit=0');
    expect(q.status).toBe(400);
    expect((err(q.body).issues ?? []).map((i) => i.path).sort()).toEqual(['query.limit', 'query.status']);
    const m = (await h.call('POST', '/api/missions', { body: { instruction: 'take the cup' } })).body as MissionView;
    const answer = await h.call('POST', `/api/missions/${m.id}/requests/${m.pending[0]?.id ?? ''}`, { body: { type: 'respond' } });
    expect(answer.status).toBe(400);
    expect((err(answer.body).issues ?? []).some((i) => i.path === 'body.text')).toBe(true);
    expect(h.fake.getMission(m.id)?.status).toBe('awaiting_human');
  });

  it('404 for unknown missions, requests, scenes and routes', async () => {
    h = await startHarness();
    for (const path of ['/api/missions/nope', '/api/missions/nope/trace', '/api/missions/nope/events', '/api/scenes/nope/svg', '/api/nothing-here']) {
      const res = await h.call('GET', path);
      expect(res.status, path).toBe(404);
      expect(err(res.body).code).toBe('not_found');
    }
    expect((await h.call('POST', '/api/missions/nope/messages', { body: { text: 'hi' } })).status).toBe(404);
    const m = (await h.call('POST', '/api/missions', { body: { instruction: 'take the cup' } })).body as MissionView;
    expect((await h.call('POST', `/api/missions/${m.id}/requests/q-unknown`, { body: { type: 'accept' } })).status).toBe(404);
  });

  it('409 for a busy robot says which mission holds which robot, and creates nothing', async () => {
    h = await startHarness();
    const first = (await h.call('POST', '/api/missions', { body: { instruction: 'wash the cup', robot: 'robot-1' } })).body as MissionView;
    const res = await h.call('POST', '/api/missions', { body: { instruction: 'open the fridge', robot: 'robot-1' } });
    expect(res.status).toBe(409);
    const e = err(res.body);
    expect(e.code).toBe('busy');
    expect(e.detail).toMatchObject({ robot: 'robot-1', missionId: first.id });
    expect(e.message).toContain(first.id);
    expect(h.fake.listMissions()).toHaveLength(1);
    const queued = await h.call('POST', '/api/missions', { body: { instruction: 'open the fridge', robot: 'robot-1', whenBusy: 'queue' } });
    expect(queued.status).toBe(201);
    expect((queued.body as MissionView).reason).toContain(first.id);
  });

  it('429 past the queue limit says so, and creates nothing', async () => {
    h = await startHarness({ fake: new FakeOrchestrator({ maxQueued: 1 }) });
    await h.call('POST', '/api/missions', { body: { instruction: 'wash the cup', robot: 'robot-1' } });
    const queue = { instruction: 'open the fridge', robot: 'robot-1', whenBusy: 'queue' };
    expect((await h.call('POST', '/api/missions', { body: queue })).status).toBe(201);
    const res = await h.call('POST', '/api/missions', { body: queue });
    expect(res.status).toBe(429);
    expect(err(res.body).code).toBe('queue_full');
    expect(err(res.body).message).toMatch(/already queued \(the limit is 1\)/);
    expect(err(res.body).detail).toEqual({ queued: 1, limit: 1 });
    expect(h.fake.listMissions()).toHaveLength(2);
  });

  it('413 for a body over the limit, without creating a mission', async () => {
    h = await startHarness({ maxBodyBytes: 1024 });
    const res = await h.call('POST', '/api/missions', { body: { instruction: 'x'.repeat(2000) } });
    expect(res.status).toBe(413);
    expect(err(res.body).code).toBe('payload_too_large');
    expect(h.fake.listMissions()).toHaveLength(0);
  });

  it('500 hides the failure\'s message and stack', async () => {
    class Broken extends FakeOrchestrator {
      override robots(): RobotView[] {
        throw new Error('secret internal detail at /srv/orca');
      }
    }
    h = await startHarness({ fake: new Broken() });
    const res = await h.call('GET', '/api/robots');
    expect(res.status).toBe(500);
    expect(err(res.body)).toEqual({ code: 'internal', message: 'internal server error' });
    expect(JSON.stringify(res.body)).not.toContain('secret');
  });
});
