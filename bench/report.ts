import type { NetworkedResults } from './networked.js';
import type { Comparison, CellSummary } from './aggregate.js';
import { alfredSplit } from './alfred/report.js';
import type { MissionRecord } from './driver.js';
import type { EstopLoadResult } from './estop-load.js';
import type { StackOverheadResult } from './stack-overhead.js';
import type { FleetResult, OverheadResult } from './micro.js';
import type { SuiteName } from './schema.js';
import { CONFIG_SPECS, CONFIGS, PRESETS } from './configs.js';
import { fmt, pct } from './stats.js';
import { groupedBars, lineChart } from './svg.js';
import { languageMarkdown } from './ambik/bench.js';
import { repeatMarkdown } from './repeat/suite.js';
import type { RepeatResults } from './repeat/suite.js';
import type { LanguageResults } from './ambik/bench.js';

export interface BenchResults {
  meta: {
    date: string;
    mode: 'quick' | 'full';
    commit: string;
    dirty: boolean;
    machine: { cpu: string; cores: number; memGiB: number; node: string; platform: string };
    seeds: number[];
    seedsCompleted: number[];
    workers: number;
    wallSeconds: number;
    orchestrator: boolean;
    truncated: boolean;
    notes: string[];
    /** Wall seconds of each part of the run, and of each suite's missions (absent in older files). */
    timings?: { parts: Record<string, number>; missionSecondsBySuite: Record<string, number> };
  };
  suites: Record<string, { tasks: number; note: string; configs: Record<string, { successRate: number; tasks: number; missions: number }> }>;
  cells: CellSummary[];
  comparisons: Comparison[];
  micro: {
    overhead: OverheadResult | null;
    /** The whole stack in `orca serve`, with and without one SSE client (absent in older files). */
    stack?: StackOverheadResult | null;
    fleet: { sustained: number; ladder: FleetResult[]; capped?: boolean } | null;
    estopSteps: number[];
    estopUnderLoad: EstopLoadResult | null;
    traceEventsPerSecond: number | null;
  };
  targets: { name: string; target: string; value: string; reached: boolean | null }[];
  missions: MissionRecord[];
  /** Suites scored on interpretations alone (bench/ambik/bench.ts). */
  language?: LanguageResults;
  /** The household suite through an `orca sim-robot` process (bench/networked.ts), beside in-process `full @ default` on the same tasks and seeds. */
  networked?: NetworkedResults & { inProcessFull: number | null };
  /** The `repeat` suite: sequences of related missions with the site memory on and off (bench/repeat/suite.ts). */
  repeat?: RepeatResults;
}

const cellLabel = (c: Pick<CellSummary, 'config' | 'preset'>): string => (c.config === 'oracle' ? 'oracle' : `${c.config} @ ${c.preset}`);

/** SVG files (name → text) for the report. */
export function charts(r: BenchResults): Record<string, string> {
  const out: Record<string, string> = {};
  for (const suite of Object.keys(r.suites) as SuiteName[]) {
    const cells = r.cells.filter((c) => c.suite === suite);
    if (cells.length === 0) continue;
    const presets = [...new Set(cells.map((c) => c.preset))];
    const groups = presets.map((p) => ({
      label: p === 'off' ? 'faults off' : `faults ${p}`,
      bars: cells.filter((c) => c.preset === p).map((c) => ({ label: c.config, value: c.successRate, lo: c.successCI[0], hi: c.successCI[1] })),
    }));
    out[`success-${suite}.svg`] = groupedBars(`${suite}: task success by configuration and fault level (95% interval over tasks)`, groups, suite === 'household' ? { target: 0.95 } : {});
  }
  const o = r.micro.overhead;
  if (o) {
    const q = (xs: number[]) => xs.map((y, i) => ({ x: i * 2, y }));
    out['overhead.svg'] = lineChart('Control-step time distribution: bare loop vs orca', [
      { label: 'bare (world+policy)', points: q(o.bare.quantiles) },
      { label: 'orca (+machines, verifier, trace)', points: q(o.orca.quantiles) },
    ], { xLabel: 'percentile', yLabel: 'ms per control step (log)', logY: true, hline: { y: 0.5, label: '1% of 50 ms' } });
  }
  const f = r.micro.fleet;
  if (f && f.ladder.length > 0) {
    out['fleet.svg'] = lineChart('Control-step time vs simulated robots (one process, tracing on)', [
      { label: 'p99', points: f.ladder.map((l) => ({ x: l.robots, y: l.p99 })) },
      { label: 'p50', points: f.ladder.map((l) => ({ x: l.robots, y: l.p50 })) },
    ], { xLabel: 'robots', yLabel: 'ms per control step', hline: { y: 50, label: '50 ms deadline (20 Hz)' } });
  }
  return out;
}

