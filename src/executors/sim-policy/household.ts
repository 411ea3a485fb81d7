import { planarDistance } from '../../domain/geometry.js';
import { PolicyFailure, type PolicyContext, type Prog } from './context.js';
import { find, isPerson, isToggleable, resolveNow } from './find.js';
import type { Intent } from './language.js';
import { driveTo, moveEe, pause, setGripper, standoff, waitFor } from './motion.js';
import { placeBeside } from './beside.js';
import { approach, liftTo, openClose, pick, place, pos, press, toggle } from './programs.js';

const isKnife = (type: string) => /knife/i.test(type);

function* slice(ctx: PolicyContext, phrase: string): Prog {
  const held = ctx.obs.gripper.holding;
  const heldType = held ? ctx.ref(held)?.detection.type : undefined;
  if (!heldType || !isKnife(heldType)) {
    if (held) throw new PolicyFailure('precondition_unmet', `holding ${held}, not a knife`);
    yield* pick(ctx, 'knife');
  }
  const knife = ctx.obs.gripper.holding;
  yield* ctx.phase('locate_target');
  const id = yield* find(ctx, phrase, { exclude: new Set(knife ? [knife] : []), filter: (r) => !r.region });
  yield* ctx.phase('approach');
  yield* approach(ctx, id);
  yield* ctx.phase('align');
  yield* moveEe(ctx, () => {
    const p = pos(ctx, id);
    return p ? { x: p.x, y: p.y, z: p.z + 0.15 } : null;
  }, 0.02);
  yield* ctx.phase('cut');
  const target = pos(ctx, id);
  if (target) yield* moveEe(ctx, () => ({ x: target.x, y: target.y, z: target.z - 0.01 }), 0.02);
  yield* waitFor(ctx, () => ctx.ref(id)?.detection.state.sliced === true, 0.5);
  yield* ctx.phase('retract');
  yield* liftTo(ctx, Math.min(1.5, ctx.obs.ee.z + 0.2));
}

/** Opens the named container first when it is seen closed. */
function* ensureOpen(ctx: PolicyContext, phrase: string): Prog {
  const r = resolveNow(ctx, phrase) ?? (yield* findRef(ctx, phrase));
  if (r && r.detection.state.open === false) yield* openClose(ctx, r.id, true);
}

function* findRef(ctx: PolicyContext, phrase: string) {
  const id = yield* find(ctx, phrase);
  return ctx.ref(id);
}

function* waitState(ctx: PolicyContext, id: string, test: () => boolean, seconds: number, what: string): Prog {
  yield* ctx.phase(`wait_${what}`);
  if (!(yield* waitFor(ctx, test, seconds))) throw new PolicyFailure('executor_error', `${id} did not become ${what}`);
}

/** Cleans in the sink: put it in the basin, run the faucet until it looks clean, turn the faucet off. Leaves it in the sink. */
function* clean(ctx: PolicyContext, phrase: string, at = 'sink basin'): Prog {
  yield* place(ctx, phrase, at, 'in');
  const obj = [...ctx.handled].pop() ?? '';
  const sink = resolveNow(ctx, 'sink basin');
  const near = sink?.position ?? ctx.obs.ee;
  let faucet = resolvePhraseNear(ctx, 'faucet', near);
  if (!faucet) {
    // Detections flicker and the faucet stands behind the basin: look again, then face the faucet the map puts by this sink.
    yield* waitFor(ctx, () => resolvePhraseNear(ctx, 'faucet', near) !== null, 0.5, 1);
    faucet = resolvePhraseNear(ctx, 'faucet', near);
  }
  const mapped = ctx.map.fixtures.filter((f) => /faucet/i.test(f.type)).sort((a, b) => planarDistance(a.position, near) - planarDistance(b.position, near))[0];
  if (!faucet && mapped && ctx.kind !== 'fixed_arm') {
    yield* driveTo(ctx, () => (resolvePhraseNear(ctx, 'faucet', near) ? ctx.obs.pose : standoff(ctx, mapped.position, 0.7)), 0.05, 15);
    faucet = resolvePhraseNear(ctx, 'faucet', near);
  }
  if (!faucet) throw new PolicyFailure('object_not_found', 'no faucet in view');
  yield* press(ctx, faucet, true);
  yield* waitState(ctx, obj, () => ctx.ref(obj)?.detection.state.clean === true, 5, 'clean');
  yield* press(ctx, faucet, false);
}

function resolvePhraseNear(ctx: PolicyContext, phrase: string, near: { x: number; y: number }): string | null {
  return resolveNow(ctx, phrase, { filter: isToggleable })?.id ?? ctx.visible().filter((r) => isToggleable(r) && /faucet/i.test(r.detection.type)).sort((a, b) => planarDistance(a.position, near) - planarDistance(b.position, near))[0]?.id ?? null;
}

