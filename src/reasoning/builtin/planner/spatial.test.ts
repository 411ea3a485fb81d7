import { describe, expect, it } from 'vitest';
import type { Predicate } from '../../../domain/index.js';
import { loadBuiltinScene, REACH } from '../../../world/index.js';
import type { Goal } from '../../goal.js';
import { contextFromScene } from './fixtures.testutil.js';
import { planGoal, unmetGoal, validatePlan } from './index.js';

const P = (pred: Predicate['pred'], ...args: string[]): Predicate => ({ pred, args });
const one = (...conjuncts: Predicate[]): Goal => ({ steps: [{ conjuncts }] });

describe('planning spatial placements', () => {
  it('puts a thing down beside another with a placing skill, on the surface, never in or on the anchor', () => {
    const ctx = contextFromScene(loadBuiltinScene('home'), REACH);
    const goal = one(P('on', 'mug_red', 'counter_1'), P('nextTo', 'mug_red', 'microwave_1'));
    const p = planGoal(goal, ctx);
    if (p.kind !== 'plan') throw new Error(p.reason);
    expect(validatePlan(p.calls, goal, ctx).issues).toEqual([]);
    const last = p.calls[p.calls.length - 1]!;
    expect(last).toMatchObject({ skill: 'place_next_to', args: { object: 'mug_red', surface: 'counter_1', anchor: 'microwave_1' } });
  });

  it('plans each side and "between" with its own skill', () => {
    const ctx = contextFromScene(loadBuiltinScene('home'), REACH);
    const cases: [Predicate, string][] = [
      [P('leftOf', 'potato_1', 'plate_1'), 'place_left_of'],
      [P('behind', 'potato_1', 'plate_1'), 'place_behind'],
      [P('between', 'potato_1', 'plate_1', 'bowl_1'), 'place_between'],
    ];
    for (const [rel, skill] of cases) {
      const p = planGoal(one(P('on', 'potato_1', 'dining_table_1'), rel), ctx);
      if (p.kind !== 'plan') throw new Error(p.reason);
      expect(p.calls.map((c) => c.skill)).toContain(skill);
    }
  });

  it('reads a relation that already holds from the believed positions', () => {
    const ctx = contextFromScene(loadBuiltinScene('home'), REACH);
    // The red mug stands 0.3 m from the red apple on the counter.
    expect(unmetGoal(one(P('nextTo', 'mug_red', 'apple_1')), ctx)).toEqual([]);
    expect(unmetGoal(one(P('nextTo', 'mug_red', 'fridge_1')), ctx)).toEqual([P('nextTo', 'mug_red', 'fridge_1')]);
  });
});
