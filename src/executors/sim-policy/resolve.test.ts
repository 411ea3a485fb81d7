import { describe, expect, it } from 'vitest';
import type { Detection, Observation } from '../../domain/observation.js';
import { functionalRegion, referents, resolvePhrase, resolveScored, words } from './resolve.js';

function det(id: string, type: string, x: number, extra: Partial<Detection> = {}): Detection {
  return { id, type, confidence: 0.9, position: { x, y: 0, z: 0.9 }, attributes: {}, state: {}, ...extra };
}

function obs(detections: Detection[]): Observation {
  return { robotId: 'r', seq: 1, simTime: 0, pose: { x: 0, y: -1, theta: 0 }, ee: { x: 0, y: -0.5, z: 1 }, gripper: { aperture: 1, contact: false, holding: null }, room: 'k', detections };
}

const from = { x: 0, y: -1 };
const region = (id: string, x: number) => ({ id, position: { x, y: 0, z: 0.5 }, state: {} });

describe('reference resolution', () => {
  const scene = obs([
    det('mug_red', 'Mug', 1.0, { attributes: { color: 'red' } }),
    det('mug_blue', 'Mug', 0.2, { attributes: { color: 'blue' } }),
    det('akita_black_bowl_1', 'akita_black_bowl', 0.5, { attributes: { color: 'black' } }),
    det('porcelain_mug_1', 'porcelain_mug', -0.5, { attributes: { color: 'white' } }),
    det('white_yellow_mug_1', 'white_yellow_mug', -0.8),
    det('moka_pot_1', 'moka_pot', 0.7),
    det('flat_stove_1', 'flat_stove', 1.5, { regions: [region('flat_stove_1_cook_region', 1.5)] }),
    det('white_cabinet_1', 'white_cabinet', -1.5, {
      attributes: { color: 'white' },
      regions: [region('white_cabinet_1_top_region', -1.5), region('white_cabinet_1_bottom_region', -1.5)],
    }),
    det('plate_1', 'plate', -2.0),
    det('plate_2', 'plate', 2.0),
    det('living_room_table', 'living_room_table', 0, { regions: [region('living_room_table_plate_right_region', 2.3)] }),
  ]);
  const all = referents(scene);
  const resolve = (p: string) => resolvePhrase(p, all, { from })?.id;

  it('matches type names and attributes, case and underscore insensitive', () => {
    expect(resolve('red mug')).toBe('mug_red');
    expect(resolve('blue mug')).toBe('mug_blue');
    expect(resolve('moka pot')).toBe('moka_pot_1');
    expect(resolve('black bowl')).toBe('akita_black_bowl_1');
    expect(resolve('white mug')).toBe('porcelain_mug_1');
    expect(resolve('yellow and white mug')).toBe('white_yellow_mug_1');
    expect(resolve('stove')).toBe('flat_stove_1');
  });

  it('breaks ties by distance, or by side when the phrase says left or right', () => {
    expect(resolve('mug')).toBe('mug_blue');
    expect(resolve('left plate')).toBe('plate_1');
    expect(resolve('right plate')).toBe('plate_2');
  });

  it('resolves regions by their own words', () => {
    expect(resolve('bottom drawer of the cabinet')).toBe('white_cabinet_1_bottom_region');
    expect(resolve('top drawer of the cabinet')).toBe('white_cabinet_1_top_region');
    expect(resolve('right of the plate')).toBe('living_room_table_plate_right_region');
  });

  it('resolves explicit entity ids and honours exclusions', () => {
    expect(resolve('mug_red')).toBe('mug_red');
    expect(resolvePhrase('the mug_red please', all, { from })?.id).toBe('mug_red');
    expect(resolvePhrase('mug', all, { from, exclude: new Set(['mug_blue']) })?.id).toBe('mug_red');
    expect(resolve('giraffe')).toBeUndefined();
    // A named kind that is not in view does not fall back to a merely similar one.
    expect(resolvePhrase('desk lamp', referents(obs([det('floor_lamp_1', 'FloorLamp', 0)])), { from })).toBeNull();
    expect(resolvePhrase('tomato sauce', referents(obs([det('tomato_1', 'Tomato', 0)])), { from })).toBeNull();
  });

  it('puts things on an entity in its functional region', () => {
    const stove = all.find((r) => r.id === 'flat_stove_1');
    expect(stove && functionalRegion(stove).id).toBe('flat_stove_1_cook_region');
    const mug = all.find((r) => r.id === 'mug_red');
    expect(mug && functionalRegion(mug).id).toBe('mug_red');
  });

  it('matches the names a map gives fixtures, and lets unknown modifiers weaken rather than veto', () => {
    const drawer = det('drawer_1', 'Drawer', 0.5);
    const cabinet = det('cabinet_1', 'Cabinet', 0.2);
    const named = referents(obs([drawer, cabinet])).map((r) => (r.id === 'drawer_1' ? { ...r, name: 'kitchen drawer' } : r));
    expect(resolveScored('kitchen drawer', named, { from })).toMatchObject({ ref: { id: 'drawer_1' }, weak: false });
    // Without the name, "kitchen" is unexplained: still the drawer, but a weak match that strict resolution refuses.
    const bare = referents(obs([drawer, cabinet]));
    expect(resolveScored('kitchen drawer', bare, { from })).toMatchObject({ ref: { id: 'drawer_1' }, weak: true });
    expect(resolvePhrase('kitchen drawer', bare, { from, strict: true })).toBeNull();
    // A full match beats a weak one even when the weak one is nearer.
    const two = referents(obs([det('apple_1', 'Apple', 0.1), det('apple_2', 'Apple', 2, { attributes: { size: 'large' } })]));
    expect(resolvePhrase('large apple', two, { from })?.id).toBe('apple_2');
    // Words that contradict what is seen still veto: colours, materials, other types' names.
    expect(resolvePhrase('green mug', all, { from })).toBeNull();
    expect(resolvePhrase('glass mug', referents(obs([det('mug_1', 'Mug', 0, { attributes: { material: 'ceramic' } })])), { from })).toBeNull();
  });
});

describe('labels', () => {
  it('prefers the thing whose own label says the word over one whose type only files it so', () => {
    // The orange is nearer and shares the catalog type; "the apple" still means the apple.
    const fruit = referents(
      obs([det('orange_1', 'Apple', 0.1, { label: 'orange', attributes: { color: 'orange' } }), det('apple_1', 'Apple', 1.5, { label: 'apple', attributes: { color: 'red' } })]),
    );
    expect(resolvePhrase('the apple', fruit, { from })?.id).toBe('apple_1');
    expect(resolvePhrase('the orange', fruit, { from })?.id).toBe('orange_1');
  });
});

describe('words (memoised)', () => {
  it('hands each caller its own array', () => {
    const first = words('the Red mugs');
    expect(first).toEqual(['red', 'mug']);
    first.push('changed');
    expect(words('the Red mugs')).toEqual(['red', 'mug']);
  });
});