/**
 * Wrong "success" verdicts per cell: missions orca reported succeeded whose goal is false in the
 * world's truth, beside the perception faults that began (realistic noise) in those cells.
 */
export function verdictTable(cells: readonly CellSummary[]): string[] {
  const L = ['### Wrong "success" verdicts', '', 'Missions orca reported succeeded whose goal does not hold in the world\'s truth. Under `realistic` the observations carry hallucinated placements that last about a second and occlusions that hide placed objects (src/world/perception-faults.ts), so the verifier can be fooled. A wrong "success" has two causes, told apart here: the verifier was fooled (orca\'s own reading of the goal does not hold either), or orca misread the instruction and then judged its own reading correctly. (`open-loop` has no verifier: there the executor\'s claim was trusted.)', ''];
  L.push('| suite | configuration | wrong "success" / reported succeeded | of which the verifier was fooled | hallucinations · occlusions per mission |', '|---|---|---|---|---|');
  for (const c of cells) {
    const pf = c.perceptionFaults;
    const per = pf && c.missions > 0 ? `${fmt(pf.phantoms / c.missions, 1)} · ${fmt(pf.occlusions / c.missions, 1)}` : 'none';
    L.push(`| ${c.suite} | ${cellLabel(c)} | ${c.wrongSuccess ?? 0} / ${c.reportedSuccess ?? 0} | ${c.verifierFooled ?? 0} | ${per} |`);
  }
  L.push('');
  return L;
}

