import { typeInfo } from '../../../world/catalog.js';
import type { PredicateName } from '../../../domain/predicates.js';
import type { Clause, PrepPhrase } from './clauses.js';
import { PART_WORDS } from './lexicon.js';
import type { ActionKind } from './lexicon.js';
import type { LocRel, NounPhrase } from './noun-phrase.js';

/**
 * What one clause asks, before grounding: the action its verb means in context and the roles of its
 * prepositional phrases (where things go, what they go in first, what goes with them, which
 * appliance is only a tool).
 */
export interface ClauseFrame {
  action: ActionKind;
  /** Where the objects end up ("in the fridge", "next to the plate"), or none. */
  dest: PrepPhrase | undefined;
  /** "inside a tray in the oven": a movable receptacle the objects travel in to `dest`. */
  nested: PrepPhrase | undefined;
  /** "Microwave an egg in a cup": the vessel carried into the appliance the verb names. */
  vessel: PrepPhrase | undefined;
  /** "with the potato in the pan": where the accompanying thing is to be. */
  companion: PrepPhrase | undefined;
  /** Where the objects are to stand relative to other things: "next to the can", "between the mug and the bowl". */
  spatial: PrepPhrase | undefined;
  /** "on the bottom shelf" after "into the fridge": the part of the destination, already merged into it. */
  part: PrepPhrase | undefined;
}

/** Appliances that do a state change: "heat it in the microwave" names a tool, not a location. */
const INSTRUMENT_ROLES: Readonly<Partial<Record<PredicateName, readonly string[]>>> = {
  isHot: ['microwave', 'stove', 'cookware'], isCold: ['fridge'], isClean: ['sink', 'faucet'], isSliced: ['knife'],
};

/** Prepositions that say in or on what something goes. */
const DEST_PREPS = new Set(['in', 'on', 'to']);
/** Prepositions that say where something stands relative to other things. */
const SPATIAL_PREPS = new Set(['near', 'rightOf', 'leftOf', 'behind', 'inFrontOf', 'between']);

export function isSpatialPrep(prep: string): boolean {
  return SPATIAL_PREPS.has(prep);
}

export function isInstrument(np: NounPhrase, p: PredicateName | undefined): boolean {
  const roles = p ? (INSTRUMENT_ROLES[p] ?? []) : [];
  return np.readings.some((r) => r.types.some((t) => roles.includes(typeInfo(t)?.role ?? '') || (p === 'isSliced' && typeInfo(t)?.role === 'knife')));
}

const movable = (np: NounPhrase): boolean => np.readings.some((r) => r.types.some((t) => typeInfo(t)?.movableReceptacle));

/**
 * "Put the knife in the fridge with the potato in the pan": once the clause has its destination, a
 * place after a with-phrase says where the accompanying thing is to be, not where the objects go.
 */
function companionOf(c: Clause): PrepPhrase | undefined {
  return c.preps.find((p, i) => (p.prep === 'in' || p.prep === 'on') && c.preps[i - 1]?.prep === 'with' && !p.np.pronoun && c.preps.slice(0, i - 1).some((q) => DEST_PREPS.has(q.prep)));
}

/** Words for parts of a room ("the corner", "the other side of the room"): a way there, not a thing to put things in or on. */
const ROOM_PARTS = new Set(['room', 'corner', 'side', 'wall', 'end', 'area', 'spot', 'kitchen', 'bathroom', 'bedroom', 'hallway', 'hall', 'office']);

function namesRoomPart(p: PrepPhrase): boolean {
  return p.np.readings.length === 0 && p.np.pronoun === null && !p.np.person && p.np.text.split(/\s+/).some((w) => ROOM_PARTS.has(w));
}

/**
 * Whether a phrase of a taking verb says where the thing goes ("take the plate to the table", "get the
 * mug onto the shelf") rather than where it is now ("grab the computer on the table").
 */
