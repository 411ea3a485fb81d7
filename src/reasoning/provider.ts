import { z } from 'zod';
import type { Capability } from '../domain/entities.js';
import { FailureCodeSchema } from '../domain/failures.js';
import type { FailureCode } from '../domain/failures.js';
import type { SkillLibrary } from '../skills/index.js';
import type { BeliefPerson, BeliefState } from './belief.js';
import type { Goal, Interpretation, PendingClarification } from './goal.js';
import type { RecoveryHistory, RememberedReference, RobotToAvoid } from './memory-prior.js';

/**
 * The agent-level interfaces every reasoning provider implements (the built-in one and
 * OpenAI-compatible models). The LangGraph graphs in `agents/` call only these, so they do not care
 * which provider is behind them.
 */

/** What the planner and the reflector know about a robot. */
export interface RobotProfile {
  id: string;
  kind: 'mobile_manipulator' | 'fixed_arm';
  capabilities: Capability[];
  /** Skill families the robot's policy serves (`household` skills for mobile robots, `tabletop` for arms). */
  families: ('household' | 'tabletop')[];
  position: { x: number; y: number };
  room: string | null;
  /** How far the end effector reaches from the base, metres; fixed arms only act within it. */
  reach: number;
  /** Instruction phrasings the robot's policy was trained on; rewordings stay among them. */
  trainedTemplates?: readonly string[];
}

/** Everything a planner may read. Never ground truth: the belief state is built from observations. */
export interface PlanningContext {
  belief: BeliefState;
  skills: SkillLibrary;
  robots: readonly RobotProfile[];
  people: readonly BeliefPerson[];
  /** The person giving the instruction (`me` in "bring me"); a delegation goes to them by default. */
  speaker: string;
  /** Restricts allocation to these robots (a mission created for one robot). */
  onlyRobots?: readonly string[];
  /** From the site's memory: robots that keep failing a skill on a type of object; another is preferred when one can. */
  avoid?: readonly RobotToAvoid[];
}

export const AssigneeRefSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('robot'), id: z.string().min(1) }),
  z.object({ kind: z.literal('person'), id: z.string().min(1) }),
]);

/** One call of a skill, before grounding into an executable subgoal. */
export const ProposedCallSchema = z.object({
  id: z.string().min(1).max(64),
  skill: z.string().min(1),
  args: z.record(z.string(), z.string()),
  assignee: AssigneeRefSchema,
  dependsOn: z.array(z.string()),
});
export type ProposedCall = z.infer<typeof ProposedCallSchema>;

/** A problem found by symbolic validation, precise enough to be fed back to a model for repair. */
export interface PlanIssue {
  callId: string | null;
  code:
    | 'unknown_skill'
    | 'unknown_entity'
    | 'bad_argument'
    | 'missing_argument'
    | 'unknown_assignee'
    | 'capability_missing'
    | 'precondition_unmet'
    | 'bad_dependency'
    | 'goal_unmet'
    | 'unreachable';
  message: string;
}

export interface PlanValidation {
  ok: boolean;
  issues: PlanIssue[];
}

export type PlanProposal =
  | { kind: 'plan'; calls: ProposedCall[]; source: 'builtin' | 'model' | 'model_repaired' | 'fallback'; notes: string[] }
  | { kind: 'impossible'; reason: string };

/** What the reflector sees after a failure (attempt history summarised, belief current). */
export interface ReflectionInput {
  call: ProposedCall;
  failure: { code: FailureCode; message: string; diagnosis?: FailureCode };
  /** Earlier attempts of the call, oldest first; `instruction` is the phrasing the robot was given. */
  attempts: readonly { result: string; failureCode?: FailureCode; assignee: string; instruction?: string }[];
  /** Retry-like decisions (retry, retry_reworded, insert) the budget still allows, this one included. */
  remainingRetries: number;
  /** Hints the skill file gives for this failure code. */
  hint?: string;
  /** The calls of the plan still to run after the failed one. */
  remaining: readonly ProposedCall[];
  goal: Goal;
  context: PlanningContext;
  /** From the site's memory: how recoveries went after this failure of this skill on this type of object. */
  history?: RecoveryHistory;
}

