import type { Token } from '../nlp.js';
import { isForeignVerb, readVerb, senseOf } from '../lexical/senses.js';
import { COLORS, STATE_WORDS } from './lexicon.js';
import type { VerbSense } from './lexicon.js';
import { parseNounPhrase } from './noun-phrase.js';
import type { NounPhrase } from './noun-phrase.js';

export type DestRel = 'in' | 'on' | 'to' | 'near' | 'rightOf' | 'leftOf';

export interface PrepPhrase {
  prep: string;
  np: NounPhrase;
  /** Every phrase of a list ("with an apple piece and a knife"); `np` is the first. */
  list: NounPhrase[];
}

/** One imperative clause: verb, objects and the prepositional phrases after them. */
export interface Clause {
  verb: string;
  sense: VerbSense;
  particle: string | null;
  objects: NounPhrase[];
  recipient: NounPhrase | null;
  preps: PrepPhrase[];
  /** Starts a new goal step ("then", "after that", a comma or sentence boundary before it). */
  newStep: boolean;
  both: boolean;
}

const PARTICLE_VERBS: Readonly<Record<string, readonly string[]>> = {
  turn: ['on', 'off'], switch: ['on', 'off'], power: ['on', 'off'], pick: ['up'], throw: ['away', 'out'], put: ['away', 'down'],
  take: ['out', 'away'], heat: ['up'], warm: ['up'], cool: ['down'], clean: ['up', 'off'], cut: ['up'], chop: ['up'], wash: ['up', 'off'],
  set: ['down'], look: ['at'], lift: ['up'], hand: ['over'], get: ['out'], hold: ['up', 'onto', 'on'],
};

/** Multi-word prepositions, longest first, mapped to one canonical word. */
const MULTI_PREPS: readonly [string[], string][] = [
  [['to', 'the', 'right', 'of'], 'rightOf'], [['to', 'the', 'left', 'of'], 'leftOf'], [['on', 'the', 'right', 'of'], 'rightOf'],
  [['on', 'the', 'left', 'of'], 'leftOf'], [['in', 'the', 'light', 'of'], 'light'], [['on', 'top', 'of'], 'on'], [['in', 'front', 'of'], 'near'],
  [['next', 'to'], 'near'], [['inside', 'of'], 'in'], [['out', 'of'], 'from'], [['close', 'to'], 'near'], [['away', 'from'], 'from'],
];
const SINGLE_PREPS: Readonly<Record<string, string>> = {
  in: 'in', into: 'in', inside: 'in', within: 'in', on: 'on', onto: 'on', upon: 'on', atop: 'on', to: 'to', from: 'from', under: 'under',
  below: 'under', beneath: 'under', underneath: 'under', near: 'near', beside: 'near', by: 'near', with: 'with', using: 'with',
  at: 'at', above: 'above', behind: 'near', toward: 'to', towards: 'to', for: 'for', off: 'from',
};

/** "a slice of toasted bread": a participle between a determiner or "of" and its noun describes the noun. */
export function describesNoun(tokens: readonly Token[], i: number): boolean {
  const before = tokens[i - 1];
  return /(ed|en)$/.test(tokens[i]?.text ?? '') && before !== undefined && (before.pos === 'DET' || before.text === 'of') && tokens[i + 1]?.pos === 'NOUN';
}

export function isVerbAt(tokens: readonly Token[], i: number): boolean {
  const t = tokens[i];
  const reading = t ? readVerb(t.lemma) : null;
  if (!t || !reading) return false;
  // A verb read through WordNet only where the tagger says verb: "knife" and "cup" are nouns first.
  if (reading.via === 'wordnet' && t.pos !== 'VERB') return false;
  if (describesNoun(tokens, i)) return false;
  if (t.pos === 'VERB' || t.pos === 'AUX') return true;
  const prev = tokens[i - 1];
  // The tagger often calls a sentence-initial imperative a noun ("Slice a potato", "cook a slice").
  const atStart = !prev || [',', '.', ';', 'then', 'and', 'to', 'please', 'you', 'also'].includes(prev.text);
  const next = tokens[i + 1];
  const nextStartsObject = next !== undefined && (['DET', 'NUM', 'PRON', 'ADJ', 'NOUN', 'PROPN', 'ADP'].includes(next.pos) || next.text === 'me' || STATE_WORDS[next.text] !== undefined);
  // "slice, chill tomato": a bare verb coordinated with the next one shares its objects.
  const coordinated = next !== undefined && [',', 'and'].includes(next.text) && tokens[i + 2] !== undefined && senseOf(tokens[i + 2]!.lemma)?.action === 'state' && t.pos !== 'ADJ';
  if (atStart && coordinated && senseOf(t.lemma)?.action === 'state') return true;
  // "warm up the bread": an adjective-tagged verb followed by its own particle, then its object.
  const after = tokens[i + 2];
  const withParticle = next !== undefined && (PARTICLE_VERBS[t.lemma] ?? []).includes(next.text) && after !== undefined && ['DET', 'PRON', 'NOUN', 'NUM'].includes(after.pos);
  // "and close it": the tagger reads "close" as an adjective; before a determiner or pronoun it is a verb.
  return atStart && nextStartsObject && (t.pos !== 'ADJ' || next.pos === 'PRON' || next.pos === 'DET' || withParticle);
}

