import { typeInfo } from '../../../world/catalog.js';
import { isKnownPhrase } from '../lexical/senses.js';
import { decideAmong } from './asking.js';
import { recallReference } from '../../memory-prior.js';
import type { RememberedReference } from '../../memory-prior.js';
import type { BeliefEntity, BeliefState } from '../../belief.js';
import { COLORS, DEFINITE, INDEFINITE, NUMBERS } from './lexicon.js';
import { answersToType, mentionsWord, namedCandidates } from './names.js';
import type { NounPhrase } from './noun-phrase.js';

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

const LEADING = new Set([...DEFINITE, ...INDEFINITE, ...Object.keys(NUMBERS), 'all', 'both', 'every', 'each', 'of']);

/** The phrase without its determiners and quantities ("all the fruits" → "fruits", "three oranges" → "oranges"). */
function phraseName(text: string): string {
  const words = text.split(/\s+/);
  let i = 0;
  while (i < words.length - 1 && (LEADING.has(words[i]!) || /^\d+$/.test(words[i]!))) i++;
  return words.slice(i).join(' ');
}

export function displayName(e: BeliefEntity | undefined, fallback: string): string {
  if (!e) return fallback;
  return e.name ?? typeInfo(e.type)?.aliases[0] ?? e.type;
}

function whereIs(e: BeliefEntity, belief: BeliefState): string {
  if (e.heldBy) return `held by ${e.heldBy}`;
  if (!e.placement) return e.room ? `in the ${belief.rooms.find((r) => r.id === e.room)?.name ?? e.room}` : '';
  const t = e.placement.target;
  const owner = belief.ownerOf(t);
  const room = belief.rooms.find((r) => r.id === t);
  const name = owner ? displayName(owner, t) : (room?.name ?? t);
  return `${e.placement.relation} the ${name}`;
}

/** Short labels that tell candidates apart: colour when colours differ, else place, else left/right. */
export function describeCandidates(cands: readonly BeliefEntity[], belief: BeliefState): string[] {
  const names = cands.map((c) => c.name ?? '');
  if (names.every((n) => n.length > 0) && new Set(names).size === names.length) return names.map((n) => `the ${n}`);
  const colours = cands.map((c) => c.attributes.color ?? '');
  const places = cands.map((c) => whereIs(c, belief));
  const distinct = (xs: string[]): boolean => new Set(xs).size === xs.length && xs.every((x) => x.length > 0);
  const sorted = [...cands].sort((a, b) => a.position.x - b.position.x);
  return cands.map((c, i) => {
    const parts: string[] = [];
    parts.push(colours[i] ? `the ${colours[i]} one` : 'the one');
    if (!distinct(colours) || distinct(places)) if (places[i]) parts.push(places[i]!);
    const label = parts.join(' ');
    if (distinct(colours) || distinct(places)) return label;
    const idx = sorted.indexOf(c);
    return idx === 0 ? `${label} on the left` : idx === sorted.length - 1 ? `${label} on the right` : `${label} in the middle`;
  });
}

function nearestFirst(cands: BeliefEntity[], belief: BeliefState): BeliefEntity[] {
  const robot = [...belief.robots.values()][0];
  const d = (e: BeliefEntity): number => (robot ? Math.hypot(e.position.x - robot.position.x, e.position.y - robot.position.y) : 0);
  return [...cands].sort((a, b) => d(a) - d(b) || a.id.localeCompare(b.id));
}

function matchesColour(e: BeliefEntity, colour: string): boolean {
  const c = (e.attributes.color ?? '').toLowerCase().replace('gray', 'grey');
  const want = colour.replace('gray', 'grey');
  return c === want || c.split(/\s+and\s+|\s+/).includes(want) || (want.includes(' and ') && want.split(' and ').every((w) => c.includes(w)));
}

/** Containers worth opening to look for a type, most plausible first, then the rooms no robot has been in. */
export function searchOrder(type: string, belief: BeliefState): string[] {
  const info = typeInfo(type);
  const score = (t: string): number => {
    const role = typeInfo(t)?.role;
    if (role === 'fridge') return info?.coolable || info?.sliceable ? 0 : 3;
    // Dishes are kept in cabinets; food, washable or not, is looked for in the fridge first.
    if (t === 'Cabinet') return info?.cleanable && !info.sliceable ? 0 : 2;
    if (t === 'Drawer' || /drawer|region/.test(t)) return 1;
    return 4;
  };
  const containers = belief.unknowns().sort((a, b) => score(a.type) - score(b.type) || a.id.localeCompare(b.id));
  return [...containers, ...belief.unvisitedRooms()].map((u) => u.id);
}

