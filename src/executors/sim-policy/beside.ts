import { planarDistance } from '../../domain/geometry.js';
import type { Vec3 } from '../../domain/geometry.js';
import { isBetween, isNextTo, isOnSide, VERIFIER_SPATIAL } from '../../domain/spatial.js';
import type { Side } from '../../domain/spatial.js';
import { typeInfo } from '../../world/catalog.js';
import { PolicyFailure, type PolicyContext, type Prog } from './context.js';
import type { BesideRelation } from './beside-relation.js';
import { find } from './find.js';
import { carryAndRelease, pick, pos } from './programs.js';


/** The gap left between the anchor's edge and the object's centre, metres. */
const CLEARANCE = 0.12;

/** Half the footprint of a thing along x and y: the map's size for fixtures, the catalogue's for things. */
function halfSize(ctx: PolicyContext, id: string): { x: number; y: number } {
  const fixture = ctx.map.fixtures.find((f) => f.id === id);
  const type = fixture?.type ?? ctx.ref(id)?.detection.type ?? '';
  const size = fixture?.size ?? typeInfo(type)?.defaultSize ?? { w: 0.1, d: 0.1 };
  return { x: size.w / 2, y: size.d / 2 };
}

/** Candidate spots for the relation, best first: just clear of the anchor on the asked side (or any side). */
function candidates(ctx: PolicyContext, relation: BesideRelation, anchors: readonly string[]): { x: number; y: number }[] {
  const a = pos(ctx, anchors[0] ?? '');
  if (!a) return [];
  const h = halfSize(ctx, anchors[0]!);
  if (relation === 'between') {
    const b = pos(ctx, anchors[1] ?? '');
    return b ? [0.5, 0.4, 0.6].map((t) => ({ x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t })) : [];
  }
  const out: { x: number; y: number }[] = [];
  const sides: Side[] = relation === 'nextTo' ? ['rightOf', 'leftOf', 'inFrontOf', 'behind'] : [relation];
  for (const extra of [0, 0.06, 0.12]) {
    for (const side of sides) {
      const half = side === 'leftOf' || side === 'rightOf' ? h.x : h.y;
      const d = half + CLEARANCE + extra;
      const dx = side === 'rightOf' ? d : side === 'leftOf' ? -d : 0;
      const dy = side === 'behind' ? d : side === 'inFrontOf' ? -d : 0;
      out.push({ x: a.x + dx, y: a.y + dy });
    }
  }
  return out;
}

/** Whether the spot satisfies the relation as the verifier will read it. */
function satisfies(ctx: PolicyContext, relation: BesideRelation, spot: { x: number; y: number }, anchors: readonly string[]): boolean {
  const [a, b] = anchors.map((id) => pos(ctx, id));
  if (!a) return false;
  if (relation === 'nextTo') return isNextTo(spot, a, VERIFIER_SPATIAL);
  if (relation === 'between') return b !== null && b !== undefined && isBetween(spot, a, b, VERIFIER_SPATIAL);
  return isOnSide(relation, spot, a, VERIFIER_SPATIAL);
}

/** Inside the surface's footprint (with a margin), and clear of everything else seen on it. */
function clearOn(ctx: PolicyContext, surfaceId: string, spot: { x: number; y: number }, skip: ReadonlySet<string>): boolean {
  const s = pos(ctx, surfaceId);
  if (!s) return false;
  const h = halfSize(ctx, surfaceId);
  if (Math.abs(spot.x - s.x) > h.x - 0.05 || Math.abs(spot.y - s.y) > h.y - 0.05) return false;
  return ctx.visible().every((r) => {
    if (r.region || skip.has(r.id) || r.id === surfaceId) return true;
    const other = halfSize(ctx, r.id);
    return Math.abs(spot.x - r.position.x) > other.x + 0.04 || Math.abs(spot.y - r.position.y) > other.y + 0.04;
  });
}

/**
 * Picks the object up and sets it down on the surface beside the anchor(s): next to it (any side),
 * on one side of it, or between two things. The spot keeps clear of the anchor's footprint, so the
 * object rests on the surface, never in or on the anchor.
 */
export function* placeBeside(ctx: PolicyContext, objectPhrase: string, surfacePhrase: string, anchorPhrases: readonly string[], relation: BesideRelation): Prog {
  const objectId = yield* pick(ctx, objectPhrase);
  yield* ctx.phase('locate_anchor');
  const anchors: string[] = [];
  for (const phrase of anchorPhrases) anchors.push(yield* find(ctx, phrase, { exclude: new Set([objectId, ...anchors]) }));
  yield* ctx.phase('locate_surface');
  const surface = yield* find(ctx, surfacePhrase, { exclude: new Set([objectId, ...anchors]) });
  const skip = new Set([objectId]);
  const spots = candidates(ctx, relation, anchors).filter((p) => satisfies(ctx, relation, p, anchors) && clearOn(ctx, surface, p, skip));
  spots.sort((p, q) => planarDistance(p, ctx.obs.pose) - planarDistance(q, ctx.obs.pose));
  const chosen = spots[0];
  if (!chosen) throw new PolicyFailure('precondition_unmet', `no clear spot on ${surface} ${relation} ${anchors.join(' and ')}`);
  const spot = (): Vec3 | null => {
    const z = pos(ctx, surface)?.z;
    return z === undefined ? null : { x: chosen.x, y: chosen.y, z };
  };
  yield* carryAndRelease(ctx, objectId, surface, spot);
}
