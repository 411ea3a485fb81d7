import { McapIndexedReader } from '@mcap/core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { exportMcap } from './export-mcap.js';
import type { SiteGeometry } from './foxglove.js';
import { BufferReadable, MemoryWritable } from './mcap-io.js';
import { MemoryTraceStore } from './memory-store.js';
import { ReplayEncoder } from './replay.js';
import type { WorldSample } from './replay.js';
import { input, steppingClock } from './test-helpers.js';

const site: SiteGeometry = {
  rooms: [{ id: 'kitchen', name: 'Kitchen', x: 0, y: 0, w: 5, d: 4 }],
  fixtures: [{ id: 'fridge_1', name: 'fridge', x: 4, y: 3, w: 0.8, d: 0.7, h: 1.8, color: 'white' }],
};

function world(x: number, apple: WorldSample['objects'][string] | null): WorldSample {
  return {
    robots: { rover: { x, y: 1, theta: 0.5, holding: null, ee: { x: x + 0.3, y: 1, z: 0.9 }, aperture: 1 } },
    objects: apple ? { apple_1: apple } : {},
  };
}

function mission(): MemoryTraceStore {
  const store = new MemoryTraceStore({ now: steppingClock('2025-01-01T00:00:00.000Z') });
  const enc = new ReplayEncoder({ keyframeEvery: 2 });
  const step = (t: number, w: WorldSample) => input('m', 'step', { actor: { kind: 'executor', id: 'rover' }, subgoalId: 's1', simTime: t, data: { world: enc.frame(w) } });
  store.appendMany([
    input('m', 'instruction', { actor: { kind: 'person', id: 'alex' }, simTime: null, data: { text: 'bring me the apple' } }),
    input('m', 'plan', { actor: { kind: 'agent', id: 'plan' }, simTime: 2500, data: { version: 1, calls: [{}, {}] } }),
    step(2500.5, world(0, { x: 2, y: 1, where: 'on table_1', color: 'red' })),
    step(2501, world(1, { x: 2, y: 1, where: 'on table_1', color: 'red' })),
    input('m', 'question', { simTime: 2501, data: { text: 'which apple?' } }),
    step(4900, world(2, { x: 2.3, y: 1, where: 'held by rover', color: 'red' })),
    step(4901, world(2, null)),
    input('m', 'verdict', { actor: { kind: 'verifier', id: 'rover' }, subgoalId: 's1', simTime: 4902, data: { kind: 'false_completion', diagnosis: 'grasp_failed' } }),
    input('m', 'reflection', { subgoalId: 's1', simTime: 4903, data: { decision: { kind: 'retry' } } }),
    input('m', 'outcome', { simTime: 4905, data: { status: 'succeeded' } }),
  ]);
  return store;
}

describe('Foxglove channels in the MCAP export', () => {
  it('writes the map, robots and log as Foxglove messages that validate against their schemas', async () => {
    const out = new MemoryWritable();
    await exportMcap(mission(), 'm', out, { site });
    const reader = await McapIndexedReader.Initialize({ readable: new BufferReadable(out.toBuffer()) });
    const validators = new Map<number, { name: string; schema: z.ZodType }>();
    for (const c of reader.channelsById.values()) {
      const s = reader.schemasById.get(c.schemaId);
      expect(s?.encoding).toBe('jsonschema');
      expect(c.messageEncoding).toBe('json');
      validators.set(c.id, { name: s?.name ?? '', schema: z.fromJSONSchema(JSON.parse(new TextDecoder().decode(s?.data))) });
    }
    const byTopic = new Map<string, { logTime: bigint; body: Record<string, unknown> }[]>();
    for await (const m of reader.readMessages()) {
      const v = validators.get(m.channelId)!;
      const body = JSON.parse(new TextDecoder().decode(m.data)) as Record<string, unknown>;
      const check = v.schema.safeParse(body);
      expect(check.success, `${v.name}: ${check.error?.message}`).toBe(true);
      const topic = reader.channelsById.get(m.channelId)!.topic;
      byTopic.set(topic, [...(byTopic.get(topic) ?? []), { logTime: m.logTime, body }]);
    }
    const schemaOf = (topic: string) => [...reader.channelsById.values()].filter((c) => c.topic === topic).map((c) => reader.schemasById.get(c.schemaId)?.name);
    expect(schemaOf('/map')).toEqual(['foxglove.SceneUpdate']);
    expect(schemaOf('/tf')).toEqual(['foxglove.FrameTransform']);
    expect(schemaOf('/robots')).toEqual(['foxglove.PosesInFrame']);
    expect(schemaOf('/log')).toEqual(['foxglove.Log']);

    const map = byTopic.get('/map')!;
    const ids = (u: { body: Record<string, unknown> }) => (u.body['entities'] as { id: string }[]).map((e) => e.id);
    expect(ids(map[0]!)).toEqual(['room:kitchen', 'fixture:fridge_1']);
    expect(map[0]!.logTime).toBe(2500_000_000_000n);
    const apple = (map[1]!.body['entities'] as { id: string; cubes: { color: { r: number; g: number } }[]; texts: { text: string }[] }[])[0]!;
    expect(apple.id).toBe('object:apple_1');
    expect(apple.cubes[0]!.color.r).toBeGreaterThan(apple.cubes[0]!.color.g);
    expect(apple.texts[0]!.text).toBe('apple_1 (on table_1)');
    // The apple's move and then its removal from the belief, nothing for the unchanged sample.
    expect(map.map((u) => u.logTime)).toEqual([2500_000_000_000n, 2500_500_000_000n, 4900_000_000_000n, 4901_000_000_000n]);
    expect(map[3]!.body['deletions']).toEqual([{ timestamp: { sec: 4901, nsec: 0 }, type: 0, id: 'object:apple_1' }]);

    const tf = byTopic.get('/tf')!;
    expect(tf[0]!.body).toMatchObject({ parent_frame_id: 'map', child_frame_id: 'rover/base_link', translation: { x: 0, y: 1, z: 0 }, timestamp: { sec: 2500, nsec: 500_000_000 } });
    expect(tf.some((t) => t.body['child_frame_id'] === 'rover/ee')).toBe(true);
    expect(byTopic.get('/robots')!.length).toBe(3);

    const log = byTopic.get('/log')!.map((l) => [l.body['level'], l.body['message']]);
    expect(log).toEqual([
      [2, 'instruction: bring me the apple'],
      [2, 'plan v1: 2 steps'],
      [2, 'question: which apple?'],
      [3, 's1: verdict false_completion (grasp_failed)'],
      [3, 's1: reflection: decided retry'],
      [2, 'outcome: succeeded'],
    ]);
  });
});
