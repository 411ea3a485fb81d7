import { describe, expect, it } from 'vitest';
import { beliefFromScene, goalPredicates, interpret } from '../../src/reasoning/index.js';
import type { Interpretation } from '../../src/reasoning/index.js';
import { loadBuiltinScene, loadScene } from '../../src/world/index.js';
import { conformalQuantile } from '../../scripts/calibrate-asking.js';
import { candidateClasses, scoreClasses, stem } from '../../src/reasoning/builtin/interpret/asking.js';
import { parseNounPhrase } from '../../src/reasoning/builtin/interpret/noun-phrase.js';
import { analyse } from '../../src/reasoning/builtin/nlp.js';

/** A small kitchen written for these tests: things told apart by their names, as a person names them. */
const kitchen = loadScene({
  name: 'words-kitchen',
  kind: 'house',
  rooms: [{ id: 'kitchen', name: 'kitchen', rect: { x: 0, y: 0, w: 6, d: 5 } }],
  entities: [
    { id: 'counter', type: 'CounterTop', name: 'counter', position: { x: 2, y: 0.5, z: 0.9 }, size: { w: 3, d: 0.6, h: 0.9 } },
    { id: 'fridge', type: 'Fridge', position: { x: 5, y: 0.5, z: 0.9 } },
    { id: 'bin', type: 'GarbageCan', position: { x: 5.5, y: 3, z: 0.4 } },
    { id: 'metal_bowl', type: 'Bowl', name: 'metal bowl', attributes: { material: 'metal' }, placement: { relation: 'on', target: 'counter' } },
    { id: 'glass_bowl', type: 'Bowl', name: 'glass bowl', attributes: { material: 'glass' }, placement: { relation: 'on', target: 'counter' } },
    { id: 'greek', type: 'Cup', name: 'greek yogurt cup', placement: { relation: 'on', target: 'counter' } },
    { id: 'vanilla', type: 'Cup', name: 'vanilla yogurt cup', placement: { relation: 'on', target: 'counter' } },
    { id: 'potato', type: 'Potato', placement: { relation: 'on', target: 'counter' } },
    { id: 'apple', type: 'Apple', placement: { relation: 'on', target: 'counter' } },
    { id: 'raspberries', type: 'Apple', name: 'raspberries', placement: { relation: 'on', target: 'counter' } },
    { id: 'red_mug', type: 'Mug', attributes: { color: 'red' }, placement: { relation: 'on', target: 'counter' } },
    { id: 'blue_mug', type: 'Mug', attributes: { color: 'blue' }, placement: { relation: 'on', target: 'counter' } },
    { id: 'left_cabinet', type: 'Cabinet', name: 'left cabinet', position: { x: 0.5, y: 4.5, z: 1.5 } },
    { id: 'right_cabinet', type: 'Cabinet', name: 'right cabinet', position: { x: 1.5, y: 4.5, z: 1.5 } },
    { id: 'bread_knife', type: 'Knife', name: 'bread knife', position: { x: 2, y: 2.2, z: 0.9 } },
    { id: 'paring_knife', type: 'Knife', name: 'paring knife', position: { x: 5.5, y: 4.5, z: 0.9 } },
    { id: 'frying_pan', type: 'Pan', name: 'frying pan', position: { x: 4.5, y: 4.5, z: 0.9 } },
    { id: 'rye_bread', type: 'Bread', name: 'rye bread', placement: { relation: 'on', target: 'counter' } },
    { id: 'whole_grain_bread', type: 'Bread', name: 'whole grain bread', placement: { relation: 'on', target: 'counter' } },
    { id: 'potato_chips', type: 'Bread', name: 'potato chips', placement: { relation: 'on', target: 'counter' } },
    { id: 'rice_chips', type: 'Bread', name: 'rice chips', placement: { relation: 'on', target: 'counter' } },
    { id: 'drinking_glass', type: 'Cup', name: 'glass', attributes: { material: 'glass' }, position: { x: 5.5, y: 1.5, z: 0.9 } },
    { id: 'grill_pan', type: 'Pan', name: 'grill pan', position: { x: 2.5, y: 2.2, z: 0.9 } },
  ],
  robots: [{ id: 'robot', kind: 'mobile_manipulator', pose: { x: 2, y: 2, theta: 0 }, capabilities: ['navigate', 'manipulate', 'open', 'toggle', 'slice', 'clean', 'heat', 'cool', 'handover', 'search'] }],
  people: [{ id: 'alex', name: 'Alex', room: 'kitchen', position: { x: 3, y: 3 } }],
});
const ask = (text: string): Interpretation => interpret(text, beliefFromScene(kitchen), { speaker: 'alex' });
const preds = (r: Interpretation): string[] => (r.kind === 'goal' ? goalPredicates(r.goal).map((p) => `${p.pred}(${p.args.join(',')})`) : [r.kind]);

