import type { Predicate, PredicateName } from '../../../domain/predicates.js';
import { typeInfo } from '../../../world/catalog.js';
import type { BeliefEntity } from '../../belief.js';
import { ANY_ROBOT } from '../../goal.js';
import type { Goal, Grounding } from '../../goal.js';
import type { Clause, PrepPhrase } from './clauses.js';
import { groundPhrase } from './ground.js';
import type { GroundContext, GroundResult, Need, Ref } from './ground.js';
import type { NounPhrase } from './noun-phrase.js';

/** Appliances that do a state change: "heat it in the microwave" names a tool, not a location. */
const INSTRUMENT_ROLES: Readonly<Partial<Record<PredicateName, readonly string[]>>> = {
  isHot: ['microwave', 'stove', 'cookware'], isCold: ['fridge'], isClean: ['sink', 'faucet'], isSliced: ['knife'],
};

const any: Need = () => true;
const pickable: Need = (e) => typeInfo(e.type)?.pickupable ?? true;
const receptacle: Need = (e) => typeInfo(e.type)?.receptacle != null || e.regions.length > 0;
const toggleable: Need = (e) => typeInfo(e.type)?.toggleable ?? false;
const openable: Need = (e) => (typeInfo(e.type)?.openable ?? false) || e.regions.some((r) => r.openable);
const lamp: Need = (e) => typeInfo(e.type)?.lightSource ?? false;

export type BuildResult = { kind: 'goal'; goal: Goal; groundings: Grounding[] } | Exclude<GroundResult, { kind: 'ok' }>;

const pred = (p: PredicateName, ...args: string[]): Predicate => ({ pred: p, args });

function isInstrument(np: NounPhrase, p: PredicateName | undefined): boolean {
  const roles = p ? (INSTRUMENT_ROLES[p] ?? []) : [];
  return np.readings.some((r) => r.types.some((t) => roles.includes(typeInfo(t)?.role ?? '') || (p === 'isSliced' && typeInfo(t)?.role === 'knife')));
}

function relationFor(target: BeliefEntity, region: string | null, prep: string, belief: GroundContext['belief']): 'in' | 'on' {
  const r = region ? belief.region(region) : undefined;
  const kind = r?.kind ?? typeInfo(target.type)?.receptacle ?? null;
  if (kind === 'container') return 'in';
  if (kind === 'surface') return 'on';
  return prep === 'in' ? 'in' : 'on';
}

/** The receiving id: the named region, else the single region of the right kind, else the entity. */
function receivingId(target: BeliefEntity, region: string | null): string {
  if (region) return region;
  const kind = typeInfo(target.type)?.receptacle;
  const fitting = target.regions.filter((r) => r.kind === kind || r.kind === null);
  return fitting.length === 1 && target.regions.length === 1 ? fitting[0]!.id : target.id;
}

