import { typesForName } from '../../../world/catalog.js';
import type { BeliefState } from '../../belief.js';
import type { Goal, Grounding, Interpretation, PendingClarification } from '../../goal.js';
import { analyse } from '../nlp.js';
import type { Token } from '../nlp.js';
import type { RememberedReference } from '../../memory-prior.js';
import type { Ref } from './ground.js';
import { readNarrative } from './narrative.js';
import { buildDoable } from './partial.js';
import { askAboutObjects } from './objects.js';
import { kindWords, senseOf } from '../lexical/senses.js';
import { splitClauses } from './split.js';
import { groundPhrase } from './ground.js';
import { parseNounPhrase } from './noun-phrase.js';
import { checkSafety } from './safety.js';
import { cannotDo, notUnderstood, unknownVerbs } from './unclear.js';
import { goalFromSteps, refineWithSteps } from './with-steps.js';

export interface InterpretContext {
  /** Person id that "me" refers to. */
  speaker: string;
  /** Choices from earlier clarification answers: mention key → ids. */
  choices?: Record<string, string[]>;
  /** What phrases meant before (the site's memory): evidence for grounding. */
  memory?: readonly RememberedReference[];
}

const CHILD_WORDS = new Set(['child', 'kid', 'baby', 'toddler', 'son', 'daughter']);

/** Instruction → goal, question, search, refusal or "not found". Never throws on odd input. */
export function interpret(instruction: string, belief: BeliefState, ctx: InterpretContext): Interpretation {
  return interpretWithSteps(instruction, [], belief, ctx);
}

/**
 * An instruction with step-by-step directions ("Put the apple slice in the trash." and how): the steps
 * add what the sentence leaves unsaid (see `refineWithSteps`), and the result is checked for safety
 * like any goal. With no steps, the same as `interpret`.
 */
export function interpretWithSteps(instruction: string, steps: readonly string[], belief: BeliefState, ctx: InterpretContext): Interpretation {
  try {
    return interpretUnsafe(instruction, steps, belief, ctx);
  } catch (err) {
    return { kind: 'not_found', reason: `I could not understand "${instruction}" (${err instanceof Error ? err.message : String(err)}).` };
  }
}

function interpretUnsafe(instruction: string, steps: readonly string[], belief: BeliefState, ctx: InterpretContext): Interpretation {
  const tokens = markCompounds(glueNumbers(analyse(instruction), instruction));
  const people = [...belief.people.values()];
  const children = new Set(people.filter((p) => p.child).map((p) => p.id));
  if (tokens.some((t) => CHILD_WORDS.has(t.lemma))) children.add('child');
  const childTokens = tokens.map((t) => (CHILD_WORDS.has(t.lemma) ? { ...t, text: 'child' } : t));
  const { command, mentions, avoid } = readNarrative(childTokens);
  const clauses = splitClauses(command, [...people, { id: 'child', name: 'child' }]);
  const checked = (goal: Goal, groundings: Grounding[], notes: string[] = []): Interpretation => {
    const unsafe = checkSafety(goal, belief, children);
    if (unsafe) return { kind: 'refuse', reason: unsafe };
    return notes.length > 0 ? { kind: 'goal', goal, groundings, notes } : { kind: 'goal', goal, groundings };
  };
  // "Readying carrots to set on the shelf": no command, but the steps may say what to do with what it names.
  const nothingToDo = (): Interpretation => {
    const fromSteps = goalFromSteps(tokens, steps, belief);
    return fromSteps ? checked(fromSteps, []) : notUnderstood(instruction, tokens, belief);
  };
  const choices = ctx.choices ?? {};
  const choiceNotes: string[] = [];
  // The request's words and what its things are ("grapes" → fruit): context that may favour one candidate.
  const requestWords = new Set(tokens.flatMap((t) => [t.text, t.lemma, ...(t.pos === 'NOUN' ? kindWords(t.lemma) : [])]));
  const groundCtx = { belief, speaker: ctx.speaker, choices, discourse: contextRefs(mentions, belief, ctx.speaker), avoid, requestWords, notes: choiceNotes, ...(ctx.memory ? { memory: ctx.memory } : {}) };
  const cannot = unknownVerbs(command);
  const clarify = (q: { question: string; options: { label: string; ids: string[] }[]; mentionKey: string; headType: string }): Interpretation => {
    const pending: PendingClarification = { instruction, mentionKey: q.mentionKey, headType: q.headType, options: q.options, choices };
    return { kind: 'clarify', question: q.question, options: q.options.map((o) => o.label), pending };
  };
  // The things of what orca cannot do still have to be the right ones: asked about like any others.
  const aboutObjects = (): Interpretation | null => {
    const q = askAboutObjects(command, cannot, people, groundCtx);
    return q ? clarify(q) : null;
  };
  if (clauses.length === 0) return aboutObjects() ?? nothingToDo();
  const { result: r, setAside } = buildDoable(clauses, groundCtx);
  if (r.kind === 'goal' || (r.kind === 'not_found' && !r.reason.startsWith('refuse:'))) {
    const q = aboutObjects();
    if (q) return q;
  }
  switch (r.kind) {
    case 'goal': {
      if (r.goal.steps.length === 0) return nothingToDo();
      // What the request asks that orca will not do is said, never dropped in silence.
      const notes = [...new Set(choiceNotes)].concat(cannotDo(cannot), setAside.map((s) => `I set aside part of the request: ${s.reason.replace(/\.$/, '')}`));
      return checked(refineWithSteps(r.goal, steps, belief), r.groundings, notes);
    }
    case 'clarify':
      return clarify(r);
    case 'search':
      return { kind: 'search', search: { type: r.type, containers: r.containers } };
    case 'not_found':
      return r.reason.startsWith('refuse:') ? { kind: 'refuse', reason: r.reason.slice(7) } : r;
  }
}

