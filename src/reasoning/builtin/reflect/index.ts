import type { FailureCode } from '../../../domain/failures.js';
import { recoveryAdvice } from '../../memory-prior.js';
import type { ReflectionChoice, ReflectionInput } from '../../provider.js';
import { describeFromBelief, enablingCalls, reworded, searchCalls, subjectOf, untriedCapableRobot } from './recover.js';

export { describeFromBelief } from './recover.js';

/** One rung of a recovery ladder. */
export type Rung =
  | 'retry'
  | 'retry_reworded'
  | 'retry_distinguishing'
  | 'insert_enabling'
  | 'insert_search'
  | 'insert_look'
  | 'by_diagnosis'
  | 'replan'
  | 'other_robot'
  | 'delegate'
  | 'ask'
  | 'abort';

/**
 * The recovery policy at a glance (Nav2-style recovery ladders): for each failure code, the rungs
 * tried in order as the same failure repeats on the same call. A rung that does not apply (nothing
 * to insert, no other robot) passes to the next. Retry-like rungs need budget; when it is spent the
 * ladder ends in BUDGET_SPENT.
 */
export const POLICY: Readonly<Record<FailureCode, readonly Rung[]>> = {
  grasp_failed: ['retry', 'retry_reworded', 'other_robot', 'delegate'],
  object_dropped: ['insert_enabling', 'retry', 'delegate'],
  wrong_object: ['retry_distinguishing', 'ask'],
  object_not_found: ['insert_search', 'ask'],
  precondition_unmet: ['insert_enabling', 'replan', 'delegate'],
  stalled: ['retry', 'other_robot', 'delegate'],
  timeout: ['retry', 'other_robot', 'delegate'],
  false_completion: ['by_diagnosis', 'retry', 'retry_reworded', 'delegate'],
  executor_error: ['retry', 'delegate'],
  unsafe_action: ['delegate', 'abort'],
  no_capable_robot: ['delegate', 'abort'],
  uncertain: ['insert_look', 'retry', 'ask'],
  cancelled: ['abort'],
  estopped: ['abort'],
};

/** When the retry budget is spent: another robot once, else the speaker, else give up. */
export const BUDGET_SPENT: readonly Rung[] = ['other_robot', 'delegate', 'abort'];

const RETRY_LIKE = new Set<Rung>(['retry', 'retry_reworded', 'retry_distinguishing', 'insert_enabling', 'insert_search', 'insert_look']);

/** Attempt results that mean the plan was already rebuilt once for this call. */
const REPLANNED = /replan/i;

function rung(r: Rung, input: ReflectionInput, code: FailureCode): ReflectionChoice | null {
  const { call, context: ctx } = input;
  const what = `${call.skill} (${call.id})`;
  const subject = subjectOf(call);
  const thing = subject !== undefined ? describeFromBelief(ctx.belief, subject) : 'the object';
  switch (r) {
    case 'retry':
      return { kind: 'retry', why: `${what} failed with ${code}; a fresh attempt often succeeds, so it is retried as is.` };
    case 'retry_reworded': {
      const instruction = reworded(input, false);
      return instruction ? { kind: 'retry_reworded', instruction, why: `${what} failed with ${code} again; the policy gets another trained phrasing of the same skill.` } : null;
    }
    case 'retry_distinguishing': {
      const instruction = reworded(input, true);
      if (instruction) return { kind: 'retry_reworded', instruction, why: `${what} acted on a similar object; the instruction now names what sets ${thing} apart.` };
      // The instruction already said what sets it apart (or nothing looks like it): the policy simply took the wrong thing.
      return { kind: 'retry', why: `${what} acted on another object although the instruction already named what sets ${thing} apart; it is retried as is.` };
    }
    case 'insert_enabling': {
      const fix = enablingCalls(input);
      return fix ? { kind: 'insert', calls: fix.calls, why: `${what} cannot run while ${fix.unmet.join(' and ')} ${fix.unmet.length > 1 ? 'are' : 'is'} not true in the belief; the inserted calls make ${fix.unmet.length > 1 ? 'them' : 'it'} true, then it runs again.` } : null;
    }
    case 'insert_search': {
      const found = searchCalls(input);
      return found ? { kind: 'insert', calls: found.calls, why: `${thing} was not seen; it may be in a closed container no robot has looked into (${found.where.join(', ')}), so those are searched first.` } : null;
    }
    case 'insert_look': {
      if (call.assignee.kind !== 'robot' || subject === undefined || !ctx.skills.has('look_around')) return null;
      const robot = ctx.robots.find((x) => x.id === call.assignee.id);
      if (robot?.kind !== 'mobile_manipulator' || !robot.capabilities.includes('navigate')) return null;
      const look = { id: `look_${call.id}`.slice(0, 64), skill: 'look_around', args: { location: subject }, assignee: { ...call.assignee }, dependsOn: [] };
      return { kind: 'insert', calls: [look], why: `the outcome of ${what} could not be observed; ${call.assignee.id} looks at ${thing} before judging again.` };
    }
    case 'by_diagnosis': {
      const d = input.failure.diagnosis;
      if (d === undefined || d === 'false_completion') return null;
      const choice = decide({ ...input, failure: { ...input.failure, code: d } }, d);
      return { ...choice, why: `The executor claimed success, but the verifier diagnosed ${d}. ${choice.why}` };
    }
    case 'replan':
      return { kind: 'replan', why: `${what} cannot be enabled by inserting calls for ${call.assignee.id}; the rest of the mission is planned again from the current belief.` };
    case 'other_robot': {
      if (input.attempts.some((a) => REPLANNED.test(a.result))) return null;
      const other = untriedCapableRobot(input);
      return other ? { kind: 'replan', why: `${what} keeps failing on ${call.assignee.id}, but ${other} can also run ${call.skill}; replanning lets it take over.` } : null;
    }
    case 'delegate': {
      const person = ctx.speaker;
      if (!person || call.assignee.kind === 'person') return null;
      // A person who already took this on and could not (or declined) is not asked the same again.
      if (input.attempts.some((a) => a.assignee === `person:${person}` || a.assignee === person)) return null;
      return { kind: 'delegate', person, why: `${what} failed with ${code} and the robots have no better option; ${describeFromBelief(ctx.belief, person)} is asked to do it.` };
    }
    case 'ask':
      return code === 'wrong_object'
        ? { kind: 'ask', question: `Which ${thing} did you mean? Several look alike.`, why: `${what} keeps taking a look-alike of ${thing}; the person can say which one.` }
        : { kind: 'ask', question: `Where is the ${thing}? The robots could not find it.`, why: `${thing} is nowhere the robots have looked and there is nowhere left to search.` };
    case 'abort':
      return {
        kind: 'abort',
        reason: code === 'cancelled' || code === 'estopped' ? `${what} was stopped (${code}).` : `${what} failed with ${code} and no recovery is left.`,
        why: code === 'cancelled' || code === 'estopped' ? 'A stop by a person is never overridden by retrying.' : `Every rung of the ${code} recovery ladder was tried or does not apply.`,
      };
  }
}

