import type { Skill } from '../../../domain/skill.js';
import type { Predicate } from '../../../domain/predicates.js';
import { groundEffects } from '../../../skills/index.js';
import { typeInfo } from '../../../world/catalog.js';
import type { PlanIssue, ProposedCall } from '../../provider.js';
import { applyEffects } from './effects.js';
import type { SymState, World } from './state.js';
import { typeNoun, withArticle } from '../../words.js';

/** A call whose arguments and assignee passed the static checks, with its predicates bound. */
export interface GroundCall {
  id: string;
  skill: Skill;
  args: Readonly<Record<string, string>>;
  assignee: { kind: 'robot' | 'person'; id: string };
  pre: Predicate[];
  add: Predicate[];
  del: Predicate[];
}

/** A requirement of a call in a given state: the skill file's preconditions plus what the simulator enforces. */
export interface Requirement {
  pred: Predicate;
  why: string;
}

type Kind = Skill['parameters'][number]['kind'];

/** Stands for the person doing a call while its predicates are bound; never an entity id. */
const PERSON_SELF = '\u0000self';

/** Whether `id` is the kind of thing a parameter of this kind accepts (catalog affordances). */
export function fitsKind(world: World, id: string, kind: Kind): boolean {
  if (kind === 'location') return world.knows(id) && !world.isRobot(id);
  if (kind === 'person') return world.isPerson(id);
  const isRegion = world.regionOwner.has(id);
  const region = isRegion ? world.regions.get(id) : undefined;
  const info = typeInfo(world.typeOf(id) ?? '');
  if (!world.ctx.belief.entities.has(world.ownerOf(id))) return false;
  switch (kind) {
    case 'object':
    case 'tool':
      return !isRegion && info?.pickupable === true;
    case 'receptacle':
      return isRegion || info?.receptacle != null;
    case 'openable':
      return isRegion ? region?.openable === true : info?.openable === true;
    case 'toggleable':
      return info?.toggleable === true;
    case 'sliceable':
      return !isRegion && info?.sliceable === true;
  }
}

const KIND_WORDS: Record<Kind, string> = {
  object: 'a pickable object',
  receptacle: 'a receptacle (container, surface or region)',
  openable: 'something openable',
  toggleable: 'something that can be switched on and off',
  sliceable: 'something sliceable',
  tool: 'a pickable tool',
  location: 'an entity, region, room or person',
  person: 'a person',
};

/** State predicates only things with the matching affordance can take (the catalog says which). */
const STATE_AFFORDANCE: Partial<Record<Predicate['pred'], { has: (i: NonNullable<ReturnType<typeof typeInfo>>) => boolean; word: string }>> = {
  isClean: { has: (i) => i.cleanable, word: 'clean' },
  isDirty: { has: (i) => i.cleanable, word: 'dirty' },
  isHot: { has: (i) => i.heatable, word: 'hot' },
  isCold: { has: (i) => i.coolable, word: 'cold' },
  isSliced: { has: (i) => i.sliceable, word: 'sliced' },
  isFilled: { has: (i) => i.fillable, word: 'filled' },
  isOn: { has: (i) => i.toggleable, word: 'switched on' },
  isOff: { has: (i) => i.toggleable, word: 'switched off' },
  isOpen: { has: (i) => i.openable, word: 'open' },
  isClosed: { has: (i) => i.openable, word: 'closed' },
};

/** The argument of a state predicate that cannot take that state, or null. */
export function lacksAffordance(world: World, p: Predicate): { id: string; word: string } | null {
  const rule = STATE_AFFORDANCE[p.pred];
  const id = p.args[0];
  if (!rule || id === undefined) return null;
  if ((p.pred === 'isOpen' || p.pred === 'isClosed') && world.regions.get(id)?.openable) return null;
  const info = typeInfo(world.typeOf(id) ?? '');
  return info && !rule.has(info) ? { id, word: rule.word } : null;
}

