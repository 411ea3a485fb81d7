import { createHash } from 'node:crypto';
import { typeInfo } from '../../src/world/catalog.js';
import type { SceneInput } from '../../src/world/index.js';
import { usualPlaces } from './places.js';
import { catalogueType, roomKind } from './record.js';
import type { AlfredRecord } from './record.js';
import { DEFAULT_LAMP, ROOM_D, ROOM_W, ROOMS } from './rooms.js';
import type { FixtureSpec } from './rooms.js';

type EntityInput = NonNullable<SceneInput['entities']>[number];

/** A generated scene and the ids the gold goal is written over. */
export interface AlfredScene {
  scene: SceneInput;
  /** The thing(s) of the gold object type (two for `pick_two_obj_and_place`). */
  objects: string[];
  /** Every fixture of the gold receptacle type. */
  receptacles: string[];
  movable: string | null;
  /** Every lamp of the gold toggle type. */
  lamps: string[];
  robot: string;
}

export const ROOM_ID = 'room';
export const ROBOT_ID = 'rover';
export const PERSON_ID = 'alex';
const FLOOR = 'Floor';

/** A stable choice among `n` options for one (record, purpose) pair. */
function pick(n: number, ...key: string[]): number {
  return n <= 1 ? 0 : createHash('sha256').update(key.join('|')).digest().readUInt32BE(0) % n;
}

const snake = (type: string): string => type.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
const isFixtureType = (type: string): boolean => typeInfo(type) !== undefined && !(typeInfo(type)?.pickupable ?? false);

/** The plan's place before each pickup of `type`: where ALFRED's annotator found those things. */
export function pickupPlaces(record: AlfredRecord, type: string): (string | undefined)[] {
  const plan = record.gold_high_level_plan;
  const out: (string | undefined)[] = [];
  for (const [i, step] of plan.entries()) {
    if (step.action !== 'PickupObject' || catalogueType(step.args[0] ?? '') !== type) continue;
    const prev = plan[i - 1];
    out.push(prev?.action === 'GotoLocation' ? catalogueType(prev.args[0] ?? '') : undefined);
  }
  return out;
}

/** Where the plan found the movable receptacle: the place before the object was put into it. */
function movablePlace(record: AlfredRecord, movable: string): string | undefined {
  const plan = record.gold_high_level_plan;
  const at = plan.findIndex((s) => s.action === 'PutObject' && catalogueType(s.args[1] ?? '') === movable);
  const prev = at > 0 ? plan[at - 1] : undefined;
  return prev?.action === 'GotoLocation' ? catalogueType(prev.args[0] ?? '') : undefined;
}

/** The knife the plan slices with, and where it was. */
function knifeOf(record: AlfredRecord): { type: string; place: string | undefined } | null {
  for (const type of ['Knife', 'ButterKnife']) {
    const places = pickupPlaces(record, type);
    if (places.length > 0) return { type, place: places[0] };
  }
  return null;
}

/** The fixture types a record needs besides its room's usual furniture. */
function neededFixtures(record: AlfredRecord, movable: string | null, knife: { place: string | undefined } | null): Set<string> {
  const g = record.goal;
  const want = [g.receptacle, g.toggle, ...record.gold_high_level_plan.filter((s) => s.action === 'GotoLocation').map((s) => s.args[0] ?? '')]
    .map((t) => (t ? catalogueType(t) : undefined))
    .filter((t): t is string => t !== undefined && isFixtureType(t));
  if (movable) want.push(...[movablePlace(record, movable)].filter((t): t is string => t !== undefined && isFixtureType(t)));
  if (knife?.place && isFixtureType(knife.place)) want.push(knife.place);
  return new Set(want);
}

/** The room's fixtures for this record: the usual ones, those it needs, and the right lamp. */
function chooseFixtures(record: AlfredRecord, needed: Set<string>): FixtureSpec[] {
  const kind = roomKind(record.floor_plan);
  const lampType = record.task_type === 'look_at_obj_in_light' ? catalogueType(record.goal.toggle ?? '') : DEFAULT_LAMP[kind];
  const isLamp = (t: string): boolean => typeInfo(t)?.lightSource ?? false;
  const chosen = ROOMS[kind].fixtures.filter((f) => (isLamp(f.type) ? f.type === lampType : !f.optional || needed.has(f.type)));
  // A record needing a fixture the room template does not have: it stands by the south wall.
  const missing = [...needed].filter((t) => !chosen.some((f) => f.type === t) && !isLamp(t));
  missing.forEach((type, i) => chosen.push({ type, at: { x: 1.0 + i * 1.2, y: 0.35, z: typeInfo(type)?.defaultSize.h ?? 0.5 }, front: '+y' }));
  return chosen;
}

interface Layout {
  entities: EntityInput[];
  ids: Map<string, string[]>;
}

function layFixtures(fixtures: readonly FixtureSpec[]): Layout {
  const ids = new Map<string, string[]>();
  const entities: EntityInput[] = [];
  for (const f of fixtures) {
    const list = ids.get(f.type) ?? [];
    const id = `${snake(f.type)}_${list.length + 1}`;
    list.push(id);
    ids.set(f.type, list);
    const support = f.on?.map((t) => ids.get(t)?.[0]).find((x) => x !== undefined);
    entities.push({
      id,
      type: f.type,
      ...(support ? { placement: { relation: 'on' as const, target: support } } : { position: f.at }),
      ...(f.size ? { size: f.size } : {}),
      ...(f.front ? { front: f.front } : {}),
    });
  }
  return { entities, ids };
}