/** Splits a noun-phrase list on "and" and commas, keeping aliases that contain "and" ("yellow and white mug"). */
function splitList(tokens: readonly Token[], people: readonly { id: string; name: string }[]): { nps: NounPhrase[]; both: boolean } {
  let both = false;
  let rest = [...tokens];
  if (rest[0]?.text === 'both' && rest.some((t) => t.text === 'and')) {
    both = true;
    rest = rest.slice(1);
  }
  const parts: Token[][] = [[]];
  for (let i = 0; i < rest.length; i++) {
    const t = rest[i]!;
    // "yellow and white mug" is one thing: an "and" between two colours does not split the list.
    const modifier = (w: string | undefined): boolean => w !== undefined && (COLORS.has(w) || STATE_WORDS[w] !== undefined);
    const colourAnd = t.text === 'and' && modifier(rest[i - 1]?.text) && modifier(rest[i + 1]?.text);
    if (t.text === ',' || (t.text === 'and' && !colourAnd)) parts.push([]);
    else parts[parts.length - 1]!.push(t);
  }
  const nps = parts.filter((p) => p.length > 0).map((p) => parseNounPhrase(p, people));
  return { nps, both };
}

function prepAt(tokens: readonly Token[], i: number): { prep: string; len: number } | null {
  for (const [words, prep] of MULTI_PREPS) {
    if (words.every((w, k) => tokens[i + k]?.text === w)) return { prep, len: words.length };
  }
  const t = tokens[i];
  if (!t) return null;
  const single = SINGLE_PREPS[t.text];
  return single ? { prep: single, len: 1 } : null;
}

/** Reads the words after a verb into objects, recipient and prepositional phrases. */
export function parseClause(tokens: readonly Token[], newStep: boolean, people: readonly { id: string; name: string }[]): Clause | null {
  const bare = tokens.filter((t) => t.pos !== 'PUNCT');
  // A lone state verb ("slice" in "slice, chill tomato") borrows its objects later.
  const lone = bare.length === 1 && senseOf(bare[0]!.lemma)?.action === 'state' ? tokens.indexOf(bare[0]!) : -1;
  const v = lone >= 0 ? lone : tokens.findIndex((_, i) => isVerbAt(tokens, i));
  if (v < 0) return null;
  const verbTok = tokens[v]!;
  const reading = readVerb(verbTok.lemma)!;
  const sense = reading.sense;
  // "put it back": "back" after a pronoun or the verb is an adverb, not a part ("the back compartment").
  // Commas stay: they separate list items ("an apple, a coke, and water bottle").
  let rest = tokens.slice(v + 1).filter((t) => (t.pos !== 'PUNCT' || t.text === ',') && t.text !== 'please').filter((t, k, arr) => !(t.text === 'back' && (k === 0 || ['it', 'them'].includes(arr[k - 1]!.text))));
  while (rest[0]?.text === ',') rest = rest.slice(1);
  while (rest[rest.length - 1]?.text === ',') rest = rest.slice(0, -1);
  let particle: string | null = null;
  const allowed = PARTICLE_VERBS[verbTok.lemma] ?? [];
  if (rest[0] && allowed.includes(rest[0].text)) {
    particle = rest[0].text;
    rest = rest.slice(1);
  } else if (rest[1] && allowed.includes(rest[1].text) && ['it', 'them'].includes(rest[0]!.text)) {
    // "cut it up on the table": the particle follows a pronoun object.
    particle = rest[1].text;
    rest = [rest[0]!, ...rest.slice(2)];
  } else if (rest.length > 0 && allowed.includes(rest[rest.length - 1]!.text)) {
    particle = rest[rest.length - 1]!.text;
    rest = rest.slice(0, -1);
  }
  let recipient: NounPhrase | null = null;
  const first = rest[0];
  if (first && (sense.action === 'deliver' || sense.action === 'hold') && (first.text === 'me' || first.text === 'us' || people.some((p) => p.name.toLowerCase() === first.text))) {
    recipient = parseNounPhrase([first], people);
    rest = rest.slice(1);
  }
  const segments: { prep: string | null; tokens: Token[] }[] = [{ prep: null, tokens: [] }];
  for (let i = 0; i < rest.length; ) {
    // "to put in the fridge": a placing verb may go straight to its destination, its object implied.
    const implied = i === 0 && ['place', 'discard'].includes(sense.action) && ['in', 'into', 'inside', 'on', 'onto', 'to'].includes(rest[0]?.text ?? '') && particle === null;
    const p = i > 0 || segments.length > 1 || implied ? prepAt(rest, i) : null;
    // "the cabinet under the sink on the left": a side word modifies the phrase before it.
    const sideOnly = p?.prep === 'on' && rest[i + 1]?.text === 'the' && ['left', 'right'].includes(rest[i + 2]?.text ?? '') && (rest[i + 3] === undefined || prepAt(rest, i + 3) !== null);
    if (p && sideOnly) {
      segments[segments.length - 1]!.tokens.push(rest[i + 1]!, rest[i + 2]!);
      i += 3;
      continue;
    }
    const prevIsOf = rest[i - 1]?.text === 'of';
    if (p && !prevIsOf) {
      segments.push({ prep: p.prep, tokens: [] });
      i += p.len;
    } else {
      segments[segments.length - 1]!.tokens.push(rest[i]!);
      i++;
    }
  }
  const head = segments[0]!;
  const { nps, both } = splitList(head.tokens, people);
  const preps: PrepPhrase[] = [];
  for (const s of segments.slice(1)) {
    if (s.tokens.length === 0) continue;
    const list = s.prep === 'with' ? splitList(s.tokens, people).nps : [parseNounPhrase(s.tokens.filter((t) => t.text !== ','), people)];
    const np = list[0]!;
    if (s.prep === 'to' && np.person) recipient = np;
    else preps.push({ prep: s.prep ?? 'at', np, list });
  }
  return { verb: reading.verb, sense, particle, objects: nps, recipient, preps, newStep, both };
}

