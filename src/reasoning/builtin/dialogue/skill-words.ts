import type { Skill } from '../../../domain/skill.js';
import type { RobotProfile } from '../../provider.js';
import { typeNoun, withArticle } from '../../words.js';
import { senseOf } from '../lexical/senses.js';

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
  const said: string[] = [];
  for (const skill of servedSkills(skills, robots)) {
    const text = skillInWords(skill);
    if (!said.includes(text)) said.push(text);
  }
  return said.sort((a, b) => a.localeCompare(b));
}

function servedSkills(skills: readonly Skill[], robots: readonly RobotProfile[]): Skill[] {
  const families = new Set(robots.flatMap((r) => r.families));
  return skills.filter((skill) => families.size === 0 || skill.family === 'both' || families.has(skill.family));
}

/** One skill's canonical instruction with its slots said generally. */
function skillInWords(skill: Skill): string {
  const template = skill.instructions[0] ?? skill.name.replace(/_/g, ' ');
  return template.replace(/(\b(?:in|on|to|under|with|at)\s+)?(?:\b(?:the|a|an)\s+)?\{([^{}]+)\}/g, (_m, prep: string | undefined, slot: string) => {
    const word = prep?.trim();
    return `${prep ?? ''}${anyOne(skill.parameters.find((p) => p.name === slot), word)}`;
  });
}

/** Whether a skill does what one of orca's verbs asks: one of its instructions starts with the verb, or it achieves the verb's state. */
function doesVerb(skill: Skill, verb: string): boolean {
  if (skill.instructions.some((i) => i.toLowerCase().split(/\s+/)[0] === verb)) return true;
  const pred = senseOf(verb)?.pred;
  return pred !== undefined && skill.effects.add.some((e) => e.startsWith(`${pred}(`));
}

/**
 * The fleet's skills in words, those closest to a verb orca cannot do first: `near` does one of
 * `closest` (orca's verbs nearest to it, nearest first: "bake" → heat → "heat something in a
 * microwave"), `rest` is everything else, alphabetically.
 */
export function skillsNearest(skills: readonly Skill[], robots: readonly RobotProfile[], closest: readonly string[]): { near: string[]; rest: string[] } {
  const served = servedSkills(skills, robots);
  const near: string[] = [];
  for (const verb of closest) {
    for (const skill of served) {
      const text = skillInWords(skill);
      if (doesVerb(skill, verb) && !near.includes(text)) near.push(text);
    }
  }
  return { near, rest: skillsInWords(skills, robots).filter((t) => !near.includes(t)) };
}
