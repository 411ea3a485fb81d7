import { allTypes, typesForName } from '../../../world/catalog.js';
import { VERBS } from '../interpret/lexicon.js';
import type { VerbSense } from '../interpret/lexicon.js';
import { AMOUNT_OVERRIDES, NOUN_OVERRIDES, VERB_OVERRIDES } from './overrides.js';
import { wordnet } from './wordnet.js';
import type { Synset, WordNet } from './wordnet.js';

/**
 * Words → catalogue types and orca's verbs through WordNet's senses. A catalogue type is anchored at
 * the first sense of each of its everyday names that is a made thing or a food (so "pepper" is the
 * seasoning, not the plant, and "dish" the crockery, not the meal); a noun names a type when one of
 * its senses is that anchor or lies below it ("beer mug" is a mug, "stockpot" a pot). A verb is one
 * of orca's own when they share a sense ("fetch" is "bring", "chill" is "cool", "rinse" is "wash").
 */

/** WordNet's lexicographer files for made things and for foods. */
const ARTIFACT_FILE = 6;
const FOOD_FILE = 13;
/** Senses read per word: the rarer senses of a household word are seldom meant at home. */
const SENSES_READ = 3;
/** How far above a sense a catalogue anchor may be ("paper towel" → towel is 1, "cleaver" → knife 1). */
const TYPE_DEPTH = 4;

let anchors: Map<number, string[]> | undefined;

function typeAnchors(wn: WordNet): Map<number, string[]> {
  if (anchors) return anchors;
  anchors = new Map();
  for (const t of allTypes()) {
    if (t.family !== 'ai2thor') continue;
    // Foods are anchored at a food sense, everything else at a made thing ("bowl" the vessel, not a bowlful).
    const file = t.sliceable ? FOOD_FILE : ARTIFACT_FILE;
    for (const [i, alias] of t.aliases.entries()) {
      // Foods at their first food sense ("pepper" the seasoning, not the vegetable). Made things at every
      // sense that is a made thing for the type's own first name ("plate" ranks a metal sheet before the
      // dish), at the first two for its other names ("bowl" the vessel and the dish, "card" no further).
      const senses = wn.senses(alias, 'n').filter((s) => s.lexFile === file);
      for (const sense of senses.slice(0, file === FOOD_FILE ? 1 : i === 0 ? senses.length : 2)) {
        const list = anchors.get(sense.offset) ?? [];
        if (!list.includes(t.name)) list.push(t.name);
        anchors.set(sense.offset, list);
      }
    }
  }
  return anchors;
}

export interface NounReading {
  types: readonly string[];
  via: 'catalogue' | 'override' | 'wordnet';
  /** Steps from the word's sense up to the type's anchor (0 for the catalogue's own names). */
  distance: number;
}

function wordnetTypes(word: string, wn: WordNet): NounReading | null {
  const anchorsByOffset = typeAnchors(wn);
  let best: NounReading | null = null;
  for (const sense of wn.senses(word, 'n', SENSES_READ)) {
    const chain: { synset: Synset; distance: number }[] = [{ synset: sense, distance: 0 }, ...wn.ancestors(sense, TYPE_DEPTH)];
    const hit = chain.find((c) => anchorsByOffset.has(c.synset.offset));
    if (hit && (best === null || hit.distance < best.distance)) best = { types: anchorsByOffset.get(hit.synset.offset)!, via: 'wordnet', distance: hit.distance };
  }
  return best;
}

/**
 * The catalogue types an everyday noun (or compound, "paper towel") names: the catalogue's own names
 * first, then the override table, then WordNet. Null when none is reached.
 */
export function nounTypes(word: string): NounReading | null {
  const key = word.toLowerCase().trim();
  const listed = typesForName(key);
  if (listed.length > 0) return { types: listed, via: 'catalogue', distance: 0 };
  const override = NOUN_OVERRIDES[key];
  if (override?.types) return { types: override.types, via: 'override', distance: 0 };
  const wn = wordnet();
  if (!wn) return null;
  return wordnetTypes(override?.readAs ?? key, wn);
}

