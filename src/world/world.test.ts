import { describe, expect, it } from 'vitest';
import { PredicateNameSchema } from '../domain/predicates.js';
import type { Predicate } from '../domain/predicates.js';
import { loadBuiltinScene, loadScene } from './scene-loader.js';
import { Simulation } from './simulation.js';
import { World } from './world.js';

const P = (pred: Predicate['pred'], ...args: string[]): Predicate => ({ pred, args });
const homeScene = loadBuiltinScene('home');

describe('observations', () => {
  it('shows only the robot room, hides closed-container contents, shows microwave contents', () => {
    const w = World.fromScene(homeScene, { seed: 1, noise: 'off' });
    const rover = w.observe('rover').detections.map((d) => d.id);
    expect(rover).toContain('remote_control_1');
    expect(rover).not.toContain('mug_red'); // kitchen
    const arm = w.observe('kitchen_arm');
    const ids = arm.detections.map((d) => d.id);
    expect(ids).toContain('mug_red');
    expect(ids).not.toContain('apple_2'); // closed fridge (and out of the arm's range)
    const micro = arm.detections.find((d) => d.id === 'microwave_1');
    expect(micro?.parts?.openness).toBe(0);
    expect(micro?.parts?.handle).toBeDefined();
    expect(arm.detections.find((d) => d.id === 'faucet_1')?.parts?.button).toBeDefined();

    const scene = loadScene({ ...homeScene, entities: homeScene.entities.map((e) => (e.id === 'mug_red' ? { ...e, placement: { relation: 'in' as const, target: 'microwave_1' } } : e)) });
    const w2 = World.fromScene(scene, { seed: 1, noise: 'off' });
    expect(w2.truth.evaluate(P('isClosed', 'microwave_1'))).toBe(true);
    expect(w2.observe('kitchen_arm').detections.some((d) => d.id === 'mug_red')).toBe(true);
  });

  it('noise is seeded: same seed same observations, different seed different; seq increases', () => {
    const a = World.fromScene(homeScene, { seed: 'x' });
    const b = World.fromScene(homeScene, { seed: 'x' });
    const c = World.fromScene(homeScene, { seed: 'y' });
    const oa = a.observe('kitchen_arm');
    expect(b.observe('kitchen_arm')).toEqual(oa);
    expect(c.observe('kitchen_arm')).not.toEqual(oa);
    expect(a.observe('kitchen_arm').seq).toBe(oa.seq + 1);
    const truth = a.truth.entity('mug_red').position;
    const seen = oa.detections.find((d) => d.id === 'mug_red');
    if (seen) {
      expect(seen.position).not.toEqual(truth);
      expect(Math.abs(seen.position.x - truth.x)).toBeLessThan(0.06);
      expect(seen.confidence).toBeGreaterThanOrEqual(0.75);
    }
  });
});

