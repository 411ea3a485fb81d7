import { planarDistance, type Vec3 } from '../../domain/geometry.js';
import { PolicyFailure, type PolicyContext, type Prog } from './context.js';
import { find, isPickable, isToggleable, resolveNow } from './find.js';
import type { Relation } from './language.js';
import { driveTo, moveEe, pause, setGripper, standoff, waitFor } from './motion.js';
import { functionalRegion, words, type Referent } from './resolve.js';
import { typeInfo } from '../../world/catalog.js';

const REACH_STANDOFF = 0.45;
const TRAVEL = 0.35;

function pos(ctx: PolicyContext, id: string): Vec3 | null {
  return ctx.ref(id)?.position ?? null;
}

function above(p: Vec3 | null, dz: number): Vec3 | null {
  return p ? { x: p.x, y: p.y, z: p.z + dz } : null;
}

function checkReach(ctx: PolicyContext, p: { x: number; y: number }, id: string): void {
  if (ctx.kind === 'fixed_arm' && planarDistance(ctx.obs.pose, p) > ctx.reach) {
    throw new PolicyFailure('precondition_unmet', `${id} is out of this fixed arm's reach`);
  }
}

function* approach(ctx: PolicyContext, id: string, dist = REACH_STANDOFF, where: () => Vec3 | null = () => pos(ctx, id)): Prog {
  const p = where();
  if (!p) throw new PolicyFailure('object_not_found', `lost sight of ${id}`);
  checkReach(ctx, p, id);
  if (ctx.kind === 'fixed_arm') return;
  yield* driveTo(ctx, () => {
    const q = where();
    return q ? (Math.abs(planarDistance(ctx.obs.pose, q) - dist) < 0.04 ? ctx.obs.pose : standoff(ctx, q, dist)) : null;
  }, 0.05);
}

function* liftTo(ctx: PolicyContext, z: number): Prog {
  const x = ctx.obs.ee.x - ctx.obs.pose.x;
  const y = ctx.obs.ee.y - ctx.obs.pose.y;
  yield* moveEe(ctx, () => ({ x: ctx.obs.pose.x + x, y: ctx.obs.pose.y + y, z }), 0.02);
}

/** Another pickable thing near the target, preferring one of a similar type: a policy's favourite confusion. */
function confusable(ctx: PolicyContext, target: Referent): Referent | null {
  const head = words(target.detection.type).slice(-1)[0] ?? '';
  const others = ctx.visible().filter((r) => isPickable(r) && r.id !== target.id && !ctx.handled.has(r.id) && planarDistance(r.position, target.position) < 1.2);
  others.sort((a, b) => {
    const sa = words(a.detection.type).includes(head) ? 0 : 1;
    const sb = words(b.detection.type).includes(head) ? 0 : 1;
    return sa - sb || planarDistance(a.position, target.position) - planarDistance(b.position, target.position);
  });
  return others[0] ?? null;
}

export function* pick(ctx: PolicyContext, phrase: string): Prog<string> {
  const held = ctx.obs.gripper.holding;
  if (held && resolveNow(ctx, phrase, { filter: (r) => r.id === held })) return held;
  if (held) yield* setDown(ctx, held);
  yield* ctx.phase('locate');
  let id = yield* find(ctx, phrase, { filter: isPickable, exclude: ctx.handled });
  if (ctx.faults.wrongObject && ctx.once('wrong_object')) {
    const target = ctx.ref(id);
    const other = target ? confusable(ctx, target) : null;
    if (other) {
      ctx.fault('wrong_object', `took ${other.id} instead of ${id}`);
      id = other.id;
    }
  }
  yield* ctx.phase('approach');
  yield* approach(ctx, id);
  yield* ctx.phase('align');
  yield* setGripper(ctx, 1);
  yield* moveEe(ctx, () => above(pos(ctx, id), 0.12), 0.02);
  yield* ctx.phase('descend');
  const miss = ctx.faults.graspMiss && ctx.once('grasp_miss') ? ctx.faults.graspMiss : null;
  if (miss) ctx.fault('grasp_miss', `closing ${Math.hypot(miss.dx, miss.dy).toFixed(3)} m off ${id}`);
  yield* moveEe(ctx, () => {
    const p = pos(ctx, id);
    return p ? { x: p.x + (miss?.dx ?? 0), y: p.y + (miss?.dy ?? 0), z: p.z } : null;
  });
  yield* ctx.phase('grasp');
  yield* setGripper(ctx, 0);
  yield* ctx.phase('lift');
  const z = (pos(ctx, id)?.z ?? ctx.obs.ee.z) + 0.25;
  yield* liftTo(ctx, Math.min(1.5, Math.max(z, ctx.obs.ee.z)));
  // A miss injected by the fault model goes unnoticed, as with an open-loop policy; a real miss is reported.
  if (!miss && ctx.obs.gripper.holding !== id) throw new PolicyFailure('grasp_failed', `closed on ${id} but the gripper holds ${ctx.obs.gripper.holding ?? 'nothing'}`);
  return id;
}

