import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../domain/failures.js';
import { FakeRobot } from '../protocols/testing/fake-robot.js';
import { decodeCompressedImage, decodeImage, decodeJointState, SensorCache } from './messages.js';
import { loadRclnodejs, requireRclnodejs, Ros2UnavailableError } from './loader.js';

describe('sensor_msgs decoders', () => {
  it('decodes an rgb8 Image and strips row padding (step > width*3)', () => {
    const data = new Uint8Array([1, 2, 3, 4, 5, 6, 0, 0, 7, 8, 9, 10, 11, 12, 0, 0]);
    const img = decodeImage({ height: 2, width: 2, encoding: 'rgb8', is_bigendian: 0, step: 8, data });
    expect(img).toMatchObject({ width: 2, height: 2, encoding: 'rgb8' });
    expect([...img.data]).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  });

  it('accepts rosbridge base64 and int-list data', () => {
    const b64 = Buffer.from([9, 8, 7]).toString('base64');
    expect([...decodeImage({ height: 1, width: 1, encoding: 'bgr8', step: 3, data: b64 }).data]).toEqual([9, 8, 7]);
    expect([...decodeImage({ height: 1, width: 3, encoding: 'mono8', step: 3, data: [1, 2, 3] }).data]).toEqual([1, 2, 3]);
  });

  it('rejects short data, unknown encodings and missing fields with the field named', () => {
    expect(() => decodeImage({ height: 2, width: 2, encoding: 'rgb8', step: 6, data: new Uint8Array(6) })).toThrow(/6 bytes/);
    expect(() => decodeImage({ height: 1, width: 1, encoding: 'yuv422_weird', step: 2, data: new Uint8Array(2) })).toThrow(/unsupported encoding/);
    expect(() => decodeImage({ height: 1, width: 1, step: 3, data: [] })).toThrow(/encoding/);
    expect(() => decodeImage({ height: 1, width: 1, encoding: 'rgb8', step: 3, data: '***' })).toThrow(ValidationError);
  });

  it('keeps CompressedImage bytes compressed and normalises the format', () => {
    const img = decodeCompressedImage({ format: 'rgb8; jpeg compressed bgr8', data: new Uint8Array([0xff, 0xd8]) });
    expect(img).toMatchObject({ encoding: 'jpeg', width: 0, height: 0 });
    expect([...img.data]).toEqual([0xff, 0xd8]);
  });

  it('decodes JointState from Float64Array or JSON lists, and rejects mismatches and NaN (rosbridge null)', () => {
    expect(decodeJointState({ name: ['a', 'b'], position: new Float64Array([1, 2]) })).toEqual({ names: ['a', 'b'], positions: [1, 2] });
    expect(decodeJointState({ name: ['a'], position: [0.5], velocity: [], effort: [] }).positions).toEqual([0.5]);
    expect(() => decodeJointState({ name: ['a', 'b'], position: [1] })).toThrow(/2 names but 1 positions/);
    expect(() => decodeJointState({ name: ['a'], position: [null] })).toThrow(/not finite/);
  });

  it('SensorCache merges the latest readings and keeps the last good one on bad input', () => {
    const cache = new SensorCache();
    const robot = new FakeRobot('r', {});
    cache.accept('image', 'front', { height: 1, width: 1, encoding: 'rgb8', step: 3, data: [1, 2, 3] });
    cache.accept('joint_state', 'joints', { name: ['j'], position: [0.3] });
    expect(cache.accept('joint_state', 'joints', { name: ['j'], position: [] })).toBe(false);
    const obs = cache.merge(robot.observe());
    expect([...(obs.images?.front?.data ?? [])]).toEqual([1, 2, 3]);
    expect(obs.joints).toEqual({ names: ['j'], positions: [0.3] });
    expect(cache.dropped).toBe(1);
  });
});

describe('rclnodejs loader', () => {
  it('returns null when rclnodejs is not installed (the real import fails here: no ROS 2)', async () => {
    expect(await loadRclnodejs()).toBeNull();
  });

  it('gives a clear typed error naming ROS 2 when a ROS 2 robot needs it', async () => {
    const missing = () => Promise.reject(new Error("Cannot find package 'rclnodejs'"));
    const err = await requireRclnodejs(missing, { ROS_DISTRO: 'jazzy' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Ros2UnavailableError);
    expect((err as Error).message).toMatch(/^ROS 2 is not sourced \/ rclnodejs not installed: Cannot find package 'rclnodejs'/);
    const unsourced = await requireRclnodejs(missing, {}).catch((e: unknown) => e);
    expect((unsourced as Error).message).toContain('ROS_DISTRO is not set');
  });

  it('accepts a module exposing the rclnodejs surface, directly or as default export', async () => {
    const api = { init: async () => {}, createNode: () => ({}), ActionClient: class {}, spin: () => {}, shutdown: () => {} };
    expect(await requireRclnodejs(async () => ({ default: api }), { ROS_DISTRO: 'humble' })).toBe(api);
    expect(await loadRclnodejs(async () => api)).toBe(api);
    await expect(requireRclnodejs(async () => ({ something: 1 }), { ROS_DISTRO: 'humble' })).rejects.toThrow(/does not expose/);
  });
});
