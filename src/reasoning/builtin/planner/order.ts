import type { ProposedCall } from '../../provider.js';
import { applyCall, requirements } from './actions.js';
import type { Action } from './ground.js';
import type { SymState, World } from './state.js';

/** A readable, unique call id: `pick_apple_2`, `navigate_fridge_1_2`. */
function callIds(actions: readonly Action[]): string[] {
  const used = new Set<string>();
  return actions.map((a) => {
    const first = a.g.skill.parameters[0]?.name;
    const base = `${a.g.skill.name}${first ? `_${a.g.args[first] ?? ''}` : ''}`.slice(0, 58);
    let id = base;
    for (let n = 2; used.has(id); n++) id = `${base}_${n}`;
    used.add(id);
    return id;
  });
}

/** What a call changes (not where its robot goes): the things named in its effects, by owner. */
const touched = (world: World, a: Action): Set<string> =>
  new Set(
    [...a.g.add, ...a.g.del]
      .filter((p) => p.pred !== 'near')
      .flatMap((p) => p.args)
      .filter((v) => v !== '*' && v !== a.g.assignee.id && !world.isRobot(v) && !world.isPerson(v))
      .map((v) => world.ownerOf(v)),
  );

/**
 * Turns a totally ordered plan into a partial order from causal links: a call waits for the calls
 * that make its requirements true, for the previous call of the same assignee, for earlier calls on
 * the same things, and for earlier calls whose requirements it would break. Calls of a later goal
 * step wait for the earlier step. Only direct edges are kept (transitive reduction).
 */
export function partialOrder(world: World, start: SymState, actions: readonly Action[], segment: readonly number[]): ProposedCall[] {
  const states: SymState[] = [start];
  for (const a of actions) states.push(applyCall(world, states[states.length - 1] as SymState, a.g));
  const ids = callIds(actions);
  const deps: Set<number>[] = actions.map(() => new Set<number>());
  actions.forEach((a, j) => {
    const before = states[j] as SymState;
    for (const r of requirements(world, before, a.g)) {
      for (let i = j - 1; i >= 0; i--) {
        if (world.holds(states[i + 1] as SymState, r.pred) && !world.holds(states[i] as SymState, r.pred)) {
          deps[j]?.add(i);
          break;
        }
      }
    }
    const mine = touched(world, a);
    for (let i = 0; i < j; i++) {
      const other = actions[i] as Action;
      const sameAssignee = other.g.assignee.id === a.g.assignee.id;
      const shared = [...touched(world, other)].some((x) => mine.has(x));
      const seg = (segment[i] ?? 0) < (segment[j] ?? 0);
      if (sameAssignee || shared || seg) {
        deps[j]?.add(i);
        continue;
      }
      // Would running this call first break what the earlier call needs?
      const early = states[i] as SymState;
      const clobbered = applyCall(world, early, a.g);
      if (requirements(world, early, other.g).some((r) => world.holds(early, r.pred) && !world.holds(clobbered, r.pred))) deps[j]?.add(i);
    }
  });
  const reach: Set<number>[] = [];
  actions.forEach((_, j) => {
    const all = new Set<number>();
    for (const d of deps[j] ?? []) {
      all.add(d);
      for (const x of reach[d] ?? []) all.add(x);
    }
    reach.push(all);
  });
  return actions.map((a, j) => {
    const direct = [...(deps[j] ?? [])].filter((d) => ![...(deps[j] ?? [])].some((e) => e !== d && (reach[e]?.has(d) ?? false)));
    return {
      id: ids[j] as string,
      skill: a.g.skill.name,
      args: { ...a.g.args },
      assignee: { ...a.g.assignee },
      dependsOn: direct.sort((x, y) => x - y).map((d) => ids[d] as string),
    };
  });
}
