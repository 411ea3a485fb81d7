import { typeInfo } from '../../../world/catalog.js';
import type { Token } from '../nlp.js';
import { isVerbAt, parseClause, splitList } from './clauses.js';
import type { Clause } from './clauses.js';
import { isForeignVerb, senseOf } from '../lexical/senses.js';
import { STATE_WORDS, VERBS } from './lexicon.js';
import { parseNounPhrase } from './noun-phrase.js';
import { PARTICLE_VERBS, prepAt } from './preps.js';

type People = readonly { id: string; name: string }[];

const SENTENCE_END = new Set(['.', ';', '!', '?']);
const SUBJECTS = new Set(['you', 'i', 'we']);

/** "then", "after that", "afterwards", "next" (not "next to"): the next clause is a later step. */
function thenAt(tokens: readonly Token[], i: number): number {
  const t = tokens[i]!;
  const next = tokens[i + 1];
  if (t.text === 'after' && next?.text === 'that') return 2;
  if (t.text === 'then' || t.text === 'afterwards' || (t.text === 'next' && next?.pos !== 'ADP' && next?.text !== 'to')) return 1;
  return 0;
}

/** "before returning it", "after washing it": a clause of its own, whatever the order said. */
function gerundClauseAt(tokens: readonly Token[], i: number): boolean {
  const t = tokens[i]!.text;
  const v = tokens[i + 1];
  return (t === 'before' || t === 'after') && v !== undefined && v.text.endsWith('ing') && senseOf(v.lemma) !== undefined;
}

/** "and", a comma, "plus", "as well as", "and also": words that join two clauses of one step. */
function joinerAt(tokens: readonly Token[], i: number): number {
  const t = tokens[i]!.text;
  if (t === 'as' && tokens[i + 1]?.text === 'well' && tokens[i + 2]?.text === 'as') return 3;
  if ((t === 'and' || t === ',') && tokens[i + 1]?.text === 'also') return 2;
  return t === 'and' || t === ',' || t === 'plus' ? 1 : 0;
}

/** "while holding", "while you hold", "as you hold": the verb of a clause done at the same time, or -1. */
function simultaneousVerb(tokens: readonly Token[], i: number): number {
  const t = tokens[i]!.text;
  if (t !== 'while' && t !== 'as') return -1;
  const k = SUBJECTS.has(tokens[i + 1]?.text ?? '') ? i + 2 : i + 1;
  if (t === 'as' && k === i + 1) return -1;
  return senseOf(tokens[k]?.lemma ?? '') ? k : -1;
}

/** "to put it in the fridge" (purpose), "to be placed in a pan" (passive purpose): the verb, or -1. */
function purposeVerb(tokens: readonly Token[], i: number): { verb: number; forced: boolean } | null {
  if (tokens[i]!.text !== 'to') return null;
  const a = tokens[i + 1];
  if (a?.lemma === 'be' && senseOf(tokens[i + 2]?.lemma ?? '')) return { verb: i + 2, forced: true };
  const verbish = a !== undefined && senseOf(a.lemma) !== undefined && (a.pos === 'VERB' || a.pos === 'AUX' || (a.pos === 'NOUN' && ['DET', 'PRON', 'ADP'].includes(tokens[i + 2]?.pos ?? '')));
  return verbish ? { verb: i + 1, forced: false } : null;
}

/** The content of a clause orca has no verb for: the noun phrases after its unknown verb. */
function mentionOf(tokens: readonly Token[], people: People, newStep: boolean): Clause | null {
  const words = tokens.filter((t) => t.pos !== 'PUNCT');
  const verb = words.findIndex((t) => t.pos === 'VERB');
  let rest = verb >= 0 ? words.slice(verb + 1) : words.filter((t, k) => !(k === 0 && ['to', 'please'].includes(t.text)));
  const cut = rest.findIndex((_, k) => k > 0 && prepAt(rest, k) !== null);
  if (cut > 0) rest = rest.slice(0, cut);
  const nps = splitList(rest, people).nps.filter((np) => np.readings.length > 0 && np.pronoun === null);
  if (nps.length === 0) return null;
  return { verb: '', sense: { action: 'hold' }, particle: null, objects: nps, recipient: null, preps: [], newStep, both: false, mention: true };
}

