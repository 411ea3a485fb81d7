import { RecoveryDecisionSchema } from '../../src/execution/index.js';
import type { RecoveryDecision } from '../../src/execution/index.js';
import { describeGoal } from '../../src/reasoning/builtin/dialogue/index.js';
import { unmetGoal } from '../../src/reasoning/builtin/planner/index.js';
import type { FailureCode } from '../../src/domain/failures.js';
import { subjectOf } from '../../src/reasoning/builtin/reflect/recover.js';
import type { RecoveryHistory } from '../../src/reasoning/memory-prior.js';
import type { PlanningContext, ProposedCall, ReflectionChoice } from '../../src/reasoning/provider.js';
import { ROBOT_FAILURES } from '../memory/site-memory.js';
import type { StatsKey } from '../memory/site-memory.js';
import { baselineRecovery } from './ablation.js';
import type { GraphDeps } from './deps.js';
import type { Escalation } from './live.js';
import { unmetInWords } from './goal-truth.js';
import { versioned } from './nodes-execute.js';
import { roundGoal } from './nodes-plan.js';
import type { MissionStateUpdate, MissionStateValue } from './state.js';

type Node = (s: MissionStateValue) => Promise<MissionStateUpdate> | MissionStateUpdate;
type Reflection = Extract<Escalation, { kind: 'reflection' }>;

const callIdOf = (subgoalId: string): string => subgoalId.replace(/^v\d+-/, '');

/** What reflection settled on, as a value: a decision the runner can take, the state it changes and what to tell. */
interface Decided {
  decision: RecoveryDecision;
  update: MissionStateUpdate;
  /** Why a decision differs from the choice (recorded in the trace). */
  note?: string;
  /** A chat line that says more than the choice's own reason. */
  say?: string;
}

/**
 * Turns a reflection choice into a decision the executive tier runs; inserted and replanned work is
 * grounded here. Whatever the reasoner answers, the runner is handed a decision its schema accepts:
 * one that does not fit becomes a question to a person, never an abort over a malformed value.
 */
