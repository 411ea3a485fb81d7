import type { Token } from '../nlp.js';
import { kindFor } from './names.js';
import { VERBS } from './lexicon.js';
import { isVerbAt } from './clauses.js';

/**
 * What people say around a request: "I spilled my coke, can you bring me a replacement?", "I opened a
 * pepsi earlier. Bring me the open can.", "I love spice, can you get something to eat?". Sentences
 * about the speaker are context, not commands: their noun phrases become things "it" / "one" can
 * refer to, and what the speaker likes qualifies a vague "something". Token-level rewrites turn a few
 * request shapes into the imperative the clause parser reads.
 */

export interface Narrative {
  /** The request's tokens, with context sentences removed and shapes rewritten. */
  command: Token[];
  /** Noun-phrase token runs mentioned in context sentences, in order. */
  mentions: Token[][];
  /** Words for things the speaker cannot or will not have ("I'm allergic to apples"). */
  avoid: string[];
}

const tok = (text: string, pos: string, lemma = text): Token => ({ text, lemma, pos });
const SUBJECTS = new Set(['i', 'we', "i'm", 'there', 'this', 'these']);
const PREFERENCE = new Set(['like', 'love', 'prefer', 'enjoy', 'crave', 'fancy', 'adore']);
const WANT = new Set(['like', 'want', 'need']);
const AVERSION = new Set(['allergic', 'hate', 'dislike', 'detest', 'avoid', 'intolerant']);
const GENERIC = new Set(['something', 'anything']);
/** "something to eat" → the kind a purpose verb implies. */
const PURPOSE: Readonly<Record<string, string>> = { eat: 'food', snack: 'snack', drink: 'drink', quench: 'drink', clean: 'cleaning', wipe: 'cleaning', mop: 'cleaning', help: 'cleaning', hydrate: 'hydrating' };
const BOUNDARY = new Set([',', '.', '?', '!', ';', 'and', 'or', 'then', 'from', 'on', 'for', 'in']);
const GRIPPER = new Set(['gripper', 'hand', 'claw', 'grasp', 'grip']);

/** Sentences, each split into its comma-separated parts. */
function sentences(tokens: readonly Token[]): Token[][][] {
  const out: Token[][][] = [[[]]];
  for (const t of tokens) {
    const sentence = out[out.length - 1]!;
    sentence[sentence.length - 1]!.push(t);
    if (t.text === ',') sentence.push([]);
    if (['.', '?', '!', ';'].includes(t.text)) out.push([[]]);
  }
  return out.map((s) => s.filter((p) => p.length > 0)).filter((s) => s.length > 0);
}

/** A part that starts the request: "can you …", "how would you …", "please …", an imperative verb. */
function startsRequest(part: readonly Token[]): boolean {
  const ws = part.filter((t) => t.pos !== 'PUNCT');
  const first = ws[0];
  if (!first) return false;
  if (['can', 'could', 'would', 'will', 'how', 'please', 'so', 'would'].includes(first.text)) return true;
  if ((first.text === 'i' || first.text === 'we') && isRequestVerb(ws, 1)) return true;
  // A list item ("trash can") is not an imperative ("trash the can"): a verb needs its object after it.
  return isVerbAt(ws, 0) && (first.pos === 'VERB' || ['DET', 'PRON'].includes(ws[1]?.pos ?? ''));
}

/** "I'd like", "I would like", "I want", "I need" ask for something; a bare "I like fruits" tells a preference. */
function isRequestVerb(ws: readonly Token[], from: number): boolean {
  let k = from;
  let would = false;
  while (ws[k] && (ws[k]!.text === "'d" || ws[k]!.text === 'would' || ws[k]!.pos === 'ADV')) { would ||= ws[k]!.text !== 'just' && ws[k]!.pos !== 'ADV'; k++; }
  const v = ws[k];
  return v !== undefined && (v.lemma === 'want' || v.lemma === 'need' || (would && (v.lemma === 'like' || v.lemma === 'love')));
}

/** A context sentence: about the speaker or the scene ("I spilled my coke", "There is a table", "Redbull is my drink"). */
function isContext(seg: readonly Token[]): boolean {
  const ws = seg.filter((t) => t.pos !== 'PUNCT');
  const first = ws[0];
  if (!first) return false;
  if (first.text === 'i' || first.text === 'we') return !isRequestVerb(ws, 1);
  if (SUBJECTS.has(first.text)) return true;
  const verbIdx = ws.findIndex((t) => t.pos === 'AUX' || t.pos === 'VERB');
  return verbIdx > 0 && ws[verbIdx]!.lemma === 'be' && !ws.some((t) => t.text === 'you');
}

/** Noun-phrase runs of a context sentence (determiners, adjectives, nouns), split at lists. */
function mentionsOf(input: readonly Token[]): Token[][] {
  // A phrase-final "verb" after a modifier is a mis-tagged noun ("far/ADV counter/VERB ,").
  const seg = input.map((t, k) => (t.pos === 'VERB' && ['ADJ', 'ADV', 'DET'].includes(input[k - 1]?.pos ?? '') && (input[k + 1] === undefined || ['PUNCT', 'CCONJ'].includes(input[k + 1]!.pos)) ? { ...t, pos: 'NOUN', lemma: t.text } : t));
  const out: Token[][] = [];
  let cur: Token[] = [];
  const flush = (): void => { if (cur.some((t) => t.pos === 'NOUN' || t.pos === 'PROPN')) out.push(cur); cur = []; };
  for (const [k, t] of seg.entries()) {
    // A word right before a noun modifies it whatever the tagger says ("far counter").
    const beforeNoun = ['NOUN', 'PROPN'].includes(seg[k + 1]?.pos ?? '') && ['ADV', 'VERB', 'ADJ'].includes(t.pos);
    const nominal = (['DET', 'ADJ', 'NOUN', 'PROPN', 'NUM'].includes(t.pos) || beforeNoun) && !['i', 'we', 'there', 'it'].includes(t.text);
    if (nominal) cur.push(t);
    else flush();
  }
  flush();
  return out;
}

