import type { Token } from '../nlp.js';
import { COLORS, VERBS } from './lexicon.js';
import type { VerbSense } from './lexicon.js';
import { parseNounPhrase } from './noun-phrase.js';
import type { NounPhrase } from './noun-phrase.js';

export type DestRel = 'in' | 'on' | 'to' | 'near' | 'rightOf' | 'leftOf';

export interface PrepPhrase {
  prep: string;
  np: NounPhrase;
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
  set: ['down'], look: ['at'], lift: ['up'], hand: ['over'], get: ['out'],
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

export function isVerbAt(tokens: readonly Token[], i: number): boolean {
  const t = tokens[i];
  if (!t || !VERBS[t.lemma]) return false;
  if (t.pos === 'VERB' || t.pos === 'AUX') return true;
  const prev = tokens[i - 1];
  // The tagger often calls a sentence-initial imperative a noun ("Slice a potato", "cook a slice").
  const atStart = !prev || [',', '.', ';', 'then', 'and', 'to', 'please', 'you', 'also'].includes(prev.text);
  const next = tokens[i + 1];
  const nextStartsObject = next !== undefined && (['DET', 'NUM', 'PRON', 'ADJ', 'NOUN', 'PROPN', 'ADP'].includes(next.pos) || next.text === 'me');
  // "and close it": the tagger reads "close" as an adjective; before a determiner or pronoun it is a verb.
  return atStart && nextStartsObject && (t.pos !== 'ADJ' || next.pos === 'PRON' || next.pos === 'DET');
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
    const colourAnd = t.text === 'and' && COLORS.has(rest[i - 1]?.text ?? '') && COLORS.has(rest[i + 1]?.text ?? '');
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
  const v = tokens.findIndex((_, i) => isVerbAt(tokens, i));
  if (v < 0) return null;
  const verbTok = tokens[v]!;
  const sense = VERBS[verbTok.lemma]!;
  let rest = tokens.slice(v + 1).filter((t) => t.pos !== 'PUNCT' && t.text !== 'please');
  let particle: string | null = null;
  const allowed = PARTICLE_VERBS[verbTok.lemma] ?? [];
  if (rest[0] && allowed.includes(rest[0].text)) {
    particle = rest[0].text;
    rest = rest.slice(1);
  } else if (rest.length > 0 && allowed.includes(rest[rest.length - 1]!.text)) {
    particle = rest[rest.length - 1]!.text;
    rest = rest.slice(0, -1);
  }
  let recipient: NounPhrase | null = null;
  const first = rest[0];
  if (first && (sense.action === 'deliver' || verbTok.lemma === 'get') && (first.text === 'me' || first.text === 'us' || people.some((p) => p.name.toLowerCase() === first.text))) {
    recipient = parseNounPhrase([first], people);
    rest = rest.slice(1);
  }
  const segments: { prep: string | null; tokens: Token[] }[] = [{ prep: null, tokens: [] }];
  for (let i = 0; i < rest.length; ) {
    const p = i > 0 || segments.length > 1 ? prepAt(rest, i) : null;
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
    const np = parseNounPhrase(s.tokens, people);
    if (s.prep === 'to' && np.person) recipient = np;
    else preps.push({ prep: s.prep ?? 'at', np });
  }
  return { verb: verbTok.lemma, sense, particle, objects: nps, recipient, preps, newStep, both };
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
    if ((t.text === ',' || t.text === 'and') && verbNext(i + 1) && current.some((_, k) => isVerbAt(current, k))) {
      flush();
      currentNewStep = t.text === ',' || pendingNewStep;
      pendingNewStep = false;
      continue;
    }
    if (t.text === 'to' && isVerbAt(tokens, i + 1) && tokens[i + 1]?.pos === 'VERB' && current.some((_, k) => isVerbAt(current, k))) {
      flush();
      currentNewStep = true;
      continue;
    }
    if (current.length === 0 && pendingNewStep) { currentNewStep = true; pendingNewStep = false; }
    current.push(t);
  }
  flush();
  if (out.length > 0) out[0]!.newStep = false;
  return out;
}
