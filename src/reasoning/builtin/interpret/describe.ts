import { typeInfo } from '../../../world/catalog.js';
import type { BeliefEntity, BeliefState } from '../../belief.js';
import { DEFINITE, INDEFINITE, NUMBERS } from './lexicon.js';

const LEADING = new Set([...DEFINITE, ...INDEFINITE, ...Object.keys(NUMBERS), 'all', 'both', 'every', 'each', 'of']);

/** The phrase without its determiners and quantities ("all the fruits" → "fruits", "three oranges" → "oranges"). */
export function phraseName(text: string): string {
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
  const labels = cands.map((c, i) => {
    const parts: string[] = [];
    parts.push(colours[i] ? `the ${colours[i]} one` : 'the one');
    if (!distinct(colours) || distinct(places)) if (places[i]) parts.push(places[i]!);
    return parts.join(' ');
  });
  if (distinct(colours) || distinct(places)) return labels;
  return cands.map((c, i) => {
    // Told apart by side among the ones that share the label, so no two options read the same.
    const same = cands.filter((_, k) => labels[k] === labels[i]).sort((a, b) => a.position.x - b.position.x);
    return `${labels[i]}${sideAmong(same.indexOf(c), same.length)}`;
  });
}

export function nearestFirst(cands: BeliefEntity[], belief: BeliefState): BeliefEntity[] {
  const robot = [...belief.robots.values()][0];
  const d = (e: BeliefEntity): number => (robot ? Math.hypot(e.position.x - robot.position.x, e.position.y - robot.position.y) : 0);
  return [...cands].sort((a, b) => d(a) - d(b) || a.id.localeCompare(b.id));
}

export function matchesColour(e: BeliefEntity, colour: string): boolean {
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

export function pickRegion(e: BeliefEntity, words: readonly string[]): string | null {
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

const ORDINAL_WORDS = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth'];

/** " on the left", " in the middle", " second from the left": where one of `n` alike things stands. */
function sideAmong(idx: number, n: number): string {
  if (n <= 1) return '';
  if (idx === 0) return ' on the left';
  if (idx === n - 1) return ' on the right';
  if (n === 3) return ' in the middle';
  return ` ${ORDINAL_WORDS[idx] ?? `number ${idx + 1}`} from the left`;
}
