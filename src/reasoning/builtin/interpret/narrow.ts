import { isBetween, isNextTo, isOnSide, WORLD_SPATIAL } from '../../../domain/spatial.js';
import type { Side } from '../../../domain/spatial.js';
import type { BeliefEntity, BeliefState } from '../../belief.js';
import { matchesColour } from './describe.js';
import { mentionsWord } from './names.js';
import type { NounPhrase } from './noun-phrase.js';

/** Grounds a place phrase to every entity it may name (all of them, whatever the determiner), or null. */
export type PlaceResolver = (np: NounPhrase, key: string) => { ids: string[] } | null;

export interface NarrowContext {
  belief: BeliefState;
  discourse: readonly { ids: string[]; narrative?: boolean }[];
  avoid?: readonly string[];
}

/**
 * Whether a thing is plainly what an excluding phrase names ("but the apple", "not the red one"): its
 * type, and every attribute the phrase gives as the belief records it. Unlike a description, an
 * attribute the belief does not record never matches: leaving things out needs evidence.
 */
function plainlyIs(e: BeliefEntity, x: NounPhrase): boolean {
  if (x.readings.length > 0 && !x.readings.some((r) => r.types.includes(e.type))) return false;
  const said = x.colors.length + x.materials.length + (x.size ? 1 : 0);
  if (x.readings.length === 0 && said === 0) return false;
  const colour = x.colors.every((c) => e.attributes.color !== undefined && matchesColour(e, c));
  const material = x.materials.every((m) => e.attributes.material === m);
  const size = x.size === null || e.attributes.size === x.size;
  return colour && material && size;
}

/**
 * Attributes as filters: size and material narrow only where the belief records them (an attribute not
 * seen narrows nothing and blocks nothing); "dirty" only when something is believed dirty; excluded
 * things ("but the apple") and things the speaker cannot have go; "the other one" is not the last one
 * talked about.
 */
export function narrowByAttributes(np: NounPhrase, cands: BeliefEntity[], ctx: NarrowContext): BeliefEntity[] {
  let out = cands;
  if (ctx.avoid && ctx.avoid.length > 0) out = out.filter((e) => !ctx.avoid!.some((w) => mentionsWord(e, w)));
  if (np.size) out = out.filter((e) => !e.attributes.size || e.attributes.size === np.size);
  if (np.materials.length > 0) out = out.filter((e) => !e.attributes.material || np.materials.every((m) => e.attributes.material === m));
  if (np.exclude.length > 0) out = out.filter((e) => !np.exclude.some((x) => plainlyIs(e, x)));
  if (np.dirty && out.some((e) => e.state.clean === false)) out = out.filter((e) => e.state.clean === false);
  if (np.other) {
    const last = ctx.discourse[ctx.discourse.length - 1];
    out = out.filter((e) => !last?.ids.includes(e.id));
  }
  return out;
}

/**
 * "the cabinet next to the fridge": of things that are all some way off (furniture is big), the one
 * clearly nearest — at most 0.7 times as far as the next, and within 2 m — is the one meant; null
 * when none is.
 */
function nearestClearly(cands: readonly BeliefEntity[], anchors: readonly BeliefEntity[]): BeliefEntity[] | null {
  const d = (e: BeliefEntity): number => Math.min(...anchors.filter((a) => a.id !== e.id).map((a) => Math.hypot(e.position.x - a.position.x, e.position.y - a.position.y)));
  const ranked = [...cands].sort((a, b) => d(a) - d(b));
  if (ranked.length === 0 || d(ranked[0]!) > 2) return null;
  if (ranked.length === 1 || d(ranked[0]!) <= 0.7 * d(ranked[1]!)) return [ranked[0]!];
  return null;
}

/**
 * "the cup next to the sink", "the book left of the lamp", "the mug between the kettle and the toaster":
 * the candidates standing so (as the belief places them, with the world's tolerances). The place only
 * helps to identify: when no candidate stands so, none is ruled out.
 */