/**
 * "put the egg in the fridge, then the sink": a clause of only a place repeats the last clause's verb
 * and preposition for the thing last talked about.
 */
function ellipsisOf(tokens: readonly Token[], prev: Clause | undefined, people: People, newStep: boolean): Clause | null {
  const dest = prev ? [...prev.preps].reverse().find((p) => ['in', 'on', 'to'].includes(p.prep) && !p.relative) : undefined;
  if (!prev || !dest || prev.mention) return null;
  const words = tokens.filter((t) => t.pos !== 'PUNCT');
  const p = prepAt(words, 0);
  const np = parseNounPhrase(p ? words.slice(p.len) : words, people);
  // Only a place repeats the placing: "…, the pear too" names another thing, not where it goes.
  const place = np.readings[0]?.types.some((t) => typeInfo(t)?.receptacle != null && !typeInfo(t)?.pickupable) ?? false;
  if (np.pronoun !== null || (!p && !place) || np.readings.length === 0) return null;
  return { ...prev, objects: [], recipient: null, particle: null, newStep, both: false, preps: [{ prep: p?.prep ?? dest.prep, np, list: [np] }] };
}

/** "With the remote, turn on the lamp": the thing said first is held while the rest is done. */
function frontedWith(tokens: readonly Token[], people: People, newStep: boolean): { held: Clause; rest: Token[] } | null {
  if (tokens[0]?.text !== 'with') return null;
  // The tagger may not see the verb after the noun ("with a knife slice the bread"): any verb orca knows ends the phrase.
  const startsObject = (i: number): boolean => tokens[i + 1]?.pos === 'DET' || (PARTICLE_VERBS[tokens[i]!.lemma] ?? []).includes(tokens[i + 1]?.text ?? '');
  const found = tokens.findIndex((t, i) => i > 1 && (isVerbAt(tokens, i) || (senseOf(t.lemma) !== undefined && ['NOUN', 'VERB', 'ADJ'].includes(t.pos) && startsObject(i))));
  // The rest may be a clause of its own after a comma ("With the remote, turn on the lamp").
  const v = found < 0 ? tokens.length : found;
  const hold = VERBS['hold'];
  if (!hold) return null;
  const nps = splitList(tokens.slice(1, v).filter((t) => t.text !== ','), people).nps.filter((np) => np.readings.length > 0);
  if (nps.length === 0) return null;
  return { held: { verb: 'hold', sense: hold, particle: null, objects: nps, recipient: null, preps: [], newStep, both: false }, rest: tokens.slice(v) };
}

/**
 * "Put the knife in the sink and the bread on the counter": a second object and place after "and",
 * with the verb left out, is a clause of its own with the same verb.
 */
function ungapped(c: Clause): Clause[] {
  const at = c.preps.findIndex((p, i) => i < c.preps.length - 1 && p.gap !== undefined);
  if (at < 0 || !['place', 'discard'].includes(c.sense.action)) return [c];
  const p = c.preps[at]!;
  const first: Clause = { ...c, preps: [...c.preps.slice(0, at), { ...p, np: p.gap!.head, list: [p.gap!.head] }] };
  const second: Clause = { ...c, objects: [p.gap!.object], preps: c.preps.slice(at + 1), newStep: false, both: false };
  return [first, ...ungapped(second)];
}

/**
 * Where a new clause starts inside a sentence, after words that already say something: "before …ing",
 * a joiner before a verb, "while"/"as you" (at the same time), "to" and a purpose. `verb` is a verb to
 * start the new clause with, `next` the token to read on from, `newStep` whether the clause is a later
 * step (undefined: a joiner, a later step after a comma).
 */
