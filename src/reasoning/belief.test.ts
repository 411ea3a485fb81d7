import { describe, expect, it } from 'vitest';
import { loadBuiltinScene, World } from '../world/index.js';
import { BeliefState } from './belief.js';
import { beliefFromScene } from './belief-scene.js';

describe('BeliefState: what is still unseen', () => {
  it('counts the rooms no robot has observed from as places to look, until one does', () => {
    const world = World.fromScene(loadBuiltinScene('home'), { seed: 1, noise: 'off' });
    const belief = BeliefState.fromObservations(world.robotIds().map((id) => world.observe(id)), world.staticMap());
    const unvisited = belief.unvisitedRooms().map((r) => r.id);
    expect(unvisited).toContain('bedroom');
    expect(unvisited).not.toContain('kitchen');
    expect(belief.get('watch_1')).toBeUndefined();
    belief.markRoomVisited('bedroom');
    expect(belief.unvisitedRooms().map((r) => r.id)).not.toContain('bedroom');
  });

  it('a belief built from the scene file has looked in every room', () => {
    expect(beliefFromScene(loadBuiltinScene('home')).unvisitedRooms()).toEqual([]);
  });

  it('takes one sighting of a closed container as open for a misread, two for having looked inside', () => {
    const world = World.fromScene(loadBuiltinScene('home'), { seed: 1, noise: 'off' });
    const obs = world.robotIds().map((id) => world.observe(id));
    const belief = BeliefState.fromObservations(obs, world.staticMap());
    const unknown = new Set(belief.unknowns().map((u) => u.id));
    const seen = obs.find((o) => o.detections.some((d) => unknown.has(d.id)));
    if (!seen) throw new Error('no robot sees a closed container at the start');
    const id = seen.detections.find((d) => unknown.has(d.id))!.id;
    const misread = { ...seen, detections: seen.detections.map((d) => (d.id === id ? { ...d, state: { ...d.state, open: true } } : d)) };
    belief.update(misread);
    belief.update(seen);
    expect(belief.unknowns().map((u) => u.id)).toContain(id);
    belief.update(misread);
    belief.update(misread);
    expect(belief.unknowns().map((u) => u.id)).not.toContain(id);
  });

  it('names a detected thing by the label its detector gives', () => {
    const world = World.fromScene(loadBuiltinScene('saycan'), { seed: 1, noise: 'off' });
    const belief = BeliefState.fromObservations(world.robotIds().map((id) => world.observe(id)), world.staticMap());
    expect(belief.get('coke_can')?.name).toBe('coke can');
  });
});
