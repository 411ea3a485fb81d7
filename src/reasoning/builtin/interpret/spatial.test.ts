import { describe, expect, it } from 'vitest';
import { loadBuiltinScene } from '../../../world/index.js';
import { beliefFromScene } from '../../belief-scene.js';
import { goalPredicates } from '../../goal.js';
import type { Interpretation } from '../../goal.js';
import { interpret } from './index.js';

const home = beliefFromScene(loadBuiltinScene('home'));
const office = beliefFromScene(loadBuiltinScene('saycan'));
const preds = (r: Interpretation): string[] => (r.kind === 'goal' ? goalPredicates(r.goal).map((p) => `${p.pred}(${p.args.join(',')})`) : [`${r.kind}`]);
const say = (text: string, b = home): string[] => preds(interpret(text, b, { speaker: 'alex' }));

describe('spatial relations as goals', () => {
  it('sets a thing down beside another, on the surface the other stands on, never in it', () => {
    expect(say('put the apple next to the coke can', office)).toEqual(['on(apple_1,table_1)', 'nextTo(apple_1,coke_can)']);
    expect(say('set the potato down beside the plate')).toEqual(['on(potato_1,dining_table_1)', 'nextTo(potato_1,plate_1)']);
    expect(say('leave the bread near the salt shaker')).toEqual(['on(bread_1,dining_table_1)', 'nextTo(bread_1,salt_shaker_1)']);
  });

  it('reads each side of a thing, as the room is seen', () => {
    expect(say('put the potato to the left of the plate')).toEqual(['on(potato_1,dining_table_1)', 'leftOf(potato_1,plate_1)']);
    expect(say('move the potato right of the bowl')).toEqual(['on(potato_1,dining_table_1)', 'rightOf(potato_1,bowl_1)']);
    expect(say('place the potato behind the plate')).toEqual(['on(potato_1,dining_table_1)', 'behind(potato_1,plate_1)']);
    expect(say('put the potato in front of the bowl')).toEqual(['on(potato_1,dining_table_1)', 'inFrontOf(potato_1,bowl_1)']);
  });

  it('puts a thing between two others', () => {
    expect(say('put the potato between the plate and the bowl')).toEqual(['on(potato_1,dining_table_1)', 'between(potato_1,plate_1,bowl_1)']);
  });

  it('keeps a surface the sentence names, and the side of what is on it', () => {
    expect(say('put the potato on the counter to the left of the microwave')).toEqual(['on(potato_1,counter_1)', 'leftOf(potato_1,microwave_1)']);
    // A fixture set into a counter (the sink basin): beside it is on the counter.
    expect(say('put the potato next to the kitchen sink')).toEqual(['on(potato_1,counter_1)', 'nextTo(potato_1,sink_basin_1)']);
  });

  it('reads "in the drawer next to …" as which drawer, not where beside it', () => {
    const r = say('put the spoon in the cabinet next to the fridge');
    expect(r).toEqual(['in(spoon_1,cabinet_1)']);
  });
});

describe('spatial relations as descriptions', () => {
  it('tells things apart by where they stand', () => {
    // Two mugs: the red one stands by the apple on the counter, the blue one in the sink by the faucet.
    expect(say('bring me the mug by the knife')).toEqual(['heldBy(mug_red,alex)']);
    expect(say('pick up the mug next to the faucet')).toEqual(['holding(*,mug_blue)']);
  });

  it('does not rule anything out when nothing stands so', () => {
    expect(interpret('bring me the mug next to the bed', home, { speaker: 'alex' }).kind).toBe('clarify');
  });
});
