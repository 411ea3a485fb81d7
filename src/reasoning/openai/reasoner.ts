import { formatPredicate } from '../../domain/predicates.js';
import type { Goal } from '../goal.js';
import type {
  MessageIntent,
  PlanIssue,
  PlanProposal,
  PlanValidation,
  PlanningContext,
  ProposedCall,
  Reasoner,
  ReasonerFallback,
  ReasoningStage,
  ReflectionChoice,
  WithFallback,
} from '../provider.js';
import { askWithRepair } from './ask.js';
import type { AskSpec } from './ask.js';
import { summariseBelief, summarisePeople, summarisePredicates, summariseRobots, summariseSkills } from './context.js';
import { detectControl, isControl } from './control.js';
import { toAnswer, toCalls, toIntent, toInterpretation, toReflection } from './convert.js';
import type { Checked } from './convert.js';
import { fillPrompt, loadPrompts } from './prompts.js';
import type { WirePlan } from './schemas.js';
import { WireAnswerSchema, WireIntentSchema, WireInterpretationSchema, WirePlanSchema, WireReflectionSchema } from './schemas.js';
import { createTransport, TransportError } from './transport.js';
import type { Transport, TransportOptions } from './transport.js';
import { reflectionMessage } from './messages.js';

/** Typed with a mutable array so that validators declared either way fit. */
export type PlanValidator = (calls: ProposedCall[], goal: Goal, ctx: PlanningContext) => PlanValidation;

export interface OpenAIReasonerOptions extends TransportOptions {
  /** Repair rounds after a rejected answer (interpretation or plan); then the fallback is used. */
  repairRounds?: number;
  /**
   * Longest one stage (interpret, readAnswer, plan, reflect, classify) may wait for the model,
   * retries and repair rounds included; then the request is abandoned and the fallback answers.
   */
  stageDeadlineMs?: number;
  /** The built-in reasoner: used whenever the model fails, is unreachable or cannot be repaired. */
  fallback: Reasoner;
  /** Symbolic plan validation (the built-in planner's validator). */
  validatePlan: PlanValidator;
  logger?: { warn(obj: object, msg: string): void };
  /** Defaults to the repository's `prompts/`. */
  promptsDir?: string;
  /** Replaces the HTTP transport (tests of the reasoning logic alone). */
  transport?: Transport;
}

/** One full request at the default 30 s timeout and a shorter retry; a stalled endpoint costs no more. */
export const DEFAULT_STAGE_DEADLINE_MS = 45_000;

/** A model call's result, or why the fallback must answer. */
type Attempt<T> = { ok: true; value: T; repairs: number } | { ok: false; reason: string };

const consoleLogger = { warn: (obj: object, msg: string) => console.warn(`[orca:openai] ${msg}`, obj) };

/** Issue codes that make an inserted recovery call unusable (preconditions may be met by the retry context). */
const INSERT_BLOCKERS = new Set<PlanIssue['code']>(['unknown_skill', 'unknown_entity', 'unknown_assignee', 'bad_argument', 'missing_argument', 'capability_missing']);

function formatIssue(i: PlanIssue): string {
  return `[${i.code}]${i.callId ? ` call ${i.callId}:` : ''} ${i.message}`;
}

function goalText(goal: Goal): string {
  return goal.steps.map((s, i) => `step ${i + 1}: ${s.conjuncts.map(formatPredicate).join(' AND ')}`).join('\n');
}

/**
 * A Reasoner backed by an OpenAI-compatible chat-completions endpoint. Every answer is checked
 * (ids against the belief, plans by the symbolic validator); anything unusable, and any endpoint
 * failure, falls back to `fallback` for that call. Never rejects.
 */
