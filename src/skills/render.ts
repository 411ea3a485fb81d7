import { ValidationError } from '../domain/index.js';
import type { Skill } from '../domain/index.js';
import { templateSlots } from './validate.js';

export interface RenderOptions {
  /** Phrasings the executor's policy was trained on (`{slot}` templates or literal instructions). */
  trainedTemplates?: readonly string[];
  /** Picks among the eligible templates (index modulo their count); 0 = the first, i.e. canonical. */
  variant?: number;
}

export interface RenderedInstruction {
  text: string;
  template: string;
  /** True when the template (or its rendering) matches one the executor was trained on. */
  trained: boolean;
}

/** Compares phrasings independent of slot names, case and spacing: "put the {a} in the {b}" ≈ "Put the {x} in the {y}". */
function shape(template: string): string {
  return template.replace(/\{[^{}]*\}/g, '{}').toLowerCase().replace(/\s+/g, ' ').trim();
}

function fill(template: string, args: Readonly<Record<string, string>>, describe: (id: string) => string, skill: Skill): string {
  const text = template.replace(/\{([^{}]*)\}/g, (_m, slot: string) => {
    const id = args[slot];
    if (id === undefined) {
      throw new ValidationError(`skill ${skill.name}: instruction slot {${slot}} has no argument`, [
        { path: `args.${slot}`, message: 'missing argument' },
      ]);
    }
    // describe() returns a noun phrase without an article ("red mug"); strip one if it slipped in.
    return describe(id).trim().replace(/^(the|a|an)\s+/i, '');
  });
  // A proper name takes no article: "go to the {target}" with Alex reads "go to Alex".
  return text.replace(/\b(the|a|an)\s+(?=\p{Lu}\p{Ll})/gu, '').replace(/\s+/g, ' ').trim();
}

/**
 * Renders the instruction text for one skill call. Templates the executor was trained on are
 * preferred (VLAs follow their training phrasings far better); among the eligible ones `variant`
 * chooses, so a retry can reword. Every slot is filled with `describe(id)`.
 */
export function renderInstructionDetailed(
  skill: Skill,
  args: Readonly<Record<string, string>>,
  describe: (id: string) => string,
  opts: RenderOptions = {},
): RenderedInstruction {
  for (const t of skill.instructions) {
    for (const slot of templateSlots(t)) {
      if (args[slot] === undefined) {
        throw new ValidationError(`skill ${skill.name}: missing argument "${slot}"`, [{ path: `args.${slot}`, message: 'missing argument' }]);
      }
    }
  }
  const rendered = skill.instructions.map((template) => ({ template, text: fill(template, args, describe, skill) }));
  const trainedShapes = new Set((opts.trainedTemplates ?? []).map(shape));
  const trained = rendered.filter((r) => trainedShapes.has(shape(r.template)) || trainedShapes.has(shape(r.text)));
  const pool = trained.length > 0 ? trained : rendered;
  const n = pool.length;
  const v = opts.variant ?? 0;
  const chosen = pool[((Math.trunc(v) % n) + n) % n];
  if (!chosen) throw new ValidationError(`skill ${skill.name} has no instruction template`);
  return { ...chosen, trained: trained.length > 0 };
}

export function renderInstruction(
  skill: Skill,
  args: Readonly<Record<string, string>>,
  describe: (id: string) => string,
  opts: RenderOptions = {},
): string {
  return renderInstructionDetailed(skill, args, describe, opts).text;
}
