import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MemoryEntry } from '../../agents/memory/index.js';
import { startHarness } from './testing/harness.js';
import type { Harness } from './testing/harness.js';

const OP = 'op-token-0123456789';
const REV = 'rev-token-0123456789';
let h: Harness;
let ref: MemoryEntry;
let stats: MemoryEntry;

beforeEach(async () => {
  h = await startHarness({ tokens: [{ token: OP, role: 'operator' }, { token: REV, role: 'reviewer' }] });
  ref = h.fake.memory.rememberReference({ site: 'home', person: 'alex', phrase: 'my mug', ids: ['mug_red'], label: 'the red mug', saidBy: 'alex', evidence: { missionId: 'm-0001', seq: 4 } }).entry;
  stats = h.fake.memory.recordFailure({ site: 'home', skill: 'pick', objectType: 'Mug', robot: 'rover' }, 'grasp_failed', { missionId: 'm-0001', seq: 9 });
});
afterEach(async () => {
  await h.close();
});

describe('memory routes', () => {
  it('lists entries with their evidence, filtered by kind and person', async () => {
    const all = await h.call('GET', '/api/memory', { token: REV });
    expect(all.status).toBe(200);
    expect((all.body as { entries: MemoryEntry[] }).entries.map((e) => e.id).sort()).toEqual([ref.id, stats.id].sort());
    const refs = await h.call('GET', '/api/memory?kind=reference&person=alex', { token: REV });
    expect((refs.body as { entries: MemoryEntry[] }).entries).toEqual([expect.objectContaining({ id: ref.id, evidence: [{ missionId: 'm-0001', seq: 4 }], saidBy: 'alex' })]);
    expect((await h.call('GET', '/api/memory?kind=nonsense', { token: REV })).status).toBe(400);
    expect((await h.call('GET', `/api/memory/${ref.id}`, { token: REV })).body).toMatchObject({ phrase: 'my mug' });
    expect((await h.call('GET', '/api/memory/mem-none', { token: REV })).status).toBe(404);
  });

  it('edits a reference, refuses bad edits with 400 and statistics edits, and needs the operator role', async () => {
    expect((await h.call('PATCH', `/api/memory/${ref.id}`, { token: REV, body: { ids: ['mug_blue'] } })).status).toBe(403);
    const ok = await h.call('PATCH', `/api/memory/${ref.id}`, { token: OP, body: { ids: ['mug_blue'], label: 'the blue mug' } });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ ids: ['mug_blue'], label: 'the blue mug' });
    expect((await h.call('PATCH', `/api/memory/${ref.id}`, { token: OP, body: { ids: [] } })).status).toBe(400);
    expect((await h.call('PATCH', `/api/memory/${ref.id}`, { token: OP, body: { colour: 'red' } })).status).toBe(400);
    expect((await h.call('PATCH', `/api/memory/${ref.id}`, { token: OP, body: {} })).status).toBe(400);
    const onStats = await h.call('PATCH', `/api/memory/${stats.id}`, { token: OP, body: { label: 'x' } });
    expect(onStats.status).toBe(400);
    expect(JSON.stringify(onStats.body)).toMatch(/delete the entry/);
    expect(h.fake.memory.get(ref.id)).toMatchObject({ ids: ['mug_blue'] });
  });

  it('deletes an entry once', async () => {
    expect((await h.call('DELETE', `/api/memory/${ref.id}`, { token: OP })).body).toEqual({ deleted: ref.id });
    expect((await h.call('DELETE', `/api/memory/${ref.id}`, { token: OP })).status).toBe(404);
    expect(h.fake.memory.get(ref.id)).toBeNull();
  });
});