/** Static checks of one call (nothing here depends on the order of the plan). */
export function checkCall(world: World, call: ProposedCall): { issues: PlanIssue[]; ground: GroundCall | null } {
  const ctx = world.ctx;
  const issues: PlanIssue[] = [];
  const issue = (code: PlanIssue['code'], message: string): void => {
    issues.push({ callId: call.id, code, message: `${call.id}: ${message}` });
  };
  if (!ctx.skills.has(call.skill)) {
    const known = ctx.skills.list().map((s) => s.name).join(', ');
    issue('unknown_skill', `there is no skill "${call.skill}" (known skills: ${known}).`);
    return { issues, ground: null };
  }
  const skill = ctx.skills.get(call.skill);
  for (const p of skill.parameters) {
    const v = call.args[p.name];
    if (v === undefined || v.length === 0) {
      issue('missing_argument', `${skill.name} needs the argument "${p.name}" (${KIND_WORDS[p.kind]}).`);
      continue;
    }
    if (!world.knows(v)) {
      issue('unknown_entity', `argument ${p.name}="${v}" is not an entity, region, room or person in the belief state; use an id the robots have observed.`);
      continue;
    }
    if (!fitsKind(world, v, p.kind)) {
      issue('bad_argument', `argument ${p.name}="${v}" (${world.typeOf(v) ?? 'not an entity'}) is not ${KIND_WORDS[p.kind]}, which ${skill.name} needs.`);
    } else if (p.types && p.kind !== 'person' && !p.types.includes(world.typeOf(v) ?? '')) {
      issue('bad_argument', `argument ${p.name}="${v}" is a ${world.typeOf(v) ?? 'thing of no type'}, but ${skill.name} accepts only ${p.types.join(' or ')}.`);
    }
  }
  for (const k of Object.keys(call.args)) {
    if (!skill.parameters.some((p) => p.name === k)) {
      issue('bad_argument', `${skill.name} has no parameter "${k}" (its parameters: ${skill.parameters.map((p) => p.name).join(', ') || 'none'}).`);
    }
  }
  const who = call.assignee;
  if (who.kind === 'robot') {
    const robot = world.robots.get(who.id);
    if (!robot) {
      issue('unknown_assignee', `robot "${who.id}" is not in the fleet (robots: ${[...world.robots.keys()].join(', ') || 'none'}).`);
    } else if (ctx.onlyRobots && !ctx.onlyRobots.includes(who.id)) {
      issue('unknown_assignee', `robot "${who.id}" may not take part in this mission (allowed: ${ctx.onlyRobots.join(', ')}).`);
    } else {
      if (!robot.capabilities.includes(skill.capability)) {
        issue('capability_missing', `robot ${who.id} lacks the capability "${skill.capability}" that ${skill.name} needs (it has: ${robot.capabilities.join(', ')}).`);
      }
      if (skill.family !== 'both' && !robot.families.includes(skill.family)) {
        issue('capability_missing', `${skill.name} is a ${skill.family} skill, but robot ${who.id}'s policy serves only ${robot.families.join(', ')} skills.`);
      }
    }
  } else if (!world.isPerson(who.id)) {
    issue('unknown_assignee', `person "${who.id}" is not known (people: ${[...world.people.keys()].join(', ') || 'none'}).`);
  }
  if (issues.length > 0) return { issues, ground: null };
  // A person's own body is bound to a placeholder, so "$robot" predicates can be told apart from the
  // ones naming them as a parameter ("hand the mug to alex", done by alex: alex takes it).
  const self = who.kind === 'robot' ? who.id : PERSON_SELF;
  const bound = groundEffects(skill, call.args, self);
  for (const p of bound.add) {
    const lacking = lacksAffordance(world, p);
    if (lacking) issue('bad_argument', `${skill.name} would make ${lacking.id} ${lacking.word}, but ${withArticle(typeNoun(world.typeOf(lacking.id) ?? ''))} cannot be ${lacking.word} in this world; pick another object or skill.`);
  }
  if (issues.length > 0) return { issues, ground: null };
  // A person does the task their own way: what the skill says about the robot's body does not bind them.
  const keep = (p: Predicate): boolean => !p.args.includes(PERSON_SELF);
  return {
    issues,
    ground: { id: call.id, skill, args: call.args, assignee: { ...who }, pre: bound.preconditions.filter(keep), add: bound.add.filter(keep), del: bound.del.filter(keep) },
  };
}

