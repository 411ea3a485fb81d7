import { describe, expect, it } from 'vitest';
import { SafetyFilter } from './safety-filter.js';

const limits = { maxBaseSpeed: 0.6, maxBaseTurnRate: 1.5, maxEeSpeed: 0.5 };
const mobile = new SafetyFilter({ kind: 'mobile_manipulator', limits, workspace: { minX: 0, maxX: 10, minY: 0, maxY: 8 } });
const arm = new SafetyFilter({ kind: 'fixed_arm', limits });
const state = { pose: { x: 1, y: 1, theta: 0 }, ee: { x: 1.3, y: 1, z: 1 }, dt: 0.1 };

describe('SafetyFilter', () => {
  it('rejects NaN and infinite values with not_finite', () => {
    expect(mobile.check({ ee: { vx: Number.NaN, vy: 0, vz: 0 } })).toMatchObject({ status: 'rejected', reason: 'not_finite' });
    expect(mobile.check({ base: { vx: 0, vy: Infinity, wz: 0 } })).toMatchObject({ status: 'rejected', reason: 'not_finite', message: expect.stringContaining('base.vy') });
    expect(mobile.check({ gripper: -Infinity })).toMatchObject({ status: 'rejected', reason: 'not_finite' });
  });

  it('rejects malformed actions, including unknown fields', () => {
    expect(mobile.check({ ee: { vx: '1', vy: 0, vz: 0 } })).toMatchObject({ status: 'rejected', reason: 'malformed' });
    expect(mobile.check({ teleport: { x: 3 } })).toMatchObject({ status: 'rejected', reason: 'malformed' });
    expect(mobile.check({ ee: { vx: 0, vy: 0 } })).toMatchObject({ status: 'rejected', reason: 'malformed' });
    expect(mobile.check(null)).toMatchObject({ status: 'rejected', reason: 'malformed' });
  });

  it('clamps speeds to the limits keeping direction, and the gripper to [0, 1]', () => {
    const r = mobile.check({ base: { vx: 3, vy: 4, wz: -5 }, ee: { vx: 0, vy: 2, vz: 0 }, gripper: 1.7 });
    expect(r.status).toBe('applied');
    if (r.status !== 'applied') return;
    expect(r.clamped).toBe(true);
    expect(Math.hypot(r.action.base!.vx, r.action.base!.vy)).toBeCloseTo(0.6);
    expect(r.action.base!.vx / r.action.base!.vy).toBeCloseTo(0.75);
    expect(r.action.base!.wz).toBe(-1.5);
    expect(r.action.ee).toEqual({ vx: 0, vy: 0.5, vz: 0 });
    expect(r.action.gripper).toBe(1);
    expect(mobile.check({ gripper: -0.2 })).toMatchObject({ status: 'applied', clamped: true, action: { gripper: 0 } });
  });

  it('passes actions within limits unchanged and unclamped', () => {
    const a = { base: { vx: 0.1, vy: 0, wz: 0 }, ee: { vx: 0.1, vy: 0.1, vz: 0 }, gripper: 0.5, press: true };
    expect(mobile.check(a, state)).toEqual({ status: 'applied', clamped: false, action: a });
  });

  it('rejects base motion on a fixed arm but lets a zero base through', () => {
    expect(arm.check({ base: { vx: 0.1, vy: 0, wz: 0 } })).toMatchObject({ status: 'rejected', reason: 'not_allowed' });
    const r = arm.check({ base: { vx: 0, vy: 0, wz: 0 }, ee: { vx: 0.1, vy: 0, vz: 0 } });
    expect(r).toMatchObject({ status: 'applied', clamped: false });
    if (r.status === 'applied') expect(r.action.base).toBeUndefined();
  });

  it('rejects base motion leaving the workspace and clamps the end effector to its height range', () => {
    const edge = { ...state, pose: { x: 0.02, y: 1, theta: 0 } };
    expect(mobile.check({ base: { vx: -0.5, vy: 0, wz: 0 } }, edge)).toMatchObject({ status: 'rejected', reason: 'outside_workspace' });
    expect(mobile.check({ base: { vx: 0.5, vy: 0, wz: 0 } }, edge)).toMatchObject({ status: 'applied' });
    const high = { ...state, ee: { x: 1, y: 1, z: 1.58 } };
    const r = mobile.check({ ee: { vx: 0, vy: 0, vz: 0.4 } }, high);
    expect(r).toMatchObject({ status: 'applied', clamped: true });
    if (r.status === 'applied') expect(1.58 + r.action.ee!.vz * 0.1).toBeLessThanOrEqual(1.6 + 1e-9);
  });
});
