import { planarDistance } from '../../domain/geometry.js';
import type { Detection } from '../../domain/observation.js';
import { PolicyFailure, fixtureName, type PolicyContext, type Prog } from './context.js';
import { typeInfo } from '../../world/catalog.js';
import { driveTo, roomCentre, roomsByDoorDistance, standoff } from './motion.js';
import { resolvePhrase, resolveScored, type Referent } from './resolve.js';

export interface FindOptions {
  exclude?: ReadonlySet<string>;
  filter?: (r: Referent) => boolean;
}

const FURNITURE = /table|counter|cabinet|shelf|sofa|bed$|dresser|^desk$|sink|bathtub|toilet|fridge|microwave|stove|burner|faucet|lamp|armchair|ottoman|garbage|tvstand|rack|person|drawer$|safe$/i;

/** What the policy knows about kinds of things (mugs can be grasped, stoves cannot), not about this world's state. */
export const isPickable = (r: Referent): boolean => {
  if (r.region || r.detection.heldBy) return false;
  const info = typeInfo(r.detection.type);
  if (info) return info.pickupable;
  return !r.detection.parts?.handle && !r.detection.parts?.button && !FURNITURE.test(r.detection.type);
};
export const isPerson = (r: Referent): boolean => !r.region && /person|human/i.test(r.detection.type);
export const isToggleable = (r: Referent): boolean => !r.region && !!r.detection.parts?.button;

/** What a phrase names among the things in view now; a match must explain every word of the phrase. */
export function resolveNow(ctx: PolicyContext, phrase: string, opts: FindOptions = {}): Referent | null {
  return resolvePhrase(phrase, ctx.visible(), { from: ctx.obs.pose, strict: true, ...opts });
}

/**
 * Looks over a few observations and resolves against everything seen in them: a detection missed in
 * one frame must not let a weaker or merely nearer candidate win.
 */
function* lookAround(ctx: PolicyContext, phrase: string, opts: FindOptions, strict = true, looks = 3): Prog<string | null> {
  const seen = new Map<string, Referent>();
  for (let i = 0; i < looks; i++) {
    if (i > 0) yield ctx.action();
    for (const r of ctx.visible()) seen.set(r.id, r);
  }
  return resolveScored(phrase, [...seen.values()], { from: ctx.obs.pose, strict, ...opts })?.ref.id ?? null;
}

/** The map fixture a phrase names, if any; words the map's name lacks only weaken the match. */
function namedFixture(ctx: PolicyContext, phrase: string, opts: FindOptions): Referent | null {
  const fixtures: Referent[] = ctx.map.fixtures.map((f) => {
    const det: Detection = { id: f.id, type: f.type, confidence: 1, position: f.position, attributes: {}, state: {} };
    return { id: f.id, position: f.position, detection: det, ...(fixtureName(f) ? { name: fixtureName(f)! } : {}) };
  });
  return resolvePhrase(phrase, fixtures, { from: ctx.obs.pose, exclude: opts.exclude, filter: opts.filter });
}

/**
 * Finds what a phrase names: in view now (after a short look, since detections flicker), else at the
 * static map's matching fixture, else by visiting rooms nearest first. Returns the referent id.
 */
export function* find(ctx: PolicyContext, phrase: string, opts: FindOptions = {}): Prog<string> {
  const seen = yield* lookAround(ctx, phrase, opts);
  if (seen) return seen;
  const fixture = namedFixture(ctx, phrase, opts);
  const fixtureInView = () => (fixture && ctx.visible().some((r) => r.id === fixture.id && !r.region) ? fixture.id : null);
  const inView = fixtureInView();
  if (inView) return inView;
  if (ctx.kind === 'fixed_arm') {
    // Nothing in view explains every word: take the best partial match rather than give up.
    const loose = yield* lookAround(ctx, phrase, opts, false);
    if (loose) return loose;
    throw new PolicyFailure('object_not_found', `cannot see "${phrase}" from here`);
  }
  const targets: { x: number; y: number }[] = [];
  if (fixture) targets.push(fixture.position);
  for (const room of roomsByDoorDistance(ctx.map, ctx.obs.room)) {
    const c = roomCentre(ctx.map, room);
    if (c) targets.push(c);
  }
  for (const t of targets) {
    let found: string | null = null;
    const goal = () => (found ? null : planarDistance(ctx.obs.pose, t) > 1.2 ? standoff(ctx, t, 1.0) : ctx.obs.pose);
    // Drive toward the place, stopping as soon as the thing comes into view.
    const drive = driveTo(ctx, () => goal() ?? ctx.obs.pose, 0.1);
    for (;;) {
      if (resolveNow(ctx, phrase, opts)) {
        found = yield* lookAround(ctx, phrase, opts);
        if (found) return found;
      }
      const fx = fixtureInView();
      if (fx) return fx;
      const step = drive.next(ctx.obs);
      if (step.done) break;
      yield step.value;
    }
    const here = yield* lookAround(ctx, phrase, opts);
    if (here) return here;
  }
  const loose = yield* lookAround(ctx, phrase, opts, false);
  if (loose) return loose;
  throw new PolicyFailure('object_not_found', `searched every room and did not find "${phrase}"`);
}
