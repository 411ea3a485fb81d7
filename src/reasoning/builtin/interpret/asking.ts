import type { BeliefEntity } from '../../belief.js';
import { typeInfo } from '../../../world/catalog.js';
import { wordnet } from '../lexical/wordnet.js';
import type { NounPhrase } from './noun-phrase.js';
import { CALIBRATED_QHAT, decide, softmax } from '../../ask-rule.js';
import type { AskDecision, CandidateClass } from '../../ask-rule.js';

/**
 * When to ask which thing is meant. Candidates that only sit in different places are interchangeable
 * (any will do, the nearest is taken). Candidates that are different things — known by different
 * names, or, for "the", of different colour, size or material — make a choice that may change the
 * outcome. Each such class of candidates gets a score from what the request says, the scores a
 * probability (softmax), and orca asks when more than one class is in the prediction set
 * {class : p ≥ 1 − q̂}, KnowNo's conformal rule: q̂ is calibrated on the dev half of the
 * `ambik-calib` suite (scripts/calibrate-asking.ts) so that the set holds the meant class with the
 * target coverage. The model-backed reasoner returns its own scores; the same rule decides.
 */

export interface AskingContext {
  /** Lemmas and words of the whole request, for context the phrase itself does not give. */
  requestWords: ReadonlySet<string>;
  /** Things talked about before: earlier in the request ("the ceramic plate … the plate") or in context. */
  mentioned: ReadonlySet<string>;
  /** Things the site's memory says this phrase meant before: evidence as strong as a distinguishing word said. */
  remembered?: ReadonlySet<string>;
}

/** Words that only point or count: not part of what a phrase names. */
const GENERIC = new Set(['one', 'ones', 'some', 'any', 'this', 'that', 'these', 'those', 'my', 'your', 'other', 'another']);

const STOP = new Set(['the', 'a', 'an', 'of', 'and', 'or', 'with', 'for', 'to', 'in', 'on', 'is', 'used', 'that', 'it', 'its', 'as', 'by', 'from', 'be']);

