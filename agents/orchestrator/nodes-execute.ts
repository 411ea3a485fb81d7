import type { Plan } from '../../src/domain/plan.js';
import { formatPredicate } from '../../src/domain/predicates.js';
import { unmetPlacements } from '../../src/reasoning/builtin/planner/index.js';
import { describeFromBelief } from '../../src/reasoning/builtin/reflect/index.js';
import type { RecoveryDecision } from '../../src/execution/index.js';
import type { ProposedCall, ReflectionChoice } from '../../src/reasoning/provider.js';
import type { GraphDeps } from './deps.js';
import type { Escalation } from './live.js';
import { LiveMission } from './live.js';
import { roundGoal } from './nodes-plan.js';
import { baselineRecovery, checksEndState } from './ablation.js';
import { beliefPreflight, reportsIntoBelief } from './belief-hooks.js';
import { humanRequestView, responseToAction } from './requests.js';
import type { MissionStateUpdate, MissionStateValue } from './state.js';

type Node = (s: MissionStateValue) => Promise<MissionStateUpdate> | MissionStateUpdate;

/** Subgoal ids carry the plan version, so a replacement plan never collides with kept, succeeded work. */
export const subgoalIdOf = (version: number, callId: string): string => `v${version}-${callId}`;
const callIdOf = (subgoalId: string): string => subgoalId.replace(/^v\d+-/, '');

export function versioned(calls: readonly ProposedCall[], version: number, keep: (id: string) => boolean = () => true): ProposedCall[] {
  const kept = calls.filter((c) => keep(subgoalIdOf(version, c.id)));
  const ids = new Set(kept.map((c) => c.id));
  return kept.map((c) => ({
    ...c,
    id: subgoalIdOf(version, c.id),
    dependsOn: c.dependsOn.filter((d) => ids.has(d)).map((d) => subgoalIdOf(version, d)),
  }));
}

function route(e: Escalation): string {
  switch (e.kind) {
    case 'outcome':
      return 'after_run';
    case 'reflection':
      return 'reflect';
    case 'human':
      return 'human_ask';
    case 'message':
      return 'amend';
  }
}

/**
 * Hands the plan to the executive tier and waits for what it cannot decide alone. It never
 * interrupts: a resumed graph re-enters here and re-attaches to the live runner, or, after a
 * restart, builds one from the subgoals the trace does not show as succeeded — nothing that
 * succeeded is dispatched again.
 */
export function executeNode(deps: GraphDeps): Node {
  return async (s) => {
    const fleet = deps.fleet(s.scene);
    let live = deps.live.get(s.missionId);
    if (live?.finished && s.planPending) live = undefined;
    const planFor = (keep?: (id: string) => boolean): Plan => fleet.ground(versioned(s.calls, s.planVersion, keep), `${s.missionId}-v${s.planVersion}`, s.planVersion);
    if (s.planPending && live) {
      live.runner.replan(planFor());
    } else if (!live) {
      // Ids carry the plan version, so successes of an earlier plan never mask this one's subgoals.
      const done = deps.succeededSubgoals(s.missionId);
      const remaining = versioned(s.calls, s.planVersion).filter((c) => !done.has(c.id));
      if (remaining.length === 0) return { planPending: false, escalation: { kind: 'outcome', outcome: 'succeeded', reason: null }, next: 'after_run' };
      const plan = planFor((id) => !done.has(id));
      const holder: { live?: LiveMission } = {};
      const runner = fleet.createRunner({
        missionId: s.missionId,
        plan,
        trustExecutorDone: deps.ablation.trustExecutorDone,
        goalSeqStart: deps.goalSeqUsed(s.missionId),
        reflect: (ctx) => holder.live!.reflectionHook(ctx),
        humans: { request: (req) => holder.live!.humanHook.request(req) },
        preflight: beliefPreflight(() => fleet.believed()),
      });
      runner.subscribe(reportsIntoBelief(() => fleet.believed()));
      live = new LiveMission(runner);
      holder.live = live;
      deps.live.set(s.missionId, live);
      deps.attachRunner(s.missionId, live, fleet);
      runner.start();
      fleet.drive(runner);
    }
    deps.setStatus(s.missionId, 'running');
    const escalation = await live.next();
    return { planPending: false, escalation, next: route(escalation) };
  };
}