/**
 * A recovery choice in planning terms: inserted work is proposed as skill calls, which the agents
 * ground, validate and hand to the executive tier.
 */
export const ReflectionChoiceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('retry'), why: z.string() }),
  z.object({ kind: z.literal('retry_reworded'), instruction: z.string().min(1), why: z.string() }),
  z.object({ kind: z.literal('insert'), calls: z.array(ProposedCallSchema).min(1), why: z.string() }),
  z.object({ kind: z.literal('replan'), why: z.string() }),
  z.object({ kind: z.literal('delegate'), person: z.string().min(1), why: z.string() }),
  z.object({ kind: z.literal('ask'), question: z.string().min(1), why: z.string() }),
  z.object({ kind: z.literal('abort'), reason: z.string().min(1), why: z.string() }),
]);
export type ReflectionChoice = z.infer<typeof ReflectionChoiceSchema>;

/** What a chat message sent while a mission runs is about. */
export const MessageIntentSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('stop') }),
  z.object({ kind: z.literal('estop') }),
  z.object({ kind: z.literal('pause') }),
  z.object({ kind: z.literal('resume') }),
  /** Changes the running subgoal: another referent ("the other mug") or a nudge ("a bit to the left"). */
  z.object({ kind: z.literal('correction'), text: z.string(), referent: z.enum(['other', 'attribute', 'motion']) }),
  /** A new goal: added to the plan (`merge`, "also …") or replacing it (`replace`, "instead …"). */
  z.object({ kind: z.literal('new_goal'), text: z.string(), mode: z.enum(['merge', 'replace']) }),
  /** A question about the mission, answered from the trace. */
  z.object({ kind: z.literal('question'), text: z.string(), about: z.enum(['doing', 'why_stopped', 'status', 'where', 'other']) }),
  z.object({ kind: z.literal('answer'), text: z.string() }),
]);
export type MessageIntent = z.infer<typeof MessageIntentSchema>;

export interface InterpretInput {
  instruction: string;
  belief: BeliefState;
  speaker: string;
  /** Choices from earlier clarification answers: mention key → ids. */
  choices?: Record<string, string[]>;
  /** Step-by-step directions given with the instruction; they may add what it leaves unsaid. */
  steps?: readonly string[];
  /** From the site's memory: what phrases meant before, evidence for grounding (never a command). */
  memory?: readonly RememberedReference[];
}

/** The answer to a clarification read into a choice; `unresolved` asks again (once). */
export type AnswerReading = { kind: 'chosen'; ids: string[] } | { kind: 'unresolved'; reason: string };

export type ReasoningStage = 'interpret' | 'readAnswer' | 'plan' | 'reflect' | 'classify';

/**
 * A provider answered a call with its fallback instead of its model: which stage, why, and who
 * answered. Carried on the result so the agents can put it in the mission's trace.
 */
export interface ReasonerFallback {
  stage: ReasoningStage;
  /** The model that could not answer. */
  model: string;
  /** The endpoint's failure, the stage's deadline, or the problems of the model's last answer. */
  reason: string;
  /** The name of the reasoner that answered instead. */
  answeredBy: string;
}

/** One line for a person reading the trace. */
export function describeFallback(f: ReasonerFallback): string {
  return `${f.stage}: ${f.model} gave no usable answer (${f.reason}); ${f.answeredBy} answered instead`;
}

/** A reasoner's result, with the fallback that produced it when there was one. */
export type WithFallback<T> = T & { fallback?: ReasonerFallback };

/** The agent-level interface of a reasoning provider. Every method must resolve, never reject on odd input. */
export interface Reasoner {
  readonly name: string;
  interpret(input: InterpretInput): Promise<WithFallback<Interpretation>>;
  readAnswer(pending: PendingClarification, answer: string, belief: BeliefState): Promise<WithFallback<AnswerReading>>;
  plan(goal: Goal, ctx: PlanningContext): Promise<WithFallback<PlanProposal>>;
  reflect(input: ReflectionInput): Promise<WithFallback<ReflectionChoice>>;
  /** `pendingQuestion` tells the classifier a bare reply is probably an answer. */
  classify(text: string, ctx: { missionRunning: boolean; pendingQuestion: boolean }): Promise<WithFallback<MessageIntent>>;
}

export { FailureCodeSchema };
