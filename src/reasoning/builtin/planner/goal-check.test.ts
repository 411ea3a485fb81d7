import { describe, expect, it } from 'vitest';
import { loadBuiltinScene, REACH } from '../../../world/index.js';
import type { Predicate } from '../../../domain/predicates.js';
import { contextFromScene } from './fixtures.testutil.js';
import { unmetGoal } from './goal-check.js';

const P = (pred: Predicate['pred'], ...args: string[]): Predicate => ({ pred, args });

describe('unmetGoal', () => {
  it('lists the placements the belief says were undone, not the ones a later step changes on purpose', () => {
    const ctx = contextFromScene(loadBuiltinScene('home'), REACH);
    const apple = ctx.belief.get('apple_1')!;
    const here = P('on', 'apple_1', apple.placement!.target);
    expect(unmetGoal({ steps: [{ conjuncts: [here] }] }, ctx)).toEqual([]);
    apple.placement = { relation: 'on', target: 'table_1' };
    expect(unmetGoal({ steps: [{ conjuncts: [here] }] }, ctx)).toEqual([here]);
    // "on the counter, then in the fridge": the first placement is not meant to last.
    expect(unmetGoal({ steps: [{ conjuncts: [here] }, { conjuncts: [P('in', 'apple_1', 'fridge_1')] }] }, ctx)).toEqual([P('in', 'apple_1', 'fridge_1')]);
  });

  it('checks states too, as the belief has them, and leaves out the momentary facts of earlier steps', () => {
    const ctx = contextFromScene(loadBuiltinScene('home'), REACH);
    const mug = ctx.belief.get('mug_red')!;
    mug.state = { ...mug.state, clean: false };
    expect(unmetGoal({ steps: [{ conjuncts: [P('isClean', 'mug_red')] }] }, ctx)).toEqual([P('isClean', 'mug_red')]);
    // "wash it, then make it dirty" changes the same property on purpose.
    expect(unmetGoal({ steps: [{ conjuncts: [P('isClean', 'mug_red')] }, { conjuncts: [P('isDirty', 'mug_red')] }] }, ctx)).toEqual([]);
    // "go to the fridge, then …": where a robot went on the way is not expected to last.
    const far = P('near', 'rover', 'fridge_1');
    expect(unmetGoal({ steps: [{ conjuncts: [far] }, { conjuncts: [P('isDirty', 'mug_red')] }] }, ctx)).toEqual([]);
  });
});
