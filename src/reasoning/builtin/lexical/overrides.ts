/**
 * The household senses WordNet ranks low or reads differently, each with the reason. This is the only
 * hand-written word list of the lexical layer; everything else comes from WordNet's senses.
 */

/** A noun read as another WordNet word, or as catalogue types directly. */
export interface NounOverride {
  /** Read as this WordNet lemma instead ("soda" → "soft drink"). */
  readAs?: string;
  /** Catalogue types, when the catalogue has a stand-in WordNet does not reach. */
  types?: readonly string[];
}

export const NOUN_OVERRIDES: Readonly<Record<string, NounOverride>> = {
  // In American households "soda" and "pop" name any soft drink; WordNet makes them a sibling of cola.
  soda: { readAs: 'soft drink' },
  pop: { readAs: 'soft drink' },
  // There is no magazine type; a periodical is handled like the newspaper (WordNet: both are "press").
  magazine: { types: ['Newspaper', 'Book'] },
  // WordNet's first "counter" is a person or a tally; in a house it is the worktop.
  counter: { types: ['CounterTop'] },
};

/**
 * Verbs read as one of orca's own verbs although WordNet ranks that sense low or files it elsewhere:
 * "dispose (of)" is first "give or sell" in WordNet, at home it means throwing away; "chuck" is first
 * "pat under the chin".
 */
export const VERB_OVERRIDES: Readonly<Record<string, string>> = {
  dispose: 'discard',
  chuck: 'discard',
};

/**
 * Nouns that name an amount of what follows "of" in a kitchen request ("a layer of yogurt", "a pinch of
 * salt", "a side of chips", "equal parts of mustard"), though WordNet files their first senses elsewhere:
 * a layer is a thickness, a pinch a squeeze or a tight spot, a side a place, a part a component, a
 * splash a sound, a drizzle light rain, a dash a run.
 */
export const AMOUNT_OVERRIDES: ReadonlySet<string> = new Set(['layer', 'pinch', 'side', 'part', 'splash', 'drizzle', 'dash', 'sprinkle']);
