import { typesForName } from '../../../world/catalog.js';
import type { PredicateName } from '../../../domain/predicates.js';
import type { Token } from '../nlp.js';
import { isPlural } from '../nlp.js';
import { isAmountNoun } from '../lexical/senses.js';
import { COLORS, DEFINITE, INDEFINITE, MATERIALS, NUMBERS, ORDINALS, PART_WORDS, PORTION_WORDS, SIZES, STATE_WORDS, WRAPPER_WORDS, synonymTypes } from './lexicon.js';

/** Everyday category words that stand for several types ("cooked food", "a drink"). */
const CATEGORIES: Readonly<Record<string, readonly string[]>> = {
  food: ['Apple', 'Bread', 'Egg', 'Potato', 'Tomato', 'Lettuce'],
  fruit: ['Apple', 'Tomato'],
  vegetable: ['Potato', 'Lettuce', 'Tomato'],
  drink: ['WineBottle', 'Cup', 'Mug', 'milk', 'orange_juice'],
  snack: ['Apple', 'Bread'],
};

/** One way to read the head of a noun phrase: the types it names and the words left over. */
export interface HeadReading {
  types: readonly string[];
  words: string[];
  /** A reasoning-side synonym's reading ("cup" for a mug): used only when the catalogue's reading finds nothing. */
  fallback?: boolean;
}

export type LocRel = 'in' | 'on' | 'from' | 'near' | 'leftOf' | 'rightOf' | 'behind' | 'inFrontOf' | 'between';

export interface NounPhrase {
  text: string;
  det: 'def' | 'indef' | 'all' | 'bare';
  count: number | null;
  plural: boolean;
  pronoun: 'it' | 'them' | 'one' | null;
  person: string | null;
  readings: HeadReading[];
  colors: string[];
  size: 'small' | 'medium' | 'large' | null;
  materials: string[];
  side: 'left' | 'right' | null;
  ordinal: number | null;
  other: boolean;
  dirty: boolean;
  regionWords: string[];
  stateGoals: PredicateName[];
  portion: boolean;
  /** What the phrase leaves out: "anything but the apple", "the mugs except the red one". */
  exclude: NounPhrase[];
  /** Where the thing is, as the phrase describes it: "on the counter", "from the fridge", "next to the sink", "between A and B" (`also` is B). */
  loc: { rel: LocRel; np: NounPhrase; also?: NounPhrase } | null;
}

const PERSON_WORDS: Readonly<Record<string, string>> = { me: 'me', us: 'me', myself: 'me', i: 'me' };

function aliasSpans(tokens: readonly Token[]): HeadReading[] {
  const spans: { start: number; end: number; types: readonly string[]; fallback?: boolean }[] = [];
  for (let i = 0; i < tokens.length; i++) {
    for (let j = Math.min(tokens.length, i + 5); j > i; j--) {
      const slice = tokens.slice(i, j);
      if (slice.every((t) => COLORS.has(t.text) || t.text === 'and')) continue;
      const surface = slice.map((t) => t.text).join(' ');
      const lemmas = [...slice.slice(0, -1).map((t) => t.text), slice[slice.length - 1]?.lemma ?? ''].join(' ');
      const listed = typesForName(surface).length > 0 ? typesForName(surface) : typesForName(lemmas);
      const extra = synonymTypes(surface).length > 0 ? synonymTypes(surface) : synonymTypes(lemmas);
      const cat = j === i + 1 ? CATEGORIES[slice[0]?.lemma ?? ''] : undefined;
      if (listed.length > 0) spans.push({ start: i, end: j, types: listed });
      else if (cat) spans.push({ start: i, end: j, types: cat });
      // Synonyms are a fallback reading: used only when the catalogue's types name nothing believed.
      const more = extra.filter((t) => !listed.includes(t));
      if (more.length > 0) spans.push({ start: i, end: j, types: more, fallback: true });
    }
  }
  spans.sort((a, b) => b.end - b.start - (a.end - a.start) || b.end - a.end);
  return spans.map((s) => ({
    types: s.types,
    words: tokens.filter((_, k) => k < s.start || k >= s.end).map((t) => t.text),
    ...(s.fallback ? { fallback: true } : {}),
  }));
}

/** Every type some span of the words names ("preparing lettuce for the fridge" → Lettuce, Fridge). */
export function typesNamed(tokens: readonly Token[]): string[] {
  return [...new Set(aliasSpans(tokens).flatMap((r) => r.types))];
}

function emptyPhrase(text: string): NounPhrase {
  return {
    text, det: 'bare', count: null, plural: false, pronoun: null, person: null, readings: [], colors: [], size: null, materials: [],
    side: null, ordinal: null, other: false, dirty: false, regionWords: [], stateGoals: [], portion: false, loc: null, exclude: [],
  };
}

