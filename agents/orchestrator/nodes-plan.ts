import { describeGoal } from '../../src/reasoning/builtin/dialogue/index.js';
import { planSearch } from '../../src/reasoning/builtin/planner/index.js';
import type { Goal } from '../../src/reasoning/goal.js';
import type { GraphDeps } from './deps.js';
import type { MissionStateUpdate, MissionStateValue } from './state.js';

type Node = (s: MissionStateValue) => Promise<MissionStateUpdate> | MissionStateUpdate;

/** While searching, the goal of this round is to have looked inside the likeliest container left. */
export function roundGoal(s: MissionStateValue): Goal | null {
  const container = s.search?.containers[0];
  if (container) return { steps: [{ conjuncts: [{ pred: 'isOpen', args: [container] }] }] };
  return s.goal;
}

/** The words the current goal was read from (a correction or an added goal changes them). */
export const currentText = (s: MissionStateValue): string => (s.goalTexts.length > 0 ? s.goalTexts.join(', then ') : s.instruction);

function failPlanning(deps: GraphDeps, s: MissionStateValue, reason: string): MissionStateUpdate {
  if (s.mode !== 'initial' && s.planVersion > 0) {
    deps.say(s.missionId, `I could not change the plan: ${reason}`);
    return { next: 'execute', mode: 'initial', text: currentText(s), search: null };
  }
  return { outcome: { status: 'failed', reason }, next: 'report' };
}

export function planNode(deps: GraphDeps): Node {
  return async (s) => {
    const goal = roundGoal(s);
    if (!goal) return failPlanning(deps, s, 'there is nothing to plan for');
    const avoid = deps.memory.avoidances(s.scene);
    const ctx = { ...deps.fleet(s.scene).planningContext(s.speaker, s.onlyRobots ?? undefined), ...(avoid.length > 0 ? { avoid } : {}) };
    // A search round looks into one place (a container or a room); what it finds is read afresh next round.
    const target = s.search?.containers[0];
    const proposal = s.search && target ? planSearch({ type: s.search.type, containers: [target] }, ctx) : await deps.reasoner.plan(goal, ctx);
    if (proposal.kind === 'impossible') {
      deps.trace(s.missionId, 'plan', 'plan', { version: null, impossible: proposal.reason });
      return failPlanning(deps, s, proposal.reason);
    }
    const version = s.planVersion + 1;
    if (proposal.calls.length === 0 && !s.search) deps.say(s.missionId, `That already holds: ${describeGoal(goal, ctx.belief)}; nothing needs doing.`);
    deps.trace(s.missionId, 'plan', 'plan', { version, calls: proposal.calls, source: proposal.source, notes: proposal.notes, search: s.search !== null });
    deps.memory.afterPlan(s.missionId, proposal.calls, avoid, ctx.belief);
    return { calls: proposal.calls, planVersion: version, planSource: proposal.source, next: 'validate' };
  };
}

/** Symbolic check of the plan before any motion; a plan that fails it never reaches a robot. */
export function validateNode(deps: GraphDeps): Node {
  return (s) => {
    const ctx = deps.fleet(s.scene).planningContext(s.speaker, s.onlyRobots ?? undefined);
    const v = deps.validatePlan(s.calls, s.search ? null : s.goal, ctx);
    deps.trace(s.missionId, 'validation', 'validate', { version: s.planVersion, ok: v.ok, issues: v.issues });
    if (!v.ok) return failPlanning(deps, s, `the plan did not validate: ${v.issues.map((i) => i.message).join('; ')}`);
    return { next: 'allocate' };
  };
}

export function allocateNode(deps: GraphDeps): Node {
  return (s) => {
    const assignments = Object.fromEntries(s.calls.map((c) => [c.id, c.assignee.kind === 'robot' ? c.assignee.id : `person:${c.assignee.id}`]));
    const people = s.calls.filter((c) => c.assignee.kind === 'person');
    deps.trace(s.missionId, 'allocation', 'allocate', { version: s.planVersion, assignments });
    if (people.length > 0 && !s.search) {
      deps.say(s.missionId, `No robot here can ${[...new Set(people.map((c) => c.skill.replace(/_/g, ' ')))].join(' or ')}; I will ask ${people[0]!.assignee.id} for that step.`);
    }
    if (s.mode === 'initial' && !s.search && s.planVersion === 1) {
      deps.say(s.missionId, `Plan: ${s.calls.map((c) => `${c.skill}(${Object.values(c.args).join(', ')})`).join(' → ')}.`);
    } else if (s.mode !== 'initial') {
      deps.say(s.missionId, `Updated the plan (version ${s.planVersion}).`);
    }
    return { planPending: true, next: 'execute' };
  };
}
