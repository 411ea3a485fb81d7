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
});
