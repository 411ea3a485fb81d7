import { describe, expect, it } from 'vitest';
import { SceneError } from './errors.js';
import { listBuiltinScenes, loadBuiltinScene, loadScene } from './scene-loader.js';
import { typeInfo, typesForName } from './catalog.js';
import { World } from './world.js';

const base = () => ({
  name: 'bad',
  kind: 'house',
  rooms: [{ id: 'kitchen', rect: { x: 0, y: 0, w: 4, d: 4 } }],
  entities: [
    { id: 'table_1', type: 'DiningTable', position: { x: 2, y: 2, z: 0.75 } },
    { id: 'mug_1', type: 'Mug', placement: { relation: 'on', target: 'table_1' } },
  ],
  robots: [{ id: 'r', kind: 'mobile_manipulator', pose: { x: 1, y: 1, theta: 0 }, capabilities: ['navigate'] }],
});

function errorOf(fn: () => unknown): SceneError {
  try {
    fn();
  } catch (err) {
    if (err instanceof SceneError) return err;
    throw err;
  }
  throw new Error('expected a SceneError');
}

describe('built-in scenes', () => {
  it('lists home and the ten LIBERO tasks, and all load', () => {
    const names = listBuiltinScenes();
    expect(names).toContain('home');
    expect(names.filter((n) => n.startsWith('libero/'))).toHaveLength(10);
    for (const n of names) expect(() => World.fromScene(loadBuiltinScene(n), { seed: 1 })).not.toThrow();
  });

  it('home has the required rooms, objects, robots and person', () => {
    const s = loadBuiltinScene('home');
    expect(s.rooms.map((r) => r.id).sort()).toEqual(['bathroom', 'bedroom', 'kitchen', 'living_room']);
    const objects = s.entities.filter((e) => typeInfo(e.type)?.pickupable);
    expect(objects.length).toBeGreaterThanOrEqual(40);
    expect(new Set(objects.map((e) => e.type)).size).toBeGreaterThanOrEqual(25);
    const mugColours = new Set(s.entities.filter((e) => e.type === 'Mug').map((e) => e.attributes.color));
    expect(mugColours.size).toBeGreaterThanOrEqual(2);
    expect(s.entities.filter((e) => e.type === 'Apple')).toHaveLength(2);
    for (const t of ['Knife', 'ButterKnife', 'Sponge', 'DeskLamp', 'FloorLamp', 'Microwave', 'StoveBurner', 'Faucet', 'Toilet', 'Bathtub']) {
      expect(s.entities.some((e) => e.type === t)).toBe(true);
    }
    const inFridge = s.entities.filter((e) => e.placement?.target === 'fridge_1');
    expect(inFridge.length).toBeGreaterThan(0);
    expect(s.entities.some((e) => e.placement?.target === 'cabinet_1')).toBe(true);
    expect(new Set(s.robots.map((r) => r.kind))).toEqual(new Set(['mobile_manipulator', 'fixed_arm']));
    expect(s.robots.find((r) => r.kind === 'fixed_arm')?.capabilities).not.toContain('navigate');
    expect(s.people).toHaveLength(1);
  });

  it('LIBERO scenes keep the attribution and the init state', () => {
    const s = loadBuiltinScene('libero/KITCHEN_SCENE4_put_the_black_bowl_in_the_bottom_drawer_of_the_cabinet_and_close_it');
    expect(s.kind).toBe('tabletop');
    expect(s.source).toMatch(/Lifelong-Robot-Learning\/LIBERO/);
    const w = World.fromScene(s, { seed: 1 });
    expect(w.truth.evaluate({ pred: 'isOpen', args: ['white_cabinet_1_bottom_region'] })).toBe(true);
    expect(w.truth.evaluate({ pred: 'isClosed', args: ['white_cabinet_1_top_region'] })).toBe(true);
    const stove = World.fromScene(loadBuiltinScene('libero/KITCHEN_SCENE8_put_both_moka_pots_on_the_stove'), { seed: 1 });
    expect(stove.truth.evaluate({ pred: 'isOn', args: ['flat_stove_1'] })).toBe(true);
    expect(stove.truth.evaluate({ pred: 'on', args: ['moka_pot_2', 'kitchen_table'] })).toBe(true);
  });
});