export const wordsOf = (text: string): string[] => text.toLowerCase().replace(/['’]s\b/g, '').split(/[^a-z0-9]+/).filter((w) => w.length > 1 && !STOP.has(w));

/** How a candidate is known: its name, else its type with the attributes a person sees. */
function description(e: BeliefEntity, attributesCount: boolean): string {
  if (e.name) return e.name.toLowerCase();
  const a = attributesCount ? [e.attributes.color, e.attributes.size, e.attributes.material].filter((x) => x !== undefined).join(' ') : '';
  return `${a} ${typeInfo(e.type)?.aliases[0] ?? e.type}`.trim();
}

/** The word a phrase is about, before any "that …" or "not …" ("a soda that isn't a coke" → soda); null for "something". */
function headWord(np: NounPhrase): string | null {
  const before = np.text.toLowerCase().split(/\b(?:that|which|who|not|but|except|without)\b/)[0] ?? '';
  const words = wordsOf(before).filter((w) => !GENERIC.has(w) && !['something', 'anything', 'thing', 'item'].includes(w));
  return words[words.length - 1] ?? null;
}

const sameWord = (a: string, b: string): boolean => a === b || a === `${b}s` || b === `${a}s` || a === `${b}es` || b === `${a}es`;

/**
 * Candidates grouped into interchangeable classes, in the order first met. "a mug", "a bag of
 * chips": the indefinite article accepts any one of them (one class; the choice is said in the plan),
 * as SayCan's and ALFRED's annotators use it. A bare word accepts any of a kind it names by a word not
 * all their names use ("soda" among cans named by brand, "something"), but not a choice among things
 * whose names all vary that very word ("yogurt" among Greek, vanilla and strawberry yogurt cups: a
 * preference). "the mug" means one of them: each unnamed candidate is then a class of its own.
 */
export function candidateClasses(np: NounPhrase, cands: readonly BeliefEntity[]): { key: string; members: BeliefEntity[] }[] {
  const definite = np.det === 'def' || np.det === 'all';
  const head = headWord(np);
  const named = cands.every((e) => e.name !== undefined);
  const byKind = np.det === 'indef' || (!definite && (head === null || (named && !cands.every((e) => wordsOf(e.name!).some((w) => sameWord(w, head))))));
  if (byKind) return [{ key: head ?? 'thing', members: [...cands] }];
  const classes = new Map<string, BeliefEntity[]>();
  for (const e of cands) {
    // "the mug" with two unnamed mugs means one of them, however alike they look.
    const key = definite && !e.name ? `${description(e, true)} #${e.id}` : description(e, definite);
    classes.set(key, [...(classes.get(key) ?? []), e]);
  }
  return [...classes.entries()].map(([key, members]) => ({ key, members }));
}

/** Content words of the first WordNet sense's gloss of a name or its last word ("bread knife: … cutting bread"). */
function glossWords(name: string): Set<string> {
  const wn = wordnet();
  if (!wn) return new Set();
  const words = name.split(/\s+/);
  for (let i = 0; i < words.length; i++) {
    const sense = wn.senses(words.slice(i).join(' '), 'n', 1)[0];
    if (sense) return new Set(wordsOf(sense.gloss.split(';')[0] ?? ''));
  }
  return new Set();
}

/**
 * The score of each class: words that set it apart said in the phrase (+4) or elsewhere in the request
 * (+1.5) or unsaid when other classes need fewer words (−3 each), the phrase saying its whole name and nothing more (+4), its gloss sharing words with the
 * request or what the request's things are (+0.75 each, at most 2), a thing talked about before (+3);
 * a word that sets another class apart said in the phrase (−4).
 */
export function scoreClasses(np: NounPhrase, classes: readonly { key: string; members: BeliefEntity[] }[], ctx: AskingContext): number[] {
  const keyWords = classes.map((c) => new Set(wordsOf(c.key)));
  const shared = new Set([...(keyWords[0] ?? [])].filter((w) => keyWords.every((k) => k.has(w))));
  const phrase = new Set(wordsOf(np.text));
  const distinct = keyWords.map((k) => [...k].filter((w) => !shared.has(w)));
  const phraseContent = [...phrase].filter((w) => !GENERIC.has(w));
  const minOwn = Math.min(...distinct.map((d) => d.length));
  // Only names are chosen words; an unnamed thing's description is what the robots happened to see.
  const named = classes.every((c) => c.members.every((e) => e.name !== undefined));
  return classes.map((c, i) => {
    const own = distinct[i]!;
    let s = 0;
    // The phrase says its whole name ("a tomato" beside the tomato paste): nothing else is meant.
    if (own.length === 0 && [...keyWords[i]!].every((w) => phrase.has(w)) && phraseContent.every((w) => keyWords[i]!.has(w))) s += 4;
    // A word that sets it apart and that nothing in the request says counts against it: had the person
    // meant the almond milk chocolate, "milk chocolate" would have said so.
    for (const w of own) s += phrase.has(w) ? 4 : ctx.requestWords.has(w) ? 1.5 : named && own.length > minOwn ? -3 : 0;
    distinct.forEach((other, j) => {
      if (j !== i && other.some((w) => phrase.has(w) && !own.includes(w))) s -= 4;
    });
    const gloss = [...glossWords(c.key)].filter((w) => ctx.requestWords.has(w) && !phrase.has(w) && !shared.has(w));
    s += Math.min(2, 0.75 * gloss.length);
    if (c.members.some((e) => ctx.mentioned.has(e.id))) s += 3;
    if (c.members.some((e) => ctx.remembered?.has(e.id))) s += 4;
    return s;
  });
}

/** A grounding decision, for calibration: the classes with their probabilities and what was decided. */
export interface DecisionRecord {
  phrase: string;
  classes: CandidateClass[];
  decision: AskDecision['kind'];
}

let recorder: ((d: DecisionRecord) => void) | null = null;
let qhatOverride: number | null = null;

/** Calibration only: see every decision, and decide with another q̂ (0: never ask). */
export function calibrationHooks(record: ((d: DecisionRecord) => void) | null, qhat: number | null): void {
  recorder = record;
  qhatOverride = qhat;
}

/** Scores, classes and decision for a phrase with several candidates (`label` from the caller). */
export function decideAmong(np: NounPhrase, cands: readonly BeliefEntity[], ctx: AskingContext, label: (members: BeliefEntity[], key: string) => string): AskDecision {
  const groups = candidateClasses(np, cands);
  const p = softmax(scoreClasses(np, groups, ctx));
  const classes = groups.map((g, i) => ({ ids: g.members.map((e) => e.id), label: label(g.members, g.key), p: p[i]! }));
  const decision = groups.length === 1 ? { kind: 'choose' as const, chosen: classes[0]!, classes, confidence: 1 } : decide(classes, qhatOverride ?? CALIBRATED_QHAT);
  recorder?.({ phrase: np.text, classes, decision: decision.kind });
  return decision;
}
