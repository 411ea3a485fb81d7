import { describe, expect, it } from 'vitest';
import { PolicyError } from '../protocols/errors.js';
import { FakeRobot } from '../protocols/testing/fake-robot.js';
import { jointVector, liberoState, quatToAxisAngle } from './proprio.js';

const close = (xs: number[]) => xs.map((x) => expect.closeTo(x, 12));

describe('quatToAxisAngle: the LIBERO example client conversion (robosuite quat2axisangle, x y z w)', () => {
  it('a quarter turn about z is [0, 0, π/2]; the identity is zero', () => {
    const s = Math.SQRT1_2;
    expect(quatToAxisAngle([0, 0, s, s])).toEqual(close([0, 0, Math.PI / 2]));
    expect(quatToAxisAngle([0, 0, 0, 1])).toEqual([0, 0, 0]);
  });

  it('does not flip a negative w: the same rotation written with w < 0 reads as an angle above π', () => {
    const s = Math.SQRT1_2;
    // −q is the same rotation; robosuite keeps acos(w) = 3π/4 and the axis as given, so this is
    // (3π/2) · (0, 0, −1), the value the policy was trained on for that sign.
    expect(quatToAxisAngle([0, 0, -s, -s])).toEqual(close([0, 0, (-3 * Math.PI) / 2]));
  });

  it('clips w to [-1, 1] and does not renormalise', () => {
    expect(quatToAxisAngle([0.1, 0, 0, 1.0000001])).toEqual([0, 0, 0]);
    // |q| = 2 here: x is scaled by 2·acos(w)/√(1 − w²), not by the unit axis.
    const w = 0.5;
    const k = (2 * Math.acos(w)) / Math.sqrt(1 - w * w);
    expect(quatToAxisAngle([1.9, 0, 0, w])).toEqual(close([1.9 * k, 0, 0]));
  });
});

describe('jointVector: observation.joints by name, in the model order', () => {
  const obs = new FakeRobot('arm', {}, { names: ['b', 'a', 'finger'], positions: [2, 1, 0.03] }).observe();

  it('reorders by name and normalises a { name, closed, open } entry to 0 closed .. 1 open', () => {
    expect(jointVector(['a', 'b', { name: 'finger', closed: 0.01, open: 0.05 }])(obs)).toEqual(close([1, 2, 0.5]));
  });

  it('a missing joint is a typed failure naming it and what there is', () => {
    const err = (() => {
      try {
        jointVector(['a', 'elbow'])(obs);
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(err).toBeInstanceOf(PolicyError);
    expect(err).toMatchObject({ kind: 'malformed', message: expect.stringContaining('"elbow" (has b, a, finger)') });
  });
});

describe('liberoState: [eef position 3, axis-angle 3, gripper qpos 2]', () => {
  it('reads the quaternion and fingers from the configured joints and the position from ee', () => {
    const s = Math.SQRT1_2;
    const robot = new FakeRobot('arm', {}, { names: ['qw', 'qx', 'qy', 'qz', 'f1', 'f2'], positions: [s, 0, 0, s, 0.039, -0.038] });
    const state = liberoState({ eefPosition: 'ee', eefQuaternion: ['qx', 'qy', 'qz', 'qw'], gripperQpos: ['f1', 'f2'] })(robot.observe());
    expect(state).toEqual(close([0.4, 0, 0.3, 0, 0, Math.PI / 2, 0.039, -0.038]));
  });

  it('gripper "aperture" gives the Panda fingers ±0.04 m × aperture', () => {
    const robot = new FakeRobot('arm', {}, { names: ['x', 'y', 'z', 'qx', 'qy', 'qz', 'qw'], positions: [1, 2, 3, 0, 0, 0, 1] });
    const state = liberoState({ eefPosition: ['x', 'y', 'z'], eefQuaternion: ['qx', 'qy', 'qz', 'qw'], gripperQpos: 'aperture' })(robot.observe());
    expect(state).toEqual([1, 2, 3, 0, 0, 0, 0.04, -0.04]);
  });
});
