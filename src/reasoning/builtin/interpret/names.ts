import type { BeliefEntity, BeliefState } from '../../belief.js';
import { typeInfo, typesForName } from '../../../world/catalog.js';
import { analyse } from '../nlp.js';
import { isAmountNoun, isKindOf, isKnownNoun } from '../lexical/senses.js';
import type { NounPhrase } from './noun-phrase.js';
import { PORTION_WORDS } from './lexicon.js';
import { JUDGEMENT_WORDS } from '../../ask-rule.js';

/**
 * Grounding by everyday names. Many household things are known by a brand or a product name rather
 * than by a catalogue type ("the coke can", "a sprite", "the jalapeno chips"), and people ask for
 * them by kind ("a soda", "something salty", "a drink with caffeine"). A named entity answers to the
 * words of its name and to the kinds those words imply; it answers to a type's own word only when its
 * name uses that word ("kitchen counter" is a counter, "orange" is not an apple even when it is
 * modelled as one).
 */

const SODA = ['coke', 'cola', 'pepsi', '7up', 'sprite', 'soda', 'lacroix', 'fanta', 'pop', 'seltzer'];
const DRINK = [...SODA, 'water', 'tea', 'redbull', 'juice', 'coffee', 'milk', 'drink', 'beverage', 'lemonade', 'beer', 'wine', 'kombucha'];
const FRUIT = ['apple', 'orange', 'lime', 'lemon', 'banana', 'grapefruit', 'pear', 'peach', 'grape', 'mango', 'kiwi', 'plum', 'fruit', 'berry'];
const PACKAGED_SNACK = ['chip', 'chips', 'crisp', 'crisps', 'bar', 'rxbar', 'cookie', 'cracker', 'pretzel', 'granola', 'candy', 'snack', 'nut', 'nuts', 'popcorn'];
const CAFFEINE = ['coke', 'cola', 'pepsi', 'redbull', 'tea', 'coffee', 'espresso', 'mate'];
const SUGARY = ['coke', 'cola', 'pepsi', '7up', 'sprite', 'redbull', 'fanta', 'juice', 'lemonade', 'candy', 'cookie', 'chocolate'];
const CLEAR = ['7up', 'sprite', 'water', 'lacroix', 'seltzer'];
const SALTY = ['chip', 'chips', 'crisp', 'crisps', 'pretzel', 'nut', 'nuts', 'popcorn', 'cracker'];
const SPICY = ['jalapeno', 'chili', 'chilli', 'spicy', 'sriracha', 'habanero'];
const HYDRATING = ['water', 'tea', 'lacroix', 'seltzer', 'juice', 'coconut'];
const CLEANING = ['sponge', 'towel', 'cloth', 'rag', 'wipe', 'wipes', 'napkin', 'paper', 'cleaner', 'spray'];

const any = (words: readonly string[], list: readonly string[]): boolean => words.some((w) => list.includes(w));
const isDrink = (w: readonly string[]): boolean => any(w, DRINK);
const isFruit = (w: readonly string[]): boolean => !isDrink(w) && any(w, FRUIT);

/** Kind words → whether a name's words belong to the kind. */
export const KINDS: Readonly<Record<string, (nameWords: readonly string[]) => boolean>> = {
  soda: (w) => any(w, SODA), pop: (w) => any(w, SODA),
  drink: isDrink, beverage: isDrink, refreshing: isDrink, thirst: isDrink,
  fruit: isFruit,
  snack: (w) => !isDrink(w) && (any(w, PACKAGED_SNACK) || isFruit(w)),
  food: (w) => !isDrink(w) && (any(w, PACKAGED_SNACK) || isFruit(w)),
  eat: (w) => !isDrink(w) && (any(w, PACKAGED_SNACK) || isFruit(w)),
  caffeine: (w) => any(w, CAFFEINE), caffeinated: (w) => any(w, CAFFEINE), energy: (w) => any(w, CAFFEINE) || w.includes('energy'),
  sugary: (w) => any(w, SUGARY), sweet: (w) => any(w, SUGARY) || isFruit(w), sugar: (w) => any(w, SUGARY),
  clear: (w) => any(w, CLEAR),
  salty: (w) => any(w, SALTY), salt: (w) => any(w, SALTY),
  spicy: (w) => any(w, SPICY), spice: (w) => any(w, SPICY), hot: (w) => any(w, SPICY),
  hydrating: (w) => any(w, HYDRATING), hydrate: (w) => any(w, HYDRATING),
  healthy: (w) => isFruit(w) || any(w, ['water', 'tea', 'rxbar', 'granola', 'nut', 'nuts']),
  cleaning: (w) => any(w, CLEANING), clean: (w) => any(w, CLEANING),
  can: (w) => w.includes('can'), bottle: (w) => w.includes('bottle'), bag: (w) => w.includes('bag') || any(w, ['chip', 'chips']),
  location: () => true, place: () => true, spot: () => true, area: () => true,
  item: () => true, thing: () => true, something: () => true, anything: () => true, everything: () => true, stuff: () => true,
};

