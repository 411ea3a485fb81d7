import type { HumanRequestView, HumanResponse } from '../agents/orchestrator/types.js';
import type { BenchTask } from './schema.js';

export interface UserTally {
  /** Clarification and failure questions orca asked. */
  questions: number;
  /** Questions none of the task's scripted answers matched. */
  irrelevant: number;
  approvals: number;
  delegations: number;
  /** Delegations the scripted person declined (work the task does not expect from a person). */
  declined: number;
  delegatedTo: string[];
}

export const emptyTally = (): UserTally => ({ questions: 0, irrelevant: 0, approvals: 0, delegations: 0, declined: 0, delegatedTo: [] });

/**
 * The scripted user of a task: answers a question only with what the task says for a key the
 * question (or its options) mentions; approves gated skills as an operator; reports delegated work
 * done as the assigned person only when the task expects that person's work (else declines). Anything else is an irrelevant question: counted, then answered with
 * "you choose" so a baseline is not stuck on it.
 */
export function scriptedResponse(task: Pick<BenchTask, 'answers' | 'goal'>, req: HumanRequestView, tally: UserTally): HumanResponse {
  if (req.kind === 'approval') {
    tally.approvals++;
    return { type: 'accept', by: 'operator' };
  }
  if (req.kind === 'delegation') {
    tally.delegations++;
    const person = req.assignedTo ?? 'alex';
    // A person takes on only what the task expects of a person: recovery work handed to the speaker
    // is declined, so success measures what the robots achieve, and orca has to cope with a refusal.
    const expected = task.goal.some((c) => c.kind === 'person' && c.person === person);
    if (!expected) {
      tally.declined++;
      return { type: 'ignore', reason: `${person} cannot do that now`, by: person };
    }
    if (!tally.delegatedTo.includes(person)) tally.delegatedTo.push(person);
    return { type: 'accept', by: person };
  }
  tally.questions++;
  const answer = matchOption(task.answers, req.options) ?? matchAnswer(task.answers, [req.question, ...req.options].join(' \n '));
  if (answer !== null) return { type: 'respond', text: answer, by: 'alex' };
  tally.irrelevant++;
  const first = req.options[0];
  return first !== undefined ? { type: 'respond', text: first, by: 'alex' } : { type: 'ignore', reason: 'not relevant to the task', by: 'alex' };
}

/**
 * The one option that names what the task means: the option holding the longest scripted key, when no
 * other option holds a key that long ("the coffee table" among "the coffee table" and "the side table"
 * for the key "coffee table"). Null when no option, or more than one, does.
 */
export function matchOption(answers: Readonly<Record<string, string>>, options: readonly string[]): string | null {
  const longest = options.map((o) => Math.max(0, ...Object.keys(answers).filter((k) => matchAnswer({ [k]: k }, o) !== null).map((k) => k.length)));
  const best = Math.max(0, ...longest);
  const at = longest.flatMap((n, i) => (n === best && best > 0 ? [i] : []));
  return at.length === 1 ? options[at[0]!]! : null;
}

/** The answer whose key appears as a word in the text (longest key first), or null. */
export function matchAnswer(answers: Readonly<Record<string, string>>, text: string): string | null {
  const lower = text.toLowerCase();
  const keys = Object.keys(answers).sort((a, b) => b.length - a.length);
  for (const k of keys) {
    const re = new RegExp(`\\b${k.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}s?\\b`);
    if (re.test(lower)) return answers[k]!;
  }
  return null;
}
