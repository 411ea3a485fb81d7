import { z } from 'zod';
import { PredicateSchema } from '../domain/predicates.js';
import type { Predicate } from '../domain/predicates.js';

/** Stands for "any robot" in predicates such as `holding(*, x)`; the planner binds it. */
export const ANY_ROBOT = '*';

/** One step of a goal: a conjunction of ground predicates that must hold together. */
export const GoalStepSchema = z.object({ conjuncts: z.array(PredicateSchema) });
export type GoalStep = z.infer<typeof GoalStepSchema>;

/** Steps are ordered where the user said "then" / "after that" / a comma between actions. */
export const GoalSchema = z.object({ steps: z.array(GoalStepSchema) });
export type Goal = z.infer<typeof GoalSchema>;

/** The predicates of every step, in order, without duplicates. */
export function goalPredicates(goal: Goal): Predicate[] {
  const seen = new Set<string>();
  const out: Predicate[] = [];
  for (const step of goal.steps) {
    for (const p of step.conjuncts) {
      const key = `${p.neg ? '!' : ''}${p.pred}(${p.args.join(',')})`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(p);
    }
  }
  return out;
}

/** What a referring expression of the instruction was grounded to. */
export interface Grounding {
  text: string;
  ids: string[];
  /** Which mention of the instruction it grounds (the key clarification choices are stored under). */
  mentionKey?: string;
  /**
   * How sure the grounding is: the probability of the chosen class of candidates (1 when nothing
   * else fit). orca asks instead of choosing when the calibrated rule says so (interpret/asking.ts).
   */
  confidence?: number;
}

/** One candidate offered in a clarification question. */
export interface ClarifyOption {
  label: string;
  ids: string[];
}

/**
 * What is needed to continue after a clarification: the instruction, the choices already made
 * (mention key → ids), the mention being asked about and its candidates.
 */
export interface PendingClarification {
  instruction: string;
  mentionKey: string;
  headType: string;
  options: ClarifyOption[];
  choices: Record<string, string[]>;
}

export type Interpretation =
  /**
   * `notes` tell the person what orca decided on its own and what it set aside: a sensible choice it
   * made without asking, a verb it has no skill for, a thing it could not find in a longer request.
   */
  | { kind: 'goal'; goal: Goal; groundings: Grounding[]; notes?: string[] }
  | { kind: 'clarify'; question: string; options: string[]; pending: PendingClarification | null }
  | { kind: 'search'; goal?: Goal; search: { type: string; containers: string[] } }
  | { kind: 'refuse'; reason: string }
  | { kind: 'not_found'; reason: string }
  /**
   * Nothing in the request is something orca can do: `unknown` names the verb it has no skill for
   * and the things it knows nothing of, `reason` says so in a sentence (no full stop); `closest` names
   * orca's own verbs nearest to the one it has no skill for ("bake" → heat), nearest first.
   */
  | { kind: 'not_understood'; unknown: string[]; reason: string; closest?: string[] };
