import { describe, expect, it } from 'vitest';
import { parseBddlGoal } from './bddl.js';

describe('parseBddlGoal', () => {
  it('maps LIBERO goal conjunctions onto orca predicates', () => {
    expect(parseBddlGoal('(And (Close white_cabinet_1_bottom_region) (In akita_black_bowl_1 white_cabinet_1_bottom_region))')).toEqual([
      { pred: 'isClosed', args: ['white_cabinet_1_bottom_region'] },
      { pred: 'in', args: ['akita_black_bowl_1', 'white_cabinet_1_bottom_region'] },
    ]);
    expect(parseBddlGoal('(And (Turnon flat_stove_1))')).toEqual([{ pred: 'isOn', args: ['flat_stove_1'] }]);
  });

  it('names a predicate it cannot map', () => {
    expect(() => parseBddlGoal('(And (Stack a b))')).toThrow(/"Stack"/);
  });
});
