import { describe, expect, it } from 'vitest';
import { loadBuiltinScene } from '../../../world/index.js';
import { beliefFromScene } from '../../belief-scene.js';
import { goalPredicates } from '../../goal.js';
import type { Interpretation } from '../../goal.js';
import { interpret, interpretWithSteps } from './index.js';
import { readProcedure } from './procedure.js';

const home = beliefFromScene(loadBuiltinScene('home'));
const ctx = { speaker: 'alex' };
const preds = (r: Interpretation): string[] => (r.kind === 'goal' ? goalPredicates(r.goal).map((p) => `${p.pred}(${p.args.join(',')})`).sort() : [r.kind]);
const summary = (steps: string[]) => {
  const p = readProcedure(steps, home);
  return p.things.filter((t) => !t.fixture).map((t) => ({ key: t.key, portion: t.portion, source: t.source, states: [...t.states].sort(), rests: p.restingPlace(t) }));
};

describe('reading step-by-step directions as a procedure', () => {
  it('skips navigation and follows what is picked, changed and put down', () => {
    expect(summary(['Turn left and walk to the counter.', 'Pick up the apple.', 'Turn around, go to the sink.', 'Rinse it in the sink.', 'Put the apple on the table.'])).toEqual([
      { key: 'Apple#1', portion: false, source: false, states: ['isClean'], rests: 'DiningTable' },
    ]);
  });
  it('chills what goes into the fridge and comes out again, but a microwave heats only when run', () => {
    expect(summary(['Pick up the apple.', 'Open the fridge, put the apple inside, close the door, take the apple out once it is cold.', 'Put it on the counter.'])[0]!.states).toEqual(['isCold']);
    expect(summary(['Pick up the knife.', 'Put the knife in the microwave.', 'Take the knife from the microwave.'])[0]!.states).toEqual([]);
    expect(summary(['Pick up the potato.', 'Put the potato in the microwave, set the timer, take it out.'])[0]!.states).toEqual(['isHot']);
    expect(summary(['Walk to microwave.', 'Pick up the potato.'])[0]!.states).toEqual([]);
    expect(summary(['Pick up the potato.', 'Put it in the sink and turn on the faucet.'])[0]!.states).toEqual(['isClean']);
    expect(summary(['Pick up the potato.', 'Put it on the counter and turn on the faucet.'])[0]!.states).toEqual([]);
  });
  it('tells a loaf from the slices taken from it, and each "a slice" from the one before', () => {
    expect(summary(['Pick up the knife.', 'Slice the bread on the counter.', 'Pick up a slice of bread.', 'Open the fridge, put the slice on the top shelf, close the fridge.', 'Pick up a slice of bread.', 'Put it in the fridge.'])).toEqual([
      { key: 'Knife#1', portion: false, source: false, states: [], rests: null },
      { key: 'Bread#1', portion: false, source: true, states: ['isSliced'], rests: null },
      { key: 'Bread#2', portion: true, source: false, states: [], rests: 'Fridge' },
      { key: 'Bread#3', portion: true, source: false, states: [], rests: 'Fridge' },
    ]);
  });
  it('carries a thing in the vessel it was put in, and a place beside something is where that thing is', () => {
    const things = summary(['Pick up the tomato.', 'Put the tomato on the plate on the counter.', 'Pick up the plate.', 'Put the plate on the table.', 'Pick up the egg.', 'Put the egg next to the plate.']);
    expect(things.map((t) => [t.key, t.rests])).toEqual([['Tomato#1', 'DiningTable'], ['Plate#1', 'DiningTable'], ['Egg#1', 'DiningTable']]);
  });
});

describe('an instruction with its steps', () => {
  it('adds the state, count and vessel the sentence leaves unsaid, keeping what it says', () => {
    expect(preds(interpretWithSteps('Put the tomato on the dining table.', ['Pick up the tomato.', 'Put it in the fridge, then take it out.', 'Put it on the dining table.'], home, ctx))).toEqual(['isCold(tomato_1)', 'on(tomato_1,dining_table_1)']);
    expect(preds(interpretWithSteps('Put a pillow on the bed.', ['Pick up a pillow.', 'Put it on the bed.', 'Pick up another pillow.', 'Put it on the bed.'], home, ctx))).toEqual(['on(pillow_1,bed_1)', 'on(pillow_2,bed_1)']);
    expect(preds(interpretWithSteps('Put the tomato on the dining table.', ['Pick up the tomato.', 'Put the tomato on the plate.', 'Pick up the plate with the tomato.', 'Put the plate on the dining table.'], home, ctx))).toEqual(['on(plate_1,dining_table_1)', 'on(tomato_1,plate_1)']);
  });
  it('gives the sentence a place when it names none, and makes a goal of a sentence that names things but no command', () => {
    expect(preds(interpretWithSteps('Slice the potato and rinse a slice.', ['Pick up the knife.', 'Slice the potato.', 'Put the knife down on the counter.', 'Pick up a slice of potato.', 'Rinse it in the sink.', 'Put it on the dining table.'], home, ctx))).toEqual(['isClean(potato_1)', 'isSliced(potato_1)', 'on(potato_1,dining_table_1)']);
    expect(interpret('Preparing the bread for the fridge', home, ctx).kind).toBe('not_understood');
    expect(preds(interpretWithSteps('Preparing the bread for the fridge', ['Pick up the bread.', 'Open the fridge, put the bread inside, close the fridge.'], home, ctx))).toEqual(['in(bread_1,fridge_1)']);
  });
  it('leaves the sentence alone when the steps add nothing, cannot be read, or it needs a question', () => {
    const base = interpret('put the bread on the table', home, ctx);
    expect(interpretWithSteps('put the bread on the table', [], home, ctx)).toEqual(base);
    expect(preds(interpretWithSteps('put the bread on the table', ['Turn left.', '###', 'Walk straight.'], home, ctx))).toEqual(preds(base));
    expect(interpretWithSteps('bring me the mug', ['Pick up the mug.', 'Bring it to me.'], home, ctx).kind).toBe('clarify');
    // A delivery already says where the thing ends; the steps' table is only on the way.
    expect(preds(interpretWithSteps('bring me the bread', ['Pick up the bread.', 'Put it on the dining table.', 'Rinse it.'], home, ctx))).toEqual(['heldBy(bread_1,alex)', 'isClean(bread_1)']);
  });
  it('still refuses what the steps make unsafe', () => {
    expect(interpret('put the spoon in the microwave', home, ctx).kind).toBe('goal');
    expect(interpretWithSteps('put the spoon in the microwave', ['Pick up the spoon.', 'Put it in the microwave and set the timer.'], home, ctx).kind).toBe('refuse');
  });
});
