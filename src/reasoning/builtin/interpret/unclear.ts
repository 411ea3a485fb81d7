import { typesForName } from '../../../world/catalog.js';
import type { BeliefState } from '../../belief.js';
import type { Interpretation } from '../../goal.js';
import type { Token } from '../nlp.js';
import { closestVerbs, isKnownVerb, readVerb } from '../lexical/senses.js';
import { describesNoun } from './clauses.js';

/**
 * Verbs that wrap the request rather than name it ("I want you to …", "could you help me …", "use the
 * knife to …": the instrument of another verb).
 */
const WRAPPING = new Set(['want', 'need', 'like', 'would', 'could', 'can', 'will', 'let', 'help', 'try', 'please', 'be', 'wish', 'ask', 'use', 'do', 'have']);

/** The words people use for the household's rooms and people, which are things orca knows of. */
function knownWords(belief: BeliefState): Set<string> {
  const words = new Set<string>();
  for (const r of belief.rooms) for (const w of `${r.id} ${r.name}`.toLowerCase().split(/[\s_]+/)) words.add(w);
  for (const p of belief.people.values()) words.add(p.name.toLowerCase());
  for (const e of belief.all()) if (e.name) for (const w of e.name.toLowerCase().split(/\s+/)) words.add(w);
  return words;
}

/**
 * The action the request names when orca has no verb for it: the first verb that is not one of
 * its own and does not wrap the request, else a sentence's first word read as an imperative the
 * tagger took for something else ("tidy up", "do the dishes").
 */
function unknownVerb(tokens: readonly Token[]): string | null {
  const own = (t: Token): boolean => readVerb(t.lemma) !== null || WRAPPING.has(t.lemma);
  const verb = tokens.find((t) => t.pos === 'VERB' && !own(t));
  if (verb) return verb.lemma;
  const words = tokens.filter((t) => t.pos !== 'PUNCT' && t.pos !== 'INTJ' && !WRAPPING.has(t.lemma));
  const [first, next] = words;
  // An imperative takes an object or a particle next ("tidy up", "do the dishes"); "good morning" does not.
  const takesObject = next !== undefined && ['DET', 'PRON', 'ADP', 'PART'].includes(next.pos);
  if (first && takesObject && ['ADJ', 'AUX', 'NOUN', 'PROPN', 'VERB', 'ADV'].includes(first.pos) && !own(first)) return first.lemma;
  return null;
}

/**
 * A request orca finds nothing it can do in, with what it did not understand: the verb it has no
 * skill for, and things it knows nothing of ("fly to the moon" → "fly", "moon"). Never a bare
 * "what would you like me to do?": the caller says what orca can do instead.
 */
export function notUnderstood(instruction: string, tokens: readonly Token[], belief: BeliefState): Extract<Interpretation, { kind: 'not_understood' }> {
  const verb = unknownVerb(tokens);
  const known = knownWords(belief);
  // Things are named only as what an unknown action was asked for, not in a greeting or a remark.
  const unheardOf = (t: Token): boolean => t.pos === 'NOUN' && t.lemma !== verb && typesForName(t.lemma).length === 0 && !known.has(t.lemma) && !known.has(t.text);
  const things = verb === null ? [] : [...new Set(tokens.filter(unheardOf).map((t) => t.lemma))];
  const unknown = [...(verb ? [verb] : []), ...things];
  // A verb WordNet knows is understood and beyond orca's skills; only a word no one lists is unknown.
  const verbPart = verb === null ? null : isKnownVerb(verb) ? `I can't "${verb}"` : `I do not know the word "${verb}"`;
  const parts = [verbPart, things.length > 0 ? `I know of no ${things.map((t) => `"${t}"`).join(' or ')} here` : null].filter((p): p is string => p !== null);
  const reason = parts.length > 0 ? parts.join(', and ') : `I found nothing I can do in "${instruction.trim()}"`;
  const closest = verb ? closestVerbs(verb) : [];
  return { kind: 'not_understood', unknown, reason, ...(closest.length > 0 ? { closest } : {}) };
}

const CLAUSE_START = new Set(['.', ';', '!', ',', 'then', 'and', 'please']);

/**
 * Where the request uses a verb orca has no skill for: a word tagged as a verb, or a clause's first
 * word the tagger took for a noun although it is a verb WordNet knows, before its object ("Spread the
 * jam …", "Grate the cheese"). Wrapping verbs ("use", "want") are left out.
 */
export function foreignVerbAt(tokens: readonly Token[], i: number): boolean {
  const t = tokens[i];
  if (!t || WRAPPING.has(t.lemma) || !/^[a-z]+$/.test(t.lemma) || readVerb(t.lemma) !== null) return false;
  if (t.pos === 'VERB') return !describesNoun(tokens, i);
  const atStart = i === 0 || CLAUSE_START.has(tokens[i - 1]!.text);
  const beforeObject = ['DET', 'PRON', 'NUM'].includes(tokens[i + 1]?.pos ?? '');
  return atStart && beforeObject && ['NOUN', 'PROPN', 'ADJ'].includes(t.pos) && isKnownVerb(t.lemma);
}

/** Every verb of a request orca has no skill for, in order ("brew", "stir"); wrapping verbs aside. */
export function unknownVerbs(tokens: readonly Token[]): string[] {
  return [...new Set(tokens.filter((_, i) => foreignVerbAt(tokens, i)).map((t) => t.lemma))];
}

/**
 * What orca tells the person about the parts of a request it will not do: "I can't bake (the
 * nearest I can do is heat things)". The verbs come from `unknownVerbs`; the nearest skills from
 * WordNet (`closestVerbs`).
 */
export function cannotDo(verbs: readonly string[]): string[] {
  return verbs.map((v) => {
    const near = closestVerbs(v).slice(0, 2);
    return near.length > 0 ? `I can't ${v}; the nearest I can do is ${near.join(' or ')}` : `I can't ${v}`;
  });
}
