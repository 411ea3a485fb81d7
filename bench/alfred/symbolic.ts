import type { Predicate } from '../../src/domain/predicates.js';
import { BeliefState, beliefFromScene, continueAfterAnswer, goalPredicates, interpretWithSteps, ANY_ROBOT } from '../../src/reasoning/index.js';
import type { Goal, Interpretation } from '../../src/reasoning/index.js';
import { planGoal, profilesFromScene } from '../../src/reasoning/builtin/planner/index.js';
import type { PlanningContext } from '../../src/reasoning/provider.js';
import { loadSkillLibrary } from '../../src/skills/index.js';
import type { SkillLibrary } from '../../src/skills/index.js';
import { loadScene, REACH, World } from '../../src/world/index.js';
import type { Scene } from '../../src/world/index.js';
import { scoreGoal } from '../evaluate.js';
import type { BenchTask } from '../schema.js';
import { matchAnswer, matchOption } from '../user.js';
import type { TruthView } from '../world-view.js';
import { viewFromSnapshot } from '../world-view.js';

/**
 * The development reading of an `alfred-train` task, without running a mission: interpret the
 * sentence (and steps) against the scene's belief, answer a question with its first option as the
 * benchmark's scripted user does, look inside every closed container when orca asks to search (what
 * a search round reveals), plan the goal, and take the goal's predicates as the world's end state.
 * Scored on the task's gold goal like a mission. Seconds for the whole set; the benchmark's missions
 * remain the measure.
 */
export type SymbolicOutcome =
  | { kind: 'met'; questions: number; searched: boolean; goal: Goal }
  | { kind: 'unmet'; questions: number; searched: boolean; goal: Goal; failed: string[] }
  | { kind: 'no_plan'; reason: string; goal: Goal }
  | { kind: 'no_goal'; result: Interpretation };

let skills: SkillLibrary | null = null;

/** A belief that has seen inside every container (what searching them all would tell). */
function searchedBelief(scene: Scene): BeliefState {
  const opened: Scene = { ...scene, entities: scene.entities.map((e) => ({ ...e, state: { ...e.state, open: true }, regions: e.regions.map((r) => ({ ...r, state: { ...r.state, open: true } })) })) };
  const belief = beliefFromScene(opened);
  for (const e of scene.entities) {
    const b = belief.entities.get(e.id);
    if (b && 'open' in b.state) b.state.open = e.state.open ?? false;
  }
  return belief;
}

function planningContext(scene: Scene, belief: BeliefState): PlanningContext {
  skills ??= loadSkillLibrary();
  return { belief, skills, robots: profilesFromScene(scene, REACH, () => scene.rooms[0]?.id ?? null), people: [...belief.people.values()], speaker: scene.people[0]?.id ?? 'alex' };
}

/** The world's end state if every predicate of the goal held: the scene's truth, changed by them. */
export function endState(scene: Scene, goal: Goal, robot: string): TruthView {
  const view = viewFromSnapshot(World.fromScene(scene, { seed: 0 }).truth.snapshot());
  const obj = (id: string) => view.objects.find((o) => o.id === id);
  const agent = view.agents?.find((a) => a.id === robot);
  for (const p of goalPredicates(goal)) apply(view, p, obj, agent);
  return view;
}

function apply(view: TruthView, p: Predicate, obj: (id: string) => TruthView['objects'][number] | undefined, agent: NonNullable<TruthView['agents']>[number] | undefined): void {
  if (p.neg) return;
  const [a = '', b = ''] = p.args;
  const o = obj(a);
  const STATES: Partial<Record<Predicate['pred'], [string, boolean | string]>> = {
    isHot: ['temperature', 'hot'], isCold: ['temperature', 'cold'], isClean: ['clean', true], isDirty: ['clean', false], isSliced: ['sliced', true],
    isFilled: ['filled', true], isOn: ['on', true], isOff: ['on', false], isOpen: ['open', true], isClosed: ['open', false],
  };
  const st = STATES[p.pred];
  if (st && o) o.state[st[0]] = st[1];
  if ((p.pred === 'in' || p.pred === 'on') && o) o.location = { relation: p.pred, target: b };
  if (p.pred === 'heldBy' && o) o.location = { relation: 'held_by', target: b };
  if (p.pred === 'holding' && agent && (a === ANY_ROBOT || a === agent.id)) {
    agent.holding = b;
    const held = obj(b);
    if (held) held.location = { relation: 'held_by', target: agent.id };
  }
  if (p.pred === 'inLight' && o) {
    const lamp = obj(b);
    if (lamp) {
      lamp.state['on'] = true;
      if (lamp.position) o.position = { ...lamp.position };
    }
  }
  if (p.pred === 'near' && agent && (a === ANY_ROBOT || a === agent.id)) {
    const t = obj(b)?.position;
    if (t) Object.assign(agent, { x: t.x, y: t.y });
  }
}

/** Interprets, follows questions and searches as a mission would, plans, and scores the end state. */
export function symbolicOutcome(task: BenchTask): SymbolicOutcome {
  const scene = loadScene(task.sceneText ?? '');
  const ctx = { speaker: scene.people[0]?.id ?? 'alex' };
  let belief = beliefFromScene(scene);
  let result = interpretWithSteps(task.instruction, task.directions ?? [], belief, ctx);
  let questions = 0;
  let searched = false;
  for (let round = 0; round < 4; round++) {
    if (result.kind === 'clarify' && result.pending && result.options[0]) {
      questions++;
      // The benchmark's scripted user: the task's answer for a name the question mentions, else the first option.
      const answer = matchOption(task.answers, result.options) ?? matchAnswer(task.answers, [result.question, ...result.options].join(' \n ')) ?? result.options[0];
      result = continueAfterAnswer(result.pending, answer, belief, ctx) ?? result;
      if (result.kind === 'clarify' && questions > 2) break;
    } else if (result.kind === 'search' && !searched) {
      searched = true;
      belief = searchedBelief(scene);
      result = interpretWithSteps(task.instruction, task.directions ?? [], belief, ctx);
    } else break;
  }
  if (result.kind !== 'goal') return { kind: 'no_goal', result };
  const plan = planGoal(result.goal, planningContext(scene, belief));
  if (plan.kind !== 'plan') return { kind: 'no_plan', reason: plan.reason, goal: result.goal };
  const robot = scene.robots[0]?.id ?? 'rover';
  const view = endState(scene, result.goal, robot);
  const score = scoreGoal(task, view, { delegatedTo: [], succeeded: true });
  if (score.success) return { kind: 'met', questions, searched, goal: result.goal };
  const failed = task.goal.filter((c) => scoreGoal({ goal: [c] }, view, { delegatedTo: [], succeeded: true }).clausesMet === 0).map((c) => JSON.stringify(c.kind === 'pred' ? c.pred : c.kind === 'any' ? c.preds : c.pred));
  return { kind: 'unmet', questions, searched, goal: result.goal, failed };
}
