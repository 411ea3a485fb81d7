import { planarDistance, type Vec3 } from '../../domain/geometry.js';
import type { Detection, Observation } from '../../domain/observation.js';
import { typesForName } from '../../world/catalog.js';

/** Something a noun phrase can name: a detection, or a visible region of one. */
export interface Referent {
  id: string;
  position: Vec3;
  detection: Detection;
  /** Set when the referent is a region of `detection`. */
  region?: { id: string; position: Vec3 };
  /** The name a prior map gives this fixture ("kitchen drawer"); a detection's own label is read from it. */
  name?: string;
}

const STOP = new Set(['the', 'a', 'an', 'of', 'and', 'to', 'in', 'on', 'at', 'with', 'from', 'that', 'which', 'is']);
const COLORS = new Set(['red', 'blue', 'green', 'yellow', 'white', 'black', 'brown', 'orange', 'pink', 'purple', 'grey', 'gray', 'silver', 'gold']);
/** Everyday words mapped to the words that appear in type names and region ids. */
const SYNONYMS: Readonly<Record<string, readonly string[]>> = {
  fridge: ['fridge', 'refrigerator'],
  refrigerator: ['fridge'],
  sink: ['sink', 'basin'],
  drawer: ['drawer', 'region'],
  compartment: ['contain', 'region', 'compartment'],
  stove: ['stove', 'burner'],
  burner: ['burner', 'stove'],
  cup: ['cup', 'mug'],
  counter: ['counter', 'countertop'],
  lamp: ['lamp'],
  tap: ['faucet'],
  faucet: ['faucet'],
  pan: ['pan', 'frypan'],
  frypan: ['frypan', 'pan'],
  cheese: ['cheese'],
  soup: ['soup'],
  table: ['table'],
};
/** Region words that say "this part of it", so a bare "the stove" does not pick a region. */
const REGION_WORDS = new Set(['bottom', 'top', 'middle', 'back', 'front', 'left', 'right', 'cook', 'heating', 'contain', 'compartment', 'drawer', 'shelf', 'side']);

/**
 * The policy re-resolves its phrase against every referent on every control step, so splitting the
 * same ids, types and phrases dominated its cost; these are pure functions of a string, memoised in
 * a map that is dropped when it grows past a bound (names are few, but a caller could feed many).
 */
const MEMO_LIMIT = 20_000;
function memo<T>(fn: (s: string) => T): (s: string) => T {
  const cache = new Map<string, T>();
  return (s) => {
    let v = cache.get(s);
    if (v === undefined) {
      if (cache.size >= MEMO_LIMIT) cache.clear();
      v = fn(s);
      cache.set(s, v);
    }
    return v;
  };
}

const wordsMemo = memo((s: string): readonly string[] => Object.freeze(splitWords(s)));
const idWordsMemo = memo((id: string): readonly string[] => Object.freeze(wordsMemo(id).filter((w) => !/^\d+$/.test(w))));
const idPattern = memo((id: string): RegExp => new RegExp(`\\b${escape(id.toLowerCase())}\\b`));

/** The words of a name or phrase, lower-case, singular, stop words dropped (a fresh array the caller may change). */
export function words(s: string): string[] {
  return [...wordsMemo(s)];
}

function splitWords(s: string): string[] {
  return s
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0 && !STOP.has(w))
    .map(singular);
}

function singular(w: string): string {
  if (w.length > 3 && w.endsWith('es') && /(ch|sh|x|s)es$/.test(w)) return w.slice(0, -2);
  if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss')) return w.slice(0, -1);
  return w;
}

function idWords(id: string): readonly string[] {
  return idWordsMemo(id);
}

/** All referents in an observation: detections and their regions. */
export function referents(obs: Observation): Referent[] {
  const out: Referent[] = [];
  for (const d of obs.detections) {
    out.push({ id: d.id, position: d.position, detection: d });
    for (const r of d.regions ?? []) out.push({ id: r.id, position: r.position, detection: d, region: { id: r.id, position: r.position } });
  }
  return out;
}

export interface ResolveOptions {
  exclude?: ReadonlySet<string>;
  /** Restrict to candidates passing this test (e.g. pickupable-looking things). */
  filter?: (r: Referent) => boolean;
  /** Where "nearest" is measured from. */
  from: { x: number; y: number };
  /** Reject candidates that leave some phrase word unexplained (default: such words only weaken a match). */
  strict?: boolean;
}

