import { describe, expect, it } from 'vitest';
import { beliefFromScene, goalPredicates, interpret } from '../../src/reasoning/index.js';
import { loadBuiltinScene } from '../../src/world/index.js';
import type { Interpretation } from '../../src/reasoning/index.js';
import { alfredBelief, alfredCorrect, slicingAssessable } from '../../scripts/report-language.js';

const ctx = { speaker: 'user' };
const preds = (r: Interpretation): string[] => (r.kind === 'goal' ? goalPredicates(r.goal).map((p) => `${p.pred}(${p.args.join(',')})`) : [`${r.kind}`]);

/** An ALFRED test belief with a second, identical-looking entity of `type` added. */
function withTwin(task: string, id: string, type: string, x: number) {
  const b = alfredBelief(task);
  const like = [...b.entities.values()].find((e) => e.type === type)!;
  b.entities.set(id, { ...like, id, position: { ...like.position, x } });
  return b;
}

describe('ALFRED sentence shapes', () => {
  it('takes the nearest of two same-type destinations named only by type, without asking', () => {
    const b = withTwin('pick_and_place_simple-Apple-None-CounterTop-1', 'recep_2', 'CounterTop', 9);
    expect(preds(interpret('put the apple on the counter', b, ctx))).toEqual(['on(object_1,recep_1)']);
  });
  it('still asks which object to move when two look different', () => {
    const b = withTwin('pick_and_place_simple-Mug-None-CounterTop-1', 'object_9', 'Mug', 1.5);
    b.entities.get('object_1')!.attributes.color = 'red';
    b.entities.get('object_9')!.attributes.color = 'blue';
    expect(interpret('put the mug on the counter', b, ctx).kind).toBe('clarify');
  });
  it('reads movable receptacles: a list after "with", and "inside X in Y"', () => {
    const b = alfredBelief('pick_and_place_with_movable_recep-TomatoSliced-Pot-Fridge-27');
    expect(preds(interpret('Put a pot with a chopped tomato and a knife in it in the fridge.', b, ctx))).toEqual(
      expect.arrayContaining(['in(object_1,movable_1)', 'isSliced(object_1)', 'in(knife_1,movable_1)', 'in(movable_1,recep_1)']),
    );
    const c = alfredBelief('pick_and_place_with_movable_recep-Apple-Pan-Fridge-26');
    expect(preds(interpret('Put a chilled apple inside a pan in the refrigerator.', c, ctx))).toEqual(['isCold(object_1)', 'on(object_1,movable_1)', 'in(movable_1,recep_1)']);
    const d = alfredBelief('pick_and_place_with_movable_recep-Potato-Bowl-Microwave-5');
    expect(preds(interpret('Please microwave one potato in a bowl.', d, ctx))).toEqual(['isHot(object_1)', 'in(object_1,movable_1)', 'in(movable_1,recep_1)']);
  });
  it('reads a place after a with-phrase, once the clause has its destination, as where the companion goes', () => {
    const b = alfredBelief('pick_and_place_with_movable_recep-PotatoSliced-Pot-Fridge-20');
    expect(preds(interpret('Store the knife in the fridge with the potato in the pot.', b, ctx))).toEqual(['in(object_1,movable_1)', 'in(knife_1,recep_1)', 'in(movable_1,recep_1)']);
    // Before any destination, the place is where the holder and what it holds go.
    expect(preds(interpret('put the pot with the potato in the fridge', b, ctx))).toEqual(['in(object_1,movable_1)', 'in(movable_1,recep_1)']);
    // A fixture holding the companion stays where it is.
    expect(preds(interpret('put the knife on the counter with the potato in the fridge', b, ctx))).toEqual(['in(object_1,recep_1)', 'on(knife_1,counter_1)']);
  });
  it('reads purpose clauses and an appliance passed through on the way', () => {
    const b = alfredBelief('pick_cool_then_place_in_recep-WineBottle-None-GarbageCan-17');
    expect(preds(interpret('Leave the wine bottle in the refrigerator to put it in the garbage can.', b, ctx))).toEqual(['isCold(object_1)', 'in(object_1,recep_1)']);
    const c = alfredBelief('pick_heat_then_place_in_recep-TomatoSliced-None-Fridge-23');
    expect(preds(interpret('Warm up a slice of tomato in the microwave to put in the refrigerator.', c, ctx))).toEqual(['isSliced(object_1)', 'isHot(object_1)', 'in(object_1,recep_1)']);
  });
  it('reads "while holding", coordinated verbs and joined participles', () => {
    const b = alfredBelief('look_at_obj_in_light-Laptop-None-FloorLamp-223');
    // A lamp switched on while a thing is kept in hand lights it.
    expect(preds(interpret('Switch a lamp on while holding the laptop.', b, ctx))).toEqual(['isOn(recep_1)', 'holding(*,object_1)', 'inLight(object_1,recep_1)']);
    const c = alfredBelief('pick_cool_then_place_in_recep-TomatoSliced-None-CounterTop-14');
    expect(preds(interpret('Put away the knife, slice, chill the tomato, put the tomato on the counter', c, ctx))).toEqual(['holding(*,knife_1)', 'isSliced(object_1)', 'isCold(object_1)', 'on(object_1,recep_1)']);
    const d = alfredBelief('pick_clean_then_place_in_recep-LettuceSliced-None-Fridge-12');
    expect(preds(interpret('place a rinsed and chopped lettuce slice in the fridge', d, ctx))).toEqual(['isSliced(object_1)', 'isClean(object_1)', 'in(object_1,recep_1)']);
  });
  it('knows reasoning-side synonyms only as a fallback', () => {
    const b = alfredBelief('pick_and_place_simple-HandTowel-None-Cabinet-412');
    expect(preds(interpret('put the towel in the cabinet', b, ctx))).toEqual(['in(object_1,recep_1)']);
    const c = alfredBelief('pick_clean_then_place_in_recep-ButterKnife-None-Drawer-8');
    expect(preds(interpret('put a knife in a drawer', c, ctx))).toEqual(['in(knife_1,recep_1)']);
  });
  it('allows metal in a microwave that is not run', () => {
    const b = alfredBelief('pick_two_obj_and_place-AppleSliced-None-Microwave-21');
    expect(interpret('Put two slices of apple and a knife into the microwave', b, ctx).kind).toBe('goal');
    expect(interpret('Put a knife into the microwave and heat an apple', b, ctx).kind).toBe('refuse');
  });
  it('does not assess slicing the sentence never mentions, but checks everything else', () => {
    const task = 'pick_cool_then_place_in_recep-AppleSliced-None-DiningTable-27';
    expect(slicingAssessable(task, 'Set a cold apple on the table.')).toBe(false);
    expect(slicingAssessable(task, 'Set a cold apple slice on the table.')).toBe(true);
    const b = alfredBelief(task);
    expect(alfredCorrect(task, interpret('Set a cold apple on the table.', b, ctx), b, 'Set a cold apple on the table.')).toBe(true);
    expect(alfredCorrect(task, interpret('Set the apple on the table.', b, ctx), b, 'Set the apple on the table.')).toBe(false);
    expect(alfredCorrect(task, interpret('Set a cold apple on the table and slice it.', b, ctx), b, 'Set a cold apple on the table and slice it.')).toBe(true);
    expect(alfredCorrect(task, interpret('Set a cold apple slice on the table.', b, ctx), b, 'x slice')).toBe(true);
  });
  it('reads "under the sink" as the cupboard below it, and passive purpose clauses', () => {
    const b = alfredBelief('pick_clean_then_place_in_recep-SoapBar-None-Cabinet-428');
    expect(preds(interpret('Put a rinsed bar of soap under the sink.', b, ctx))).toEqual(['isClean(object_1)', 'in(object_1,recep_1)']);
    const c = alfredBelief('pick_and_place_with_movable_recep-TomatoSliced-Pan-CounterTop-28');
    expect(preds(interpret('Cut the tomato to be put in a pan to be carried to the counter.', c, ctx))).toEqual(['isSliced(object_1)', 'on(object_1,movable_1)', 'on(movable_1,recep_1)']);
  });
  it('a place that was looked in and holds no such thing does not hide the only one believed elsewhere', () => {
    const b = alfredBelief('pick_and_place_simple-TomatoSliced-None-SideTable-3');
    expect(preds(interpret('Take the tomato out of the fridge and chop it up on the table.', b, ctx))).toEqual(['isSliced(object_1)', 'on(object_1,recep_1)']);
    // A fridge never opened keeps the filter: the thing is searched for there.
    const home = beliefFromScene(loadBuiltinScene('home'));
    expect(interpret('bring me the egg from the fridge', home, { speaker: 'alex' }).kind).toBe('search');
  });
  it('slicing a thing "in" a container it is not in puts the pieces there; one it is in only says which', () => {
    const b = alfredBelief('pick_and_place_simple-AppleSliced-None-Fridge-30');
    expect(preds(interpret('Slice the apple in the fridge', b, ctx))).toEqual(['isSliced(object_1)', 'in(object_1,recep_1)']);
    b.entities.get('object_1')!.placement = { relation: 'in', target: 'recep_1' };
    expect(preds(interpret('Slice the apple in the fridge', b, ctx))).toEqual(['isSliced(object_1)']);
  });
  it('"dirty" does not rule out a thing whose dirt the belief has not seen', () => {
    const b = alfredBelief('pick_clean_then_place_in_recep-Cloth-None-CounterTop-408');
    expect(preds(interpret('Grab the dirty cloth, wash it off, put on the counter', b, ctx))).toEqual(['isClean(object_1)', 'on(object_1,recep_1)']);
  });
});