/** Splits an instruction into clauses at sentence ends, "then", "after that", and "and"/commas before a verb. */
export function splitClauses(tokens: readonly Token[], people: readonly { id: string; name: string }[]): Clause[] {
  const out: Clause[] = [];
  let current: Token[] = [];
  let currentNewStep = false;
  let pendingNewStep = false;
  const flush = (): void => {
    const c = parseClause(current, currentNewStep, people);
    if (c) out.push(c);
    current = [];
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const next = tokens[i + 1];
    if (['.', ';', '!', '?'].includes(t.text)) { flush(); pendingNewStep = true; currentNewStep = true; continue; }
    if (t.text === 'then' || (t.text === 'after' && next?.text === 'that') || (t.text === 'afterwards') || (t.text === 'next' && next?.pos !== 'ADP' && next?.text !== 'to')) {
      flush();
      if (t.text === 'after') i++;
      pendingNewStep = true;
      currentNewStep = true;
      continue;
    }
    const verbNext = (k: number): boolean => isVerbAt(tokens, k) || (tokens[k]?.text === 'then' && isVerbAt(tokens, k + 1));
    // "a washed and cut lettuce slice": participles joined by "and" describe one thing.
    const participles = t.text === 'and' && STATE_WORDS[tokens[i - 1]?.text ?? ''] !== undefined && ['DET', 'ADJ'].includes(tokens[i - 2]?.pos ?? '');
    // A verb orca has no skill for ends the clause before it too, so its words are not read as objects.
    const clauseNext = verbNext(i + 1) || isForeignVerb(tokens[i + 1]);
    if ((t.text === ',' || t.text === 'and') && !participles && clauseNext && current.some((_, k) => isVerbAt(current, k) || isVerbAt(tokens, i - current.length + k))) {
      flush();
      currentNewStep = t.text === ',' || pendingNewStep;
      pendingNewStep = false;
      continue;
    }
    // "turn on a lamp while holding a laptop": both at once, one step.
    if (t.text === 'while' && senseOf(tokens[i + 1]?.lemma ?? '') && current.some((_, k) => isVerbAt(current, k) || isVerbAt(tokens, i - current.length + k))) {
      flush();
      currentNewStep = false;
      current.push({ ...tokens[i + 1]!, pos: 'VERB' });
      i++;
      continue;
    }
    // "tomato to be placed in a pan": a passive purpose clause reads like "to place … in a pan".
    if (t.text === 'to' && tokens[i + 1]?.lemma === 'be' && senseOf(tokens[i + 2]?.lemma ?? '') && current.some((_, k) => isVerbAt(current, k) || isVerbAt(tokens, i - current.length + k))) {
      flush();
      currentNewStep = true;
      current.push({ ...tokens[i + 2]!, pos: 'VERB' });
      i += 2;
      continue;
    }
    if (t.text === 'to' && senseOf(tokens[i + 1]?.lemma ?? '') && (tokens[i + 1]?.pos === 'VERB' || tokens[i + 1]?.pos === 'AUX' || (tokens[i + 1]?.pos === 'NOUN' && ['DET', 'PRON', 'ADP'].includes(tokens[i + 2]?.pos ?? ''))) && current.some((_, k) => isVerbAt(current, k) || isVerbAt(tokens, i - current.length + k))) {
      flush();
      currentNewStep = true;
      continue;
    }
    if (current.length === 0 && pendingNewStep) { currentNewStep = true; pendingNewStep = false; }
    current.push(t);
  }
  flush();
  if (out.length > 0) out[0]!.newStep = false;
  // "slice, chill tomato": a bare state verb shares the objects of the state verb after it.
  for (let k = out.length - 2; k >= 0; k--) {
    const c = out[k]!;
    const n = out[k + 1]!;
    if (c.objects.length === 0 && c.preps.length === 0 && c.sense.action === 'state' && n.sense.action === 'state') c.objects = n.objects;
  }
  return out;
}
