import { planarDistance } from './geometry.js';

/**
 * Spatial relations between things, read from their planar positions in the scene's viewing frame:
 * x to the right, y away from the viewer (a person standing at the south wall looking north), so
 * "left of" is smaller x and "behind" is larger y (docs/scenes.md). One geometry, two tolerances:
 * the world's truth uses `WORLD_SPATIAL`, the verifier the stricter `VERIFIER_SPATIAL`, so whatever
 * the verifier confirms from noisy observations also holds in the world (the rule `near()` follows,
 * docs/ARCHITECTURE.md).
 */
/** A planar position, metres. */
export interface Point2 {
  x: number;
  y: number;
}

export interface SpatialTolerance {
  /** `nextTo(a, b)`: largest planar distance between the two centres, metres. */
  nextTo: number;
  /** `leftOf` and the other sides: the smallest offset along the side's axis, metres. */
  sideMargin: number;
  /** How much closer to the side's axis than 45° the offset must point, metres (0 = the 45° sector). */
  sectorSlack: number;
  /** `between(a, b, c)`: how far along b→c a may be, as a share of b→c at each end kept clear. */
  betweenEnds: number;
  /** `between(a, b, c)`: the largest distance from the line b→c, metres. */
  betweenOffset: number;
}

/**
 * The world's truth. "Next to" is within half a metre centre to centre: beside a can, a plate or a sink
 * basin (half a metre wide or less) with a gap of a hand's width; objects larger than that are not
 * anchors the relation is meant for. A side holds when the offset points within 45° of that side and
 * is at least 2 cm long. "Between" keeps clear of the two ends and within 0.3 m of the line joining them.
 */
export const WORLD_SPATIAL: SpatialTolerance = { nextTo: 0.5, sideMargin: 0.02, sectorSlack: 0, betweenEnds: 0, betweenOffset: 0.3 };

/**
 * The verifier's: every limit inside the world's by what two noisy readings can be off together. The
 * simulated observations' position noise has a standard deviation of 1 cm per axis (docs/scenes.md),
 * so a coordinate difference of two readings is off by 1.4 cm (σ), and 4 cm is about 3σ: limits on one
 * axis are 4 cm stricter, distances 6 cm (both axes), the side sector 8 cm (the errors along and
 * across add up), "between" a tenth of the gap at each end. The verifier also confirms only after
 * several readings in a row agree.
 */
export const VERIFIER_SPATIAL: SpatialTolerance = { nextTo: 0.44, sideMargin: 0.06, sectorSlack: 0.08, betweenEnds: 0.1, betweenOffset: 0.24 };

export type Side = 'leftOf' | 'rightOf' | 'behind' | 'inFrontOf';

export function isNextTo(a: Point2, b: Point2, tol: SpatialTolerance): boolean {
  return planarDistance(a, b) <= tol.nextTo;
}

/** `a` lies on `side` of `b`: mostly along that side's axis, and far enough along it. */
export function isOnSide(side: Side, a: Point2, b: Point2, tol: SpatialTolerance): boolean {
  const dx = a.x - b.x;
  const dy = a.y - b.y;
  const along = side === 'rightOf' ? dx : side === 'leftOf' ? -dx : side === 'behind' ? dy : -dy;
  const across = side === 'rightOf' || side === 'leftOf' ? Math.abs(dy) : Math.abs(dx);
  return along >= tol.sideMargin && across <= along - tol.sectorSlack;
}

/** `a` lies between `b` and `c`: over the segment b→c (its ends kept clear) and close to it. */
export function isBetween(a: Point2, b: Point2, c: Point2, tol: SpatialTolerance): boolean {
  const ux = c.x - b.x;
  const uy = c.y - b.y;
  const len2 = ux * ux + uy * uy;
  if (len2 < 1e-9) return false;
  const t = ((a.x - b.x) * ux + (a.y - b.y) * uy) / len2;
  const off = Math.abs((a.x - b.x) * uy - (a.y - b.y) * ux) / Math.sqrt(len2);
  return t > tol.betweenEnds && t < 1 - tol.betweenEnds && off <= tol.betweenOffset;
}

/** A point on `side` of `b`, `d` metres away: where a placing policy aims. */
export function pointOnSide(side: Side, b: Point2, d: number): Point2 {
  if (side === 'rightOf') return { x: b.x + d, y: b.y };
  if (side === 'leftOf') return { x: b.x - d, y: b.y };
  if (side === 'behind') return { x: b.x, y: b.y + d };
  return { x: b.x, y: b.y - d };
}
