import { describe, expect, it } from 'vitest';
import { evaluateClause, evaluatePredicate, scoreGoal } from '../../bench/evaluate.js';
import { parsePredicate } from '../../bench/schema.js';
import type { Clause } from '../../bench/schema.js';
import { viewFromSnapshot } from '../../bench/world-view.js';
import { FETCH_AND_WASH, SimHousehold } from '../../src/runtime/index.js';
import { loadBuiltinScene, Simulation } from '../../src/world/index.js';

const PREDS = [
  'on(mug_red, counter_1)',
  'in(mug_blue, sink_basin_1)',
  'in(apple_2, fridge_1)',
  'isClosed(fridge_1)',
  'isOpen(fridge_1)',
  'isDirty(mug_blue)',
  'isClean(mug_blue)',
  'in(tomato_1, bowl_1)',
  'on(bowl_1, dining_table_1)',
  'isOff(floor_lamp_1)',
  'heldBy(apple_2, alex)',
  'holding(rover, apple_2)',
  'handEmpty(rover)',
  'handEmpty(kitchen_arm)',
  'inLight(book_1, floor_lamp_1)',
  'leftOf(apple_1, bread_1)',
  '!on(book_1, desk_1)',
];

describe('evaluator over the world view', () => {
  it('agrees with the world truth on the initial home', () => {
    const sim = Simulation.fromScene(loadBuiltinScene('home'), { seed: 0, noise: 'off' });
    const view = viewFromSnapshot(sim.world.truth.snapshot());
    for (const text of PREDS) {
      const p = parsePredicate(text);
      expect(evaluatePredicate(view, p), text).toBe(sim.world.truth.evaluate(p));
    }
  });

  it('agrees with the world truth after a mission changed it (handover, washing, open fridge)', async () => {
    const h = new SimHousehold({ scene: 'home', seed: 3, faults: 'off' });
    await h.run(FETCH_AND_WASH);
    const view = viewFromSnapshot(h.sim.world.truth.snapshot());
    let changed = 0;
    const initial = Simulation.fromScene(loadBuiltinScene('home'), { seed: 0, noise: 'off' });
    for (const text of PREDS) {
      const p = parsePredicate(text);
      expect(evaluatePredicate(view, p), text).toBe(h.sim.world.truth.evaluate(p));
      if (h.sim.world.truth.evaluate(p) !== initial.world.truth.evaluate(p)) changed++;
    }
    expect(changed).toBeGreaterThanOrEqual(3);
  });

  it('matches region targets to their owner and reads region state (LIBERO)', () => {
    const scene = loadBuiltinScene('libero/KITCHEN_SCENE4_put_the_black_bowl_in_the_bottom_drawer_of_the_cabinet_and_close_it');
    const sim = Simulation.fromScene(scene, { seed: 0, noise: 'off' });
    const view = viewFromSnapshot(sim.world.truth.snapshot());
    for (const text of ['isClosed(white_cabinet_1_bottom_region)', 'isOpen(white_cabinet_1_bottom_region)', 'on(akita_black_bowl_1, kitchen_table)', 'in(akita_black_bowl_1, white_cabinet_1_bottom_region)']) {
      const p = parsePredicate(text);
      expect(evaluatePredicate(view, p), text).toBe(sim.world.truth.evaluate(p));
    }
  });

  it('reports undecidable instead of guessing when the view lacks positions', () => {
    const sim = Simulation.fromScene(loadBuiltinScene('home'), { seed: 0, noise: 'off' });
    const bare = { objects: viewFromSnapshot(sim.world.truth.snapshot()).objects.map(({ position: _p, ...o }) => ({ ...o, state: { ...o.state, ...(o.id === 'floor_lamp_1' ? { on: true } : {}) } })) };
    const c: Clause = { kind: 'pred', pred: parsePredicate('inLight(book_1, floor_lamp_1)') };
    expect(evaluateClause(bare, c, { delegatedTo: [], succeeded: true })).toBe('undecidable');
  });

  it('scores a once-clause on a state the thing reached at some time, even when it has left it', () => {
    const sim = Simulation.fromScene(loadBuiltinScene('home'), { seed: 0, noise: 'off' });
    const view = viewFromSnapshot(sim.world.truth.snapshot());
    const mug = view.objects.find((o) => o.id === 'mug_red')!;
    mug.state['temperature'] = 'cold';
    const once: Clause = { kind: 'once', pred: parsePredicate('isHot(mug_red)') };
    const facts = { delegatedTo: [], succeeded: true };
    expect(evaluateClause(view, once, facts)).toBe('false');
    mug.reached = ['hot'];
    expect(evaluateClause(view, once, facts)).toBe('true');
    expect(evaluateClause(view, { kind: 'pred', pred: parsePredicate('isHot(mug_red)') }, facts)).toBe('false');
    expect(evaluateClause(view, { kind: 'once', pred: parsePredicate('isSliced(mug_red)') }, facts)).toBe('undecidable');
  });

  it('scores any-clauses, person clauses and partial goals', () => {
    const sim = Simulation.fromScene(loadBuiltinScene('home'), { seed: 0, noise: 'off' });
    const view = viewFromSnapshot(sim.world.truth.snapshot());
    const goal: Clause[] = [
      { kind: 'any', preds: [[parsePredicate('on(apple_1, desk_1)')], [parsePredicate('on(apple_1, counter_1)')]] },
      { kind: 'person', pred: parsePredicate('heldBy(mug_red, alex)'), person: 'alex' },
      { kind: 'pred', pred: parsePredicate('on(book_1, desk_1)') },
    ];
    const s1 = scoreGoal({ goal }, view, { delegatedTo: ['alex'], succeeded: true });
    expect(s1).toMatchObject({ success: false, clausesMet: 2, clauses: 3, personReported: 1 });
    const s2 = scoreGoal({ goal: goal.slice(0, 2) }, view, { delegatedTo: ['alex'], succeeded: false });
    expect(s2).toMatchObject({ success: false, clausesMet: 1, personReported: 0 });
    expect(scoreGoal({ goal: goal.slice(0, 2) }, view, { delegatedTo: ['alex'], succeeded: true }).success).toBe(true);
  });
});

describe("orca's own goal on the world's truth", () => {
  const truth = viewFromSnapshot(Simulation.fromScene(loadBuiltinScene('home'), { seed: 0, noise: 'off' }).world.truth.snapshot());
  const step = (...preds: string[]) => ({ conjuncts: preds.map(parsePredicate) });
  it('reads the last step of the mission goal: true when it holds, false when it does not, null when unreadable', async () => {
    const { ownGoalHolds } = await import('../../bench/driver.js');
    expect(ownGoalHolds({ steps: [step('on(book_1, desk_1)'), step('on(mug_red, counter_1)', 'isClosed(fridge_1)')] }, truth)).toBe(true);
    expect(ownGoalHolds({ steps: [step('on(mug_red, counter_1)'), step('on(book_1, desk_1)')] }, truth)).toBe(false);
    expect(ownGoalHolds({ steps: [step('near(nobody_1, desk_1)')] }, truth)).toBeNull();
    expect(ownGoalHolds(null, truth)).toBeNull();
    expect(ownGoalHolds({ steps: [] }, truth)).toBeNull();
  });
});
