/**
 * The `ambik-calib` suite as a quick script: figures on both halves, and with `--failures` what fails
 * on the dev half (never the report half: it is only measured).
 *
 *   npx tsx scripts/ambik-calib.ts [--report] [--failures] [--types] [--json]
 *
 * The report half is printed only with `--report`, so that developing never shows it.
 */
import { createBuiltinReasoner } from '../src/reasoning/builtin/reasoner.js';
import { loadAmbik } from '../bench/ambik/records.js';
import { AMBIK_TARGETS, ambikFigures, formatRate, runAmbik } from '../bench/ambik/suite.js';
import type { AmbikFigures, AmbikOutcome } from '../bench/ambik/suite.js';
import { kitchenScene } from '../bench/ambik/scene.js';

const argv = process.argv.slice(2);
const tasks = loadAmbik();
const outcomes = await runAmbik(tasks, createBuiltinReasoner());

function show(label: string, xs: readonly AmbikOutcome[]): AmbikFigures {
  const f = ambikFigures(xs);
  console.log(`${label} (${xs.length} requests)`);
  for (const [k, r] of Object.entries(f) as [keyof AmbikFigures, AmbikFigures[keyof AmbikFigures]][]) {
    const t = AMBIK_TARGETS[k];
    const v = r.of === 0 ? 0 : r.hits / r.of;
    const met = t ? (t.op === '>=' ? v >= t.value : v <= t.value) : null;
    console.log(`  ${k.padEnd(24)} ${formatRate(r).padEnd(14)} ${t ? `target ${t.op} ${t.value * 100} %  ${met ? 'met' : 'NOT met'}` : ''}`);
  }
  return f;
}

const dev = outcomes.filter((o) => o.half === 'dev');
const report = outcomes.filter((o) => o.half === 'report');
const figures = { dev: show('dev half', dev), ...(argv.includes('--report') ? { report: show('report half', report) } : {}) };
if (argv.includes('--json')) console.log(JSON.stringify(figures));

if (argv.includes('--failures')) {
  console.log('\ndev-half failures:');
  for (const o of dev) {
    const failed = o.ambiguous ? (o.category === 'preferences' ? !o.specific : !o.acceptable) : o.asked || o.cannot;
    if (failed || !o.understood) console.log(`  ${o.id} [${o.category}${o.ambiguous ? ', ambiguous' : ''}] ${o.kind}${o.cannot ? ' (cannot)' : ''}: ${o.said}`);
  }
}
if (argv.includes('--types')) {
  const seen = new Map<string, string>();
  for (const t of tasks.filter((x) => x.half === 'dev')) for (const [item, ty] of Object.entries(kitchenScene('x', t.record.environment).types)) seen.set(item, `${ty.type} (${ty.how}, ${ty.home})`);
  for (const [item, how] of [...seen.entries()].sort()) console.log(`  ${item} → ${how}`);
}
