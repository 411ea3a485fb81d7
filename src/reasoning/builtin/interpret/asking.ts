import type { BeliefEntity } from '../../belief.js';
import { typeInfo } from '../../../world/catalog.js';
import { wordnet } from '../lexical/wordnet.js';
import type { NounPhrase } from './noun-phrase.js';
import { PLACE_WORDS } from './lexicon.js';
import { CALIBRATED_QHAT, decideFor, softmax } from '../../ask-rule.js';
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

/** A word without its inflection, for comparing a definition with a request ("frying" ~ "fry", "fruits" ~ "fruit"). */
export function stem(w: string): string {
  const bare = w.length > 4 ? w.replace(/(ing|ed|es|s)$/, '') : w;
  // "cutting" → "cutt" → "cut"; "fried" → "fri" ↔ "fry".
  return bare.replace(/([^aeiou])\1$/, '$1').replace(/i$/, 'y');
}

const sameWord = (a: string, b: string): boolean => a === b || a === `${b}s` || b === `${a}s` || a === `${b}es` || b === `${a}es`;

/**
 * Whether the candidates are varieties of what the phrase names: every one is named, every name uses
 * the phrase's head word, and the names differ ("a plate" among plastic, ceramic and glass dinner
 * plates; "a knife" among a chef's knife and a butter knife), and not only in where they are ("the
 * left cabinet", "the right cabinet"). Someone wrote those distinctions down
 * when naming the things, so the choice among them may change the outcome: it is a preference, not
 * "any one will do". Identically named things, or unnamed ones told apart only by what the robots
 * happened to see, are no such choice.
 */
export function namedVarieties(np: NounPhrase, cands: readonly BeliefEntity[], roomNames: readonly string[] = []): boolean {
  const head = headWord(np);
  if (head === null || cands.length < 2 || !cands.every((e) => e.name !== undefined)) return false;
  if (!cands.every((e) => wordsOf(e.name!).some((w) => sameWord(w, head)))) return false;
  // Names that differ only in where the things are ("left cabinet", "right cabinet", "kitchen sink",
  // "bathroom sink") name one kind.
  const rooms = new Set(roomNames.flatMap(wordsOf));
  const what = (e: BeliefEntity): string => wordsOf(e.name!).filter((w) => !PLACE_WORDS.has(w) && !rooms.has(w) && !/^\d+$/.test(w)).join(' ');
  return new Set(cands.map(what)).size > 1;
}

/**
 * Candidates grouped into interchangeable classes, in the order first met. "a mug" among unnamed mugs
 * accepts any one (one class; the choice is said in the plan), as SayCan's and ALFRED's annotators
 * use the article; so does a word naming a kind by a word not all their names use ("a soda" among
 * cans named by brand, "something"). Named varieties of the very word said (`namedVarieties`) are a
 * choice, whatever the article: each name is a class. "the mug" means one of them: each unnamed
 * candidate is then a class of its own.
 */
export function candidateClasses(np: NounPhrase, cands: readonly BeliefEntity[]): { key: string; members: BeliefEntity[] }[] {
  const definite = np.det === 'def' || np.det === 'all';
  const varieties = namedVarieties(np, cands);
  const byKind = !varieties && !definite;
  if (byKind) return [{ key: headWord(np) ?? 'thing', members: [...cands] }];
  const classes = new Map<string, BeliefEntity[]>();
  for (const e of cands) {
    // "the mug" with two unnamed mugs means one of them, however alike they look.
    const key = definite && !e.name ? `${description(e, true)} #${e.id}` : description(e, definite);
    classes.set(key, [...(classes.get(key) ?? []), e]);
  }
  return [...classes.entries()].map(([key, members]) => ({ key, members }));
}

/**
 * Content words of the first WordNet sense's gloss of a name or its longest tail WordNet lists
 * ("bread knife: … cutting bread"). A tail made only of words every class shares defines none of them
 * apart: its gloss would set apart only the classes WordNet happens to lack.
 */