/** What has to be open for things to go into or out of `id`: itself, or the owner of a region without its own door. */
export function openableOf(world: World, s: SymState, id: string): string | null {
  if (s.flags.has(`open:${id}`)) return id;
  const owner = world.ownerOf(id);
  return owner !== id && s.flags.has(`open:${owner}`) ? owner : null;
}

/** The openable containers an object rests in (through nesting); closed, they hide and block it. */
function enclosingOpenables(world: World, s: SymState, obj: string): string[] {
  const out: string[] = [];
  let cur = obj;
  for (let depth = 0; depth < 6; depth++) {
    const pl = s.placement.get(cur);
    if (!pl) break;
    const c = pl.rel === 'in' ? openableOf(world, s, pl.target) : null;
    if (c) out.push(c);
    cur = world.ownerOf(pl.target);
  }
  return out;
}

/** Requirements of a call in state `s`: the skill file's preconditions, then those the simulator enforces. */
export function requirements(world: World, s: SymState, g: GroundCall): Requirement[] {
  const out: Requirement[] = g.pre.map((pred) => ({ pred, why: `a precondition of ${g.skill.name}` }));
  // A person opens, reaches and frees their hands on their own.
  if (g.assignee.kind === 'person') return out;
  const mentioned = new Set(g.pre.filter((p) => p.pred === 'isOpen' || p.pred === 'isClosed').flatMap((p) => p.args));
  for (const p of g.add) {
    const target = p.args[1];
    if (p.pred !== 'in' || target === undefined || mentioned.has(target)) continue;
    const which = openableOf(world, s, target);
    if (which !== null && !mentioned.has(which)) out.push({ pred: { pred: 'isOpen', args: [which] }, why: `a closed container cannot receive things` });
  }
  for (const param of g.skill.parameters) {
    const v = g.args[param.name];
    if (v === undefined || (param.kind !== 'object' && param.kind !== 'tool' && param.kind !== 'sliceable')) continue;
    // A skill that wants the container closed (heat) works on what is inside it as it is.
    for (const c of enclosingOpenables(world, s, v)) if (!mentioned.has(c)) out.push({ pred: { pred: 'isOpen', args: [c] }, why: `${v} is inside ${c}` });
  }
  // Robots do not hand things to each other: what another robot holds can be neither picked nor
  // worked on (a fixed arm cannot slice the bread in a rover's gripper).
  const worked = new Set<string>();
  for (const p of g.add) if (p.pred === 'holding' && p.args[1] !== undefined) worked.add(p.args[1]);
  for (const param of g.skill.parameters) {
    const v = g.args[param.name];
    if (v !== undefined && (param.kind === 'object' || param.kind === 'tool' || param.kind === 'sliceable')) worked.add(v);
  }
  for (const obj of worked) {
    for (const other of world.robots.keys()) {
      if (other !== g.assignee.id) out.push({ pred: { pred: 'holding', args: [other, obj], neg: true }, why: `${obj} must not be in ${other}'s gripper` });
    }
    // Nor do robots take things out of a person's hands: what a person holds, the person works on.
    const holder = s.heldBy.get(obj);
    if (holder !== undefined) out.push({ pred: { pred: 'heldBy', args: [obj, holder], neg: true }, why: `${obj} is in ${holder}'s hands` });
  }
  const profile = g.assignee.kind === 'robot' ? world.robots.get(g.assignee.id) : undefined;
  if (profile?.kind === 'fixed_arm') {
    for (const param of g.skill.parameters) {
      const v = g.args[param.name];
      if (v === undefined || param.kind === 'person' || world.rooms.has(v)) continue;
      if (!out.some((r) => r.pred.pred === 'near' && r.pred.args[1] === v)) {
        out.push({ pred: { pred: 'near', args: [profile.id, v] }, why: `fixed arm ${profile.id} acts only within its reach` });
      }
    }
  }
  return out;
}

export function applyCall(world: World, s: SymState, g: GroundCall): SymState {
  return applyEffects(world, s, g.add, g.del);
}
