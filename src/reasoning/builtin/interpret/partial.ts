import { buildGoal } from './build.js';
import type { BuildResult } from './build.js';
import type { Clause } from './clauses.js';
import type { GroundContext } from './ground.js';

/** A clause set aside: what it asked for could not be found or named. */
export interface SetAside {
  clause: number;
  reason: string;
}

export interface DoableResult {
  result: BuildResult;
  setAside: SetAside[];
}

/** Outcomes that end the interpretation whatever else the request says: a refusal, a real question, a search. */
function decisive(r: BuildResult): boolean {
  if (r.kind === 'goal' || r.kind === 'search') return true;
  if (r.kind === 'clarify') return r.options.length >= 2;
  return r.reason.startsWith('refuse:');
}

/**
 * Builds the goal of every clause that can be built. A long request ("take the whisk from the
 * cabinet, mix the batter, then put the bowl in the fridge") is not lost because one of its clauses
 * names something orca cannot find or name: that clause is set aside with its reason, and the rest
 * is done. A refusal, a question with candidates, or a search still decides the whole request. When
 * no clause can be built, the first clause's failure is the answer.
 */
export function buildDoable(clauses: readonly Clause[], ctx: GroundContext): DoableResult {
  // Trials ground on copies: only the result returned leaves its references and choice notes behind.
  const attempt = (cs: readonly Clause[]): BuildResult => buildGoal(cs, { ...ctx, discourse: [...ctx.discourse], notes: [] });
  const whole = attempt(clauses);
  if (decisive(whole) || clauses.length <= 1) return { result: buildGoal(clauses, ctx), setAside: [] };
  const kept: Clause[] = [];
  const setAside: SetAside[] = [];
  let first: BuildResult | null = null;
  for (const [i, c] of clauses.entries()) {
    const trial = attempt([...kept, c]);
    if ((trial.kind === 'clarify' && trial.options.length >= 2) || trial.kind === 'search' || (trial.kind === 'not_found' && trial.reason.startsWith('refuse:'))) {
      return { result: buildGoal([...kept, c], ctx), setAside };
    }
    if (trial.kind === 'goal') {
      kept.push(c);
      continue;
    }
    first ??= trial;
    setAside.push({ clause: i, reason: trial.kind === 'not_found' ? trial.reason : trial.question });
  }
  // A clause that only names things (its verb is not orca's) asks for nothing: alone it makes nothing doable.
  if (kept.every((c) => c.mention === true)) return { result: first ?? whole, setAside: [] };
  if (kept[0]) kept[0] = { ...kept[0], newStep: false };
  // Grounded on the real discourse this time, so later readers see what these clauses referred to.
  return { result: buildGoal(kept, ctx), setAside };
}
