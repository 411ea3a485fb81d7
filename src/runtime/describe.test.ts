import { describe, expect, it } from 'vitest';
import { loadBuiltinScene } from '../world/index.js';
import { sceneDescriber } from './describe.js';

describe('sceneDescriber', () => {
  it('names things by colour and type without repeating what the type says', () => {
    const d = sceneDescriber(loadBuiltinScene('libero/LIVING_ROOM_SCENE5_put_the_white_mug_on_the_left_plate_and_put_the_yellow_and_white_mug_on_the_right_plate'));
    // colour "yellow and white" on a white_yellow_mug: nothing left to add, and no stray "and".
    expect(d('white_yellow_mug_1')).toBe('white yellow mug');
    expect(d('porcelain_mug_1')).toBe('white porcelain mug');
    // Two entities sharing a phrase keep their ids, so a policy that reads ids can tell them apart.
    expect(d('plate_1')).toBe('white plate plate_1');
  });
  it('joins two colours the type does not say with "and"', () => {
    const d = sceneDescriber(loadBuiltinScene('home'));
    const scene = loadBuiltinScene('home');
    const mug = scene.entities.find((e) => e.type === 'Mug')!;
    const twoColours = sceneDescriber({ ...scene, entities: [{ ...mug, id: 'mug_x', attributes: { ...mug.attributes, color: 'yellow and white' } }] });
    expect(twoColours('mug_x')).toBe('yellow and white mug');
    expect(d(mug.id)).toMatch(/ mug$/);
  });
});
