import { alfredSplit } from './alfred/report.js';
import type { BenchResults } from './report.js';
import { fmt, pct } from './stats.js';

/** The targets, measured from one run; `reached: null` when the run could not measure it. */
export function evaluateTargets(r: Omit<BenchResults, 'targets'>): BenchResults['targets'] {
  const cell = (preset: string) => r.cells.find((c) => c.suite === 'household' && c.config === 'full' && c.preset === preset);
  const out: BenchResults['targets'] = [];
  for (const [preset, goal] of [['default', 0.95], ['harsh', 0.85]] as const) {
    const c = cell(preset);
    out.push({ name: `household full @ ${preset}`, target: `≥ ${pct(goal, 0)} task success`, value: c ? `${pct(c.successRate)} over ${c.tasks} tasks (${c.missions} missions)` : 'not run', reached: c ? c.successRate >= goal : null });
  }
  const hard = (config: string) => r.cells.find((c) => c.suite === 'household-hard' && c.config === config && c.preset === 'realistic');
  const hardFull = hard('full');
  const hardOpen = hard('open-loop');
  out.push({
    name: 'household-hard full @ realistic',
    target: '≥ 80 % task success and ≥ 2× open-loop',
    value: hardFull ? `${pct(hardFull.successRate)} over ${hardFull.tasks} tasks (${hardFull.missions} missions); open-loop ${hardOpen ? pct(hardOpen.successRate) : 'not run'}` : 'not run',
    reached: hardFull && hardOpen ? hardFull.successRate >= 0.8 && hardFull.successRate >= 2 * hardOpen.successRate : null,
  });
  const fulls = r.cells.filter((c) => c.config === 'full' && c.falseCompletions !== null);
  const injected = fulls.reduce((a, c) => a + (c.falseCompletions?.injected ?? 0), 0);
  const caught = fulls.reduce((a, c) => a + (c.falseCompletions?.caught ?? 0), 0);
  const missed = fulls.reduce((a, c) => a + (c.falseCompletions?.missed ?? 0), 0);
  const unjudged = fulls.reduce((a, c) => a + (c.falseCompletions?.unjudged ?? 0), 0);
  out.push({
    name: 'false completions (full)',
    target: 'every injected one caught',
    value: fulls.length ? `${caught} / ${injected} caught, ${missed} accepted as done, ${unjudged} unjudged (the mission ended while the claim was being checked)` : 'not exposed',
    reached: fulls.length ? missed === 0 && unjudged === 0 : null,
  });
  const unamb = r.cells.filter((c) => c.suite === 'household' && c.config === 'full' && c.unambiguousMissions > 0);
  const n = unamb.reduce((a, c) => a + c.unambiguousMissions, 0);
  const asked = unamb.reduce((a, c) => a + c.unnecessaryQuestionShare * c.unambiguousMissions, 0);
  out.push({ name: 'unnecessary questions (household, full)', target: '≤ 5 % of unambiguous tasks', value: n ? `${pct(asked / n)} of ${n}` : 'not run', reached: n ? asked / n <= 0.05 : null });
  const split = alfredSplit(r.missions).filter((x) => x.half === 'report');
  for (const [variant, goal] of [['sentence', 0.9], ['steps', 0.95]] as const) {
    const x = split.find((y) => y.variant === variant);
    out.push({
      name: `alfred-train report half, ${variant === 'sentence' ? 'goal sentence alone' : 'with step directions'} (faults off)`,
      target: `≥ ${pct(goal, 0)} of gold goals`,
      value: x ? `${pct(x.met / x.missions)} (${x.met} / ${x.missions})` : 'not run',
      reached: x ? x.met / x.missions >= goal : null,
    });
  }
  const o = r.micro.overhead;
  out.push({ name: 'orchestration overhead p99', target: '< 0.5 ms (1 % of a 50 ms period)', value: o ? `${fmt(o.overheadP99, 3)} ms (${fmt(o.overheadP99AllPauses ?? Number.NaN, 3)} ms with every collector pause charged to orca)` : 'not run', reached: o ? o.overheadP99 < 0.5 : null });
  const f = r.micro.fleet;
  out.push({ name: 'robots at 20 Hz, one process, tracing on', target: '≥ 100', value: f ? String(f.sustained) : 'not run', reached: f ? f.sustained >= 100 : null });
  out.push({
    name: 'whole run (npm run bench)',
    target: '< 20 min on 2 cores',
    value: `${fmt(r.meta.wallSeconds / 60, 1)} min on ${r.meta.machine.cores} cores (${r.meta.mode} run)`,
    reached: r.meta.mode === 'full' ? r.meta.wallSeconds < 20 * 60 : null,
  });
  const e = r.micro.estopSteps;
  out.push({ name: 'e-stop latency', target: 'within the calling control step (DESIGN guarantee 6)', value: e.length ? `max ${Math.max(...e)} steps` : 'not run', reached: e.length ? Math.max(...e) === 0 : null });
  const lat = r.networked?.latency ?? null;
  out.push({
    name: 'networked: latency the sockets add per policy request',
    target: 'p99 ≤ 2 ms more than the policy\'s own time',
    value: lat ? `p50 ${fmt(lat.addedP50)} ms, p99 ${fmt(lat.addedP99)} ms over ${lat.samples} requests` : 'not run',
    reached: lat ? lat.addedP99 <= 2 : null,
  });
  const el = r.micro.estopUnderLoad;
  out.push({
    name: 'e-stop under load (50 missions starting or running)',
    target: 'p99 ≤ 50 ms from request to every robot latched',
    value: el ? `p50 ${fmt(el.estop.p50)} ms, p99 ${fmt(el.estop.p99)} ms, max ${fmt(el.estop.max)} ms over ${el.samples} presses; ${el.unlatchedRobots} with a robot not latched` : 'not run',
    reached: el ? el.estop.p99 <= 50 && el.unlatchedRobots === 0 : null,
  });
  return out;
}
