import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../domain/failures.js';
import type { Detection } from '../../../domain/observation.js';
import { encodePng } from '../testing/png-encode.js';
import { TfTree } from '../tf-tree.js';
import { quaternionOfYaw, stampOf } from './common.js';
import { decodeDetections, decodeExtras, detection3DArrayMsg, extrasText } from './detections.js';
import { decodeOdometry, decodePoseStamped, decodeTf, decodeTwist, odometryMsg, poseStampedMsg, tfMsg, twistStampedMsg } from './geometry.js';
import { decodeCameraMessage, imageMsg } from './images.js';
import { apertureOf, positionOfAperture } from './joints.js';
import { decodePng } from './png.js';
import { toRosbridgeJson } from './wire.js';

const apple: Detection = {
  id: 'apple_1',
  type: 'Apple',
  label: 'green apple',
  confidence: 0.9,
  position: { x: 1, y: 2, z: 0.95 },
  attributes: { color: 'green' },
  state: { temperature: 'room' },
  placement: { relation: 'on', target: 'counter_1' },
  parts: { openness: 0 },
};
const mug: Detection = { id: 'mug_red', type: 'Mug', confidence: 0.4, position: { x: 3, y: 1, z: 1 }, attributes: {}, state: {}, heldBy: 'rover' };

describe('geometry messages', () => {
  it('round-trips odometry, an ee pose and a stamped twist, with yaw from the quaternion', () => {
    const odom = decodeOdometry(odometryMsg({ x: 1, y: -2, theta: 2.5 }, { vx: 0.3, vy: 0, wz: -0.2 }, 12.25, 'map', 'rover/base_link'));
    expect(odom.pose.x).toBe(1);
    expect(odom.pose.theta).toBeCloseTo(2.5, 12);
    expect(odom.twist).toEqual({ vx: 0.3, vy: 0, wz: -0.2 });
    expect(odom.header).toEqual({ stamp: { sec: 12, nanosec: 250_000_000 }, frame_id: 'map' });
    expect(decodePoseStamped(poseStampedMsg({ x: 1, y: 2, z: 0.9 }, 0, 1, 'map')).position).toEqual({ x: 1, y: 2, z: 0.9 });
    expect(decodeTwist(twistStampedMsg({ x: 0.1, y: 0, z: -0.1 }, 0, 1, 'map'), true)).toEqual({ linear: { x: 0.1, y: 0, z: -0.1 }, wz: 0 });
  });

  it('refuses NaN (rosbridge sends it as null) and missing fields with the message type named', () => {
    const bad = { header: {}, pose: { position: { x: null, y: 0, z: 0 }, orientation: quaternionOfYaw(0) } };
    expect(() => decodePoseStamped(bad)).toThrow(/geometry_msgs\/msg\/PoseStamped: pose\.position\.x/);
    expect(() => decodeOdometry({ pose: {} })).toThrow(ValidationError);
  });

  it('reads a pose through a TF chain (map → odom → base_link), leading slashes ignored', () => {
    const tree = new TfTree();
    tree.accept(decodeTf(tfMsg([{ parent: 'map', child: 'odom', x: 10, y: 0, z: 0, yaw: Math.PI / 2 }], 1)));
    expect(tree.lookup('map', 'base_link')).toBeNull();
    const links = decodeTf(tfMsg([{ parent: '/odom', child: 'base_link', x: 1, y: 0, z: 0, yaw: 0.1 }], 1));
    tree.accept(links);
    expect(tree.touches(links, 'map', 'base_link')).toBe(true);
    const pose = tree.lookup('/map', 'base_link')!;
    expect(pose.x).toBeCloseTo(10, 12);
    expect(pose.y).toBeCloseTo(1, 12);
    expect(pose.theta).toBeCloseTo(Math.PI / 2 + 0.1, 12);
  });
});

describe('detections', () => {
  const stamp = 4.5;

  it('maps Detection3DArray and its extras into detections: track id, type, score, position, state', () => {
    const msg = detection3DArrayMsg([apple, mug], stamp, 'map');
    const extras = decodeExtras(extrasText([apple, mug], stamp));
    expect(extras.stamp).toEqual(stampOf(stamp));
    const frame = decodeDetections(msg, { labels: {}, minScore: 0 }, extras.byId);
    expect(frame.detections).toEqual([apple, mug]);
    expect(frame.header.stamp).toEqual(stampOf(stamp));
  });

  it('without extras a detection has type, score and position only; labels rename classes; low scores are dropped', () => {
    const msg = detection3DArrayMsg([{ ...apple, type: 'apple_fruit' }, mug], stamp, 'map');
    const frame = decodeDetections(msg, { labels: { apple_fruit: 'Apple' }, minScore: 0.5 }, null);
    expect(frame.detections).toEqual([{ id: 'apple_1', type: 'Apple', confidence: 0.9, position: apple.position, attributes: {}, state: {} }]);
  });

  it('gives untracked detections a per-frame id and moves positions into the map frame when asked', () => {
    const msg = detection3DArrayMsg([{ ...apple, id: '' }], stamp, 'base_link');
    const toMap = (p: { x: number; y: number; z: number }) => ({ x: p.x + 10, y: p.y, z: p.z });
    expect(decodeDetections(msg, { labels: {}, minScore: 0, toMap }, null).detections[0]).toMatchObject({ id: 'Apple#0', position: { x: 11, y: 2, z: 0.95 } });
  });

  it('refuses extras that are not JSON or do not have the documented shape', () => {
    expect(() => decodeExtras('{')).toThrow(/not JSON/);
    expect(() => decodeExtras('[]')).toThrow(/not a JSON object/);
    expect(() => decodeExtras(JSON.stringify({ a: { state: { open: 'yes' } } }))).toThrow(/detections extras: a\.state\.open/);
  });
});