export function afterRunNode(deps: GraphDeps): Node {
  return (s) => {
    const e = s.escalation;
    const outcome = e?.kind === 'outcome' ? e.outcome : 'failed';
    const finished = deps.live.get(s.missionId);
    if (finished) deps.runnerFinished(s.missionId, finished);
    finished?.runner.dispose();
    deps.live.delete(s.missionId);
    if (s.search && outcome === 'succeeded') {
      const [looked, ...rest] = s.search.containers;
      deps.trace(s.missionId, 'note', 'search', { lookedInto: looked ?? null });
      // Look again with fresh eyes: the interpreter now sees inside what was opened.
      return { search: { ...s.search, containers: rest, looked: [...s.search.looked, ...(looked ? [looked] : [])] }, mode: 'initial', next: 'interpret' };
    }
    if (outcome === 'succeeded' && !s.search && s.goal && checksEndState(deps.ablation)) {
      const undone = undonePlacements(deps, s);
      if (undone) return undone;
    }
    const reason = e?.kind === 'outcome' ? e.reason : null;
    const status = outcome === 'succeeded' ? 'succeeded' : outcome === 'cancelled' ? 'cancelled' : 'failed';
    return { outcome: { status, reason }, next: 'report' };
  };
}

/** How many times a mission plans again for placements undone before its end; then it fails with the reason. */
const MAX_GOAL_RECHECKS = 2;

/**
 * Every subgoal succeeded, but the end state is checked against the goal too: a later step may have
 * carried off what an earlier one put in place. Then the rest is planned again from the belief.
 */
function undonePlacements(deps: GraphDeps, s: MissionStateValue): MissionStateUpdate | null {
  const ctx = deps.fleet(s.scene).planningContext(s.speaker, s.onlyRobots ?? undefined);
  const unmet = unmetPlacements(s.goal!, ctx);
  if (unmet.length === 0) return null;
  const name = (id: string | undefined): string => describeFromBelief(ctx.belief, id ?? '');
  const said = unmet.map((p) => `${name(p.args[0])} is no longer ${p.pred === 'heldBy' ? 'with' : `${p.pred} the`} ${name(p.args[1])}`).join('; ');
  deps.trace(s.missionId, 'note', 'after_run', { goalCheck: 'undone', unmet: unmet.map(formatPredicate), round: s.goalRechecks + 1 });
  if (s.goalRechecks >= MAX_GOAL_RECHECKS) return { outcome: { status: 'failed', reason: `every step succeeded, but ${said}` }, next: 'report' };
  deps.say(s.missionId, `Every step succeeded, but ${said}; I will put it right.`);
  return { goalRechecks: s.goalRechecks + 1, mode: 'initial', next: 'plan' };
}

/** Turns a reflection choice into a decision the executive tier runs; inserted and replanned work is grounded here. */
export function reflectNode(deps: GraphDeps): Node {
  return async (s) => {
    const e = s.escalation;
    const live = deps.live.get(s.missionId);
    if (e?.kind !== 'reflection' || !live) return { next: 'execute' };
    const fleet = deps.fleet(s.scene);
    const ctx = fleet.planningContext(s.speaker, s.onlyRobots ?? undefined);
    const call = s.calls.find((c) => c.id === callIdOf(e.subgoalId)) ?? null;
    let choice: ReflectionChoice;
    const byPerson = e.attempts.at(-1)?.assignee.startsWith('person:') ?? false;
    const baseline = baselineRecovery(deps.ablation.recovery, e);
    if (baseline) choice = baseline;
    else if (!call && byPerson) {
      // An inserted step a person took on and could not do (or declined) is not asked of them again.
      choice = { kind: 'abort', reason: `${e.subgoalId}: ${e.failure.message}`, why: 'a person could not do an inserted recovery step and no robot can; asking again would only repeat the request' };
    } else if (!call) choice = { kind: 'retry', why: 'the failed step is not in the current plan; trying it again' };
    else {
      const skill = ctx.skills.has(call.skill) ? ctx.skills.get(call.skill) : null;
      const hint = skill?.failureHints[e.failure.code];
      choice = await deps.reasoner.reflect({
        call,
        failure: e.failure,
        attempts: e.attempts,
        remainingRetries: e.remainingRetries,
        ...(hint ? { hint } : {}),
        remaining: s.calls.filter((c) => c.id !== call.id),
        goal: roundGoal(s) ?? { steps: [] },
        context: ctx,
      });
    }
    let decision: RecoveryDecision;
    let update: MissionStateUpdate = {};
    try {
      if (choice.kind === 'replan') {
        const r = await replanDecision(deps, s);
        decision = r ? r.decision : { kind: 'abort', reason: 'no new plan reaches the goal from here' };
        if (r) update = { calls: r.calls, planVersion: r.version };
      } else decision = toDecision(choice, e.subgoalId, s, deps);
    } catch (err) {
      decision = { kind: 'abort', reason: `recovery could not be grounded: ${err instanceof Error ? err.message : String(err)}` };
    }
    deps.trace(s.missionId, 'reflection', 'reflect', { subgoalId: e.subgoalId, failure: e.failure, choice, decision: decision.kind }, e.subgoalId);
    if (decision.kind !== 'retry' && decision.kind !== 'retry_reworded') deps.say(s.missionId, `${e.subgoalId}: ${e.failure.message} — ${choice.why}`);
    live.decide(e.token, decision);
    return { ...update, next: 'execute' };
  };

  function toDecision(choice: ReflectionChoice, subgoalId: string, s: MissionStateValue, d: GraphDeps): RecoveryDecision {
    const fleet = d.fleet(s.scene);
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
      case 'replan':
        throw new Error('replan is planned asynchronously');
    }
  }
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

