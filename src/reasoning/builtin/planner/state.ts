import type { Predicate } from '../../../domain/predicates.js';
import { isBetween, isNextTo, isOnSide, WORLD_SPATIAL } from '../../../domain/spatial.js';
import type { Side } from '../../../domain/spatial.js';
import { ANY_ROBOT } from '../../goal.js';
import type { BeliefRegion } from '../../belief.js';
import type { PlanningContext, RobotProfile } from '../../provider.js';

/** A planar point, metres. */
export interface XY {
  x: number;
  y: number;
}

/**
 * Everything the planner tracks that skills change, read from the belief state only. Immutable in
 * use: `apply` returns a new state, so search nodes can share their parents safely.
 */
export interface SymState {
  placement: ReadonlyMap<string, { rel: 'in' | 'on'; target: string }>;
  holding: ReadonlyMap<string, string | null>;
  heldBy: ReadonlyMap<string, string>;
  /** Flags keyed `open:id`, `on:id`, `clean:id`, `sliced:id`, `filled:id`; absent = the entity has no such state. */
  flags: ReadonlyMap<string, boolean>;
  temperature: ReadonlyMap<string, 'cold' | 'room' | 'hot'>;
  /** Where each robot is and what it last went to (a mobile robot is near what it navigated to). */
  robotAt: ReadonlyMap<string, { pos: XY; anchor: string | null }>;
  /** Objects whose resting place the plan changed: their position follows the new target. */
  moved: ReadonlySet<string>;
  inLight: ReadonlySet<string>;
  /** Spatial relations skills made (`nextTo|apple_1|can_1`); they last until one of the things moves. */
  spatial: ReadonlySet<string>;
}

/** The key of a spatial relation in `SymState.spatial`. */
export function spatialKey(p: Predicate): string {
  return [p.pred, ...p.args].join('|');
}

/** How far from a navigation target a neighbouring thing still counts as within reach. */
const NEIGHBOUR_SLACK = 0.2;

/** Static facts of one planning problem: positions and kinds from the belief and robot profiles. */
export class World {
  readonly robots = new Map<string, RobotProfile>();
  readonly people = new Map<string, XY | null>();
  readonly regionOwner = new Map<string, string>();
  readonly rooms = new Map<string, XY | null>();
  /** Regions by id (the belief's own lookup scans every entity). */
  readonly regions = new Map<string, BeliefRegion>();

  constructor(readonly ctx: PlanningContext) {
    for (const r of ctx.robots) this.robots.set(r.id, r);
    for (const p of ctx.belief.people.values()) this.people.set(p.id, p.position ?? null);
    for (const p of ctx.people) this.people.set(p.id, p.position ?? null);
    for (const e of ctx.belief.entities.values()) {
      for (const r of e.regions) {
        this.regionOwner.set(r.id, e.id);
        this.regions.set(r.id, r);
      }
    }
    for (const r of ctx.belief.rooms) this.rooms.set(r.id, r.center ?? null);
  }

  isRobot(id: string): boolean {
    return this.robots.has(id);
  }

  isPerson(id: string): boolean {
    return this.people.has(id) || id === this.ctx.speaker;
  }

  /** Whether `id` names anything the plan may mention: an entity, region, room, robot or person. */
  knows(id: string): boolean {
    return this.ctx.belief.entities.has(id) || this.regionOwner.has(id) || this.rooms.has(id) || this.isRobot(id) || this.isPerson(id);
  }

  /** The entity itself, or the owner of a region. */
  ownerOf(id: string): string {
    return this.regionOwner.get(id) ?? id;
  }

  typeOf(id: string): string | undefined {
    return this.ctx.belief.entities.get(this.ownerOf(id))?.type;
  }

