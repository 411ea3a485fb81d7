import { describe, expect, it } from 'vitest';
import { deltaEeMapper, LIBERO_MAPPING, OPENVLA_MAPPING } from './action-map.js';
import { CodecError } from './errors.js';
import { resizeWithPad, rotate180, toRgb } from './image.js';

const tick = { step: 1, simTime: 0.1, dt: 0.1 };

describe('delta-ee action mapping', () => {
  it('turns xyz deltas into velocities over the delta period and maps the gripper range', () => {
    const a = deltaEeMapper({ ...OPENVLA_MAPPING, deltaPeriod: 0.2 })([0.02, -0.04, 0, 0.3, 0.3, 0.3, 0.25], tick);
    expect(a.ee?.vx).toBeCloseTo(0.1, 12);
    expect(a.ee?.vy).toBeCloseTo(-0.2, 12);
    expect(a.ee?.vz).toBe(0);
    expect(a.gripper).toBe(0.25);
    expect(deltaEeMapper(LIBERO_MAPPING)([0, 0, 0, 0, 0, 0, 1], tick).gripper).toBe(0);
    expect(deltaEeMapper(LIBERO_MAPPING)([0, 0, 0, 0, 0, 0, -3], tick).gripper).toBe(1);
  });
  it('lets non-finite values through for the safety filter to reject', () => {
    expect(Number.isNaN(deltaEeMapper(OPENVLA_MAPPING)([Number.NaN, 0, 0, 0, 0, 0, 1], tick).ee?.vx)).toBe(true);
  });
});

describe('image helpers', () => {
  it('converts bgr8/rgba8/mono8 to rgb and rejects compressed frames', () => {
    expect([...toRgb({ width: 1, height: 1, encoding: 'bgr8', data: Uint8Array.of(1, 2, 3) }).data]).toEqual([3, 2, 1]);
    expect([...toRgb({ width: 1, height: 1, encoding: 'rgba8', data: Uint8Array.of(1, 2, 3, 4) }).data]).toEqual([1, 2, 3]);
    expect([...toRgb({ width: 1, height: 1, encoding: 'mono8', data: Uint8Array.of(9) }).data]).toEqual([9, 9, 9]);
    expect(() => toRgb({ width: 1, height: 1, encoding: 'jpeg', data: Uint8Array.of(0) })).toThrow(CodecError);
  });
  it('letterboxes a wide image with black bars top and bottom', () => {
    const wide = { width: 4, height: 2, data: new Uint8Array(24).fill(100) };
    const out = resizeWithPad(wide, 8, 8);
    expect(out.data[0]).toBe(0); // top bar
    expect(out.data[(4 * 8 + 4) * 3]).toBe(100); // centre
    expect(out.data[(7 * 8 + 4) * 3]).toBe(0); // bottom bar
  });
  it('rotates 180 degrees', () => {
    const img = { width: 2, height: 1, data: Uint8Array.of(1, 1, 1, 2, 2, 2) };
    expect([...rotate180(img).data]).toEqual([2, 2, 2, 1, 1, 1]);
  });
});
