import { describe, expect, it } from 'vitest';
import type { Predicate } from '../domain/predicates.js';
import { loadBuiltinScene } from './scene-loader.js';
import { Simulation } from './simulation.js';
import { above, gripper, moveBase, moveEe, press } from './test-helpers.js';

const P = (pred: Predicate['pred'], ...args: string[]): Predicate => ({ pred, args });
const home = () => Simulation.fromScene(loadBuiltinScene('home'), { seed: 7, noise: 'off' });

function pick(sim: Simulation, robot: string, id: string): void {
  const p = sim.world.truth.entity(id).position;
  gripper(sim, robot, 1);
  moveEe(sim, robot, above(p, 0.15));
  moveEe(sim, robot, p);
  gripper(sim, robot, 0);
  moveEe(sim, robot, above(p, 0.25));
}

function placeAt(sim: Simulation, robot: string, p: { x: number; y: number; z: number }): void {
  moveEe(sim, robot, above(p, 0.2));
  moveEe(sim, robot, above(p, 0.08));
  gripper(sim, robot, 1);
  moveEe(sim, robot, above(p, 0.25));
}

/** Grasps the handle and moves it radially to the given openness. */
function swing(sim: Simulation, robot: string, id: string, to: 0 | 1): void {
  const map = sim.world.staticMap();
  const fixture = map.fixtures.find((f) => f.id === id);
  const region = map.fixtures.flatMap((f) => f.regions).find((r) => r.id === id);
  const closedHandle = fixture?.handle ?? region?.handle;
  const base = fixture?.position ?? region?.position;
  if (!closedHandle || !base) throw new Error(`no handle for ${id}`);
  const dir = { x: closedHandle.x - base.x, y: closedHandle.y - base.y };
  const rest = Math.hypot(dir.x, dir.y);
  const u = { x: dir.x / rest, y: dir.y / rest };
  const snap = sim.world.truth.snapshot().entities;
  const openNow = fixture ? snap.find((e) => e.id === id)!.state.open : snap.flatMap((e) => e.regions).find((r) => r.id === id)!.state.open;
  const from = rest + (openNow ? 0.35 : 0);
  const at = (d: number) => ({ x: base.x + u.x * d, y: base.y + u.y * d, z: closedHandle.z });
  gripper(sim, robot, 1);
  moveEe(sim, robot, at(from));
  gripper(sim, robot, 0);
  moveEe(sim, robot, at(rest + to * 0.35), { gripper: 0 });
  gripper(sim, robot, 1);
}

