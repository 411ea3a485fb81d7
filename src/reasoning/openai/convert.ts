import { PredicateSchema, formatPredicate } from '../../domain/predicates.js';
import type { Predicate } from '../../domain/predicates.js';
import type { BeliefState } from '../belief.js';
import { ANY_ROBOT } from '../goal.js';
import type { ClarifyOption, Goal, Grounding, Interpretation, PendingClarification } from '../goal.js';
import { decideFor, normalise } from '../ask-rule.js';
import type { AskDecision } from '../ask-rule.js';
import { MessageIntentSchema, ProposedCallSchema, ReflectionChoiceSchema } from '../provider.js';
import type { AnswerReading, MessageIntent, ProposedCall, ReflectionChoice } from '../provider.js';
import type { WireAnswer, WireCall, WireIntent, WireInterpretation, WireReflection } from './schemas.js';

/**
 * Turns the model's wire objects into domain values, checking everything the model could have made
 * up. A failure lists problems worded for the model, so they can be fed back in a repair round.
 */
export type Checked<T> = { ok: true; value: T } | { ok: false; problems: string[] };

const fail = <T>(problems: string[]): Checked<T> => ({ ok: false, problems });

/** Ids a goal may name: believed entities and regions, robots, people, rooms, and `*` (any robot). */
export function isKnownId(belief: BeliefState, id: string): boolean {
  return (
    id === ANY_ROBOT ||
    belief.entities.has(id) ||
    belief.region(id) !== undefined ||
    belief.robots.has(id) ||
    belief.people.has(id) ||
    belief.rooms.some((r) => r.id === id)
  );
}

function checkGoal(steps: WireInterpretation['steps'], belief: BeliefState, problems: string[]): Goal {
  const goal: Goal = { steps: [] };
  for (const [i, step] of (steps ?? []).entries()) {
    const conjuncts: Predicate[] = [];
    for (const raw of step.conjuncts) {
      const parsed = PredicateSchema.safeParse(raw.neg ? raw : { pred: raw.pred, args: raw.args });
      if (!parsed.success) {
        problems.push(`step ${i + 1}: ${raw.pred}(${raw.args.join(', ')}) has the wrong number of arguments`);
        continue;
      }
      for (const a of parsed.data.args) {
        if (!isKnownId(belief, a)) problems.push(`step ${i + 1}: ${formatPredicate(parsed.data)} names "${a}", which is not an id in the belief state`);
      }
      conjuncts.push(parsed.data);
    }
    if (conjuncts.length > 0) goal.steps.push({ conjuncts });
  }
  return goal;
}

function checkIds(ids: readonly string[], belief: BeliefState, what: string, problems: string[]): void {
  for (const id of ids) if (!isKnownId(belief, id)) problems.push(`${what} names "${id}", which is not an id in the belief state`);
}

