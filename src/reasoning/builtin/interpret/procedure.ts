import type { PredicateName } from '../../../domain/predicates.js';
import { typeInfo } from '../../../world/catalog.js';
import type { BeliefState } from '../../belief.js';
import { analyse } from '../nlp.js';
import { splitClauses } from './split.js';
import { isSpatialPrep } from './frame.js';
import { PART_WORDS } from './lexicon.js';
import type { Clause } from './clauses.js';
import type { NounPhrase } from './noun-phrase.js';

/**
 * Step-by-step instructions ("Pick up the apple. Put it in the fridge, close the door, take it out
 * once it is cold. Put it in the trash.") read as a procedure and played through symbolically. The
 * result is what the procedure does to each thing it handles: the states it gives it, where it ends
 * up, what it travels in. Navigation ("turn left, go to the counter") is skipped: orca plans its own
 * route, and only what the steps do to things says what the person wants.
 */

/** One thing the steps handle. Fixtures are one per type; movable things one per mention that starts a new one. */
export interface ProcedureThing {
  key: string;
  type: string;
  fixture: boolean;
  /** Named as a portion ("a slice of bread") or cut from something whose portions were then taken. */
  portion: boolean;
  /** States the steps gave it, by a verb ("rinse it") or by a visit (into the fridge and out again). */
  states: Set<PredicateName>;
  /** Where the steps last put it: a fixture type or another thing's key. */
  at: { rel: 'in' | 'on'; target: string } | null;
  /** A whole thing whose portions were taken afterwards: it is the source, not what is wanted. */
  source: boolean;
}

export interface Procedure {
  things: ProcedureThing[];
  /** The fixture (type) a thing finally rests in or on, through the things it was put in. */
  restingPlace(thing: ProcedureThing): string | null;
  get(key: string): ProcedureThing | undefined;
}

/**
 * Appliances whose visit changes what is put in and taken out again. A fridge chills by holding; a
 * microwave only heats when run ("cook it", "set the timer"), so a knife parked in one is not heated.
 */
const VISIT_STATE: Readonly<Record<string, PredicateName>> = { fridge: 'isCold' };
const KEPT_STATES = new Set<PredicateName>(['isSliced', 'isClean', 'isHot', 'isCold']);

/** Plays the steps through and returns what they did to the things they handle. */
export function readProcedure(steps: readonly string[], belief: BeliefState): Procedure {
  const reader = new ProcedureReader(belief);
  for (const step of steps) reader.readStep(step);
  return { things: reader.things, restingPlace: (t) => reader.restingPlace(t), get: (key) => reader.byKey.get(key) };
}

/** The state of a procedure being played through: the things, what is held, what "it" is. */
class ProcedureReader {
  readonly things: ProcedureThing[] = [];
  readonly byKey = new Map<string, ProcedureThing>();
  private readonly believed: Set<string>;
  private held: ProcedureThing[] = [];
  private topic: ProcedureThing | null = null;
  /** Things a step put into a fridge, until one takes them out. */
  private readonly insideAppliance = new Map<string, string>();
  /** The fixture the current step opened ("open the fridge, put it on the top shelf"). */
  private opened: ProcedureThing | null = null;

  constructor(belief: BeliefState) {
    this.believed = new Set(belief.all().map((e) => e.type));
  }

  readStep(step: string): void {
    this.opened = null;
    for (const clause of splitClauses(analyse(step), [])) this.readClause(clause);
  }

  private readClause(clause: Clause): void {
    const action = clause.sense.action;
    // "Pick up the knife in the sink": where a thing is taken from, not where it goes.
    const dest = ['hold', 'deliver'].includes(action) ? destinationOf(clause, ['to']) : destinationOf(clause);
    // "Move to the sink" with nothing named is walking there, not carrying what is held.
    if (dest?.via === 'to' && clause.objects.length === 0) return;
    if (action === 'state' && clause.sense.pred) return this.changeState(clause, clause.sense.pred);
    // "set the timer": the appliance runs with what is in it.
    const timer = clause.objects.some((np) => /\btimer\b/.test(np.text));
    if ((action === 'toggle' && clause.particle === 'on') || timer) return this.switchOn(clause, timer);
    const holding = action === 'hold' || action === 'deliver';
    if (holding || action === 'place' || action === 'discard') this.move(clause, holding, dest);
  }