  /** Position as believed before the plan runs. */
  basePos(id: string): XY | null {
    const e = this.ctx.belief.entities.get(id);
    if (e) return e.position;
    const owner = this.regionOwner.get(id);
    if (owner !== undefined) return this.regions.get(id)?.position ?? this.ctx.belief.entities.get(owner)?.position ?? null;
    if (this.people.has(id)) return this.people.get(id) ?? null;
    if (this.rooms.has(id)) return this.rooms.get(id) ?? null;
    return null;
  }

  roomOf(id: string): string | null {
    if (this.rooms.has(id)) return id;
    return this.ctx.belief.entities.get(this.ownerOf(id))?.room ?? this.ctx.belief.people.get(id)?.room ?? this.ctx.people.find((p) => p.id === id)?.room ?? null;
  }

  initialState(): SymState {
    const b = this.ctx.belief;
    const placement = new Map<string, { rel: 'in' | 'on'; target: string }>();
    const heldBy = new Map<string, string>();
    const flags = new Map<string, boolean>();
    const temperature = new Map<string, 'cold' | 'room' | 'hot'>();
    const setFlags = (id: string, s: { open?: boolean; on?: boolean; clean?: boolean; sliced?: boolean; filled?: boolean }): void => {
      for (const k of ['open', 'on', 'clean', 'sliced', 'filled'] as const) {
        const v = s[k];
        if (v !== undefined) flags.set(`${k}:${id}`, v);
      }
    };
    for (const e of b.entities.values()) {
      if (e.placement) placement.set(e.id, { rel: e.placement.relation, target: e.placement.target });
      if (e.heldBy !== null && this.isPerson(e.heldBy)) heldBy.set(e.id, e.heldBy);
      setFlags(e.id, e.state);
      if (e.state.temperature) temperature.set(e.id, e.state.temperature);
      for (const r of e.regions) setFlags(r.id, r.state);
    }
    const holding = new Map<string, string | null>();
    const robotAt = new Map<string, { pos: XY; anchor: string | null }>();
    for (const r of this.ctx.robots) {
      const believed = b.robots.get(r.id);
      holding.set(r.id, believed?.holding ?? null);
      robotAt.set(r.id, { pos: believed?.position ?? r.position, anchor: null });
    }
    return { placement, holding, heldBy, flags, temperature, robotAt, moved: new Set(), inLight: new Set(), spatial: new Set() };
  }

  /** Where `id` is in state `s` (held things travel with the robot; moved things sit on their target). */
  pos(s: SymState, id: string, depth = 0): XY | null {
    const robot = s.robotAt.get(id);
    if (robot) return robot.pos;
    if (depth > 6) return this.basePos(id);
    for (const [r, held] of s.holding) if (held === id) return s.robotAt.get(r)?.pos ?? null;
    const pl = s.placement.get(id);
    if (pl && (s.moved.has(id) || s.moved.has(this.ownerOf(pl.target)))) return this.pos(s, pl.target, depth + 1);
    return this.basePos(id);
  }

  reach(robot: string): number {
    return this.robots.get(robot)?.reach ?? 0.9;
  }

  /** Whether `x` rests (through any chain of placements) in or on `container` or one of its regions. */
  within(s: SymState, x: string, container: string, depth = 0): boolean {
    const pl = s.placement.get(x);
    if (!pl || depth > 6) return false;
    if (pl.target === container || this.ownerOf(pl.target) === container || this.ownerOf(container) === this.ownerOf(pl.target)) return true;
    return this.within(s, this.ownerOf(pl.target), container, depth + 1);
  }

  near(s: SymState, agent: string, x: string): boolean {
    if (agent === ANY_ROBOT) return [...s.robotAt.keys()].some((r) => this.near(s, r, x));
    const at = s.robotAt.get(agent);
    if (!at) return this.isPerson(agent);
    const profile = this.robots.get(agent);
    if (this.rooms.has(x)) return at.anchor === x || (at.anchor !== null ? this.roomOf(at.anchor) === x : profile?.room === x);
    const target = this.pos(s, x);
    if (!target) return false;
    const d = Math.hypot(at.pos.x - target.x, at.pos.y - target.y);
    if (profile?.kind === 'fixed_arm' || at.anchor === null) return d <= this.reach(agent);
    if (at.anchor === x || this.ownerOf(at.anchor) === this.ownerOf(x)) return true;
    if (this.within(s, x, at.anchor) || this.within(s, at.anchor, x)) return true;
    return d <= NEIGHBOUR_SLACK;
  }

