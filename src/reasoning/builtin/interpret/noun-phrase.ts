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
}

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
  loc: { rel: 'in' | 'on' | 'from' | 'near'; np: NounPhrase } | null;
}

const PERSON_WORDS: Readonly<Record<string, string>> = { me: 'me', us: 'me', myself: 'me', i: 'me' };

function aliasSpans(tokens: readonly Token[]): HeadReading[] {
  const spans: { start: number; end: number; types: readonly string[] }[] = [];
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
      if (more.length > 0) spans.push({ start: i, end: j, types: more });
    }
  }
  spans.sort((a, b) => b.end - b.start - (a.end - a.start) || b.end - a.end);
  return spans.map((s) => ({
    types: s.types,
    words: tokens.filter((_, k) => k < s.start || k >= s.end).map((t) => t.text),
  }));
}

/** Every type some span of the words names ("preparing lettuce for the fridge" → Lettuce, Fridge). */
export function typesNamed(tokens: readonly Token[]): string[] {
  return [...new Set(aliasSpans(tokens).flatMap((r) => r.types))];
}

function emptyPhrase(text: string): NounPhrase {
  return {
    text, det: 'bare', count: null, plural: false, pronoun: null, person: null, readings: [], colors: [], size: null, materials: [],
    side: null, ordinal: null, other: false, dirty: false, regionWords: [], stateGoals: [], portion: false, loc: null,
  };
}

/** Reads one noun phrase (no prepositional phrases except "of"). */
export function parseNounPhrase(tokens: readonly Token[], people: readonly { id: string; name: string }[] = []): NounPhrase {
  const text = tokens.map((t) => t.text).join(' ');
  const np = emptyPhrase(text);
  let rest = [...tokens];
  // Determiners and quantities.
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
  const personName = rest.length === 1 ? people.find((p) => p.name.toLowerCase() === rest[0]!.text || p.id === rest[0]!.text) : undefined;
  if (rest.length === 1 && (PERSON_WORDS[rest[0]!.text] || personName)) {
    np.person = personName ? personName.id : 'me';
    return np;
  }
  // "X of Y": a portion, a wrapper or a part of Y.
  const ofAt = rest.findIndex((t) => t.text === 'of');
  if (ofAt > 0) {
    const left = rest.slice(0, ofAt);
    const right = parseNounPhrase(rest.slice(ofAt + 1), people);
    const leftWords = left.map((t) => t.lemma);
    const leftReadings = aliasSpans(left.filter((t) => !PART_WORDS.has(t.lemma)));
    if (leftWords.some((w) => PORTION_WORDS.has(w))) right.portion = true;
    // "a layer of yogurt", "a serving of muesli": an amount of a thing known only by its name is that thing.
    const amountOfNamed = right.readings.length === 0 && leftReadings.length === 0 && right.text.length > 0 && left.some((t) => isAmountNoun(t.lemma));
    if (amountOfNamed || (right.readings.length > 0 && (leftReadings.length === 0 || leftWords.some((w) => PART_WORDS.has(w) || PORTION_WORDS.has(w) || WRAPPER_WORDS.has(w))))) {
      const merged = parseNounPhrase(left, people);
      right.text = text;
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
    rest = left;
  }
  if (rest.length === 1 && (rest[0]!.text === 'it' || rest[0]!.text === 'them' || rest[0]!.text === 'they')) {
    np.pronoun = rest[0]!.text === 'it' ? 'it' : 'them';
    return np;
  }
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
  if (np.pronoun === 'one' && np.count === null && np.det === 'bare' && descriptive.length === 0 && rest.length === 1) np.count = 1;
  np.readings = aliasSpans(descriptive);
  if (np.readings.length > 0 && np.pronoun === 'one') np.pronoun = null;
  const headWords = np.readings[0]?.words ?? descriptive.map((t) => t.text);
  // Colours: also multi-word ones ("yellow and white").
  const colorWords = headWords.filter((w) => COLORS.has(w));
  if (colorWords.length > 1 && headWords.includes('and')) np.colors.push(colorWords.join(' and '));
  else np.colors.push(...colorWords);
  np.plural = descriptive.some(isPlural) && np.readings.length > 0 && descriptive[descriptive.length - 1] !== undefined && isPlural(descriptive[descriptive.length - 1]!);
  if (np.readings.length === 0 && np.pronoun === null && np.portion) np.pronoun = 'one';
  return np;
}