describe('ground truth predicates', () => {
  it('evaluates every predicate in the vocabulary', () => {
    const w = World.fromScene(homeScene, { seed: 1, noise: 'off' });
    const cases: [Predicate, boolean][] = [
      [P('in', 'apple_2', 'fridge_1'), true],
      [P('on', 'mug_red', 'counter_1'), true],
      [P('isOpen', 'fridge_1'), false],
      [P('isClosed', 'fridge_1'), true],
      [P('isOn', 'desk_lamp_1'), false],
      [P('isOff', 'desk_lamp_1'), true],
      [P('isClean', 'mug_red'), true],
      [P('isDirty', 'mug_blue'), true],
      [P('isHot', 'apple_1'), false],
      [P('isCold', 'apple_1'), false],
      [P('isSliced', 'apple_1'), false],
      [P('isFilled', 'mug_blue'), false],
      [P('holding', 'rover', 'apple_1'), false],
      [P('handEmpty', 'rover'), true],
      [P('heldBy', 'apple_1', 'alex'), false],
      [P('near', 'kitchen_arm', 'sink_basin_1'), true],
      [P('inLight', 'pencil_1', 'desk_lamp_1'), false],
      [P('leftOf', 'sink_basin_1', 'microwave_1'), true],
      [P('rightOf', 'sink_basin_1', 'microwave_1'), false],
      [P('nextTo', 'mug_red', 'apple_1'), true],
      [P('behind', 'faucet_1', 'sink_basin_1'), true],
      [P('inFrontOf', 'faucet_1', 'sink_basin_1'), false],
      [P('between', 'mug_red', 'apple_1', 'knife_1'), true],
    ];
    expect(new Set(cases.map(([p]) => p.pred))).toEqual(new Set(PredicateNameSchema.options));
    for (const [p, want] of cases) {
      expect([p.pred, w.truth.evaluate(p)]).toEqual([p.pred, want]);
      expect(w.truth.evaluate({ ...p, neg: true })).toBe(!want);
    }
    expect(() => w.truth.evaluate(P('isOpen', 'nope_1'))).toThrow(/nope_1/);
  });

  it('inLight holds once the desk lamp is switched on', () => {
    const sim = Simulation.fromScene(homeScene, { seed: 1, noise: 'off' });
    const scene = loadScene({ ...homeScene, entities: homeScene.entities.map((e) => (e.id === 'desk_lamp_1' ? { ...e, state: { on: true } } : e)) });
    const lit = World.fromScene(scene, { seed: 1 });
    expect(lit.truth.evaluate(P('inLight', 'pencil_1', 'desk_lamp_1'))).toBe(true);
    expect(lit.truth.evaluate(P('inLight', 'remote_control_1', 'desk_lamp_1'))).toBe(false);
    expect(sim.world.truth.evaluate(P('inLight', 'pencil_1', 'desk_lamp_1'))).toBe(false);
  });
});

describe('rendering and maps', () => {
  it('draws rooms, robots and people as well-formed SVG with escaped text', () => {
    const scene = loadScene({ ...homeScene, people: [{ id: 'alex', name: 'Alex <script>&"', room: 'living_room', position: { x: 3.5, y: 1.2 } }] });
    const svg = World.fromScene(scene, { seed: 1 }).toSVG({ highlight: ['mug_red'], robotView: 'rover' });
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.trim().endsWith('</svg>')).toBe(true);
    expect(svg).toContain('data-id="rover"');
    expect(svg).toContain('data-id="kitchen_arm"');
    expect(svg).toContain('class="person"');
    expect(svg).toContain('Alex &lt;script&gt;&amp;&quot;');
    expect(svg).not.toContain('<script>');
    const opens = (svg.match(/<g\b/g) ?? []).length;
    const closes = (svg.match(/<\/g>/g) ?? []).length;
    expect(opens).toBe(closes);
    const libero = World.fromScene(loadBuiltinScene('libero/STUDY_SCENE1_pick_up_the_book_and_place_it_in_the_back_compartment_of_the_caddy'), { seed: 1 }).toSVG();
    expect(libero).toContain('desk_caddy_1_back_contain_region');
  });

  it('static map has rooms, doors and fixtures but no movable objects', () => {
    const map = World.fromScene(homeScene, { seed: 1 }).staticMap();
    expect(map.rooms).toHaveLength(4);
    expect(map.doors).toHaveLength(3);
    const ids = map.fixtures.map((f) => f.id);
    expect(ids).toContain('fridge_1');
    expect(ids).not.toContain('mug_red');
  });

  it('haltRobot zeroes velocities at once', () => {
    const sim = Simulation.fromScene(homeScene, { seed: 1, noise: 'off' });
    sim.world.setCommand('rover', { base: { vx: 0.5, vy: 0, wz: 0 } });
    sim.advance(5);
    const x = sim.world.robot('rover').pose.x;
    expect(x).toBeGreaterThan(1.5);
    sim.world.haltRobot('rover');
    sim.advance(5);
    expect(sim.world.robot('rover').pose.x).toBe(x);
    sim.world.setCommand('rover', { base: { vx: 5, vy: 0, wz: 0 } });
    sim.advance(20);
    expect(sim.world.robot('rover').pose.x - x).toBeCloseTo(0.6, 5);
  });
});
