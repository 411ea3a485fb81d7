import { describe, expect, it } from 'vitest';
import type { Skill } from '../../../domain/skill.js';
import { loadSkillLibrary } from '../../../skills/index.js';
import type { RobotProfile } from '../../provider.js';
import { skillsInWords } from './skill-words.js';

const robot = (families: RobotProfile['families']): RobotProfile => ({ id: 'r', kind: 'mobile_manipulator', capabilities: ['navigate'], families, position: { x: 0, y: 0 }, room: null, reach: 0.9 });

describe('skillsInWords', () => {
  const library = loadSkillLibrary().list();

  it("says each of the fleet's skills from its own instruction, its slots said generally", () => {
    const said = skillsInWords(library, [robot(['household'])]);
    expect(said).toContain('pick up something');
    expect(said).toContain('hand something to someone');
    expect(said).toContain('wash something in a sink basin');
    // Tabletop-only skills are not offered to a household fleet.
    expect(said).not.toContain('close a microwave');
    expect(said.every((s) => !/[{}]/.test(s))).toBe(true);
  });

  it('follows the library: a new skill file is offered without anyone listing it', () => {
    const polish = { ...library.find((s) => s.name === 'clean')!, name: 'polish', instructions: ['polish the {object} with the {sink}'] } satisfies Skill;
    expect(skillsInWords([...library, polish], [robot(['household'])])).toContain('polish something with a sink basin');
  });
});
