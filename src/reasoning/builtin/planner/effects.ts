import { SPATIAL_PREDICATES } from '../../../domain/predicates.js';
import type { Predicate } from '../../../domain/predicates.js';
import { spatialKey } from './state.js';
import type { SymState, World, XY } from './state.js';

type Mutable = {
  placement: Map<string, { rel: 'in' | 'on'; target: string }>;
  holding: Map<string, string | null>;
  heldBy: Map<string, string>;
  flags: Map<string, boolean>;
  temperature: Map<string, 'cold' | 'room' | 'hot'>;
  robotAt: Map<string, { pos: XY; anchor: string | null }>;
  moved: Set<string>;
  inLight: Set<string>;
  spatial: Set<string>;
};

const FLAG_OF: Partial<Record<Predicate['pred'], [string, boolean]>> = {
  isOpen: ['open', true],
  isClosed: ['open', false],
  isOn: ['on', true],
  isOff: ['on', false],
  isClean: ['clean', true],
  isDirty: ['clean', false],
  isSliced: ['sliced', true],
  isFilled: ['filled', true],
};

function clone(s: SymState): Mutable {
  return {
    placement: new Map(s.placement),
    holding: new Map(s.holding),
    heldBy: new Map(s.heldBy),
    flags: new Map(s.flags),
    temperature: new Map(s.temperature),
    robotAt: new Map(s.robotAt),
    moved: new Set(s.moved),
    inLight: new Set(s.inLight),
    spatial: new Set(s.spatial),
  };
}

const matches = (pattern: string, value: string): boolean => pattern === '*' || pattern === value;

/** Flags live on the region when it has its own, else on the owner (a microwave's heating region). */
function flagKey(world: World, m: Mutable, kind: string, id: string): string {
  const own = `${kind}:${id}`;
  if (m.flags.has(own) || !world.regionOwner.has(id)) return own;
  const owner = `${kind}:${world.ownerOf(id)}`;
  return m.flags.has(owner) ? owner : own;
}

function letGo(m: Mutable, obj: string): void {
  for (const [r, held] of m.holding) if (held === obj) m.holding.set(r, null);
}

/** A thing that moves leaves every spatial relation it was in. */
function forgetSpatial(m: Mutable, id: string): void {
  for (const k of [...m.spatial]) if (k.split('|').slice(1).includes(id)) m.spatial.delete(k);
}

/**
 * STRIPS-style: deletes first, then adds; `*` in a delete matches any argument. Spatial relations are
 * added last, after the placement that puts the thing down (which forgets where it stood before).
 */
export function applyEffects(world: World, s: SymState, add: readonly Predicate[], del: readonly Predicate[]): SymState {
  const m = clone(s);
  for (const p of del) {
    const [a = '', b = ''] = p.args;
    const flag = FLAG_OF[p.pred];
    if (flag) {
      const key = flagKey(world, m, flag[0], a);
      if (m.flags.get(key) === flag[1]) m.flags.set(key, !flag[1]);
      continue;
    }
    switch (p.pred) {
      case 'in':
      case 'on': {
        const pl = m.placement.get(a);
        if (pl && pl.rel === p.pred && (matches(b, pl.target) || world.ownerOf(pl.target) === b)) m.placement.delete(a);
        break;
      }
      case 'holding':
        if (matches(b, m.holding.get(a) ?? '')) m.holding.set(a, null);
        break;
      case 'heldBy':
        if (matches(b, m.heldBy.get(a) ?? '')) m.heldBy.delete(a);
        break;
      case 'near': {
        const at = m.robotAt.get(a);
        if (at && (b === '*' || at.anchor === b)) m.robotAt.set(a, { pos: at.pos, anchor: null });
        break;
      }
      case 'isHot':
      case 'isCold':
        if (m.temperature.get(a) === (p.pred === 'isHot' ? 'hot' : 'cold')) m.temperature.set(a, 'room');
        break;
      case 'inLight':
        for (const k of [...m.inLight]) if (k.startsWith(`${a}|`) && matches(b, k.slice(a.length + 1))) m.inLight.delete(k);
        break;
      default:
        if (SPATIAL_PREDICATES.has(p.pred)) for (const k of [...m.spatial]) if (spatialMatches(p, k)) m.spatial.delete(k);
        break;
    }
  }
  for (const p of add) {
    const [a = '', b = ''] = p.args;
    const flag = FLAG_OF[p.pred];
    if (flag) {
      m.flags.set(flagKey(world, m, flag[0], a), flag[1]);
      continue;
    }
    switch (p.pred) {
      case 'in':
      case 'on':
        letGo(m, a);
        forgetSpatial(m, a);
        m.heldBy.delete(a);
        m.placement.set(a, { rel: p.pred, target: b });
        m.moved.add(a);
        break;
      case 'holding':
        letGo(m, b);
        forgetSpatial(m, b);
        m.holding.set(a, b);
        m.placement.delete(b);
        m.heldBy.delete(b);
        m.moved.add(b);
        break;
      case 'handEmpty':
        if (m.holding.has(a)) m.holding.set(a, null);
        break;
      case 'heldBy':
        letGo(m, a);
        forgetSpatial(m, a);
        m.placement.delete(a);
        m.heldBy.set(a, b);
        break;
      case 'near': {
        if (!m.robotAt.has(a)) break;
        const snapshot: SymState = m;
        const pos = world.pos(snapshot, b) ?? m.robotAt.get(a)?.pos ?? { x: 0, y: 0 };
        m.robotAt.set(a, { pos: { x: pos.x, y: pos.y }, anchor: b });
        break;
      }
      case 'isHot':
        m.temperature.set(a, 'hot');
        break;
      case 'isCold':
        m.temperature.set(a, 'cold');
        break;
      case 'inLight':
        m.inLight.add(`${a}|${b}`);
        break;
      default:
        break;
    }
  }
  for (const p of add) if (SPATIAL_PREDICATES.has(p.pred)) m.spatial.add(spatialKey(p));
  return m;
}

function spatialMatches(pattern: Predicate, key: string): boolean {
  const [name, ...args] = key.split('|');
  return name === pattern.pred && pattern.args.every((x, i) => matches(x, args[i] ?? ''));
}

/** A canonical text of a state, for duplicate detection in search. */
export function stateKey(s: SymState): string {
  const parts: string[] = [];
  const sorted = <V>(m: ReadonlyMap<string, V>, f: (v: V) => string): void => {
    for (const k of [...m.keys()].sort()) parts.push(`${k}=${f(m.get(k) as V)}`);
  };
  sorted(s.placement, (v) => `${v.rel}:${v.target}`);
  sorted(s.holding, (v) => v ?? '-');
  sorted(s.heldBy, (v) => v);
  sorted(s.flags, (v) => (v ? '1' : '0'));
  sorted(s.temperature, (v) => v);
  sorted(s.robotAt, (v) => `${v.anchor ?? '-'}@${v.pos.x.toFixed(2)},${v.pos.y.toFixed(2)}`);
  parts.push([...s.inLight].sort().join(','));
  parts.push([...s.spatial].sort().join(','));
  return parts.join(';');
}
