import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { OrcaError, ValidationError } from '../domain/index.js';
import type { Skill } from '../domain/index.js';
import { parseSkillFile } from './validate.js';
import type { ParsedSkill } from './validate.js';

export interface SkillLibrary {
  /** The skill named `name`; throws an OrcaError `unknown_skill` when there is none (check with `has`). */
  get(name: string): Skill;
  /** The skill with its predicates parsed (for planners and grounders). */
  parsed(name: string): ParsedSkill;
  has(name: string): boolean;
  /** Every skill, sorted by name. */
  list(): Skill[];
}

/**
 * Finds the repository's `skills/` folder by walking up from this module, so the default works both
 * from `src/skills/` (tsx, vitest) and from a compiled `dist/src/skills/`.
 */
export function defaultSkillsDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'skills');
    if (existsSync(join(dir, 'package.json')) && existsSync(candidate)) return candidate;
    const up = dirname(dir);
    if (up === dir) throw new OrcaError('skills_dir_not_found', 'could not find the skills/ folder above ' + fileURLToPath(import.meta.url));
    dir = up;
  }
}

/** Builds a library from already-validated skills; duplicate names are an error. */
export function createSkillLibrary(skills: readonly ParsedSkill[]): SkillLibrary {
  const byName = new Map<string, ParsedSkill>();
  for (const s of skills) {
    const prior = byName.get(s.skill.name);
    if (prior) {
      throw new ValidationError(`skill file ${s.source}: name: skill "${s.skill.name}" is also defined in ${prior.source}`, [
        { path: 'name', message: `duplicate skill name "${s.skill.name}"` },
      ]);
    }
    byName.set(s.skill.name, s);
  }
  const parsed = (name: string): ParsedSkill => {
    const s = byName.get(name);
    if (!s) throw new OrcaError('unknown_skill', `unknown skill "${name}" (known: ${[...byName.keys()].sort().join(', ')})`);
    return s;
  };
  return {
    get: (name) => parsed(name).skill,
    parsed,
    has: (name) => byName.has(name),
    list: () => [...byName.values()].map((s) => s.skill).sort((a, b) => a.name.localeCompare(b.name)),
  };
}

/**
 * Loads and validates every `*.yaml` / `*.yml` file of `dir` (default: the repository's `skills/`).
 * Each file holds one skill whose `name` must equal the file's base name. Any problem throws a
 * ValidationError naming the file, the field and the problem: a bad library never half-loads.
 */
export function loadSkillLibrary(dir: string = defaultSkillsDir()): SkillLibrary {
  const root = resolve(dir);
  const files = readdirSync(root)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort();
  if (files.length === 0) throw new ValidationError(`no skill files (*.yaml) in ${root}`);
  const skills = files.map((f) => {
    const path = join(root, f);
    const s = parseSkillFile(readFileSync(path, 'utf8'), path);
    const stem = basename(f).replace(/\.ya?ml$/, '');
    if (s.skill.name !== stem) {
      throw new ValidationError(`skill file ${path}: name: "${s.skill.name}" does not match the file name "${stem}"`, [
        { path: 'name', message: `must equal the file name "${stem}"` },
      ]);
    }
    return s;
  });
  return createSkillLibrary(skills);
}
