import { typeInfo, typesForName } from '../../../world/catalog.js';
import { isKnownPhrase } from '../lexical/senses.js';
import { decideAmong, namedVarieties } from './asking.js';
import { recallReference } from '../../memory-prior.js';
import type { RememberedReference } from '../../memory-prior.js';
import type { BeliefEntity, BeliefState } from '../../belief.js';
import { describeCandidates, displayName, matchesColour, nearestFirst, phraseName, pickRegion, searchOrder } from './describe.js';
import { COLORS } from './lexicon.js';
import { answersToType, mentionsWord, namedCandidates } from './names.js';
import type { NounPhrase } from './noun-phrase.js';
import { narrowByAttributes, narrowByPlace, narrowByTold } from './narrow.js';

/** A grounded referring expression: entity ids, and a region when the phrase named one. */
export interface Ref {
  ids: string[];
  region: string | null;
  text: string;
  person: boolean;
  /** Mentioned in a context sentence ("I spilled my coke"), not in the request itself. */
  narrative?: boolean;
  /** How sure the grounding is (the chosen class's probability, `asking.ts`); 1 when nothing else fit. */
  confidence?: number;
}

export type Need = (e: BeliefEntity) => boolean;

export type GroundResult =
  | { kind: 'ok'; ref: Ref }
  | { kind: 'clarify'; question: string; options: { label: string; ids: string[] }[]; mentionKey: string; headType: string }
  | { kind: 'search'; type: string; containers: string[] }
  | { kind: 'not_found'; reason: string };

export interface GroundContext {
  belief: BeliefState;
  speaker: string;
  choices: Readonly<Record<string, string[]>>;
  discourse: Ref[];
  /** Lemmas of things the speaker said they cannot have ("allergic to apples"): never chosen. */
  avoid?: readonly string[];
  /** The words of the whole request, which may tell candidates apart (`asking.ts`). */
  requestWords?: ReadonlySet<string>;
  /** Choices made without asking among different things, said in the plan. */
  notes?: string[];
  /** What phrases meant before (the site's memory): evidence in the asking rule, said in the plan when it decides. */
  memory?: readonly RememberedReference[];
}

export interface GroundOptions {
  /**
   * The phrase names a destination (or a lamp to look under): same-type candidates named only by their
   * type serve the goal equally, so the nearest is taken instead of asking ("put it on the counter").
   */
  interchangeable?: boolean;
}

/** Whether the phrase says nothing beyond the type that could tell candidates apart. */
function typeOnly(np: NounPhrase): boolean {
  return np.colors.length === 0 && np.size === null && np.materials.length === 0 && np.side === null && np.ordinal === null && np.loc === null && np.regionWords.length === 0 && !np.other && !np.dirty;
}

interface Candidates {
  cands: BeliefEntity[];
  headType: string;
  byName: boolean;
  named: ReturnType<typeof namedCandidates>;
}

/**
 * "the holder", "the stand": a word that names no type may be the head of a compound that does ("toilet
 * paper holder", "tv stand"), and then names the things called by that compound.
 */
function byCompoundHead(np: NounPhrase, need: Need, belief: BeliefState): BeliefEntity[] {
  const head = np.text.split(/\s+/).pop() ?? '';
  if (head.length < 3) return [];
  const forms = new Set([head, head.replace(/s$/, ''), head.replace(/es$/, '')]);
  const compound = (alias: string): boolean => [...forms].some((f) => alias.endsWith(` ${f}`));
  return belief.all().filter((e) => need(e) && answersToType(e) && (typeInfo(e.type)?.aliases ?? []).some(compound));
}

