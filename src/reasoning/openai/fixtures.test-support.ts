import { loadSkillLibrary } from '../../skills/library.js';
import type { BeliefState } from '../belief.js';
import type { PlanIssue, PlanningContext, ProposedCall, Reasoner, RobotProfile } from '../provider.js';
import type { PlanValidator } from './reasoner.js';

/** Shared test fixtures: the home scene's belief, a fake built-in reasoner and a small validator. */

/** Tests pass `beliefFromScene(loadBuiltinScene('home'))` (the world is off limits to reasoning code). */
export function homeContext(belief: BeliefState): PlanningContext {
  const robots: RobotProfile[] = [...belief.robots.values()].map((r) => ({
    id: r.id,
    kind: r.id === 'rover' ? 'mobile_manipulator' : 'fixed_arm',
    capabilities: ['navigate', 'manipulate', 'open', 'toggle', 'clean'],
    families: r.id === 'rover' ? ['household'] : ['tabletop'],
    position: r.position,
    room: r.room,
    reach: r.id === 'rover' ? 0.8 : 0.9,
  }));
  return { belief, skills: loadSkillLibrary(), robots, people: [...belief.people.values()], speaker: 'alex' };
}

export const FALLBACK_CALL: ProposedCall = { id: 'b1', skill: 'pick', args: { object: 'apple_1' }, assignee: { kind: 'robot', id: 'rover' }, dependsOn: [] };

export interface FakeBuiltin extends Reasoner {
  used: string[];
}

export function fakeBuiltin(): FakeBuiltin {
  const used: string[] = [];
  return {
    name: 'fake-builtin',
    used,
    async interpret() {
      used.push('interpret');
      return { kind: 'not_found', reason: 'from the built-in reasoner' };
    },
    async readAnswer() {
      used.push('readAnswer');
      return { kind: 'unresolved', reason: 'from the built-in reasoner' };
    },
    async plan() {
      used.push('plan');
      return { kind: 'plan', calls: [FALLBACK_CALL], source: 'builtin', notes: ['built-in plan'] };
    },
    async reflect() {
      used.push('reflect');
      return { kind: 'replan', why: 'from the built-in reasoner' };
    },
    async classify(text) {
      used.push('classify');
      // Stands in for the built-in's own control vocabulary, wider than the openai module's.
      if (/hold your horses/i.test(text)) return { kind: 'pause' };
      return { kind: 'answer', text };
    },
  };
}

/** Checks only that skills, arguments, assignees and dependencies exist: enough to catch hallucinations. */
export const existenceValidator: PlanValidator = (calls, _goal, ctx) => {
  const issues: PlanIssue[] = [];
  const ids = new Set(calls.map((c) => c.id));
  for (const c of calls) {
    if (!ctx.skills.has(c.skill)) {
      issues.push({ callId: c.id, code: 'unknown_skill', message: `there is no skill "${c.skill}"` });
      continue;
    }
    for (const p of ctx.skills.get(c.skill).parameters) {
      if (c.args[p.name] === undefined) issues.push({ callId: c.id, code: 'missing_argument', message: `${c.skill} needs "${p.name}"` });
    }
    for (const [name, value] of Object.entries(c.args)) {
      const known = ctx.belief.get(value) ?? ctx.belief.region(value) ?? ctx.belief.people.get(value);
      if (!known) issues.push({ callId: c.id, code: 'unknown_entity', message: `argument ${name}="${value}" is not in the belief state` });
    }
    const assignee = c.assignee.kind === 'robot' ? ctx.robots.some((r) => r.id === c.assignee.id) : ctx.people.some((p) => p.id === c.assignee.id);
    if (!assignee) issues.push({ callId: c.id, code: 'unknown_assignee', message: `no ${c.assignee.kind} "${c.assignee.id}"` });
    for (const d of c.dependsOn) if (!ids.has(d)) issues.push({ callId: c.id, code: 'bad_dependency', message: `depends on unknown call "${d}"` });
  }
  return { ok: issues.length === 0, issues };
};