/** Reads one noun phrase (no prepositional phrases except "of"). */
type People = readonly { id: string; name: string }[];

/** Determiners and quantities at the front ("all the", "both", "two", "a", "another"); returns the rest. */
function readQuantity(tokens: readonly Token[], np: NounPhrase): Token[] {
  let rest = [...tokens];
  while (rest.length > 0) {
    const t = rest[0]!;
    if (t.text === 'all' || t.text === 'every' || t.text === 'each' || t.text === 'everything') np.det = 'all';
    else if (t.text === 'both') { np.count = 2; np.det = np.det === 'bare' ? 'def' : np.det; }
    else if (NUMBERS[t.text] !== undefined && t.text !== 'one') np.count = NUMBERS[t.text] ?? null;
    else if (/^\d+$/.test(t.text)) np.count = Number(t.text);
    else if (DEFINITE.has(t.text)) { if (np.det !== 'all') np.det = 'def'; }
    else if (INDEFINITE.has(t.text)) { np.det = 'indef'; if (t.text === 'another') np.other = true; }
    else if (t.text === 'of') { /* "all of the", "both of them" */ }
    else break;
    rest = rest.slice(1);
  }
  return rest;
}

/** Words that leave things out: "anything but the apple", "the mugs except the red one", "not the blue one". */
const EXCLUDING = new Set(['but', 'except', 'excluding', 'not']);

/** Splits off what the phrase leaves out ("… other than X", "… apart from X"), parsed as phrases of their own. */
function readExclusion(tokens: readonly Token[], people: People): { head: Token[]; excluded: NounPhrase[] } {
  // "something that is not an apple" contrasts with the apple (names.ts), it does not just leave it out.
  const negatedCopula = (i: number): boolean => tokens[i]!.text === 'not' && ['is', 'are', 'was', 'be'].includes(tokens[i - 1]?.text ?? '');
  const at = tokens.findIndex((t, i) => i > 0 && ((EXCLUDING.has(t.text) && !negatedCopula(i)) || (['other', 'apart'].includes(t.text) && ['than', 'from'].includes(tokens[i + 1]?.text ?? ''))));
  if (at < 0) return { head: [...tokens], excluded: [] };
  const skip = EXCLUDING.has(tokens[at]!.text) ? 1 : 2;
  const after = tokens.slice(at + skip).filter((t) => t.text !== 'for');
  const excluded = after.length > 0 ? [parseNounPhrase(after, people)] : [];
  return { head: tokens.slice(0, at), excluded };
}

/** "X of Y": a portion ("a slice of bread"), a wrapper ("a bag of chips") or a part ("the bottom drawer of the desk") of Y. */
function readOf(rest: readonly Token[], np: NounPhrase, people: People): NounPhrase | null {
  const ofAt = rest.findIndex((t) => t.text === 'of');
  if (ofAt <= 0) return null;
  const left = rest.slice(0, ofAt);
  const right = parseNounPhrase(rest.slice(ofAt + 1), people);
  const leftWords = left.map((t) => t.lemma);
  const leftReadings = aliasSpans(left.filter((t) => !PART_WORDS.has(t.lemma)));
  if (leftWords.some((w) => PORTION_WORDS.has(w))) right.portion = true;
  // "a layer of yogurt", "a serving of muesli": an amount of a thing known only by its name is that thing.
  const amountOfNamed = right.readings.length === 0 && leftReadings.length === 0 && right.text.length > 0 && left.some((t) => isAmountNoun(t.lemma));
  const ofThing = right.readings.length > 0 && (leftReadings.length === 0 || leftWords.some((w) => PART_WORDS.has(w) || PORTION_WORDS.has(w) || WRAPPER_WORDS.has(w)));
  if (!amountOfNamed && !ofThing) return null;
  const merged = parseNounPhrase(left, people);
  right.text = np.text;
  // "a serving of muesli": the article counts servings, the muesli itself is named bare; "a bag of
  // chips" is any one bag, as a packaging word takes its article.
  const portionOnly = amountOfNamed && !leftWords.some((w) => WRAPPER_WORDS.has(w));
  right.det = portionOnly || np.det === 'bare' ? right.det : np.det;
  right.count = np.count ?? right.count;
  right.colors.push(...merged.colors);
  right.stateGoals.push(...merged.stateGoals);
  if (leftWords.some((w) => PART_WORDS.has(w))) right.regionWords.push(...left.map((t) => t.text).filter((w) => !COLORS.has(w)));
  if (merged.side) right.side = merged.side;
  if (left.some(isPlural) && PORTION_WORDS.has(left[left.length - 1]?.text ?? '')) right.plural = true;
  return right;
}

