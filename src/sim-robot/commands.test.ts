import { describe, expect, it } from 'vitest';
import { CommandIntake } from './commands.js';

const pose = { x: 0, y: 0, theta: Math.PI / 2 };
const dt = 0.1;

describe('the sim robot command intake', () => {
  it('keeps a velocity for exactly half a second of world time, whatever the rounding of the step times', () => {
    const intake = new CommandIntake();
    intake.setBase({ x: 0.4, y: 0, z: 0 }, 0, 'map', 1 * dt);
    // 6 × 0.1 − 0.1 is 0.5000000000000001 in floating point: still the fifth step after the command.
    expect(intake.next(6 * dt, pose).base).toEqual({ vx: 0.4, vy: 0, wz: 0 });
    expect(intake.next(7 * dt, pose).base).toEqual({ vx: 0, vy: 0, wz: 0 });
  });

  it('turns base-frame velocities into the map frame with the heading; the gripper holds, a press fires once', () => {
    const intake = new CommandIntake();
    intake.setBase({ x: 0.2, y: 0, z: 0 }, 0.1, 'base', 0);
    intake.setEe({ x: 0, y: 0.1, z: 0 }, 'base', 0);
    intake.setGripper(1.7);
    intake.pressOnce();
    const first = intake.next(0.1, pose);
    expect(first.base?.vx).toBeCloseTo(0, 12);
    expect(first.base?.vy).toBeCloseTo(0.2, 12);
    expect(first.ee?.vx).toBeCloseTo(-0.1, 12);
    expect(first).toMatchObject({ gripper: 1, press: true });
    expect(intake.next(5, pose)).toMatchObject({ base: { vx: 0, vy: 0, wz: 0 }, ee: { vx: 0, vy: 0, vz: 0 }, gripper: 1, press: false });
    expect(intake.received).toBe(4);
  });
});
