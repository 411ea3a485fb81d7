export { createOpenAIReasoner } from './reasoner.js';
export type { OpenAIReasonerOptions, PlanValidator } from './reasoner.js';
export { createTransport, retryAfterMs, TransportError } from './transport.js';
export type { Transport, TransportOptions } from './transport.js';
export { detectControl } from './control.js';
export { loadPrompts, defaultPromptsDir, fillPrompt, PROMPT_NAMES, PLACEHOLDERS } from './prompts.js';
export { summariseBelief, summariseSkills, summariseRobots, summarisePeople } from './context.js';
export { createVlmFrameCheck } from './vlm.js';
export type { Frame, FrameCheck, FrameVerdict, FrameCheckOptions } from './vlm.js';