/** Replanning needs the planner (async), so it is its own step before the decision is handed over. */
export async function replanDecision(deps: GraphDeps, s: MissionStateValue): Promise<{ decision: RecoveryDecision; calls: ProposedCall[]; version: number } | null> {
  const goal = roundGoal(s);
  if (!goal) return null;
  const fleet = deps.fleet(s.scene);
  const proposal = await deps.reasoner.plan(goal, fleet.planningContext(s.speaker, s.onlyRobots ?? undefined));
  if (proposal.kind === 'impossible') return null;
  const version = s.planVersion + 1;
  const plan = fleet.ground(versioned(proposal.calls, version), `${s.missionId}-v${version}`, version);
  return { decision: { kind: 'replan', plan }, calls: proposal.calls, version };
}

export function humanAskNode(deps: GraphDeps): Node {
  return (s) => {
    const e = s.escalation;
    if (e?.kind !== 'human') return { next: 'execute' };
    const request = humanRequestView(e.request, s, deps.now());
    deps.say(s.missionId, request.question);
    return { request, requestSeq: s.requestSeq + 1, next: 'human_wait' };
  };
}

export function applyHumanNode(deps: GraphDeps): Node {
  return (s) => {
    const e = s.escalation;
    const live = deps.live.get(s.missionId);
    if (s.request) deps.requestClosed(s.missionId, s.request.id);
    if (e?.kind !== 'human' || !live || live.finished || !s.response) return { request: null, next: 'execute' };
    const action = responseToAction(e.request, s.response);
    deps.trace(s.missionId, 'answer', 'human', { requestId: s.request?.id ?? null, response: s.response, action: action.kind }, e.request.subgoalId);
    const r = live.runner;
    const id = e.request.subgoalId;
    switch (action.kind) {
      case 'approve':
        r.approve(id, action.by);
        break;
      case 'reject':
        r.reject(id, action.reason);
        break;
      case 'done':
        if (e.request.kind === 'task' || e.request.kind === 'delegation') deps.fleet(s.scene).personReportedDone?.(id, e.request.person);
        r.humanDone(id, action.report);
        break;
      case 'failed':
        r.humanFailed(id, action.message);
        break;
      case 'answer':
        r.answer(id, action.decision);
        break;
    }
    return { request: null, response: null, next: 'execute' };
  };
}

/** A new goal sent while the mission runs: interpreted, merged or replacing, and handed over as a replan. */
export function amendNode(): Node {
  return (s) => {
    const e = s.escalation;
    if (e?.kind !== 'message') return { next: 'execute' };
    if (e.goal) return { goal: e.goal, mode: 'replace', search: null, next: 'plan' };
    return { text: e.text, mode: e.mode, search: null, next: 'interpret' };
  };
}

export function reportNode(deps: GraphDeps): Node {
  return (s) => {
    const outcome = s.outcome ?? { status: 'failed' as const, reason: 'the mission ended without an outcome' };
    const live = deps.live.get(s.missionId);
    if (live) deps.runnerFinished(s.missionId, live);
    live?.runner.dispose();
    deps.live.delete(s.missionId);
    deps.trace(s.missionId, 'outcome', 'report', { status: outcome.status, reason: outcome.reason });
    const text =
      outcome.status === 'succeeded'
        ? `Done: ${s.instruction}`
        : outcome.status === 'cancelled'
          ? `Cancelled${outcome.reason ? `: ${outcome.reason}` : '.'}`
          : `I could not finish${outcome.reason ? `: ${outcome.reason}` : '.'}`;
    deps.say(s.missionId, text);
    deps.setStatus(s.missionId, outcome.status, outcome.reason);
    return { outcome, next: 'end' };
  };
}
