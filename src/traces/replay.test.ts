import { describe, expect, it } from 'vitest';
import { MemoryTraceStore } from './memory-store.js';
import { ReplayEncoder, ReplayFrameSchema, replayAt } from './replay.js';
import type { WorldSample } from './replay.js';
import { input } from './test-helpers.js';

const sample = (x: number, where: string | null = 'on table_1', holding: string | null = null): WorldSample => ({
  robots: { rover: { x, y: 0, theta: 0, holding, ee: { x: x + 0.3, y: 0, z: 0.9 }, aperture: 1, sees: ['apple_1'] }, arm: { x: 5, y: 5, theta: 0, holding: null } },
  objects: { apple_1: { x: 2, y: 0, where }, mug_1: { x: 3, y: 1, where: 'in cabinet_1' } },
});

describe('replay frames', () => {
  it('starts with a keyframe, then writes only what changed, and a keyframe every N frames', () => {
    const enc = new ReplayEncoder({ keyframeEvery: 3 });
    const frames = [sample(0), sample(1), sample(1), sample(2), sample(3)].map((s) => enc.frame(s));
    expect(frames.map((f) => f?.key)).toEqual([true, false, false, true, false]);
    expect(frames[1]).toEqual({ key: false, robots: { rover: { x: 1, ee: { x: 1.3, y: 0, z: 0.9 } } }, objects: {} });
    expect(frames[2]).toEqual({ key: false, robots: {}, objects: {} });
    for (const f of frames) expect(ReplayFrameSchema.safeParse(f).success).toBe(true);
  });

  it('marks an object no longer believed anywhere as removed', () => {
    const enc = new ReplayEncoder();
    enc.frame(sample(0));
    const without = sample(0);
    delete without.objects['mug_1'];
    expect(enc.frame(without)).toEqual({ key: false, robots: {}, objects: { mug_1: null } });
  });

  it('stops writing frames once the mission budget is spent', () => {
    const enc = new ReplayEncoder({ maxFrames: 2 });
    expect(enc.frame(sample(0))).not.toBeNull();
    expect(enc.frame(sample(1))).not.toBeNull();
    expect(enc.frame(sample(2))).toBeNull();
    expect(enc.frames).toBe(2);
  });
});

describe('replayAt', () => {
  function mission(): MemoryTraceStore {
    const store = new MemoryTraceStore();
    const enc = new ReplayEncoder({ keyframeEvery: 2 });
    store.append(input('m', 'instruction', { simTime: 100, data: { text: 'x' } }));
    store.append(input('m', 'plan', { simTime: 100, data: { type: 'mission_started', subgoals: ['a', 'b'] } }));
    store.append(input('m', 'transition', { simTime: 100, subgoalId: 'a', data: { type: 'subgoal_state', from: 'pending', to: 'executing' } }));
    const states: [number, WorldSample][] = [
      [101, sample(0)],
      [102, sample(1)],
      [103, sample(2, null, 'apple_1')],
      [104, sample(3, null, 'apple_1')],
    ];
    for (const [t, s] of states) store.append(input('m', 'step', { simTime: t, subgoalId: 'a', data: { world: enc.frame(s) } }));
    store.append(input('m', 'transition', { simTime: 105, subgoalId: 'a', data: { type: 'subgoal_state', from: 'executing', to: 'succeeded' } }));
    return store;
  }

  it('redraws the map as it was at a time since the start: keyframe plus deltas', () => {
    const snap = replayAt(mission(), 'm', 2.5);
    expect(snap).toMatchObject({ t: 2.5, simTime: 102.5, duration: 5, frameT: 2, seq: 5 });
    expect(snap?.robots.find((r) => r.id === 'rover')).toMatchObject({ x: 1, holding: null });
    expect(snap?.subgoals).toEqual([{ id: 'a', state: 'executing' }, { id: 'b', state: 'pending' }]);
    const later = replayAt(mission(), 'm', 4);
    expect(later?.robots.find((r) => r.id === 'rover')).toMatchObject({ x: 3, holding: 'apple_1' });
    expect(later?.objects.find((o) => o.id === 'apple_1')).toEqual({ id: 'apple_1', x: 2, y: 0, where: null });
    expect(later?.robots.find((r) => r.id === 'arm')).toMatchObject({ x: 5, y: 5 });
  });

  it('places an event without a sim time at the time of the event before it', () => {
    const store = mission();
    store.append(input('m', 'answer', { simTime: null, data: { text: 'later' } }));
    expect(replayAt(store, 'm', 1)?.seq).toBe(4);
    expect(replayAt(store, 'm', 5)?.seq).toBe(9);
  });

  it('clamps to the mission and shows the first frame before any step', () => {
    const store = mission();
    expect(replayAt(store, 'm', 0)).toMatchObject({ t: 0, frameT: 1 });
    const end = replayAt(store, 'm', 999);
    expect(end).toMatchObject({ t: 5, frameT: 4 });
    expect(end?.subgoals).toEqual([{ id: 'a', state: 'succeeded' }, { id: 'b', state: 'pending' }]);
    expect(replayAt(store, 'nope', 1)).toBeNull();
  });
});
