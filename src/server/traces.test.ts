import { McapIndexedReader } from '@mcap/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MissionView } from '../../agents/orchestrator/types.js';
import { BufferReadable } from '../traces/index.js';
import type { TraceEvent } from '../traces/index.js';
import { startHarness } from './testing/harness.js';
import type { Harness } from './testing/harness.js';

let h: Harness;
let mission: MissionView;
beforeEach(async () => {
  h = await startHarness();
  mission = (await h.call('POST', '/api/missions', { body: { instruction: 'open the door' } })).body as MissionView;
  await h.fake.settled(mission.id);
});
afterEach(async () => {
  await h.close();
});

interface Page {
  events: TraceEvent[];
  nextSeq: number | null;
}

describe('trace routes', () => {
  it('pages through every event with nextSeq', async () => {
    const all = h.fake.traces.events(mission.id);
    expect(all.length).toBeGreaterThan(5);
    const collected: TraceEvent[] = [];
    let from: number | null = 1;
    let pages = 0;
    while (from !== null) {
      const res = await h.call('GET', `/api/missions/${mission.id}/trace?limit=3&fromSeq=${from}`);
      expect(res.status).toBe(200);
      const page = res.body as Page;
      expect(page.events.length).toBeLessThanOrEqual(3);
      collected.push(...page.events);
      from = page.nextSeq;
      pages += 1;
    }
    expect(pages).toBe(Math.ceil(all.length / 3));
    expect(collected).toEqual(all);
  });

  it('filters by kind and subgoal, and rejects unknown kinds', async () => {
    const verdicts = (await h.call('GET', `/api/missions/${mission.id}/trace?kind=verdict,outcome`)).body as Page;
    expect(new Set(verdicts.events.map((e) => e.kind))).toEqual(new Set(['verdict', 'outcome']));
    const s2 = (await h.call('GET', `/api/missions/${mission.id}/trace?subgoalId=s2`)).body as Page;
    expect(s2.events.length).toBeGreaterThan(0);
    expect(s2.events.every((e) => e.subgoalId === 's2')).toBe(true);
    const future = (await h.call('GET', `/api/missions/${mission.id}/trace?since=2999-01-01T00:00:00Z`)).body as Page;
    expect(future.events).toEqual([]);
    const bad = await h.call('GET', `/api/missions/${mission.id}/trace?kind=teleport`);
    expect(bad.status).toBe(400);
  });

  it('exports JSON and MCAP as attachments; the MCAP holds every event', async () => {
    const json = await fetch(`${h.url}/api/missions/${mission.id}/trace/export?format=json`);
    expect(json.headers.get('content-type')).toMatch(/^application\/json/);
    expect(json.headers.get('content-disposition')).toMatch(/attachment; filename="?m-1\.trace\.json"?/);
    const all = h.fake.traces.events(mission.id);
    expect(await json.json()).toEqual(all);

    const mcap = await fetch(`${h.url}/api/missions/${mission.id}/trace/export?format=mcap`);
    expect(mcap.status).toBe(200);
    expect(mcap.headers.get('content-type')).toBe('application/x-mcap');
    expect(mcap.headers.get('content-disposition')).toMatch(/attachment; filename="?m-1\.trace\.mcap"?/);
    const reader = await McapIndexedReader.Initialize({ readable: new BufferReadable(new Uint8Array(await mcap.arrayBuffer())) });
    const seqs: number[] = [];
    const raw = (channelId: number) => reader.channelsById.get(channelId)?.topic.startsWith('/orca/trace/') === true;
    for await (const m of reader.readMessages()) if (raw(m.channelId)) seqs.push((JSON.parse(new TextDecoder().decode(m.data)) as TraceEvent).seq);
    expect(seqs.sort((a, b) => a - b)).toEqual(all.map((e) => e.seq));
    expect((await h.call('GET', `/api/missions/${mission.id}/trace/export?format=csv`)).status).toBe(400);
  });
});