/** Score lost per phrase word a candidate does not explain ("kitchen" in "kitchen drawer"). */
const UNEXPLAINED_PENALTY = 1;
/** Marks a candidate whose match left words unexplained; strict resolution rejects it. */
const WEAK = 1000;

/**
 * Matches a noun phrase to what is seen: explicit ids first, then type-name and attribute words,
 * region words for parts of things; ties go to the nearest (or left/right by x when the phrase says so).
 */
export function resolvePhrase(phrase: string, candidates: readonly Referent[], opts: ResolveOptions): Referent | null {
  return resolveScored(phrase, candidates, opts)?.ref ?? null;
}

/** As `resolvePhrase`, with the match score (explicit ids score highest). */
export function resolveScored(phrase: string, candidates: readonly Referent[], opts: ResolveOptions): { ref: Referent; score: number; weak: boolean } | null {
  const pool = candidates.filter((c) => !opts.exclude?.has(c.id) && (!opts.filter || opts.filter(c)));
  const raw = phrase.toLowerCase().trim();
  const rawId = raw.replace(/\s+/g, '_');
  const explicit = pool.find((c) => c.id.toLowerCase() === rawId || idPattern(c.id).test(raw));
  if (explicit) return { ref: explicit, score: 100, weak: false };
  const pw = wordsMemo(phrase);
  if (pw.length === 0) return null;
  const aliases = aliasesOf(phrase);
  const relational = /\b(?:left|right|front|back|top|side) of\b/.test(raw);
  let best: { c: Referent; score: number }[] = [];
  let bestScore = 0;
  let bestWeak = false;
  // A full match always beats one that leaves words unexplained, whatever their scores.
  const scored = pool.map((c) => ({ c, raw: score(pw, c, aliases, relational) })).filter((x) => x.raw > 0 && !(opts.strict && x.raw >= WEAK));
  const anyFull = scored.some((x) => x.raw < WEAK);
  for (const { c, raw } of scored) {
    if (anyFull && raw >= WEAK) continue;
    const s = raw >= WEAK ? raw - WEAK : raw;
    if (s <= 0) continue;
    bestWeak = raw >= WEAK;
    if (s > bestScore + 1e-9) {
      bestScore = s;
      best = [{ c, score: s }];
    } else if (Math.abs(s - bestScore) <= 1e-9) best.push({ c, score: s });
  }
  if (best.length === 0) return null;
  const side = pw.includes('left') ? 'left' : pw.includes('right') ? 'right' : null;
  const sorted = best.map((b) => b.c);
  if (side && sorted.length > 1 && !sorted.some((c) => idWords(c.id).includes(side))) {
    sorted.sort((a, b) => (side === 'left' ? a.position.x - b.position.x : b.position.x - a.position.x));
  } else {
    sorted.sort((a, b) => planarDistance(a.position, opts.from) - planarDistance(b.position, opts.from) || a.id.localeCompare(b.id));
  }
  const ref = sorted[0];
  return ref ? { ref, score: bestScore, weak: bestWeak } : null;
}

/**
 * Types the phrase's everyday name may mean ("white mug" → porcelain_mug): the full phrase counts
 * most, its trailing words less. Positional words are dropped first ("the left plate").
 */
const aliasesOf = memo((phrase: string): ReadonlyMap<string, number> => aliasTypes(wordsMemo(phrase)));

function aliasTypes(pw: readonly string[]): Map<string, number> {
  const core = pw.filter((w) => !REGION_WORDS.has(w) || w === 'drawer');
  const out = new Map<string, number>();
  for (let start = 0; start < core.length; start++) {
    const weight = start === 0 ? 2 : 1 / (start + 1);
    for (const t of typesForName(core.slice(start).join(' '))) if (!out.has(t)) out.set(t, weight);
  }
  return out;
}