export function markdown(r: BenchResults, svgs: readonly string[], resultsFile: string): string {
  const m = r.meta;
  const L: string[] = [];
  L.push('# Benchmarks', '');
  L.push(`Generated by \`npm run bench\` (bench/run.ts) on ${m.date} from [bench/results/${resultsFile}](../bench/results/${resultsFile}), the committed results file of this run. Every figure below comes from that one run; task success is scored on the simulated world's ground truth (\`worldObjects\`), never on orca's beliefs.`, '');
  L.push('| | |', '|---|---|');
  L.push(`| results file | \`bench/results/${resultsFile}\` |`);
  L.push(`| commit | \`${m.commit}\` |`);
  L.push(`| working tree | ${m.dirty ? '**dirty** (uncommitted changes when the run started: the figures may not match the commit)' : 'clean'} |`);
  L.push(`| machine | ${m.machine.cpu}, ${m.machine.cores} cores, ${m.machine.memGiB} GiB, Node ${m.machine.node}, ${m.machine.platform} |`);
  L.push(`| seeds | planned ${m.seeds.join(', ')}; completed ${m.seedsCompleted.join(', ') || 'none'} |`);
  L.push(`| workers | ${m.workers} child processes |`);
  L.push(`| wall time | ${fmt(m.wallSeconds, 1)} s${m.truncated ? ' (mission budget exhausted: the run stopped dispatching, see notes)' : ''} |`);
  L.push('');
  const notes = [...m.notes];
  const undecidable = r.cells.reduce((a, c) => a + c.undecidableClauses, 0);
  if (undecidable > 0) {
    const tasks = [...new Set(r.missions.filter((x) => x.score.undecidable.length > 0).map((x) => x.taskId))];
    notes.push(`${undecidable} goal clauses were undecidable from \`worldObjects\` (it lists no openable regions, positions or robot poses) and counted as not met; tasks: ${tasks.join(', ')}.`);
  }
  if (notes.length > 0) L.push('**Notes**', '', ...notes.map((n) => `- ${n}`), '');
  L.push('## Targets (from issue #6)', '', '| target | goal | measured | reached |', '|---|---|---|---|');
  for (const t of r.targets) L.push(`| ${t.name} | ${t.target} | ${t.value} | ${t.reached === null ? 'not measured' : t.reached ? 'reached' : '**not reached**'} |`);
  L.push('');
  L.push('## Suites', '');
  for (const [name, s] of Object.entries(r.suites)) L.push(`- \`${name}\`: ${s.tasks} tasks. ${s.note}`);
  L.push('');
  if (r.cells.length > 0) {
    L.push('## Task success', '');
    L.push('Success is the mean over tasks of each task\'s success rate over its seeds; the interval is over tasks (see Method).', '');
    L.push('| suite | configuration | tasks | missions | success | 95% CI over tasks | tasks ok on all / some / no seeds | goal clauses met | plan subgoals ok | errors |', '|---|---|---|---|---|---|---|---|---|---|');
    for (const c of r.cells) {
      const d = c.taskSuccess ?? { all: Number.NaN, some: Number.NaN, none: Number.NaN };
      L.push(`| ${c.suite} | ${cellLabel(c)} | ${c.tasks} | ${c.missions} | ${pct(c.successRate)} | ${pct(c.successCI[0], 0)}–${pct(c.successCI[1], 0)} | ${d.all} / ${d.some} / ${d.none} | ${pct(c.subgoalSuccess)} | ${pct(c.planSubgoalSuccess)} | ${c.errors} |`);
    }
    L.push('');
    L.push('### full vs the baselines (same tasks, same seeds)', '', '| suite | faults | full | vs | baseline | ratio | difference | oracle | gap to oracle |', '|---|---|---|---|---|---|---|---|---|');
    for (const cmp of r.comparisons)
      for (const v of cmp.versus) L.push(`| ${cmp.suite} | ${cmp.preset} | ${pct(cmp.full)} | ${v.config} | ${pct(v.rate)} | ${fmt(v.ratio)}× | ${fmt(v.diff * 100, 1)} pp | ${pct(cmp.oracle)} | ${fmt(cmp.gapToOracle * 100, 1)} pp |`);
    L.push('');
    L.push(...networkedSection(r));
    L.push('## Faults, recovery, asking, delegation', '');
    L.push('| suite | configuration | false completions caught / injected (accepted · unjudged) | questions / task | ambiguous resolved with one question | unambiguous with a question | irrelevant questions | delegations / task | person-reported clauses | sim time vs oracle (median) | wall ms / mission p50 · p99 |', '|---|---|---|---|---|---|---|---|---|---|---|');
    for (const c of r.cells) {
      const fc = c.falseCompletions ? `${c.falseCompletions.caught} / ${c.falseCompletions.injected} (${c.falseCompletions.missed} · ${c.falseCompletions.unjudged})` : 'not exposed';
      L.push(`| ${c.suite} | ${cellLabel(c)} | ${fc} | ${fmt(c.questionsPerTask)} | ${c.ambiguousMissions ? pct(c.ambiguousResolvedWithOne) : 'n/a'} | ${c.unambiguousMissions ? pct(c.unnecessaryQuestionShare) : 'n/a'} | ${c.irrelevantQuestions} | ${fmt(c.delegationsPerTask)} | ${c.personReportedClauses} | ${fmt(c.simTimeVsOracle)}× | ${fmt(c.wallMsP50, 0)} · ${fmt(c.wallMsP99, 0)} |`);
    }
    L.push('');
    L.push(...verdictTable(r.cells));
    const split = alfredSplit(r.missions);
    if (split.length > 0) {
      L.push('### alfred-train by half of the split', '', 'Rules are developed on the `dev` half only; the `report` half is measured, never studied (bench/split.ts). Faults off.', '');
      L.push('| half | given | gold goals met | missions | success | 95% CI | asked a question |', '|---|---|---|---|---|---|---|');
      for (const x of split) L.push(`| ${x.half} | ${x.variant === 'sentence' ? 'sentence alone' : 'with step directions'} | ${x.met} | ${x.missions} | ${pct(x.met / x.missions)} | ${pct(x.ci[0], 0)}–${pct(x.ci[1], 0)} | ${x.asked} |`);
      L.push('');
    }
    L.push('### Recoveries by failure code (failures that went to reflection → subgoal still succeeded)', '', '| suite | configuration | code | failures | recovered |', '|---|---|---|---|---|');
    for (const c of r.cells) for (const [code, v] of Object.entries(c.recoveries).sort()) L.push(`| ${c.suite} | ${cellLabel(c)} | \`${code}\` | ${v.failures} | ${v.recovered} |`);
    L.push('');
  }
  L.push(...languageMarkdown(r.language));
  L.push(...repeatMarkdown(r.repeat));
  L.push('## Runtime', '');
  const o = r.micro.overhead;
  if (o) {
    L.push('Orchestration overhead per control step: the same two-robot mission (FETCH_AND_WASH, faults off) run by a bare loop that only steps the world and the simulated policies (next subgoal on the executor\'s own "done") and by orca (mission and subgoal machines, temporal verifier, reflection hook, SQLite trace on a temp file).', '');
    L.push('| loop | steps | p50 ms | p99 ms | mean ms |', '|---|---|---|---|---|');
    L.push(`| bare | ${o.bare.steps} | ${fmt(o.bare.p50, 3)} | ${fmt(o.bare.p99, 3)} | ${fmt(o.bare.mean, 3)} |`);
    L.push(`| orca | ${o.orca.steps} | ${fmt(o.orca.p50, 3)} | ${fmt(o.orca.p99, 3)} | ${fmt(o.orca.mean, 3)} |`);
    L.push(
      '',
      `Time in orca per control step (the orca loop's step minus the bare work inside it — world physics, the executors' control steps, policy starts — so the machines, the verifier, the trace writes, the observations orca asks for itself and the promise work they queue): p50 ${fmt(o.overheadP50, 3)} ms, p99 ${fmt(o.overheadP99, 3)} ms = ${pct(o.p99ShareOfPeriod, 2)} of the 50 ms period; as a ratio to the bare loop's step, ${fmt(o.ratioP50)}× at p50 and ${fmt(o.ratioP99)}× at p99. orca completed ${o.missionsSucceeded}/${o.missions} of these missions.`,
      '',
      o.orcaAllocationShare !== undefined
        ? `Collector pauses: V8 runs young-generation collections as tasks between turns of the event loop, so they land after the bare work has returned, in the part of a step timed as orca's, whoever allocated the bytes. ${fmt(o.pausesPer1000Steps ?? Number.NaN, 1)} pauses per 1000 steps, ${fmt(o.gapPauseMsPerPause ?? Number.NaN, 2)} ms each on average between sections. The figures above charge each such pause to orca at its share of the bytes the loop allocates, ${pct(o.orcaAllocationShare, 1)} (measured on the same mission with a byte clock in place of the time clock, bench/collector.ts); charging every pause wholly to orca instead gives p50 ${fmt(o.overheadP50AllPauses ?? Number.NaN, 3)} ms and p99 ${fmt(o.overheadP99AllPauses ?? Number.NaN, 3)} ms.`
        : '',
      '',
    );
    if (o.pairedDiffP99 !== undefined && o.quantileDiffP99 !== undefined)
      L.push(
        `Cross-checks from the lockstep runs: the paired per-step difference (orca step − bare step at the same step) has p50 ${fmt(o.pairedDiffP50 ?? Number.NaN, 3)} ms and p99 ${fmt(o.pairedDiffP99, 3)} ms; the step-time quantiles differ by ${fmt(o.quantileDiffP50 ?? Number.NaN, 3)} ms at p50 and ${fmt(o.quantileDiffP99, 3)} ms at p99. The paired tail is the largest because work the bare loop does on one step (a policy starting its next subgoal, a young-generation collection) orca does on another, once its verifier has confirmed the last one. The p99 steps in orca are subgoal boundaries (a verdict, the stop, the next dispatch and their trace records) and collections.`,
        '',
      );
  }
  const st = r.micro.stack;
  if (st) {
    L.push(
      `The whole stack: \`orca serve\` in its own process (LangGraph mission graph, machines, verifier, reflection, trace, the HTTP service and its event hub) on the real-time clock, ${st.missions} missions one after another on fresh copies of \`home\` (faults off), each instruction once unwatched and once with one HTTP client reading \`GET /api/events\` (${st.sseEvents} SSE events received; ${st.succeeded}/${st.missions} missions succeeded). Processor time of the service process (every thread, /proc, ${st.cpuResolutionMs} ms resolution) per simulated control step, planning and the benchmark's status polls (4 a second) included:`,
      '',
      '| | CPU ms per control step | minus the bare loop |',
      '|---|---|---|',
      `| orca serve, no client | ${fmt(st.serveCpuMsPerStep, 3)} | ${fmt(st.overheadMsPerStep, 3)} |`,
      `| orca serve, one SSE client | ${fmt(st.serveWithSseCpuMsPerStep, 3)} | ${fmt(st.overheadWithSseMsPerStep, 3)} |`,
      `| bare loop (world and simulated policies, this process) | ${fmt(st.bareCpuMsPerStep, 3)} | |`,
      '',
      'These are means over whole missions; the per-step tails above are the runner tier alone, in process.',
      '',
    );
  }
  const f = r.micro.fleet;
  if (f) {
    const capNote = f.capped ? ' The ladder reached its cap without missing the period: the figure is a lower bound.' : ' The ladder has no cap: it doubled the fleet until a size missed the period, then bisected.';
    L.push(`Robots sustained at 20 Hz in one process with tracing on: **${f.sustained}** (largest fleet whose p99 control step, timed together with the promise work and immediates it queued, stayed within 50 ms; half the rovers drive between two places, the other half pick up an object and put it on a plate, all under one mission runner).${capNote}`, '');
    L.push('| robots | manipulating | p50 ms | p99 ms | steps over 50 ms | trace events |', '|---|---|---|---|---|---|');
    for (const l of f.ladder) L.push(`| ${l.robots} | ${l.manipulating ?? 0} | ${fmt(l.p50)} | ${fmt(l.p99)} | ${pct(l.missedShare)} | ${l.events} |`);
    L.push('');
  }
  if (r.micro.estopSteps.length > 0) L.push(`E-stop latency: steps in which a robot still moved after \`estop()\`: max ${Math.max(...r.micro.estopSteps)}, over ${r.micro.estopSteps.length} trials (${r.micro.estopSteps.join(', ')}).`, '');
  const el = r.micro.estopUnderLoad;
  if (el) {
    L.push(
      `E-stop under load: \`orca serve\` in its own process with ${el.missions} missions starting or running (one scene each; ${el.started} started in all), ${el.samples} presses of \`POST /api/estop\` from request to answer (the shared latch every robot reads is set and journalled before the answer): p50 ${fmt(el.estop.p50)} ms, p99 ${fmt(el.estop.p99)} ms, max ${fmt(el.estop.max)} ms. A plain request the main thread answers, sent at the same instant: p50 ${fmt(el.mainThread.p50)} ms, p99 ${fmt(el.mainThread.p99)} ms (${fmt(el.mainThread.p99 / el.estop.p99, 1)}× the e-stop's p99). Samples after which some robot did not report itself e-stopped: ${el.unlatchedRobots}.`,
      '',
    );
  }
  if (r.micro.traceEventsPerSecond !== null) L.push(`Trace events written per second (SqliteTraceStore, temp file, WAL, one append per event): ${fmt(r.micro.traceEventsPerSecond, 0)}.`, '');
  const tm = m.timings;
  if (tm) {
    const parts = Object.entries(tm.parts).map(([k, v]) => `${k} ${fmt(v, 0)} s`);
    const suites = Object.entries(tm.missionSecondsBySuite).map(([k, v]) => `${k} ${fmt(v, 0)} s`);
    L.push(`Time of each part of this run (wall): ${parts.join(', ')}; missions by suite (summed mission time over the workers): ${suites.join(', ')}.`, '');
  }
  if (svgs.length > 0) L.push('## Charts', '', ...svgs.map((s) => `![${s}](bench/${s})`), '');
  L.push('## Method', '');
  const presets = PRESETS.map((p) => `\`${p}\``).join(', ');
  L.push(
    '- Configurations (src/app/config.ts `ablation`, bench/configs.ts): each differs from `full` in one thing. `open-loop`, `verify-retry`, `no-ask` and `full` run at fault presets ' +
      presets +
      ' (src/executors/sim-policy/faults.ts; `realistic` repeats a failure on a retry of the same approach, times false claims when the scene looks almost right, and gives the observations hallucinated placements and occlusions that last over frames, src/world/perception-faults.ts), `oracle` with faults off; every configuration runs the same tasks on the same seeds. The world and fault seed of a mission is its task id joined to the run seed (`bench/driver.ts` `worldSeed`), so tasks draw their faults independently.',
    '',
  );
  L.push('  | configuration | switches off |', '  |---|---|', ...CONFIGS.map((c) => `  | \`${c}\` | ${CONFIG_SPECS[c].switchesOff} |`), '');
  L.push('- The scripted user answers a clarification only with the task\'s answer for a key the question mentions; any other question is counted as irrelevant (and answered with the first option so the mission can go on). Approvals are accepted; delegations are reported done by the assigned person.');
  L.push('- The scripted people take on only work the task expects of them (a capability no robot has); recovery work orca hands to the speaker is declined, so success measures the robots. The simulated household acts out what a person reports done; a clause marked `byPerson` the world cannot check still counts when the mission delegated it to that person and succeeded ("person-reported", counted separately).');
  L.push('- A false completion is "caught" when the trace shows the attempt judged not done (a `false_completion`/`failed`/`stalled` verdict or a failure event for its goal id) before any `succeeded` verdict; "accepted" when it was judged succeeded; "unjudged" when the mission ended (cancelled at its time limit, or failed elsewhere) while the claim was still being checked. An early claim the world\'s truth already met (the robot started where the work leaves it) is a true claim and is not counted.');
  L.push('- Intervals are over tasks, not missions: seeds of one task share its instruction, scene and plan, so they are not independent samples of the task population. Each task\'s success is averaged over its seeds (seeds nested in tasks), the success rate is the mean of these per-task rates, and its 95 % interval is a Wilson score interval with n = the number of tasks (bench/stats.ts `taskLevelRate`). A per-task rate lies in [0, 1] with mean p, so its variance is at most p(1 − p): the interval is never narrower than the spread of the per-task rates supports, and unlike a percentile bootstrap over tasks it keeps a width on a saturated suite (every task on every seed: 93–100 % over 50 tasks). With tens of tasks, differences of a few points are within noise.');
  return L.join('\n') + '\n';
}

