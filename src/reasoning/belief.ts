import type { Attributes, EntityState, Placement } from '../domain/entities.js';
import type { Vec3 } from '../domain/geometry.js';
import type { Observation } from '../domain/observation.js';
import type { Predicate } from '../domain/predicates.js';
import { typeInfo } from '../world/catalog.js';

/** A receiving region of an entity (a drawer, a stove's cook region, a basket's inside). */
export interface BeliefRegion {
  id: string;
  kind: 'surface' | 'container' | null;
  position: Vec3;
  openable: boolean;
  state: EntityState;
}

export interface BeliefEntity {
  id: string;
  type: string;
  name?: string;
  attributes: Attributes;
  state: EntityState;
  placement: Placement | null;
  heldBy: string | null;
  position: Vec3;
  room: string | null;
  /** simTime of the last detection; -1 for map fixtures never detected. */
  lastSeen: number;
  seenBy: string[];
  regions: BeliefRegion[];
  /** Known from the static map (furniture, appliances) rather than from detections only. */
  fixture: boolean;
  /** The footprint and height the map gives a fixture, metres (absent for things detected only). */
  size?: { w: number; d: number; h: number };
}

const OPEN_SIGHTINGS_TO_SEE_INSIDE = 3;

/** A closed container (or drawer region) whose inside no robot has ever seen, or a room no robot has been in. */
export interface BeliefUnknown {
  id: string;
  type: string;
  reason: 'closed_never_seen_inside' | 'room_never_visited';
}

export interface BeliefPerson {
  id: string;
  name: string;
  room: string | null;
  position?: { x: number; y: number };
  child?: boolean;
}

export interface BeliefRobot {
  id: string;
  position: { x: number; y: number };
  room: string | null;
  holding: string | null;
  lastSeen: number;
}

/** The robots' prior map; structurally a subset of the world's `StaticMap`. */
export interface BeliefMap {
  rooms: { id: string; name: string; center?: { x: number; y: number } }[];
  fixtures: {
    id: string;
    type: string;
    name?: string;
    room: string | null;
    position: Vec3;
    size?: { w: number; d: number; h: number };
    openable: boolean;
    regions: { id: string; kind: 'surface' | 'container'; position: Vec3; openable: boolean }[];
  }[];
}

/** State changes a person's report can establish, by predicate. */
const REPORTED_STATE: Readonly<Partial<Record<Predicate['pred'], EntityState>>> = {
  isClean: { clean: true }, isDirty: { clean: false }, isHot: { temperature: 'hot' }, isCold: { temperature: 'cold' },
  isSliced: { sliced: true }, isOn: { on: true }, isOff: { on: false }, isOpen: { open: true }, isClosed: { open: false }, isFilled: { filled: true },
};

/**
 * What orca believes about the world: built only from observations, the prior map and what people
 * reported doing where no robot could see, never from ground truth. Containers stay "unknown" until a robot has seen them open.
 */
export class BeliefState {
  readonly entities = new Map<string, BeliefEntity>();
  readonly people = new Map<string, BeliefPerson>();
  readonly robots = new Map<string, BeliefRobot>();
  readonly rooms: { id: string; name: string; center?: { x: number; y: number } }[] = [];
  private readonly seenInside = new Set<string>();
  private readonly roomsVisited = new Set<string>();
  /** Observations that saw a container open, until it counts as looked into. */
  private readonly openSightings = new Map<string, number>();
  /** The last observation folded in per robot, so folding the same one twice counts it once. */
  private readonly lastFolded = new Map<string, string>();
  /** Each entity's state as its last sighting read it, whatever the belief took from it. */
  private readonly lastSighting = new Map<string, Readonly<Record<string, unknown>>>();

  static fromObservations(observations: readonly Observation[], map?: BeliefMap, people: readonly BeliefPerson[] = []): BeliefState {
    const b = new BeliefState();
    if (map) b.addMap(map);
    for (const p of people) b.people.set(p.id, { ...p });
    for (const o of observations) b.update(o);
    return b;
  }

