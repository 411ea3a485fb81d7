import { describe, expect, it } from 'vitest';
import type { Predicate } from '../../../domain/index.js';
import { loadBuiltinScene, REACH } from '../../../world/index.js';
import type { Goal } from '../../goal.js';
import type { PlanningContext, ProposedCall } from '../../provider.js';
import { contextFromScene } from './fixtures.testutil.js';
import { planGoal } from './index.js';

const P = (pred: Predicate['pred'], ...args: string[]): Predicate => ({ pred, args });
const one = (...conjuncts: Predicate[]): Goal => ({ steps: [{ conjuncts }] });
const home = (): PlanningContext => contextFromScene(loadBuiltinScene('home'), REACH);

function calls(goal: Goal, ctx: PlanningContext): ProposedCall[] {
  const p = planGoal(goal, ctx);
  if (p.kind !== 'plan') throw new Error(`impossible: ${p.reason}`);
  return p.calls;
}

const who = (cs: readonly ProposedCall[], skill: string): string | undefined => cs.find((c) => c.skill === skill)?.assignee.id;

describe('allocation with the site memory: robots that keep failing a skill on a type of object', () => {
  const goal = one(P('in', 'apple_1', 'sink_basin_1'));

  it('goes to another robot that can do the skill', () => {
    const usual = who(calls(goal, home()), 'pick');
    expect(usual).toBeDefined();
    const avoid = [{ entryId: 'mem-1', skill: 'pick', objectType: 'Apple', robot: usual! }];
    const other = who(calls(goal, { ...home(), avoid }), 'pick');
    expect(other).toBeDefined();
    expect(other).not.toBe(usual);
  });

  it('keeps the robot when no other can do it, rather than asking a person', () => {
    const ctx = { ...home(), onlyRobots: ['rover'] };
    const avoid = [{ entryId: 'mem-1', skill: 'pick', objectType: 'Apple', robot: 'rover' }];
    expect(who(calls(goal, { ...ctx, avoid }), 'pick')).toBe('rover');
  });

  it('leaves other types of object alone', () => {
    const usual = who(calls(goal, home()), 'pick');
    const avoid = [{ entryId: 'mem-1', skill: 'pick', objectType: 'Mug', robot: usual! }];
    expect(who(calls(goal, { ...home(), avoid }), 'pick')).toBe(usual);
  });
});