  /** A state verb needs its object: "walk to microwave" reads as a bare verb and heats nothing. */
  private changeState(clause: Clause, pred: PredicateName): void {
    const targets = clause.objects.flatMap((np) => this.resolve(np, false, pred === 'isSliced'));
    for (const t of targets) {
      if (pred === 'isOpen' && t.fixture) this.opened = t;
      else if (KEPT_STATES.has(pred) && !t.fixture) {
        t.states.add(pred);
        this.topic = t;
      }
    }
  }

  /** What the last-handled thing sits in decides: run the microwave around it, or the water over the sink. */
  private switchOn(clause: Clause, timer: boolean): void {
    const topic = this.topic;
    const switched = new Set(clause.objects.flatMap((np) => this.resolve(np, false)).map((t) => typeInfo(t.type)?.role));
    const around = topic?.at ? typeInfo(this.byKey.get(topic.at.target)?.type ?? '')?.role : undefined;
    if (topic && around === 'microwave' && (timer || switched.has('microwave'))) topic.states.add('isHot');
    if (topic && around === 'sink' && (switched.has('faucet') || switched.has('sink'))) topic.states.add('isClean');
  }

  /** Picking up, putting down, throwing away. */
  private move(clause: Clause, holding: boolean, dest: Destination | null): void {
    const objects = clause.objects.flatMap((np) => this.resolve(np, holding)).filter((t) => !t.fixture);
    if (holding && !dest) {
      for (const t of objects) this.pickUp(t);
      return;
    }
    const moving = objects.length > 0 ? objects : clause.objects.length === 0 ? this.held.slice(-1) : [];
    if (moving.length === 0 && !dest) return;
    const opened = this.opened;
    if (dest) this.place(moving, dest);
    else if (opened && clause.preps.every((p) => p.prep !== 'from')) for (const t of moving) this.putDown(t, 'in', opened);
    else if (clause.sense.action === 'discard') for (const t of moving) this.putDown(t, 'in', this.byKey.get('GarbageCan') ?? this.add('GarbageCan', true, false));
  }

  private add(type: string, fixture: boolean, portion: boolean): ProcedureThing {
    const n = this.things.filter((t) => t.type === type).length + 1;
    const thing: ProcedureThing = { key: fixture ? type : `${type}#${n}`, type, fixture, portion, states: new Set(), at: null, source: false };
    if (portion) for (const whole of this.things) if (whole.type === type && !whole.portion && whole.states.has('isSliced')) whole.source = true;
    this.things.push(thing);
    this.byKey.set(thing.key, thing);
    return thing;
  }

  /** The first reading is the head ("the counter between the sink and potato" is a counter). */
  private typeOf(np: NounPhrase): string | null {
    for (const r of np.readings) {
      const t = r.types.find((x) => this.believed.has(x)) ?? r.types.find((x) => typeInfo(x) !== undefined);
      if (t) return t;
    }
    return null;
  }

  /** The things a phrase refers to; `fresh` lets an indefinite phrase start a new thing. */
  private resolve(np: NounPhrase, fresh: boolean, whole = false): ProcedureThing[] {
    const { held, topic } = this;
    if (np.pronoun === 'it' || np.pronoun === 'one') return topic ? [topic] : held.length > 0 ? [held[held.length - 1]!] : [];
    if (np.pronoun === 'them') return held.length > 0 ? held : topic ? [topic] : [];
    const type = this.typeOf(np);
    if (!type) return [];
    const info = typeInfo(type);
    if (info && !info.pickupable) return [this.byKey.get(type) ?? this.add(type, true, false)];
    const count = np.count ?? 1;
    if (fresh && (np.det === 'indef' || np.count !== null)) return Array.from({ length: count }, () => this.add(type, false, np.portion));
    // "Slice the bread" cuts the loaf, not a slice already taken from it.
    const ofType = this.things.filter((t) => t.type === type && (np.portion ? t.portion : !whole || !t.portion));
    const carried = held.filter((t) => t.type === type);
    if (carried.length > 0) return np.plural ? carried : [carried[carried.length - 1]!];
    if (ofType.length > 0) return np.plural ? ofType.filter((t) => !t.source) : [ofType[ofType.length - 1]!];
    return [this.add(type, false, np.portion)];
  }

