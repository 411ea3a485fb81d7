import { describe, expect, it } from 'vitest';
import { loadBuiltinScene, REACH } from '../../../world/index.js';
import { contextFromScene } from './fixtures.testutil.js';
import { relevantIds } from './ground.js';
import { World } from './state.js';

describe('relevantIds', () => {
  it('offers furniture, not an appliance, as the place to put down what a robot holds', () => {
    const ctx = contextFromScene(loadBuiltinScene('home'), REACH, (b) => {
      const burner = b.get('stove_burner_2')!;
      const rover = b.robots.get('rover')!;
      b.robots.set('rover', { ...rover, position: { x: burner.position.x, y: burner.position.y - 0.6 }, holding: 'potato_1' });
      const potato = b.get('potato_1')!;
      potato.placement = null;
      potato.heldBy = 'rover';
    });
    const world = new World(ctx);
    const ids = relevantIds(world, world.initialState(), [{ pred: 'handEmpty', args: ['rover'] }]);
    expect(ids.some((id) => id.startsWith('stove_burner'))).toBe(false);
    expect(ids).toContain('counter_1');
  });
});
