import { SPATIAL_PREDICATES } from '../../../domain/predicates.js';
import type { Predicate } from '../../../domain/predicates.js';
import { typeInfo } from '../../../world/catalog.js';
import type { ProposedCall } from '../../provider.js';
import { checkCall, openableOf } from './actions.js';
import type { GroundCall } from './actions.js';
import type { SymState, World, XY } from './state.js';

/** Skills that only observe (searching is planned by planSearch, not to reach a goal). */
const OBSERVE_ONLY = new Set(['search', 'look_around']);
/** A person's call costs this many robot calls: robots first, people when nothing else can do it. */
export const PERSON_COST = 8;

export interface Action {
  g: GroundCall;
  /** Cost before travel; navigation adds its distance at search time. */
  base: number;
}

const dist = (a: XY | null, b: XY | null): number => (a && b ? Math.hypot(a.x - b.x, a.y - b.y) : 0);

/** Robots allowed on this mission. */
export function allowedRobots(world: World): string[] {
  const only = world.ctx.onlyRobots;
  return [...world.robots.keys()].filter((r) => !only || only.includes(r)).sort();
}

/**
 * The ids a goal can involve: its arguments, the containers they are in, the helpers the achieving
 * skills need (a sink, a knife, the microwave: the nearest two of each type) and somewhere to put
 * down what a robot already holds. Keeps grounding small enough to search quickly.
 */
export function relevantIds(world: World, s: SymState, goal: readonly Predicate[]): string[] {
  const ctx = world.ctx;
  const rel = new Set<string>();
  const add = (id: string): void => {
    if (id !== '*' && world.knows(id) && !world.isRobot(id) && !world.rooms.has(id)) rel.add(id);
  };
  for (const p of goal) p.args.forEach(add);
  const anchor = goal.flatMap((p) => p.args).map((a) => world.pos(s, a)).find((p): p is XY => p !== null) ?? null;
  const nearestOfTypes = (types: readonly string[], n: number): void => {
    ctx.belief
      .all()
      .filter((e) => types.includes(e.type))
      .sort((a, b) => dist(a.position, anchor) - dist(b.position, anchor) || a.id.localeCompare(b.id))
      .slice(0, n)
      .forEach((e) => add(e.id));
  };
  for (const p of goal) {
    for (const skill of ctx.skills.list()) {
      if (!ctx.skills.parsed(skill.name).add.some((a) => a.pred === p.pred)) continue;
      for (const param of skill.parameters) if (param.types) nearestOfTypes(param.types, 2);
    }
  }
  for (const r of allowedRobots(world)) {
    const held = s.holding.get(r);
    if (held) {
      add(held);
      // A place to put it down is furniture, not an appliance: a stove burner sits flush on the counter,
      // and what is released over it lands on the counter instead.
      const plain = (t: string): boolean => { const i = typeInfo(t); return i?.receptacle === 'surface' && !i.pickupable && !i.toggleable && (i.role === null || i.role === 'table'); };
      const surfaces = ctx.belief.all().filter((e) => plain(e.type));
      const at = s.robotAt.get(r)?.pos ?? null;
      surfaces.sort((a, b) => dist(a.position, at) - dist(b.position, at) || a.id.localeCompare(b.id)).slice(0, 1).forEach((e) => add(e.id));
    }
  }
  for (let round = 0; round < 2; round++) {
    for (const id of [...rel]) {
      let cur = id;
      for (let depth = 0; depth < 6; depth++) {
        const pl = s.placement.get(cur);
        if (!pl) break;
        const c = openableOf(world, s, pl.target);
        if (c) add(c);
        if (pl.rel === 'in' && c) add(pl.target);
        cur = world.ownerOf(pl.target);
      }
    }
  }
  return [...rel].sort();
}

function bindings(world: World, params: readonly { name: string; kind: string; types?: string[] | undefined }[], ids: readonly string[], people: readonly string[]): Record<string, string>[] {
  let out: Record<string, string>[] = [{}];
  for (const p of params) {
    const pool = p.kind === 'person' ? people : ids;
    // Kinds are checked by checkCall; types here already, to keep the product small.
    const fits = pool.filter((id) => p.kind === 'person' || !p.types || p.types.includes(world.typeOf(id) ?? ''));
    const next: Record<string, string>[] = [];
    for (const b of out) for (const id of fits) if (!Object.values(b).includes(id)) next.push({ ...b, [p.name]: id });
    out = next;
  }
  return out;
}

/** Every call worth considering for a goal: skill × assignee × arguments drawn from the relevant ids. */
/**
 * Which skills a person is offered: `missing` only those no robot in the fleet has the capability
 * for; `any` every skill but navigation (for when the robots cannot reach the goal on their own:
 * out of a fixed arm's reach, another room).
 */
export type PersonSkills = 'missing' | 'any';

/**
 * A robot memory says keeps failing this skill on this type of object costs six calls more: another
 * robot that can do it wins even after driving there, yet the robot still costs less than a person.
 */
export const AVOID_COST = 6;

function avoidCost(world: World, skill: string, args: Record<string, string>, who: { kind: 'robot' | 'person'; id: string }): number {
  const avoid = world.ctx.avoid;
  if (!avoid || who.kind !== 'robot') return 0;
  const types = Object.values(args).map((id) => world.typeOf(id));
  return avoid.some((a) => a.robot === who.id && a.skill === skill && types.includes(a.objectType)) ? AVOID_COST : 0;
}

export function groundActions(world: World, s: SymState, goal: readonly Predicate[], personSkills: PersonSkills = 'missing'): Action[] {
  const ctx = world.ctx;
  const ids = relevantIds(world, s, goal);
  const people = [...new Set([...goal.flatMap((p) => p.args).filter((a) => world.isPerson(a)), ctx.speaker])].sort();
  const robots = allowedRobots(world);
  const out: Action[] = [];
  const spatialAsked = goal.some((p) => SPATIAL_PREDICATES.has(p.pred));
  for (const skill of ctx.skills.list()) {
    if (OBSERVE_ONLY.has(skill.name)) continue;
    // Setting something down beside another is for goals that ask where things stand; a plain
    // placement (or freeing a hand) uses the plain placing skills.
    if (!spatialAsked && ctx.skills.parsed(skill.name).add.some((a) => SPATIAL_PREDICATES.has(a.pred))) continue;
    const capable = robots.filter((r) => {
      const p = world.robots.get(r);
      return p !== undefined && p.capabilities.includes(skill.capability) && (skill.family === 'both' || p.families.includes(skill.family));
    });
    const assignees: { kind: 'robot' | 'person'; id: string }[] = capable.map((id) => ({ kind: 'robot', id }));
    const familyServed = robots.some((r) => skill.family === 'both' || (world.robots.get(r)?.families.includes(skill.family) ?? false));
    if ((capable.length === 0 || personSkills === 'any') && familyServed && skill.name !== 'navigate') assignees.push({ kind: 'person', id: ctx.speaker });
    if (assignees.length === 0) continue;
    for (const args of bindings(world, skill.parameters, ids, people)) {
      for (const who of assignees) {
        const call: ProposedCall = { id: `${skill.name}`, skill: skill.name, args, assignee: who, dependsOn: [] };
        const { ground } = checkCall(world, call);
        // Going to a container rather than to something inside it reads better and costs the same.
        const inside = skill.name === 'navigate' && s.placement.get(args.target ?? '')?.rel === 'in' ? 0.05 : 0;
        if (ground) out.push({ g: ground, base: (who.kind === 'person' ? PERSON_COST : 1) + inside + avoidCost(world, skill.name, args, who) });
      }
    }
  }
  return out;
}
