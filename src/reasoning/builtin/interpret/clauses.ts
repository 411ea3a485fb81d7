import { typesForName } from '../../../world/catalog.js';
import type { Token } from '../nlp.js';
import { readVerb, senseOf } from '../lexical/senses.js';
import { COLORS, STATE_WORDS } from './lexicon.js';
import type { VerbSense } from './lexicon.js';
import { parseNounPhrase } from './noun-phrase.js';
import type { NounPhrase } from './noun-phrase.js';
import { PARTICLE_VERBS, prepAt, relativeMarkerBefore } from './preps.js';


export type DestRel = 'in' | 'on' | 'to' | 'near' | 'rightOf' | 'leftOf' | 'behind' | 'inFrontOf' | 'between';

export interface PrepPhrase {
  prep: string;
  np: NounPhrase;
  /** Every phrase of a list ("with an apple piece and a knife"); `np` is the first. */
  list: NounPhrase[];
  /** After "that is" / "which are": it says where the thing is, never where it goes. */
  relative?: boolean;
  /** The preposition as said ("into", "on top of"), before it was read as `prep`. */
  via?: string;
  /** "in the sink and a slice of bread": the place, and the next thing, when the verb was left out before it. */
  gap?: { head: NounPhrase; object: NounPhrase };
}

type People = readonly { id: string; name: string }[];

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
  /** "put it back": back where it was taken from. */
  back?: boolean;
  /**
   * A clause whose verb orca does not know ("retrieve the card and …"): it asks for nothing, but
   * what it names is talked about, so a later "it" refers to it.
   */
  mention?: boolean;
}

/** "a wedge of roasted squash": a participle between a determiner or "of" and its noun describes the noun. */
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
  const atStart = !prev || [',', '.', ';', 'then', 'and', 'plus', 'to', 'please', 'you', 'also'].includes(prev.text) || (prev.text === 'as' && tokens[i - 2]?.text === 'well');
  const next = tokens[i + 1];
  // "place pan on the table", "place back on the table": the tagger's verb or adverb reading of the next word does not hide the order.
  const namesThing = next !== undefined && (typesForName(next.text).length > 0 || typesForName(next.lemma).length > 0);
  const nextStartsObject = next !== undefined && (['DET', 'NUM', 'PRON', 'ADJ', 'NOUN', 'PROPN', 'ADP'].includes(next.pos) || next.text === 'me' || next.text === 'back' || namesThing || STATE_WORDS[next.text] !== undefined);
  // "slice, chill tomato", "slice, chill and put the bread …": a bare verb coordinated with the next one shares its objects.
  const coordinated = next !== undefined && [',', 'and'].includes(next.text) && tokens[i + 2] !== undefined && senseOf(tokens[i + 2]!.lemma) !== undefined && t.pos !== 'ADJ';
  if (atStart && coordinated && senseOf(t.lemma)?.action === 'state') return true;
  // "warm up the bread": an adjective-tagged verb followed by its own particle, then its object.
  const after = tokens[i + 2];
  const withParticle = next !== undefined && (PARTICLE_VERBS[t.lemma] ?? []).includes(next.text) && after !== undefined && ['DET', 'PRON', 'NOUN', 'NUM'].includes(after.pos);
  // "and close it": the tagger reads "close" as an adjective; before a determiner or pronoun it is a verb.
  return atStart && nextStartsObject && (t.pos !== 'ADJ' || next.pos === 'PRON' || next.pos === 'DET' || withParticle);
}

/** Splits a noun-phrase list on "and" and commas, keeping aliases that contain "and" ("yellow and white mug"). */
export function splitList(tokens: readonly Token[], people: People): { nps: NounPhrase[]; both: boolean } {
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
  const nps: NounPhrase[] = [];
  for (const p of parts.filter((x) => x.length > 0)) {
    // "a mug, not the red one": an item that only leaves something out qualifies the item before it.
    const leaving = ['not', 'but', 'except'].includes(p[0]!.text) ? p.slice(p[1]?.text === 'not' ? 2 : 1) : null;
    const prev = nps[nps.length - 1];
    if (leaving && prev && leaving.length > 0) prev.exclude.push(parseNounPhrase(leaving, people));
    else nps.push(parseNounPhrase(p, people));
  }
  return { nps, both };
}

