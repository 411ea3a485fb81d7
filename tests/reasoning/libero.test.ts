import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseBddlGoal } from '../../src/domain/index.js';
import { loadBuiltinScene } from '../../src/world/index.js';
import { beliefFromScene, goalPredicates, interpret } from '../../src/reasoning/index.js';

function bddlGoal(text: string): string[] {
  return parseBddlGoal(text).map((p) => `${p.pred}(${p.args.join(',')})`).sort();
}

const rows = readFileSync('datasets/libero10.jsonl', 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { task: string; instruction: string; goal_bddl: string });

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
