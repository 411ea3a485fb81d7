import { formatPredicate } from '../../../domain/predicates.js';
import type { Predicate } from '../../../domain/predicates.js';
import type { Goal } from '../../goal.js';
import type { PlanIssue, PlanningContext, PlanValidation, ProposedCall } from '../../provider.js';
import { applyCall, checkCall, requirements } from './actions.js';
import type { GroundCall } from './actions.js';
import { World } from './state.js';
import type { SymState } from './state.js';

/** Calls in an order that respects dependsOn (stable: ties keep the plan's order), and those in a cycle. */
export function topoOrder(calls: readonly ProposedCall[]): { order: ProposedCall[]; cyclic: ProposedCall[] } {
  const ids = new Set(calls.map((c) => c.id));
  const done = new Set<string>();
  const order: ProposedCall[] = [];
  let progress = true;
  while (progress) {
    progress = false;
    for (const c of calls) {
      if (done.has(c.id)) continue;
      if (c.dependsOn.every((d) => done.has(d) || !ids.has(d))) {
        done.add(c.id);
        order.push(c);
        progress = true;
        break;
      }
    }
  }
  return { order, cyclic: calls.filter((c) => !done.has(c.id)) };
}

/** Every call each call transitively depends on. */
function ancestors(order: readonly ProposedCall[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const c of order) {
    const set = new Set<string>();
    for (const d of c.dependsOn) {
      set.add(d);
      for (const a of out.get(d) ?? []) set.add(a);
    }
    out.set(c.id, set);
  }
  return out;
}

/** Skills whose effects can make `p` true, named in repair hints. */
function achievers(ctx: PlanningContext, p: Predicate): string[] {
  return ctx.skills
    .list()
    .filter((s) => ctx.skills.parsed(s.name).add.some((a) => a.pred === p.pred))
    .map((s) => s.name);
}

function unmetMessage(world: World, s: SymState, g: GroundCall, p: Predicate, why: string): { code: PlanIssue['code']; message: string } {
  const [agent = '', target = ''] = p.args;
  const robot = world.robots.get(agent);
  if (p.pred === 'near' && robot?.kind === 'fixed_arm') {
    const at = world.pos(s, target);
    const d = at ? Math.hypot(at.x - robot.position.x, at.y - robot.position.y) : NaN;
    return {
      code: 'unreachable',
      message: `${g.id}: fixed arm ${agent} cannot reach ${target} (${d.toFixed(2)} m from its base, reach ${robot.reach.toFixed(2)} m); assign ${g.skill.name} to a mobile robot or bring ${target} within reach first.`,
    };
  }
  const fix = achievers(world.ctx, p);
  return {
    code: 'precondition_unmet',
    message: `${g.id}: ${formatPredicate(p)} (${why}) does not hold when ${g.skill.name} would run; add a call that achieves it${fix.length > 0 ? ` (e.g. ${fix.join(' or ')})` : ''} before ${g.id} and list it in dependsOn.`,
  };
}

/** The index of the step the plan reaches last, or the first step it never reaches. */
function checkGoal(world: World, states: readonly SymState[], goal: Goal): PlanIssue[] {
  let t = 0;
  for (const [k, step] of goal.steps.entries()) {
    const last = k === goal.steps.length - 1;
    const holds = (s: SymState): boolean => step.conjuncts.every((p) => world.holds(s, p));
    let found = -1;
    if (last) found = holds(states[states.length - 1] as SymState) ? states.length - 1 : -1;
    else for (let i = t; i < states.length && found < 0; i++) if (holds(states[i] as SymState)) found = i;
    if (found < 0) {
      const end = states[states.length - 1] as SymState;
      const unmet = step.conjuncts.filter((p) => !world.holds(end, p)).map(formatPredicate);
      const what = unmet.length > 0 ? unmet.join(', ') : step.conjuncts.map(formatPredicate).join(', ');
      return [
        {
          callId: null,
          code: 'goal_unmet',
          message: `goal step ${k + 1} of ${goal.steps.length} (${what}) is not ${last ? 'true when the plan ends' : 'reached in order'}; add the calls that achieve it.`,
        },
      ];
    }
    t = found;
  }
  return [];
}

/**
 * Symbolic validation of a proposed plan over the belief state: static checks of every call, then a
 * simulation in dependency order checking preconditions (and that each call waits for the calls that
 * enable it), then the goal. Issues are sentences meant to be fed back to a model for repair.
 */
export function validatePlan(calls: readonly ProposedCall[], goal: Goal | null, ctx: PlanningContext): PlanValidation {
  const world = new World(ctx);
  const issues: PlanIssue[] = [];
  const seen = new Set<string>();
  for (const c of calls) {
    if (seen.has(c.id)) issues.push({ callId: c.id, code: 'bad_dependency', message: `${c.id}: two calls share the id "${c.id}"; call ids must be unique.` });
    seen.add(c.id);
    for (const d of c.dependsOn) {
      if (d === c.id) issues.push({ callId: c.id, code: 'bad_dependency', message: `${c.id}: depends on itself.` });
      else if (!calls.some((x) => x.id === d)) issues.push({ callId: c.id, code: 'bad_dependency', message: `${c.id}: depends on "${d}", which is not a call of this plan.` });
    }
  }
  const { order, cyclic } = topoOrder(calls);
  if (cyclic.length > 0) {
    issues.push({
      callId: cyclic[0]?.id ?? null,
      code: 'bad_dependency',
      message: `calls ${cyclic.map((c) => c.id).join(', ')} depend on each other in a cycle; no order can run them.`,
    });
  }
  const anc = ancestors(order);
  let s = world.initialState();
  const states: SymState[] = [s];
  const madeBy: string[] = [];
  for (const call of order) {
    const { issues: own, ground } = checkCall(world, call);
    issues.push(...own);
    if (!ground) continue;
    for (const r of requirements(world, s, ground)) {
      if (world.holds(s, r.pred)) {
        const by = latestAchiever(world, states, madeBy, r.pred);
        if (by !== null && !(anc.get(call.id)?.has(by) ?? false)) {
          issues.push({
            callId: call.id,
            code: 'bad_dependency',
            message: `${call.id}: needs ${formatPredicate(r.pred)}, which ${by} achieves, but does not depend on ${by} (directly or indirectly); add "${by}" to its dependsOn.`,
          });
        }
        continue;
      }
      issues.push({ callId: call.id, ...unmetMessage(world, s, ground, r.pred, r.why) });
    }
    s = applyCall(world, s, ground);
    states.push(s);
    madeBy.push(call.id);
  }
  if (goal && goal.steps.length > 0) issues.push(...checkGoal(world, states, goal));
  return { ok: issues.length === 0, issues };
}

/** The last call (in simulation order) that turned `p` from false to true, or null if it held from the start. */
function latestAchiever(world: World, states: readonly SymState[], madeBy: readonly string[], p: Predicate): string | null {
  for (let i = states.length - 1; i > 0; i--) {
    const before = states[i - 1] as SymState;
    const after = states[i] as SymState;
    if (world.holds(after, p) && !world.holds(before, p)) return madeBy[i - 1] ?? null;
  }
  return null;
}