describe('words orca has no entry for, through WordNet', () => {
  it('reads synonyms of its own verbs and the override table', () => {
    expect(preds(ask('Could you chill the potato?'))).toEqual(['isCold(potato)']);
    expect(preds(ask('Please dispose of the apple.'))).toEqual(['in(apple,bin)']);
    expect(preds(ask('Retrieve the potato for me.'))).toEqual(['heldBy(potato,alex)']);
  });

  it('reads a word the catalogue lacks as the kind of named things ("berries" are the raspberries)', () => {
    expect(preds(ask('Put the berries in the fridge.'))).toEqual(['in(raspberries,fridge)']);
  });

  it('answers a verb it knows but cannot do with the nearest skills, and an unknown word as unknown', () => {
    const bake = ask('Bake the potato.');
    expect(bake).toMatchObject({ kind: 'not_understood', unknown: ['bake'], reason: 'I can\'t "bake"' });
    if (bake.kind === 'not_understood') expect(bake.closest).toContain('heat');
    expect(ask('Please flibber the potato.')).toMatchObject({ kind: 'not_understood', reason: expect.stringContaining('do not know the word "flibber"') });
  });

  it('does the clauses it can and says which verbs it cannot do, keeping their objects for "it"', () => {
    const r = ask('Pick up the potato, juggle it, then put it in the fridge.');
    expect(preds(r)).toEqual(['in(potato,fridge)']);
    expect(r.kind === 'goal' && r.notes?.some((n) => n.startsWith("I can't juggle"))).toBe(true);
  });
});

