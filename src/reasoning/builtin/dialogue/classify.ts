import type { MessageIntent } from '../../provider.js';
import { analyse } from '../nlp.js';
import type { Token } from '../nlp.js';
import { VERBS } from '../interpret/lexicon.js';
import {
  AUX_WORDS, CORRECTION_OPENERS, DIRECTIONS, ESTOP_WORDS, FILLERS, LARGE_WORDS, MERGE_MARKERS, OTHER_WORDS, PAUSE_PARTICLES,
  PAUSE_WORDS, POLITE, QUESTION_WORDS, REPLACE_MARKERS, RESUME_PHRASES, RESUME_WORDS, SMALL_WORDS, STOP_WORDS, UNITS,
} from './lexicon.js';

export interface ClassifyContext {
  missionRunning: boolean;
  /** A clarification question is waiting: a bare reply is probably its answer. */
  pendingQuestion: boolean;
}

type Control = 'stop' | 'pause' | 'resume';

const words = (ts: readonly Token[]): Token[] => ts.filter((t) => t.pos !== 'PUNCT' && t.pos !== 'SYM');
const isFiller = (t: Token): boolean => FILLERS.has(t.text) || FILLERS.has(t.lemma);
const join = (ts: readonly Token[]): string => ts.map((t) => t.text).join(' ').replace(/\s+([,.!?])/g, '$1').replace(/\s+n't/g, "n't");

/** A control phrase starting at `i`: its kind and how many tokens it spans. */
function controlAt(ts: readonly Token[], i: number): { kind: Control; len: number } | null {
  const t = ts[i];
  if (!t) return null;
  const next = ts[i + 1];
  if (RESUME_WORDS.has(t.lemma)) return { kind: 'resume', len: 1 };
  const particles = RESUME_PHRASES[t.lemma];
  if (particles && next && (particles.includes(next.text) || particles.includes(next.lemma))) return { kind: 'resume', len: 2 };
  if (STOP_WORDS.has(t.lemma) || STOP_WORDS.has(t.text)) return { kind: 'stop', len: 1 };
  if ((t.lemma === 'hold' || t.lemma === 'hang') && next && PAUSE_PARTICLES.has(next.text)) return { kind: 'pause', len: 2 };
  if (t.lemma === 'wait' || t.lemma === 'pause') return { kind: 'pause', len: 1 };
  if (t.text === 'one' && next && PAUSE_WORDS.has(next.text)) return { kind: 'pause', len: 2 };
  return null;
}

/** Direction words with no object named: a nudge of the running motion ("a bit to the left", "higher"). */
export function isMotion(ws: readonly Token[]): boolean {
  const dirs = ws.filter((t) => DIRECTIONS[t.text] !== undefined);
  if (dirs.length === 0) return false;
  // Imperatives the tagger reads as nouns ("move it …") are not objects.
  const nouns = ws.filter((t) => (t.pos === 'NOUN' || t.pos === 'PROPN') && VERBS[t.lemma] === undefined && DIRECTIONS[t.text] === undefined && !SMALL_WORDS.has(t.text) && !LARGE_WORDS.has(t.text) && UNITS[t.text] === undefined);
  return nouns.length === 0;
}

/** Lemmas of action verbs (the interpreter's verb table); direction words the tagger reads as verbs ("left" → leave) are not. */
function actionVerbs(ws: readonly Token[]): Token[] {
  // "can I have a coke" asks for something; "have you …" is an auxiliary.
  const asks = (i: number): boolean => ['i', 'we'].includes(ws[i - 1]?.text ?? '') && ['DET', 'NOUN', 'PROPN', 'NUM'].includes(ws[i + 1]?.pos ?? '');
  return ws.filter((t, i) => VERBS[t.lemma] !== undefined && DIRECTIONS[t.text] === undefined && t.text !== 'left'
    && (t.pos !== 'AUX' || (t.lemma === 'have' && asks(i))) && !(t.lemma === 'have' && !asks(i) && ws[i + 1]?.pos === 'PRON' && ws[i + 1]?.text !== 'me'));
}

function questionAbout(ws: readonly Token[]): 'doing' | 'why_stopped' | 'status' | 'where' | 'other' {
  const has = (...xs: string[]): boolean => ws.some((t) => xs.includes(t.text) || xs.includes(t.lemma));
  if (has('why') || has('happen', 'wrong', 'fail', 'problem', 'stuck', 'matter')) return 'why_stopped';
  if (has('where')) return 'where';
  if (has('status', 'progress', 'done', 'finish', 'finished', 'far', 'long', 'update', 'going', 'left') || (has('how') && has('go', 'be'))) return 'status';
  if (has('what') && has('do', 'doing', 'up', 'work', 'plan', 'task')) return 'doing';
  return 'other';
}

/** A question: a wh-word first, or an auxiliary first that is not a polite request ("could you bring…"). */
function isQuestion(ws: readonly Token[], endsWithMark: boolean): boolean {
  const first = ws[0];
  if (!first) return false;
  if (QUESTION_WORDS.has(first.text)) return !(first.text === 'how' && ws[1]?.text === 'about');
  if (['status', 'progress', 'update'].includes(first.text) && ws.length <= 2) return true;
  if (AUX_WORDS.has(first.lemma) || first.pos === 'AUX') {
    const request = ws[1]?.text === 'you' && actionVerbs(ws.slice(2)).length > 0;
    const canI = (ws[1]?.text === 'i' || ws[1]?.text === 'we') && actionVerbs(ws).some((v) => ws.indexOf(v) >= 2);
    return !request && !canI && (endsWithMark || ws[1]?.text === 'you');
  }
  return false;
}

function correctionReferent(ws: readonly Token[]): 'other' | 'attribute' | 'motion' {
  if (isMotion(ws)) return 'motion';
  return ws.some((t) => OTHER_WORDS.has(t.text)) ? 'other' : 'attribute';
}

/** A noun phrase without a verb that picks a referent ("the red one", "the other mug", "not that one"). */
function looksLikeReferent(ws: readonly Token[]): boolean {
  return ws.some((t) => OTHER_WORDS.has(t.text) || t.text === 'one' || t.pos === 'NOUN' || t.pos === 'ADJ' || t.pos === 'PROPN');
}

/**
 * What a chat message sent during a mission is about. Stop / pause / resume / emergency stop are
 * recognised from words alone, before anything else, so they never depend on a model or on parsing
 * the rest of the message.
 */
export function classifyMessage(text: string, ctx: ClassifyContext): MessageIntent {
  const tokens = analyse(text);
  const all = words(tokens);
  const endsWithMark = /\?\s*$/.test(text);
  if (all.some((t) => ESTOP_WORDS.has(t.text) || ESTOP_WORDS.has(t.lemma))) return { kind: 'estop' };
  // "don't stop", "never stop", "no need to wait" ask to go on.
  const negated = all.findIndex((t, i) => (t.lemma === 'not' || t.text === 'never' || t.text === 'no') && all.slice(i + 1, i + 4).some((u) => STOP_WORDS.has(u.lemma) || u.lemma === 'wait' || u.lemma === 'pause'));
  if (negated >= 0 && actionVerbs(all).every((v) => STOP_WORDS.has(v.lemma) || v.lemma === 'wait' || v.lemma === 'pause' || v.lemma === 'need')) return { kind: 'resume' };

  let start = all.findIndex((t) => !isFiller(t));
  if (start < 0) return ctx.pendingQuestion ? { kind: 'answer', text: text.trim() } : { kind: 'question', text: text.trim(), about: 'other' };
  const control = controlAt(all, start);
  let replace = false;
  if (control) {
    const rest = all.slice(start + control.len).filter((t) => !isFiller(t));
    if (rest.length === 0 || rest.every((t) => DIRECTIONS[t.text] === undefined && STOP_WORDS.has(t.lemma))) return { kind: control.kind };
    // "stop, wait" or "wait, stop" → the stronger one; "stop, bring me X instead" → a replacing goal.
    if (control.kind !== 'resume' && rest.every((t) => controlAt([t], 0) !== null)) return { kind: rest.some((t) => controlAt([t], 0)?.kind === 'stop') ? 'stop' : control.kind };
    replace = control.kind === 'stop';
    start = all.indexOf(rest[0]!);
  }
  const ws = all.slice(start).filter((t) => !POLITE.has(t.text));
  const restText = control ? join(tokens.slice(tokens.indexOf(all[start]!))).trim() : text.trim();

  if (isQuestion(ws, endsWithMark)) return { kind: 'question', text: restText, about: questionAbout(ws) };
  const opener = ws[0] && CORRECTION_OPENERS.has(ws[0].text);
  if (isMotion(ws) && actionVerbs(ws).every((v) => ['move', 'go', 'put', 'place', 'bring', 'lift'].includes(v.lemma))) return { kind: 'correction', text: restText, referent: 'motion' };
  const verbs = actionVerbs(ws);
  if (verbs.length > 0 && !(opener && verbs.every((v) => v.lemma === 'take' || v.lemma === 'get'))) {
    const has = (set: Set<string>): boolean => ws.some((t) => set.has(t.text) || set.has(t.lemma));
    const mode = replace || has(REPLACE_MARKERS) ? 'replace' : has(MERGE_MARKERS) || ctx.missionRunning ? 'merge' : 'replace';
    return { kind: 'new_goal', text: restText.replace(/^(and|also|then|instead|rather)\s+/i, ''), mode };
  }
  if (ctx.pendingQuestion) return { kind: 'answer', text: restText };
  if (opener || looksLikeReferent(ws) || isMotion(ws)) return { kind: 'correction', text: restText, referent: correctionReferent(ws) };
  return { kind: 'question', text: restText, about: endsWithMark ? questionAbout(ws) : 'other' };
}