describe('malformed scenes', () => {
  it('unknown type names the field and suggests a type', () => {
    const s = base();
    s.entities[1]!.type = 'Mugg';
    expect(errorOf(() => loadScene(s)).message).toContain('entities[1].type: unknown type "Mugg" (did you mean Mug?)');
  });

  it('missing receptacle names the placement target', () => {
    const s = base();
    s.entities[1]!.placement = { relation: 'in', target: 'fridge_9' };
    expect(errorOf(() => loadScene(s)).message).toContain('entities[1].placement.target: no entity or region "fridge_9"');
  });

  it('bad field and unknown key are reported with their path', () => {
    const s = base() as Record<string, unknown>;
    (s.robots as { kind: string }[])[0]!.kind = 'hovercraft';
    (s.entities as Record<string, unknown>[])[0]!.colour = 'red';
    const err = errorOf(() => loadScene(s));
    expect(err.issues.map((i) => i.path)).toEqual(expect.arrayContaining(['robots[0].kind', 'entities[0]']));
    expect(err.message).toMatch(/colour/);
  });

  it('duplicate ids, cycles, non-receptacles, robots outside rooms', () => {
    const s = base();
    s.entities.push({ id: 'mug_1', type: 'Pencil', placement: { relation: 'on', target: 'table_1' } });
    s.entities.push({ id: 'bowl_1', type: 'Bowl', placement: { relation: 'in', target: 'bowl_2' } });
    s.entities.push({ id: 'bowl_2', type: 'Bowl', placement: { relation: 'in', target: 'bowl_1' } });
    s.entities.push({ id: 'pencil_1', type: 'Pencil', placement: { relation: 'on', target: 'table_1' } });
    s.entities.push({ id: 'pen_1', type: 'Pen', placement: { relation: 'on', target: 'pencil_1' } });
    s.robots[0]!.pose = { x: 9, y: 9, theta: 0 };
    const msg = errorOf(() => loadScene(s)).message;
    expect(msg).toContain('entities[2]: duplicate id "mug_1"');
    expect(msg).toMatch(/entities\[3\]\.placement: placement cycle/);
    expect(msg).toContain('entities[6].placement.target: "pencil_1" (Pencil) is not a receptacle');
    expect(msg).toContain('robots[0].pose: robot "r" at (9, 9) is outside every room');
  });

  it('rejects invalid YAML and state the type does not have', () => {
    expect(errorOf(() => loadScene('name: [unclosed')).message).toMatch(/not valid YAML/);
    const s = base();
    (s.entities[0] as Record<string, unknown>).state = { open: true };
    expect(errorOf(() => loadScene(s)).message).toContain('entities[0].state.open: a DiningTable cannot be opened');
  });
});

describe('catalogue', () => {
  it('maps everyday names to types', () => {
    expect(typesForName('night stand')).toContain('SideTable');
    expect(typesForName('kitchen counter')).toContain('CounterTop');
    expect(typesForName('clock')).toContain('AlarmClock');
    expect(typesForName('refrigerator')).toEqual(['Fridge']);
    expect(typesForName('moka pot')).toContain('moka_pot');
    expect(typesForName('stove')).toEqual(expect.arrayContaining(['StoveBurner', 'flat_stove']));
    expect(typesForName('apples')).toContain('Apple');
  });
});

describe('numbers and names a scene may not hold', () => {
  const pathsOf = (scene: unknown): string[] => errorOf(() => loadScene(scene)).issues.map((i) => i.path);

  it('refuses non-finite and absurd sizes, positions and headings, naming each field', () => {
    const s = base();
    const huge = {
      ...s,
      rooms: [{ id: 'kitchen', rect: { x: 0, y: 0, w: 1e308, d: 4 } }],
      entities: [{ ...s.entities[0], size: { w: 1e-9, d: 1, h: 1e6 } }, s.entities[1]],
      robots: [{ ...s.robots[0], pose: { x: 1, y: -5000, theta: 1e9 } }],
      people: [{ id: 'ada', name: 'Ada', room: 'kitchen', position: { x: Number.POSITIVE_INFINITY, y: 1 } }],
      doors: [{ between: ['kitchen', 'kitchen'], position: { x: 0, y: 1 }, width: 2e3 }],
    };
    expect(pathsOf(huge)).toEqual(
      expect.arrayContaining(['rooms[0].rect.w', 'entities[0].size.w', 'entities[0].size.h', 'robots[0].pose.y', 'robots[0].pose.theta', 'people[0].position.x', 'doors[0].width']),
    );
    const yaml = 'name: big\nkind: house\nrooms: [{id: k, rect: {x: 0, y: 0, w: 1e308, d: 4}}]\n';
    expect(errorOf(() => loadScene(yaml)).message).toMatch(/rooms\[0\]\.rect\.w/);
  });

  it('refuses names with "/", "..", NUL or line breaks, or over 200 characters', () => {
    const s = base();
    const bad = {
      ...s,
      name: 'a'.repeat(201),
      rooms: [{ ...s.rooms[0], name: 'up/../down' }],
      entities: [{ ...s.entities[0], name: 'table\nDROP' }, { ...s.entities[1], id: `m${'x'.repeat(200)}` }],
      robots: [{ ...s.robots[0], name: 'rover\u0000' }],
      people: [{ id: 'ada', name: '..', room: 'kitchen', position: { x: 1, y: 1 } }],
    };
    expect(pathsOf(bad)).toEqual(expect.arrayContaining(['name', 'rooms[0].name', 'entities[0].name', 'entities[1].id', 'robots[0].name', 'people[0].name']));
    for (const name of ['../etc', 'a/../b', 'x\ny', 'nul\u0000', 'with space']) expect(pathsOf({ ...s, name }), JSON.stringify(name)).toContain('name');
    // Display names keep their punctuation; only path syntax and control characters are refused.
    expect(() => loadScene({ ...s, people: [{ id: 'ada', name: 'Ada <Lovelace> & "Co."', room: 'kitchen', position: { x: 1, y: 1 } }] })).not.toThrow();
  });
});