function pickRegion(e: BeliefEntity, words: readonly string[]): string | null {
  const useful = words.filter((w) => !['drawer', 'compartment', 'the', 'of', 'a', 'region', 'section'].includes(w));
  if (useful.length === 0) return null;
  let best: string | null = null;
  let bestScore = 0;
  for (const r of e.regions) {
    const parts = r.id.toLowerCase().split('_');
    const s = useful.filter((w) => parts.includes(w)).length;
    if (s > bestScore) { best = r.id; bestScore = s; }
  }
  return best;
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

/** Grounds a noun phrase against the belief state. `need` keeps only entities the role can use. */
export function groundPhrase(np: NounPhrase, key: string, need: Need, ctx: GroundContext, opts: GroundOptions = {}): GroundResult {
  const { belief } = ctx;
  const ok = (ids: string[], region: string | null = null): GroundResult => {
    const ref: Ref = { ids, region, text: np.text, person: false };
    ctx.discourse.push(ref);
    return { kind: 'ok', ref };
  };
  if (np.person) return { kind: 'ok', ref: { ids: [np.person === 'me' ? ctx.speaker : np.person], region: null, text: np.text, person: true } };
  if (np.pronoun !== null && np.readings.length === 0) {
    for (let i = ctx.discourse.length - 1; i >= 0; i--) {
      const r = ctx.discourse[i]!;
      if (r.person) continue;
      const e = belief.ownerOf(r.ids[0] ?? '');
      if (e && need(e)) return { kind: 'ok', ref: r };
    }
    // Nothing said before it to refer to: ask rather than guess.
    return { kind: 'clarify', question: `What do you mean by "${np.text}"?`, options: [], mentionKey: key, headType: '' };
  }
  let cands: BeliefEntity[] = [];
  let headType = '';
  const named = namedCandidates(np, belief, need);
  let byName = named !== null && named.specific && named.cands.length > 0;
  for (const reading of byName ? [] : np.readings) {
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
  if (cands.length === 0 && named !== null && (named.specific || np.readings.length === 0)) byName = true;
  if (byName && named) {
    const colour = np.colors.filter((c) => !named.glued.includes(c));
    cands = named.cands.filter((e) => !e.attributes.color || colour.every((c) => matchesColour(e, c)));
    headType = cands[0]?.type ?? '';
  }
  if (ctx.avoid && ctx.avoid.length > 0) cands = cands.filter((e) => !ctx.avoid!.some((w) => mentionsWord(e, w)));
  if (np.size) cands = cands.filter((e) => !e.attributes.size || e.attributes.size === np.size);
  if (np.materials.length > 0) cands = cands.filter((e) => np.materials.every((m) => e.attributes.material === m));
  // Like an unseen colour, a cleanliness the belief may have missed does not rule a candidate out.
  if (np.dirty && cands.some((e) => e.state.clean === false)) cands = cands.filter((e) => e.state.clean === false);
  if (np.other) {
    const last = ctx.discourse[ctx.discourse.length - 1];
    cands = cands.filter((e) => !last?.ids.includes(e.id));
  }
  if (np.loc) {
    const locNp = { ...np.loc.np, det: 'all' as const };
    const where = groundPhrase(locNp, `${key}/loc`, () => true, { ...ctx, discourse: [...ctx.discourse] });
    if (where.kind === 'ok') {
      const inside = cands.filter((e) => where.ref.ids.some((w) => belief.isWithin(e.id, w)));
      // The place only helps to identify: when everything there has been seen and none fits, the belief
      // (or the speaker) is out of date, and the thing believed elsewhere is meant. A place not looked
      // inside yet keeps the filter, so the thing is searched for there.
      const unknown = new Set(belief.unknowns().map((u) => u.id));
      const searched = where.ref.ids.every((w) => !unknown.has(w) && !unknown.has(belief.ownerOf(w)?.id ?? w));
      cands = inside.length > 0 || !searched || np.det === 'all' ? inside : cands;
    }
  }
  // What the speaker just told about ("I opened a pepsi … the open can") is what they mean.
  const told = cands.filter((e) => ctx.discourse.some((r) => r.narrative && r.ids.includes(e.id)));
  if (told.length > 0 && told.length < cands.length) cands = told;
  const chosen = ctx.choices[key];
  if (chosen) cands = cands.filter((e) => chosen.includes(e.id));
  const want = np.count ?? 1;
  if (cands.length === 0 || cands.length < want) {
    const type = byName ? (named?.typeGuess ?? undefined) : np.readings[0]?.types[0];
    const name = phraseName(np.text);
    if (type && typeInfo(type)?.pickupable && (belief.unknowns().length > 0 || belief.unvisitedRooms().length > 0)) return { kind: 'search', type, containers: searchOrder(type, belief) };
    const unusable = cands.length === 0 && np.readings.some((r) => belief.all().some((e) => r.types.includes(e.type) && answersToType(e) && !need(e)));
    if (unusable && !np.loc) return { kind: 'not_found', reason: `refuse:I cannot do that with the ${name}.` };
    if (np.readings.length === 0 && !byName) return { kind: 'not_found', reason: isKnownPhrase(name) ? `There is no ${name} here that I know of.` : `I do not know what "${name}" is.` };
    if (cands.length > 0) return { kind: 'not_found', reason: `I know of only ${cands.length} of the ${want} ${name} you asked for.` };
    const where = np.loc ? ` ${np.loc.rel === 'from' ? 'at' : np.loc.rel} ${np.loc.np.text}` : '';
    return { kind: 'not_found', reason: `There ${np.plural ? 'are' : 'is'} no ${name}${where} that I know of.` };
  }
  const generic = byName && named?.generic === true;
  if (generic && np.det !== 'all' && cands.length > 1 && !chosen) {
    if (cands.length > 5) return { kind: 'clarify', question: `I know of ${cands.length} things that could be "${np.text}". Which one do you mean?`, options: [], mentionKey: key, headType };
    const labels = describeCandidates(cands, belief);
    return { kind: 'clarify', question: `Which one — ${labels.slice(0, -1).join(', ')} or ${labels[labels.length - 1]}?`, options: cands.map((e, i) => ({ label: labels[i]!, ids: [e.id] })), mentionKey: key, headType };
  }
  const sorted = [...cands].sort((a, b) => a.position.x - b.position.x);
  if (np.side && cands.length > 1) cands = [np.side === 'left' ? sorted[0]! : sorted[sorted.length - 1]!];
  else if (np.ordinal !== null && cands.length > 1) cands = [np.ordinal < 0 ? sorted[sorted.length - 1]! : (sorted[np.ordinal] ?? sorted[0]!)];
  if (np.det === 'all' || (np.plural && np.count === null)) return ok(cands.map((e) => e.id));
  const alike = opts.interchangeable === true && typeOnly(np) && new Set(cands.map((e) => e.type)).size === 1;
  const nearest = (from: BeliefEntity[], confidence: number): GroundResult => {
    const picked = nearestFirst(from, belief).slice(0, want);
    const single = picked.length === 1 ? picked[0]! : undefined;
    const r = ok(picked.map((e) => e.id), single ? pickRegion(single, np.regionWords) : null);
    if (r.kind === 'ok') r.ref.confidence = confidence;
    return r;
  };
  if (cands.length === want || np.count !== null || alike) return nearest(cands, 1);
  const asked = chooseOrAsk(np, cands, key, headType, byName, ctx);
  if (asked.kind !== 'choose') return asked;
  const from = cands.filter((e) => asked.ids.includes(e.id));
  const r = nearest(from, asked.confidence);
  // "a yogurt cup" among differently named ones: any will do, and the plan says which was taken.
  const took = r.kind === 'ok' && r.ref.ids.length === 1 ? belief.get(r.ref.ids[0]!)?.name : undefined;
  if (took && new Set(from.map((e) => e.name)).size > 1) ctx.notes?.push(`For "${np.text}" I took the ${took}`);
  return r;
}

/** The conformal rule of `asking.ts` over the candidates' classes: a choice (said in the plan) or a question. */
function chooseOrAsk(np: NounPhrase, cands: BeliefEntity[], key: string, headType: string, byName: boolean, ctx: GroundContext): { kind: 'choose'; ids: string[]; confidence: number } | GroundResult {
  const { belief } = ctx;
  const label = (members: BeliefEntity[]): string => members[0]?.name ? `the ${members[0].name}` : describeCandidates([members[0]!], belief)[0]!;
  const recalled = recallReference(np.text, cands.map((e) => e.id), ctx.memory, ctx.speaker);
  const asking = { requestWords: ctx.requestWords ?? new Set<string>(), mentioned: new Set(ctx.discourse.filter((r) => !r.person).flatMap((r) => r.ids)), remembered: new Set(recalled?.ids ?? []) };
  const decision = decideAmong(np, cands, asking, label);
  if (decision.kind === 'choose') {
    if (recalled && decision.chosen.ids.some((id) => recalled.ids.includes(id))) ctx.notes?.push(`For "${np.text}" I took ${decision.chosen.label}: ${recalled.person ? 'you chose it last time' : 'I was told so before'}`);
    else if (decision.classes.length > 1) ctx.notes?.push(`For "${np.text}" I took ${decision.chosen.label}, the likeliest of ${decision.classes.map((c) => c.label).join(', ')}`);
    return { kind: 'choose', ids: decision.chosen.ids, confidence: decision.confidence };
  }
  const reps = decision.classes.map((c) => belief.get(c.ids[0]!)!).filter((e) => e !== undefined);
  const labels = describeCandidates(reps, belief);
  const head = byName ? (phraseName(np.text).split(/\s+(that|which|who)\s+/)[0] ?? 'one') : (displayName(cands[0], headType).split(' ').pop() ?? headType);
  const options = decision.classes.map((c, i) => ({ label: labels[i]!, ids: c.ids }));
  const list = labels.length === 2 ? `${labels[0]} or ${labels[1]}` : `${labels.slice(0, -1).join(', ')} or ${labels[labels.length - 1]}`;
  return { kind: 'clarify', question: `Which ${head} — ${list}?`, options, mentionKey: key, headType };
}
