import { describe, expect, it } from 'vitest';
import type { Predicate } from '../domain/predicates.js';
import { loadBuiltinScene } from './scene-loader.js';
import { Simulation } from './simulation.js';
import { gripper, moveEe } from './test-helpers.js';

const P = (pred: Predicate['pred'], ...args: string[]): Predicate => ({ pred, args });
const home = () => Simulation.fromScene(loadBuiltinScene('home'), { seed: 3, noise: 'off' });

describe('a person doing delegated work', () => {
  it('carries an object out of a closed fridge onto the table and closes the fridge again', () => {
    const sim = home();
    const w = sim.world;
    expect(w.truth.evaluate(P('isClosed', 'fridge_1'))).toBe(true);
    const r = w.applyPersonWork('alex', [P('on', 'egg_1', 'dining_table_1')]);
    expect(r).toEqual({ applied: ['on(egg_1, dining_table_1)'], skipped: [] });
    expect(w.truth.evaluate(P('on', 'egg_1', 'dining_table_1'))).toBe(true);
    expect(w.truth.evaluate(P('in', 'egg_1', 'fridge_1'))).toBe(false);
    expect(w.truth.evaluate(P('isClosed', 'fridge_1'))).toBe(true);
    // It rests beside what is already on the table, not on top of it.
    const egg = w.truth.entity('egg_1').position;
    const plate = w.truth.entity('plate_1').position;
    expect(Math.hypot(egg.x - plate.x, egg.y - plate.y)).toBeGreaterThan(0.05);
    // Things stay where the person put them as time runs.
    sim.runFor(1);
    expect(w.truth.evaluate(P('on', 'egg_1', 'dining_table_1'))).toBe(true);
  });

  it('puts things into a closed container, its functional region, and leaves the door as it found it', () => {
    const w = home().world;
    const r = w.applyPersonWork('alex', [P('in', 'potato_1', 'microwave_1'), P('in', 'spoon_1', 'drawer_1')]);
    expect(r.skipped).toEqual([]);
    expect(w.truth.evaluate(P('in', 'potato_1', 'microwave_1'))).toBe(true);
    expect(w.truth.evaluate(P('isClosed', 'microwave_1'))).toBe(true);
    expect(w.truth.evaluate(P('in', 'spoon_1', 'drawer_1'))).toBe(true);
    expect(w.truth.evaluate(P('isClosed', 'drawer_1'))).toBe(true);
  });

  it('opens, closes, switches and changes object state', () => {
    const sim = home();
    const w = sim.world;
    const r = w.applyPersonWork('alex', [
      P('isOpen', 'cabinet_1'),
      P('isOn', 'floor_lamp_1'),
      P('isClean', 'mug_blue'),
      P('isHot', 'potato_1'),
      P('isCold', 'bread_1'),
      P('isSliced', 'apple_1'),
      P('isFilled', 'cup_1'),
    ]);
    expect(r.skipped).toEqual([]);
    expect(r.applied).toHaveLength(7);
    for (const p of [P('isOpen', 'cabinet_1'), P('isOn', 'floor_lamp_1'), P('isClean', 'mug_blue'), P('isHot', 'potato_1'), P('isCold', 'bread_1'), P('isSliced', 'apple_1'), P('isFilled', 'cup_1')]) {
      expect(w.truth.evaluate(p)).toBe(true);
    }
    sim.runFor(0.5);
    expect(w.truth.evaluate(P('isOpen', 'cabinet_1'))).toBe(true);
    const back = w.applyPersonWork('alex', [P('isClosed', 'cabinet_1'), P('isOff', 'floor_lamp_1')]);
    expect(back.skipped).toEqual([]);
    expect(w.truth.evaluate(P('isClosed', 'cabinet_1'))).toBe(true);
    expect(w.truth.evaluate(P('isOff', 'floor_lamp_1'))).toBe(true);
  });

  it('takes an object in hand', () => {
    const w = home().world;
    const r = w.applyPersonWork('alex', [P('heldBy', 'wine_bottle_1', 'alex')]);
    expect(r.applied).toEqual(['heldBy(wine_bottle_1, alex)']);
    expect(w.truth.entity('wine_bottle_1').heldBy).toBe('alex');
    expect(w.truth.evaluate(P('in', 'wine_bottle_1', 'fridge_1'))).toBe(false);
  });

  it('skips what a person cannot or should not do, with a reason, and changes nothing for it', () => {
    const sim = home();
    const w = sim.world;
    // The kitchen arm grasps the red mug; the person does not wrestle it from the gripper.
    const mug = w.truth.entity('mug_red').position;
    gripper(sim, 'kitchen_arm', 1);
    moveEe(sim, 'kitchen_arm', { x: mug.x, y: mug.y, z: mug.z + 0.15 });
    moveEe(sim, 'kitchen_arm', mug);
    gripper(sim, 'kitchen_arm', 0);
    expect(w.truth.evaluate(P('holding', 'kitchen_arm', 'mug_red'))).toBe(true);
    const r = w.applyPersonWork('alex', [
      P('on', 'mug_red', 'dining_table_1'),
      P('on', 'fridge_1', 'dining_table_1'),
      P('isSliced', 'mug_blue'),
      P('isOn', 'apple_1'),
      P('heldBy', 'apple_1', 'someone_else'),
      P('near', 'rover', 'sofa_1'),
      { pred: 'isOpen', args: ['fridge_1'], neg: true },
      P('on', 'bowl_1', 'tomato_1'),
    ]);
    expect(r.applied).toEqual([]);
    expect(r.skipped.map((x) => x.predicate)).toEqual([
      'on(mug_red, dining_table_1)',
      'on(fridge_1, dining_table_1)',
      'isSliced(mug_blue)',
      'isOn(apple_1)',
      'heldBy(apple_1, someone_else)',
      'near(rover, sofa_1)',
      expect.stringContaining('fridge_1'),
      'on(bowl_1, tomato_1)',
    ]);
    expect(r.skipped[0]!.reason).toMatch(/kitchen_arm is holding/);
    expect(w.truth.evaluate(P('holding', 'kitchen_arm', 'mug_red'))).toBe(true);
    expect(w.truth.evaluate(P('isSliced', 'mug_blue'))).toBe(false);
    expect(w.truth.evaluate(P('isClosed', 'fridge_1'))).toBe(true);
    expect(() => w.applyPersonWork('nobody', [])).toThrow(/no person/);
  });
});