/** The verb of a clause: a lone state verb ("slice" in "slice, chill tomato"), else the first verb. */
function verbIndex(tokens: readonly Token[]): number {
  const bare = tokens.filter((t) => t.pos !== 'PUNCT');
  if (bare.length === 1 && senseOf(bare[0]!.lemma)?.action === 'state') return tokens.indexOf(bare[0]!);
  return tokens.findIndex((_, i) => isVerbAt(tokens, i));
}

/**
 * The words after the verb, without "back" used as an adverb ("put it back": back where it was, not
 * "the back compartment") and without outer commas; inner commas separate list items.
 */
function wordsAfterVerb(tokens: readonly Token[], v: number): { rest: Token[]; back: boolean } {
  let back = false;
  let rest = tokens.slice(v + 1).filter((t) => (t.pos !== 'PUNCT' || t.text === ',') && t.text !== 'please');
  rest = rest.filter((t, k, arr) => {
    const adverb = t.text === 'back' && (k === 0 || ['it', 'them'].includes(arr[k - 1]!.text));
    back ||= adverb;
    return !adverb;
  });
  while (rest[0]?.text === ',') rest = rest.slice(1);
  while (rest[rest.length - 1]?.text === ',') rest = rest.slice(0, -1);
  return { rest, back };
}

/** The verb's particle ("turn on", "cut it up", "throw it away"), taken out of the words. */
function readParticle(verb: string, rest: Token[]): { particle: string | null; rest: Token[] } {
  const allowed = PARTICLE_VERBS[verb] ?? [];
  if (rest[0] && allowed.includes(rest[0].text)) return { particle: rest[0].text, rest: rest.slice(1) };
  // "cut it up on the board": the particle follows a pronoun object.
  if (rest[1] && allowed.includes(rest[1].text) && ['it', 'them'].includes(rest[0]!.text)) return { particle: rest[1].text, rest: [rest[0]!, ...rest.slice(2)] };
  if (rest.length > 0 && allowed.includes(rest[rest.length - 1]!.text)) return { particle: rest[rest.length - 1]!.text, rest: rest.slice(0, -1) };
  return { particle: null, rest };
}

interface Segment {
  prep: string | null;
  via: string;
  tokens: Token[];
  relative: boolean;
}

/** Cuts the words into the object phrase and one segment per preposition. */
function segmentsOf(rest: readonly Token[], sense: VerbSense, particle: string | null): Segment[] {
  const segments: Segment[] = [{ prep: null, via: '', tokens: [], relative: false }];
  for (let i = 0; i < rest.length; ) {
    // "to set on the shelf": a placing verb may go straight to its destination, its object implied.
    const implied = i === 0 && ['place', 'discard'].includes(sense.action) && ['in', 'into', 'inside', 'on', 'onto', 'to'].includes(rest[0]?.text ?? '') && particle === null;
    const p = i > 0 || segments.length > 1 || implied ? prepAt(rest, i) : null;
    // "the cabinet under the sink on the left": a side word modifies the phrase before it.
    const sideOnly = p?.prep === 'on' && rest[i + 1]?.text === 'the' && ['left', 'right'].includes(rest[i + 2]?.text ?? '') && (rest[i + 3] === undefined || prepAt(rest, i + 3) !== null);
    const last = segments[segments.length - 1]!;
    if (p && sideOnly) {
      last.tokens.push(rest[i + 1]!, rest[i + 2]!);
      i += 3;
    } else if (p && rest[i - 1]?.text !== 'of') {
      const marker = relativeMarkerBefore(rest, i);
      // "that is" belongs to neither phrase.
      if (marker > 0) last.tokens.splice(-Math.min(marker, last.tokens.length));
      segments.push({ prep: p.prep, via: rest.slice(i, i + p.len).map((t) => t.text).join(' '), tokens: [], relative: marker > 0 });
      i += p.len;
    } else {
      last.tokens.push(rest[i]!);
      i++;
    }
  }
  return segments;
}