/**
 * A robot's call about a thing a person now holds (they took over an earlier step, or were handed
 * it) cannot succeed by retrying or searching: the rest of the mission is planned again from there,
 * once.
 */
function withPerson(input: ReflectionInput): ReflectionChoice | null {
  const { call, context: ctx, failure } = input;
  if (call.assignee.kind !== 'robot' || failure.code === 'cancelled' || failure.code === 'estopped') return null;
  if (input.attempts.some((a) => REPLANNED.test(a.result))) return null;
  const subject = subjectOf(call);
  const holder = subject !== undefined ? ctx.belief.get(subject)?.heldBy : undefined;
  if (!holder || !ctx.people.some((p) => p.id === holder)) return null;
  const thing = describeFromBelief(ctx.belief, subject ?? '');
  return {
    kind: 'replan',
    why: `${call.skill} (${call.id}) failed with ${failure.code} because ${thing} is with ${describeFromBelief(ctx.belief, holder)} now; the rest of the mission is planned again from there.`,
  };
}

/**
 * What the site's memory says about this failure of this skill on this type of object: the recovery
 * that worked before is tried first, and one that keeps failing is skipped while another rung applies.
 */
function remembered(input: ReflectionInput, code: FailureCode, ladder: readonly Rung[], budget: boolean): ReflectionChoice | null {
  if (input.history?.failure !== code) return null;
  const { preferred, skip } = recoveryAdvice(input.history);
  if (!preferred && skip.size === 0) return null;
  const rungs = [...new Set([...ladder, ...BUDGET_SPENT])].filter((r) => budget || !RETRY_LIKE.has(r));
  const choices = rungs.map((r) => rung(r, input, code)).filter((c): c is ReflectionChoice => c !== null && c.kind !== 'abort');
  const worked = choices.find((c) => c.kind === preferred);
  if (worked) return { ...worked, why: `${worked.why} It worked before after this failure (site memory).` };
  const first = ladder.map((r) => rung(r, input, code)).find((c) => c !== null);
  if (!first || !skip.has(first.kind)) return null;
  const other = choices.find((c) => !skip.has(c.kind));
  return other ? { ...other, why: `${other.why} ${first.kind} keeps failing after this failure (site memory), so it is skipped.` } : null;
}

function decide(input: ReflectionInput, code: FailureCode): ReflectionChoice {
  const ladder = POLICY[code];
  const repeats = input.attempts.filter((a) => a.failureCode === code).length;
  const start = Math.max(0, repeats - 1);
  const budget = input.remainingRetries > 0;
  const fromMemory = remembered(input, code, ladder.slice(Math.min(start, ladder.length - 1)), budget);
  if (fromMemory) return fromMemory;
  for (const r of ladder.slice(Math.min(start, ladder.length - 1))) {
    if (RETRY_LIKE.has(r) && !budget) continue;
    const choice = rung(r, input, code);
    if (choice) return budget ? choice : { ...choice, why: `The retry budget is spent. ${choice.why}` };
  }
  for (const r of BUDGET_SPENT) {
    const choice = rung(r, input, code);
    if (choice) return budget ? choice : { ...choice, why: `The retry budget is spent. ${choice.why}` };
  }
  return { kind: 'abort', reason: `${input.call.skill} (${input.call.id}) failed with ${code}.`, why: 'No recovery applies.' };
}

/**
 * Rule-based reflection: the failure code picks a ladder from POLICY; how often the same failure
 * already happened on this call picks the rung; the retry budget and the belief decide whether the
 * rung applies. Every choice says why.
 */
export function reflect(input: ReflectionInput): ReflectionChoice {
  try {
    return withPerson(input) ?? decide(input, input.failure.code);
  } catch (err) {
    const speaker = input.context.speaker;
    const why = `Reflection could not reason about the failure (${err instanceof Error ? err.message : String(err)}).`;
    return speaker ? { kind: 'delegate', person: speaker, why } : { kind: 'abort', reason: `${input.call.id} failed with ${input.failure.code}.`, why };
  }
}