  addMap(map: BeliefMap): void {
    this.rooms.push(...map.rooms.map((r) => ({ ...r })));
    for (const f of map.fixtures) {
      if (this.entities.has(f.id)) continue;
      const info = typeInfo(f.type);
      this.entities.set(f.id, {
        id: f.id,
        type: f.type,
        ...(f.name ? { name: f.name } : {}),
        attributes: {},
        state: { ...(info?.defaultState ?? {}) },
        placement: null,
        heldBy: null,
        position: { ...f.position },
        room: f.room,
        lastSeen: -1,
        seenBy: [],
        regions: f.regions.map((r) => ({ id: r.id, kind: r.kind, position: { ...r.position }, openable: r.openable, state: r.openable ? { open: false } : {} })),
        fixture: true,
        ...(f.size ? { size: { ...f.size } } : {}),
      });
    }
  }

  /** Folds one observation in: detections overwrite what was believed about those entities. */
  update(obs: Observation): void {
    const stamp = `${obs.seq}@${obs.simTime}`;
    if (this.lastFolded.get(obs.robotId) === stamp) return;
    this.lastFolded.set(obs.robotId, stamp);
    if (obs.room) this.roomsVisited.add(obs.room);
    this.robots.set(obs.robotId, {
      id: obs.robotId,
      position: { x: obs.pose.x, y: obs.pose.y },
      room: obs.room,
      holding: obs.gripper.holding,
      lastSeen: obs.simTime,
    });
    for (const d of obs.detections) {
      const prev = this.entities.get(d.id);
      const seenBy = prev ? [...new Set([...prev.seenBy, obs.robotId])] : [obs.robotId];
      const regions: BeliefRegion[] = prev?.regions.map((r) => ({ ...r })) ?? [];
      for (const r of d.regions ?? []) {
        const known = regions.find((x) => x.id === r.id);
        if (known) {
          known.position = { ...r.position };
          known.state = { ...known.state, ...r.state };
        } else regions.push({ id: r.id, kind: null, position: { ...r.position }, openable: r.state.open !== undefined, state: { ...r.state } });
        if (r.state.open === true) this.sawOpen(r.id);
        else if (r.state.open === false) this.openSightings.delete(r.id);
      }
      if (typeInfo(d.type)?.transparent) this.seenInside.add(d.id);
      else if (d.state.open === true) this.sawOpen(d.id);
      else if (d.state.open === false) this.openSightings.delete(d.id);
      const held = d.heldBy ?? (obs.gripper.holding === d.id ? obs.robotId : null);
      this.entities.set(d.id, {
        id: d.id,
        type: d.type,
        ...(prev?.name ? { name: prev.name } : d.label ? { name: d.label } : {}),
        attributes: { ...(prev?.attributes ?? {}), ...d.attributes },
        state: this.confirmedState(d.id, prev?.state ?? {}, d.state),
        placement: held ? null : (d.placement ?? prev?.placement ?? null),
        heldBy: held,
        position: { ...d.position },
        room: prev?.room ?? obs.room,
        lastSeen: obs.simTime,
        seenBy,
        regions,
        fixture: prev?.fixture ?? false,
      });
    }
  }

  /**
   * The first sighting of a state is taken as read; after that a value changes the belief only once
   * two sightings in a row read it: one misread of a door or a temperature would otherwise put a wrong
   * plan in front of a robot ("put it in the microwave" without opening it). A person's report is not
   * a sighting, so it stands until two sightings in a row disagree with it.
   *
   * @example
   * // seen closed; then seen open (misread), closed, open, open → believed closed, closed, closed, open
   */
  private confirmedState(id: string, believed: Readonly<Record<string, unknown>>, seen: Readonly<Record<string, unknown>>): Record<string, unknown> {
    const before = this.lastSighting.get(id);
    this.lastSighting.set(id, { ...(before ?? {}), ...seen });
    const out: Record<string, unknown> = { ...believed };
    for (const [key, value] of Object.entries(seen)) {
      if (!before || !(key in before) || before[key] === value) out[key] = value;
    }
    return out;
  }