export function toInterpretation(w: WireInterpretation, belief: BeliefState, instruction: string, choices: Record<string, string[]>): Checked<Interpretation> {
  const problems: string[] = [];
  switch (w.kind) {
    case 'goal': {
      const goal = checkGoal(w.steps, belief, problems);
      if (goal.steps.length === 0) problems.push('a goal needs at least one step with at least one predicate');
      const groundings: Grounding[] = [];
      for (const g of w.groundings ?? []) {
        checkIds(g.ids, belief, `grounding "${g.text}"`, problems);
        const decided = decideGrounding(g, belief, problems);
        if (decided?.kind === 'ask') return problems.length ? fail(problems) : { ok: true, value: askAbout(g.text, decided, belief, instruction, choices) };
        groundings.push({ text: g.text, ids: [...g.ids], ...(decided ? { confidence: decided.confidence } : {}) });
      }
      return problems.length ? fail(problems) : { ok: true, value: { kind: 'goal', goal, groundings } };
    }
    case 'search': {
      if (!w.search || !w.search.type) return fail(['a search needs search.type and search.containers']);
      const unknown = new Set([...belief.unknowns(), ...belief.unvisitedRooms()].map((u) => u.id));
      for (const c of w.search.containers) {
        if (!unknown.has(c)) problems.push(`search container "${c}" is not a closed container never seen inside nor a room no robot has been in`);
      }
      if (w.search.containers.length === 0) problems.push('a search needs at least one container');
      const goal = w.steps && w.steps.length ? checkGoal(w.steps, belief, []) : null;
      const search = { type: w.search.type, containers: [...w.search.containers] };
      if (problems.length) return fail(problems);
      // The searched object has no id yet, so a goal that names it cannot be checked; keep only a clean one.
      return { ok: true, value: goal && goal.steps.length ? { kind: 'search', goal, search } : { kind: 'search', search } };
    }
    case 'clarify': {
      if (!w.question?.trim()) problems.push('a clarification needs a question');
      const options: ClarifyOption[] = (w.options ?? []).map((o) => ({ label: o.label, ids: [...o.ids] }));
      if (options.length < 2) problems.push('a clarification needs at least two options');
      // orca, not the model, decides to ask: a question must come from scored readings that call for one.
      const scored = (w.groundings ?? []).find((g) => (g.candidates ?? []).length >= 2);
      if (scored) {
        const decided = decideGrounding({ ...scored, ids: [] }, belief, []);
        if (decided?.kind === 'choose') problems.push(`the scores of "${scored.text}" make "${decided.chosen.label}" clear: return kind "goal" with it instead of asking`);
        else if (decided && problems.length === 0) return { ok: true, value: askAbout(scored.text, decided, belief, instruction, choices) };
      }
      for (const o of options) {
        if (o.ids.length === 0) problems.push(`option "${o.label}" names no id`);
        checkIds(o.ids, belief, `option "${o.label}"`, problems);
      }
      if (problems.length) return fail(problems);
      const pending: PendingClarification = {
        instruction,
        mentionKey: `model:${Object.keys(choices).length + 1}`,
        headType: belief.get(options[0]?.ids[0] ?? '')?.type ?? '',
        options,
        choices: { ...choices },
      };
      return { ok: true, value: { kind: 'clarify', question: w.question ?? '', options: options.map((o) => o.label), pending } };
    }
    case 'refuse':
    case 'not_found':
      return w.reason?.trim() ? { ok: true, value: { kind: w.kind, reason: w.reason } } : fail([`"${w.kind}" needs a reason`]);
  }
}

type WireGrounding = NonNullable<WireInterpretation['groundings']>[number];

/**
 * The calibrated rule over a model's scored readings of a phrase: a question when two or more are
 * in the prediction set, else the reading chosen, which must be the ids the goal used.
 */
function decideGrounding(g: WireGrounding, belief: BeliefState, problems: string[]): AskDecision | null {
  const cands = (g.candidates ?? []).filter((c) => c.ids.length > 0);
  if (cands.length < 2) return null;
  for (const c of cands) checkIds(c.ids, belief, `candidate "${c.label}" of "${g.text}"`, problems);
  const p = normalise(cands.map((c) => c.score));
  const decision = decideFor(g.text, cands.map((c, i) => ({ ids: [...c.ids], label: c.label, p: p[i]! })));
  const same = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((x) => b.includes(x));
  if (decision.kind === 'choose' && !same(decision.chosen.ids, g.ids)) {
    problems.push(`grounding "${g.text}": its ids are not its best-scored candidate ("${decision.chosen.label}")`);
  }
  return decision;
}

/** orca's question about a phrase, offering the readings in the prediction set. */
function askAbout(text: string, d: AskDecision, belief: BeliefState, instruction: string, choices: Record<string, string[]>): Interpretation {
  const options: ClarifyOption[] = d.classes.map((c) => ({ label: c.label, ids: c.ids }));
  const labels = options.map((o) => o.label);
  const list = labels.length === 2 ? `${labels[0]} or ${labels[1]}` : `${labels.slice(0, -1).join(', ')} or ${labels[labels.length - 1]}`;
  const head = text.replace(/^(the|a|an|some|any)\s+/i, '');
  const pending: PendingClarification = { instruction, mentionKey: `model:${Object.keys(choices).length + 1}`, headType: belief.get(options[0]?.ids[0] ?? '')?.type ?? '', options, choices: { ...choices } };
  return { kind: 'clarify', question: `Which ${head} — ${list}?`, options: labels, pending };
}

