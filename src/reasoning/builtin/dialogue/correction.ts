import type { BeliefEntity, BeliefState } from '../../belief.js';
import { analyse } from '../nlp.js';
import type { Token } from '../nlp.js';
import { parseNounPhrase } from '../interpret/noun-phrase.js';
import { COLORS } from '../interpret/lexicon.js';
import { typeNoun } from '../../words.js';
import { isMotion } from './classify.js';
import { DIRECTIONS, LARGE_WORDS, OTHER_WORDS, SMALL_WORDS, STEP_DEFAULT, STEP_LARGE, STEP_SMALL, UNITS } from './lexicon.js';

export type CorrectionReading =
  | { kind: 'rebind'; param: string; ids: string[] }
  /**
   * A description of the thing wanted instead that does not pick out one believed thing (none fits,
   * or several do): `phrase` says it with its noun ("the green one" of an apple → "the green apple"),
   * for the goal to be grounded again from the instruction with it.
   */
  | { kind: 'describe'; param: string; from: string; phrase: string }
  | { kind: 'nudge'; dx: number; dy: number; dz: number }
  | { kind: 'unknown' };

/** Parameters that name the thing acted on, preferred over destinations when the message names no type. */
const OBJECT_PARAMS = ['object', 'obj', 'item', 'target', 'thing'];

const round = (x: number): number => Math.round(x * 1000) / 1000;

/** "a bit to the left" → a small step along -x; "5 cm higher" → 0.05 along +z. World frame: x right, y forward, z up. */
function readNudge(ws: readonly Token[]): CorrectionReading {
  let step = ws.some((t) => SMALL_WORDS.has(t.text)) ? STEP_SMALL : ws.some((t) => LARGE_WORDS.has(t.text)) ? STEP_LARGE : STEP_DEFAULT;
  for (let i = 0; i < ws.length - 1; i++) {
    const n = Number(ws[i]!.text);
    const unit = UNITS[ws[i + 1]!.text];
    if (Number.isFinite(n) && unit !== undefined) step = n * unit;
  }
  const v = [0, 0, 0];
  for (const t of ws) {
    const d = DIRECTIONS[t.text];
    if (!d) continue;
    for (let k = 0; k < 3; k++) v[k]! += d[k]!;
  }
  if (v.every((x) => x === 0)) return { kind: 'unknown' };
  const sign = (x: number): number => Math.sign(x);
  return { kind: 'nudge', dx: round(sign(v[0]!) * step), dy: round(sign(v[1]!) * step), dz: round(sign(v[2]!) * step) };
}

/** The running subgoal's entity arguments, object-like parameters first. */
function entityParams(args: Record<string, string>, belief: BeliefState): { param: string; entity: BeliefEntity }[] {
  const out: { param: string; entity: BeliefEntity }[] = [];
  for (const [param, id] of Object.entries(args)) {
    const entity = belief.ownerOf(id) ?? belief.get(id);
    if (entity) out.push({ param, entity });
  }
  const rank = (p: string): number => (OBJECT_PARAMS.includes(p) ? 0 : 1);
  return out.sort((a, b) => rank(a.param) - rank(b.param));
}

const colourOf = (e: BeliefEntity): string => (e.attributes.color ?? '').toLowerCase();

/**
 * Reads a correction of the running subgoal: another referent ("the other mug", "the red one", "not
 * that one, the blue one") rebinds the argument of that type to the candidates left; a direction ("a
 * bit to the left", "higher") nudges the motion. A description that fits no believed thing, or
 * several, comes back as a phrase for the interpreter, which looks for it or asks which one.
 */
export function readCorrection(text: string, current: { args: Record<string, string> }, belief: BeliefState): CorrectionReading {
  const ws = analyse(text).filter((t) => t.pos !== 'PUNCT');
  if (isMotion(ws)) return readNudge(ws);
  // The last phrase carries the wanted referent: "not that one, the red one" → "the red one".
  const clauses = text.split(/[,;]|\bbut\b/).map((c) => c.trim()).filter((c) => c.length > 0 && !/^(no|nope|not|wrong|not that one|not this one)\b[\s!.]*$/i.test(c));
  const phraseText = (clauses[clauses.length - 1] ?? text).replace(/^(no|nope|actually|rather|i meant?|i said)\s+/i, '');
  const phraseTokens = analyse(phraseText).filter((t) => t.pos !== 'PUNCT' && !['no', 'not', 'nope', 'actually', 'i', 'mean', 'meant', 'take', 'use', 'get', 'grab', 'pick'].includes(t.text));
  const np = parseNounPhrase(phraseTokens);
  const other = phraseTokens.some((t) => OTHER_WORDS.has(t.text)) || np.other;
  const colours = phraseTokens.filter((t) => COLORS.has(t.text)).map((t) => t.text.replace('gray', 'grey'));
  const params = entityParams(current.args, belief);
  const named = np.readings.flatMap((r) => r.types);
  const slot = named.length > 0 ? params.find((p) => named.includes(p.entity.type)) ?? params.find((p) => p.entity.fixture === false) : params.find((p) => !p.entity.fixture) ?? params[0];
  if (!slot) return { kind: 'unknown' };
  const types = named.length > 0 ? named : [slot.entity.type];
  let cands = belief.all().filter((e) => types.includes(e.type) && !(other && e.id === slot.entity.id));
  if (colours.length > 0) cands = cands.filter((e) => colours.every((c) => colourOf(e).split(/\s+and\s+|\s+/).includes(c)));
  if (np.size) cands = cands.filter((e) => e.attributes.size === np.size);
  if (np.materials.length > 0) cands = cands.filter((e) => np.materials.includes(e.attributes.material ?? ''));
  if (np.side && cands.length > 1) {
    const sorted = [...cands].sort((a, b) => a.position.x - b.position.x);
    cands = [np.side === 'left' ? sorted[0]! : sorted[sorted.length - 1]!];
  }
  if (!other && colours.length === 0 && !np.size && np.materials.length === 0 && !np.side && named.length === 0) return { kind: 'unknown' };
  if (cands.length !== 1) return { kind: 'describe', param: slot.param, from: slot.entity.id, phrase: withNoun(phraseTokens, named.length > 0, typeNoun(slot.entity.type)) };
  return { kind: 'rebind', param: slot.param, ids: [cands[0]!.id] };
}

/** The referent as a phrase the interpreter reads: "the green one" → "the green apple", "the blue" → "the blue mug". */
function withNoun(tokens: readonly Token[], namesType: boolean, noun: string): string {
  const text = tokens.map((t) => t.text).join(' ').replace(/\s+'s\b/g, "'s");
  if (namesType) return text;
  if (/\bones?\b/.test(text)) return text.replace(/\bones?\b/, noun);
  return `${text} ${noun}`;
}