/**
 * Puts down what the gripper holds (something taken by mistake) on the nearest surface in view, so
 * the hand is free for what it was asked to take. Without a surface in view it cannot.
 */
function* setDown(ctx: PolicyContext, held: string): Prog {
  const heldRef = ctx.ref(held);
  const from = heldRef?.position ?? ctx.obs.ee;
  const surfaces = ctx
    .visible()
    .filter((r) => !r.region && r.id !== held && !isPickable(r) && typeInfo(r.detection.type)?.receptacle === 'surface')
    .sort((a, b) => planarDistance(a.position, from) - planarDistance(b.position, from));
  const surface = surfaces[0];
  if (!surface) throw new PolicyFailure('precondition_unmet', `the gripper already holds ${held} and there is nowhere in view to set it down`);
  yield* place(ctx, held, surface.id, 'on');
  // Set aside, not delivered: it may be asked for later.
  ctx.handled.delete(held);
}

/**
 * Where on a big surface to put something: the free spot (clear of what is seen on it, and of the
 * appliances the map knows about) nearest the robot. Small receptacles and regions: their centre.
 */
function placeOffset(ctx: PolicyContext, rec: Referent): { x: number; y: number } {
  if (rec.region) return { x: 0, y: 0 };
  const fixture = ctx.map.fixtures.find((f) => f.id === rec.id);
  const size = fixture?.size;
  if (!size || (size.w < 0.45 && size.d < 0.45)) return { x: 0, y: 0 };
  const halfOf = (id: string) => {
    const f = ctx.map.fixtures.find((g) => g.id === id)?.size;
    return f ? Math.max(f.w, f.d) / 2 : 0.05;
  };
  const obstacles = ctx
    .visible()
    .filter((r) => !r.region && r.id !== rec.id && r.id !== ctx.obs.gripper.holding)
    .map((r) => ({ p: r.position, half: halfOf(r.id) }))
    .filter((o) => Math.abs(o.p.x - rec.position.x) < size.w / 2 + 0.3 && Math.abs(o.p.y - rec.position.y) < size.d / 2 + 0.3);
  let best: { x: number; y: number; clear: number; dist: number } | null = null;
  const margin = 0.08;
  for (let i = 0; i <= 8; i++) {
    for (let j = 0; j <= 4; j++) {
      const x = -size.w / 2 + margin + ((size.w - 2 * margin) * i) / 8;
      const y = -size.d / 2 + margin + ((size.d - 2 * margin) * j) / 4;
      const q = { x: rec.position.x + x, y: rec.position.y + y };
      const clear = Math.min(1, ...obstacles.map((o) => planarDistance(q, o.p) - o.half));
      const dist = planarDistance(q, ctx.obs.pose);
      const better = !best || (clear >= 0.12 ? best.clear < 0.12 || dist < best.dist : clear > best.clear);
      if (better) best = { x, y, clear, dist };
    }
  }
  return best ? { x: best.x, y: best.y } : { x: 0, y: 0 };
}

function isClosedContainer(r: Referent): boolean {
  const state = r.region ? (r.detection.regions ?? []).find((g) => g.id === r.id)?.state : r.detection.state;
  return state?.open === false;
}