  private pickUp(thing: ProcedureThing): void {
    const appliance = this.insideAppliance.get(thing.key);
    const gained = appliance ? VISIT_STATE[typeInfo(appliance)?.role ?? ''] : undefined;
    if (gained) thing.states.add(gained);
    this.insideAppliance.delete(thing.key);
    thing.at = null;
    if (!this.held.includes(thing)) this.held.push(thing);
    this.topic = thing;
  }

  private putDown(thing: ProcedureThing, rel: 'in' | 'on', target: ProcedureThing): void {
    if (thing === target) return;
    thing.at = { rel: target.fixture ? receivingRelation(target.type, rel) : rel, target: target.key };
    if (target.fixture && VISIT_STATE[typeInfo(target.type)?.role ?? '']) this.insideAppliance.set(thing.key, target.type);
    this.held = this.held.filter((h) => h !== thing);
    this.topic = thing;
  }

  private place(moving: readonly ProcedureThing[], dest: Destination): void {
    const where = this.whereTo(dest);
    if (where) for (const t of moving) this.putDown(t, where.rel, where.target);
  }

  /** Where a destination phrase puts things, or null when it names no place to put them. */
  private whereTo(dest: Destination): { rel: 'in' | 'on'; target: ProcedureThing } | null {
    const { believed, opened } = this;
    // "on the bottom shelf in the refrigerator": a part the belief does not hold is in the next place named.
    let [target] = this.resolve(dest.np, false);
    for (const np of dest.then) if (target?.fixture && !believed.has(target.type)) [target] = this.resolve(np, false);
    // "Open the fridge, put the slice on the top shelf": the shelf is the fridge's, not the bookshelf,
    // and a part of no believed thing is inside what was opened.
    const partOfOpened = opened !== null && dest.np.text.split(' ').some((w) => PART_WORDS.has(w.replace(/s$/, '')));
    const unknownPart = target?.fixture === true && (!believed.has(target.type) || partOfOpened);
    const receives = target ? (target.fixture ? typeInfo(target.type)?.receptacle != null : typeInfo(target.type)?.movableReceptacle === true) : false;
    if (target && !(unknownPart && opened) && dest.rel !== 'near' && receives) return { rel: dest.rel, target };
    if (target?.at && dest.rel === 'near') return { rel: target.at.rel, target: this.byKey.get(target.at.target)! };
    return opened ? { rel: 'in', target: opened } : null;
  }

  /** The fixture (type) a thing finally rests in or on, through the things it was put in. */
  restingPlace(thing: ProcedureThing): string | null {
    const seen = new Set<string>();
    let t: ProcedureThing | undefined = thing;
    while (t?.at && !seen.has(t.key)) {
      seen.add(t.key);
      const next = this.byKey.get(t.at.target);
      if (!next) return null;
      if (next.fixture) return next.type;
      t = next;
    }
    return null;
  }
}

/** A container is put in, a surface on, whatever preposition the step used. */
function receivingRelation(type: string, said: 'in' | 'on'): 'in' | 'on' {
  const kind = typeInfo(type)?.receptacle;
  return kind === 'container' ? 'in' : kind === 'surface' ? 'on' : said;
}

/** The clause's destination: an in/on/to phrase if there is one, else a beside phrase. */
interface Destination {
  rel: 'in' | 'on' | 'near';
  np: NounPhrase;
  via: string;
  /** Places named after it ("… on the shelf in the fridge"). */
  then: NounPhrase[];
}

function destinationOf(clause: Clause, preps: readonly string[] = ['in', 'on', 'to']): Destination | null {
  const placing = clause.preps.filter((p) => preps.includes(p.prep) && !p.np.person);
  // "Put the apple on the plate on the counter": the first place receives, the next says where it is.
  const chosen = placing.find((p) => p.prep !== 'to') ?? placing[0];
  if (chosen) return { rel: chosen.prep === 'on' ? 'on' : 'in', np: chosen.np, via: chosen.prep, then: placing.slice(placing.indexOf(chosen) + 1).map((p) => p.np) };
  const beside = clause.preps.find((p) => isSpatialPrep(p.prep));
  return beside ? { rel: 'near', np: beside.np, via: beside.prep, then: [] } : null;
}
