import { afterEach, describe, expect, it } from 'vitest';
import type { MissionView, SceneSummary } from '../../agents/orchestrator/types.js';
import { startHarness } from './testing/harness.js';
import type { Harness } from './testing/harness.js';

let h: Harness;
afterEach(async () => {
  await h.close();
});

const REV = 'reviewer-token-1';
const OP = 'operator-token-1';
const errorOf = (body: unknown) => (body as { error: { code: string; message: string; detail?: Record<string, unknown> } }).error;

describe('POST /api/scenes/:name/reset', () => {
  it('resets a scene no mission is using; operators may, reviewers may not', async () => {
    h = await startHarness({ tokens: [{ token: REV, role: 'reviewer' }, { token: OP, role: 'operator' }] });
    expect((await h.call('POST', '/api/scenes/home/reset', { token: REV })).status).toBe(403);
    expect(h.fake.resets).toEqual([]);
    const res = await h.call('POST', '/api/scenes/home/reset', { token: OP });
    expect(res.status).toBe(200);
    expect((res.body as SceneSummary).name).toBe('home');
    expect(h.fake.resets).toEqual(['home']);
    expect((await h.call('POST', '/api/scenes/attic/reset', { token: OP })).status).toBe(404);
  });

  it('409 naming the mission while one on the scene has not ended; another scene is free', async () => {
    h = await startHarness();
    const m = (await h.call('POST', '/api/missions', { body: { instruction: 'take the cup' } })).body as MissionView;
    const refused = await h.call('POST', '/api/scenes/home/reset');
    expect(refused.status).toBe(409);
    expect(errorOf(refused.body).code).toBe('conflict');
    expect(errorOf(refused.body).message).toContain(m.id);
    expect(errorOf(refused.body).detail).toMatchObject({ missionId: m.id, scene: 'home' });
    expect((await h.call('POST', '/api/scenes/table/reset')).status).toBe(200);
    await h.call('POST', `/api/missions/${m.id}/cancel`);
    expect((await h.call('POST', '/api/scenes/home/reset')).status).toBe(200);
    expect(h.fake.resets).toEqual(['table', 'home']);
  });
});
