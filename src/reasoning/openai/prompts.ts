import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { OrcaError } from '../../domain/index.js';

/** The prompt templates, one file each in `prompts/`. */
export const PROMPT_NAMES = ['interpret', 'plan', 'repair', 'reflect', 'classify', 'answer'] as const;
export type PromptName = (typeof PROMPT_NAMES)[number];

/** Every placeholder a template may use; anything else in braces is left alone (JSON examples). */
export const PLACEHOLDERS = [
  'belief',
  'skills',
  'robots',
  'people',
  'predicates',
  'speaker',
  'issues',
  'format_error',
] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

export type Prompts = Record<PromptName, string>;

/**
 * Finds the repository's `prompts/` folder by walking up from this module (as the skill library
 * finds `skills/`), so it works from `src/` under tsx/vitest and from a compiled `dist/`.
 */
export function defaultPromptsDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'prompts');
    if (existsSync(join(dir, 'package.json')) && existsSync(candidate)) return candidate;
    const up = dirname(dir);
    if (up === dir) throw new OrcaError('prompts_dir_not_found', 'could not find the prompts/ folder above ' + fileURLToPath(import.meta.url));
    dir = up;
  }
}

const SLOT = /\{([a-z_]+)\}/g;

/** Reads every template; a missing file or an unknown `{slot}` fails here, at construction, not mid-mission. */
export function loadPrompts(dir: string = defaultPromptsDir()): Prompts {
  const out = {} as Prompts;
  for (const name of PROMPT_NAMES) {
    const path = join(dir, `${name}.md`);
    if (!existsSync(path)) throw new OrcaError('prompt_missing', `prompt template ${path} is missing`);
    const text = readFileSync(path, 'utf8');
    for (const m of text.matchAll(SLOT)) {
      if (!(PLACEHOLDERS as readonly string[]).includes(m[1] ?? '')) {
        throw new OrcaError('prompt_placeholder', `${path}: unknown placeholder {${m[1]}} (known: ${PLACEHOLDERS.join(', ')})`);
      }
    }
    out[name] = text;
  }
  return out;
}

/** Fills `{slot}`s; a slot without a value becomes "(none)" so the model never sees a raw brace. */
export function fillPrompt(template: string, values: Partial<Record<Placeholder, string>>): string {
  return template.replace(SLOT, (whole, key: string) => {
    if (!(PLACEHOLDERS as readonly string[]).includes(key)) return whole;
    const v = values[key as Placeholder];
    return v === undefined || v.length === 0 ? '(none)' : v;
  });
}