/** The entities a phrase may name: by the words of their names when those are specific, else by type. */
function candidatesOf(np: NounPhrase, need: Need, belief: BeliefState): Candidates {
  let cands: BeliefEntity[] = [];
  let headType = '';
  const named = namedCandidates(np, belief, need);
  let byName = named !== null && named.specific && named.cands.length > 0;
  // A later reading (a synonym: "cup" for a mug) stands in only when the first cannot be found even by looking.
  const first = np.readings[0]?.types ?? [];
  const findable = first.some((t) => typeInfo(t)?.pickupable) && !belief.all().some((e) => first.includes(e.type)) && (belief.unknowns().length > 0 || belief.unvisitedRooms().length > 0);
  for (const reading of byName ? [] : np.readings) {
    if (reading.fallback && findable) break;
    const typed = belief.all().filter((e) => reading.types.includes(e.type) && need(e) && answersToType(e));
    if (typed.length === 0) continue;
    const colours = reading.words.filter((w) => COLORS.has(w));
    const colour = colours.length > 1 && reading.words.includes('and') ? [colours.join(' and ')] : colours;
    // An entity whose colour was never observed is not ruled out by a colour word.
    cands = typed.filter((e) => !e.attributes.color || colour.every((c) => matchesColour(e, c)));
    // Names narrow: "the trash" is the bin called "trash can" rather than the recycling bin.
    const said = reading.words.length === 0 ? np.text.split(/\s+/).filter((w) => !/^(the|a|an|any|some|my|all)$/.test(w)) : [];
    const called = said.length > 0 ? cands.filter((e) => e.name && said.every((w) => mentionsWord(e, w))) : [];
    if (called.length > 0 && called.length < cands.length) cands = called;
    headType = reading.types[0] ?? '';
    break;
  }
  if (cands.length === 0 && np.readings.length === 0 && named === null) {
    cands = byCompoundHead(np, need, belief);
    headType = cands[0]?.type ?? '';
  }
  if (cands.length === 0 && named !== null && (named.specific || np.readings.length === 0)) byName = true;
  if (byName && named) {
    const colour = np.colors.filter((c) => !named.glued.includes(c));
    cands = named.cands.filter((e) => !e.attributes.color || colour.every((c) => matchesColour(e, c)));
    headType = cands[0]?.type ?? '';
  }
  return { cands, headType, byName, named };
}

/** A person, or what a pronoun refers to (the last thing talked about that the role can use). */
function personOrPronoun(np: NounPhrase, key: string, need: Need, ctx: GroundContext): GroundResult | null {
  if (np.person) return { kind: 'ok', ref: { ids: [np.person === 'me' ? ctx.speaker : np.person], region: null, text: np.text, person: true } };
  if (np.pronoun === null || np.readings.length > 0) return null;
  for (let i = ctx.discourse.length - 1; i >= 0; i--) {
    const r = ctx.discourse[i]!;
    if (r.person) continue;
    const e = ctx.belief.ownerOf(r.ids[0] ?? '');
    if (e && need(e)) return { kind: 'ok', ref: r };
  }
  // Nothing said before it to refer to: ask rather than guess.
  return { kind: 'clarify', question: `What do you mean by "${np.text}"?`, options: [], mentionKey: key, headType: '' };
}

/** Too few candidates: a search where something may still be found, else why not. */
function tooFew(np: NounPhrase, c: Candidates, need: Need, belief: BeliefState): GroundResult {
  const want = np.count ?? 1;
  const type = c.byName ? (c.named?.typeGuess ?? undefined) : np.readings[0]?.types[0];
  const name = phraseName(np.text);
  if (type && typeInfo(type)?.pickupable && (belief.unknowns().length > 0 || belief.unvisitedRooms().length > 0)) return { kind: 'search', type, containers: searchOrder(type, belief) };
  const unusable = c.cands.length === 0 && np.readings.some((r) => belief.all().some((e) => r.types.includes(e.type) && answersToType(e) && !need(e)));
  if (unusable && !np.loc) return { kind: 'not_found', reason: `refuse:I cannot do that with the ${name}.` };
  if (np.readings.length === 0 && !c.byName) return { kind: 'not_found', reason: isKnownPhrase(name) ? `There is no ${name} here that I know of.` : `I do not know what "${name}" is.` };
  if (c.cands.length > 0) return { kind: 'not_found', reason: `I know of only ${c.cands.length} of the ${want} ${name} you asked for.` };
  const where = np.loc ? ` ${np.loc.rel === 'from' ? 'at' : np.loc.rel} ${np.loc.np.text}` : '';
  return { kind: 'not_found', reason: `There ${np.plural ? 'are' : 'is'} no ${name}${where} that I know of.` };
}

