import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import type { Predicate } from '../src/domain/predicates.js';
import type { Scene } from '../src/world/index.js';
import type { BenchTask, Clause } from './schema.js';

const VocabSchema = z.object({ objects: z.record(z.string(), z.array(z.string())), locations: z.record(z.string(), z.array(z.string())) }).strict();
type Vocab = z.infer<typeof VocabSchema>;

export const SaycanRowSchema = z.object({ row: z.number().int(), file: z.string(), instruction: z.string().min(1), plan: z.string().optional() }).passthrough();
export type SaycanRow = z.infer<typeof SaycanRowSchema>;

const norm = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]/g, '');

export function loadVocab(path: string): Vocab {
  return VocabSchema.parse(parse(readFileSync(path, 'utf8')));
}

function resolver(scene: Scene, table: Record<string, string[]>) {
  return (noun: string): string[] => {
    const types = (table[noun] ?? [noun]).map(norm);
    return scene.entities.filter((e) => types.includes(norm(e.type)) || (e.name !== undefined && types.includes(norm(e.name)))).map((e) => e.id);
  };
}

/** The plan's steps without numbering: "1. find an apple, 2. pick up the apple, 3. done". */
export function planSteps(plan: string): string[] {
  return plan
    .split(/\d+\.\s*/)
    .map((s) => s.trim().replace(/[,.]+$/, '').trim())
    .filter((s) => s.length > 0);
}

const STEP = /^(find|pick up|put down|go to|open|close)\s+(?:(?:a|an|the)\s+)?(.+)$/;

/**
 * A goal from a SayCan gold plan, or the reason it cannot be expressed. "pick up X … bring it to you
 * … put down X" delivers X to the speaker; "pick up X, go to L, put down X" puts X at L; a plan that
 * ends holding X is a holding goal; "go to L, done" is a navigation goal.
 */
export function saycanGoal(plan: string, scene: Scene, vocab: Vocab, speaker: string): { goal: Clause[]; steps: number } | { skip: string } {
  const obj = resolver(scene, vocab.objects);
  const loc = resolver(scene, vocab.locations);
  const robots = scene.robots.map((r) => r.id);
  // Only a robot that drives can be "at" a place; a fixed arm may start next to one.
  const movers = scene.robots.filter((r) => r.capabilities.includes('navigate')).map((r) => r.id);
  const steps = planSteps(plan);
  const goal: Clause[] = [];
  let held: string | null = null;
  let heldIds: string[] = [];
  let at: string[] | null = null;
  let delivering = false;
  let lastNav: string[] | null = null;
  const any = (preds: Predicate[]): Clause => (preds.length === 1 ? { kind: 'pred', pred: preds[0]! } : { kind: 'any', preds: preds.map((p) => [p]) });
  for (const raw of steps) {
    const s = raw.toLowerCase();
    if (s.startsWith('done')) break;
    if (s === 'bring it to you') {
      delivering = true;
      continue;
    }
    const m = STEP.exec(s);
    if (!m) return { skip: `step "${raw}"` };
    const [, verb, noun = ''] = m;
    if (verb === 'find') continue;
    if (verb === 'open' || verb === 'close') {
      if (loc(noun).length === 0) return { skip: `no ${noun}` };
      continue;
    }
    if (verb === 'go to') {
      const ids = loc(noun);
      if (ids.length === 0) return { skip: `no ${noun}` };
      at = ids;
      lastNav = ids;
      continue;
    }
    const ids = obj(noun);
    if (ids.length === 0) return { skip: `no ${noun}` };
    if (verb === 'pick up') {
      held = noun;
      heldIds = ids;
      at = null;
      delivering = false;
      continue;
    }
    // put down
    if (held === null) return { skip: 'put down before pick up' };
    if (delivering) goal.push(any(heldIds.map((id) => ({ pred: 'heldBy', args: [id, speaker] }))));
    else if (at) {
      const dest = at;
      const rel = (d: string): 'in' | 'on' => (/garbage|drawer|box|bowl|cabinet|fridge/i.test(scene.entities.find((e) => e.id === d)?.type ?? '') ? 'in' : 'on');
      goal.push(any(heldIds.flatMap((id) => dest.map((d) => ({ pred: rel(d), args: [id, d] })))));
    } else return { skip: 'put down where?' };
    held = null;
    heldIds = [];
    lastNav = null;
  }
  if (held !== null) goal.push(any(heldIds.flatMap((id) => robots.map((r) => ({ pred: 'holding' as const, args: [r, id] })))));
  if (goal.length === 0 && lastNav) goal.push(any(lastNav.flatMap((d) => movers.map((r) => ({ pred: 'near' as const, args: [r, d] })))));
  if (goal.length === 0) return { skip: 'no goal' };
  return { goal, steps: Math.max(1, steps.filter((s) => !s.startsWith('done')).length) };
}

export function saycanTasks(rows: readonly SaycanRow[], scene: Scene, vocab: Vocab, speaker: string): { tasks: BenchTask[]; considered: number } {
  const withPlan = rows.filter((r) => typeof r.plan === 'string');
  const tasks: BenchTask[] = [];
  for (const r of withPlan) {
    const g = saycanGoal(r.plan!, scene, vocab, speaker);
    if ('skip' in g) continue;
    tasks.push({
      id: `saycan-${r.row}`,
      family: 'saycan',
      tags: ['saycan'],
      scene: scene.name,
      instruction: r.instruction,
      steps: g.steps,
      ambiguous: false,
      answers: {},
      goal: g.goal,
      source: `datasets/saycan.jsonl ${r.file} row ${r.row}`,
    });
  }
  return { tasks, considered: withPlan.length };
}