/** Words that only count or point ("the", "two", "of") and words that only package ("can of", "bag of"). */
const NEUTRAL = new Set(['the', 'a', 'an', 'any', 'some', 'all', 'my', 'your', 'one', 'ones', 'two', 'three', 'four', 'both', 'of', 'that', 'this',
  'these', 'those', 'is', 'be', 'with', 'to', 'for', 'me', 'i', 'different', 'other', 'another', 'new', 'else', 'open', 'opened', 'more', 'kind', 'type', ...JUDGEMENT_WORDS]);
const NEGATORS = new Set(['not', "n't", 'no', 'except', 'but', 'without']);

/** "7up" and "7 up" read as one word, whichever way the tokenizer splits them. */
/** "7 up" → "n7up", as names are stored; in a phrase only when some name has that word, so "2 tomatoes" stays a count. */
function glueDigits(text: string, vocabulary?: ReadonlySet<string>): string {
  return text.toLowerCase().replace(/\b(\d+)\s*([a-z]+)\b/g, (whole, d: string, w: string) => (!vocabulary || vocabulary.has(`n${d}${w}`) ? `n${d}${w}` : whole));
}

/** Lower-case words of a name, with lemmas ("chips" → chip) so plurals and singulars meet. */
export function nameWords(name: string): string[] {
  const toks = analyse(glueDigits(name));
  return [...new Set(toks.flatMap((t) => [t.text, t.lemma]))];
}

/** Damerau-Levenshtein distance ≤ 1: forgives one typo in words of four letters or more ("ppsi", "chpis"). */
function closeEnough(a: string, b: string): boolean {
  if (a === b) return true;
  if (Math.min(a.length, b.length) < 4 || Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) return a.slice(i + 1) === b.slice(i + 1) || (a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2));
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

const kinds = new Map<string, boolean>();

/**
 * Whether a name's word, in its first sense as a made thing or a food, is a kind of the phrase's word in WordNet ("raspberries"
 * are berries), at most four steps up: an energy bar's "bar" is no table.
 */
function kindOfWord(nameWord: string, word: string): boolean {
  const key = `${nameWord}|${word}`;
  let r = kinds.get(key);
  if (r === undefined) {
    r = nameWord.length > 2 && isKindOf(nameWord, word, 4, true);
    kinds.set(key, r);
  }
  return r;
}

function wordIn(word: string, names: readonly string[]): boolean {
  // A word WordNet lists is no typo of another ("tomato" is not a misspelt "potato"), but it may name their kind.
  // Kinds only for words the catalogue has no type for ("berries", "utensils"): "table" is grounded by its types.
  const realWord = isKnownNoun(word);
  const kindWord = realWord && typesForName(word).length === 0;
  return names.some((n) => n === word || (!realWord && closeEnough(word, n)) || (kindWord && kindOfWord(n, word)));
}

/** Whether a named entity answers to a catalogue type's words: its name uses one of the type's names. */
export function answersToType(e: BeliefEntity): boolean {
  if (!e.name) return true;
  const name = ` ${nameWords(e.name).join(' ')} `;
  const raw = ` ${e.name.toLowerCase()} `;
  return (typeInfo(e.type)?.aliases ?? []).some((a) => raw.includes(` ${a} `) || name.includes(` ${a} `));
}

export interface NamedMatch {
  cands: BeliefEntity[];
  /** Says more than a catalogue type's own word, so names decide rather than types. */
  specific: boolean;
  /** Only "something" / "anything" / "the items": no kind or name at all. */
  generic: boolean;
  /** The type such things have here, for a search when none is believed ("the rice chips"). */
  typeGuess: string | null;
  /** Words glued into a name word ("red bull" → redbull): not colours or sizes of their own. */
  glued: string[];
}

const GENERIC_KINDS = ['item', 'thing', 'something', 'anything', 'everything', 'stuff'];
const PLACE_KINDS = ['location', 'place', 'spot', 'area'];