/** Heats in the microwave: open if needed, put it in, close, switch on until it looks hot, switch off. Leaves it inside. */
function* heat(ctx: PolicyContext, phrase: string): Prog {
  yield* ensureOpen(ctx, 'microwave');
  yield* place(ctx, phrase, 'microwave', 'in');
  const obj = [...ctx.handled].pop() ?? '';
  yield* openClose(ctx, 'microwave', false);
  const mw = resolveNow(ctx, 'microwave', { filter: isToggleable });
  if (!mw) throw new PolicyFailure('object_not_found', 'lost sight of the microwave');
  yield* press(ctx, mw.id, true);
  yield* waitState(ctx, obj, () => ctx.ref(obj)?.detection.state.temperature === 'hot', 6, 'hot');
  yield* press(ctx, mw.id, false);
}

/** Cools in the fridge: open if needed, put it in, wait until it looks cold, close the fridge. */
function* cool(ctx: PolicyContext, phrase: string): Prog {
  yield* ensureOpen(ctx, 'fridge');
  yield* place(ctx, phrase, 'fridge', 'in');
  const obj = [...ctx.handled].pop() ?? '';
  yield* waitState(ctx, obj, () => ctx.ref(obj)?.detection.state.temperature === 'cold', 6, 'cold');
  yield* openClose(ctx, 'fridge', false);
}

function* give(ctx: PolicyContext, objectPhrase: string, personPhrase: string): Prog {
  const obj = yield* pick(ctx, objectPhrase);
  yield* ctx.phase('locate_person');
  const person = yield* find(ctx, personPhrase, { filter: isPerson });
  yield* ctx.phase('approach_person');
  yield* approach(ctx, person, 0.6);
  yield* ctx.phase('reach_out');
  yield* moveEe(ctx, () => {
    const p = pos(ctx, person);
    if (!p) return null;
    const d = planarDistance(ctx.obs.pose, p);
    const t = d > 0.3 ? (d - 0.3) / d : 0;
    return { x: ctx.obs.pose.x + (p.x - ctx.obs.pose.x) * t, y: ctx.obs.pose.y + (p.y - ctx.obs.pose.y) * t, z: 1.0 };
  }, 0.03);
  yield* ctx.phase('release');
  yield* setGripper(ctx, 1);
  yield* pause(ctx, 0.3);
  ctx.handled.add(obj);
}

/** Holds the object in the light of a lamp, switching the lamp on first when it is off. Ends holding it. */
function* light(ctx: PolicyContext, objectPhrase: string, lampPhrase: string): Prog {
  yield* pick(ctx, objectPhrase);
  yield* ctx.phase('locate_lamp');
  const lamp = yield* find(ctx, lampPhrase, { filter: isToggleable });
  if (ctx.ref(lamp)?.detection.state.on !== true) yield* press(ctx, lamp, true);
  yield* ctx.phase('approach_lamp');
  yield* approach(ctx, lamp, 0.5);
  yield* ctx.phase('hold');
  yield* moveEe(ctx, () => {
    const p = pos(ctx, lamp);
    return p ? { x: (p.x + ctx.obs.pose.x) / 2, y: (p.y + ctx.obs.pose.y) / 2, z: Math.max(0.3, p.z - 0.2) } : null;
  }, 0.03);
}

function* goto(ctx: PolicyContext, phrase: string): Prog {
  yield* ctx.phase('locate');
  const id = yield* find(ctx, phrase);
  yield* ctx.phase('drive');
  yield* approach(ctx, id, 0.6);
  yield* ctx.phase('arrive');
}

export function* runIntent(ctx: PolicyContext, intent: Intent): Prog {
  switch (intent.kind) {
    case 'goto':
      return yield* goto(ctx, intent.target);
    case 'pick':
      yield* pick(ctx, intent.object);
      return;
    case 'place':
      return yield* place(ctx, intent.object, intent.receptacle, intent.relation);
    case 'open':
    case 'look':
      return yield* openClose(ctx, intent.target, true);
    case 'close':
      return yield* openClose(ctx, intent.target, false);
    case 'toggle':
      return yield* toggle(ctx, intent.target, intent.on);
    case 'slice':
      return yield* slice(ctx, intent.object);
    case 'clean':
      return yield* clean(ctx, intent.object, intent.at || undefined);
    case 'heat':
      return yield* heat(ctx, intent.object);
    case 'cool':
      return yield* cool(ctx, intent.object);
    case 'give':
      return yield* give(ctx, intent.object, intent.person);
    case 'light':
      return yield* light(ctx, intent.object, intent.lamp);
    case 'beside':
      return yield* placeBeside(ctx, intent.object, intent.surface, intent.anchors, intent.relation);
  }
}