function clauseBreakAt(tokens: readonly Token[], i: number, started: boolean): { verb?: number; next: number; newStep?: boolean } | null {
  const t = tokens[i]!;
  if (gerundClauseAt(tokens, i)) return { verb: i + 1, next: i + 2, newStep: true };
  const join = joinerAt(tokens, i);
  const verbNext = (k: number): boolean => isVerbAt(tokens, k) || (tokens[k]?.text === 'then' && isVerbAt(tokens, k + 1));
  // "a washed and cut lettuce slice": participles joined by "and" describe one thing.
  const participles = t.text === 'and' && STATE_WORDS[tokens[i - 1]?.text ?? ''] !== undefined && ['DET', 'ADJ'].includes(tokens[i - 2]?.pos ?? '');
  // A verb orca has no skill for ends the clause before it too, so its words are not read as objects.
  if (join > 0 && !participles && (verbNext(i + join) || isForeignVerb(tokens[i + join]))) return { next: i + join };
  // "turn on a lamp while holding a laptop": both at once, one step.
  const same = started ? simultaneousVerb(tokens, i) : -1;
  if (same >= 0) return { verb: same, next: same + 1, newStep: false };
  // "tomato to be placed in a pan": a passive purpose clause reads like "to place … in a pan".
  const purpose = purposeVerb(tokens, i);
  if (purpose) return purpose.forced ? { verb: purpose.verb, next: purpose.verb + 1, newStep: true } : { next: i + 1, newStep: true };
  return null;
}

/** Splits an instruction into clauses at sentence ends, "then", "after that", and joiners before a verb. */
export function splitClauses(tokens: readonly Token[], people: People): Clause[] {
  const out: Clause[] = [];
  let current: Token[] = [];
  let currentNewStep = false;
  let pendingNewStep = false;
  const hasContent = (): boolean => current.some((t, k) => isVerbAt(current, k) || ['NOUN', 'PROPN', 'ADJ', 'NUM'].includes(t.pos));
  const flush = (): void => {
    const fronted = frontedWith(current, people, currentNewStep);
    if (fronted) {
      out.push(fronted.held);
      current = fronted.rest;
      if (current.length === 0) return;
    }
    const c = parseClause(current, fronted ? false : currentNewStep, people) ?? ellipsisOf(current, out[out.length - 1], people, currentNewStep) ?? mentionOf(current, people, currentNewStep);
    if (c) out.push(...ungapped(c));
    current = [];
  };
  const startAfterThen = (): void => {
    flush();
    pendingNewStep = true;
    currentNewStep = true;
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (SENTENCE_END.has(t.text)) { startAfterThen(); continue; }
    const then = thenAt(tokens, i);
    if (then > 0) { startAfterThen(); i += then - 1; continue; }
    const cut = hasContent() ? clauseBreakAt(tokens, i, current.length > 0) : null;
    if (cut) {
      flush();
      currentNewStep = cut.newStep ?? (t.text === ',' || pendingNewStep);
      if (cut.newStep === undefined) pendingNewStep = false;
      if (cut.verb !== undefined) current.push({ ...tokens[cut.verb]!, pos: 'VERB' });
      i = cut.next - 1;
      continue;
    }
    if (current.length === 0 && pendingNewStep) { currentNewStep = true; pendingNewStep = false; }
    current.push(t);
  }
  flush();
  return finish(out);
}

function finish(out: Clause[]): Clause[] {
  if (out.length > 0) out[0]!.newStep = false;
  // "slice, chill tomato", "slice, chill and put the bread on the table": a bare state verb shares the
  // objects of the verb after it.
  for (let k = out.length - 2; k >= 0; k--) {
    const c = out[k]!;
    const n = out[k + 1]!;
    if (c.objects.length === 0 && c.preps.length === 0 && c.sense.action === 'state' && !n.mention) c.objects = n.objects;
  }
  return out;
}
