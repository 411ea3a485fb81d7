import { describe, expect, it } from 'vitest';
import { loadBuiltinScene } from '../../src/world/index.js';
import { beliefFromScene, goalPredicates, interpret } from '../../src/reasoning/index.js';
import type { Interpretation } from '../../src/reasoning/index.js';

const belief = beliefFromScene(loadBuiltinScene('saycan'));
const ctx = { speaker: 'alex' };
const read = (text: string): Interpretation => interpret(text, belief, ctx);
const preds = (text: string): string[] => {
  const r = read(text);
  return r.kind === 'goal' ? goalPredicates(r.goal).map((p) => `${p.pred}(${p.args.join(',')})`) : [r.kind];
};

describe('SayCan office kitchen', () => {
  it('loads the scene with named products on counters, a table, three bins and a closed drawer', () => {
    const scene = loadBuiltinScene('saycan');
    expect(scene.entities.filter((e) => e.type === 'GarbageCan').map((e) => e.name)).toEqual(['trash can', 'recycling bin', 'compost bin']);
    expect(belief.unknowns().map((u) => u.id)).toEqual(['drawer_1']);
  });
  it('grounds brand and product names, with typos and split words', () => {
    expect(preds('Bring me a sprite.')).toEqual(['heldBy(sprite_can,alex)']);
    expect(preds('Please, move the ppsi to the close cuonter')).toEqual(['on(pepsi_can,close_counter)']);
    expect(preds('Deliver the red bull to the close counter')).toEqual(['on(redbull_can,close_counter)']);
    expect(preds('How would you recycle the 7up?')).toEqual(['in(sevenup_can,recycling_bin)']);
    expect(preds('How would you compost the apple?')).toEqual(['in(apple_1,compost_bin)']);
    expect(preds('Throw away the jalepeno chips.')).toEqual(['in(jalapeno_chips,trash_can)']);
  });
  it('a named thing answers to a type word only when its name uses it: the orange is not "the apple"', () => {
    expect(preds('Throw away the apple.')).toEqual(['in(apple_1,trash_can)']);
    expect(preds('Bring me the orange.')).toEqual(['heldBy(orange_1,alex)']);
  });
  it('reads kinds and exclusions: soda, salty, spicy, caffeinated, clear, "that isn\'t a coke"', () => {
    const soda = preds('Bring me a soda that isn’t a coke.');
    expect(soda).toHaveLength(1);
    expect(soda[0]).toMatch(/^heldBy\((pepsi_can|sevenup_can|sprite_can|lime_soda|grapefruit_soda),alex\)$/);
    expect(preds('Can you bring me something spicy?')).toEqual(['heldBy(jalapeno_chips,alex)']);
    expect(preds('Can you bring me something salty?')[0]).toMatch(/chips,alex\)$/);
    expect(preds('I’d like a clear soda.')[0]).toMatch(/^heldBy\((sevenup_can|sprite_can),alex\)$/);
    expect(preds('Could you get me a drink with caffeine?')[0]).toMatch(/^heldBy\((coke_can|pepsi_can|redbull_can|tea_1),alex\)$/);
  });
  it('uses what the speaker told: spills, opened cans, preferences and allergies', () => {
    expect(preds('I spilled my coke, can you bring me something to clean it up?')).toEqual(['heldBy(sponge_1,alex)']);
    expect(preds('I spilled my coke on the table, how would you throw it away and then bring me something to help clean?')).toEqual(['in(coke_can,trash_can)', 'heldBy(sponge_1,alex)']);
    expect(preds('I opened a pepsi earlier. How would you bring me an open can?')).toEqual(['heldBy(pepsi_can,alex)']);
    // "get" without "me" reads as picking up, as in ALFRED's "get the cloth".
    expect(preds('I love spice, can you get something to eat?')).toEqual(['holding(*,jalapeno_chips)']);
    expect(preds('I’m allergic to apples, can I get a fruit?')[0]).not.toContain('apple_1');
    expect(preds('There is a close counter, far counter, and table. How would you visit all the locations?')).toEqual(['near(*,close_counter)', 'near(*,far_counter)', 'near(*,table_1)']);
  });
  it('asks when the request is ambiguous and searches the closed drawer for what it has not seen', () => {
    const r = read('Would you throw away the bag of chips for me?');
    expect(r.kind).toBe('clarify');
    if (r.kind === 'clarify') expect(r.question).toBe('Which bag of chips — the jalapeno chips bag, the multigrain chips bag or the kettle chips bag?');
    expect(read('I left something on the table, can you throw it away?').kind).toBe('clarify');
    const s = read('Restock the rice chips on the counter');
    expect(s).toEqual({ kind: 'search', search: { type: 'Bread', containers: ['drawer_1'] } });
    expect(read('Can you throw away three oranges?').kind).toBe('search');
  });
  it('reads "something that is not an apple" as another thing of the same kind, nearest first', () => {
    expect(preds('Bring me something that is not an apple.')).toEqual(['heldBy(orange_1,alex)']);
    expect(preds('Bring me something that is not a coke.')[0]).toMatch(/^heldBy\((pepsi_can|sevenup_can|redbull_can|grapefruit_soda|sprite_can|lime_soda|tea_1|water_bottle),alex\)$/);
  });
  it('says plainly what is missing: none at that place, or fewer than asked for', () => {
    const seen = beliefFromScene(loadBuiltinScene('saycan'));
    seen.markSeenInside('drawer_1');
    const fruits = interpret('Throw away all the fruits on the table.', seen, ctx);
    expect(fruits).toMatchObject({ kind: 'not_found', reason: 'There are no fruits on the table that I know of.' });
    const oranges = interpret('Can you throw away three oranges?', seen, ctx);
    expect(oranges).toMatchObject({ kind: 'not_found', reason: 'I know of only 1 of the 3 oranges you asked for.' });
  });
  it('reads lists with commas and robot-centred phrasing', () => {
    expect(preds('How would you move the lime soda, the sponge, and the water bottle to the table?')).toEqual(['on(lime_soda,table_1)', 'on(sponge_1,table_1)', 'on(water_bottle,table_1)']);
    expect(preds('Put the coke can in your gripper.')).toEqual(['holding(*,coke_can)']);
    expect(preds('Move to the table')).toEqual(['near(*,table_1)']);
    expect(preds('How would throw away all the items on the table?').every((p) => p.endsWith(',trash_can)'))).toBe(true);
  });
});
