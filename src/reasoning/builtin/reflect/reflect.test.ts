import { describe, expect, it } from 'vitest';
import type { FailureCode } from '../../../domain/index.js';
import { loadBuiltinScene, REACH } from '../../../world/index.js';
import type { BeliefState } from '../../belief.js';
import { ReflectionChoiceSchema } from '../../provider.js';
import type { PlanningContext, ProposedCall, ReflectionChoice, ReflectionInput } from '../../provider.js';
import { contextFromScene } from '../planner/fixtures.testutil.js';
import { validatePlan } from '../planner/index.js';
import { describeFromBelief, POLICY, reflect } from './index.js';

const home = (tweak?: (b: BeliefState) => void): PlanningContext => contextFromScene(loadBuiltinScene('home'), REACH, tweak);
const call = (id: string, skill: string, args: Record<string, string>, robot = 'rover'): ProposedCall => ({ id, skill, args, assignee: { kind: 'robot', id: robot }, dependsOn: [] });

function input(c: ProposedCall, code: FailureCode, failures: number, opts: Partial<ReflectionInput> = {}): ReflectionInput {
  return {
    call: c,
    failure: { code, message: `${code} happened` },
    attempts: Array.from({ length: failures }, () => ({ result: 'failed', failureCode: code, assignee: c.assignee.id })),
    remainingRetries: 3,
    remaining: [],
    goal: { steps: [] },
    context: home(),
    ...opts,
  };
}

function decided(i: ReflectionInput): ReflectionChoice {
  const choice = reflect(i);
  expect(ReflectionChoiceSchema.safeParse(choice).success).toBe(true);
  expect(choice.why.length).toBeGreaterThan(10);
  return choice;
}

const pickMug = call('pick_mug', 'pick', { object: 'mug_red' });

