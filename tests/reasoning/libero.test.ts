import { describe, expect, it } from 'vitest';
import { parseBddlGoal } from '../../src/domain/index.js';
import { liberoTasks } from '../support/datasets.js';
import { loadBuiltinScene } from '../../src/world/index.js';
import { beliefFromScene, goalPredicates, interpret } from '../../src/reasoning/index.js';

function bddlGoal(text: string): string[] {
  return parseBddlGoal(text).map((p) => `${p.pred}(${p.args.join(',')})`).sort();
}

const rows = liberoTasks();

describe('LIBERO-10 instructions on their own scenes', () => {
  for (const row of rows) {
    it(row.instruction, () => {
      const belief = beliefFromScene(loadBuiltinScene(`libero/${row.task}`));
      const r = interpret(row.instruction, belief, { speaker: 'user' });
      expect(r.kind, JSON.stringify(r)).toBe('goal');
      if (r.kind !== 'goal') return;
      const got = goalPredicates(r.goal).map((p) => `${p.pred}(${p.args.join(',')})`).sort();
      expect(got).toEqual(bddlGoal(row.goal_bddl));
    });
  }
});
