import type { Plan } from '../../src/domain/plan.js';
import { formatPredicate } from '../../src/domain/predicates.js';
import { unmetGoal } from '../../src/reasoning/builtin/planner/index.js';
import type { ProposedCall } from '../../src/reasoning/provider.js';
import type { GraphDeps } from './deps.js';
import type { Escalation } from './live.js';
import { LiveMission } from './live.js';
import { checksEndState } from './ablation.js';
import { beliefPreflight, verdictsIntoBelief } from './belief-hooks.js';
import { successSummary, unmetInWords } from './goal-truth.js';
import { humanRequestView, responseToAction } from './requests.js';
import type { MissionStateUpdate, MissionStateValue } from './state.js';

type Node = (s: MissionStateValue) => Promise<MissionStateUpdate> | MissionStateUpdate;

/** Subgoal ids carry the plan version, so a replacement plan never collides with kept, succeeded work. */
export const subgoalIdOf = (version: number, callId: string): string => `v${version}-${callId}`;

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
      runner.subscribe(verdictsIntoBelief(() => fleet.believed()));
      live = new LiveMission(runner);
      holder.live = live;
      deps.live.set(s.missionId, live);
      deps.attachRunner(s.missionId, live, fleet);
      runner.start();
      fleet.drive(runner);
    }
    // The plan waited for an answer about changing it: with the change installed (or dropped) it goes on.
    if (s.heldForAnswer) live.resumeHeld();
    deps.setStatus(s.missionId, 'running');
    const escalation = await live.next();
    return { planPending: false, heldForAnswer: false, escalation, next: route(escalation) };
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
      // Look again with fresh eyes: the interpreter now sees inside what was opened. A goal added
      // while the mission ran keeps its mode, so what it is added to is still part of the goal.
      return { search: { ...s.search, containers: rest, looked: [...s.search.looked, ...(looked ? [looked] : [])] }, next: 'interpret' };
    }
    if (outcome === 'succeeded' && !s.search && s.goal && checksEndState(deps.ablation)) {
      const unmet = unmetAtTheEnd(deps, s);
      if (unmet) return unmet;
    }
    const reason = e?.kind === 'outcome' ? e.reason : null;
    const status = outcome === 'succeeded' ? 'succeeded' : outcome === 'cancelled' ? 'cancelled' : 'failed';
    return { outcome: { status, reason }, next: 'report' };
  };
}

/** How many times a mission plans again for a goal its end state does not meet; then it fails with the reason. */
const MAX_GOAL_RECHECKS = 2;

/**
 * Every subgoal succeeded, but the end state is checked against the whole goal too, as the belief
 * has it: a later step may have carried off what an earlier one put in place, or the goal may be
 * one a correction set after the steps that ran. Then the rest is planned again from the belief.
 */
function unmetAtTheEnd(deps: GraphDeps, s: MissionStateValue): MissionStateUpdate | null {
  const ctx = deps.fleet(s.scene).planningContext(s.speaker, s.onlyRobots ?? undefined);
  const unmet = unmetGoal(s.goal!, ctx);
  if (unmet.length === 0) return null;
  const said = unmetInWords(unmet, ctx.belief);
  deps.trace(s.missionId, 'note', 'after_run', { goalCheck: 'unmet', unmet: unmet.map(formatPredicate), round: s.goalRechecks + 1 });
  if (s.goalRechecks >= MAX_GOAL_RECHECKS) return { outcome: { status: 'failed', reason: `every step succeeded, but ${said}` }, next: 'report' };
  deps.say(s.missionId, `Every step succeeded, but ${said}; I will put it right.`);
  return { goalRechecks: s.goalRechecks + 1, mode: 'initial', next: 'plan' };
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

export function reportNode(deps: GraphDeps): Node {
  return (s) => {
    const ended = s.outcome ?? { status: 'failed' as const, reason: 'the mission ended without an outcome' };
    const checked = ended.status === 'succeeded' ? successSummary(s.goal, deps.fleet(s.scene).perceive()) : null;
    const outcome = checked ? { ...ended, reason: checked } : ended;
    const live = deps.live.get(s.missionId);
    if (live) deps.runnerFinished(s.missionId, live);
    live?.runner.dispose();
    deps.live.delete(s.missionId);
    deps.trace(s.missionId, 'outcome', 'report', { status: outcome.status, reason: outcome.reason });
    const text =
      outcome.status === 'succeeded'
        ? `Done: ${outcome.reason ?? s.instruction}.`
        : outcome.status === 'cancelled'
          ? `Cancelled${outcome.reason ? `: ${outcome.reason}` : '.'}`
          : `I could not finish${outcome.reason ? `: ${outcome.reason}` : '.'}`;
    deps.say(s.missionId, text);
    deps.setStatus(s.missionId, outcome.status, outcome.reason);
    return { outcome, next: 'end' };
  };
}