function score(pw: readonly string[], c: Referent, aliases: ReadonlyMap<string, number>, relational: boolean): number {
  const d = c.detection;
  if (c.region) {
    // Initial-placement regions (LIBERO's "*_init_region") are bookkeeping, not places people name.
    if (/_init_region$/.test(c.region.id)) return 0;
    // A region is named by its own words beyond its parent's id, plus the parent's words.
    const parentWords = new Set([...idWords(d.id), ...wordsMemo(d.type)]);
    const own = idWords(c.region.id).filter((w) => w !== 'region' && (!parentWords.has(w) || REGION_WORDS.has(w)));
    const ownHit = pw.filter((w) => REGION_WORDS.has(w) && matchesAny(w, own)).length + pw.filter((w) => !REGION_WORDS.has(w) && matchesAny(w, own) && !parentWords.has(w)).length;
    if (ownHit === 0) return 0;
    const all = new Set([...parentWords, ...idWords(c.region.id)]);
    return pw.filter((w) => matchesAny(w, [...all])).length + 0.25;
  }
  const ownTypeWords = wordsMemo(d.type);
  // Id and map-name words help matching ("mug_red", "kitchen drawer"), but only the type's words count as unsaid qualifiers.
  const typeWords = [...new Set([...ownTypeWords, ...idWords(d.id), ...(c.name ? wordsMemo(c.name) : []), ...(d.label ? wordsMemo(d.label) : [])])];
  const attrWords = [d.attributes.color, d.attributes.size, d.attributes.material].filter((v): v is string => !!v).flatMap((v) => wordsMemo(v));
  // A label is what this very thing is called ("orange" for a thing the catalog files as an Apple), so
  // a word it says outweighs one only its type says: "the apple" means the apple, not the orange.
  const labelWords = d.label ? wordsMemo(d.label) : [];
  let typeHits = 0;
  let s = 0;
  for (const w of pw) {
    if (matchesAny(w, typeWords)) {
      typeHits += 1;
      s += matchesAny(w, labelWords) ? 1.5 : 1;
    } else if (attrWords.includes(w)) s += 1;
  }
  const alias = aliases.get(d.type) ?? 0;
  if (typeHits === 0 && alias === 0) return 0;
  // Every word must fit unless the whole phrase is a known name of the type. A word that names
  // another type or contradicts a seen attribute vetoes ("desk lamp" is not the floor lamp, a "red mug"
  // is not the blue one); any other modifier ("kitchen", "big") only weakens the match.
  const unexplained = alias >= 2 ? [] : pw.filter((w) => !REGION_WORDS.has(w) && !/^\d+$/.test(w) && !matchesAny(w, typeWords) && !attrWords.includes(w));
  if (unexplained.some((w) => contradicts(w, d))) return 0;
  s += alias;
  // A "white mug" is less likely the white-and-yellow one when its colour was left unsaid.
  for (const w of ownTypeWords) {
    if (pw.some((p) => matchesAny(p, [w]))) continue;
    s -= COLORS.has(w) ? 0.5 : 0.1;
  }
  // "right of the plate" names a place beside the plate, not the plate ("the right plate" is a plate).
  if (relational) s -= 1.5;
  if (unexplained.length === 0) return s;
  s -= UNEXPLAINED_PENALTY * unexplained.length;
  return s > 0 ? s + WEAK : 0;
}

const MATERIALS = new Set(['wood', 'wooden', 'glass', 'metal', 'steel', 'ceramic', 'plastic', 'fabric', 'iron', 'granite', 'porcelain', 'cardboard']);

/** A phrase word that rules a candidate out: a colour or material it lacks, or another type's name. */
function contradicts(w: string, d: Detection): boolean {
  if (COLORS.has(w) || MATERIALS.has(w)) return true;
  return typesForName(w).length > 0 && !typesForName(w).includes(d.type);
}

function matchesAny(w: string, targets: readonly string[]): boolean {
  const alts = SYNONYMS[w] ?? [w];
  return targets.some((t) => alts.includes(t) || t === w);
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Where to put something "in"/"on" an entity that has regions: its functional region (the stove's
 * cook region, the basket's contain region, the microwave's heating region) when it has one.
 */
export function functionalRegion(r: Referent): Referent {
  if (r.region) return r;
  const regions = r.detection.regions ?? [];
  const pick = regions.find((g) => /cook|heating|contain|inside|interior/.test(g.id)) ?? (regions.length === 1 ? regions[0] : undefined);
  return pick ? { id: pick.id, position: pick.position, detection: r.detection, region: { id: pick.id, position: pick.position } } : r;
}