describe('camera frames', () => {
  const rgb = Uint8Array.from({ length: 5 * 4 * 3 }, (_, i) => (i * 37) % 256);

  it('decodes PNGs with every row filter: RGB, RGBA, grey, grey+alpha, 16-bit and palette', () => {
    expect(decodePng(encodePng({ width: 5, height: 4, colourType: 2, depth: 8, samples: rgb }))).toEqual({ width: 5, height: 4, encoding: 'rgb8', data: rgb });
    const rgba = Uint8Array.from({ length: 3 * 5 * 4 }, (_, i) => (i * 11) % 256);
    expect(decodePng(encodePng({ width: 3, height: 5, colourType: 6, depth: 8, samples: rgba })).data).toEqual(rgba);
    const grey = Uint8Array.from({ length: 6 * 5 }, (_, i) => (i * 53) % 256);
    expect(decodePng(encodePng({ width: 6, height: 5, colourType: 0, depth: 8, samples: grey }))).toMatchObject({ encoding: 'mono8', data: grey });
    const greyAlpha = Uint8Array.from({ length: 2 * 2 * 2 }, (_, i) => i * 30);
    expect(decodePng(encodePng({ width: 2, height: 2, colourType: 4, depth: 8, samples: greyAlpha })).data).toEqual(Uint8Array.of(0, 60, 120, 180));
    const wide = Uint8Array.from({ length: 2 * 5 * 6 }, (_, i) => (i * 29) % 256);
    const high = Uint8Array.from({ length: 2 * 5 * 3 }, (_, i) => wide[i * 2]!);
    expect(decodePng(encodePng({ width: 2, height: 5, colourType: 2, depth: 16, samples: wide })).data).toEqual(high);
    const palette = Uint8Array.of(255, 0, 0, 0, 255, 0, 0, 0, 255);
    expect(decodePng(encodePng({ width: 3, height: 1, colourType: 3, depth: 8, samples: Uint8Array.of(2, 0, 1), palette })).data).toEqual(Uint8Array.of(0, 0, 255, 255, 0, 0, 0, 255, 0));
  });

  it('refuses what it cannot decode, saying what: truncated data, interlacing, low bit depths, JPEG', () => {
    const png = encodePng({ width: 5, height: 4, colourType: 2, depth: 8, samples: rgb });
    expect(() => decodePng(png.subarray(0, 40))).toThrow(/PNG: /);
    const interlaced = Uint8Array.from(png);
    interlaced[28] = 1;
    expect(() => decodePng(interlaced)).toThrow(/interlaced/);
    expect(() => decodePng(Uint8Array.of(1, 2, 3))).toThrow(/bad signature/);
    const jpeg = { header: {}, format: 'rgb8; jpeg compressed bgr8', data: Buffer.from([255, 216, 255]).toString('base64') };
    expect(() => decodeCameraMessage('sensor_msgs/msg/CompressedImage', jpeg)).toThrow(/format "jpeg" cannot be decoded: orca decodes PNG/);
  });

  it('decodes a PNG CompressedImage and a raw Image the way rosbridge carries them (base64)', () => {
    const png = encodePng({ width: 5, height: 4, colourType: 2, depth: 8, samples: rgb });
    const compressed = toRosbridgeJson({ header: {}, format: 'png', data: png });
    expect(decodeCameraMessage('sensor_msgs/msg/CompressedImage', compressed)).toEqual({ width: 5, height: 4, encoding: 'rgb8', data: rgb });
    const raw = toRosbridgeJson(imageMsg({ width: 5, height: 4, encoding: 'rgb8', data: rgb }, 1, 'cam'));
    expect(typeof (raw as { data: unknown }).data).toBe('string');
    expect(decodeCameraMessage('sensor_msgs/msg/Image', raw)).toEqual({ width: 5, height: 4, encoding: 'rgb8', data: rgb });
  });
});

describe('gripper joint mapping', () => {
  it('maps a joint position linearly onto the aperture and back, clamped', () => {
    expect(apertureOf(0.04, 0.04, 0)).toBe(1);
    expect(apertureOf(0.01, 0.04, 0)).toBeCloseTo(0.25, 12);
    expect(apertureOf(-1, 0.04, 0)).toBe(0);
    expect(apertureOf(0.2, 0, 0.8)).toBeCloseTo(0.75, 12);
    expect(positionOfAperture(0.5, 0.04, 0)).toBeCloseTo(0.02, 12);
    expect(positionOfAperture(2, 1, 0)).toBe(1);
  });
});