export function reflectNode(deps: GraphDeps): Node {
  return async (s) => {
    const e = s.escalation;
    const live = deps.live.get(s.missionId);
    if (e?.kind !== 'reflection' || !live) return { next: 'execute' };
    const avoid = deps.memory.avoidances(s.scene);
    const ctx = { ...deps.fleet(s.scene).planningContext(s.speaker, s.onlyRobots ?? undefined), ...(avoid.length > 0 ? { avoid } : {}) };
    const remembered = memoryOfFailure(deps, s, e, ctx);
    const choice = await reflectionChoice(deps, s, e, ctx, remembered?.history);
    if (remembered) deps.memory.reflected(s.missionId, e.subgoalId, remembered.key, remembered.code, choice.kind, remembered.history);
    const decided = await decide(deps, s, choice, e, ctx);
    const checked = RecoveryDecisionSchema.safeParse(decided.decision);
    const final: Decided = checked.success ? decided : unusable(e, checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    deps.trace(s.missionId, 'reflection', 'reflect', {
      subgoalId: e.subgoalId, failure: e.failure, choice, decision: final.decision.kind, ...(final.note ? { note: final.note } : {}),
    }, e.subgoalId);
    if (final.say) deps.say(s.missionId, final.say);
    else if (final.decision.kind !== 'retry' && final.decision.kind !== 'retry_reworded') deps.say(s.missionId, `${e.subgoalId}: ${e.failure.message} — ${choice.why}`);
    live.decide(e.token, final.decision);
    return { ...final.update, next: 'execute' };
  };
}

/**
 * What the site memory knows about this failure: the key its statistics are kept under (skill, type of
 * the object, robot) and how recoveries went before. Null for a person's attempt or a stop.
 */
function memoryOfFailure(deps: GraphDeps, s: MissionStateValue, e: Reflection, ctx: PlanningContext): { key: StatsKey; code: FailureCode; history: RecoveryHistory | undefined } | null {
  const call = s.calls.find((c) => c.id === callIdOf(e.subgoalId));
  const robot = e.attempts.at(-1)?.assignee ?? (call?.assignee.kind === 'robot' ? call.assignee.id : undefined);
  const subject = call ? subjectOf(call) : undefined;
  const objectType = subject !== undefined ? ctx.belief.get(subject)?.type : undefined;
  const code = e.failure.diagnosis ?? e.failure.code;
  if (!call || !robot || robot.startsWith('person:') || !objectType || !ROBOT_FAILURES.has(code)) return null;
  const key = { site: s.scene, skill: call.skill, objectType, robot };
  return { key, code, history: deps.memory.recoveryHistory(key, code) };
}

async function reflectionChoice(deps: GraphDeps, s: MissionStateValue, e: Reflection, ctx: PlanningContext, history: RecoveryHistory | undefined): Promise<ReflectionChoice> {
  const call = s.calls.find((c) => c.id === callIdOf(e.subgoalId)) ?? null;
  const byPerson = e.attempts.at(-1)?.assignee.startsWith('person:') ?? false;
  const baseline = baselineRecovery(deps.ablation.recovery, e);
  if (baseline) return baseline;
  if (!call && byPerson) {
    // An inserted step a person took on and could not do (or declined) is not asked of them again.
    return { kind: 'abort', reason: `${e.subgoalId}: ${e.failure.message}`, why: 'a person could not do an inserted recovery step and no robot can; asking again would only repeat the request' };
  }
  if (!call) return { kind: 'retry', why: 'the failed step is not in the current plan; trying it again' };
  const skill = ctx.skills.has(call.skill) ? ctx.skills.get(call.skill) : null;
  const hint = skill?.failureHints[e.failure.code];
  try {
    return await deps.reasoner.reflect({
      call,
      failure: e.failure,
      attempts: e.attempts,
      remainingRetries: e.remainingRetries,
      ...(hint ? { hint } : {}),
      remaining: s.calls.filter((c) => c.id !== call.id),
      goal: roundGoal(s) ?? { steps: [] },
      context: ctx,
      ...(history ? { history } : {}),
    });
  } catch (err) {
    const why = `reflection failed (${err instanceof Error ? err.message : String(err)})`;
    return { kind: 'ask', question: askAbout(e, why), why };
  }
}

async function decide(deps: GraphDeps, s: MissionStateValue, choice: ReflectionChoice, e: Reflection, ctx: PlanningContext): Promise<Decided> {
  try {
    if (choice.kind === 'replan') return await replanned(deps, s, ctx);
    return { decision: toDecision(deps, s, choice, e.subgoalId), update: {} };
  } catch (err) {
    return { decision: { kind: 'abort', reason: `recovery could not be grounded: ${err instanceof Error ? err.message : String(err)}` }, update: {} };
  }
}

function toDecision(deps: GraphDeps, s: MissionStateValue, choice: Exclude<ReflectionChoice, { kind: 'replan' }>, subgoalId: string): RecoveryDecision {
  const fleet = deps.fleet(s.scene);
  switch (choice.kind) {
    case 'retry':
      return { kind: 'retry' };
    case 'retry_reworded':
      return { kind: 'retry_reworded', instruction: choice.instruction };
    case 'delegate':
      return { kind: 'delegate', person: choice.person };
    case 'ask':
      return { kind: 'ask', question: choice.question };
    case 'abort':
      return { kind: 'abort', reason: choice.reason };
    case 'insert': {
      const calls = insertedCalls(choice.calls, subgoalId, Math.floor(fleet.simTime * 10));
      return { kind: 'insert', subgoals: fleet.ground(calls, `${s.missionId}-fix`, 1).subgoals };
    }
  }
}

/**
 * The rest of the mission planned again from the belief. An empty plan means the goal already holds
 * or cannot be reached: the goal is checked against the belief to tell which, so the mission ends
 * with what it did, or fails naming what does not hold.
 */
async function replanned(deps: GraphDeps, s: MissionStateValue, ctx: PlanningContext): Promise<Decided> {
  const goal = roundGoal(s);
  if (!goal) return { decision: { kind: 'abort', reason: 'there is no goal left to plan for' }, update: {} };
  const proposal = await deps.reasoner.plan(goal, ctx);
  if (proposal.kind === 'impossible') return { decision: { kind: 'abort', reason: `no new plan reaches the goal from here: ${proposal.reason}` }, update: {} };
  const version = s.planVersion + 1;
  const id = `${s.missionId}-v${version}`;
  if (proposal.calls.length > 0) {
    const plan = deps.fleet(s.scene).ground(versioned(proposal.calls, version), id, version);
    return { decision: { kind: 'replan', plan }, update: { calls: proposal.calls, planVersion: version } };
  }
  const unmet = unmetGoal(goal, ctx);
  if (unmet.length > 0) {
    const reason = `the new plan has no steps, yet ${unmetInWords(unmet, ctx.belief)}; the goal cannot be met from here`;
    return { decision: { kind: 'abort', reason }, update: {}, note: 'empty replan with the goal unmet' };
  }
  return {
    decision: { kind: 'replan', plan: { id, version, subgoals: [] } },
    update: { calls: [], planVersion: version },
    note: 'empty replan: the goal already holds in the belief',
    say: `Nothing is left to do: ${describeGoal(goal, ctx.belief)}.`,
  };
}

function askAbout(e: Reflection, why: string): string {
  return `${e.subgoalId} failed (${e.failure.message}) and I could not work out how to recover: ${why}. Shall I try it again, or skip it?`;
}

/** A decision the runner would refuse: a person is asked instead, with the reason in the trace. */
function unusable(e: Reflection, issues: string): Decided {
  return { decision: { kind: 'ask', question: askAbout(e, 'the recovery I came up with was malformed') }, update: {}, note: `unusable decision (${issues}); a person is asked instead` };
}

/** Longest subgoal id an inserted call gets (ids travel in goal ids, trace rows and UI labels). */
const MAX_INSERTED_ID = 64;

/**
 * Inserted calls renamed under the failed subgoal, so they never clash with the plan's ids or an
 * earlier insert's: `<subgoal>-fix<n>-<i>-<call id>`, cut to a bounded length. The position `i`
 * keeps two calls distinct even when the cut removes what told them apart.
 */
export function insertedCalls(calls: readonly ProposedCall[], subgoalId: string, n: number): ProposedCall[] {
  const prefix = `${subgoalId.slice(0, 24)}-fix${n}-`;
  const renamed = new Map(calls.map((c, i) => [c.id, `${prefix}${i + 1}-${c.id}`.slice(0, MAX_INSERTED_ID)] as const));
  return calls.map((c) => ({
    ...c,
    id: renamed.get(c.id) ?? c.id,
    dependsOn: c.dependsOn.filter((x) => renamed.has(x)).map((x) => renamed.get(x) ?? x),
  }));
}
