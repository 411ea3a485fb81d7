import { describe, expect, it } from 'vitest';
import { PolicyError } from '../protocols/errors.js';
import type { NdArray } from '../protocols/ndarray.js';
import { toNumbers } from '../protocols/ndarray.js';
import { FakeRobot } from '../protocols/testing/fake-robot.js';
import { alohaLayout, droidLayout } from './layouts.js';

const joints = (n: number) => ({ names: Array.from({ length: n }, (_, i) => `j${i}`), positions: Array.from({ length: n }, (_, i) => i / 10) });
const cam = (fill: number) => ({ width: 2, height: 2, encoding: 'rgb8', data: Uint8Array.from({ length: 12 }, (_, i) => (i % 3 === 0 ? fill : 0)) });

describe('openpi observation layouts (§2.4)', () => {
  it('DROID: exterior + wrist HWC images, 7 joints, gripper position as [1]', () => {
    const obs = new FakeRobot('droid', { ext: cam(200), wrist: cam(50) }, joints(7)).observe();
    const out = droidLayout({ exteriorCamera: 'ext', wristCamera: 'wrist' })(obs, 'put the cup away');
    expect(Object.keys(out)).toEqual([
      'observation/exterior_image_1_left',
      'observation/wrist_image_left',
      'observation/joint_position',
      'observation/gripper_position',
      'prompt',
    ]);
    expect((out['observation/exterior_image_1_left'] as NdArray).shape).toEqual([224, 224, 3]);
    expect(toNumbers(out['observation/joint_position'] as NdArray)).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6]);
    expect((out['observation/gripper_position'] as NdArray).shape).toEqual([1]);
    expect(toNumbers(out['observation/gripper_position'] as NdArray)).toEqual([0]);
    expect(() => droidLayout()(new FakeRobot('x', { ext: cam(1) }, joints(6)).observe(), 'p')).toThrow(PolicyError);
  });

  it('ALOHA: 14-dim state and CHW images under camera names, missing cameras left out', () => {
    const obs = new FakeRobot('aloha', { top: cam(255) }, joints(14)).observe();
    const out = alohaLayout({ cameras: { cam_high: 'top', cam_left_wrist: 'absent' } })(obs, 'fold');
    expect(toNumbers(out.state as NdArray)).toHaveLength(14);
    const images = out.images as Record<string, NdArray>;
    expect(Object.keys(images)).toEqual(['cam_high']);
    const high = images.cam_high as NdArray;
    expect(high.shape).toEqual([3, 224, 224]);
    // Channel-first: the red plane is all 255 inside the (full-frame, square) image, green is 0.
    const px = toNumbers(high);
    expect(px[112 * 224 + 112]).toBe(255);
    expect(px[224 * 224 + 112 * 224 + 112]).toBe(0);
  });
});
