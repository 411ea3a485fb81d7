import { z } from 'zod';
import { PredicateSchema } from './predicates.js';

export const AssigneeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('robot'), id: z.string().min(1) }),
  z.object({ kind: z.literal('person'), id: z.string().min(1) }),
]);
export type Assignee = z.infer<typeof AssigneeSchema>;

/** One node of a plan DAG: a grounded skill call for one robot or person. */
export const SubgoalSchema = z.object({
  id: z.string().min(1).max(64),
  skill: z.string().min(1),
  args: z.record(z.string(), z.string()),
  assignee: AssigneeSchema,
  dependsOn: z.array(z.string()).default([]),
  /** The instruction the executor receives, rendered from the skill's template. */
  instruction: z.string().min(1),
  /** Grounded success criteria (skill criteria with parameters bound). */
  success: z.object({
    all: z.array(PredicateSchema).min(1),
    consecutive: z.number().int().min(1),
    settleSeconds: z.number().positive(),
    stallSeconds: z.number().positive(),
  }),
  timeoutSeconds: z.number().positive(),
  retries: z.number().int().min(0),
  requiresApproval: z.boolean().default(false),
});
export type Subgoal = z.infer<typeof SubgoalSchema>;

export const PlanSchema = z
  .object({
    id: z.string().min(1),
    version: z.number().int().min(1).default(1),
    subgoals: z.array(SubgoalSchema).min(1).max(200),
  })
  .superRefine((plan, ctx) => {
    const ids = new Set<string>();
    for (const s of plan.subgoals) {
      if (ids.has(s.id)) ctx.addIssue({ code: 'custom', message: `duplicate subgoal id ${s.id}`, path: ['subgoals'] });
      ids.add(s.id);
    }
    for (const s of plan.subgoals) {
      for (const d of s.dependsOn) {
        if (!ids.has(d)) ctx.addIssue({ code: 'custom', message: `${s.id} depends on unknown ${d}`, path: ['subgoals'] });
      }
    }
    if (findCycle(plan.subgoals)) ctx.addIssue({ code: 'custom', message: 'plan has a dependency cycle', path: ['subgoals'] });
  });
export type Plan = z.infer<typeof PlanSchema>;

function findCycle(subgoals: readonly { id: string; dependsOn: readonly string[] }[]): boolean {
  const deps = new Map(subgoals.map((s) => [s.id, s.dependsOn]));
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (id: string): boolean => {
    const st = state.get(id);
    if (st === 'done') return false;
    if (st === 'visiting') return true;
    state.set(id, 'visiting');
    for (const d of deps.get(id) ?? []) if (visit(d)) return true;
    state.set(id, 'done');
    return false;
  };
  return subgoals.some((s) => visit(s.id));
}
