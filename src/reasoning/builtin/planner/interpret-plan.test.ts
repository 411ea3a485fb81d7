import { describe, expect, it } from 'vitest';
import { loadBuiltinScene, REACH } from '../../../world/index.js';
import { liberoTasks } from '../../../../tests/support/datasets.js';
import { interpret } from '../interpret/index.js';
import { contextFromScene } from './fixtures.testutil.js';
import { planGoal, validatePlan } from './index.js';

/** From words to a validated plan: the interpreter's goals are what the planner is fed. */
function planFor(scene: string, instruction: string) {
  const ctx = contextFromScene(loadBuiltinScene(scene), REACH);
  const r = interpret(instruction, ctx.belief, { speaker: ctx.speaker });
  if (r.kind !== 'goal') throw new Error(`${instruction}: ${JSON.stringify(r)}`);
  const p = planGoal(r.goal, ctx);
  if (p.kind !== 'plan') throw new Error(`${instruction}: ${p.reason}`);
  return { ctx, goal: r.goal, calls: p.calls };
}

describe('interpreted instructions plan to valid plans', () => {
  for (const task of liberoTasks()) {
    it(`LIBERO: ${task.instruction}`, () => {
      const { ctx, goal, calls } = planFor(`libero/${task.task}`, task.instruction);
      expect(validatePlan(calls, goal, ctx).issues).toEqual([]);
    });
  }
  for (const instruction of ['bring me the red mug', 'put the apple in the fridge', 'heat the potato', 'slice the bread', 'wash the blue mug and then put it in the cabinet', 'put the book on the desk']) {
    it(`home: ${instruction}`, () => {
      const { ctx, goal, calls } = planFor('home', instruction);
      expect(calls.length).toBeGreaterThan(0);
      expect(validatePlan(calls, goal, ctx).issues).toEqual([]);
    });
  }
});
