/**
 * KnowNo-style conformal calibration of orca's asking rule (src/reasoning/builtin/interpret/asking.ts)
 * on the dev half of the `ambik-calib` suite, never the report half.
 *
 * Every request of the dev half is interpreted with asking switched off (q̂ = 0: the likeliest class is
 * always taken), and every grounding decision among two or more classes of candidates is recorded.
 * The meant class is the one naming the option AmbiK gives as the person's intent (for a clear
 * request, its ambiguous twin's intent); decisions where no class names it, or every class does, say
 * nothing about the rule and are left out. The nonconformity of a decision is 1 − p of the likeliest
 * meant class; q̂ is the ⌈(n+1)·coverage⌉-th smallest.
 *
 *   npx tsx scripts/calibrate-asking.ts [--coverage 0.9]
 */
import { createBuiltinReasoner } from '../src/reasoning/builtin/reasoner.js';
import { calibrationHooks } from '../src/reasoning/builtin/interpret/asking.js';
import { TARGET_COVERAGE } from '../src/reasoning/ask-rule.js';
import type { DecisionRecord } from '../src/reasoning/builtin/interpret/asking.js';
import { loadAmbik } from '../bench/ambik/records.js';
import { exploredBelief, names } from '../bench/ambik/suite.js';
import { kitchenScene } from '../bench/ambik/scene.js';

export interface Calibration {
  coverage: number;
  n: number;
  qhat: number;
  scores: number[];
}

/** q̂ for a coverage from nonconformity scores (KnowNo, Ren et al. 2023: the finite-sample quantile). */
export function conformalQuantile(scores: readonly number[], coverage: number): number {
  const sorted = [...scores].sort((a, b) => a - b);
  const k = Math.ceil((sorted.length + 1) * coverage);
  return k > sorted.length ? 1 : sorted[k - 1]!;
}

export async function calibrate(coverage = TARGET_COVERAGE): Promise<Calibration> {
  const tasks = loadAmbik().filter((t) => t.half === 'dev');
  const intentOf = new Map(tasks.filter((t) => t.record.ambiguous).map((t) => [t.record.ambik_id, t.record.user_intent ?? []]));
  const reasoner = createBuiltinReasoner();
  const scores: number[] = [];
  for (const task of tasks) {
    const intent = intentOf.get(task.record.ambik_id) ?? [];
    if (intent.length === 0) continue;
    const decisions: DecisionRecord[] = [];
    calibrationHooks((d) => decisions.push(d), 0);
    try {
      const { scene } = kitchenScene(`ambik-${task.record.ambik_id}`, task.record.environment);
      await reasoner.interpret({ instruction: task.record.instruction, belief: exploredBelief(scene), speaker: 'alex' });
    } finally {
      calibrationHooks(null, null);
    }
    const seen = new Set<string>();
    for (const d of decisions) {
      if (d.classes.length < 2 || seen.has(d.phrase)) continue;
      seen.add(d.phrase);
      // AmbiK's intent may fit several classes ("ceramic" among ceramic dinner, bread and salad plates):
      // the set covers the person's meaning when it holds any of them, so the best-scored one counts.
      const meant = d.classes.filter((c) => intent.some((i) => names(c.label, i)));
      if (meant.length > 0 && meant.length < d.classes.length) scores.push(1 - Math.max(...meant.map((c) => c.p)));
    }
  }
  return { coverage, n: scores.length, qhat: conformalQuantile(scores, coverage), scores };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const at = process.argv.indexOf('--coverage');
  const c = await calibrate(at >= 0 ? Number(process.argv[at + 1]) : TARGET_COVERAGE);
  console.log(`coverage ${c.coverage}: n = ${c.n} decisions, q̂ = ${c.qhat.toFixed(3)} (ask when two or more classes have p ≥ ${(1 - c.qhat).toFixed(3)})`);
  console.log(`nonconformity scores: ${c.scores.map((s) => s.toFixed(2)).sort().join(' ')}`);
}
