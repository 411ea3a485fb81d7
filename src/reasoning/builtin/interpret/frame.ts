import { typeInfo } from '../../../world/catalog.js';
import type { PredicateName } from '../../../domain/predicates.js';
import type { Clause, PrepPhrase } from './clauses.js';
import type { ActionKind } from './lexicon.js';
import type { NounPhrase } from './noun-phrase.js';

/**
 * What one clause asks, before grounding: the action its verb means in context and the roles of its
 * prepositional phrases (where things go, what they go in first, what goes with them, which
 * appliance is only a tool).
 */
export interface ClauseFrame {
  action: ActionKind;
  /** Where the objects end up ("in the fridge", "next to the plate"), or none. */
  dest: PrepPhrase | undefined;
  /** "inside a pan in the fridge": a movable receptacle the objects travel in to `dest`. */
  nested: PrepPhrase | undefined;
  /** "Microwave a potato in a bowl": the vessel carried into the appliance the verb names. */
  vessel: PrepPhrase | undefined;
  /** "with the potato in the pan": where the accompanying thing is to be. */
  companion: PrepPhrase | undefined;
}

/** Appliances that do a state change: "heat it in the microwave" names a tool, not a location. */
const INSTRUMENT_ROLES: Readonly<Partial<Record<PredicateName, readonly string[]>>> = {
  isHot: ['microwave', 'stove', 'cookware'], isCold: ['fridge'], isClean: ['sink', 'faucet'], isSliced: ['knife'],
};

/** Prepositions that say where something goes. */
const DEST_PREPS = new Set(['in', 'on', 'to', 'rightOf', 'leftOf', 'behind', 'inFrontOf', 'between']);
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

/** The phrases that may say where things go, in order. */
function destinationPreps(c: Clause, companion: PrepPhrase | undefined): PrepPhrase[] {
  return c.preps.filter((p, i) => DEST_PREPS.has(p.prep) && p !== companion && !(p.np.pronoun && c.preps[i - 1]?.prep === 'with'));
}

/** The destination: the last place named ("next to" when nothing else is), never a person after "to". */
function chooseDest(c: Clause, destPreps: readonly PrepPhrase[], action: ActionKind): PrepPhrase | undefined {
  const dest = destPreps[destPreps.length - 1] ?? c.preps.find((p) => p.prep === 'near' && action !== 'examine');
  return dest && dest.prep === 'to' && dest.np.person ? undefined : dest;
}

/** "on the counter to the left of the sink": the side phrase says which counter, the counter is the goal. */
function sideTarget(dest: PrepPhrase | undefined, destPreps: readonly PrepPhrase[]): PrepPhrase | undefined {
  const before = dest && (dest.prep === 'rightOf' || dest.prep === 'leftOf') ? destPreps[destPreps.length - 2] : undefined;
  return before && (before.prep === 'on' || before.prep === 'in') ? before : dest;
}

/** The action in context: holding something with a destination places it, and so on. */
function contextAction(c: Clause, dest: PrepPhrase | undefined): ActionKind {
  let action = c.sense.action;
  if (action === 'hold' && (dest || c.recipient)) action = dest ? 'place' : 'deliver';
  if (action === 'deliver' && dest && !c.recipient) action = 'place';
  return action;
}

/** A bin for "throw away" when none is named: the one "recycle" and "compost" name, else the trash. */
function defaultBin(verb: string): PrepPhrase {
  const text = verb === 'recycle' ? 'recycling bin' : verb === 'compost' ? 'compost bin' : 'trash can';
  const np: NounPhrase = {
    text, det: 'indef', count: null, plural: false, pronoun: null, person: null, readings: [{ types: ['GarbageCan'], words: [] }], colors: [], materials: [],
    side: null, ordinal: null, other: false, dirty: false, regionWords: [], stateGoals: [], portion: false, loc: null, size: null,
  };
  return { prep: 'in', np, list: [np] };
}

/** Reads the clause's action and the roles of its phrases. */
export function readFrame(c: Clause): ClauseFrame {
  const companion = companionOf(c);
  const destPreps = destinationPreps(c, companion);
  let dest = chooseDest(c, destPreps, c.sense.action);
  const action = contextAction(c, dest);
  // "throw away the items on the table": things are thrown into a bin, so a surface says where they are.
  if (action === 'discard' && dest && dest.prep === 'on' && c.objects.length > 0) dest = undefined;
  if (action === 'discard' && !dest) dest = defaultBin(c.verb);
  dest = sideTarget(dest, destPreps);
  // "inside a pan in the fridge": the first destination is a movable receptacle carried to the second.
  const inner = destPreps.length >= 2 && dest === destPreps[destPreps.length - 1] && ['in', 'on'].includes(destPreps[destPreps.length - 2]!.prep) ? destPreps[destPreps.length - 2] : undefined;
  const nested = inner && movable(inner.np) ? inner : undefined;
  // "Microwave a potato in a bowl": the verb names the appliance; the bowl is carried into it.
  const vessel = c.verb === 'microwave' ? c.preps.find((p) => p.prep === 'in' && movable(p.np)) : undefined;
  return { action, dest, nested, vessel, companion };
}

/** Locations that modify the objects ("the mug on the counter", "from the fridge"), attached to the last object. */
export function attachLocations(c: Clause, f: ClauseFrame): void {
  const last = c.objects[c.objects.length - 1];
  for (const p of c.preps) {
    if (p === f.dest || p === f.nested || p === f.vessel || p === f.companion || !last || last.loc) continue;
    if (p.prep === 'from' || ((p.prep === 'in' || p.prep === 'on') && !isInstrument(p.np, c.sense.pred) && f.action !== 'examine')) {
      last.loc = { rel: p.prep === 'from' ? 'from' : p.prep === 'in' ? 'in' : 'on', np: p.np };
    }
  }
}
