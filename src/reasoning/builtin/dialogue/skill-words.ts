import type { Skill } from '../../../domain/skill.js';
import type { RobotProfile } from '../../provider.js';
import { typeNoun, withArticle } from '../../words.js';

type Param = Skill['parameters'][number];

/** A slot of an instruction template said of nothing in particular ("the {sink}" → "a sink basin"). */
function anyOne(param: Param | undefined, preposition: string | undefined): string {
  const type = param?.types?.[0];
  if (type) return withArticle(typeNoun(type));
  switch (param?.kind) {
    case 'person':
      return 'someone';
    case 'location':
      return 'a place';
    case 'receptacle':
      return preposition === 'on' ? 'a surface' : preposition === 'in' ? 'a container' : 'a place';
    default:
      return 'something';
  }
}

/**
 * What the skills of a fleet do, in words, from each skill's canonical instruction with its slots
 * said generally: "pick up something", "wash something in a sink basin", "hand something to
 * someone", in alphabetical order. Skills of a family no robot here serves are left out; a person
 * may take on any of the rest, so they are all offered.
 */
export function skillsInWords(skills: readonly Skill[], robots: readonly RobotProfile[]): string[] {
  const families = new Set(robots.flatMap((r) => r.families));
  const said: string[] = [];
  for (const skill of skills) {
    if (families.size > 0 && skill.family !== 'both' && !families.has(skill.family)) continue;
    const template = skill.instructions[0] ?? skill.name.replace(/_/g, ' ');
    const text = template.replace(/(\b(?:in|on|to|under|with|at)\s+)?(?:\b(?:the|a|an)\s+)?\{([^{}]+)\}/g, (_m, prep: string | undefined, slot: string) => {
      const word = prep?.trim();
      return `${prep ?? ''}${anyOne(skill.parameters.find((p) => p.name === slot), word)}`;
    });
    if (!said.includes(text)) said.push(text);
  }
  return said.sort((a, b) => a.localeCompare(b));
}
