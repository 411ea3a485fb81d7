import { describe, expect, it } from 'vitest';
import { readAlfredRecords } from '../../bench/alfred/record.js';
import { alfredTasks, goldAnswers, loadAlfredTrain } from '../../bench/alfred/suite.js';
import { scoreGoal } from '../../bench/evaluate.js';
import { recordHalf } from '../../bench/split.js';
import { matchOption } from '../../bench/user.js';
import { viewFromSnapshot } from '../../bench/world-view.js';
import { loadScene, World } from '../../src/world/index.js';

describe('the dev / report split', () => {
  it('depends on the record id only, and splits the ALFRED set about in half', () => {
    expect(recordHalf('trial_T1')).toBe(recordHalf('trial_T1'));
    const halves = readAlfredRecords().map((r) => recordHalf(r.task_id));
    const dev = halves.filter((h) => h === 'dev').length;
    expect(dev).toBeGreaterThan(halves.length * 0.4);
    expect(dev).toBeLessThan(halves.length * 0.6);
  });
});

describe('alfred-train scenes and gold goals', () => {
  const records = readAlfredRecords();

  it('loads every record as two tasks (sentence, steps) on one scene, tagged with its half', () => {
    const suite = loadAlfredTrain();
    expect(suite.tasks).toHaveLength(records.length * 2);
    expect(suite.configs).toEqual(['oracle']);
    const [sentence, steps] = alfredTasks(records[0]!);
    expect(sentence!.sceneText).toBe(steps!.sceneText);
    expect(sentence!.directions).toBeUndefined();
    expect(steps!.directions!.length).toBeGreaterThan(0);
    expect(sentence!.tags).toContain(recordHalf(records[0]!.task_id));
  });

  it('builds a valid scene per record whose gold goal does not hold before the robots act', () => {
    for (const r of records.filter((_, i) => i % 7 === 0)) {
      const [task] = alfredTasks(r);
      const scene = loadScene(task!.sceneText!);
      const view = viewFromSnapshot(World.fromScene(scene, { seed: 1 }).truth.snapshot());
      expect(scoreGoal(task!, view, { delegatedTo: [], succeeded: true }).success, r.task_id).toBe(false);
      // Receptacles of several kinds besides the gold one, and the floor plan's movable types as things.
      const kinds = new Set(scene.entities.filter((e) => e.position && e.type !== r.goal.receptacle).map((e) => e.type));
      expect(kinds.size, r.task_id).toBeGreaterThanOrEqual(6);
      const types = new Set(scene.entities.map((e) => e.type.toLowerCase()));
      expect(r.movable_object_types.filter((t) => !types.has(t.toLowerCase())), r.task_id).toEqual([]);
    }
  });

  it('has two things of the object type only for the two-object tasks', () => {
    for (const r of records.filter((_, i) => i % 5 === 0)) {
      const scene = loadScene(alfredTasks(r)[0]!.sceneText!);
      const n = scene.entities.filter((e) => e.type.toLowerCase() === r.goal.object.toLowerCase()).length;
      expect(n, r.task_id).toBe(r.task_type === 'pick_two_obj_and_place' ? 2 : 1);
    }
  });

  it('lets the scripted speaker name the kind of thing the gold means', () => {
    const r = records.find((x) => x.goal.receptacle === 'CoffeeTable')!;
    expect(goldAnswers(r)['table']).toBe('the coffee table');
    expect(matchOption(goldAnswers(r), ['the side table', 'the coffee table'])).toBe('the coffee table');
    expect(matchOption({ mug: 'the red mug' }, ['the red mug', 'the blue mug'])).toBeNull();
  });
});
