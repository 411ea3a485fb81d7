import type { Token } from '../nlp.js';

/** Verbs and the particles that belong to them ("turn on", "pick up", "throw away"). */
export const PARTICLE_VERBS: Readonly<Record<string, readonly string[]>> = {
  turn: ['on', 'off'], switch: ['on', 'off'], power: ['on', 'off'], pick: ['up'], throw: ['away', 'out'], put: ['away', 'down'],
  take: ['out', 'away'], heat: ['up'], warm: ['up'], cool: ['down'], clean: ['up', 'off'], cut: ['up'], chop: ['up'], wash: ['up', 'off'],
  set: ['down'], look: ['at'], lift: ['up'], hand: ['over'], get: ['out'], hold: ['up', 'onto', 'on'],
};

/**
 * Multi-word prepositions, longest first, mapped to one canonical word. Spatial relations keep their
 * own: `near` (next to, beside, by), `leftOf`, `rightOf`, `behind`, `inFrontOf`, `between`.
 */
const MULTI_PREPS: readonly [string[], string][] = [
  [['to', 'the', 'right', 'side', 'of'], 'rightOf'], [['to', 'the', 'left', 'side', 'of'], 'leftOf'], [['on', 'the', 'right', 'side', 'of'], 'rightOf'],
  [['on', 'the', 'left', 'side', 'of'], 'leftOf'], [['to', 'the', 'right', 'of'], 'rightOf'], [['to', 'the', 'left', 'of'], 'leftOf'],
  [['on', 'the', 'right', 'of'], 'rightOf'], [['on', 'the', 'left', 'of'], 'leftOf'], [['to', 'the', 'side', 'of'], 'near'], [['in', 'the', 'light', 'of'], 'light'],
  [['on', 'top', 'of'], 'on'], [['in', 'front', 'of'], 'inFrontOf'], [['in', 'back', 'of'], 'behind'], [['right', 'of'], 'rightOf'], [['left', 'of'], 'leftOf'],
  [['next', 'to'], 'near'], [['inside', 'of'], 'in'], [['out', 'of'], 'from'], [['close', 'to'], 'near'], [['away', 'from'], 'from'],
];

/**
 * One-word prepositions. "containing" (and "holding" after a noun) introduces what a thing has in it,
 * as "with" does: "a cup containing a pencil" is "a cup with a pencil in it".
 */
const SINGLE_PREPS: Readonly<Record<string, string>> = {
  in: 'in', into: 'in', inside: 'in', within: 'in', on: 'on', onto: 'on', upon: 'on', atop: 'on', to: 'to', from: 'from', under: 'under',
  below: 'under', beneath: 'under', underneath: 'under', near: 'near', beside: 'near', by: 'near', alongside: 'near', with: 'with', using: 'with',
  containing: 'with', at: 'at', above: 'above', behind: 'behind', between: 'between', toward: 'to', towards: 'to', for: 'for', off: 'from',
};

/** The preposition starting at token `i`, and how many tokens it takes. */
export function prepAt(tokens: readonly Token[], i: number): { prep: string; len: number } | null {
  for (const [words, prep] of MULTI_PREPS) {
    if (words.every((w, k) => tokens[i + k]?.text === w)) return { prep, len: words.length };
  }
  const t = tokens[i];
  if (!t) return null;
  const single = SINGLE_PREPS[t.text];
  return single ? { prep: single, len: 1 } : null;
}

const RELATIVE = new Set(['that', 'which', 'who']);
const BEING = new Set(['is', 'are', "'s", 'sits', 'sit', 'lies', 'lie', 'rests', 'stands', 'was', 'were']);

/**
 * "the pen that is on the desk", "the mugs which are in the sink": how many words before token `i`
 * make the place after them a description ("that is"), 0 when none do.
 */
export function relativeMarkerBefore(tokens: readonly Token[], i: number): number {
  const at = (k: number): string => tokens[i - k]?.text ?? '';
  if (RELATIVE.has(at(2)) && BEING.has(at(1))) return 2;
  if (RELATIVE.has(at(3)) && BEING.has(at(2)) && at(1) === 'currently') return 3;
  return 0;
}