/** A wire call as a ProposedCall; problems for duplicate argument names or an empty field. */
export function toCall(w: WireCall, problems: string[]): ProposedCall | null {
  const args: Record<string, string> = {};
  for (const a of w.args) {
    if (a.name in args) problems.push(`call ${w.id}: argument "${a.name}" given twice`);
    args[a.name] = a.value;
  }
  const parsed = ProposedCallSchema.safeParse({ id: w.id, skill: w.skill, args, assignee: w.assignee, dependsOn: w.dependsOn });
  if (!parsed.success) {
    problems.push(`call ${w.id || '(no id)'}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    return null;
  }
  return parsed.data;
}

export function toCalls(ws: readonly WireCall[]): Checked<ProposedCall[]> {
  const problems: string[] = [];
  const calls = ws.map((w) => toCall(w, problems)).filter((c): c is ProposedCall => c !== null);
  const ids = new Set<string>();
  for (const c of calls) {
    if (ids.has(c.id)) problems.push(`call id "${c.id}" is used twice`);
    ids.add(c.id);
  }
  return problems.length ? fail(problems) : { ok: true, value: calls };
}

export function toReflection(w: WireReflection): Checked<ReflectionChoice> {
  const problems: string[] = [];
  let candidate: unknown;
  switch (w.kind) {
    case 'retry':
    case 'replan':
      candidate = { kind: w.kind, why: w.why };
      break;
    case 'retry_reworded':
      candidate = { kind: w.kind, instruction: w.instruction, why: w.why };
      break;
    case 'insert': {
      const calls = toCalls(w.calls ?? []);
      if (!calls.ok) problems.push(...calls.problems);
      candidate = { kind: w.kind, calls: calls.ok ? calls.value : [], why: w.why };
      break;
    }
    case 'delegate':
      candidate = { kind: w.kind, person: w.person, why: w.why };
      break;
    case 'ask':
      candidate = { kind: w.kind, question: w.question, why: w.why };
      break;
    case 'abort':
      candidate = { kind: w.kind, reason: w.reason, why: w.why };
      break;
  }
  const parsed = ReflectionChoiceSchema.safeParse(candidate);
  if (!parsed.success) problems.push(...parsed.error.issues.map((i) => `${i.path.join('.') || w.kind}: ${i.message}`));
  return problems.length || !parsed.success ? fail(problems) : { ok: true, value: parsed.data };
}

export function toIntent(w: WireIntent): Checked<MessageIntent> {
  const candidate =
    w.kind === 'correction'
      ? { kind: w.kind, text: w.text, referent: w.referent }
      : w.kind === 'new_goal'
        ? { kind: w.kind, text: w.text, mode: w.mode }
        : w.kind === 'question'
          ? { kind: w.kind, text: w.text, about: w.about }
          : { kind: w.kind, text: w.text };
  const parsed = MessageIntentSchema.safeParse(candidate);
  return parsed.success ? { ok: true, value: parsed.data } : fail(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
}

export function toAnswer(w: WireAnswer, pending: PendingClarification): Checked<AnswerReading> {
  if (w.kind === 'unresolved') return { ok: true, value: { kind: 'unresolved', reason: w.reason?.trim() || 'the answer does not pick an option' } };
  const picked = w.options.map((i) => (Number.isInteger(i) ? pending.options[i] : undefined));
  if (picked.length === 0 || picked.some((o) => o === undefined)) return fail([`options must be indices 0..${pending.options.length - 1}`]);
  const ids = [...new Set(picked.flatMap((o) => o?.ids ?? []))];
  return { ok: true, value: { kind: 'chosen', ids } };
}