function takenTo(c: Clause, p: PrepPhrase): boolean {
  return c.sense.action !== 'hold' || p.prep === 'to' || ['into', 'onto', 'on top of', 'toward', 'towards'].includes(p.via ?? p.prep);
}

/** The phrases that may say where things go, in order. */
function destinationPreps(c: Clause, companion: PrepPhrase | undefined, spatialGoes: boolean): PrepPhrase[] {
  const placing = c.sense.action === 'place' || c.sense.action === 'discard';
  return c.preps.filter((p, i) => {
    if (p.relative || p === companion || (p.np.pronoun && c.preps[i - 1]?.prep === 'with') || namesRoomPart(p)) return false;
    if (SPATIAL_PREPS.has(p.prep)) return spatialGoes;
    return (DEST_PREPS.has(p.prep) || (placing && p.prep === 'at')) && takenTo(c, p);
  });
}

/**
 * Whether a spatial phrase says where the objects go ("put the cup next to the sink", "bring the
 * chair next to the table") rather than which ones are meant ("take the cup next to the sink",
 * "bring me the cup next to the sink"): only for verbs that put things somewhere.
 */
function spatialIsDestination(c: Clause): boolean {
  return c.sense.action === 'place' || c.sense.action === 'discard' || (c.sense.action === 'deliver' && !c.recipient);
}

/**
 * The destination and the spatial relation: the last place named (never a person after "to"); a
 * spatial phrase last says where the objects stand, and an "in"/"on" just before it where they rest
 * ("on the counter next to the sink"); a spatial phrase before the last place only described them.
 */
function chooseDest(destPreps: readonly PrepPhrase[]): { dest: PrepPhrase | undefined; spatial: PrepPhrase | undefined } {
  const last = destPreps[destPreps.length - 1];
  if (last && SPATIAL_PREPS.has(last.prep)) {
    const before = destPreps[destPreps.length - 2];
    return { dest: before && ['in', 'on', 'to'].includes(before.prep) && !before.np.person ? before : undefined, spatial: last };
  }
  return { dest: last && last.prep === 'to' && last.np.person ? undefined : last, spatial: undefined };
}

/** The action in context: holding something with a destination places it, and so on. */
function contextAction(c: Clause, goes: boolean): ActionKind {
  let action = c.sense.action;
  if (action === 'hold' && (goes || c.recipient)) action = goes ? 'place' : 'deliver';
  if (action === 'deliver' && goes && !c.recipient) action = 'place';
  // "return it to me", "put it back to Alex": a placing with only a person to go to hands it over.
  if (action === 'place' && !goes && c.recipient) action = 'deliver';
  return action;
}

/** A bin for "throw away" when none is named: the one "recycle" and "compost" name, else the trash. */
function defaultBin(verb: string): PrepPhrase {
  const text = verb === 'recycle' ? 'recycling bin' : verb === 'compost' ? 'compost bin' : 'trash can';
  const np: NounPhrase = {
    text, det: 'indef', count: null, plural: false, pronoun: null, person: null, readings: [{ types: ['GarbageCan'], words: [] }], colors: [], materials: [],
    side: null, ordinal: null, other: false, dirty: false, regionWords: [], stateGoals: [], portion: false, loc: null, size: null, exclude: [],
  };
  return { prep: 'in', np, list: [np] };
}

const POSITION_WORDS = new Set(['top', 'bottom', 'middle', 'upper', 'lower', 'first', 'second', 'third', 'left', 'right', 'from', 'the', 'a', 'an']);
/** Parts of furniture beside the lexicon's: levels of a shelf ("the second rack from the bottom"). */
const LEVEL_WORDS = new Set(['rack', 'level', 'tier', 'layer']);
const isPart = (w: string): boolean => PART_WORDS.has(w) || LEVEL_WORDS.has(w);

/**
 * "into the fridge on the bottom shelf": a last place that only names a part (a shelf, a drawer, the
 * top) is a part of the place before it, not a place of its own.
 */
