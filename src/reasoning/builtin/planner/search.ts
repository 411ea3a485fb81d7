import { formatPredicate } from '../../../domain/predicates.js';
import type { Predicate } from '../../../domain/predicates.js';
import { ANY_ROBOT } from '../../goal.js';
import { applyCall, requirements } from './actions.js';
import { stateKey } from './effects.js';
import type { Action } from './ground.js';
import type { SymState, World } from './state.js';

/** Expansions after which a step is given up as unsolvable within budget. */
export const MAX_EXPANSIONS = 4000;
/** Weight of the heuristic (weighted A*): fast plans, near-shortest. */
const H_WEIGHT = 2;
/** Cost per metre driven, so closer robots and shorter tours win. */
const METRE_COST = 0.15;
/** Extra cost per call a robot already has in the plan: spreads independent work across robots. */
const LOAD_COST = 0.25;

interface Node {
  s: SymState;
  g: number;
  f: number;
  seq: number;
  parent: Node | null;
  action: Action | null;
  /** Calls per assignee on the path so far. */
  load: ReadonlyMap<string, number>;
}

class Heap {
  private readonly items: Node[] = [];
  get size(): number {
    return this.items.length;
  }
  private less(a: Node, b: Node): boolean {
    return a.f < b.f || (a.f === b.f && (a.g > b.g || (a.g === b.g && a.seq < b.seq)));
  }
  push(n: Node): void {
    const a = this.items;
    a.push(n);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(a[i] as Node, a[p] as Node)) break;
      [a[i], a[p]] = [a[p] as Node, a[i] as Node];
      i = p;
    }
  }
  pop(): Node | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length > 0 && last) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && this.less(a[l] as Node, a[m] as Node)) m = l;
        if (r < a.length && this.less(a[r] as Node, a[m] as Node)) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m] as Node, a[i] as Node];
        i = m;
      }
    }
    return top;
  }
}

const key = (p: Predicate): string => formatPredicate(p);

/**
 * The additive relaxed-plan heuristic (h_add): the summed cost of reaching each goal atom when
 * deletes are ignored, over the atoms the actions mention. Requirements are taken as they are in
 * the search's start state (where things are hidden does not change much on the way).
 */
class Relaxation {
  private readonly atoms = new Map<string, Predicate>();
  private readonly acts: { pre: string[]; add: string[]; cost: number }[] = [];

  constructor(
    private readonly world: World,
    start: SymState,
    actions: readonly Action[],
    private readonly goal: readonly Predicate[],
  ) {
    const note = (p: Predicate): string => {
      const k = key(p);
      if (!this.atoms.has(k)) this.atoms.set(k, p);
      return k;
    };
    for (const a of actions) {
      const pre = requirements(world, start, a.g).map((r) => note(r.pred));
      const add: string[] = [];
      for (const p of a.g.add) {
        add.push(note(p));
        // A goal about any robot is met by whichever robot achieves it.
        if (p.args[0] !== undefined && world.isRobot(p.args[0])) add.push(note({ ...p, args: [ANY_ROBOT, ...p.args.slice(1)] }));
      }
      this.acts.push({ pre, add, cost: a.base });
    }
    for (const p of goal) note(p);
  }

  estimate(s: SymState): number {
    const cost = new Map<string, number>();
    for (const [k, p] of this.atoms) if (this.world.holds(s, p)) cost.set(k, 0);
    for (let round = 0, changed = true; changed && round < 16; round++) {
      changed = false;
      for (const a of this.acts) {
        let c = a.cost;
        for (const p of a.pre) {
          const v = cost.get(p);
          if (v === undefined) {
            c = Infinity;
            break;
          }
          c += v;
        }
        if (c === Infinity) continue;
        for (const q of a.add) {
          if ((cost.get(q) ?? Infinity) > c) {
            cost.set(q, c);
            changed = true;
          }
        }
      }
    }
    let h = 0;
    for (const p of this.goal) h += cost.get(key(p)) ?? (p.neg ? 1 : Infinity);
    return h;
  }
}

/** Cost of one call in state `s`: driving is priced by distance. */
function stepCost(world: World, s: SymState, a: Action, load: ReadonlyMap<string, number>): number {
  const base = a.base + (a.g.assignee.kind === 'robot' ? LOAD_COST * (load.get(a.g.assignee.id) ?? 0) : 0);
  if (a.g.skill.name !== 'navigate' || a.g.assignee.kind !== 'robot') return base;
  const from = s.robotAt.get(a.g.assignee.id)?.pos;
  const to = world.pos(s, a.g.args.target ?? '');
  return base + (from && to ? METRE_COST * Math.hypot(from.x - to.x, from.y - to.y) : 0);
}

export type SearchResult = { ok: true; actions: Action[]; end: SymState; expanded: number } | { ok: false; expanded: number };

/** Weighted A* from `start` to a state where every goal predicate holds. Deterministic. */
export function search(world: World, start: SymState, goal: readonly Predicate[], actions: readonly Action[]): SearchResult {
  const relax = new Relaxation(world, start, actions, goal);
  const done = (s: SymState): boolean => goal.every((p) => world.holds(s, p));
  const open = new Heap();
  const best = new Map<string, number>();
  let seq = 0;
  const h0 = relax.estimate(start);
  if (h0 === Infinity) return { ok: false, expanded: 0 };
  open.push({ s: start, g: 0, f: H_WEIGHT * h0, seq: seq++, parent: null, action: null, load: new Map() });
  best.set(stateKey(start), 0);
  let expanded = 0;
  while (open.size > 0 && expanded < MAX_EXPANSIONS) {
    const node = open.pop() as Node;
    if (done(node.s)) {
      const path: Action[] = [];
      for (let n: Node | null = node; n?.action; n = n.parent) path.unshift(n.action);
      return { ok: true, actions: path, end: node.s, expanded };
    }
    expanded++;
    for (const a of actions) {
      if (!requirements(world, node.s, a.g).every((r) => world.holds(node.s, r.pred))) continue;
      const next = applyCall(world, node.s, a.g);
      const g = node.g + stepCost(world, node.s, a, node.load);
      const k = stateKey(next);
      if ((best.get(k) ?? Infinity) <= g) continue;
      best.set(k, g);
      const h = relax.estimate(next);
      if (h === Infinity) continue;
      const load = new Map(node.load).set(a.g.assignee.id, (node.load.get(a.g.assignee.id) ?? 0) + 1);
      open.push({ s: next, g, f: g + H_WEIGHT * h, seq: seq++, parent: node, action: a, load });
    }
  }
  return { ok: false, expanded };
}
