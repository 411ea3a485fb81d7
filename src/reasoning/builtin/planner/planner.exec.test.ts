import { describe, expect, it } from 'vitest';
import { formatPredicate, parseBddlGoal } from '../../../domain/index.js';
import type { Predicate } from '../../../domain/index.js';
import { SimHousehold } from '../../../runtime/index.js';
import type { SkillCall } from '../../../runtime/index.js';
import { REACH } from '../../../world/index.js';
import { liberoTasks } from '../../../../tests/support/datasets.js';
import type { Goal } from '../../goal.js';
import { contextFromScene } from './fixtures.testutil.js';
import { planGoal, planSearch, validatePlan } from './index.js';

const P = (pred: Predicate['pred'], ...args: string[]): Predicate => ({ pred, args });

/** Plans on the belief built from the scene, runs the plan in the simulator, checks the ground truth. */
async function planAndRun(scene: string, goal: Goal): Promise<{ unmet: string[]; outcome: string; calls: SkillCall[] }> {
  const home = new SimHousehold({ scene, seed: 7, faults: 'off' });
  const ctx = contextFromScene(home.scene, REACH);
  const proposal = planGoal(goal, ctx);
  if (proposal.kind !== 'plan') throw new Error(`no plan: ${proposal.reason}`);
  expect(validatePlan(proposal.calls, goal, ctx).issues).toEqual([]);
  const calls: SkillCall[] = proposal.calls.map((c) => ({ id: c.id, skill: c.skill, args: c.args, robot: c.assignee.id, dependsOn: c.dependsOn }));
  const { outcome } = await home.run(calls, { maxSeconds: 600, approve: () => true });
  if (process.env.PLAN_DEBUG) console.log(JSON.stringify(calls), outcome);
  const all = goal.steps[goal.steps.length - 1]?.conjuncts ?? [];
  const unmet = all.filter((p) => !home.sim.world.truth.evaluate(p)).map(formatPredicate);
  return { unmet, outcome: outcome.outcome, calls };
}

describe('planned missions run to the goal in the simulator (faults off)', () => {
  const household: [string, Goal][] = [
    ['blue mug washed, then put in the closed cabinet', { steps: [{ conjuncts: [P('isClean', 'mug_blue')] }, { conjuncts: [P('in', 'mug_blue', 'cabinet_1')] }] }],
    ['apple in the fridge', { steps: [{ conjuncts: [P('in', 'apple_1', 'fridge_1')] }] }],
    ['red mug handed to Alex', { steps: [{ conjuncts: [P('heldBy', 'mug_red', 'alex')] }] }],
    ['potato heated', { steps: [{ conjuncts: [P('isHot', 'potato_1')] }] }],
    ['bread sliced', { steps: [{ conjuncts: [P('isSliced', 'bread_1')] }] }],
    ['two objects: remote to Alex and blue mug washed', { steps: [{ conjuncts: [P('heldBy', 'remote_control_1', 'alex'), P('isClean', 'mug_blue')] }] }],
  ];
  for (const [name, goal] of household) {
    it(`home: ${name}`, async () => {
      const r = await planAndRun('home', goal);
      expect({ outcome: r.outcome, unmet: r.unmet }).toEqual({ outcome: 'succeeded', unmet: [] });
    });
  }

  for (const task of liberoTasks()) {
    it(`LIBERO: ${task.instruction}`, async () => {
      const goal: Goal = { steps: [{ conjuncts: parseBddlGoal(task.goal_bddl) }] };
      const r = await planAndRun(`libero/${task.task}`, goal);
      expect({ outcome: r.outcome, unmet: r.unmet }).toEqual({ outcome: 'succeeded', unmet: [] });
    });
  }

  it('home: a search plan opens the candidate containers, likeliest first', async () => {
    const home = new SimHousehold({ scene: 'home', seed: 7, faults: 'off' });
    const ctx = contextFromScene(home.scene, REACH);
    const proposal = planSearch({ type: 'Apple', containers: ['cabinet_1', 'fridge_1'] }, ctx);
    if (proposal.kind !== 'plan') throw new Error(proposal.reason);
    const calls: SkillCall[] = proposal.calls.map((c) => ({ id: c.id, skill: c.skill, args: c.args, robot: c.assignee.id, dependsOn: c.dependsOn }));
    const { outcome } = await home.run(calls, { maxSeconds: 600 });
    expect(outcome.outcome).toBe('succeeded');
    expect(['fridge_1', 'cabinet_1'].filter((c) => !home.sim.world.truth.evaluate(P('isOpen', c)))).toEqual([]);
  });
});