export function* place(ctx: PolicyContext, objectPhrase: string, receptaclePhrase: string, relation: Relation): Prog {
  const objectId = yield* pick(ctx, objectPhrase);
  yield* ctx.phase('locate_receptacle');
  const recRaw = yield* find(ctx, receptaclePhrase, { exclude: new Set([objectId]) });
  const recRef = ctx.ref(recRaw);
  if (!recRef) throw new PolicyFailure('object_not_found', `lost sight of ${recRaw}`);
  const rec = functionalRegion(recRef);
  if (relation === 'in') {
    // One misread state must not abort the task: it counts as open once it reads open three times running.
    const closedNow = () => {
      const a = ctx.ref(rec.id);
      const b = ctx.ref(recRef.id);
      return (!!a && isClosedContainer(a)) || (!!b && isClosedContainer(b));
    };
    if (closedNow() && !(yield* waitFor(ctx, () => !closedNow(), 0.4, 3))) throw new PolicyFailure('precondition_unmet', `${rec.id} is closed`);
  }
  const recId = rec.id;
  const offset = placeOffset(ctx, rec);
  const spot = () => {
    const p = pos(ctx, recId);
    return p ? { x: p.x + offset.x, y: p.y + offset.y, z: p.z } : null;
  };
  yield* carryAndRelease(ctx, objectId, recId, spot);
}

/**
 * Carries the held object to `spot` (a point on the receptacle `recId`, recomputed as it is seen) and
 * releases it just above; the injected drop fault opens the gripper on the way.
 */
export function* carryAndRelease(ctx: PolicyContext, objectId: string, recId: string, spot: () => Vec3 | null): Prog {
  yield* ctx.phase('carry');
  const recZ = pos(ctx, recId)?.z ?? 0;
  yield* liftTo(ctx, Math.min(1.5, Math.max(ctx.obs.ee.z, recZ + 0.2)));
  const startDist = planarDistance(ctx.obs.pose, pos(ctx, recId) ?? ctx.obs.pose);
  const willDrop = ctx.faults.drop !== null && ctx.once('drop');
  let dropped = false;
  const carry = approach(ctx, recId, REACH_STANDOFF, spot);
  for (let step = carry.next(ctx.obs); !step.done; step = carry.next(ctx.obs)) {
    const left = planarDistance(ctx.obs.pose, pos(ctx, recId) ?? ctx.obs.pose);
    if (willDrop && ctx.faults.drop !== null && !dropped && startDist > 0.2 && 1 - left / startDist >= ctx.faults.drop) {
      dropped = true;
      ctx.gripperTarget = 1;
      ctx.fault('drop', `opened the gripper while carrying ${objectId}`);
    }
    yield { ...step.value, gripper: ctx.gripperTarget };
  }
  if (willDrop && !dropped) {
    ctx.gripperTarget = 1;
    ctx.fault('drop', `opened the gripper while carrying ${objectId}`);
  }
  yield* ctx.phase('place');
  yield* moveEe(ctx, () => above(spot(), 0.1), 0.02);
  yield* ctx.phase('release');
  yield* setGripper(ctx, 1);
  yield* pause(ctx, 0.2);
  yield* ctx.phase('retract');
  yield* liftTo(ctx, Math.min(1.55, ctx.obs.ee.z + 0.12));
  ctx.handled.add(objectId);
}

/**
 * Where an openable's handle is and which way is out. Entities report `parts.handle`; a drawer region
 * does not, so its handle is estimated the way drawers are built: at the drawer's front edge, the
 * front being the way it slid out of its owner (default -y, the usual front).
 */
function handleOf(ctx: PolicyContext, id: string): { handle: Vec3; out: { x: number; y: number }; openness: number; centre: Vec3 } | null {
  const r = ctx.ref(id);
  if (!r) return null;
  const d = r.detection;
  if (!r.region) {
    const h = d.parts?.handle;
    if (!h) return null;
    const dx = h.x - d.position.x;
    const dy = h.y - d.position.y;
    const n = Math.hypot(dx, dy);
    return { handle: h, out: n > 1e-6 ? { x: dx / n, y: dy / n } : { x: 0, y: -1 }, openness: d.parts?.openness ?? (d.state.open ? 1 : 0), centre: d.position };
  }
  const owner = ctx.ref(d.id)?.position ?? d.position;
  const ox = r.position.x - owner.x;
  const oy = r.position.y - owner.y;
  const slid = Math.hypot(ox, oy);
  const out = slid > 0.05 ? { x: ox / slid, y: oy / slid } : { x: 0, y: -1 };
  const size = ctx.map.fixtures.flatMap((f) => f.regions ?? []).find((g) => g.id === id)?.size ?? { w: 0.3, d: 0.3 };
  const rest = (Math.abs(out.x) > 0.5 ? size.w : size.d) / 2 + 0.02;
  const openness = Math.min(1, slid / TRAVEL);
  const handle = { x: r.position.x + out.x * rest, y: r.position.y + out.y * rest, z: r.position.z };
  return { handle, out, openness, centre: { x: owner.x, y: owner.y, z: r.position.z } };
}