/** Spots on the floor, as offsets from the room's centre, clear of the furniture of every template. */
const FLOOR_SPOTS = [
  { x: -1.3, y: -0.9 }, { x: 1.2, y: 0.2 }, { x: -0.4, y: 0.9 }, { x: 0.6, y: -1.4 }, { x: -1.6, y: 0.3 }, { x: 1.6, y: -0.6 },
];

class Placer {
  private floorUsed = 0;
  constructor(
    private readonly record: AlfredRecord,
    private readonly layout: Layout,
  ) {}

  /** A placement in or on a fixture of `place`'s type (one of them, chosen stably), or on the floor. */
  at(id: string, place: string): EntityInput['placement'] {
    if (place === FLOOR) {
      const spot = FLOOR_SPOTS[this.floorUsed++ % FLOOR_SPOTS.length]!;
      return { relation: 'on', target: ROOM_ID, offset: spot };
    }
    const targets = this.layout.ids.get(place) ?? [];
    const target = targets[pick(targets.length, this.record.task_id, id)]!;
    return { relation: typeInfo(place)?.receptacle === 'container' ? 'in' : 'on', target };
  }

  /** The place the plan says when the room has it, else a usual place for the type (never one of `avoid`). */
  choose(id: string, type: string, said: string | undefined, avoid: readonly string[] = []): EntityInput['placement'] {
    const present = (t: string): boolean => t === FLOOR || this.layout.ids.has(t);
    if (said && present(said) && !avoid.includes(said)) return this.at(id, said);
    const usual = usualPlaces(type, (t) => present(t) && !avoid.includes(t));
    return this.at(id, usual[pick(usual.length, this.record.task_id, type)] ?? FLOOR);
  }
}

/**
 * A realistic scene for one ALFRED record: its room's furniture (receptacles of several kinds), the
 * floor plan's movable object types as one thing each, the goal object where the gold plan found it
 * (or where a person leaves such things), the movable receptacle and the knife likewise, and the
 * record's lamp. Two things of one type only when the task is about two of them.
 */
export function sceneForRecord(record: AlfredRecord): AlfredScene {
  const g = record.goal;
  const object = catalogueType(g.object);
  if (!object) throw new Error(`${record.task_id}: unknown object type ${g.object}`);
  const movable = g.movable_receptacle ? (catalogueType(g.movable_receptacle) ?? null) : null;
  const knife = g.sliced ? knifeOf(record) : null;
  const layout = layFixtures(chooseFixtures(record, neededFixtures(record, movable, knife)));
  const placer = new Placer(record, layout);
  const things: EntityInput[] = [];
  const add = (type: string, n: number, said: string | undefined, avoid: readonly string[] = [], state: EntityInput['state'] = {}): string => {
    const id = `${snake(type)}_${n}`;
    things.push({ id, type, placement: placer.choose(id, type, said, avoid), ...(Object.keys(state ?? {}).length > 0 ? { state } : {}) });
    return id;
  };
  const recep = g.receptacle ? catalogueType(g.receptacle) : undefined;
  // A simple pick-and-place whose object already rests in such a receptacle would be done before it starts.
  const avoid = recep && (record.task_type === 'pick_and_place_simple' || record.task_type === 'pick_two_obj_and_place') ? [recep] : [];
  const starts = pickupPlaces(record, object);
  const count = record.task_type === 'pick_two_obj_and_place' ? 2 : 1;
  // What is to be washed is dirty, as the person left it (a dish is clean unless said otherwise).
  const dirty = record.task_type === 'pick_clean_then_place_in_recep' ? { clean: false } : {};
  const objects = Array.from({ length: count }, (_, i) => add(object, i + 1, starts[i] ?? starts[0], avoid, dirty));
  const movableId = movable ? add(movable, 1, movablePlace(record, movable), avoid) : null;
  const placed = new Set([object, ...(movable ? [movable] : [])]);
  if (knife && !placed.has(knife.type)) {
    add(knife.type, 1, knife.place);
    placed.add(knife.type);
  }
  for (const raw of record.movable_object_types) {
    const type = catalogueType(raw);
    if (!type || placed.has(type)) continue;
    placed.add(type);
    add(type, 1, undefined);
  }
  const lampType = g.toggle ? catalogueType(g.toggle) : undefined;
  const kind = roomKind(record.floor_plan);
  const template = ROOMS[kind];
  const scene: SceneInput = {
    name: `alfred-${record.task_id.toLowerCase()}`,
    kind: 'house',
    description: `ALFRED ${record.task_type} in a ${kind.replace('_', ' ')} (${record.floor_plan}), generated for the alfred-train benchmark suite`,
    source: 'ALFRED json_2.1.0 train (askforalfred/alfred, MIT): record goal, plan and movable object types; layout generated by bench/alfred/scene.ts',
    rooms: [{ id: ROOM_ID, name: kind.replace('_', ' '), rect: { x: 0, y: 0, w: ROOM_W, d: ROOM_D } }],
    entities: [...layout.entities, ...things],
    robots: [{ id: ROBOT_ID, kind: 'mobile_manipulator', name: 'Rover', pose: { ...template.robot, theta: 0 }, capabilities: ['navigate', 'manipulate', 'open', 'toggle', 'slice', 'clean', 'heat', 'cool', 'handover', 'search'] }],
    people: [{ id: PERSON_ID, name: 'Alex', room: ROOM_ID, position: template.person }],
  };
  return {
    scene,
    objects,
    receptacles: recep ? (layout.ids.get(recep) ?? []) : [],
    movable: movableId,
    lamps: lampType ? (layout.ids.get(lampType) ?? []) : [],
    robot: ROBOT_ID,
  };
}
