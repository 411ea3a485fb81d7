import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Predicate } from '../../src/domain/index.js';

export interface LiberoTask {
  task: string;
  instruction: string;
  goal_bddl: string;
}

const BDDL_TO_PREDICATE: Readonly<Record<string, Predicate['pred']>> = {
  On: 'on',
  In: 'in',
  Turnon: 'isOn',
  Turnoff: 'isOff',
  Close: 'isClosed',
  Open: 'isOpen',
};

export function liberoTasks(): LiberoTask[] {
  const path = fileURLToPath(new URL('../../datasets/libero10.jsonl', import.meta.url));
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim().length > 0)
    .map((l) => JSON.parse(l) as LiberoTask);
}

/** `(And (On a b) (Turnon c))` → predicates. */
export function bddlGoal(goal: string): Predicate[] {
  const out: Predicate[] = [];
  for (const m of goal.matchAll(/\((On|In|Turnon|Turnoff|Close|Open)\s+([^()\s]+)(?:\s+([^()\s]+))?\)/g)) {
    const pred = BDDL_TO_PREDICATE[m[1] as string];
    if (!pred) throw new Error(`unknown BDDL predicate ${m[1]}`);
    out.push({ pred, args: [m[2], m[3]].filter((a): a is string => a !== undefined) });
  }
  return out;
}
