import { describe, expect, it } from 'vitest';
import { parseBddlGoal } from '../../../domain/index.js';
import type { Predicate } from '../../../domain/index.js';
import { loadBuiltinScene, REACH } from '../../../world/index.js';
import { liberoTasks } from '../../../../tests/support/datasets.js';
import type { Goal } from '../../goal.js';
import type { PlanningContext, ProposedCall } from '../../provider.js';
import { contextFromScene } from './fixtures.testutil.js';
import { planGoal, planSearch, validatePlan } from './index.js';

const P = (pred: Predicate['pred'], ...args: string[]): Predicate => ({ pred, args });
const one = (...conjuncts: Predicate[]): Goal => ({ steps: [{ conjuncts }] });
const home = (): PlanningContext => contextFromScene(loadBuiltinScene('home'), REACH);

function planned(goal: Goal, ctx: PlanningContext): ProposedCall[] {
  const p = planGoal(goal, ctx);
  if (p.kind !== 'plan') throw new Error(`impossible: ${p.reason}`);
  expect(validatePlan(p.calls, goal, ctx).issues).toEqual([]);
  return p.calls;
}

/** Whether call b (transitively) waits for call a. */
function waitsFor(calls: readonly ProposedCall[], b: string, a: string): boolean {
  const byId = new Map(calls.map((c) => [c.id, c]));
  const stack = [...(byId.get(b)?.dependsOn ?? [])];
  const seen = new Set<string>();
  while (stack.length > 0) {
    const x = stack.pop() as string;
    if (x === a) return true;
    if (seen.has(x)) continue;
    seen.add(x);
    stack.push(...(byId.get(x)?.dependsOn ?? []));
  }
  return false;
}

describe('planGoal on LIBERO-10', () => {
  for (const task of liberoTasks()) {
    it(`plans a valid tabletop plan: ${task.instruction}`, () => {
      const ctx = contextFromScene(loadBuiltinScene(`libero/${task.task}`), REACH);
      const calls = planned(one(...parseBddlGoal(task.goal_bddl)), ctx);
      expect(calls.length).toBeGreaterThan(0);
      for (const c of calls) expect(ctx.skills.get(c.skill).family).not.toBe('household');
    });
  }
});

