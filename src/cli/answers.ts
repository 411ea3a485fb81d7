import type { HumanRequestView, HumanResponse } from '../../agents/orchestrator/types.js';

/**
 * Turns a person's typed answer into the response the orchestrator expects, or null when the text
 * does not fit the request (the caller asks again or reports bad input).
 */
export function toResponse(req: HumanRequestView, text: string): HumanResponse | null {
  const t = text.trim();
  if (t === '') return null;
  const can = (type: HumanResponse['type']): boolean => req.allowed.length === 0 || req.allowed.includes(type);
  const yes = /^(y|yes|ok|done|approve|approved|accept)$/i.test(t);
  const no = /^(n|no|reject|rejected|skip|failed|fail)$/i.test(t);
  if (req.kind === 'approval' || req.kind === 'delegation') {
    if (yes && can('accept')) return { type: 'accept', by: 'cli' };
    if (no && can('ignore')) return { type: 'ignore', reason: t, by: 'cli' };
  }
  if (can('respond')) return { type: 'respond', text: resolveOption(req.options, t), by: 'cli' };
  if (yes && can('accept')) return { type: 'accept', by: 'cli' };
  if (no && can('ignore')) return { type: 'ignore', reason: t, by: 'cli' };
  return null;
}

/** "2" picks the second option, unless "2" is itself one of the options. */
export function resolveOption(options: readonly string[], text: string): string {
  if (options.includes(text) || !/^\d+$/.test(text)) return text;
  return options[Number(text) - 1] ?? text;
}

/** The prompt for a request, options numbered; without the question when the terminal already shows it. */
export function promptFor(req: HumanRequestView, questionShown = false): string {
  const lines = questionShown ? [] : [`${req.kind === 'approval' ? 'approve' : req.kind}: ${req.question}`];
  req.options.forEach((o, i) => lines.push(`  ${i + 1}) ${o}`));
  const hint = req.kind === 'approval' ? ' [y/n]' : req.kind === 'delegation' ? ' [done/failed]' : '';
  return `${lines.join('\n')}\n>${hint} `;
}

export interface AnswerPolicy {
  /** `--answer` values not used yet, in order. */
  answers: string[];
  approveAll: boolean;
  interactive: boolean;
  ask: (question: string, signal?: AbortSignal) => Promise<string | null>;
  warn: (text: string) => void;
  /** True when the live progress already printed this request's question. */
  questionShown?: (req: HumanRequestView) => boolean;
}

/**
 * `bad`: an --answer was given but does not fit (bad input, exit 2) rather than missing (exit 3).
 * `withdrawn`: the request stopped standing while the person was being asked.
 */
export type Decision = { response: HumanResponse; text: string } | { unanswerable: string; bad: boolean } | { withdrawn: true };

/**
 * Non-interactive: approvals only with --approve-all, everything else from the next --answer.
 * On a terminal the --answer values are used first, then the person is asked at the prompt, until
 * `withdrawn` aborts (the request was withdrawn or its mission ended).
 */
export async function decide(req: HumanRequestView, policy: AnswerPolicy, withdrawn?: AbortSignal): Promise<Decision> {
  if (req.kind === 'approval' && policy.approveAll) return { response: { type: 'accept', by: 'cli' }, text: 'approved (--approve-all)' };
  const fromFlags = req.kind !== 'approval' || policy.interactive;
  if (fromFlags && policy.answers.length > 0) {
    const text = policy.answers.shift() ?? '';
    const response = toResponse(req, text);
    if (response) return { response, text };
    return { unanswerable: `--answer "${text}" does not fit the ${req.kind} "${req.question}" (allowed: ${req.allowed.join(', ')})`, bad: true };
  }
  if (!policy.interactive) {
    const why = req.kind === 'approval' ? 'pass --approve-all to approve' : 'pass it with --answer';
    return { unanswerable: `${req.kind} needs an answer: ${req.question} (${why})`, bad: false };
  }
  for (;;) {
    if (withdrawn?.aborted) return { withdrawn: true };
    const text = await policy.ask(promptFor(req, policy.questionShown?.(req) ?? false), withdrawn);
    if (withdrawn?.aborted) return { withdrawn: true };
    if (text === null) return { unanswerable: `input closed before the ${req.kind} was answered`, bad: false };
    const response = toResponse(req, text);
    if (response) return { response, text };
    policy.warn(`that does not answer it (allowed: ${req.allowed.join(', ')})`);
  }
}
