import { formatPredicate } from '../../../domain/predicates.js';
import type { Predicate } from '../../../domain/predicates.js';
import { ANY_ROBOT } from '../../goal.js';
import type { Goal } from '../../goal.js';
import type { PlanningContext, PlanProposal } from '../../provider.js';
import { applyCall, lacksAffordance, requirements } from './actions.js';
import { allowedRobots, groundActions } from './ground.js';
import type { Action } from './ground.js';
import { partialOrder } from './order.js';
import { search } from './search.js';
import { World } from './state.js';
import type { SymState } from './state.js';
import { validatePlan } from './validate.js';
import { typeNoun, withArticle } from '../../words.js';

/** Whether the sequence runs (every requirement holds in turn) and reaches the steps in order. */
function works(world: World, start: SymState, seq: readonly Action[], steps: readonly (readonly Predicate[])[]): boolean {
  let s = start;
  let k = 0;
  const reached = (st: SymState): boolean => (steps[k] ?? []).every((p) => world.holds(st, p));
  while (k < steps.length - 1 && reached(s)) k++;
  for (const a of seq) {
    if (!requirements(world, s, a.g).every((r) => world.holds(s, r.pred))) return false;
    s = applyCall(world, s, a.g);
    while (k < steps.length - 1 && reached(s)) k++;
  }
  return k === steps.length - 1 && reached(s);
}

/** Drops calls the plan does not need (search can take detours), latest first. */
function eliminate(world: World, start: SymState, seq: Action[], segment: number[], steps: readonly (readonly Predicate[])[]): void {
  for (let i = seq.length - 1; i >= 0; i--) {
    const without = seq.filter((_, j) => j !== i);
    if (works(world, start, without, steps)) {
      seq.splice(i, 1);
      segment.splice(i, 1);
    }
  }
}

/** Why a step cannot be planned, in words a person (or a model) can act on. */
function explain(world: World, goal: readonly Predicate[], actions: readonly Action[]): string {
  const s = world.initialState();
  for (const p of goal) {
    if (world.holds(s, p)) continue;
    const robotFree = (q: Predicate): boolean => q.pred === p.pred && q.args.every((a, i) => a === p.args[i] || (p.args[i] === ANY_ROBOT && world.isRobot(a)));
    if (!actions.some((a) => a.g.add.some(robotFree))) {
      const robots = allowedRobots(world);
      return `no skill any of the robots (${robots.join(', ') || 'none'}) or a person can run makes ${formatPredicate(p)} true`;
    }
  }
  return `no sequence of skills reaches ${goal.map(formatPredicate).join(' and ')} from what the robots believe (closed containers, reach or capabilities block it)`;
}

/**
 * Plans a goal with forward search over grounded skill calls (weighted A*, additive relaxed-plan
 * heuristic), goal steps in order, then lifts the sequence into a partial order so independent
 * branches can run on different robots at once. Reads only the belief state. Deterministic.
 */
export function planGoal(goal: Goal, ctx: PlanningContext): PlanProposal {
  try {
    return planUnsafe(goal, ctx);
  } catch (err) {
    // A malformed skill file or belief must not take the mission down with an exception.
    return { kind: 'impossible', reason: `the planner failed: ${err instanceof Error ? err.message : String(err)}` };
  }
}

function planUnsafe(goal: Goal, ctx: PlanningContext): PlanProposal {
  const world = new World(ctx);
  for (const p of goal.steps.flatMap((s) => s.conjuncts)) {
    const unknown = p.args.find((a) => a !== ANY_ROBOT && !world.knows(a));
    if (unknown !== undefined) return { kind: 'impossible', reason: `"${unknown}" in ${formatPredicate(p)} is nothing the robots know of; look for it first.` };
  }
  for (const p of goal.steps.flatMap((s) => s.conjuncts)) {
    const lacking = p.neg ? null : lacksAffordance(world, p);
    if (lacking) return { kind: 'impossible', reason: `${lacking.id} is ${withArticle(typeNoun(world.typeOf(lacking.id) ?? ''))}, which cannot be ${lacking.word}.` };
  }
  if (allowedRobots(world).length === 0 && ctx.onlyRobots) return { kind: 'impossible', reason: `none of the robots ${ctx.onlyRobots.join(', ')} is in the fleet.` };
  const start = world.initialState();
  const steps = goal.steps.map((s) => s.conjuncts);
  let s = start;
  const seq: Action[] = [];
  const segment: number[] = [];
  const notes: string[] = [];
  for (const [k, step] of steps.entries()) {
    if (step.every((p) => world.holds(s, p))) continue;
    const actions = groundActions(world, s, step);
    let found = search(world, s, step, actions);
    // Only when the robots cannot reach the step on their own is a person offered every skill.
    if (!found.ok && world.isPerson(ctx.speaker)) found = search(world, s, step, groundActions(world, s, step, 'any'));
    if (!found.ok) return { kind: 'impossible', reason: `step ${k + 1}: ${explain(world, step, actions)}.` };
    seq.push(...found.actions);
    segment.push(...found.actions.map(() => k));
    s = found.end;
  }
  if (seq.length === 0) notes.push('the goal already holds in the belief state; nothing to do.');
  eliminate(world, start, seq, segment, steps);
  let calls = partialOrder(world, start, seq, segment);
  const people = [...new Set(calls.filter((c) => c.assignee.kind === 'person').map((c) => c.assignee.id))];
  if (people.length > 0) notes.push(`no robot can do ${calls.filter((c) => c.assignee.kind === 'person').map((c) => c.skill).join(', ')}; asked of ${people.join(', ')}.`);
  const check = validatePlan(calls, goal, ctx);
  if (!check.ok) {
    // The partial order missed an interaction: run everything one after another instead.
    calls = calls.map((c, i) => ({ ...c, dependsOn: i === 0 ? [] : [calls[i - 1]?.id ?? ''] }));
    notes.push(`ran in sequence: ${check.issues.map((i) => i.message).join(' ')}`);
  }
  return { kind: 'plan', calls, source: 'builtin', notes };
}