describe('interactions driven by RobotAction sequences', () => {
  it('grasp, release into the sink, faucet on: washes and fills', () => {
    const sim = home();
    const w = sim.world;
    pick(sim, 'kitchen_arm', 'mug_red');
    expect(w.truth.evaluate(P('holding', 'kitchen_arm', 'mug_red'))).toBe(true);
    expect(w.observe('kitchen_arm').gripper).toMatchObject({ holding: 'mug_red', contact: true });
    placeAt(sim, 'kitchen_arm', w.truth.entity('sink_basin_1').position);
    expect(w.truth.evaluate(P('in', 'mug_red', 'sink_basin_1'))).toBe(true);
    expect(w.truth.evaluate(P('handEmpty', 'kitchen_arm'))).toBe(true);
    expect(w.truth.evaluate(P('isDirty', 'mug_blue'))).toBe(true);
    const faucet = w.staticMap().fixtures.find((f) => f.id === 'faucet_1')!;
    moveEe(sim, 'kitchen_arm', faucet.button!);
    press(sim, 'kitchen_arm');
    expect(w.truth.evaluate(P('isOn', 'faucet_1'))).toBe(true);
    expect(w.truth.evaluate(P('isFilled', 'mug_red'))).toBe(true);
    sim.runFor(1.0);
    expect(w.truth.evaluate(P('isClean', 'mug_blue'))).toBe(false);
    expect(sim.runUntil(P('isClean', 'mug_blue'), 1.5)).toBe(true);
  });

  it('closing on nothing leaves the gripper empty without contact', () => {
    const sim = home();
    moveEe(sim, 'kitchen_arm', { x: 2.5, y: 7.0, z: 1.4 });
    gripper(sim, 'kitchen_arm', 0);
    const o = sim.world.observe('kitchen_arm');
    expect(o.gripper.contact).toBe(false);
    expect(o.gripper.aperture).toBeLessThan(0.05);
  });

  it('opens the microwave by its handle, heats a mug once closed and on', () => {
    const sim = home();
    const w = sim.world;
    swing(sim, 'kitchen_arm', 'microwave_1', 1);
    expect(w.truth.evaluate(P('isOpen', 'microwave_1'))).toBe(true);
    pick(sim, 'kitchen_arm', 'mug_red');
    placeAt(sim, 'kitchen_arm', w.truth.entity('microwave_1').position);
    expect(w.truth.evaluate(P('in', 'mug_red', 'microwave_1'))).toBe(true);
    const button = w.staticMap().fixtures.find((f) => f.id === 'microwave_1')!.button!;
    moveEe(sim, 'kitchen_arm', button);
    press(sim, 'kitchen_arm');
    sim.runFor(4);
    expect(w.truth.evaluate(P('isHot', 'mug_red'))).toBe(false); // the door is open
    swing(sim, 'kitchen_arm', 'microwave_1', 0);
    expect(w.truth.evaluate(P('isClosed', 'microwave_1'))).toBe(true);
    expect(sim.runUntil(P('isHot', 'mug_red'), 3.2)).toBe(true);
    const seen = w.observe('kitchen_arm').detections.find((d) => d.id === 'mug_red');
    expect(seen?.placement?.target).toBe('microwave_1');
    // The snapshot remembers the states the mug has been in (it started clean), whatever happens to it later.
    expect(w.truth.snapshot().entities.find((e) => e.id === 'mug_red')?.reached).toEqual(['clean', 'hot']);
    expect(w.truth.snapshot().entities.find((e) => e.id === 'mug_blue')?.reached).toBeUndefined();
  });

  it('a pan on a burner heats with its contents; a knife slices; the sliced apple stays put', () => {
    const sim = home();
    const w = sim.world;
    pick(sim, 'kitchen_arm', 'apple_1');
    placeAt(sim, 'kitchen_arm', w.truth.entity('pan_1').position);
    expect(w.truth.evaluate(P('on', 'apple_1', 'pan_1'))).toBe(true);
    moveEe(sim, 'kitchen_arm', w.staticMap().fixtures.find((f) => f.id === 'stove_burner_1')!.button!);
    press(sim, 'kitchen_arm');
    expect(sim.runUntil(P('isHot', 'apple_1'), 4.2)).toBe(true);
    expect(w.truth.evaluate(P('isHot', 'pan_1'))).toBe(true);
    pick(sim, 'kitchen_arm', 'knife_1');
    const apple = w.truth.entity('apple_1').position;
    moveEe(sim, 'kitchen_arm', above(apple, 0.15));
    expect(w.truth.evaluate(P('isSliced', 'apple_1'))).toBe(false);
    moveEe(sim, 'kitchen_arm', above(apple, -0.01));
    expect(w.truth.evaluate(P('isSliced', 'apple_1'))).toBe(true);
  });

  it('rover opens the fridge, cools an object, hands it to Alex', () => {
    const sim = home();
    const w = sim.world;
    expect(w.observe('rover').room).toBe('living_room');
    moveBase(sim, 'rover', { x: 2.5, y: 3.5 });
    moveBase(sim, 'rover', { x: 2.5, y: 4.5 });
    moveBase(sim, 'rover', { x: 1.5, y: 6.2 });
    expect(w.observe('rover').detections.some((d) => d.id === 'apple_2')).toBe(false);
    swing(sim, 'rover', 'fridge_1', 1);
    expect(w.truth.evaluate(P('isOpen', 'fridge_1'))).toBe(true);
    expect(w.observe('rover').detections.some((d) => d.id === 'apple_2')).toBe(true);
    moveBase(sim, 'rover', { x: 2.3, y: 6.9 });
    pick(sim, 'rover', 'apple_1');
    moveBase(sim, 'rover', { x: 1.5, y: 6.2 });
    placeAt(sim, 'rover', w.truth.entity('fridge_1').position);
    expect(w.truth.evaluate(P('in', 'apple_1', 'fridge_1'))).toBe(true);
    expect(sim.runUntil(P('isCold', 'apple_1'), 3.2)).toBe(true);
    pick(sim, 'rover', 'apple_1');
    moveBase(sim, 'rover', { x: 2.5, y: 4.5 });
    moveBase(sim, 'rover', { x: 2.5, y: 3.5 });
    moveBase(sim, 'rover', { x: 3.0, y: 1.6 });
    expect(w.truth.evaluate(P('near', 'rover', 'alex'))).toBe(true);
    const alex = w.people()[0]!.position;
    moveEe(sim, 'rover', { x: alex.x - 0.2, y: alex.y, z: 1.0 });
    gripper(sim, 'rover', 1);
    expect(w.truth.evaluate(P('heldBy', 'apple_1', 'alex'))).toBe(true);
  });

  it('a movable receptacle carries its contents', () => {
    const sim = home();
    const w = sim.world;
    moveBase(sim, 'rover', { x: 2.5, y: 3.5 });
    moveBase(sim, 'rover', { x: 2.5, y: 4.6 });
    const before = w.truth.entity('tomato_1').position;
    pick(sim, 'rover', 'bowl_1');
    const target = w.truth.entity('dining_table_1').position;
    placeAt(sim, 'rover', { x: target.x + 0.5, y: target.y - 0.3, z: target.z });
    const after = w.truth.entity('tomato_1').position;
    expect(w.truth.evaluate(P('in', 'tomato_1', 'bowl_1'))).toBe(true);
    expect(w.truth.evaluate(P('on', 'bowl_1', 'dining_table_1'))).toBe(true);
    expect(Math.hypot(after.x - before.x, after.y - before.y)).toBeGreaterThan(0.3);
  });

  it('LIBERO: bowl into the open bottom drawer, then close it', () => {
    const sim = Simulation.fromScene(loadBuiltinScene('libero/KITCHEN_SCENE4_put_the_black_bowl_in_the_bottom_drawer_of_the_cabinet_and_close_it'), { seed: 3, noise: 'off' });
    const w = sim.world;
    pick(sim, 'arm', 'akita_black_bowl_1');
    const drawer = w.truth.entity('white_cabinet_1').regions.find((r) => r.id === 'white_cabinet_1_bottom_region')!;
    placeAt(sim, 'arm', drawer.position);
    expect(w.truth.evaluate(P('in', 'akita_black_bowl_1', 'white_cabinet_1_bottom_region'))).toBe(true);
    swing(sim, 'arm', 'white_cabinet_1_bottom_region', 0);
    expect(w.truth.evaluate(P('isClosed', 'white_cabinet_1_bottom_region'))).toBe(true);
    expect(w.truth.evaluate(P('in', 'akita_black_bowl_1', 'white_cabinet_1'))).toBe(true);
    expect(w.observe('arm').detections.some((d) => d.id === 'akita_black_bowl_1')).toBe(false);
  });
});
