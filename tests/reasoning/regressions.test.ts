import { describe, expect, it } from 'vitest';
import { beliefFromScene, interpret } from '../../src/reasoning/index.js';
import { loadBuiltinScene } from '../../src/world/index.js';

const belief = beliefFromScene(loadBuiltinScene('home'));
const goalOf = (text: string) => {
  const r = interpret(text, belief, { speaker: 'alex' });
  if (r.kind !== 'goal') throw new Error(`${text}: ${r.kind} ${JSON.stringify(r).slice(0, 200)}`);
  return r.goal.steps.flatMap((s) => s.conjuncts.map((p) => `${p.pred}(${p.args.join(',')})`));
};

describe('interpretations found wrong by the benchmark', () => {
  it('reads "plate" as the plate, not as a misspelt "place"', () => {
    expect(goalOf('heat the potato and put it on the plate')).toEqual(['isHot(potato_1)', 'on(potato_1,plate_1)']);
  });

  it('reads an adjective-tagged verb with its particle ("warm up the bread") as the action', () => {
    expect(goalOf('warm up the bread and put it on the dining table')).toEqual(['isHot(bread_1)', 'on(bread_1,dining_table_1)']);
  });

  it('visits two places one after the other, never both at once', () => {
    for (const text of ['go to the sofa and the bed', 'go to the sofa and go to the bed']) {
      const r = interpret(text, belief, { speaker: 'alex' });
      if (r.kind !== 'goal') throw new Error(`${text}: ${r.kind}`);
      expect(r.goal.steps.map((s) => s.conjuncts.map((p) => `${p.pred}(${p.args.join(',')})`))).toEqual([['near(*,sofa_1)'], ['near(*,bed_1)']]);
    }
  });
});
