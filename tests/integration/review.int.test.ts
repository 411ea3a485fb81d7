import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Orchestrator } from '../../agents/orchestrator/types.js';
import { createOrchestrator } from '../../src/app/index.js';
import { McapIndexedReader } from '@mcap/core';
import { z } from 'zod';
import { BufferReadable, exportMcap, MemoryWritable, ReplayFrameSchema, replayAt, subgoalPlots } from '../../src/traces/index.js';

const open: Orchestrator[] = [];
afterEach(async () => {
  for (const o of open.splice(0)) await o.close();
});

describe('reviewing a finished mission: replay, plots, checkpoints', () => {
  it('records replay frames on sampled steps and redraws the map, plan and views as they were', async () => {
    const o = await createOrchestrator({ db: ':memory:', faults: 'off', seed: 7 });
    open.push(o);
    const m = await o.startMission({ instruction: 'bring me the apple' });
    const done = await o.settled(m.id);
    expect(done.status).toBe('succeeded');

    const steps = o.traces.events(m.id, { kinds: ['step'] });
    const frames = o.traces.events(m.id).filter((e) => e.data['world'] !== undefined).map((e) => ReplayFrameSchema.parse(e.data['world']));
    expect(steps.every((e) => e.data['world'] !== undefined)).toBe(true);
    expect(frames[0]?.key).toBe(true);
    expect(frames.filter((f) => !f.key).length).toBeGreaterThan(frames.filter((f) => f.key).length);
    for (const e of steps) expect(e.data['robot']).toMatchObject({ aperture: expect.any(Number), ee: expect.any(Object) });

    const start = replayAt(o.traces, m.id, 0)!;
    const end = replayAt(o.traces, m.id, 1e6)!;
    const rover = (s: typeof start) => s.robots.find((r) => r.id === 'rover')!;
    expect(Math.hypot(rover(start).x - rover(end).x, rover(start).y - rover(end).y)).toBeGreaterThan(0.5);
    expect(rover(start).sees?.length).toBeGreaterThan(0);
    expect(start.subgoals.every((s) => s.state !== 'succeeded')).toBe(true);
    expect(end.subgoals.every((s) => s.state === 'succeeded')).toBe(true);
    // Handed over: at the end orca believes the apple is with the person, not the rover.
    expect(end.objects.find((x) => x.id === 'apple_1')?.where).toBe('held by alex');
    const mid = start.subgoals.length > 0 ? replayAt(o.traces, m.id, end.t / 2)! : start;
    expect(mid.seq).toBeGreaterThan(start.seq);
    expect(mid.seq).toBeLessThan(end.seq);

    const plots = subgoalPlots(o.traces.events(m.id));
    const nav = plots.find((p) => p.subgoalId.includes('navigate'))!;
    expect(nav.series.distance.length).toBeGreaterThan(1);
    expect(nav.series.distance[0]![1]).toBeGreaterThan(nav.series.distance[nav.series.distance.length - 1]![1]);
    expect(nav.markers.some((k) => k.kind === 'verdict' && k.ok)).toBe(true);
    const pick = plots.find((p) => p.subgoalId.includes('pick'))!;
    expect(pick.series.aperture.length).toBeGreaterThan(0);

    // The report node's checkpoint is written just after the status it sets is seen.
    const checkpoints = await vi.waitFor(async () => {
      const list = await o.checkpoints(m.id);
      expect(list[list.length - 1]?.next).toEqual([]);
      return list;
    });
    expect(checkpoints.length).toBeGreaterThan(5);
    const nodes = checkpoints.map((c) => c.node);
    for (const n of ['perceive', 'interpret', 'plan', 'execute', 'report']) expect(nodes).toContain(n);
    expect(checkpoints.find((c) => c.node === 'plan')?.state.calls.length).toBeGreaterThan(0);
    expect(checkpoints[checkpoints.length - 1]?.state.outcome).toBe('succeeded');
    expect(await o.checkpoints('m-none')).toEqual([]);

    // Foxglove: the site's rooms and fixtures, the robots' frames and the log, each message valid.
    const out = new MemoryWritable();
    await exportMcap(o.traces, m.id, out, { site: o.siteGeometry!(done.scene)! });
    const reader = await McapIndexedReader.Initialize({ readable: new BufferReadable(out.toBuffer()) });
    const counts = new Map<string, number>();
    let firstMap: { entities: { id: string }[] } | null = null;
    for await (const msg of reader.readMessages()) {
      const channel = reader.channelsById.get(msg.channelId)!;
      const schema = reader.schemasById.get(channel.schemaId)!;
      const body: unknown = JSON.parse(new TextDecoder().decode(msg.data));
      expect(z.fromJSONSchema(JSON.parse(new TextDecoder().decode(schema.data))).safeParse(body).success, channel.topic).toBe(true);
      counts.set(channel.topic, (counts.get(channel.topic) ?? 0) + 1);
      if (channel.topic === '/map' && !firstMap) firstMap = body as { entities: { id: string }[] };
    }
    for (const topic of ['/map', '/tf', '/robots', '/log']) expect(counts.get(topic), topic).toBeGreaterThan(0);
    expect(firstMap?.entities.some((e) => e.id.startsWith('room:'))).toBe(true);
    expect(firstMap?.entities.some((e) => e.id.startsWith('fixture:'))).toBe(true);
  });
});