/** A question among things known by a generic name ("the snack"), naming each. */
function whichNamed(np: NounPhrase, c: Candidates, key: string, belief: BeliefState): GroundResult {
  if (c.cands.length > 5) return { kind: 'clarify', question: `I know of ${c.cands.length} things that could be "${np.text}". Which one do you mean?`, options: [], mentionKey: key, headType: c.headType };
  const labels = describeCandidates(c.cands, belief);
  const options = c.cands.map((e, i) => ({ label: labels[i]!, ids: [e.id] }));
  return { kind: 'clarify', question: `Which one — ${labels.slice(0, -1).join(', ')} or ${labels[labels.length - 1]}?`, options, mentionKey: key, headType: c.headType };
}

/** The conformal rule of `asking.ts` over the candidates' classes: a choice (said in the plan) or a question naming what tells them apart. */
function chooseOrAsk(np: NounPhrase, c: Candidates, key: string, ctx: GroundContext): { kind: 'choose'; ids: string[]; confidence: number } | GroundResult {
  const { belief } = ctx;
  const label = (members: BeliefEntity[]): string => (members[0]?.name ? `the ${members[0].name}` : describeCandidates([members[0]!], belief)[0]!);
  const recalled = recallReference(np.text, c.cands.map((e) => e.id), ctx.memory, ctx.speaker);
  const asking = { requestWords: ctx.requestWords ?? new Set<string>(), mentioned: new Set(ctx.discourse.filter((r) => !r.person && r.text !== np.text).flatMap((r) => r.ids)), remembered: new Set(recalled?.ids ?? []) };
  const decision = decideAmong(np, c.cands, asking, label);
  if (decision.kind === 'choose') {
    if (recalled && decision.chosen.ids.some((id) => recalled.ids.includes(id))) ctx.notes?.push(`For "${np.text}" I took ${decision.chosen.label}: ${recalled.person ? 'you chose it last time' : 'I was told so before'}`);
    else if (decision.classes.length > 1) ctx.notes?.push(`For "${np.text}" I took ${decision.chosen.label}, the likeliest of ${decision.classes.map((k) => k.label).join(', ')}`);
    return { kind: 'choose', ids: decision.chosen.ids, confidence: decision.confidence };
  }
  const reps = decision.classes.map((k) => belief.get(k.ids[0]!)).filter((e): e is BeliefEntity => e !== undefined);
  const labels = describeCandidates(reps, belief);
  const head = c.byName ? (phraseName(np.text).split(/\s+(that|which|who)\s+/)[0] ?? 'one') : (displayName(c.cands[0], c.headType).split(' ').pop() ?? c.headType);
  const options = decision.classes.map((k, i) => ({ label: labels[i]!, ids: k.ids }));
  const list = labels.length === 2 ? `${labels[0]} or ${labels[1]}` : `${labels.slice(0, -1).join(', ')} or ${labels[labels.length - 1]}`;
  return { kind: 'clarify', question: `Which ${head} — ${list}?`, options, mentionKey: key, headType: c.headType };
}

/**
 * "the drawer of the night stand", "the shelf of the end table" where the map has the drawer or shelf
 * as a thing of its own rather than a region: the nearest such thing to the owner named.
 */
function separatePart(owner: BeliefEntity, words: readonly string[], need: Need, belief: BeliefState): string | null {
  // A container's shelves and drawers are inside it ("the top shelf of the fridge" is the fridge).
  if (typeInfo(owner.type)?.receptacle === 'container') return null;
  const types = words.flatMap((w) => typesForName(w)).filter((t) => t !== owner.type);
  if (types.length === 0) return null;
  const d = (e: BeliefEntity): number => Math.hypot(e.position.x - owner.position.x, e.position.y - owner.position.y);
  const parts = belief.all().filter((e) => types.includes(e.type) && need(e));
  return parts.sort((a, b) => d(a) - d(b) || a.id.localeCompare(b.id))[0]?.id ?? null;
}

