/**
 * The alfred-train suite scored symbolically, for development (bench/alfred/symbolic.ts): each record's
 * sentence (and, with steps, its directions) read on its generated scene, planned, and the goal's end
 * state checked against ALFRED's gold goal. Seconds, not the minutes the benchmark's missions take.
 *
 *   npx tsx scripts/alfred-dev.ts [--half dev|report|both] [--variant sentence|steps|both] [--failures] [--type heat]
 *
 * `--failures` lists what failed, on the dev half only: the report half is measured, never studied.
 */
import { fileURLToPath } from 'node:url';
import { goalPredicates } from '../src/reasoning/index.js';
import type { Interpretation } from '../src/reasoning/index.js';
import { loadAlfredTrain } from '../bench/alfred/suite.js';
import type { AlfredVariant } from '../bench/alfred/suite.js';
import { symbolicOutcome } from '../bench/alfred/symbolic.js';
import type { SymbolicOutcome } from '../bench/alfred/symbolic.js';
import type { BenchTask } from '../bench/schema.js';
import type { Half } from '../bench/split.js';

export interface SymbolicFigures {
  half: Half;
  variant: AlfredVariant;
  met: number;
  total: number;
  /** Outcome category → count (see `category`). */
  failures: Record<string, number>;
  lines: string[];
}

/** One word for why a task failed: the interpretation's kind, no plan, or the first gold part not met. */
export function category(o: SymbolicOutcome): string {
  if (o.kind === 'met') return 'met';
  if (o.kind === 'no_plan') return 'no plan';
  if (o.kind === 'no_goal') return o.result.kind === 'clarify' ? 'question loop' : o.result.kind;
  const f = o.failed.join(' ');
  if (/"isSliced"/.test(f)) return 'slicing';
  if (/"is(Hot|Cold|Clean)"/.test(f)) return 'state change';
  if (/"inLight"|"holding"/.test(f)) return 'light';
  return 'placement';
}

function describe(r: Interpretation): string {
  if (r.kind === 'goal') return goalPredicates(r.goal).map((p) => `${p.pred}(${p.args.join(',')})`).join(' ');
  if (r.kind === 'clarify') return r.question;
  if (r.kind === 'search') return `search ${r.search.type}`;
  return r.reason;
}

export function symbolicFigures(tasks: readonly BenchTask[], half: Half, variant: AlfredVariant, withLines = false): SymbolicFigures {
  const chosen = tasks.filter((t) => t.tags.includes(half) && t.tags.includes(variant));
  const out: SymbolicFigures = { half, variant, met: 0, total: chosen.length, failures: {}, lines: [] };
  for (const t of chosen) {
    const o = symbolicOutcome(t);
    const c = category(o);
    if (c === 'met') {
      out.met++;
      continue;
    }
    out.failures[c] = (out.failures[c] ?? 0) + 1;
    if (withLines && half === 'dev') {
      const said = o.kind === 'no_goal' ? describe(o.result) : o.kind === 'no_plan' ? `${o.reason} ← ${describe({ kind: 'goal', goal: o.goal, groundings: [] })}` : describe({ kind: 'goal', goal: o.goal, groundings: [] });
      out.lines.push(`[${c}] ${t.tags[3] ?? ''} ${t.id} | ${t.instruction} → ${said}${o.kind === 'unmet' ? `   gold unmet: ${o.failed.join(' ')}` : ''}`);
    }
  }
  return out;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const arg = (name: string, dflt: string): string => {
    const i = process.argv.indexOf(name);
    return i >= 0 ? (process.argv[i + 1] ?? dflt) : dflt;
  };
  const halves: Half[] = arg('--half', 'dev') === 'both' ? ['dev', 'report'] : [arg('--half', 'dev') as Half];
  const variants: AlfredVariant[] = arg('--variant', 'both') === 'both' ? ['sentence', 'steps'] : [arg('--variant', 'both') as AlfredVariant];
  const type = arg('--type', '');
  const tasks = loadAlfredTrain().tasks.filter((t) => t.tags.some((x) => x.includes(type)));
  for (const half of halves) {
    for (const variant of variants) {
      const f = symbolicFigures(tasks, half, variant, process.argv.includes('--failures'));
      console.log(`alfred-train ${half} half, ${variant === 'sentence' ? 'sentence alone' : 'with steps'}: ${f.met}/${f.total} gold goals met (${((100 * f.met) / Math.max(1, f.total)).toFixed(1)} %); failures: ${JSON.stringify(f.failures)}`);
      for (const l of f.lines) console.log(`  ${l}`);
    }
  }
}