describe('planGoal on the home scene', () => {
  it('puts the apple in the closed fridge: navigate, open, fetch, put', () => {
    const calls = planned(one(P('in', 'apple_1', 'fridge_1')), home());
    const skills = calls.map((c) => c.skill);
    expect(skills.indexOf('open')).toBeGreaterThanOrEqual(0);
    expect(skills.indexOf('open')).toBeLessThan(skills.indexOf('pick'));
    expect(calls.find((c) => c.skill === 'open')?.args).toEqual({ target: 'fridge_1' });
  });

  it('brings a mug to a person with hand_over', () => {
    const calls = planned(one(P('heldBy', 'mug_red', 'alex')), home());
    expect(calls.map((c) => c.skill)).toEqual(['navigate', 'pick', 'navigate', 'hand_over']);
    expect(calls.every((c) => c.assignee.id === 'rover')).toBe(true);
  });

  it('heats in the microwave: in, closed, then heat', () => {
    const calls = planned(one(P('isHot', 'potato_1')), home());
    const skills = calls.map((c) => c.skill);
    expect(skills).toContain('place');
    expect(skills.indexOf('close')).toBeLessThan(skills.indexOf('heat'));
  });

  it('slices with a knife it picks up first', () => {
    const calls = planned(one(P('isSliced', 'bread_1')), home());
    const slice = calls.find((c) => c.skill === 'slice');
    expect(['knife_1', 'butter_knife_1']).toContain(slice?.args.tool);
    expect(calls.some((c) => c.skill === 'pick' && c.args.object === slice?.args.tool)).toBe(true);
  });

  it('achieves goal steps in order ("wash the blue mug, then put it in the cabinet")', () => {
    const goal: Goal = { steps: [{ conjuncts: [P('isClean', 'mug_blue')] }, { conjuncts: [P('in', 'mug_blue', 'cabinet_1')] }] };
    const calls = planned(goal, home());
    const clean = calls.find((c) => c.skill === 'clean');
    const place = calls.find((c) => c.skill === 'place');
    expect(clean && place && waitsFor(calls, place.id, clean.id)).toBe(true);
  });

  it('runs independent branches in parallel on two robots', () => {
    const calls = planned(one(P('heldBy', 'remote_control_1', 'alex'), P('isClean', 'mug_blue')), home());
    const clean = calls.find((c) => c.skill === 'clean');
    const give = calls.find((c) => c.skill === 'hand_over');
    expect(clean?.assignee.id).toBe('kitchen_arm');
    expect(give?.assignee.id).toBe('rover');
    expect(clean && give && (waitsFor(calls, give.id, clean.id) || waitsFor(calls, clean.id, give.id))).toBe(false);
  });

  it('spreads independent fetches across two mobile robots', () => {
    const ctx = home();
    const rover = ctx.robots.find((r) => r.id === 'rover');
    if (!rover) throw new Error('no rover');
    const two = { ...ctx, robots: [...ctx.robots, { ...rover, id: 'rover_2', position: { x: 1.0, y: 2.5 } }] };
    const calls = planned(one(P('heldBy', 'remote_control_1', 'alex'), P('heldBy', 'pillow_1', 'alex')), two);
    const gives = calls.filter((c) => c.skill === 'hand_over');
    expect(new Set(gives.map((c) => c.assignee.id))).toEqual(new Set(['rover', 'rover_2']));
    const [a, b] = gives;
    expect(a && b && (waitsFor(calls, a.id, b.id) || waitsFor(calls, b.id, a.id))).toBe(false);
  });

  it('binds ANY_ROBOT to some robot', () => {
    const calls = planned(one(P('holding', '*', 'book_1')), home());
    expect(calls[calls.length - 1]?.skill).toBe('pick');
  });

  it('asks a person for what no robot can do', () => {
    const ctx = home();
    const robots = ctx.robots.map((r) => ({ ...r, capabilities: r.capabilities.filter((c) => c !== 'slice') }));
    const calls = planned(one(P('isSliced', 'bread_1')), { ...ctx, robots });
    const slice = calls.find((c) => c.skill === 'slice');
    expect(slice?.assignee).toEqual({ kind: 'person', id: 'alex' });
  });

  it('keeps to the robots a mission is restricted to', () => {
    const calls = planned(one(P('isClean', 'mug_blue')), { ...home(), onlyRobots: ['rover'] });
    expect(calls.every((c) => c.assignee.id === 'rover')).toBe(true);
  });

  it('is deterministic', () => {
    const goal = one(P('in', 'apple_1', 'fridge_1'), P('heldBy', 'mug_red', 'alex'));
    expect(planGoal(goal, home())).toEqual(planGoal(goal, home()));
  });

  it('washes produce, as ALFRED does', () => {
    const calls = planned(one(P('isClean', 'apple_1'), P('in', 'apple_1', 'fridge_1')), home());
    expect(calls.map((c) => c.skill)).toContain('clean');
  });

  it('says why a goal is impossible', () => {
    const apple = planGoal(one(P('isOn', 'apple_1')), home());
    expect(apple.kind).toBe('impossible');
    if (apple.kind === 'impossible') expect(apple.reason).toContain('apple_1 is an apple, which cannot be switched on');
    const ghost = planGoal(one(P('holding', '*', 'unicorn_1')), home());
    expect(ghost.kind === 'impossible' && ghost.reason.includes('unicorn_1')).toBe(true);
  });

  it('hands the work to the person when the robots cannot reach the goal on their own', () => {
    // The kitchen arm has no hand-over and cannot reach the living room: alex takes the remote.
    const armOnly = planGoal(one(P('heldBy', 'remote_control_1', 'alex')), { ...home(), onlyRobots: ['kitchen_arm'] });
    expect(armOnly.kind).toBe('plan');
    if (armOnly.kind !== 'plan') return;
    expect(armOnly.calls.map((c) => [c.skill, c.assignee.kind, c.assignee.id])).toEqual([['hand_over', 'person', 'alex']]);
    // A robot that can do it all keeps the person out of it.
    const rover = planGoal(one(P('heldBy', 'remote_control_1', 'alex')), home());
    expect(rover.kind === 'plan' && rover.calls.every((c) => c.assignee.kind === 'robot')).toBe(true);
  });

  it('never has one robot work on what another robot holds', () => {
    const ctx = home();
    const b = ctx.belief;
    const rover = b.robots.get('rover');
    const bread = b.entities.get('bread_1');
    if (!rover || !bread) throw new Error('home scene changed');
    rover.holding = 'bread_1';
    bread.heldBy = 'rover';
    bread.placement = null;
    const p = planGoal(one(P('isSliced', 'bread_1')), ctx);
    expect(p.kind).toBe('plan');
    if (p.kind !== 'plan') return;
    const slice = p.calls.findIndex((c) => c.skill === 'slice');
    const setDown = p.calls.findIndex((c) => c.assignee.id === 'rover' && (c.skill === 'place_on' || c.skill === 'put_in' || c.skill === 'place'));
    expect(setDown).toBeGreaterThanOrEqual(0);
    expect(setDown).toBeLessThan(slice);
  });

  it('leaves what a person holds to that person', () => {
    const ctx = home();
    const remote = ctx.belief.entities.get('remote_control_1');
    if (!remote) throw new Error('home scene changed');
    remote.heldBy = 'alex';
    remote.placement = null;
    const p = planGoal(one(P('on', 'remote_control_1', 'sofa_1')), ctx);
    expect(p.kind).toBe('plan');
    if (p.kind !== 'plan') return;
    expect(p.calls.filter((c) => c.assignee.kind === 'robot' && Object.values(c.args).includes('remote_control_1'))).toEqual([]);
    expect(p.calls.some((c) => c.assignee.id === 'alex' && c.args.object === 'remote_control_1')).toBe(true);
  });
});

describe('planSearch', () => {
  it('looks in the likeliest containers first and validates', () => {
    const ctx = home();
    const p = planSearch({ type: 'Apple', containers: ['cabinet_1', 'drawer_1', 'fridge_1'] }, ctx);
    expect(p.kind).toBe('plan');
    if (p.kind !== 'plan') return;
    expect(validatePlan(p.calls, null, ctx).issues).toEqual([]);
    const searched = p.calls.filter((c) => c.skill === 'search').map((c) => c.args.location);
    expect(searched[0]).toBe('fridge_1');
    expect([...searched].sort()).toEqual(['cabinet_1', 'drawer_1', 'fridge_1']);
  });

  it('looks around in a room rather than opening it, after the containers', () => {
    const ctx = home();
    const p = planSearch({ type: 'Watch', containers: ['safe_1', 'bedroom'] }, ctx);
    expect(p.kind).toBe('plan');
    if (p.kind !== 'plan') return;
    expect(validatePlan(p.calls, null, ctx).issues).toEqual([]);
    const room = p.calls.filter((c) => c.args.location === 'bedroom' || c.args.target === 'bedroom');
    expect(room.map((c) => c.skill)).toEqual(['look_around']);
    expect(room[0]?.assignee).toEqual({ kind: 'robot', id: 'rover' });
  });

  it('refuses containers it does not know', () => {
    expect(planSearch({ type: 'Apple', containers: ['vault_9'] }, home()).kind).toBe('impossible');
  });
});
