import { describe, expect, it } from 'vitest';
import { clauseIds, parsePredicate } from '../../bench/schema.js';
import type { BenchTask } from '../../bench/schema.js';
import { loadHousehold, loadHouseholdHard, loadLibero, loadSaycan } from '../../bench/tasks.js';
import { Simulation, loadBuiltinScene } from '../../src/world/index.js';
import type { Scene } from '../../src/world/index.js';

function sceneIds(scene: Scene): Set<string> {
  return new Set([
    ...scene.entities.flatMap((e) => [e.id, ...e.regions.map((r) => r.id)]),
    ...scene.robots.map((r) => r.id),
    ...scene.people.map((p) => p.id),
    ...scene.rooms.map((r) => r.id),
  ]);
}

function checkScene(tasks: readonly BenchTask[]): void {
  for (const t of tasks) {
    const scene = loadBuiltinScene(t.scene);
    const ids = sceneIds(scene);
    for (const c of t.goal) for (const id of clauseIds(c)) expect(ids.has(id), `${t.id}: "${id}" is not in scene ${t.scene}`).toBe(true);
    if (t.robot) expect(scene.robots.map((r) => r.id), t.id).toContain(t.robot);
    // A goal that already holds measures nothing: some clause must be false in the initial world.
    const sim = Simulation.fromScene(scene, { seed: 0, noise: 'off' });
    const holds = t.goal.map((c) => (c.kind === 'any' ? c.preds.some((all) => all.every((p) => sim.world.truth.evaluate(p))) : sim.world.truth.evaluate(c.pred)));
    expect(holds.every(Boolean), `${t.id}: goal already holds initially`).toBe(false);
  }
}

describe('household task file', () => {
  const suite = loadHousehold();
  it('has at least 40 tasks with unique ids and 3–10 subgoals each', () => {
    expect(suite.tasks.length).toBeGreaterThanOrEqual(40);
    expect(new Set(suite.tasks.map((t) => t.id)).size).toBe(suite.tasks.length);
    for (const t of suite.tasks) {
      expect(t.steps, t.id).toBeGreaterThanOrEqual(3);
      expect(t.steps, t.id).toBeLessThanOrEqual(10);
    }
  });
  it('covers the seven ALFRED families, slicing and the special kinds of task', () => {
    const families = new Set(suite.tasks.map((t) => t.family));
    for (const f of ['pick_and_place', 'pick_two_and_place', 'look_at_in_light', 'pick_clean_then_place', 'pick_heat_then_place', 'pick_cool_then_place', 'pick_and_place_movable', 'slice'])
      expect(families, f).toContain(f);
    const tags = new Set(suite.tasks.flatMap((t) => t.tags));
    for (const tag of ['two_object', 'hidden', 'ambiguous', 'person', 'two_robot']) expect(tags, tag).toContain(tag);
    expect(suite.tasks.filter((t) => t.ambiguous).every((t) => Object.keys(t.answers).length > 0)).toBe(true);
  });
  it('person tasks restrict to a robot that lacks a capability the task needs', () => {
    const scene = loadBuiltinScene('home');
    for (const t of suite.tasks.filter((x) => x.tags.includes('person'))) {
      const caps = scene.robots.find((r) => r.id === t.robot)?.capabilities ?? [];
      expect(['navigate', 'cool', 'handover'].some((c) => !caps.includes(c as never)), t.id).toBe(true);
      expect(t.goal.some((c) => c.kind === 'person'), t.id).toBe(true);
    }
  });
  it('every goal names real entities of its scene and is not already true', () => checkScene(suite.tasks));
});

describe('household-hard task file', () => {
  const suite = loadHouseholdHard();
  it('has long instructions: 4–8 goal clauses each, unique ids', () => {
    expect(suite.tasks.length).toBeGreaterThanOrEqual(20);
    expect(new Set(suite.tasks.map((t) => t.id)).size).toBe(suite.tasks.length);
    for (const t of suite.tasks) {
      expect(t.goal.length, t.id).toBeGreaterThanOrEqual(4);
      expect(t.goal.length, t.id).toBeLessThanOrEqual(8);
    }
  });
  it('mixes two robots, a person, closed containers, search, relative clauses, negation and spatial relations', () => {
    const tags = new Set(suite.tasks.flatMap((t) => t.tags));
    for (const tag of ['two_robot', 'person', 'closed_container', 'search', 'relative_clause', 'negation', 'spatial']) expect(tags, tag).toContain(tag);
    expect(suite.tasks.some((t) => t.goal.some((c) => c.kind === 'pred' && c.pred.pred === 'heldBy' && c.pred.args[1] === 'alex'))).toBe(true);
  });
  it('every goal names real entities of its scene and is not already true', () => checkScene(suite.tasks));
});

describe('libero10 and saycan suites', () => {
  it('libero10 has the ten tasks, goals over their scenes', () => {
    const s = loadLibero();
    expect(s.tasks).toHaveLength(10);
    checkScene(s.tasks);
  });
  it('saycan keeps only queries the scene can express, with goals over real entities', () => {
    const s = loadSaycan();
    expect(s.tasks.length).toBeGreaterThan(0);
    expect(s.tasks.every((t) => t.source?.includes('saycan'))).toBe(true);
    checkScene(s.tasks);
  });
});

describe('parsePredicate', () => {
  it('reads names, arguments and negation, and rejects bad arity or names', () => {
    expect(parsePredicate('on(book_1, desk_1)')).toEqual({ pred: 'on', args: ['book_1', 'desk_1'] });
    expect(parsePredicate('!isOpen(fridge_1)')).toEqual({ pred: 'isOpen', args: ['fridge_1'], neg: true });
    expect(() => parsePredicate('on(book_1)')).toThrow(/2 arguments/);
    expect(() => parsePredicate('over(a, b)')).toThrow(/unknown predicate/);
  });
});

describe('what a run measures of a suite', () => {
  it('keeps to the suite configurations, presets and seed budget; oracle runs with faults off whatever the presets', async () => {
    const { suiteRuns } = await import('../../bench/schema.js');
    const hard = loadHouseholdHard();
    expect(suiteRuns(hard, 'full', 'realistic', 1)).toBe(true);
    expect(suiteRuns(hard, 'full', 'harsh', 1)).toBe(false);
    expect(suiteRuns(hard, 'oracle', 'off', 2)).toBe(true);
    expect(suiteRuns(hard, 'full', 'realistic', 3)).toBe(false);
    expect(suiteRuns(loadHousehold(), 'no-ask', 'harsh', 5)).toBe(true);
    expect(suiteRuns({ configs: ['oracle'] }, 'full', 'default', 1)).toBe(false);
  });
});
