import { describe, expect, it } from 'vitest';
import { loadBuiltinScene } from '../../src/world/index.js';
import { beliefFromScene, goalPredicates, interpret } from '../../src/reasoning/index.js';
import type { Interpretation } from '../../src/reasoning/index.js';
import { normalisePhrase, recallReference } from '../../src/reasoning/memory-prior.js';
import type { RememberedReference } from '../../src/reasoning/memory-prior.js';

const home = beliefFromScene(loadBuiltinScene('home'));
const preds = (r: Interpretation): string[] => (r.kind === 'goal' ? goalPredicates(r.goal).map((p) => `${p.pred}(${p.args.join(',')})`) : []);
const mine = (ids: string[], person: string | null = 'alex', phrase = 'my mug'): RememberedReference => ({ entryId: 'mem-1', phrase, ids, label: 'the blue mug', person });

describe('grounding with the site memory', () => {
  it('asks which mug when memory says nothing', () => {
    expect(interpret('bring me my mug', home, { speaker: 'alex' }).kind).toBe('clarify');
  });

  it('takes the thing the phrase meant before, without asking, and says so in the plan', () => {
    const r = interpret('bring me my mug', home, { speaker: 'alex', memory: [mine(['mug_blue'])] });
    expect(preds(r)).toEqual(['heldBy(mug_blue,alex)']);
    expect(r.kind === 'goal' ? r.notes?.join(' ') : '').toMatch(/you chose it last time/);
  });

  it("does not use another person's phrase", () => {
    expect(interpret('bring me my mug', home, { speaker: 'sam', memory: [mine(['mug_blue'])] }).kind).toBe('clarify');
  });

  it('uses a site-wide correction for everyone', () => {
    const r = interpret('bring me the mug', home, { speaker: 'alex', memory: [mine(['mug_red'], null, 'the mug')] });
    expect(preds(r)).toEqual(['heldBy(mug_red,alex)']);
  });

  it('lets what the request says win over memory', () => {
    expect(preds(interpret('bring me my red mug', home, { speaker: 'alex', memory: [mine(['mug_blue'])] }))).toEqual(['heldBy(mug_red,alex)']);
  });

  it('ignores an entry naming nothing among the candidates (never a wrong plan)', () => {
    expect(interpret('bring me my mug', home, { speaker: 'alex', memory: [mine(['apple_1'])] }).kind).toBe('clarify');
    expect(interpret('bring me my mug', home, { speaker: 'alex', memory: [mine(['no_such_thing'])] }).kind).toBe('clarify');
  });
});

describe('memory phrases', () => {
  it('keys phrases without articles or case', () => {
    expect(normalisePhrase('The  Mug!')).toBe('mug');
    expect(normalisePhrase("Alex's mug")).toBe('alexs mug');
    expect(recallReference('the usual mug', ['mug_red'], [mine(['mug_red'], 'alex', 'usual mug')], 'alex')?.entryId).toBe('mem-1');
  });
});