/** "7up" is one word although the tokenizer splits it into a number and a word (a count would misread it). */
function glueNumbers(tokens: Token[], text: string): Token[] {
  const lower = text.toLowerCase();
  const out: Token[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const next = tokens[i + 1];
    if (/^\d+$/.test(t.text) && next && /^[a-z]+$/.test(next.text) && new RegExp(`\\b${t.text}${next.text}\\b`).test(lower)) {
      out.push({ text: t.text + next.text, lemma: t.text + next.text, pos: 'PROPN' });
      i++;
    } else if (t.text === 'can' && t.pos === 'AUX' && ['NOUN', 'PROPN', 'ADJ', 'DET', 'NUM'].includes(out[out.length - 1]?.pos ?? '') && !['PRON', 'VERB', 'ADV', 'PART'].includes(next?.pos ?? '')) {
      // "the coke can", "trash can": after a noun and not before a verb, "can" is a noun.
      out.push({ ...t, pos: 'NOUN' });
    } else out.push(t);
  }
  return out;
}

/**
 * Catalogue names of several words are nouns ("trash can", "watering can", "coffee maker"): the
 * tagger's reading of their parts as verbs ("to trash", "can") is undone. A span that starts a clause
 * with one of orca's verbs stays as it is ("wash cloth" there is an order).
 */
function markCompounds(tokens: Token[]): Token[] {
  const out = tokens.map((t) => ({ ...t }));
  for (let i = 0; i < out.length; i++) {
    for (let len = 4; len >= 2; len--) {
      const span = out.slice(i, i + len);
      if (span.length < len || typesForName(span.map((t) => t.text).join(' ')).length === 0) continue;
      const prev = out[i - 1]?.text;
      if (senseOf(span[0]!.lemma) && (prev === undefined || [',', '.', ';', 'and', 'then', 'please'].includes(prev))) continue;
      for (const t of span) if (t.pos === 'VERB' || t.pos === 'AUX') t.pos = 'NOUN';
      i += len - 1;
      break;
    }
  }
  return out;
}

/** Things named in context sentences that ground to one entity: what "it" and "one" may refer to. */
function contextRefs(mentions: readonly Token[][], belief: BeliefState, speaker: string): Ref[] {
  const refs: Ref[] = [];
  for (const [i, m] of mentions.entries()) {
    const r = groundPhrase(parseNounPhrase(m), `context:${i}`, () => true, { belief, speaker, choices: {}, discourse: [] });
    if (r.kind === 'ok' && !r.ref.person && r.ref.ids.length === 1) refs.push({ ...r.ref, narrative: true });
  }
  return refs;
}

const EITHER = /\b(either|any|whichever|doesn'?t matter|don'?t care|no preference|you choose|any of them|both are fine)\b/;

/**
 * Reads the answer to a clarification question into the chosen ids, or null when it does not pick
 * exactly one option ("the red one", "the one in the sink", "the left one", "either is fine").
 */
export function resolveAnswer(pending: PendingClarification, answer: string, belief: BeliefState): string[] | null {
  const text = answer.toLowerCase();
  if (EITHER.test(text)) return pending.options[0]?.ids ?? null;
  const tokens = analyse(answer).filter((t) => t.pos !== 'PUNCT' && !['yes', 'no', 'please', 'i', 'mean', 'want', 'take', 'use'].includes(t.text));
  if (tokens.length === 0) return null;
  const prepAt = tokens.findIndex((t, i) => i > 0 && ['in', 'on', 'from', 'inside'].includes(t.text));
  const head = parseNounPhrase(prepAt > 0 ? tokens.slice(0, prepAt) : tokens);
  if (prepAt > 0) head.loc = { rel: tokens[prepAt]!.text === 'on' ? 'on' : 'in', np: parseNounPhrase(tokens.slice(prepAt + 1)) };
  if (head.readings.length === 0) head.readings = [{ types: [...new Set(pending.options.flatMap((o) => o.ids).map((id) => belief.get(id)?.type ?? ''))], words: head.colors }];
  else head.readings = head.readings.map((r) => ({ ...r, words: [...r.words, ...head.colors] }));
  head.det = 'def';
  head.count = null;
  const ids = new Set(pending.options.flatMap((o) => o.ids));
  const r = groundPhrase(head, 'answer', (e) => ids.has(e.id), { belief, speaker: '', choices: {}, discourse: [] });
  if (r.kind !== 'ok' || r.ref.ids.length !== 1) return null;
  return r.ref.ids;
}

/** Resumes an interpretation after a clarification answer; null when the answer did not resolve it. */
export function continueAfterAnswer(pending: PendingClarification, answer: string, belief: BeliefState, ctx: InterpretContext): Interpretation | null {
  const ids = resolveAnswer(pending, answer, belief);
  if (!ids) return null;
  return interpret(pending.instruction, belief, { ...ctx, choices: { ...pending.choices, [pending.mentionKey]: ids } });
}
