import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../domain/failures.js';
import { parseRobotConfigYaml } from './robot-config.js';

const DIR = join(import.meta.dirname, '../../config/robots');

describe('config/robots examples', () => {
  const files = readdirSync(DIR).filter((f) => f.endsWith('.yaml'));

  it('has an example of every executor kind, and of every openpi layout', () => {
    const configs = files.map((f) => parseRobotConfigYaml(readFileSync(join(DIR, f), 'utf8'), f).executor);
    expect([...new Set(configs.map((c) => c.kind))].sort()).toEqual(['openpi', 'openvla', 'openvla_oft', 'ros2', 'rosbridge', 'sim']);
    expect(configs.flatMap((c) => (c.kind === 'openpi' ? [c.layout] : [])).sort()).toEqual(['aloha', 'droid', 'libero']);
  });

  it.each(files)('%s validates', (file) => {
    const cfg = parseRobotConfigYaml(readFileSync(join(DIR, file), 'utf8'), file);
    expect(cfg.id).toMatch(/^[a-z]/);
  });

  it('fills defaults of the ROS 2 skill mappings', () => {
    const cfg = parseRobotConfigYaml(readFileSync(join(DIR, 'rosbridge.yaml'), 'utf8'));
    if (cfg.executor.kind !== 'rosbridge') throw new Error('wrong kind');
    expect(cfg.executor.skills.navigate).toMatchObject({ server: 'navigate_to_pose', target_arg: 'target' });
  });
});

describe('malformed robot configs', () => {
  const bad = (yaml: string): ValidationError => {
    try {
      parseRobotConfigYaml(yaml, 'bad.yaml');
    } catch (err) {
      if (err instanceof ValidationError) return err;
      throw err;
    }
    throw new Error('expected a validation error');
  };

  it('names the field of a wrong URL scheme', () => {
    const err = bad('id: a\nkind: arm\ncapabilities: [manipulate]\nexecutor: { kind: openpi, url: "http://x:8000", layout: droid }\n');
    expect(err.message).toContain('executor.url');
    expect(err.issues[0]?.path).toBe('executor.url');
  });

  it('names the nested skill field that is missing', () => {
    const err = bad('id: a\nkind: arm\ncapabilities: [manipulate]\nexecutor:\n  kind: ros2\n  skills:\n    grip: { action: gripper_command }\n');
    expect(err.message).toContain('executor.skills.grip.server');
  });

  it('rejects an unknown executor kind, unknown keys and bad YAML', () => {
    expect(bad('id: a\nkind: arm\ncapabilities: [manipulate]\nexecutor: { kind: lerobot }\n').message).toContain('executor.kind');
    expect(bad('id: a\nkind: arm\ncapabilities: [manipulate]\nexecutor: { kind: openvla, url: "http://x", unorm_key: b }\n').message).toMatch(/unorm_key/);
    expect(bad('id: [a\n').message).toContain('not valid YAML');
  });

  it('names a max_message_bytes that is not a positive whole number of bytes', () => {
    for (const kind of ['openvla, url: "http://x"', 'openpi, url: "ws://x", layout: droid', 'rosbridge, url: "ws://x", skills: {}']) {
      const err = bad(`id: a\nkind: arm\ncapabilities: [manipulate]\nexecutor: { kind: ${kind}, max_message_bytes: -5 }\n`);
      expect(err.issues.map((i) => i.path)).toContain('executor.max_message_bytes');
    }
  });

  const openpi = (fields: string): string[] => {
    try {
      parseRobotConfigYaml(`id: a\nkind: arm\ncapabilities: [manipulate]\nexecutor: { kind: openpi, url: "ws://x:8000", ${fields} }\n`, 'pi.yaml');
    } catch (err) {
      if (err instanceof ValidationError) return err.issues.map((i) => `${i.path}: ${i.message}`);
      throw err;
    }
    return [];
  };

  it('libero needs the wrist camera and the state source of the eef orientation', () => {
    const issues = openpi('layout: libero, camera: front');
    expect(issues).toContainEqual(expect.stringMatching(/^executor\.wrist_camera: the libero layout needs wrist_camera/));
    expect(issues).toContainEqual(expect.stringMatching(/^executor\.state: the libero layout needs state\.eef_quaternion/));
    expect(openpi('layout: libero, wrist_camera: w, state: { eef_quaternion: [qx, qy, qz] }')).toContainEqual(expect.stringMatching(/^executor\.state\.eef_quaternion/));
    expect(openpi('layout: libero, wrist_camera: w, state: { eef_quaternion: [qx, qy, qz, qw] }')).toEqual([]);
  });

  it('aloha needs cameras.cam_high and 14 joints', () => {
    const names = Array.from({ length: 14 }, (_, i) => `j${i}`).join(', ');
    expect(openpi(`layout: aloha, cameras: { cam_low: low }, joints: [${names}]`)).toEqual([
      "executor.cameras.cam_high: the aloha layout needs cameras.cam_high: openpi's ALOHA policy takes it as the base image and fails without it",
    ]);
    expect(openpi('layout: aloha, cameras: { cam_high: top }, joints: [a, b]')).toEqual(['executor.joints: the aloha layout takes 14 joints, got 2']);
    expect(openpi('layout: aloha, cameras: { cam_high: top }')).toContainEqual(expect.stringMatching(/^executor\.joints: the aloha layout needs joints/));
    expect(openpi(`layout: aloha, cameras: { cam_high: top }, joints: [${names}]`)).toEqual([]);
  });

  it('a gripper joint normalised from a raw position needs distinct open and closed positions', () => {
    const names = Array.from({ length: 13 }, (_, i) => `j${i}`).join(', ');
    expect(openpi(`layout: aloha, cameras: { cam_high: top }, joints: [${names}, { name: g, closed: 0.02, open: 0.02 }]`)).toContainEqual(
      expect.stringMatching(/^executor\.joints\.13/),
    );
  });
});