import type { Token } from '../nlp.js';
import { readVerb } from '../lexical/senses.js';
import { describesNoun, parseClause } from './clauses.js';
import { groundPhrase } from './ground.js';
import { foreignVerbAt } from './unclear.js';
import type { GroundContext, GroundResult } from './ground.js';

/** Sentence ends and step words that close what a verb applies to. */
const CLAUSE_END = new Set(['.', ';', '!', '?', 'then']);
/** Verbs whose objects are things to identify although orca does nothing to them ("use the mug to …"). */
const INSTRUMENT_VERBS = new Set(['use']);

/** The words a verb orca cannot do applies to, read as if it were "take" (its things identified, nothing done). */
function objectSpans(tokens: readonly Token[], unknown: ReadonlySet<string>): Token[][] {
  const spans: Token[][] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const foreign = unknown.has(t.lemma) && foreignVerbAt(tokens, i);
    if (!foreign && !(t.pos === 'VERB' && INSTRUMENT_VERBS.has(t.lemma))) continue;
    const span: Token[] = [{ text: 'take', lemma: 'take', pos: 'VERB' }];
    for (let k = i + 1; k < tokens.length; k++) {
      const u = tokens[k]!;
      if (CLAUSE_END.has(u.text) || (u.pos === 'VERB' && !describesNoun(tokens, k)) || (u.text === 'to' && tokens[k + 1]?.pos === 'VERB')) break;
      span.push(u);
    }
    if (span.length > 1) spans.push(span);
  }
  return spans;
}

/**
 * A question about the things of the clauses orca cannot do itself ("spread the yogurt on the
 * bread", "use a mug to mix …"): which thing is meant matters whoever does the work, so the same
 * asking rule applies to them as to the clauses orca does. Null when none of them needs a question.
 */
export function askAboutObjects(tokens: readonly Token[], unknownVerbs: readonly string[], people: readonly { id: string; name: string }[], ctx: GroundContext): Extract<GroundResult, { kind: 'clarify' }> | null {
  const spans = objectSpans(tokens, new Set(unknownVerbs.filter((v) => readVerb(v) === null)));
  for (const [i, span] of spans.entries()) {
    const clause = parseClause(span, false, people);
    if (!clause) continue;
    const phrases = [...clause.objects, ...clause.preps.filter((p) => ['with', 'in', 'on', 'to'].includes(p.prep)).flatMap((p) => p.list)];
    for (const [j, np] of phrases.entries()) {
      // "in the kitchen" names a room, not a thing to choose.
      if (np.person || np.pronoun || ctx.belief.rooms.some((r) => np.text.toLowerCase().endsWith(r.name.toLowerCase()))) continue;
      const r = groundPhrase(np, `x${i}:o${j}`, () => true, { ...ctx, discourse: [...ctx.discourse], notes: [] });
      if (r.kind === 'clarify' && r.options.length >= 2) return r;
    }
  }
  return null;
}
