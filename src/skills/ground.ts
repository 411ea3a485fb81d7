import { bindPredicate, formatPredicate, parsePredicate, ValidationError } from '../domain/index.js';
import type { Assignee, Predicate, Skill, Subgoal } from '../domain/index.js';
import { renderInstruction } from './render.js';
import type { RenderOptions } from './render.js';
import { ROBOT_PARAM } from './validate.js';

export interface GroundOptions extends RenderOptions {
  id: string;
  args: Readonly<Record<string, string>>;
  assignee: Assignee;
  dependsOn?: readonly string[];
  describe: (id: string) => string;
}

export interface GroundedEffects {
  preconditions: Predicate[];
  add: Predicate[];
  /** May still contain `*` arguments (match anything). */
  del: Predicate[];
}

function checkArgs(skill: Skill, args: Readonly<Record<string, string>>): void {
  const issues: { path: string; message: string }[] = [];
  for (const p of skill.parameters) {
    const v = args[p.name];
    if (v === undefined || v.length === 0) issues.push({ path: `args.${p.name}`, message: 'missing argument' });
  }
  for (const k of Object.keys(args)) {
    if (!skill.parameters.some((p) => p.name === k)) issues.push({ path: `args.${k}`, message: `skill ${skill.name} has no parameter "${k}"` });
  }
  if (issues.length > 0) {
    const first = issues[0];
    throw new ValidationError(`skill ${skill.name}: ${first ? `${first.path}: ${first.message}` : 'bad arguments'}`, issues);
  }
}

function bindAll(texts: readonly string[], bindings: Readonly<Record<string, string>>, skill: Skill): Predicate[] {
  return texts.map((t) => {
    const p = bindPredicate(parsePredicate(t), bindings);
    const unbound = p.args.find((a) => a.startsWith('$'));
    if (unbound) throw new ValidationError(`skill ${skill.name}: ${formatPredicate(p)} leaves ${unbound} unbound`);
    return p;
  });
}

/** Binds a skill's preconditions and effects for one call (`$robot` → the assignee id). */
export function groundEffects(skill: Skill, args: Readonly<Record<string, string>>, assigneeId: string): GroundedEffects {
  checkArgs(skill, args);
  const bindings = { ...args, [ROBOT_PARAM]: assigneeId };
  return {
    preconditions: bindAll(skill.preconditions, bindings, skill),
    add: bindAll(skill.effects.add, bindings, skill),
    del: bindAll(skill.effects.del, bindings, skill),
  };
}

/**
 * Turns a skill call into a plan node: arguments checked against the parameters, the instruction
 * rendered (trained phrasings preferred), the success predicates bound with `$robot` = the assignee.
 */
export function groundSubgoal(skill: Skill, opts: GroundOptions): Subgoal {
  checkArgs(skill, opts.args);
  const bindings = { ...opts.args, [ROBOT_PARAM]: opts.assignee.id };
  const renderOpts: RenderOptions = {};
  if (opts.trainedTemplates) renderOpts.trainedTemplates = opts.trainedTemplates;
  if (opts.variant !== undefined) renderOpts.variant = opts.variant;
  return {
    id: opts.id,
    skill: skill.name,
    args: { ...opts.args },
    assignee: { ...opts.assignee },
    dependsOn: [...(opts.dependsOn ?? [])],
    instruction: renderInstruction(skill, opts.args, opts.describe, renderOpts),
    success: {
      all: bindAll(skill.success.all, bindings, skill),
      consecutive: skill.success.consecutive,
      settleSeconds: skill.success.settleSeconds,
      stallSeconds: skill.success.stallSeconds,
    },
    timeoutSeconds: skill.timeoutSeconds,
    retries: skill.retries,
    requiresApproval: skill.requiresApproval,
  };
}
