import { describe, expect, it } from 'vitest';
import { loadBuiltinScene } from '../../src/world/index.js';
import { beliefFromScene, continueAfterAnswer, goalPredicates, interpret, resolveAnswer } from '../../src/reasoning/index.js';
import type { Interpretation } from '../../src/reasoning/index.js';

const home = beliefFromScene(loadBuiltinScene('home'));
const ctx = { speaker: 'alex' };
const preds = (r: Interpretation): string[] => (r.kind === 'goal' ? goalPredicates(r.goal).map((p) => `${p.pred}(${p.args.join(',')})`) : []);

describe('interpreting household English on the home scene', () => {
  it('asks which mug, naming colour and place, and resolves the answer', () => {
    const r = interpret('bring me the mug', home, ctx);
    expect(r.kind).toBe('clarify');
    if (r.kind !== 'clarify' || !r.pending) return;
    expect(r.question).toMatch(/red one/);
    expect(r.question).toMatch(/blue one/);
    expect(resolveAnswer(r.pending, 'the blue one', home)).toEqual(['mug_blue']);
    expect(resolveAnswer(r.pending, 'the one in the sink', home)).toEqual(['mug_blue']);
    expect(resolveAnswer(r.pending, 'hmm', home)).toBeNull();
    expect(preds(continueAfterAnswer(r.pending, 'the red one', home, ctx)!)).toEqual(['heldBy(mug_red,alex)']);
  });
  it('does not ask for an indefinite mug', () => {
    expect(interpret('bring me a mug', home, ctx).kind).toBe('goal');
  });
  it('grounds attributes and locations', () => {
    expect(preds(interpret('wash the red mug', home, ctx))).toEqual(['isClean(mug_red)']);
    expect(preds(interpret('put the mug in the sink on the counter', home, ctx))).toEqual(['on(mug_blue,counter_1)']);
  });
  it('orders steps on "then" and resolves "it"', () => {
    const r = interpret('wash the red mug, then put it in the microwave and turn it on', home, ctx);
    expect(r.kind).toBe('goal');
    if (r.kind !== 'goal') return;
    expect(r.goal.steps.length).toBe(2);
    expect(preds(r)).toEqual(expect.arrayContaining(['isClean(mug_red)', 'in(mug_red,microwave_1)', 'isOn(microwave_1)']));
  });
  it('plans a search for things that may be in a closed container, and says when a thing does not exist', () => {
    const s = interpret('bring me the egg', home, ctx);
    expect(s.kind).toBe('search');
    if (s.kind === 'search') expect(s.search.containers).toContain('fridge_1');
    // Food is looked for in the fridge first, washable produce included; dishes in cabinets.
    for (const food of ['fetch the small green apple', 'I need a cracked egg']) {
      const f = interpret(food, home, ctx);
      expect(f.kind === 'search' && f.search.containers[0]).toBe('fridge_1');
    }
    expect(interpret('turn on the dishwasher', home, ctx).kind).toBe('not_found');
  });
  it('says which verb or thing it does not understand, and never answers with a bare "what would you like me to do?"', () => {
    const cases: [string, string[]][] = [
      ['please juggle the oranges', ['juggle', 'orange']],
      ['could you paint the wall blue', ['paint', 'wall']],
      ['I want you to whistle', ['whistle']],
      ['good morning', []],
    ];
    for (const [sentence, unknown] of cases) {
      const r = interpret(sentence, home, ctx);
      expect(r.kind, sentence).toBe('not_understood');
      if (r.kind !== 'not_understood') continue;
      expect(r.unknown).toEqual(unknown);
      for (const word of unknown) expect(r.reason).toContain(`"${word}"`);
    }
  });
  it('refuses unsafe or impossible requests', () => {
    expect(interpret('put the knife in the microwave and turn it on', home, ctx).kind).toBe('refuse');
    expect(interpret('heat the phone', home, ctx).kind).toBe('refuse');
    expect(interpret('hand the knife to the child', home, ctx).kind).toBe('refuse');
    expect(interpret('slice the red mug', home, ctx).kind).toBe('refuse');
  });
  it('lets metal be stored in a microwave that is not run', () => {
    expect(preds(interpret('put the knife in the microwave', home, ctx))).toEqual(expect.arrayContaining([expect.stringMatching(/^in\(.*knife.*,microwave_1\)$/)]));
  });
  it('uses everyday names', () => {
    expect(preds(interpret('put the clock on the night stand', home, ctx))).toEqual(['on(alarm_clock_1,side_table_1)']);
  });
});