export function* openClose(ctx: PolicyContext, phrase: string, open: boolean): Prog {
  yield* ctx.phase('locate');
  const id = yield* find(ctx, phrase, { filter: (r) => (r.region ? r.detection.regions?.find((g) => g.id === r.id)?.state.open !== undefined : r.detection.parts?.handle !== undefined) });
  const h0 = handleOf(ctx, id);
  if (!h0) throw new PolicyFailure('object_not_found', `lost sight of ${id}`);
  const done = () => {
    const h = handleOf(ctx, id);
    return !!h && (open ? h.openness > 0.9 : h.openness < 0.05);
  };
  if (yield* waitFor(ctx, done, 0.15, 3)) return;
  yield* ctx.phase('approach');
  checkReach(ctx, h0.handle, id);
  if (ctx.kind !== 'fixed_arm') yield* driveTo(ctx, () => standoff(ctx, h0.handle, open ? 0.5 : 0.42, h0.out), 0.05);
  yield* ctx.phase('align');
  yield* setGripper(ctx, 1);
  const at = (dOut: number) => () => {
    const h = handleOf(ctx, id);
    return h ? { x: h.handle.x + h.out.x * dOut, y: h.handle.y + h.out.y * dOut, z: h.handle.z } : null;
  };
  yield* moveEe(ctx, at(0.1), 0.02);
  yield* moveEe(ctx, at(0), 0.01);
  yield* ctx.phase('grasp');
  yield* setGripper(ctx, 0);
  yield* ctx.phase(open ? 'pull' : 'push');
  const start = handleOf(ctx, id) ?? h0;
  // Move the handle relative to where it is: a full travel (the world clamps openness to 0..1), so
  // an imprecise openness estimate cannot leave it half way.
  const along = open ? (1 - start.openness) * TRAVEL + 0.03 : -(TRAVEL + 0.03);
  const goal = { x: ctx.obs.ee.x + start.out.x * along, y: ctx.obs.ee.y + start.out.y * along, z: ctx.obs.ee.z };
  yield* moveEe(ctx, () => goal, 0.015);
  yield* ctx.phase('release');
  yield* setGripper(ctx, 1);
  yield* ctx.phase('retract');
  yield* moveEe(ctx, () => ({ x: goal.x + start.out.x * 0.1, y: goal.y + start.out.y * 0.1, z: goal.z }), 0.02);
}

function* press(ctx: PolicyContext, id: string, on: boolean): Prog {
  const isOn = () => ctx.ref(id)?.detection.state.on;
  if (yield* waitFor(ctx, () => isOn() === on, 0.15, 3)) return;
  const button = () => ctx.ref(id)?.detection.parts?.button ?? pos(ctx, id);
  yield* ctx.phase('approach');
  const b = button();
  if (!b) throw new PolicyFailure('object_not_found', `lost sight of ${id}`);
  checkReach(ctx, b, id);
  if (ctx.kind !== 'fixed_arm') yield* driveTo(ctx, () => standoff(ctx, button() ?? ctx.obs.pose, REACH_STANDOFF), 0.05);
  yield* ctx.phase('align');
  yield* moveEe(ctx, () => above(button(), 0.05), 0.02);
  yield* moveEe(ctx, button, 0.02);
  yield* ctx.phase('press');
  for (let attempt = 0; attempt < 2; attempt++) {
    yield ctx.action({ press: true });
    yield ctx.action();
    if (yield* waitFor(ctx, () => isOn() === on, 0.6)) break;
  }
  yield* ctx.phase('retract');
  yield* moveEe(ctx, () => above(button(), 0.1), 0.02);
  if (!(yield* waitFor(ctx, () => isOn() === on, 0.5, 3))) throw new PolicyFailure('executor_error', `pressed ${id} but it does not look ${on ? 'on' : 'off'}`);
}

export function* toggle(ctx: PolicyContext, phrase: string, on: boolean): Prog {
  yield* ctx.phase('locate');
  const id = yield* find(ctx, phrase, { filter: isToggleable });
  yield* press(ctx, id, on);
}

export { press, pos, approach, liftTo };
