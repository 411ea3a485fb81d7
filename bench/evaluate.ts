import type { Predicate } from '../src/domain/predicates.js';
import { isBetween, isNextTo, isOnSide, WORLD_SPATIAL } from '../src/domain/spatial.js';
import type { BenchTask, Clause } from './schema.js';
import type { TruthObject, TruthView } from './world-view.js';

/** Lamp light radius, as the world defines it (src/world/truth.ts LIGHT_RADIUS). */
export const LIGHT_RADIUS = 1.5;

/** A predicate the view cannot decide (a missing field) — reported, never counted as success. */
export class Undecidable extends Error {}

function obj(v: TruthView, id: string): TruthObject {
  const o = v.objects.find((x) => x.id === id);
  if (!o) throw new Undecidable(`no object "${id}" in the world view`);
  return o;
}

/** `in(a, b)`/`on(a, b)`: a rests directly in/on b or on one of b's regions. */
function rests(v: TruthView, a: string, b: string, rel: 'in' | 'on'): boolean {
  const o = obj(v, a);
  if (o.location.relation !== rel || o.location.target === null) return false;
  const t = o.location.target;
  if (t === b) return true;
  const region = v.objects.find((x) => x.id === t);
  if (region?.owner !== undefined) return region.owner === b;
  // Without region objects, LIBERO-style region ids still name their owner as a prefix.
  return t.startsWith(`${b}_`) && t.endsWith('_region');
}

function bool(o: TruthObject, key: string): boolean | undefined {
  const x = o.state[key];
  return typeof x === 'boolean' ? x : undefined;
}

function openState(v: TruthView, id: string): boolean | undefined {
  const o = obj(v, id);
  const s = bool(o, 'open');
  if (s !== undefined || o.owner === undefined) return s;
  return bool(obj(v, o.owner), 'open');
}

function heldByRobot(v: TruthView, robot: string): string | null {
  const a = v.agents?.find((x) => x.id === robot);
  if (a) return a.holding;
  return v.objects.find((o) => o.location.relation === 'held_by' && o.location.target === robot)?.id ?? null;
}

function position(v: TruthView, id: string): { x: number; y: number; z: number } {
  const p = obj(v, id).position;
  if (!p) throw new Undecidable(`the world view has no position for "${id}"`);
  return p;
}

function positive(v: TruthView, p: Predicate): boolean {
  const [a = '', b = ''] = p.args;
  switch (p.pred) {
    case 'in':
    case 'on':
      return rests(v, a, b, p.pred);
    case 'isOpen':
      return openState(v, a) === true;
    case 'isClosed':
      return openState(v, a) === false;
    case 'isOn':
      return bool(obj(v, a), 'on') === true;
    case 'isOff':
      return bool(obj(v, a), 'on') === false;
    case 'isClean':
      return bool(obj(v, a), 'clean') === true;
    case 'isDirty':
      return bool(obj(v, a), 'clean') === false;
    case 'isHot':
      return obj(v, a).state.temperature === 'hot';
    case 'isCold':
      return obj(v, a).state.temperature === 'cold';
    case 'isSliced':
      return bool(obj(v, a), 'sliced') === true;
    case 'isFilled':
      return bool(obj(v, a), 'filled') === true;
    case 'holding':
      return heldByRobot(v, a) === b;
    case 'handEmpty':
      return heldByRobot(v, a) === null;
    case 'heldBy': {
      const o = obj(v, a);
      return o.location.relation === 'held_by' && o.location.target === b;
    }
    case 'inLight': {
      const lamp = obj(v, b);
      if (bool(lamp, 'on') !== true) return false;
      const pa = position(v, a);
      const pb = position(v, b);
      return Math.hypot(pa.x - pb.x, pa.y - pb.y, pa.z - pb.z) <= LIGHT_RADIUS;
    }
    case 'near': {
      const ag = v.agents?.find((x) => x.id === a);
      if (!ag) throw new Undecidable(`the world view has no agent "${a}"`);
      const t = position(v, b);
      return Math.hypot(ag.x - t.x, ag.y - t.y) <= ag.reach;
    }
    case 'nextTo':
      return isNextTo(position(v, a), position(v, b), WORLD_SPATIAL);
    case 'leftOf':
    case 'rightOf':
    case 'behind':
    case 'inFrontOf':
      return isOnSide(p.pred, position(v, a), position(v, b), WORLD_SPATIAL);
    case 'between':
      return isBetween(position(v, a), position(v, b), position(v, p.args[2] ?? ''), WORLD_SPATIAL);
  }
}

const REACHED: Readonly<Partial<Record<Predicate['pred'], string>>> = { isHot: 'hot', isCold: 'cold', isClean: 'clean' };

/** Whether the world recorded the thing in that state at some time (hot, cold or clean). */
function wasOnce(v: TruthView, p: Predicate): boolean {
  const state = REACHED[p.pred];
  if (!state) throw new Undecidable(`"${p.pred}" is not a state the world remembers`);
  return obj(v, p.args[0] ?? '').reached?.includes(state) ?? false;
}

export function evaluatePredicate(v: TruthView, p: Predicate): boolean {
  const r = positive(v, p);
  return p.neg ? !r : r;
}

export type ClauseResult = 'true' | 'false' | 'person_reported' | 'undecidable';

export interface MissionFacts {
  /** People the mission delegated work to. */
  delegatedTo: readonly string[];
  succeeded: boolean;
}

export function evaluateClause(v: TruthView, c: Clause, facts: MissionFacts): ClauseResult {
  try {
    if (c.kind === 'pred') return evaluatePredicate(v, c.pred) ? 'true' : 'false';
    if (c.kind === 'any') return c.preds.some((all) => all.every((p) => evaluatePredicate(v, p))) ? 'true' : 'false';
    if (c.kind === 'once') return evaluatePredicate(v, c.pred) || wasOnce(v, c.pred) ? 'true' : 'false';
    if (evaluatePredicate(v, c.pred)) return 'true';
    return facts.succeeded && facts.delegatedTo.includes(c.person) ? 'person_reported' : 'false';
  } catch (e) {
    if (e instanceof Undecidable) return 'undecidable';
    throw e;
  }
}

export interface GoalScore {
  success: boolean;
  /** Share of clauses that hold (the subgoal-level figure). */
  clausesMet: number;
  clauses: number;
  personReported: number;
  undecidable: string[];
}

/** A task succeeds when every clause holds in the world's truth (or, for `byPerson`, was delegated). */
export function scoreGoal(task: Pick<BenchTask, 'goal'>, v: TruthView, facts: MissionFacts): GoalScore {
  const results = task.goal.map((c) => evaluateClause(v, c, facts));
  const met = results.filter((r) => r === 'true' || r === 'person_reported').length;
  return {
    success: met === results.length,
    clausesMet: met,
    clauses: results.length,
    personReported: results.filter((r) => r === 'person_reported').length,
    undecidable: task.goal.filter((_, i) => results[i] === 'undecidable').map((c) => JSON.stringify(c)),
  };
}