describe('reflect: the rule table', () => {
  it('has a ladder for every failure code', () => {
    for (const ladder of Object.values(POLICY)) expect(ladder.length).toBeGreaterThan(0);
  });

  it('grasp_failed: retry, then a reworded trained phrasing, then another robot, then the speaker', () => {
    expect(decided(input(pickMug, 'grasp_failed', 1)).kind).toBe('retry');
    const second = decided(input(pickMug, 'grasp_failed', 2));
    expect(second.kind).toBe('retry_reworded');
    if (second.kind === 'retry_reworded') {
      expect(second.instruction).toContain('red mug');
      expect(second.instruction).not.toBe('pick up the red mug');
    }
    expect(decided(input(pickMug, 'grasp_failed', 3)).kind).toBe('replan');
    const alone = decided(input(pickMug, 'grasp_failed', 3, { context: { ...home(), onlyRobots: ['rover'] } }));
    expect(alone).toMatchObject({ kind: 'delegate', person: 'alex' });
  });

  it("rewords only among the phrasings the robot's policy was trained on, and never repeats one already tried", () => {
    const trained = ['put the {object} on the {receptacle}', 'pick up the {object} and place it on the {receptacle}'];
    const ctx = home();
    const trainedCtx: PlanningContext = { ...ctx, robots: ctx.robots.map((r) => ({ ...r, trainedTemplates: trained })) };
    const putOn = call('put_mug', 'put_on', { object: 'mug_red', target: 'counter_1' });
    const tried = (instruction: string) => ({ result: 'failed', failureCode: 'grasp_failed' as const, assignee: 'rover', instruction });
    const first = 'put the red mug on the kitchen counter';
    const choice = decided(input(putOn, 'grasp_failed', 0, { context: trainedCtx, attempts: [tried(first), tried(first)] }));
    expect(choice).toMatchObject({ kind: 'retry_reworded', instruction: expect.stringMatching(/^pick up the red mug and place it on the /) });
    // Both trained phrasings tried: no rewording is left, so the ladder moves on.
    const both = [tried(first), tried(choice.kind === 'retry_reworded' ? choice.instruction : '')];
    expect(decided(input(putOn, 'grasp_failed', 0, { context: trainedCtx, attempts: both })).kind).not.toBe('retry_reworded');
  });

  it('names a region by its owner and what it is, and look-alikes by their side', () => {
    const stove = contextFromScene(loadBuiltinScene('libero/KITCHEN_SCENE3_turn_on_the_stove_and_put_the_moka_pot_on_it'), REACH).belief;
    expect(describeFromBelief(stove, 'flat_stove_1_cook_region')).toBe(`${describeFromBelief(stove, 'flat_stove_1')} cook region`);
    const b = home().belief;
    const [a, c] = ['plate_a', 'plate_b'].map((id, i) => ({ ...b.get('mug_red')!, id, type: 'Plate', attributes: { color: 'white', material: 'ceramic' }, position: { x: i, y: 0, z: 1 }, placement: { relation: 'on' as const, target: 'counter_1' } }));
    b.entities.delete('plate_1');
    b.entities.set(a!.id, a!);
    b.entities.set(c!.id, { ...c!, placement: { relation: 'on', target: 'dining_table_1' } });
    expect(describeFromBelief(b, 'plate_a', true)).toBe('left plate');
    expect(describeFromBelief(b, 'plate_b', true)).toBe('right plate');
    b.entities.set('mug_p', { ...b.get('mug_red')!, id: 'mug_p', type: 'porcelain_mug', attributes: { color: 'white', material: 'porcelain' } });
    expect(describeFromBelief(b, 'mug_p', true)).toBe('white porcelain mug');
  });

  it('object_dropped: inserts fetching the object from where it now lies, then the call runs again', () => {
    const ctx = home((b) => {
      const fridge = b.get('fridge_1');
      if (fridge) fridge.state.open = true;
    });
    const place = call('put_apple', 'place', { object: 'apple_1', receptacle: 'fridge_1' });
    const choice = decided(input(place, 'object_dropped', 1, { context: ctx }));
    expect(choice.kind).toBe('insert');
    if (choice.kind !== 'insert') return;
    expect(choice.calls.some((c) => c.skill === 'pick' && c.args.object === 'apple_1')).toBe(true);
    expect(choice.calls.every((c) => c.id.startsWith('fix_put_apple_'))).toBe(true);
    expect(validatePlan([...choice.calls, { ...place, dependsOn: choice.calls.map((c) => c.id) }], null, ctx).issues).toEqual([]);
  });

  it('wrong_object: rewords with what sets the object apart', () => {
    const choice = decided(input(pickMug, 'wrong_object', 1));
    expect(choice.kind).toBe('retry_reworded');
    if (choice.kind === 'retry_reworded') expect(choice.instruction).toContain('red');
    expect(decided(input(pickMug, 'wrong_object', 2)).kind).toBe('ask');
  });

  it('wrong_object when the one trained phrasing, already naming what sets the thing apart, was tried: retried as is, not a question', () => {
    const ctx = home();
    const trainedCtx: PlanningContext = { ...ctx, robots: ctx.robots.map((r) => ({ ...r, trainedTemplates: ['pick up the {object}'] })) };
    const pickPotato = call('pick_potato', 'pick', { object: 'potato_1' });
    const first = decided(input(pickPotato, 'wrong_object', 0, { context: trainedCtx, attempts: [] }));
    expect(first.kind).toBe('retry_reworded');
    const said = first.kind === 'retry_reworded' ? first.instruction : '';
    const again = decided(input(pickPotato, 'wrong_object', 0, { context: trainedCtx, attempts: [{ result: 'failed', failureCode: 'wrong_object', assignee: 'rover', instruction: said }] }));
    expect(again.kind).toBe('retry');
  });

  it('object_not_found: searches the closed containers no one looked into, else asks', () => {
    const pickEgg = call('pick_egg', 'pick', { object: 'egg_1' });
    const choice = decided(input(pickEgg, 'object_not_found', 1));
    expect(choice.kind).toBe('insert');
    if (choice.kind === 'insert') expect(choice.calls.some((c) => c.skill === 'search' && c.args.location === 'fridge_1')).toBe(true);
    const allSeen = home((b) => b.unknowns().forEach((u) => b.markSeenInside(u.id)));
    expect(decided(input(pickEgg, 'object_not_found', 1, { context: allSeen })).kind).toBe('ask');
  });

  it('precondition_unmet: inserts the enabling calls (opening the closed fridge)', () => {
    const ctx = home();
    const place = call('put_apple', 'place', { object: 'apple_1', receptacle: 'fridge_1' });
    const choice = decided(input(place, 'precondition_unmet', 1, { context: ctx }));
    expect(choice.kind).toBe('insert');
    if (choice.kind === 'insert') expect(choice.calls.some((c) => c.skill === 'open' && c.args.target === 'fridge_1')).toBe(true);
  });

  it('stalled and timeout: retry, then another robot, else the speaker', () => {
    const wash = call('wash', 'clean', { object: 'mug_blue', sink: 'sink_basin_1' }, 'kitchen_arm');
    for (const code of ['stalled', 'timeout'] as const) {
      expect(decided(input(wash, code, 1)).kind).toBe('retry');
      expect(decided(input(wash, code, 2)).kind).toBe('replan');
      expect(decided(input(wash, code, 2, { context: { ...home(), onlyRobots: ['kitchen_arm'] } })).kind).toBe('delegate');
    }
  });

  it('false_completion: follows the verifier diagnosis', () => {
    const i = input(pickMug, 'false_completion', 1);
    const choice = decided({ ...i, failure: { ...i.failure, diagnosis: 'wrong_object' } });
    expect(choice.kind).toBe('retry_reworded');
    expect(choice.why).toContain('diagnosed wrong_object');
    expect(decided(input(pickMug, 'false_completion', 1)).kind).toBe('retry');
  });

  it('executor_error: retry once, then a person', () => {
    expect(decided(input(pickMug, 'executor_error', 1)).kind).toBe('retry');
    expect(decided(input(pickMug, 'executor_error', 2))).toMatchObject({ kind: 'delegate', person: 'alex' });
  });

  it('unsafe_action and no_capable_robot: delegate, or abort with nobody to ask', () => {
    for (const code of ['unsafe_action', 'no_capable_robot'] as const) {
      expect(decided(input(pickMug, code, 1)).kind).toBe('delegate');
      expect(decided(input(pickMug, code, 1, { context: { ...home(), speaker: '' } })).kind).toBe('abort');
    }
  });

  it('does not ask a person again for what they already took on and could not do', () => {
    const attempts = [
      { result: 'failed', failureCode: 'executor_error' as const, assignee: 'rover' },
      { result: 'failed', failureCode: 'executor_error' as const, assignee: 'person:alex' },
    ];
    expect(decided(input(pickMug, 'executor_error', 2, { attempts })).kind).toBe('replan');
    expect(decided(input(pickMug, 'executor_error', 2, { attempts, context: { ...home(), onlyRobots: ['rover'] } })).kind).toBe('abort');
  });

  it('replans once when the thing a robot should work on is in a person\'s hands', () => {
    const withAlex = home((b) => {
      const mug = b.get('mug_red');
      if (mug) Object.assign(mug, { heldBy: 'alex', placement: null });
    });
    const place = call('place_mug', 'place_on', { object: 'mug_red', receptacle: 'dining_table_1' });
    const choice = decided(input(place, 'timeout', 1, { context: withAlex }));
    expect(choice.kind).toBe('replan');
    expect(choice.why).toContain('Alex');
    expect(decided(input(place, 'timeout', 1)).kind).toBe('retry');
  });

  it('a stop is never retried', () => {
    for (const code of ['estopped', 'cancelled'] as const) expect(decided(input(pickMug, code, 1)).kind).toBe('abort');
  });

  it('uncertain: a mobile robot looks again first', () => {
    const choice = decided(input(pickMug, 'uncertain', 1));
    expect(choice.kind).toBe('insert');
    if (choice.kind === 'insert') expect(choice.calls[0]?.skill).toBe('look_around');
  });

  it('budget spent: another robot once, else the speaker', () => {
    const spent = { remainingRetries: 0 };
    const first = decided(input(pickMug, 'grasp_failed', 1, spent));
    expect(first.kind).toBe('replan');
    expect(first.why).toContain('budget');
    const replanned = input(pickMug, 'grasp_failed', 1, spent);
    const afterReplan = decided({ ...replanned, attempts: [...replanned.attempts, { result: 'replanned', assignee: 'rover' }] });
    expect(afterReplan).toMatchObject({ kind: 'delegate', person: 'alex' });
    expect(decided(input(pickMug, 'precondition_unmet', 1, { ...spent, context: { ...home(), onlyRobots: ['rover'], speaker: '' } })).kind).toBe('replan');
  });
});
