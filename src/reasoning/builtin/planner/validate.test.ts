import { describe, expect, it } from 'vitest';
import { FETCH_AND_WASH } from '../../../runtime/index.js';
import { loadBuiltinScene, REACH } from '../../../world/index.js';
import type { Goal } from '../../goal.js';
import type { PlanIssue, ProposedCall } from '../../provider.js';
import { contextFromScene } from './fixtures.testutil.js';
import { validatePlan } from './index.js';

const home = () => contextFromScene(loadBuiltinScene('home'), REACH, (b) => b.markSeenInside('fridge_1'));
const call = (id: string, skill: string, args: Record<string, string>, robot = 'rover', dependsOn: string[] = []): ProposedCall => ({
  id,
  skill,
  args,
  assignee: { kind: 'robot', id: robot },
  dependsOn,
});
const codes = (issues: PlanIssue[]) => issues.map((i) => i.code);

describe('validatePlan', () => {
  it('accepts the hand-written FETCH_AND_WASH mission and its goal', () => {
    const ctx = contextFromScene(loadBuiltinScene('home'), REACH, (b) => {
      // The apple is inside the closed fridge; a belief that has seen inside knows it.
      b.entities.set('apple_2', { id: 'apple_2', type: 'Apple', attributes: { color: 'green' }, state: {}, placement: { relation: 'in', target: 'fridge_1' }, heldBy: null, position: { x: 0.45, y: 6.2, z: 0.9 }, room: 'kitchen', lastSeen: 0, seenBy: ['rover'], regions: [], fixture: false });
    });
    const calls = FETCH_AND_WASH.map((c) => call(c.id, c.skill, c.args, c.robot, c.dependsOn ?? []));
    const goal: Goal = { steps: [{ conjuncts: [{ pred: 'heldBy', args: ['apple_2', 'alex'] }, { pred: 'isClean', args: ['mug_blue'] }] }] };
    const v = validatePlan(calls, goal, ctx);
    expect(v.issues).toEqual([]);
    expect(v.ok).toBe(true);
  });

  it('names an unknown skill', () => {
    const v = validatePlan([call('a', 'teleport', { target: 'fridge_1' })], null, home());
    expect(codes(v.issues)).toEqual(['unknown_skill']);
    expect(v.issues[0]?.message).toContain('teleport');
  });

  it('catches unknown entities, missing and wrong arguments', () => {
    const v = validatePlan(
      [
        call('a', 'navigate', { target: 'unicorn_1' }),
        call('b', 'pick', {}),
        call('c', 'pick', { object: 'fridge_1' }),
        call('d', 'slice', { object: 'bread_1', tool: 'spoon_1' }),
        call('e', 'navigate', { target: 'counter_1', speed: 'fast' }),
      ],
      null,
      home(),
    );
    expect(codes(v.issues)).toEqual(['unknown_entity', 'missing_argument', 'bad_argument', 'bad_argument', 'bad_argument']);
    expect(v.issues[3]?.message).toContain('Knife or ButterKnife');
  });

  it('catches unknown assignees, missing capabilities and foreign skill families', () => {
    const v = validatePlan(
      [
        call('a', 'navigate', { target: 'counter_1' }, 'robo_x'),
        call('b', 'navigate', { target: 'counter_1' }, 'kitchen_arm'),
        call('c', 'put_in', { object: 'apple_1', container: 'sink_basin_1' }, 'kitchen_arm'),
        { ...call('d', 'pick', { object: 'apple_1' }), assignee: { kind: 'person', id: 'nobody' } },
      ],
      null,
      home(),
    );
    expect(codes(v.issues)).toEqual(['unknown_assignee', 'capability_missing', 'capability_missing', 'unknown_assignee']);
    expect(v.issues[1]?.message).toContain('"navigate"');
    expect(v.issues[2]?.message).toContain('tabletop');
  });

  it('simulates preconditions in dependency order', () => {
    const ctx = home();
    const v = validatePlan([call('pick', 'pick', { object: 'apple_1' })], null, ctx);
    expect(codes(v.issues)).toEqual(['precondition_unmet']);
    expect(v.issues[0]?.message).toContain('near(rover, apple_1)');
    const ok = validatePlan([call('go', 'navigate', { target: 'apple_1' }), call('pick', 'pick', { object: 'apple_1' }, 'rover', ['go'])], null, ctx);
    expect(ok.issues).toEqual([]);
  });

  it('requires a closed container to be opened before placing into it', () => {
    const v = validatePlan(
      [call('go', 'navigate', { target: 'apple_1' }), call('pick', 'pick', { object: 'apple_1' }, 'rover', ['go']), call('go2', 'navigate', { target: 'fridge_1' }, 'rover', ['pick']), call('put', 'place', { object: 'apple_1', receptacle: 'fridge_1' }, 'rover', ['go2'])],
      null,
      home(),
    );
    expect(codes(v.issues)).toEqual(['precondition_unmet']);
    expect(v.issues[0]?.message).toContain('isOpen(fridge_1)');
  });

  it('flags a call that relies on another without depending on it', () => {
    const v = validatePlan([call('go', 'navigate', { target: 'apple_1' }), call('pick', 'pick', { object: 'apple_1' })], null, home());
    expect(codes(v.issues)).toEqual(['bad_dependency']);
    expect(v.issues[0]?.message).toContain('"go"');
  });

  it('reports unknown dependencies, duplicate ids and cycles', () => {
    const v = validatePlan(
      [call('a', 'navigate', { target: 'counter_1' }, 'rover', ['zzz']), call('b', 'navigate', { target: 'sofa_1' }, 'rover', ['c']), call('c', 'navigate', { target: 'bed_1' }, 'rover', ['b']), call('a', 'navigate', { target: 'bed_1' })],
      null,
      home(),
    );
    expect(codes(v.issues).filter((c) => c === 'bad_dependency').length).toBeGreaterThanOrEqual(3);
    expect(v.issues.some((i) => i.message.includes('cycle'))).toBe(true);
    expect(v.issues.some((i) => i.message.includes('"zzz"'))).toBe(true);
  });

  it('reports a fixed arm asked to act out of reach', () => {
    const v = validatePlan([call('p', 'pick', { object: 'remote_control_1' }, 'kitchen_arm')], null, home());
    expect(codes(v.issues)).toEqual(['unreachable']);
    expect(v.issues[0]?.message).toContain('kitchen_arm');
  });

  it('reports a goal the plan does not reach, and accepts ANY_ROBOT', () => {
    const ctx = home();
    const plan = [call('go', 'navigate', { target: 'apple_1' }), call('pick', 'pick', { object: 'apple_1' }, 'rover', ['go'])];
    const holding: Goal = { steps: [{ conjuncts: [{ pred: 'holding', args: ['*', 'apple_1'] }] }] };
    expect(validatePlan(plan, holding, ctx).ok).toBe(true);
    const inFridge: Goal = { steps: [{ conjuncts: [{ pred: 'in', args: ['apple_1', 'fridge_1'] }] }] };
    const v = validatePlan(plan, inFridge, ctx);
    expect(codes(v.issues)).toEqual(['goal_unmet']);
    expect(v.issues[0]?.message).toContain('in(apple_1, fridge_1)');
  });
});
