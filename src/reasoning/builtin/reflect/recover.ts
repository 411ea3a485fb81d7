import { formatPredicate } from '../../../domain/predicates.js';
import { renderInstruction } from '../../../skills/index.js';
import type { BeliefState } from '../../belief.js';
import type { ProposedCall, ReflectionInput } from '../../provider.js';
import { checkCall, requirements } from '../planner/actions.js';
import { planGoal } from '../planner/plan.js';
import { planSearch } from '../planner/search-plan.js';
import { World } from '../planner/state.js';

/** Every recovery choice a policy row can name, computed from the input (null when it does not apply). */
export type Recovery =
  | { kind: 'retry' }
  | { kind: 'retry_reworded'; instruction: string }
  | { kind: 'insert'; calls: ProposedCall[]; what: string }
  | { kind: 'replan'; what: string }
  | { kind: 'delegate'; person: string }
  | { kind: 'ask'; question: string }
  | { kind: 'abort'; reason: string };

const words = (s: string): string =>
  s
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/_\d+$/, '')
    .replace(/_/g, ' ')
    .toLowerCase();

/** A noun phrase for an id from the belief ("blue mug"); `distinguish` adds what sets it apart from look-alikes. */
export function describeFromBelief(belief: BeliefState, id: string, distinguish = false): string {
  const person = belief.people.get(id);
  if (person) return person.name;
  const e = belief.get(id);
  // A region is named by its owner and what the region is ("flat stove cook region"), not by its id.
  const owner = e ? undefined : belief.ownerOf(id);
  if (owner) return `${describeFromBelief(belief, owner.id, distinguish)} ${words(id.startsWith(`${owner.id}_`) ? id.slice(owner.id.length + 1) : id)}`;
  if (!e) return words(id);
  if (e.name) return e.name;
  const type = words(e.type);
  const typeWords = type.split(' ');
  const attrs = e.attributes;
  // An attribute the type already says ("porcelain" of a porcelain mug) is not said twice.
  const says = (v: string | undefined): v is string => v !== undefined && v.length > 0 && !v.split(/\s+/).every((w) => w === 'and' || typeWords.includes(w));
  if (!distinguish) return [...[attrs.color].filter(says), type].join(' ');
  const twins = belief.all().filter((o) => o.id !== id && o.type === e.type);
  const differs = (k: 'size' | 'color' | 'material'): boolean => attrs[k] !== undefined && twins.every((o) => o.attributes[k] !== attrs[k]);
  const parts = (['size', 'color', 'material'] as const).filter((k) => differs(k) || (k === 'color' && twins.length === 0)).map((k) => attrs[k]).filter(says);
  if (parts.length > 0 || twins.length === 0) return [...parts, type].join(' ');
  // Look-alikes are told apart by side, as a person would ("the left plate"). A place phrase ("the
  // moka pot on the table") would not do inside "put the … on the …": it reads as the destination.
  const row = [e, ...twins].sort((a, b) => a.position.x - b.position.x);
  const side = row[0] === e ? 'left' : row[row.length - 1] === e ? 'right' : 'middle';
  return `${side} ${type}`;
}

/**
 * Another phrasing of the skill than those already tried, among the ones the robot's policy was
 * trained on when it says which (a VLA told something it was not trained on does worse, not better);
 * the attempt number picks where to start. Null when no untried phrasing is left.
 */
export function reworded(input: ReflectionInput, distinguish: boolean): string | null {
  const { skills, belief, robots } = input.context;
  if (!skills.has(input.call.skill)) return null;
  const skill = skills.get(input.call.skill);
  if (Object.keys(input.call.args).length !== skill.parameters.length) return null;
  const robot = input.call.assignee.kind === 'robot' ? robots.find((r) => r.id === input.call.assignee.id) : undefined;
  const tried = new Set(input.attempts.map((a) => a.instruction));
  const describe = (id: string): string => describeFromBelief(belief, id, distinguish);
  const start = Math.max(1, input.attempts.length);
  try {
    for (let k = 0; k < skill.instructions.length; k++) {
      const text = renderInstruction(skill, input.call.args, describe, { variant: start + k, ...(robot?.trainedTemplates ? { trainedTemplates: robot.trainedTemplates } : {}) });
      if (!tried.has(text)) return text;
    }
    return null;
  } catch {
    return null;
  }
}

/** Prefixes inserted call ids so they cannot clash with the plan's. */
function namespaced(calls: readonly ProposedCall[], prefix: string): ProposedCall[] {
  const rename = (id: string): string => `${prefix}${id}`.slice(0, 64);
  return calls.map((c) => ({ ...c, id: rename(c.id), dependsOn: c.dependsOn.map(rename) }));
}

/**
 * The calls that make the failed call's requirements true again (open a closed container, free or
 * refill the gripper, go back), planned by the symbolic planner over the current belief, for the
 * same robot. Null when nothing is unmet (a plain retry fits) or when no plan exists.
 */
export function enablingCalls(input: ReflectionInput): { calls: ProposedCall[]; unmet: string[] } | null {
  const ctx = input.context;
  const world = new World(ctx);
  const { ground } = checkCall(world, input.call);
  if (!ground) return null;
  const s = world.initialState();
  const unmet = requirements(world, s, ground)
    .map((r) => r.pred)
    .filter((p) => !world.holds(s, p));
  if (unmet.length === 0) return null;
  const only = input.call.assignee.kind === 'robot' ? { onlyRobots: [input.call.assignee.id] } : {};
  const plan = planGoal({ steps: [{ conjuncts: unmet }] }, { ...ctx, ...only });
  if (plan.kind !== 'plan' || plan.calls.length === 0) return null;
  return { calls: namespaced(plan.calls, `fix_${input.call.id}_`), unmet: unmet.map(formatPredicate) };
}

/** The thing a failed call was about: its object, else its first argument. */
export function subjectOf(call: ProposedCall): string | undefined {
  return call.args.object ?? call.args.target ?? Object.values(call.args)[0];
}

/** Search calls over the closed containers no robot has looked into yet and the rooms no robot has been in. */
export function searchCalls(input: ReflectionInput): { calls: ProposedCall[]; where: string[] } | null {
  const ctx = input.context;
  const subject = subjectOf(input.call);
  const type = (subject !== undefined ? ctx.belief.get(subject)?.type : undefined) ?? (subject ? words(subject) : 'object');
  const containers = [...ctx.belief.unknowns(), ...ctx.belief.unvisitedRooms()].map((u) => u.id);
  if (containers.length === 0) return null;
  const plan = planSearch({ type, containers }, ctx);
  if (plan.kind !== 'plan' || plan.calls.length === 0) return null;
  return { calls: namespaced(plan.calls, `find_${input.call.id}_`), where: containers };
}

/** A robot other than those already tried that has the capability and family the skill needs. */
export function untriedCapableRobot(input: ReflectionInput): string | null {
  const ctx = input.context;
  if (!ctx.skills.has(input.call.skill)) return null;
  const skill = ctx.skills.get(input.call.skill);
  const tried = new Set([...input.attempts.map((a) => a.assignee), input.call.assignee.id]);
  const other = ctx.robots.find(
    (r) => !tried.has(r.id) && (!ctx.onlyRobots || ctx.onlyRobots.includes(r.id)) && r.capabilities.includes(skill.capability) && (skill.family === 'both' || r.families.includes(skill.family)),
  );
  return other?.id ?? null;
}
