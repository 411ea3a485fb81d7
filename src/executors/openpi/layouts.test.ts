import { describe, expect, it } from 'vitest';
import { PolicyError } from '../protocols/errors.js';
import type { NdArray } from '../protocols/ndarray.js';
import { toNumbers } from '../protocols/ndarray.js';
import { FakeRobot } from '../protocols/testing/fake-robot.js';
import { alohaLayout, droidLayout, liberoLayout } from './layouts.js';
import { liberoState } from './proprio.js';

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

  it('ALOHA: an observation without the cam_high image fails the request, naming cam_high (the server would raise KeyError)', () => {
    const obs = new FakeRobot('aloha', { wrist: cam(9) }, joints(14)).observe();
    const layout = alohaLayout({ cameras: { cam_high: 'top', cam_left_wrist: 'wrist' } });
    expect(() => layout(obs, 'fold')).toThrow(PolicyError);
    expect(() => layout(obs, 'fold')).toThrow(/"top" \(ALOHA's cam_high/);
  });
});

describe('openpi LIBERO layout', () => {
  /** A 3×2 frame, left column red and right column blue, so a 180° turn shows. */
  const sides = { width: 3, height: 2, encoding: 'rgb8', data: Uint8Array.from([200, 0, 0, 100, 100, 100, 0, 0, 200, 200, 0, 0, 100, 100, 100, 0, 0, 200]) };
  const quat = { names: ['qx', 'qy', 'qz', 'qw'], positions: [0, 0, Math.SQRT1_2, Math.SQRT1_2] };
  const state = liberoState({ eefPosition: 'ee', eefQuaternion: ['qx', 'qy', 'qz', 'qw'], gripperQpos: 'aperture' });

  it('sends the wrist camera and the real axis-angle of the eef quaternion', () => {
    const obs = new FakeRobot('arm', { agent: cam(10), hand: cam(250) }, quat).observe();
    const out = liberoLayout({ camera: 'agent', wristCamera: 'hand', state })(obs, 'p');
    expect(toNumbers(out['observation/wrist_image'] as NdArray)[0]).toBe(250);
    const sent = toNumbers(out['observation/state'] as NdArray);
    expect(sent.slice(3, 6).map((v) => Number(v.toFixed(12)))).toEqual([0, 0, Number((Math.PI / 2).toFixed(12))]);
  });

  it('a missing wrist frame fails the request instead of sending black', () => {
    const obs = new FakeRobot('arm', { agent: cam(10) }, quat).observe();
    expect(() => liberoLayout({ camera: 'agent', wristCamera: 'hand', state })(obs, 'p')).toThrow(/"hand" \(the LIBERO wrist camera\)/);
  });

  it('rotate180 turns the raw frame before the letterbox, as the LIBERO example does', () => {
    // 3×2 fits 224 wide as 224×149: 75 spare rows, 37 above and 38 below. Turning after the
    // letterbox would put 38 above.
    const obs = new FakeRobot('arm', { agent: sides, hand: sides }, quat).observe();
    const px = toNumbers(liberoLayout({ camera: 'agent', wristCamera: 'hand', rotate180: true, state })(obs, 'p')['observation/image'] as NdArray);
    const lit = (y: number) => px.slice(y * 224 * 3, (y + 1) * 224 * 3).some((v) => v > 0);
    expect([lit(36), lit(37), lit(185), lit(186)]).toEqual([false, true, true, false]);
    // Turned: the left edge is now the blue column.
    expect(px.slice((100 * 224 + 0) * 3, (100 * 224 + 0) * 3 + 3)).toEqual([0, 0, 200]);
  });
});
