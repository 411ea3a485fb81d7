import winkNLP from 'wink-nlp';
import model from 'wink-eng-lite-web-model';
import type { ItsFunction } from 'wink-nlp';

/** One token: lower-cased surface form, lemma and universal part of speech. */
export interface Token {
  text: string;
  lemma: string;
  pos: string;
}

let engine: ReturnType<typeof winkNLP> | undefined;

function nlp(): ReturnType<typeof winkNLP> {
  // Loading the model takes a moment; do it once, on first use.
  engine ??= winkNLP(model);
  return engine;
}

/** Tokens with lemmas and parts of speech (wink-nlp's English lite model, fully offline). */
export function analyse(text: string): Token[] {
  const n = nlp();
  const doc = n.readDoc(text.replace(/[’‘]/g, "'"));
  const strings = (f: unknown): string[] => doc.tokens().out(f as ItsFunction<string>).map(String);
  // The lemma accessor's published type does not match ItsFunction although it works as one.
  const values = strings(n.its.value);
  const lemmas = strings(n.its.lemma);
  const pos = strings(n.its.pos);
  return values.map((v, i) => ({ text: v.toLowerCase(), lemma: (lemmas[i] ?? v).toLowerCase(), pos: pos[i] ?? 'X' }));
}

/** A plural noun: its lemma differs from its surface form (shakers → shaker). */
export function isPlural(t: Token): boolean {
  return (t.pos === 'NOUN' || t.pos === 'PROPN') && t.lemma !== t.text && t.text.endsWith('s');
}
