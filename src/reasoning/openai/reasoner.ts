import { formatPredicate } from '../../domain/predicates.js';
import type { Goal } from '../goal.js';
import type { MessageIntent, PlanIssue, PlanProposal, PlanValidation, PlanningContext, ProposedCall, Reasoner, ReflectionChoice } from '../provider.js';
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

  /** Runs one model call; null (after a warning) when the endpoint failed or the answer stayed unusable. */
  async function attempt<W, T>(method: string, spec: Omit<AskSpec<W, T>, 'transport' | 'repairTemplate'>): Promise<{ value: T; repairs: number } | { problems: string[] } | null> {
    try {
      const res = await askWithRepair({ ...spec, transport, repairTemplate: prompts.repair });
      if (res.ok) return { value: res.value, repairs: res.repairs };
      logger.warn({ method, model: opts.model, repairs: res.repairs, problems: res.problems }, `model answer for ${method} unusable; using the built-in reasoner`);
      return { problems: res.problems };
    } catch (err) {
      const what = err instanceof TransportError ? 'model endpoint failed' : 'checking the model answer failed';
      logger.warn({ method, model: opts.model, err: (err as Error).message }, `${what} for ${method}; using the built-in reasoner`);
      return null;
    }
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
      const user = `Instruction from ${input.speaker}: "${input.instruction}"${steps.length ? `\nStep-by-step directions given with it:\n${steps.join('\n')}` : ''}${chosen.length ? `\nEarlier clarification answers:\n${chosen.join('\n')}` : ''}`;
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
      return res && 'value' in res ? res.value : fallback.interpret(input);
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
      return res && 'value' in res ? res.value : fallback.readAnswer(pending, answer, belief);
    },

    async plan(goal, ctx): Promise<PlanProposal> {
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
      if (res && 'value' in res && Array.isArray(res.value)) {
        const source = res.repairs > 0 ? 'model_repaired' : 'model';
        const notes = [`planned by ${opts.model}`, ...(res.repairs > 0 ? [`repaired after ${res.repairs} round(s)`] : [])];
        return { kind: 'plan', calls: res.value, source, notes };
      }
      const why =
        res === null
          ? 'model endpoint failed'
          : 'value' in res && !Array.isArray(res.value)
            ? `model said impossible: ${res.value.impossible}`
            : `model plan rejected: ${'problems' in res ? res.problems.slice(0, 5).join('; ') : ''}`;
      const fb = await fallback.plan(goal, ctx);
      return fb.kind === 'plan' ? { ...fb, source: 'fallback', notes: [...fb.notes, why] } : fb;
    },

    async reflect(input): Promise<ReflectionChoice> {
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
      return res && 'value' in res ? res.value : fallback.reflect(input);
    },

    async classify(text, ctx): Promise<MessageIntent> {
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
      return res && 'value' in res ? res.value : local;
    },
  };
}
