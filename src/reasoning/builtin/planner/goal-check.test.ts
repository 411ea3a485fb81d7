import { describe, expect, it } from 'vitest';
import { loadBuiltinScene, REACH } from '../../../world/index.js';
import { contextFromScene } from './fixtures.testutil.js';
import { unmetPlacements } from './goal-check.js';

describe('unmetPlacements', () => {
  it('lists the placements the belief says were undone, not the ones a later step changes on purpose', () => {
    const ctx = contextFromScene(loadBuiltinScene('home'), REACH);
    const apple = ctx.belief.get('apple_1')!;
    const where = apple.placement!;
    const here = { pred: 'on' as const, args: ['apple_1', where.target] };
    const lit = { pred: 'isOn' as const, args: ['lamp_1'] };
    expect(unmetPlacements({ steps: [{ conjuncts: [here, lit] }] }, ctx)).toEqual([]);
    apple.placement = { relation: 'on', target: 'table_1' };
    expect(unmetPlacements({ steps: [{ conjuncts: [here] }] }, ctx)).toEqual([here]);
    // "on the counter, then in the fridge": the first placement is not meant to last.
    expect(unmetPlacements({ steps: [{ conjuncts: [here] }, { conjuncts: [{ pred: 'in', args: ['apple_1', 'fridge_1'] }] }] }, ctx)).toEqual([{ pred: 'in', args: ['apple_1', 'fridge_1'] }]);
    // States are not checked here: a misread of the last view should not send a robot back.
    expect(unmetPlacements({ steps: [{ conjuncts: [lit] }] }, ctx)).toEqual([]);
  });
});