function standingBy(np: NounPhrase, cands: BeliefEntity[], key: string, belief: BeliefState, resolve: PlaceResolver): BeliefEntity[] {
  const loc = np.loc!;
  const anchorsOf = (phrase: NounPhrase, k: string): BeliefEntity[] => (resolve(phrase, `${key}/${k}`)?.ids ?? []).map((id) => belief.ownerOf(id)).filter((e): e is BeliefEntity => e !== undefined);
  const firsts = anchorsOf(loc.np, 'loc');
  const seconds = loc.also ? anchorsOf(loc.also, 'loc2') : [];
  const stands = (e: BeliefEntity): boolean =>
    firsts.some((a) => {
      if (a.id === e.id) return false;
      if (loc.rel === 'near') return isNextTo(e.position, a.position, WORLD_SPATIAL);
      if (loc.rel === 'between') return seconds.some((b) => b.id !== e.id && isBetween(e.position, a.position, b.position, WORLD_SPATIAL));
      return isOnSide(loc.rel as Side, e.position, a.position, WORLD_SPATIAL);
    });
  const standing = cands.filter(stands);
  if (loc.rel === 'near') return nearestClearly(standing.length > 1 ? standing : cands, firsts) ?? (standing.length > 0 ? standing : cands);
  if (standing.length > 0 || loc.rel === 'between') return standing.length > 0 ? standing : cands;
  // Furniture far apart is seldom squarely to one side: the only one on that side at all is meant.
  const side = loc.rel as Side;
  const along = (e: BeliefEntity): boolean => firsts.some((a) => a.id !== e.id && isOnSide(side, e.position, a.position, { ...WORLD_SPATIAL, sectorSlack: -Infinity }));
  const onThatSide = cands.filter(along);
  return onThatSide.length === 1 ? onThatSide : cands;
}

/** The room a phrase names ("the bedroom", "the living room"), by the rooms' names and ids. */
export function roomNamed(text: string, belief: BeliefState): string | null {
  const words = ` ${text.toLowerCase()} `;
  const named = belief.rooms.filter((r) => [r.name, r.id.replace(/_/g, ' ')].some((n) => n.length > 0 && words.includes(` ${n.toLowerCase()} `)));
  named.sort((a, b) => b.name.length - a.name.length);
  return named[0]?.id ?? null;
}

/**
 * Rooms as places: "the lamp in the bedroom", "the bathroom sink". Things are kept to that room when
 * some candidate is there; a room word that fits none narrows nothing.
 */
function inRoom(np: NounPhrase, cands: BeliefEntity[], belief: BeliefState): BeliefEntity[] {
  const text = np.loc && (np.loc.rel === 'in' || np.loc.rel === 'from') ? np.loc.np.text : (np.readings[0]?.words ?? []).join(' ');
  const room = roomNamed(text, belief);
  if (!room) return cands;
  const there = cands.filter((e) => e.room === room);
  return there.length > 0 ? there : cands;
}

/**
 * Places that tell things apart: a room, where they stand relative to others, or what they are in or
 * on ("the mug on the counter", "from the fridge"). A place that was looked in and holds no such thing
 * does not hide the only one believed elsewhere; a place never looked in keeps the filter, so the thing
 * is searched for there.
 */
export function narrowByPlace(np: NounPhrase, cands: BeliefEntity[], key: string, belief: BeliefState, resolve: PlaceResolver): BeliefEntity[] {
  const roomed = inRoom(np, cands, belief);
  if (roomed !== cands || !np.loc) return roomed;
  if (np.loc.rel !== 'in' && np.loc.rel !== 'on' && np.loc.rel !== 'from') return standingBy(np, cands, key, belief, resolve);
  const where = resolve(np.loc.np, `${key}/loc`);
  if (!where) return cands;
  const inside = cands.filter((e) => where.ids.some((w) => belief.isWithin(e.id, w)));
  const unknown = new Set(belief.unknowns().map((u) => u.id));
  const searched = where.ids.every((w) => !unknown.has(w) && !unknown.has(belief.ownerOf(w)?.id ?? w));
  return inside.length > 0 || !searched || np.det === 'all' ? inside : cands;
}

/** What the speaker just told about ("I opened a pepsi … the open can") is what they mean. */
export function narrowByTold(cands: BeliefEntity[], ctx: NarrowContext): BeliefEntity[] {
  const told = cands.filter((e) => ctx.discourse.some((r) => r.narrative && r.ids.includes(e.id)));
  return told.length > 0 && told.length < cands.length ? told : cands;
}
