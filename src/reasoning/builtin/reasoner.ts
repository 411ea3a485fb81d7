import type { Reasoner } from '../provider.js';
import { classifyMessage } from './dialogue/index.js';
import { interpretWithSteps, resolveAnswer } from './interpret/index.js';
import { planGoal } from './planner/index.js';
import { reflect } from './reflect/index.js';

/**
 * The built-in reasoner: offline, deterministic, no API key. NLP interpretation and grounding,
 * a symbolic planner over the skill files, and a rule-based reflector, behind the same interface
 * a model-backed reasoner implements.
 */
export function createBuiltinReasoner(): Reasoner {
  return {
    name: 'builtin',
    interpret: async (input) => interpretWithSteps(input.instruction, input.steps ?? [], input.belief, { speaker: input.speaker, ...(input.choices ? { choices: input.choices } : {}), ...(input.memory ? { memory: input.memory } : {}) }),
    readAnswer: async (pending, answer, belief) => {
      const ids = resolveAnswer(pending, answer, belief);
      return ids ? { kind: 'chosen', ids } : { kind: 'unresolved', reason: `"${answer}" does not pick one of: ${pending.options.map((o) => o.label).join(', ')}` };
    },
    plan: async (goal, ctx) => planGoal(goal, ctx),
    reflect: async (input) => reflect(input),
    classify: async (text, ctx) => classifyMessage(text, ctx),
  };
}