/** States, size, material, side, order, "other", portions and "one": the words that qualify the head. */
function readModifiers(rest: readonly Token[], np: NounPhrase): Token[] {
  const descriptive: Token[] = [];
  for (let i = 0; i < rest.length; i++) {
    const t = rest[i]!;
    if (STATE_WORDS[t.text]) {
      np.stateGoals.push(STATE_WORDS[t.text]!);
      if (rest[i + 1]?.text === 'up' || rest[i + 1]?.text === 'off') i++;
    }
    else if (t.text === 'dirty') np.dirty = true;
    else if (SIZES[t.text]) np.size = SIZES[t.text] ?? null;
    else if (MATERIALS.has(t.text)) np.materials.push(t.text === 'wooden' ? 'wood' : t.text);
    else if (t.text === 'left' || t.text === 'leftmost') np.side = 'left';
    else if (t.text === 'right' || t.text === 'rightmost') np.side = 'right';
    else if (ORDINALS[t.text] !== undefined) np.ordinal = ORDINALS[t.text] ?? null;
    else if (t.text === 'other') np.other = true;
    else if (PORTION_WORDS.has(t.text)) np.portion = true;
    else if (t.text === 'one' || t.text === 'ones') np.pronoun = 'one';
    else descriptive.push(t);
  }
  return descriptive;
}

/**
 * The last word read as a modifier may be the noun itself: "a glass" is a cup, "the light" a lamp.
 * When nothing else names a thing, a material or colour word in head position names it, and no
 * longer qualifies it.
 */
function headFromModifier(rest: readonly Token[], np: NounPhrase): void {
  const last = rest[rest.length - 1];
  if (!last || np.readings.length > 0 || np.pronoun !== null) return;
  const listed = typesForName(last.text).length > 0 ? typesForName(last.text) : typesForName(last.lemma);
  const extra = synonymTypes(last.text).filter((t) => !listed.includes(t));
  const words = rest.slice(0, -1).map((t) => t.text);
  np.readings = [...(listed.length > 0 ? [{ types: listed, words }] : []), ...(extra.length > 0 ? [{ types: extra, words, fallback: true }] : [])];
  if (np.readings.length === 0) return;
  np.materials = np.materials.filter((m) => m !== last.text);
  np.colors = np.colors.filter((c) => c !== last.text);
}

/** Reads one noun phrase (no prepositional phrases except "of"). */
export function parseNounPhrase(tokens: readonly Token[], people: People = []): NounPhrase {
  const { head, excluded } = readExclusion(tokens, people);
  const np = emptyPhrase(tokens.map((t) => t.text).join(' '));
  np.exclude = excluded;
  const rest = readQuantity(head, np);
  const personName = rest.length === 1 ? people.find((p) => p.name.toLowerCase() === rest[0]!.text || p.id === rest[0]!.text) : undefined;
  if (rest.length === 1 && (PERSON_WORDS[rest[0]!.text] || personName)) {
    np.person = personName ? personName.id : 'me';
    return np;
  }
  const partOf = readOf(rest, np, people);
  if (partOf) return Object.assign(partOf, { exclude: [...partOf.exclude, ...excluded] });
  const ofAt = rest.findIndex((t) => t.text === 'of');
  const own = ofAt > 0 ? rest.slice(0, ofAt) : rest;
  // "it", "them", and "them both" / "them all" / "it too".
  const pronoun = own[0]?.text;
  if ((pronoun === 'it' || pronoun === 'them' || pronoun === 'they') && own.slice(1).every((t) => ['both', 'all', 'too', 'also'].includes(t.text))) {
    np.pronoun = pronoun === 'it' ? 'it' : 'them';
    if (own[1]?.text === 'both') np.count = 2;
    return np;
  }
  // "place both on the shelf", "take all": a quantity with no noun stands for the things just talked about.
  if (own.length === 0 && head.some((t) => ['both', 'all'].includes(t.text))) {
    np.pronoun = 'them';
    return np;
  }
  const descriptive = readModifiers(own, np);
  if (np.pronoun === 'one' && np.count === null && np.det === 'bare' && descriptive.length === 0 && own.length === 1) np.count = 1;
  np.readings = aliasSpans(descriptive);
  if (np.readings.length > 0 && np.pronoun === 'one') np.pronoun = null;
  const headWords = np.readings[0]?.words ?? descriptive.map((t) => t.text);
  // Colours: also multi-word ones ("yellow and white").
  const colorWords = headWords.filter((w) => COLORS.has(w));
  if (colorWords.length > 1 && headWords.includes('and')) np.colors.push(colorWords.join(' and '));
  else np.colors.push(...colorWords);
  headFromModifier(own, np);
  np.plural = descriptive.some(isPlural) && np.readings.length > 0 && descriptive[descriptive.length - 1] !== undefined && isPlural(descriptive[descriptive.length - 1]!);
  if (np.readings.length === 0 && np.pronoun === null && np.portion) np.pronoun = 'one';
  return np;
}
