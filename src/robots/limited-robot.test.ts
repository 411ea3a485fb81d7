import { describe, expect, it } from 'vitest';
import { FakeRobot } from '../executors/protocols/testing/fake-robot.js';
import { LimitedRobot } from './limited-robot.js';

const huge = { base: { vx: 1e6, vy: 0, wz: -1e6 }, ee: { vx: 0, vy: 1e6, vz: 0 } };

describe('LimitedRobot', () => {
  it('holds each configured limit: base speed, turn rate and end-effector speed', () => {
    const inner = new FakeRobot();
    const robot = new LimitedRobot(inner, { maxBaseSpeed: 0.2, maxBaseTurnRate: 0.4, maxEeSpeed: 0.3 });
    const r = robot.apply(huge);
    expect(r).toMatchObject({ status: 'applied', clamped: true });
    expect(inner.applied[0]).toEqual({ base: { vx: 0.2, vy: 0, wz: -0.4 }, ee: { vx: 0, vy: 0.3, vz: 0 } });
    expect(robot.limits).toEqual({ maxBaseSpeed: 0.2, maxBaseTurnRate: 0.4, maxEeSpeed: 0.3 });
  });

  it('never loosens the robot’s own limits', () => {
    const inner = new FakeRobot();
    const robot = new LimitedRobot(inner, { maxEeSpeed: 5 });
    expect(robot.limits.maxEeSpeed).toBe(0.5);
    robot.apply({ ee: { vx: 1e6, vy: 0, vz: 0 } });
    expect(inner.applied[0]?.ee?.vx).toBeCloseTo(0.5);
  });

  it('passes actions within the limits unchanged, and leaves malformed ones to the robot’s own filter', () => {
    const inner = new FakeRobot();
    const robot = new LimitedRobot(inner, { maxBaseSpeed: 0.2, maxBaseTurnRate: 0.4, maxEeSpeed: 0.3 });
    const calm = { ee: { vx: 0.1, vy: 0, vz: 0 }, gripper: 0.5 };
    expect(robot.apply(calm)).toEqual({ status: 'applied', clamped: false, action: calm });
    expect(robot.apply({ ee: { vx: Number.POSITIVE_INFINITY, vy: 0, vz: 0 } })).toMatchObject({ status: 'rejected', reason: 'not_finite' });
    expect(inner.applied).toEqual([calm]);
  });

  it('shares the robot’s latch', () => {
    const inner = new FakeRobot();
    const robot = new LimitedRobot(inner, { maxEeSpeed: 0.3 });
    robot.estop();
    expect(inner.estopped).toBe(true);
    expect(robot.apply(huge)).toMatchObject({ status: 'rejected', reason: 'estopped' });
    robot.releaseEstop();
    expect(robot.estopped).toBe(false);
  });
});
