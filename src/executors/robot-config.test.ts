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
    const err = bad('id: a\nkind: arm\ncapabilities: [manipulate]\nexecutor: { kind: openpi, url: "http://x:8000", layout: libero }\n');
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
    for (const kind of ['openvla, url: "http://x"', 'openpi, url: "ws://x", layout: libero', 'rosbridge, url: "ws://x", skills: {}']) {
      const err = bad(`id: a\nkind: arm\ncapabilities: [manipulate]\nexecutor: { kind: ${kind}, max_message_bytes: -5 }\n`);
      expect(err.issues.map((i) => i.path)).toContain('executor.max_message_bytes');
    }
  });
});