function mergeParts(destPreps: PrepPhrase[]): { preps: PrepPhrase[]; part: PrepPhrase | undefined } {
  const last = destPreps[destPreps.length - 1];
  const before = destPreps[destPreps.length - 2];
  if (!last || !before || !['in', 'on', 'to'].includes(before.prep)) return { preps: destPreps, part: undefined };
  const words = last.np.text.split(/\s+/);
  if (!words.some(isPart) || !words.every((w) => isPart(w) || POSITION_WORDS.has(w))) return { preps: destPreps, part: undefined };
  before.np.regionWords.push(...words.filter((w) => !['the', 'a', 'an'].includes(w)));
  return { preps: destPreps.slice(0, -1), part: last };
}

/** Reads the clause's action and the roles of its phrases. */
export function readFrame(c: Clause): ClauseFrame {
  const companion = companionOf(c);
  const { preps: destPreps, part } = mergeParts(destinationPreps(c, companion, spatialIsDestination(c)));
  const chosen = chooseDest(destPreps);
  // Switching something on or off takes it nowhere: "the lamp in the bedroom" says which lamp.
  let dest = c.sense.action === 'toggle' ? undefined : chosen.dest;
  let spatial = chosen.spatial;
  // "in the drawer next to the sink": a container is not stood beside; the phrase says which drawer.
  if (dest?.prep === 'in' && spatial && !dest.np.loc) {
    dest.np.loc = { rel: spatial.prep as LocRel, np: spatial.np, ...(spatial.prep === 'between' && spatial.list[1] ? { also: spatial.list[1] } : {}) };
    spatial = undefined;
  }
  const action = contextAction(c, dest !== undefined || spatial !== undefined);
  // "throw away the items on the table": things are thrown into a bin, so a surface says where they are.
  if (action === 'discard' && dest && dest.prep === 'on' && c.objects.length > 0) dest = undefined;
  if (action === 'discard' && !dest && !spatial) dest = defaultBin(c.verb);
  // "inside a tray in the oven": the first destination is a movable receptacle carried to the second.
  const at = dest ? destPreps.indexOf(dest) : -1;
  const inner = at >= 1 && ['in', 'on'].includes(destPreps[at - 1]!.prep) ? destPreps[at - 1] : undefined;
  const nested = inner && movable(inner.np) ? inner : undefined;
  // "Microwave an egg in a cup", "cool the juice in a jug in the cooler": the thing travels in the
  // vessel into the appliance that heats or cools it.
  const heatsOrCools = c.sense.pred === 'isHot' || c.sense.pred === 'isCold';
  const vessel = heatsOrCools ? c.preps.find((p) => (p.prep === 'in' || p.prep === 'on') && !p.relative && movable(p.np)) : undefined;
  return { action, dest, nested, vessel, companion, spatial, part };
}

/**
 * Locations that modify the objects ("the mug on the counter", "from the fridge", "the cup next to the
 * sink", "the book between the lamp and the clock"), attached to the last object.
 */
export function attachLocations(c: Clause, f: ClauseFrame): void {
  const last = c.objects[c.objects.length - 1];
  for (const p of c.preps) {
    if (p === f.dest || p === f.nested || p === f.vessel || p === f.companion || p === f.spatial || p === f.part || !last || last.loc) continue;
    if (SPATIAL_PREPS.has(p.prep) && (f.action !== 'examine' || p.relative)) {
      last.loc = { rel: p.prep as LocRel, np: p.np, ...(p.prep === 'between' && p.list[1] ? { also: p.list[1] } : {}) };
    } else if (p.prep === 'from' || ((p.prep === 'in' || p.prep === 'on') && (p.relative || (!isInstrument(p.np, c.sense.pred) && f.action !== 'examine')))) {
      last.loc = { rel: p.prep === 'from' ? 'from' : p.prep === 'in' ? 'in' : 'on', np: p.np };
    }
  }
}
