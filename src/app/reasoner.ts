import { validatePlan } from '../reasoning/builtin/planner/index.js';
import { createOpenAIReasoner } from '../reasoning/openai/index.js';
import type { Reasoner } from '../reasoning/provider.js';
import type { ReasonerConfig } from './config.js';

/** The configured reasoner; OpenAI-compatible endpoints fall back to the built-in one for any call that fails. */
export function createReasoner(config: ReasonerConfig, builtin: Reasoner, logger?: { warn(obj: object, msg: string): void }): Reasoner {
  if (config.kind === 'builtin') return builtin;
  return createOpenAIReasoner({
    model: config.model,
    ...(config.apiKey ? { apiKey: config.apiKey } : {}),
    ...(config.baseURL ? { baseURL: config.baseURL } : {}),
    timeoutMs: config.timeoutMs,
    maxRetries: config.maxRetries,
    repairRounds: config.repairRounds,
    stageDeadlineMs: config.stageDeadlineMs,
    fallback: builtin,
    validatePlan: (calls, goal, ctx) => validatePlan(calls, goal, ctx),
    ...(logger ? { logger } : {}),
  });
}