/** The nearest of the candidates, with the region or separate part the phrase names. */
function nearestOf(np: NounPhrase, from: readonly BeliefEntity[], need: Need, belief: BeliefState): { ids: string[]; region: string | null } {
  const picked = nearestFirst([...from], belief).slice(0, np.count ?? 1);
  const single = picked.length === 1 ? picked[0]! : undefined;
  const region = single ? pickRegion(single, np.regionWords) : null;
  const part = single && !region ? separatePart(single, np.regionWords, need, belief) : null;
  return part ? { ids: [part], region: null } : { ids: picked.map((e) => e.id), region };
}

/** The side or ordinal the phrase asks for ("the left one", "the second drawer"), among several. */
function bySideOrOrder(np: NounPhrase, cands: BeliefEntity[]): BeliefEntity[] {
  if (cands.length < 2) return cands;
  const sorted = [...cands].sort((a, b) => a.position.x - b.position.x);
  if (np.side) return [np.side === 'left' ? sorted[0]! : sorted[sorted.length - 1]!];
  if (np.ordinal !== null) return [np.ordinal < 0 ? sorted[sorted.length - 1]! : (sorted[np.ordinal] ?? sorted[0]!)];
  return cands;
}

/** Grounds a noun phrase against the belief state. `need` keeps only entities the role can use. */
export function groundPhrase(np: NounPhrase, key: string, need: Need, ctx: GroundContext, opts: GroundOptions = {}): GroundResult {
  const { belief } = ctx;
  const ok = (found: { ids: string[]; region: string | null }, confidence?: number): GroundResult => {
    const ref: Ref = { ids: found.ids, region: found.region, text: np.text, person: false, ...(confidence !== undefined ? { confidence } : {}) };
    ctx.discourse.push(ref);
    return { kind: 'ok', ref };
  };
  const direct = personOrPronoun(np, key, need, ctx);
  if (direct) return direct;
  const c = candidatesOf(np, need, belief);
  const resolve = (phrase: NounPhrase, k: string): { ids: string[] } | null => {
    const r = groundPhrase({ ...phrase, det: 'all' }, k, () => true, { ...ctx, discourse: [...ctx.discourse] });
    return r.kind === 'ok' ? r.ref : null;
  };
  c.cands = narrowByTold(narrowByPlace(np, narrowByAttributes(np, c.cands, ctx), key, belief, resolve), ctx);
  const chosen = ctx.choices[key];
  if (chosen) c.cands = c.cands.filter((e) => chosen.includes(e.id));
  const want = np.count ?? 1;
  if (c.cands.length === 0 || c.cands.length < want) return tooFew(np, c, need, belief);
  if (c.byName && c.named?.generic === true && np.det !== 'all' && c.cands.length > 1 && !chosen) return whichNamed(np, c, key, belief);
  c.cands = bySideOrOrder(np, c.cands);
  if (np.det === 'all' || (np.plural && np.count === null)) return ok({ ids: c.cands.map((e) => e.id), region: null });
  const alike = opts.interchangeable === true && typeOnly(np) && new Set(c.cands.map((e) => e.type)).size === 1 && !namedVarieties(np, c.cands, belief.rooms.map((r) => r.name));
  if (c.cands.length === want || np.count !== null || alike) return ok(nearestOf(np, c.cands, need, belief), 1);
  const asked = chooseOrAsk(np, c, key, ctx);
  if (asked.kind !== 'choose') return asked;
  const from = c.cands.filter((e) => asked.ids.includes(e.id));
  const r = ok(nearestOf(np, from, need, belief), asked.confidence);
  // "a yogurt cup" among differently named ones: any will do, and the plan says which was taken.
  const took = r.kind === 'ok' && r.ref.ids.length === 1 ? belief.get(r.ref.ids[0]!)?.name : undefined;
  if (took && new Set(from.map((e) => e.name)).size > 1) ctx.notes?.push(`For "${np.text}" I took the ${took}`);
  return r;
}