function glossWords(name: string, shared: ReadonlySet<string>): Set<string> {
  const wn = wordnet();
  if (!wn) return new Set();
  const words = name.split(/\s+/);
  for (let i = 0; i < words.length; i++) {
    const tail = words.slice(i);
    if (wordsOf(tail.join(' ')).every((w) => shared.has(w))) break;
    const sense = wn.senses(tail.join(' '), 'n', 1)[0];
    if (sense) return new Set(wordsOf(sense.gloss.split(';')[0] ?? ''));
  }
  return new Set();
}

/**
 * The score of each class: words that set it apart said in the phrase (+4) or, for a phrase that does
 * not bring in a new thing with "a", elsewhere in the request (+1.5) or unsaid when another class is named by the shared words alone (−3 each), the phrase saying its whole name and nothing more (+4), its gloss sharing words with the
 * request or what the request's things are (+0.75 each, at most 2), its gloss holding a word of the
 * phrase no name uses (+3 each, at most 6: a looser tie than a word of the name), a thing talked about before
 * (+3, again not for "a");
 * a word that sets another class apart said in the phrase (−4).
 */
export function scoreClasses(np: NounPhrase, classes: readonly { key: string; members: BeliefEntity[] }[], ctx: AskingContext): number[] {
  const keyWords = classes.map((c) => new Set(wordsOf(c.key)));
  const shared = new Set([...(keyWords[0] ?? [])].filter((w) => keyWords.every((k) => k.has(w))));
  const phrase = new Set(wordsOf(np.text));
  const distinct = keyWords.map((k) => [...k].filter((w) => !shared.has(w)));
  const phraseContent = [...phrase].filter((w) => !GENERIC.has(w));
  const minOwn = Math.min(...distinct.map((d) => d.length));
  const said = new Set([...ctx.requestWords].map(stem));
  // "a glass" after "the glass milk bottle" brings in a new thing: what was said of others is not about it.
  // "a side of chips" too: the article counts servings and the chips are named bare, but it is as new.
  const fresh = np.det === 'indef' || /^(a|an)\s/i.test(np.text.trim());
  const head = headWord(np);
  const unnamed = phraseContent.filter((w) => w !== head && !keyWords.some((k) => k.has(w)));
  // Only names are chosen words; an unnamed thing's description is what the robots happened to see.
  // A name longer than needed counts against its class only among varieties of one named thing (the
  // names share a word); among different things a kind word covers, name lengths mean nothing.
  // It needs a plain one among them, named by the shared words alone (the milk chocolate beside the
  // almond milk chocolate); "brown" and "whole grain" bread are two varieties, neither the plain one.
  const varieties = shared.size > 0 && classes.every((c) => c.members.every((e) => e.name !== undefined));
  const plainOne = varieties && minOwn === 0;
  return classes.map((c, i) => {
    const own = distinct[i]!;
    let s = 0;
    // The phrase says its whole name ("a tomato" beside the tomato paste): nothing else is meant.
    if (own.length === 0 && [...keyWords[i]!].every((w) => phrase.has(w)) && phraseContent.every((w) => keyWords[i]!.has(w))) s += 4;
    // A word that sets it apart and that nothing in the request says counts against it: had the person
    // meant the almond milk chocolate, "milk chocolate" would have said so.
    for (const w of own) s += phrase.has(w) ? 4 : !fresh && ctx.requestWords.has(w) ? 1.5 : plainOne && own.length > 0 ? -3 : 0;
    distinct.forEach((other, j) => {
      if (j !== i && other.some((w) => phrase.has(w) && !own.includes(w))) s -= 4;
    });
    const definition = glossWords(c.key, shared);
    const gloss = [...definition].filter((w) => said.has(stem(w)) && !phrase.has(w) && !shared.has(w));
    s += Math.min(2, 0.75 * gloss.length);
    // A word of the phrase that no name uses but a definition does: "a sharp knife" is the paring
    // knife, "a small sharp knife", not the butter knife "with a dull blade".
    s += 3 * Math.min(2, unnamed.filter((w) => definition.has(w)).length);
    if (!fresh && c.members.some((e) => ctx.mentioned.has(e.id))) s += 3;
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
  const decision = groups.length === 1 ? { kind: 'choose' as const, chosen: classes[0]!, classes, confidence: 1 } : decideFor(np.text, classes, qhatOverride ?? CALIBRATED_QHAT);
  recorder?.({ phrase: np.text, classes, decision: decision.kind });
  return decision;
}