/** Whether WordNet (or the catalogue) knows a noun at all: a thing orca can name, even if it has none. */
export function isKnownNoun(word: string): boolean {
  if (typesForName(word).length > 0 || NOUN_OVERRIDES[word.toLowerCase()] !== undefined) return true;
  return (wordnet()?.senses(word, 'n', 1).length ?? 0) > 0;
}

/** Whether a noun phrase's head is a word WordNet knows ("spill of water" → "spill", "fresh slaw" → "slaw"). */
export function isKnownPhrase(phrase: string): boolean {
  const words = phrase.toLowerCase().split(/\s+/).filter((w) => /^[a-z'-]+$/.test(w));
  const of = words.indexOf('of');
  const head = of > 0 ? words[of - 1] : words[words.length - 1];
  return head !== undefined && (isKnownNoun(words.join(' ')) || isKnownNoun(head));
}

/** The words of what a noun is, a few steps up ("grapes" → edible fruit, fruit, produce), for context. */
export function kindWords(word: string, depth = 3): string[] {
  const wn = wordnet();
  const sense = wn?.senses(word, 'n', 1)[0];
  if (!wn || !sense) return [];
  return [...new Set(wn.ancestors(sense, depth).flatMap((a) => a.synset.words.flatMap((w) => w.split(' '))))];
}

/** WordNet's words for amounts and groups: "a tablespoon of", "a serving of", "a set of", "a kind of". */
const AMOUNT_ROOTS = ['measure', 'collection', 'kind'];

/** Whether a noun names an amount, a portion or a group of something rather than a thing ("layer", "pinch", "set"). */
export function isAmountNoun(word: string): boolean {
  const wn = wordnet();
  if (!wn || typesForName(word).length > 0) return false;
  if (AMOUNT_OVERRIDES.has(word)) return true;
  return wn.senses(word, 'n', SENSES_READ).some((s) => s.words.some((w) => AMOUNT_ROOTS.includes(w)) || wn.ancestors(s, 6).some((a) => a.synset.words.some((w) => AMOUNT_ROOTS.includes(w))));
}

/**
 * Whether a noun is a kind of another ("coke" is a soda, "banana" a fruit): one of the first senses of
 * `word` has one of the first senses of `kind` at or above it.
 */
export function isKindOf(word: string, kind: string, depth = 8, householdSenseOnly = false): boolean {
  const wn = wordnet();
  if (!wn) return false;
  const target = NOUN_OVERRIDES[kind]?.readAs ?? kind;
  const kinds = new Set(wn.senses(target, 'n', SENSES_READ).map((s) => s.offset));
  if (kinds.size === 0) return false;
  // A thing's own name is read in its first sense as a made thing or a food ("raspberry" the berry, not the bush).
  const senses = householdSenseOnly ? wn.senses(word, 'n').filter((x) => x.lexFile === ARTIFACT_FILE || x.lexFile === FOOD_FILE).slice(0, 1) : wn.senses(word, 'n', SENSES_READ);
  return senses.some((s) => kinds.has(s.offset) || wn.ancestors(s, depth).some((a) => kinds.has(a.synset.offset)));
}

/** Whether WordNet (or orca's lexicon) knows a verb at all, skill or not ("bake" yes, "flibber" no). */
export function isKnownVerb(lemma: string): boolean {
  return VERBS[lemma] !== undefined || (wordnet()?.senses(lemma, 'v', 1).length ?? 0) > 0;
}

export interface VerbReading {
  /** The orca verb the word is read as. */
  verb: string;
  sense: VerbSense;
  via: 'lexicon' | 'override' | 'wordnet';
}

/** Orca's verbs that name many unrelated things in WordNet ("get", "go", "have"): never reached by synonymy. */
function tooBroad(verb: string, wn: WordNet): boolean {
  return wn.offsets(verb, 'v').length > 15;
}

/** Actions whose manner does not matter to the skill that does them: carrying is carrying. */
const MANNER_FREE = new Set(['place', 'deliver', 'hold', 'discard', 'navigate']);
/**
 * A shared sense must be the first sense of orca's verb and among the first two of the word: a rarer
 * shared sense is a coincidence ("prepare" shares cooking's second sense).
 */
const SHARED_RANK = 2;

/**
 * How orca reads a verb lemma: its own verb, an override, a WordNet synonym of one of its own verbs
 * (the first sense of orca's verb, among the first two of the word), or a way of doing one of its moving verbs ("retrieve" is
 * a way to bring). A way of changing a thing's state is not read as the change: baking needs an oven,
 * so "bake" is not "heat" (see `closestVerbs`). Null for a verb orca has no skill for.
 */
export function verbReading(lemma: string): VerbReading | null {
  const own = VERBS[lemma];
  if (own) return { verb: lemma, sense: own, via: 'lexicon' };
  const override = VERB_OVERRIDES[lemma];
  if (override && VERBS[override]) return { verb: override, sense: VERBS[override]!, via: 'override' };
  // "reheat", "rewash", "refill": changing a state again or beforehand is that change ("reset", "relay" are not).
  const base = /^(re|pre)([a-z]{3,})$/.exec(lemma)?.[2];
  if (base && VERBS[base]?.action === 'state') return { verb: base, sense: VERBS[base]!, via: 'wordnet' };
  const wn = wordnet();
  if (!wn || !/^[a-z]+$/.test(lemma)) return null;
  const senses = wn.senses(lemma, 'v', SHARED_RANK);
  for (const sense of senses) {
    for (const word of sense.words) {
      const known = VERBS[word];
      // Harm is never inferred: "knife" shares a sense with "stab" and means nothing of the kind.
      if (!known || known.action === 'harm' || word === lemma || tooBroad(word, wn)) continue;
      if (wn.offsets(word, 'v')[0] === sense.offset) return { verb: word, sense: known, via: 'wordnet' };
    }
  }
  for (const sense of senses) {
    for (const { synset } of wn.ancestors(sense, 1)) {
      const word = synset.words.find((w) => VERBS[w] !== undefined && MANNER_FREE.has(VERBS[w]!.action) && !tooBroad(w, wn));
      if (word) return { verb: word, sense: VERBS[word]!, via: 'wordnet' };
    }
  }
  return null;
}

/**
 * Orca's verbs closest to one it has no skill for: those that share a sense with a more general verb
 * above it ("bake" is a way to cook: heat; "scrub" a way to clean), nearest first. Empty when WordNet
 * relates none.
 */
export function closestVerbs(lemma: string, depth = 3): string[] {
  const wn = wordnet();
  if (!wn) return [];
  const found: { verb: string; distance: number; rank: number }[] = [];
  wn.senses(lemma, 'v', SENSES_READ).forEach((sense, rank) => {
    for (const { synset, distance } of wn.ancestors(sense, depth)) {
      for (const word of synset.words) {
        // Only the household sense of orca's verb counts: "juggle" leads to cooking the books, not to cooking.
        const household = wn.offsets(word, 'v').slice(0, SHARED_RANK).includes(synset.offset);
        if (VERBS[word] && household && !tooBroad(word, wn) && VERBS[word]!.action !== 'harm') found.push({ verb: word, distance, rank });
      }
    }
  });
  found.sort((a, b) => a.distance - b.distance || a.rank - b.rank);
  return [...new Set(found.map((f) => f.verb))];
}

/** A word the tagger calls a verb that orca has no reading for ("juggle", "spread"): it starts a clause orca will not do. */
export function isForeignVerb(t: { lemma: string; pos: string } | undefined): boolean {
  return t !== undefined && t.pos === 'VERB' && /^[a-z]+$/.test(t.lemma) && readVerb(t.lemma) === null;
}

const readings = new Map<string, VerbReading | null>();

/** `verbReading`, remembered: the clause parser asks for every word it meets. */
export function readVerb(lemma: string): VerbReading | null {
  let r = readings.get(lemma);
  if (r === undefined) {
    r = verbReading(lemma);
    readings.set(lemma, r);
  }
  return r;
}

/** The sense orca gives a verb lemma, its own or through WordNet; undefined when it has none. */
export function senseOf(lemma: string): VerbSense | undefined {
  return readVerb(lemma)?.sense;
}