  /**
   * A container counts as looked into once three observations in a row saw it open: a misread of
   * its state would otherwise hide its contents from every search. Misreads are isolated, so a
   * sighting of it closed starts the count again (counting every open sighting ever made, a drawer in
   * view for a long search was taken as looked into after a few scattered misreads).
   */
  private sawOpen(id: string): void {
    const n = (this.openSightings.get(id) ?? 0) + 1;
    this.openSightings.set(id, n);
    if (n >= OPEN_SIGHTINGS_TO_SEE_INSIDE) this.seenInside.add(id);
  }

  /**
   * Takes in what a person reported doing when no robot could see it (the report was accepted as
   * such): holding a thing, putting it in or on something, changing its state. The entity is not
   * marked seen, so the next robot sighting of it overrides the report.
   *
   * @example
   * belief.believeReported([{ pred: 'heldBy', args: ['apple_1', 'alex'] }]) // apple_1.heldBy === 'alex'
   */
  believeReported(facts: readonly Predicate[]): void {
    for (const p of facts) {
      if (p.neg) continue;
      const [a = '', b = ''] = p.args;
      const e = this.entities.get(a);
      if (!e) continue;
      const state = REPORTED_STATE[p.pred];
      if (state) e.state = { ...e.state, ...state };
      else if (p.pred === 'heldBy' && this.people.has(b)) {
        e.heldBy = b;
        e.placement = null;
        const person = this.people.get(b)!;
        if (person.position) e.position = { ...e.position, x: person.position.x, y: person.position.y };
        e.room = person.room ?? e.room;
      } else if ((p.pred === 'in' || p.pred === 'on') && this.ownerOf(b)) {
        const holder = this.ownerOf(b)!;
        e.heldBy = null;
        e.placement = { relation: p.pred, target: b };
        e.position = { ...(this.region(b)?.position ?? holder.position) };
        e.room = holder.room;
      }
    }
  }

  /** Marks a room as looked around in (a belief built without the simulator, or a person's report). */
  markRoomVisited(id: string): void {
    this.roomsVisited.add(id);
  }

  /** Marks a container as looked into (a test helper or a search that found it empty). */
  markSeenInside(id: string): void {
    this.seenInside.add(id);
  }

  get(id: string): BeliefEntity | undefined {
    return this.entities.get(id);
  }

  all(): BeliefEntity[] {
    return [...this.entities.values()];
  }

  /** The entity that owns a region id, or the entity itself. */
  ownerOf(id: string): BeliefEntity | undefined {
    const direct = this.entities.get(id);
    if (direct) return direct;
    for (const e of this.entities.values()) if (e.regions.some((r) => r.id === id)) return e;
    return undefined;
  }

  region(id: string): BeliefRegion | undefined {
    for (const e of this.entities.values()) {
      const r = e.regions.find((x) => x.id === id);
      if (r) return r;
    }
    return undefined;
  }

  /** Closed containers and drawer regions whose inside has never been seen. */
  unknowns(): BeliefUnknown[] {
    const out: BeliefUnknown[] = [];
    for (const e of this.entities.values()) {
      const info = typeInfo(e.type);
      if (info?.openable && info.receptacle === 'container' && e.state.open !== true && !this.seenInside.has(e.id)) {
        out.push({ id: e.id, type: e.type, reason: 'closed_never_seen_inside' });
      }
      for (const r of e.regions) {
        if (r.openable && r.state.open !== true && !this.seenInside.has(r.id)) out.push({ id: r.id, type: e.type, reason: 'closed_never_seen_inside' });
      }
    }
    return out;
  }

  /** Rooms of the map no robot has observed from: anything there is still unseen. */
  unvisitedRooms(): BeliefUnknown[] {
    return this.rooms.filter((r) => !this.roomsVisited.has(r.id)).map((r) => ({ id: r.id, type: 'Room', reason: 'room_never_visited' }));
  }

  /** Whether `id` rests (directly or through a chain of placements) in or on `target` or one of its regions. */
  isWithin(id: string, target: string, depth = 0): boolean {
    const e = this.entities.get(id);
    if (!e?.placement || depth > 6) return false;
    const t = e.placement.target;
    if (t === target || this.ownerOf(t)?.id === target) return true;
    const owner = this.ownerOf(t);
    return owner !== undefined && owner.id !== id && this.isWithin(owner.id, target, depth + 1);
  }
}