/** The `networked` configuration beside in-process `full`, and what the sockets add per policy request. */
function networkedSection(r: BenchResults): string[] {
  const n = r.networked;
  if (!n) return [];
  const L = ['### networked: the same robots through orca sim-robot', '', n.note, ''];
  L.push('| configuration | missions | success |', '|---|---|---|');
  L.push(`| networked (sockets, wall clock) | ${n.missions.length} | ${n.successRate === null ? 'not run' : pct(n.successRate)} |`);
  L.push(`| full @ default (in process, same tasks and seeds) | ${n.missions.length} | ${n.inProcessFull === null ? 'not run' : pct(n.inProcessFull)} |`, '');
  const l = n.latency;
  if (l) {
    L.push(`Per openpi request (one per control step that asks the policy; ${l.samples} requests with the rover's camera frame and state as its body reads them over rosbridge):`, '');
    L.push('| | p50 | p99 |', '|---|---|---|');
    L.push(`| round trip seen by orca | ${fmt(l.roundTripP50, 2)} ms | ${fmt(l.roundTripP99, 2)} ms |`);
    L.push(`| the policy's own time (\`infer_ms\`) | ${fmt(l.policyP50, 2)} ms | ${fmt(l.policyP99, 2)} ms |`);
    L.push(`| added by the sockets and codecs | ${fmt(l.addedP50, 2)} ms | ${fmt(l.addedP99, 2)} ms |`, '');
  }
  return L;
}