  private rests(s: SymState, a: string, b: string, rel: 'in' | 'on'): boolean {
    if (s.heldBy.has(a) || [...s.holding.values()].includes(a)) return false;
    const pl = s.placement.get(a);
    return pl !== undefined && pl.rel === rel && (pl.target === b || this.regionOwner.get(pl.target) === b);
  }

  /** The open/on flag of an entity or region; a region without its own flag shares its owner's. */
  flag(s: SymState, kind: 'open' | 'on', id: string): boolean | undefined {
    return s.flags.get(`${kind}:${id}`) ?? (this.regionOwner.has(id) ? s.flags.get(`${kind}:${this.ownerOf(id)}`) : undefined);
  }

  /**
   * A spatial relation holds when a skill made it and nothing involved has moved since, or, for things
   * the plan has not moved, where the belief has them (the world's tolerances, src/domain/spatial.ts).
   */
  private spatial(s: SymState, p: Predicate): boolean {
    if (s.spatial.has(spatialKey(p))) return true;
    if (p.args.some((x) => s.moved.has(x) || [...s.holding.values()].includes(x))) return false;
    const at = p.args.map((x) => this.basePos(x));
    if (at.some((x) => x === null)) return false;
    const [a, b, c] = at as [XY, XY, XY | undefined];
    if (p.pred === 'nextTo') return isNextTo(a, b, WORLD_SPATIAL);
    if (p.pred === 'between') return c !== undefined && isBetween(a, b, c, WORLD_SPATIAL);
    return isOnSide(p.pred as Side, a, b, WORLD_SPATIAL);
  }

  holds(s: SymState, p: Predicate): boolean {
    const v = this.positive(s, p);
    return p.neg ? !v : v;
  }

  private positive(s: SymState, p: Predicate): boolean {
    const [a = '', b = ''] = p.args;
    switch (p.pred) {
      case 'in':
        return this.rests(s, a, b, 'in');
      case 'on':
        return this.rests(s, a, b, 'on');
      case 'isOpen':
        return this.flag(s, 'open', a) === true;
      case 'isClosed':
        return this.flag(s, 'open', a) === false;
      case 'isOn':
        return this.flag(s, 'on', a) === true;
      case 'isOff':
        return this.flag(s, 'on', a) === false;
      case 'isClean':
        return s.flags.get(`clean:${a}`) === true;
      case 'isDirty':
        return s.flags.get(`clean:${a}`) === false;
      case 'isSliced':
        return s.flags.get(`sliced:${a}`) === true;
      case 'isFilled':
        return s.flags.get(`filled:${a}`) === true;
      case 'isHot':
        return s.temperature.get(a) === 'hot';
      case 'isCold':
        return s.temperature.get(a) === 'cold';
      case 'holding':
        return a === ANY_ROBOT ? [...s.holding.values()].includes(b) : s.holding.get(a) === b;
      case 'handEmpty':
        return a === ANY_ROBOT ? [...s.holding.values()].some((h) => h === null) : (s.holding.get(a) ?? null) === null;
      case 'heldBy':
        return s.heldBy.get(a) === b;
      case 'near':
        return this.near(s, a, b);
      case 'inLight':
        return s.inLight.has(`${a}|${b}`);
      case 'nextTo':
      case 'leftOf':
      case 'rightOf':
      case 'behind':
      case 'inFrontOf':
      case 'between':
        return this.spatial(s, p);
    }
  }
}