function commonest(types: readonly string[]): string | null {
  const n = new Map<string, number>();
  for (const t of types) n.set(t, (n.get(t) ?? 0) + 1);
  return [...n.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? null;
}

/** The kind a plain word belongs to ("banana" → fruit), so an unseen banana is searched for like fruit. */
function kindOf(word: string): string | null {
  if (FRUIT.includes(word)) return 'fruit';
  if (DRINK.includes(word)) return 'drink';
  if (PACKAGED_SNACK.includes(word)) return 'snack';
  return null;
}

/** The kind word a word names, forgiving one typo in longer words ("caffine"). */
export function kindFor(text: string, lemma = text): string | undefined {
  if (KINDS[text]) return text;
  if (KINDS[lemma]) return lemma;
  // A word that is itself a catalogue type's name is never a misspelt kind ("plate" is not "place").
  if (typesForName(text).length > 0 || typesForName(lemma).length > 0) return undefined;
  return text.length >= 5 ? Object.keys(KINDS).find((k) => k.length >= 5 && closeEnough(text, k)) : undefined;
}

/** Whether an entity is called by a word: in its name, or its type's names when it has none. */
export function mentionsWord(e: BeliefEntity, word: string): boolean {
  if (e.name) return nameWords(e.name).includes(word);
  return (typeInfo(e.type)?.aliases ?? []).some((a) => a.split(' ').includes(word));
}

interface Terms { names: string[]; kinds: string[] }

function terms(words: readonly { text: string; lemma: string }[]): Terms {
  const out: Terms = { names: [], kinds: [] };
  for (const w of words) {
    if (NEUTRAL.has(w.text)) continue;
    const kind = kindFor(w.text, w.lemma);
    if (kind) out.kinds.push(kind);
    else out.names.push(w.lemma);
  }
  return out;
}

function matches(t: Terms, words: readonly string[]): boolean {
  return t.kinds.every((k) => KINDS[k]!(words)) && t.names.every((n) => wordIn(n, words));
}

/**
 * Named entities the phrase picks out, or null when the phrase does not read as names and kinds
 * (then the catalogue types ground it). "a soda that isn't a coke" excludes what follows the negation.
 */
export function namedCandidates(np: NounPhrase, belief: BeliefState, need: (e: BeliefEntity) => boolean): NamedMatch | null {
  const named = belief.all().filter((e) => e.name && need(e));
  if (named.length === 0) return null;
  const words = new Map(named.map((e) => [e.id, nameWords(e.name!)]));
  const vocabulary = new Set([...words.values()].flat());
  // "red bull" meets "redbull": adjacent words glued when the glued form is a known name word.
  const toks: { text: string; lemma: string }[] = [];
  const glued: string[] = [];
  for (const t of analyse(glueDigits(np.text, vocabulary)).filter((t) => t.pos !== 'PUNCT' && !/^\d+$/.test(t.text))) {
    const prev = toks[toks.length - 1];
    if (prev && vocabulary.has(prev.text + t.text)) { glued.push(prev.text, t.text); toks[toks.length - 1] = { text: prev.text + t.text, lemma: prev.text + t.text }; continue; }
    toks.push(t);
  }
  // "a layer of yogurt", "a slice of the brown bread": the amount names no thing, what follows "of" does.
  const amountAt = toks.findIndex((t, i) => toks[i + 1]?.text === 'of' && (PORTION_WORDS.has(t.lemma) || isAmountNoun(t.lemma)));
  if (amountAt >= 0) toks.splice(0, amountAt + 2);
  const neg = toks.findIndex((t) => NEGATORS.has(t.text) || NEGATORS.has(t.lemma));
  const pos = terms(neg >= 0 ? toks.slice(0, neg) : toks);
  const negative = neg >= 0 ? terms(toks.slice(neg + 1).filter((t) => !NEGATORS.has(t.text))) : null;
  if (pos.names.length === 0 && pos.kinds.length === 0) return null;
  // A phrase with words no believed name has is about something else, or about a named thing not seen yet.
  const known = pos.names.filter((n) => named.some((e) => wordIn(n, words.get(e.id)!)));
  if (known.length < pos.names.length) {
    const kin = named.filter((e) => known.some((n) => wordIn(n, words.get(e.id)!)) || pos.names.some((n) => kindOf(n) !== null && KINDS[kindOf(n)!]!(words.get(e.id)!)));
    if (kin.length === 0) return null;
    return { cands: [], specific: true, generic: false, typeGuess: commonest(kin.map((e) => e.type)), glued };
  }
  let generic = pos.names.length === 0 && pos.kinds.every((k) => GENERIC_KINDS.includes(k));
  let cands = named.filter((e) => matches(pos, words.get(e.id)!));
  if (pos.kinds.some((k) => PLACE_KINDS.includes(k))) cands = belief.all().filter((e) => e.fixture && e.name && need(e));
  if (negative && (negative.names.length > 0 || negative.kinds.length > 0)) {
    const excluded = (e: BeliefEntity): boolean => {
      const w = words.get(e.id)!;
      // "not an apple or a coke": any one of the listed things is excluded.
      return negative.kinds.some((k) => !['item', 'thing', 'something', 'anything'].includes(k) && KINDS[k]!(w)) || negative.names.some((n) => wordIn(n, w));
    };
    cands = cands.filter((e) => !excluded(e));
    // "Something that is not an apple" contrasts with the apple: another fruit is meant, when there is one.
    const contrast = generic ? negative.names.map(kindOf).find((k): k is string => k !== null) : undefined;
    const alike = contrast ? cands.filter((e) => KINDS[contrast]!(words.get(e.id)!)) : [];
    if (alike.length > 0) {
      cands = alike;
      generic = false;
    }
  }
  // Specific: the phrase says more than a catalogue type's own word ("coke can", "a soda", "close counter").
  const exact = named.some((e) => e.name!.toLowerCase() === toks.filter((t) => !NEUTRAL.has(t.text)).map((t) => t.text).join(' '));
  const specific = generic || exact || pos.kinds.some((k) => !GENERIC_KINDS.includes(k) && !['can', 'bottle', 'bag'].includes(k)) || pos.names.some((n) => typesForName(n).length === 0) || negative !== null;
  return { cands, specific, generic, typeGuess: commonest(cands.map((e) => e.type)), glued };
}
