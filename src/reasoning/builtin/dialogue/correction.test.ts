import { describe, expect, it } from 'vitest';
import { loadBuiltinScene } from '../../../world/index.js';
import { beliefFromScene } from '../../belief-scene.js';
import { readCorrection } from './correction.js';

const belief = beliefFromScene(loadBuiltinScene('home'));
const pick = { args: { robot: 'rover', object: 'mug_red' } };

describe('readCorrection', () => {
  it('rebinds to the other candidate of the same type', () => {
    expect(readCorrection('no, the other mug', pick, belief)).toEqual({ kind: 'rebind', param: 'object', ids: ['mug_blue'] });
    expect(readCorrection('the other one', pick, belief)).toEqual({ kind: 'rebind', param: 'object', ids: ['mug_blue'] });
  });
  it('rebinds to the candidate with the named attribute', () => {
    expect(readCorrection('not that one, the blue one', pick, belief)).toEqual({ kind: 'rebind', param: 'object', ids: ['mug_blue'] });
    expect(readCorrection('I meant the red mug', { args: { object: 'mug_blue' } }, belief)).toEqual({ kind: 'rebind', param: 'object', ids: ['mug_red'] });
    // The green apple is in the closed fridge, not believed yet: the description goes back to the interpreter.
    expect(readCorrection('the green apple', { args: { object: 'apple_1' } }, belief)).toEqual({ kind: 'describe', param: 'object', from: 'apple_1', phrase: 'the green apple' });
    expect(readCorrection('hmm, the small green one', { args: { object: 'apple_1' } }, belief)).toEqual({ kind: 'describe', param: 'object', from: 'apple_1', phrase: 'the small green apple' });
  });
  it('rebinds the argument whose type is named, not the first one', () => {
    const place = { args: { object: 'apple_1', target: 'cabinet_1' } };
    expect(readCorrection('no, the other cabinet', place, belief)).toEqual({ kind: 'rebind', param: 'target', ids: ['cabinet_2'] });
  });
  it('reads nudges in the world frame (x right, y forward, z up) with their size', () => {
    expect(readCorrection('a bit to the left', pick, belief)).toEqual({ kind: 'nudge', dx: -0.02, dy: 0, dz: 0 });
    expect(readCorrection('higher', pick, belief)).toEqual({ kind: 'nudge', dx: 0, dy: 0, dz: 0.05 });
    expect(readCorrection('10 cm lower', pick, belief)).toEqual({ kind: 'nudge', dx: 0, dy: 0, dz: -0.1 });
    expect(readCorrection('a lot further forward and to the right', pick, belief)).toEqual({ kind: 'nudge', dx: 0.15, dy: 0.15, dz: 0 });
  });
  it('says unknown when nothing describes a thing, and hands a description that fits nothing to the interpreter', () => {
    expect(readCorrection('hmm', pick, belief)).toEqual({ kind: 'unknown' });
    expect(readCorrection('the purple one', pick, belief)).toEqual({ kind: 'describe', param: 'object', from: 'mug_red', phrase: 'the purple mug' });
  });
});