/** "the sink and a slice of bread": a place, then "and" and a new determiner starting the next thing. */
function gapIn(tokens: readonly Token[], people: People): { head: NounPhrase; object: NounPhrase } | undefined {
  const at = tokens.findIndex((t, i) => t.text === 'and' && i > 0 && ['DET', 'NUM'].includes(tokens[i + 1]?.pos ?? ''));
  if (at < 0) return undefined;
  const head = parseNounPhrase(tokens.slice(0, at), people);
  const object = parseNounPhrase(tokens.slice(at + 1), people);
  return head.readings.length > 0 && object.readings.length > 0 ? { head, object } : undefined;
}

/** Verbs whose object goes back where it came from when no place is said. */
const RETURNING = new Set(['return', 'replace']);

/** Reads the words after a verb into objects, recipient and prepositional phrases. */
export function parseClause(tokens: readonly Token[], newStep: boolean, people: People): Clause | null {
  const v = verbIndex(tokens);
  if (v < 0) return null;
  const verbTok = tokens[v]!;
  const reading = readVerb(verbTok.lemma)!;
  const sense = reading.sense;
  const words = wordsAfterVerb(tokens, v);
  const { particle, rest: afterParticle } = readParticle(verbTok.lemma, words.rest);
  let rest = afterParticle;
  let recipient: NounPhrase | null = null;
  const first = rest[0];
  if (first && (sense.action === 'deliver' || sense.action === 'hold') && (first.text === 'me' || first.text === 'us' || people.some((p) => p.name.toLowerCase() === first.text))) {
    recipient = parseNounPhrase([first], people);
    rest = rest.slice(1);
  }
  const segments = segmentsOf(rest, sense, particle);
  const { nps, both } = splitList(segments[0]!.tokens, people);
  const preps: PrepPhrase[] = [];
  for (const s of segments.slice(1)) {
    if (s.tokens.length === 0) continue;
    const list = s.prep === 'with' || s.prep === 'between' ? splitList(s.tokens, people).nps : [parseNounPhrase(s.tokens.filter((t) => t.text !== ','), people)];
    const np = list[0]!;
    const gap = ['in', 'on', 'to'].includes(s.prep ?? '') ? gapIn(s.tokens, people) : undefined;
    if (s.prep === 'to' && np.person) recipient = np;
    else preps.push({ prep: s.prep ?? 'at', np, list, via: s.via, ...(s.relative ? { relative: true } : {}), ...(gap ? { gap } : {}) });
  }
  inheritHeads([...nps, ...preps.map((p) => p.np)]);
  // "wash the pan and return it": returning with no place or person said is putting it back.
  const back = words.back || (RETURNING.has(reading.verb) && preps.length === 0 && recipient === null);
  return { verb: reading.verb, sense, particle, objects: nps, recipient, preps, newStep, both, ...(back ? { back: true } : {}) };
}

/** "from one table to another", "this drawer or the other one": a headless "another" is one more of the kind just named. */
function inheritHeads(nps: readonly NounPhrase[]): void {
  for (const [i, np] of nps.entries()) {
    const bare = np.text.split(/\s+/).every((w) => ['another', 'other', 'the', 'one', 'a', 'an'].includes(w));
    if (np.readings.length > 0 || !bare || !(np.other || np.pronoun === 'one') || np.person) continue;
    const before = nps.slice(0, i).reverse().find((x) => x.readings.length > 0);
    if (!before) continue;
    np.readings = before.readings.map((r) => ({ ...r, words: [] }));
    if (np.pronoun === 'one') np.pronoun = null;
  }
}