/** Splits context from the request and rewrites request shapes; never drops the whole instruction. */
export function readNarrative(tokens: readonly Token[]): Narrative {
  const sents = sentences(tokens);
  const mentions: Token[][] = [];
  const liked: Token[] = [];
  const avoid: Token[] = [];
  let command: Token[] = [];
  for (const parts of sents) {
    if (!isContext(parts[0]!)) { command.push(...parts.flat()); continue; }
    // The context runs up to the part that starts the request ("I spilled my coke, can you …").
    let j = parts.findIndex((p, k) => k > 0 && startsRequest(p));
    if (j < 0) j = sents.length > 1 ? parts.length : 0;
    const context = parts.slice(0, j).flat();
    const ms = mentionsOf(context);
    mentions.push(...ms);
    if (context.some((t) => PREFERENCE.has(t.lemma)) && !context.some((t) => t.lemma === 'not')) liked.push(...ms.flat().filter((t) => t.pos === 'NOUN' || t.pos === 'ADJ'));
    if (context.some((t) => AVERSION.has(t.lemma)) || (context.some((t) => t.lemma === 'not') && context.some((t) => PREFERENCE.has(t.lemma)))) avoid.push(...ms.flat().filter((t) => t.pos === 'NOUN'));
    command.push(...parts.slice(j).flat());
  }
  if (command.length === 0) command = [...tokens];
  return { command: rewrite(command, liked), mentions, avoid: avoid.map((t) => t.lemma) };
}

function rewrite(input: readonly Token[], liked: readonly Token[]): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < input.length; i++) {
    const t = input[i]!;
    const next = input[i + 1];
    // "I'd like a soda", "I want a coke", "can I have / get a fruit" → "bring me …".
    if ((t.text === 'i' || t.text === 'we') && next) {
      let k = i + 1;
      while (input[k] && (input[k]!.text === "'d" || input[k]!.text === 'would' || input[k]!.pos === 'ADV')) k++;
      const v = input[k];
      if (v && ((WANT.has(v.lemma) && (v.lemma !== 'like' || k > i + 1)) || ((v.lemma === 'have' || v.lemma === 'get') && ['can', 'could', 'may'].includes(input[i - 1]?.text ?? ''))) && ['DET', 'NOUN', 'PROPN', 'NUM', 'ADJ'].includes(input[k + 1]?.pos ?? '')) {
        if (['can', 'could', 'may'].includes(out[out.length - 1]?.text ?? '')) out.pop();
        out.push(tok('bring', 'VERB'), tok('me', 'PRON'));
        i = k;
        continue;
      }
    }
    // "something to eat", "something to help clean", "something to quench my thirst" → a kind.
    if (GENERIC.has(t.text)) {
      let k = i + 1;
      let kind: string | undefined;
      if (input[k]?.text === 'to') {
        let j = k + 1;
        while (input[j] && !BOUNDARY.has(input[j]!.text) && !kind) { kind = PURPOSE[input[j]!.lemma]; j++; }
        if (kind) { k = j; while (input[k] && !BOUNDARY.has(input[k]!.text)) k++; }
      } else if (['that', 'i', 'you'].includes(input[k]?.text ?? '') && input.slice(k, k + 4).some((u) => PREFERENCE.has(u.lemma) || WANT.has(u.lemma))) {
        // "something I would like": the relative clause says only "what I like".
        while (input[k] && !BOUNDARY.has(input[k]!.text) && input[k]!.text !== '?') k++;
      }
      out.push(...liked.map((l) => ({ ...l })), t);
      if (kind) out.push(tok(kind, 'NOUN'));
      i = k - 1;
      continue;
    }
    // "a drink with caffeine": a kind after "with" qualifies the thing rather than naming a tool.
    if (t.text === 'with' && next && kindFor(next.text, next.lemma) && out.length > 0) continue;
    // "put the coke can in your gripper" → pick it up.
    if (['in', 'into'].includes(t.text) && input.slice(i + 1, i + 4).some((u) => GRIPPER.has(u.text)) && ['your', 'the', 'my'].includes(next?.text ?? '')) {
      const v = out.findIndex((u) => VERBS[u.lemma]?.action === 'place');
      if (v >= 0) out[v] = tok('pick', 'VERB');
      out.push(tok('up', 'ADP'));
      i += input.slice(i + 1, i + 4).findIndex((u) => GRIPPER.has(u.text)) + 1;
      continue;
    }
    // "let go of X" → release X; "move to the table" → go to the table.
    if (t.lemma === 'let' && next?.text === 'go' && input[i + 2]?.text === 'of') { out.push(tok('release', 'VERB')); i += 2; continue; }
    if (['move', 'come', 'walk', 'head', 'drive'].includes(t.lemma) && next?.text === 'to' && out.every((u) => !VERBS[u.lemma] || u.pos === 'AUX')) { out.push(tok('go', 'VERB')); continue; }
    // "a replacement" stands for another one of what was just talked about.
    if (t.lemma === 'replacement') { out.push(tok('one', 'NOUN')); continue; }
    out.push(t);
  }
  return out;
}