/** Turns parsed clauses into a goal, grounding every phrase; stops at the first question or failure. */
export function buildGoal(clauses: readonly Clause[], ctx: GroundContext): BuildResult {
  const steps: Predicate[][] = [];
  const groundings: Grounding[] = [];
  const b = ctx.belief;
  let current: Predicate[] = [];
  const ground = (np: NounPhrase, key: string, need: Need, interchangeable = false): Ref | Exclude<GroundResult, { kind: 'ok' }> => {
    const r = groundPhrase(np, key, need, ctx, { interchangeable });
    if (r.kind !== 'ok') return r;
    groundings.push({ text: np.text, ids: r.ref.region ? [r.ref.region] : r.ref.ids, mentionKey: key, ...(r.ref.confidence !== undefined ? { confidence: r.ref.confidence } : {}) });
    return r.ref;
  };
  const isRef = (x: Ref | Exclude<GroundResult, { kind: 'ok' }>): x is Ref => 'ids' in x;
  // "put it under the sink": the cupboard below a sink or counter, the nearest closed storage to it.
  const underneath = (c: Clause, ci: number): string | null => {
    const under = c.preps.find((p) => p.prep === 'under');
    if (!under) return null;
    const r = ground(under.np, `${ci}:u`, any);
    const above = isRef(r) ? b.ownerOf(r.ids[0] ?? '') : undefined;
    if (!above) return null;
    const storage = b.all().filter((e) => e.fixture && typeInfo(e.type)?.receptacle === 'container' && (typeInfo(e.type)?.openable ?? false) && typeInfo(e.type)?.role !== 'fridge' && typeInfo(e.type)?.role !== 'microwave');
    const d = (e: BeliefEntity): number => Math.hypot(e.position.x - above.position.x, e.position.y - above.position.y);
    return storage.sort((x, y) => d(x) - d(y) || x.id.localeCompare(y.id))[0]?.id ?? null;
  };
  for (const [ci, c] of clauses.entries()) {
    if (c.newStep && current.length > 0) { steps.push(current); current = []; }
    if (c.sense.action === 'harm') return { kind: 'not_found', reason: `refuse:I will not ${c.verb} anything or anyone.` };
    let action = c.sense.action;
    const isDest = (p: PrepPhrase): boolean => ['in', 'on', 'to', 'rightOf', 'leftOf'].includes(p.prep);
    // "Put the knife in the fridge with the potato in the pan": once the clause has its destination, a
    // place after a with-phrase says where the accompanying thing is to be, not where the objects go.
    const companion = c.preps.find((p, i) => (p.prep === 'in' || p.prep === 'on') && c.preps[i - 1]?.prep === 'with' && !p.np.pronoun && c.preps.slice(0, i - 1).some(isDest));
    const destPreps = c.preps.filter((p, i) => isDest(p) && p !== companion && !(p.np.pronoun && c.preps[i - 1]?.prep === 'with'));
    let dest = destPreps[destPreps.length - 1] ?? c.preps.find((p) => p.prep === 'near' && action !== 'examine');
    if (dest && dest.prep === 'to' && dest.np.person) dest = undefined;
    if (action === 'hold' && (dest || c.recipient)) action = dest ? 'place' : 'deliver';
    if (action === 'deliver' && dest && !c.recipient) action = 'place';
    // "throw away the items on the table": things are thrown into a bin, so a surface says where they are.
    if (action === 'discard' && dest && dest.prep === 'on' && c.objects.length > 0) dest = undefined;
    if (action === 'discard' && !dest) {
      // "recycle" and "compost" name their bin; a scene with named bins grounds these names.
      const text = c.verb === 'recycle' ? 'recycling bin' : c.verb === 'compost' ? 'compost bin' : 'trash can';
      const np: NounPhrase = { text, det: 'indef', count: null, plural: false, pronoun: null, person: null, readings: [{ types: ['GarbageCan'], words: [] }], colors: [], materials: [], side: null, ordinal: null, other: false, dirty: false, regionWords: [], stateGoals: [], portion: false, loc: null, size: null };
      dest = { prep: 'in', np, list: [np] };
    }
    // "on the counter to the left of the sink": the side phrase says which counter, the counter is the goal.
    const sideOf = dest && (dest.prep === 'rightOf' || dest.prep === 'leftOf') ? destPreps[destPreps.length - 2] : undefined;
    if (sideOf && (sideOf.prep === 'on' || sideOf.prep === 'in')) dest = sideOf;
    // "inside a pan in the fridge": the first destination is a movable receptacle carried to the second.
    const inner = destPreps.length >= 2 && dest === destPreps[destPreps.length - 1] && ['in', 'on'].includes(destPreps[destPreps.length - 2]!.prep) ? destPreps[destPreps.length - 2] : undefined;
    const nested = inner && inner.np.readings.some((r) => r.types.some((t) => typeInfo(t)?.movableReceptacle)) ? inner : undefined;
    // "Microwave a potato in a bowl": the verb names the appliance; the bowl is carried into it.
    const vessel = c.verb === 'microwave' ? c.preps.find((p) => p.prep === 'in' && p.np.readings.some((r) => r.types.some((t) => typeInfo(t)?.movableReceptacle))) : undefined;
    // Locations that modify the objects ("the mug on the counter", "from the fridge").
    const last = c.objects[c.objects.length - 1];
    for (const p of c.preps) {
      if (p === dest || p === nested || p === vessel || p === companion || !last || last.loc) continue;
      if (p.prep === 'from' || ((p.prep === 'in' || p.prep === 'on') && !isInstrument(p.np, c.sense.pred) && action !== 'examine')) {
        last.loc = { rel: p.prep === 'from' ? 'from' : p.prep === 'in' ? 'in' : 'on', np: p.np };
      }
    }
    const need: Need = action === 'toggle' ? toggleable : c.sense.pred === 'isOpen' || c.sense.pred === 'isClosed' ? openable : action === 'navigate' ? any : pickable;
    const objects: Ref[] = [];
    for (const [oi, np] of c.objects.entries()) {
      const r = ground(np, `${ci}:o${oi}`, need);
      if (!isRef(r)) return r;
      objects.push(r);
      const sliced = np.portion ? ['isSliced' as const] : [];
      for (const s of [...sliced, ...np.stateGoals]) for (const id of r.ids) current.push(pred(s, id));
    }
    // "…to put in the fridge": no object named, the last thing talked about is meant.
    if (c.objects.length === 0 && ['place', 'discard', 'state'].includes(action) && dest) {
      const prev = [...ctx.discourse].reverse().find((r) => !r.person && r.ids.some((id) => { const e = b.ownerOf(id); return e !== undefined && need(e); }));
      if (prev) objects.push(prev);
    }
    if (action === 'navigate' && objects.length === 0 && dest) {
      const r = ground(dest.np, `${ci}:d`, any);
      if (!isRef(r)) return r;
      objects.push(r);
    }
    const ids = objects.flatMap((o) => o.ids);
    switch (action) {
      case 'toggle':
        for (const o of objects) current.push(pred(c.particle === 'off' ? 'isOff' : 'isOn', o.region ?? o.ids[0]!));
        break;
      case 'state': {
        for (const o of objects) for (const id of o.region ? [o.region] : o.ids) current.push(pred(c.sense.pred!, id));
        if (vessel) {
          const v = ground(vessel.np, `${ci}:v`, receptacle, true);
          if (!isRef(v)) return v;
          const oven = b.all().filter((e) => typeInfo(e.type)?.role === 'microwave');
          const holder = b.ownerOf(v.ids[0]!)!;
          for (const id of ids) current.push(pred(relationFor(holder, v.region, 'in', b), id, holder.id));
          if (oven[0]) current.push(pred('in', holder.id, receivingId(oven[0], null)));
        }
        // "cut it up on the table": slicing happens on a surface and the pieces stay there.
        const board = c.sense.pred === 'isSliced' ? c.preps.find((p) => p.prep === 'on' && !isInstrument(p.np, 'isSliced')) : undefined;
        const surface = board ? groundPhrase(board.np, `${ci}:s`, (e) => typeInfo(e.type)?.receptacle === 'surface', { ...ctx, discourse: [...ctx.discourse] }) : null;
        if (surface?.kind === 'ok') for (const id of ids) current.push(pred('on', id, surface.ref.ids[0]!));
        // "Cut the apple in the fridge" when the apple is not in the fridge: the fridge is where the pieces go.
        const box = c.sense.pred === 'isSliced' && !board ? c.preps.find((p) => p.prep === 'in' && !isInstrument(p.np, 'isSliced')) : undefined;
        const into = box ? groundPhrase(box.np, `${ci}:b`, receptacle, { ...ctx, discourse: [...ctx.discourse] }) : null;
        const holder = into?.kind === 'ok' ? b.ownerOf(into.ref.ids[0]!) : undefined;
        if (into?.kind === 'ok' && holder && ids.length > 0 && ids.every((id) => !b.isWithin(id, holder.id))) {
          for (const id of ids) current.push(pred(relationFor(holder, into.ref.region, 'in', b), id, receivingId(holder, into.ref.region)));
        }
        break;
      }
      case 'navigate':
        // "Visit the counter and the table": one robot is at one place at a time, so each place is
        // its own step, in the order named.
        for (const id of ids) {
          if (current.some((p) => p.pred === 'near' && p.args[0] === ANY_ROBOT && p.args[1] !== id)) {
            steps.push(current);
            current = [];
          }
          current.push(pred('near', ANY_ROBOT, id));
        }
        break;
      case 'hold':
        for (const id of ids) current.push(pred('holding', ANY_ROBOT, id));
        break;
      case 'examine': {
        for (const id of ids) current.push(pred('holding', ANY_ROBOT, id));
        const light = c.preps.find((p) => p.prep === 'light' || p.np.readings.some((r) => r.types.some((t) => typeInfo(t)?.lightSource)) || /\b(light|lamp)\b/.test(p.np.text));
        if (light) {
          const np = light.np.readings.length > 0 ? light.np : { ...light.np, readings: [{ types: ['DeskLamp', 'FloorLamp'], words: [] }] };
          const r = ground({ ...np, det: np.det === 'def' ? 'def' : 'indef' }, `${ci}:l`, lamp, true);
          if (!isRef(r)) return r;
          for (const id of ids) current.push(pred('inLight', id, r.ids[0]!));
        }
        break;
      }
      case 'deliver': {
        const to = c.recipient ? ground(c.recipient, `${ci}:r`, any) : { ids: [ctx.speaker], region: null, text: 'me', person: true };
        if (!isRef(to)) return to;
        for (const id of ids) current.push(pred('heldBy', id, to.ids[0]!));
        break;
      }
      case 'place':
      case 'discard': {
        if (!dest) {
          const below = underneath(c, ci);
          for (const id of ids) current.push(below ? pred('in', id, below) : pred('holding', ANY_ROBOT, id));
          break;
        }
        const with_ = c.preps.find((p) => p.prep === 'with');
        const container = objects[0] ? b.get(objects[0].ids[0] ?? '') : undefined;
        if (with_ && container && typeInfo(container.type)?.movableReceptacle) {
          for (const [wi, np] of with_.list.entries()) {
            const r = ground(np, `${ci}:w${wi}`, pickable);
            if (!isRef(r)) return r;
            for (const id of r.ids) current.push(pred(relationFor(container, null, 'in', b), id, container.id));
            for (const s of [...(np.portion ? ['isSliced' as const] : []), ...np.stateGoals]) for (const id of r.ids) current.push(pred(s, id));
          }
        } else if (with_ && companion) {
          const held = ground(companion.np, `${ci}:cz`, receptacle, true);
          if (!isRef(held)) return held;
          const holder = b.ownerOf(held.ids[0]!)!;
          for (const [wi, np] of with_.list.entries()) {
            const r = ground(np, `${ci}:w${wi}`, pickable);
            if (!isRef(r)) return r;
            for (const id of r.ids) current.push(pred(relationFor(holder, held.region, companion.prep, b), id, receivingId(holder, held.region)));
          }
          // A pan or plate holding the companion goes along with the objects; a fixture stays where it is.
          if (typeInfo(holder.type)?.movableReceptacle) ids.push(holder.id);
        } else if (with_ && with_.np.readings.length === 0) {
          // "two tomatoes with the tops cut off": a with-phrase that only names a state describes the objects.
          for (const s of with_.np.stateGoals) for (const id of ids) current.push(pred(s, id));
        }
        if (nested) {
          const m = ground(nested.np, `${ci}:m`, receptacle, true);
          if (!isRef(m)) return m;
          const holder = b.ownerOf(m.ids[0]!)!;
          for (const id of ids) current.push(pred(relationFor(holder, m.region, nested.prep, b), id, holder.id));
          ids.splice(0, ids.length, holder.id);
        }
        const t = ground(dest.np, `${ci}:d`, receptacle, true);
        if (!isRef(t)) return t;
        const target = b.ownerOf(t.ids[0]!)!;
        if (dest.prep === 'rightOf' || dest.prep === 'leftOf') {
          const support = target.placement ? b.ownerOf(target.placement.target) : undefined;
          const side = dest.prep === 'rightOf' ? 1 : -1;
          const free = (support?.regions ?? []).filter((r) => r.kind !== 'container' && side * (r.position.x - target.position.x) > 0.05 && !b.all().some((e) => e.placement?.target === r.id));
          free.sort((x, y) => Math.abs(x.position.x - target.position.x) - Math.abs(y.position.x - target.position.x));
          for (const id of ids) current.push(free[0] ? pred('on', id, free[0].id) : pred(dest.prep, id, target.id));
          break;
        }
        const rel = relationFor(target, t.region, dest.prep, b);
        for (const id of ids) current.push(pred(rel, id, receivingId(target, t.region)));
        // Putting a pot or kettle on a stove means boiling it (LIBERO's convention): the stove goes on.
        const tinfo = typeInfo(target.type);
        if (tinfo?.role === 'stove' && objects.some((o) => { const i = typeInfo(b.get(o.ids[0] ?? '')?.type ?? ''); return Boolean(i?.fillable && i.heatable); })) {
          current.push(pred('isOn', target.id));
        }
        break;
      }
    }
  }
  if (current.length > 0) steps.push(current);
  // "Place the bottle in the fridge to put it in the trash": an appliance the thing only passes through
  // on its way elsewhere is there for its effect (fridge → cold, microwave → hot).
  const EFFECT: Readonly<Record<string, PredicateName>> = { fridge: 'isCold', microwave: 'isHot' };
  const placements = steps.flat().filter((p) => p.pred === 'in' || p.pred === 'on');
  for (const step of steps) {
    for (const [k, p] of step.entries()) {
      const effect = p.pred === 'in' ? EFFECT[typeInfo(b.ownerOf(p.args[1] ?? '')?.type ?? '')?.role ?? ''] : undefined;
      const later = placements.slice(placements.indexOf(p) + 1).some((q) => q.args[0] === p.args[0] && q.args[1] !== p.args[1]);
      if (effect && later) step[k] = pred(effect, p.args[0]!);
    }
  }
  // A pick-up that a later placement or hand-over completes is not a goal of its own.
  const delivered = new Set(steps.flat().filter((p) => ['in', 'on', 'heldBy', 'rightOf', 'leftOf'].includes(p.pred)).map((p) => p.args[0]));
  const cleaned = steps.map((s) => s.filter((p) => !(p.pred === 'holding' && delivered.has(p.args[1]))).filter((p, i, arr) => arr.findIndex((q) => q.pred === p.pred && q.args.join() === p.args.join()) === i));
  return { kind: 'goal', goal: { steps: cleaned.filter((s) => s.length > 0).map((conjuncts) => ({ conjuncts })) }, groundings };
}
