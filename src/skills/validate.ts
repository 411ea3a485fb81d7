import { parse as parseYaml } from 'yaml';
import { parsePredicate, SkillSchema, ValidationError } from '../domain/index.js';
import type { Predicate, Skill } from '../domain/index.js';

/** `$robot` always names the robot (or person) a subgoal is assigned to. */
export const ROBOT_PARAM = 'robot';

/** A skill with its predicate texts parsed once, so planners and grounders need not re-parse. */
export interface ParsedSkill {
  skill: Skill;
  /** Where it came from (a file path, or `<inline>`), for error messages. */
  source: string;
  preconditions: Predicate[];
  add: Predicate[];
  del: Predicate[];
  success: Predicate[];
}

interface Issue {
  path: string;
  message: string;
}

const SLOT = /\{([^{}]*)\}/g;

/** The `{slot}` names a template uses, in order of appearance. */
export function templateSlots(template: string): string[] {
  return [...template.matchAll(SLOT)].map((m) => m[1] ?? '');
}

function fail(source: string, issues: Issue[]): never {
  const head = issues[0];
  const summary = head ? `${head.path || '(root)'}: ${head.message}` : 'invalid skill';
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem(s))` : '';
  throw new ValidationError(`skill file ${source}: ${summary}${more}`, issues);
}

/** Parses YAML text of one skill file and validates it (see validateSkill). */
export function parseSkillFile(text: string, source: string): ParsedSkill {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (e) {
    fail(source, [{ path: '', message: `not valid YAML: ${e instanceof Error ? e.message : String(e)}` }]);
  }
  return validateSkill(raw, source);
}

/**
 * Validates a skill object: the zod schema, then what zod cannot see — every predicate parses,
 * every `$param` is declared (or is `$robot`), `*` appears only in `effects.del`, every template
 * slot is a parameter. Throws a ValidationError naming the source, the field and the problem.
 */
export function validateSkill(raw: unknown, source: string): ParsedSkill {
  const parsed = SkillSchema.safeParse(raw);
  if (!parsed.success) {
    fail(
      source,
      parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })),
    );
  }
  const skill = parsed.data;
  const issues: Issue[] = [];
  const declared = new Set<string>();
  skill.parameters.forEach((p, i) => {
    if (p.name === ROBOT_PARAM) issues.push({ path: `parameters.${i}.name`, message: '"robot" is reserved for the assignee' });
    if (declared.has(p.name)) issues.push({ path: `parameters.${i}.name`, message: `duplicate parameter "${p.name}"` });
    declared.add(p.name);
  });

  const check = (texts: readonly string[], field: string, allowWildcard: boolean): Predicate[] =>
    texts.flatMap((text, i) => {
      const path = `${field}.${i}`;
      let p: Predicate;
      try {
        p = parsePredicate(text);
      } catch (e) {
        issues.push({ path, message: e instanceof Error ? e.message : String(e) });
        return [];
      }
      for (const a of p.args) {
        if (a === '*') {
          if (!allowWildcard) issues.push({ path, message: `"*" is allowed only in effects.del ("${text}")` });
        } else if (a.startsWith('$')) {
          const name = a.slice(1);
          if (name !== ROBOT_PARAM && !declared.has(name)) {
            issues.push({ path, message: `undeclared parameter "${a}" in "${text}"` });
          }
        }
      }
      return [p];
    });

  const preconditions = check(skill.preconditions, 'preconditions', false);
  const add = check(skill.effects.add, 'effects.add', false);
  const del = check(skill.effects.del, 'effects.del', true);
  const success = check(skill.success.all, 'success.all', false);

  skill.instructions.forEach((t, i) => {
    const opens = (t.match(/\{/g) ?? []).length;
    const closes = (t.match(/\}/g) ?? []).length;
    if (opens !== closes) issues.push({ path: `instructions.${i}`, message: `unbalanced braces in "${t}"` });
    for (const slot of templateSlots(t)) {
      if (!declared.has(slot)) issues.push({ path: `instructions.${i}`, message: `slot "{${slot}}" is not a parameter` });
    }
  });

  if (issues.length > 0) fail(source, issues);
  return { skill, source, preconditions, add, del, success };
}
