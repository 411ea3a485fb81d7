import type { Predicate } from './predicates.js';

const BDDL_TO_PREDICATE: Readonly<Record<string, Predicate['pred']>> = {
  On: 'on',
  In: 'in',
  Turnon: 'isOn',
  Turnoff: 'isOff',
  Close: 'isClosed',
  Open: 'isOpen',
};

/**
 * Reads a LIBERO BDDL goal conjunction, e.g. `(And (On moka_pot_1 flat_stove_1_cook_region)
 * (Turnon flat_stove_1))`, as orca predicates over the same ids.
 *
 * @throws Error naming the first BDDL predicate orca has no counterpart for.
 */
export function parseBddlGoal(goal: string): Predicate[] {
  const out: Predicate[] = [];
  for (const m of goal.matchAll(/\((?!And\b)([A-Za-z]+)\s+([^()\s]+)(?:\s+([^()\s]+))?\)/g)) {
    const pred = BDDL_TO_PREDICATE[m[1] as string];
    if (!pred) throw new Error(`BDDL predicate "${m[1]}" has no orca counterpart`);
    out.push({ pred, args: [m[2], m[3]].filter((a): a is string => a !== undefined) });
  }
  return out;
}