describe('asking only when the choice may change the outcome', () => {
  it('asks one question naming the candidates by their names when a phrase fits different things', () => {
    const r = ask('Bring me the yogurt.');
    expect(r.kind).toBe('clarify');
    if (r.kind !== 'clarify') return;
    expect(r.question).toBe('Which yogurt — the greek yogurt cup or the vanilla yogurt cup?');
    expect(r.options).toEqual(['the greek yogurt cup', 'the vanilla yogurt cup']);
  });

  it('does not ask when the phrase names one, and gives the grounding its confidence', () => {
    const r = ask('Bring me the vanilla yogurt.');
    expect(preds(r)).toEqual(['heldBy(vanilla,alex)']);
    expect(r.kind === 'goal' && r.groundings[0]!.confidence).toBeGreaterThan(0.9);
    expect(preds(ask('Put the potato in the metal bowl.'))).toEqual(['in(potato,metal_bowl)']);
  });

  it('asks about "a" among named varieties of what was said: the choice is a preference', () => {
    const r = ask('Bring me a yogurt cup.');
    expect(r).toMatchObject({ kind: 'clarify', options: ['the greek yogurt cup', 'the vanilla yogurt cup'] });
    // The place the slices go is as much a choice: the same phrase is not evidence for its own first pick.
    const bowl = ask('Slice the potato and put it in a bowl.');
    expect(bowl).toMatchObject({ kind: 'clarify', options: expect.arrayContaining(['the metal bowl', 'the glass bowl']) });
  });

  it('takes any one for "a" among unnamed look-alikes, or names that differ only in where', () => {
    const mug = ask('Bring me a mug.');
    expect(mug.kind).toBe('goal');
    expect(preds(ask('Put the potato in a cabinet.'))).toHaveLength(1);
  });

  it('reads a word of the phrase no name uses in the candidates\' definitions ("sharp")', () => {
    const r = ask('Bring me a sharp knife.');
    expect(preds(r)).toEqual(['heldBy(paring_knife,alex)']);
    expect(r.kind === 'goal' && r.groundings[0]!.confidence).toBeGreaterThan(0.5);
  });

  it('takes the likeliest without asking when the phrase leaves the choice to orca ("the suitable pan")', () => {
    expect(ask('Heat up a pan.').kind).toBe('clarify');
    const r = ask('Heat up the suitable pan to fry an egg.');
    expect(r.kind).toBe('goal');
    expect(r.kind === 'goal' && r.groundings[0]!.ids).toEqual(['frying_pan']);
    expect(r.kind === 'goal' && r.notes?.some((n) => n.includes('the frying pan'))).toBe(true);
  });

  it('reads an amount of a named thing as that thing ("a layer of yogurt"), and asks which', () => {
    expect(ask('Spread a layer of yogurt on the counter.')).toMatchObject({ kind: 'clarify', options: ['the greek yogurt cup', 'the vanilla yogurt cup'] });
    expect(preds(ask('Put a pinch of the raspberries in the metal bowl.'))).toEqual(['in(raspberries,metal_bowl)']);
  });

  it('holds a longer name against a thing only beside a plain one named by the shared words alone', () => {
    expect(ask('Bring me a slice of bread.')).toMatchObject({ kind: 'clarify', options: ['the rye bread', 'the whole grain bread'] });
  });

  it('reads "a" as bringing in a new thing: what was said of another thing is no evidence for it', () => {
    expect(preds(ask('Take the glass bowl, then bring me a glass.'))).toEqual(['holding(*,glass_bowl)', 'heldBy(drinking_glass,alex)']);
  });

  it('scores "a side of chips" as a new thing: a word said of another thing in the request does not favour a name', () => {
    const belief = beliefFromScene(kitchen);
    const chips = belief.all().filter((e) => e.name?.endsWith('chips'));
    const np = parseNounPhrase(analyse('a side of chips'), []);
    const scores = scoreClasses(np, candidateClasses(np, chips), { requestWords: new Set(['cook', 'rice', 'side', 'chips']), mentioned: new Set() });
    expect(scores[0]).toBe(scores[1]);
  });

  it('takes the nearest destination when the names differ only in the room ("kitchen sink", "bathroom sink")', () => {
    const home = beliefFromScene(loadBuiltinScene('home'));
    const r = interpret('put the potato in the sink', home, { speaker: 'alex' });
    expect(r.kind).toBe('goal');
  });

  it('reads a digit as a count, not as part of a name', () => {
    expect(preds(ask('Put 1 vanilla yogurt cup in the fridge.'))).toEqual(['in(vanilla,fridge)']);
  });

  it('compares definitions with the request across inflections', () => {
    expect(['frying', 'fruits', 'cutting', 'fried'].map(stem)).toEqual(['fry', 'fruit', 'cut', 'fry']);
  });

  it('asks about the things of a verb it cannot do, since someone must use the right one', () => {
    const r = ask('Spread the yogurt on the counter.');
    expect(r).toMatchObject({ kind: 'clarify', options: ['the greek yogurt cup', 'the vanilla yogurt cup'] });
  });
});

describe('conformal calibration', () => {
  it('takes the finite-sample quantile, and the largest score when there are too few', () => {
    const scores = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];
    expect(conformalQuantile(scores, 0.8)).toBe(0.8);
    expect(conformalQuantile(scores, 0.95)).toBe(1);
  });
});

describe('participles describe, they do not command', () => {
  it('does not heat the bread of "a slice of toasted bread" when the request only spreads on it', () => {
    const home = beliefFromScene(loadBuiltinScene('home'));
    const r = interpret('Spread the butter onto a slice of toasted bread.', home, { speaker: 'alex' });
    expect(r).toMatchObject({ kind: 'not_understood', reason: expect.stringContaining('I can\'t "spread"') });
  });
});