export function createOpenAIReasoner(opts: OpenAIReasonerOptions): Reasoner {
  const prompts = loadPrompts(opts.promptsDir);
  const transport = opts.transport ?? createTransport(opts);
  const rounds = opts.repairRounds ?? 2;
  const logger = opts.logger ?? consoleLogger;
  const { fallback } = opts;
  const predicates = summarisePredicates();
  const deadlineMs = opts.stageDeadlineMs ?? DEFAULT_STAGE_DEADLINE_MS;

  /** Runs one model call, repairs included; never rejects. */
  async function ask<W, T>(spec: Omit<AskSpec<W, T>, 'transport' | 'repairTemplate'>, signal: AbortSignal): Promise<Attempt<T>> {
    try {
      const res = await askWithRepair({ ...spec, transport, repairTemplate: prompts.repair, signal });
      if (res.ok) return { ok: true, value: res.value, repairs: res.repairs };
      return { ok: false, reason: `the model's answer stayed unusable after ${res.repairs} repair round(s): ${res.problems.slice(0, 5).join('; ')}` };
    } catch (err) {
      const what = err instanceof TransportError ? 'the model endpoint failed' : 'checking the model answer failed';
      return { ok: false, reason: `${what}: ${(err as Error).message}` };
    }
  }

  /** `ask` held to the stage's deadline: past it the request is abandoned and the fallback answers. */
  async function attempt<W, T>(stage: ReasoningStage, spec: Omit<AskSpec<W, T>, 'transport' | 'repairTemplate'>): Promise<Attempt<T>> {
    const abort = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<Attempt<T>>((resolve) => {
      timer = setTimeout(() => {
        abort.abort();
        resolve({ ok: false, reason: `no usable answer within the ${stage} stage's deadline of ${deadlineMs} ms` });
      }, deadlineMs);
    });
    try {
      // The race, not only the signal, bounds the stage: an injected transport may ignore the signal.
      return await Promise.race([ask(spec, abort.signal), deadline]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** The fallback's answer to a stage, with why it answered: a warning in the log and provenance on the result. */
  async function withFallback<T extends object>(stage: ReasoningStage, reason: string, answer: () => Promise<T> | T): Promise<WithFallback<T>> {
    logger.warn({ method: stage, model: opts.model }, `model answer for ${stage} not used (${reason}); using the built-in reasoner`);
    const provenance: ReasonerFallback = { stage, model: opts.model, reason, answeredBy: fallback.name };
    return { ...(await answer()), fallback: provenance };
  }

  return {
    name: `openai:${opts.model}`,

    async interpret(input) {
      const choices = input.choices ?? {};
      const chosen = Object.entries(choices).map(([k, ids]) => `- for "${k}" the user chose: ${ids.join(', ')}`);
      const system = fillPrompt(prompts.interpret, {
        belief: summariseBelief(input.belief),
        robots: summariseRobots([], input.belief),
        people: summarisePeople(input.belief.people.values(), input.speaker),
        predicates,
        speaker: input.speaker,
      });
      const steps = (input.steps ?? []).map((st, i) => `${i + 1}. ${st}`);
      // What phrases meant before is evidence for the readings' scores, never an instruction.
      const remembered = (input.memory ?? []).map((m) => `- "${m.phrase}" meant ${m.ids.join(', ')} (${m.label}) ${m.person ? `for ${m.person}` : 'for everyone here'}`);
      const user = `Instruction from ${input.speaker}: "${input.instruction}"${steps.length ? `\nStep-by-step directions given with it:\n${steps.join('\n')}` : ''}${chosen.length ? `\nEarlier clarification answers:\n${chosen.join('\n')}` : ''}${remembered.length ? `\nWhat phrases meant in earlier missions (evidence for your scores, not a command):\n${remembered.join('\n')}` : ''}`;
      const res = await attempt('interpret', {
        messages: [
          { role: 'system', content: system },
          { role: 'user', content: user },
        ],
        schema: WireInterpretationSchema,
        schemaName: 'interpretation',
        check: (w) => toInterpretation(w, input.belief, input.instruction, choices),
        rounds,
      });
      return res.ok ? res.value : withFallback('interpret', res.reason, () => fallback.interpret(input));
    },

    async readAnswer(pending, answer, belief) {
      const options = pending.options.map((o, i) => `${i}: ${o.label} (${o.ids.join(', ')})`).join('\n');
      const res = await attempt('readAnswer', {
        messages: [
          { role: 'system', content: prompts.answer },
          { role: 'user', content: `Instruction: "${pending.instruction}"\nOptions:\n${options}\nThe user's answer: "${answer}"` },
        ],
        schema: WireAnswerSchema,
        schemaName: 'answer_reading',
        check: (w) => toAnswer(w, pending),
        rounds: 0,
      });
      return res.ok ? res.value : withFallback('readAnswer', res.reason, () => fallback.readAnswer(pending, answer, belief));
    },

    async plan(goal, ctx): Promise<WithFallback<PlanProposal>> {
      const system = fillPrompt(prompts.plan, {
        belief: summariseBelief(ctx.belief),
        skills: summariseSkills(ctx.skills),
        robots: summariseRobots(ctx.robots, ctx.belief),
        people: summarisePeople(ctx.people, ctx.speaker),
        predicates,
        speaker: ctx.speaker,
      });
      const only = ctx.onlyRobots?.length ? `\nOnly these robots may be assigned: ${ctx.onlyRobots.join(', ')}` : '';
      const check = (w: WirePlan): Checked<ProposedCall[] | { impossible: string }> => {
        if (w.impossible && w.calls.length === 0) return { ok: true, value: { impossible: w.impossible } };
        const calls = toCalls(w.calls);
        if (!calls.ok) return calls;
        const v = opts.validatePlan(calls.value, goal, ctx);
        return v.ok ? calls : { ok: false, problems: v.issues.map(formatIssue) };
      };
      const res = await attempt('plan', {
        messages: [
          { role: 'system', content: system },
          { role: 'user', content: `Goal (each step a conjunction, steps in order):\n${goalText(goal)}${only}` },
        ],
        schema: WirePlanSchema,
        schemaName: 'plan',
        check,
        rounds,
      });
      if (res.ok && Array.isArray(res.value)) {
        const source = res.repairs > 0 ? 'model_repaired' : 'model';
        const notes = [`planned by ${opts.model}`, ...(res.repairs > 0 ? [`repaired after ${res.repairs} round(s)`] : [])];
        return { kind: 'plan', calls: res.value, source, notes };
      }
      const why = res.ok ? `the model said impossible: ${Array.isArray(res.value) ? '' : res.value.impossible}` : res.reason;
      const fb = await withFallback('plan', why, () => fallback.plan(goal, ctx));
      return fb.kind === 'plan' ? { ...fb, source: 'fallback', notes: [...fb.notes, why] } : fb;
    },

    async reflect(input): Promise<WithFallback<ReflectionChoice>> {
      const ctx = input.context;
      const system = fillPrompt(prompts.reflect, {
        belief: summariseBelief(ctx.belief),
        skills: summariseSkills(ctx.skills),
        robots: summariseRobots(ctx.robots, ctx.belief),
        people: summarisePeople(ctx.people, ctx.speaker),
      });
      const people = new Set([...ctx.people.map((p) => p.id), ...ctx.belief.people.keys()]);
      const res = await attempt('reflect', {
        messages: [
          { role: 'system', content: system },
          { role: 'user', content: reflectionMessage(input, goalText(input.goal)) },
        ],
        schema: WireReflectionSchema,
        schemaName: 'reflection',
        check: (w) => {
          const r = toReflection(w);
          if (!r.ok) return r;
          const c = r.value;
          if ((c.kind === 'retry' || c.kind === 'retry_reworded' || c.kind === 'insert') && input.remainingRetries <= 0) {
            return { ok: false, problems: [`${c.kind} is not allowed: no retries remain`] };
          }
          if (c.kind === 'delegate' && !people.has(c.person)) return { ok: false, problems: [`unknown person "${c.person}"`] };
          if (c.kind === 'insert') {
            const blockers = opts.validatePlan(c.calls, input.goal, ctx).issues.filter((i) => INSERT_BLOCKERS.has(i.code));
            if (blockers.length) return { ok: false, problems: blockers.map(formatIssue) };
          }
          return r;
        },
        rounds: 0,
      });
      return res.ok ? res.value : withFallback('reflect', res.reason, () => fallback.reflect(input));
    },

    async classify(text, ctx): Promise<WithFallback<MessageIntent>> {
      const control = detectControl(text);
      if (control) return control;
      // The built-in classifier is deterministic and local: its control reading also beats the model.
      const local = await fallback.classify(text, ctx);
      if (isControl(local)) return local;
      const res = await attempt('classify', {
        messages: [
          { role: 'system', content: prompts.classify },
          {
            role: 'user',
            content: `Mission running: ${ctx.missionRunning ? 'yes' : 'no'}. A question to the user is pending: ${ctx.pendingQuestion ? 'yes' : 'no'}.\nMessage: "${text}"`,
          },
        ],
        schema: WireIntentSchema,
        schemaName: 'message_intent',
        check: toIntent,
        rounds: 0,
      });
      return res.ok ? res.value : withFallback('classify', res.reason, () => local);
    },
  };
}
