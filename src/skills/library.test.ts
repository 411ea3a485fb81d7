import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../domain/index.js';
import { defaultSkillsDir, loadSkillLibrary } from './library.js';
import { parseSkillFile } from './validate.js';

const REQUIRED = [
  'navigate', 'search', 'pick', 'place', 'place_on', 'open', 'close', 'toggle_on', 'toggle_off', 'slice', 'clean',
  'heat', 'cool', 'hand_over', 'look_at_in_light', 'put_in', 'put_on', 'turn_on_stove', 'close_drawer', 'close_microwave',
];

const pickYaml = readFileSync(join(defaultSkillsDir(), 'pick.yaml'), 'utf8');

function thrown(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ValidationError) return e;
    throw e;
  }
  throw new Error('expected a ValidationError');
}

describe('skill library', () => {
  it('loads every shipped skill file', () => {
    const lib = loadSkillLibrary();
    for (const name of REQUIRED) expect(lib.has(name), name).toBe(true);
    expect(lib.get('slice').requiresApproval).toBe(true);
    expect(lib.get('heat').requiresApproval).toBe(true);
    expect(lib.get('turn_on_stove').requiresApproval).toBe(true);
    expect(lib.get('hand_over').requiresApproval).toBe(false);
    expect(lib.get('hand_over').capability).toBe('handover');
    expect(lib.parsed('place').success).toContainEqual({ pred: 'in', args: ['$object', '$receptacle'] });
    expect(lib.parsed('slice').preconditions).toContainEqual({ pred: 'holding', args: ['$robot', '$tool'] });
    expect(() => lib.get('teleport')).toThrow(/unknown skill "teleport"/);
  });

  it('rejects an unknown predicate, naming the file and the field', () => {
    const bad = pickYaml.replace('all: ["holding($robot, $object)"]', 'all: ["grasped($robot, $object)"]');
    const e = thrown(() => parseSkillFile(bad, 'skills/pick.yaml'));
    expect(e.message).toMatch(/skills\/pick\.yaml/);
    expect(e.message).toMatch(/success\.all\.0/);
    expect(e.message).toMatch(/unknown predicate "grasped"/);
  });

  it('rejects an undeclared $param and a template slot that is not a parameter', () => {
    const bad = pickYaml.replace('near($robot, $object)', 'near($robot, $thing)');
    expect(thrown(() => parseSkillFile(bad, 'p.yaml')).message).toMatch(/preconditions\.1: undeclared parameter "\$thing"/);
    const badSlot = pickYaml.replace('"grab the {object}"', '"grab the {item}"');
    expect(thrown(() => parseSkillFile(badSlot, 'p.yaml')).message).toMatch(/instructions\.1: slot "\{item\}" is not a parameter/);
  });

  it('rejects a missing field and a wildcard outside effects.del', () => {
    const noTimeout = pickYaml.replace(/^timeoutSeconds:.*$/m, '');
    const e = thrown(() => parseSkillFile(noTimeout, 'p.yaml'));
    expect(e.message).toMatch(/p\.yaml: timeoutSeconds:/);
    expect(e.issues.some((i) => i.path === 'timeoutSeconds')).toBe(true);
    const star = pickYaml.replace('all: ["holding($robot, $object)"]', 'all: ["holding($robot, *)"]');
    expect(thrown(() => parseSkillFile(star, 'p.yaml')).message).toMatch(/"\*" is allowed only in effects\.del/);
  });

  it('fails the whole load when one file in the folder is broken', () => {
    const dir = mkdtempSync(join(tmpdir(), 'skills-'));
    writeFileSync(join(dir, 'pick.yaml'), pickYaml);
    writeFileSync(join(dir, 'grab.yaml'), pickYaml);
    expect(() => loadSkillLibrary(dir)).toThrow(/grab\.yaml: name: "pick" does not match the file name "grab"/);
    writeFileSync(join(dir, 'grab.yaml'), 'name: [unclosed');
    expect(() => loadSkillLibrary(dir)).toThrow(/grab\.yaml.*not valid YAML/);
  });
});
