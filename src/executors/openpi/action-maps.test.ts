import { describe, expect, it } from 'vitest';
import { PANDA_FK, VX300S_FK } from '../protocols/kinematics.js';
import { FakeRobot } from '../protocols/testing/fake-robot.js';
import { alohaActionMapper, droidActionMapper, DROID_JOINT_VELOCITY_SCALE } from './action-maps.js';

const tick = { step: 1, simTime: 0.1, dt: 0.1 };
const robotWith = (positions: number[]) => new FakeRobot('arm', undefined, { names: positions.map((_, i) => `j${i}`), positions });

describe('forward kinematics', () => {
  it('Panda at zero: fingertip above the base, 0.088 m forward (flange 0.926 m minus the 0.1034 m hand)', () => {
    const [x, y, z] = PANDA_FK([0, 0, 0, 0, 0, 0, 0]);
    expect(x).toBeCloseTo(0.088, 6);
    expect(y).toBeCloseTo(0, 6);
    expect(z).toBeCloseTo(0.333 + 0.316 + 0.384 - 0.107 - 0.1034, 6);
  });

  it('Panda: turning joint 1 swings the tool about the vertical axis', () => {
    const [x, y, z] = PANDA_FK([Math.PI / 2, 0, 0, 0, 0, 0, 0]);
    expect([x, y]).toEqual([expect.closeTo(0, 6), expect.closeTo(0.088, 6)]);
    expect(z).toBeCloseTo(0.8226, 6);
  });

  it('ViperX 300s: home pose, and the waist and shoulder move it the right way', () => {
    expect(VX300S_FK([0, 0, 0, 0, 0, 0]).map((v) => Number(v.toFixed(6)))).toEqual([0.536494, 0, 0.42705]);
    const [x, y] = VX300S_FK([Math.PI / 2, 0, 0, 0, 0, 0]);
    expect([x, y]).toEqual([expect.closeTo(0, 6), expect.closeTo(0.536494, 6)]);
    // Positive shoulder pitch about +y tips the arm down (z falls).
    expect(VX300S_FK([0, 0.2, 0, 0, 0, 0])[2]).toBeLessThan(0.42705);
    // Roll joints on the tool axis do not move the tool point at home.
    expect(VX300S_FK([0, 0, 0, 0.7, 0, 0.3])[2]).toBeCloseTo(0.42705, 9);
  });
});

describe('DROID default mapping', () => {
  const q = [0, -0.5, 0, -2, 0, 1.5, 0.8];

  it('joint velocities become the ee velocity they cause; gripper binarised (1 = closed)', () => {
    const map = droidActionMapper(robotWith(q));
    const a = map([0.5, 0, 0, 0, 0, 0, 0, 0.9], tick);
    const next = q.map((v, i) => (i === 0 ? v + 0.5 * DROID_JOINT_VELOCITY_SCALE * tick.dt : v));
    const p0 = PANDA_FK(q);
    const p1 = PANDA_FK(next);
    expect(a.ee?.vx).toBeCloseTo((p1[0] - p0[0]) / tick.dt, 9);
    expect(a.ee?.vy).toBeCloseTo((p1[1] - p0[1]) / tick.dt, 9);
    expect(Math.abs(a.ee?.vy ?? 0)).toBeGreaterThan(0.1);
    expect(a.gripper).toBe(0);
    expect(map([0, 0, 0, 0, 0, 0, 0, 0.2], tick)).toMatchObject({ ee: { vx: 0, vy: 0, vz: 0 }, gripper: 1 });
  });

  it('NaN passes on for the safety filter; missing joints are a malformed (typed) error', () => {
    const a = droidActionMapper(robotWith(q))([Number.NaN, 0, 0, 0, 0, 0, 0, 0], tick);
    expect(Number.isNaN(a.ee?.vx)).toBe(true);
    expect(() => droidActionMapper(robotWith([0, 0, 0]))([0, 0, 0, 0, 0, 0, 0, 0], tick)).toThrow(/7 finite joint positions/);
  });
});

describe('ALOHA default mapping', () => {
  const q14 = [0, 0, 0, 0, 0, 0, 0.5, 0, 0, 0, 0, 0, 0, 0.5];

  it('the left arm drives ee from its joint targets; the left gripper sets the aperture', () => {
    const target = [...q14];
    target[0] = 0.1; // left waist
    target[6] = 0.2;
    const a = alohaActionMapper(robotWith(q14))(target, tick);
    const p1 = VX300S_FK([0.1, 0, 0, 0, 0, 0]);
    expect(a.ee?.vy).toBeCloseTo((p1[1] - 0) / tick.dt, 9);
    expect(a.ee?.vx).toBeCloseTo((p1[0] - 0.536494) / tick.dt, 6);
    expect(a.gripper).toBeCloseTo(0.2);
  });

  it('the right arm faces the other way and uses columns 7..13', () => {
    const target = [...q14];
    target[7] = 0.1;
    target[13] = 1.4;
    const right = alohaActionMapper(robotWith(q14), { arm: 'right' })(target, tick);
    const p1 = VX300S_FK([0.1, 0, 0, 0, 0, 0]);
    expect(right.ee?.vy).toBeCloseTo(-(p1[1] / tick.dt), 9);
    expect(right.gripper).toBe(1);
    // The left arm's mapping ignores the right arm's commands.
    expect(alohaActionMapper(robotWith(q14))(target, tick).ee).toEqual({ vx: 0, vy: 0, vz: 0 });
  });
});
