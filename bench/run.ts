import { execFileSync, fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compare, summarise } from './aggregate.js';
import { cells } from './configs.js';
import type { ConfigName, Preset } from './configs.js';
import { findOrchestratorFactory } from './driver.js';
import type { MissionRecord } from './driver.js';
import { estopUnderLoad } from './estop-load.js';
import { STACK_INSTRUCTIONS, stackOverhead } from './stack-overhead.js';
import { estopLatency, fleetAt, overhead, sustainedRobots, traceThroughput } from './micro.js';
import { parseArgs } from './options.js';
import { latestResultsFile, readmeBlock, readResultsFile, replaceReadmeBlock, resultsFileName } from './provenance.js';
import { charts, markdown } from './report.js';
import type { BenchResults } from './report.js';
import { suiteRuns } from './schema.js';
import type { BenchTask, Suite, SuiteName } from './schema.js';
import { fmt, pct } from './stats.js';
import { evaluateTargets } from './targets.js';
import { loadSuites } from './tasks.js';
import { runLanguageSuites } from './ambik/bench.js';
import { networkedRun } from './networked.js';
import { runRepeatSuite } from './repeat/suite.js';


const root = fileURLToPath(new URL('..', import.meta.url));
const resultsDir = `${root}bench/results`;
const log = (s: string): void => void process.stderr.write(`[bench] ${s}\n`);

/** The quick subset: the first task of each family and of each special tag, two of each other suite. */
export function quickTasks(s: Suite): BenchTask[] {
  if (s.name === 'alfred-train') return ['dev', 'report'].flatMap((half) => s.tasks.filter((t) => t.tags.includes(half)).slice(0, 2));
  if (s.name !== 'household') return s.tasks.slice(0, 2);
  const picked = new Map<string, BenchTask>();
  for (const t of s.tasks) if (![...picked.values()].some((p) => p.family === t.family) && !t.ambiguous && t.robot === undefined) picked.set(t.id, t);
  for (const tag of ['ambiguous', 'person', 'two_robot']) {
    const t = s.tasks.find((x) => x.tags.includes(tag));
    if (t) picked.set(t.id, t);
  }
  return [...picked.values()];
}

interface Job {
  job: number;
  suite: SuiteName;
  taskId: string;
  config: ConfigName;
  preset: Preset | 'off';
  seed: number;
}

async function runMissions(jobs: readonly Job[], workers: number, budgetS: number): Promise<{ records: MissionRecord[]; truncated: boolean }> {
  const records: MissionRecord[] = [];
  const t0 = performance.now();
  let next = 0;
  let truncated = false;
  const worker = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const child: ChildProcess = fork(fileURLToPath(new URL('./worker.ts', import.meta.url)), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
      const dispatch = (): void => {
        if (next >= jobs.length || (performance.now() - t0) / 1000 > budgetS) {
          if (next < jobs.length) truncated = true;
          child.send('exit');
          return;
        }
        child.send(jobs[next++]!);
      };
      child.on('message', (msg: unknown) => {
        const m = msg as { ready?: boolean; record?: MissionRecord };
        if (m.record) {
          records.push(m.record);
          const r = m.record;
          if (records.length % 10 === 0 || records.length === jobs.length) log(`${records.length}/${jobs.length} missions, ${fmt((performance.now() - t0) / 1000, 0)} s`);
          if (r.status === 'error') log(`  ${r.suite}/${r.taskId} ${r.config}@${r.preset} seed ${r.seed}: error ${r.error ?? ''}`);
        }
        dispatch();
      });
      child.on('exit', () => resolve());
      child.on('error', reject);
    });
  await Promise.all(Array.from({ length: Math.min(workers, Math.max(1, jobs.length)) }, worker));
  return { records, truncated };
}

/** Wall seconds of missions per suite: the workers' summed mission time shared over the workers. */
function missionSecondsBySuite(records: readonly MissionRecord[], workers: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of records) out[r.suite] = (out[r.suite] ?? 0) + r.wallMs / 1000 / Math.max(1, workers);
  return out;
}

function git(args: string[]): string {
  try {
    return execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

/** docs/benchmarks.md and its charts from a full run's results, naming the results file they come from. */
function writeDocs(results: BenchResults, resultsFile: string): void {
  if (results.meta.mode !== 'full') throw new Error('docs/benchmarks.md is generated from full runs only (this results file is from a quick run)');
  const svgs = charts(results);
  mkdirSync(`${root}docs/bench`, { recursive: true });
  for (const [name, text] of Object.entries(svgs)) writeFileSync(`${root}docs/bench/${name}`, text);
  writeFileSync(`${root}docs/benchmarks.md`, markdown(results, Object.keys(svgs), resultsFile));
}

/** Rewrites the README's marked benchmark block from one results file (full runs only). */
function updateReadme(file: string): void {
  const r = readResultsFile(file);
  if (r.meta.mode !== 'full') throw new Error(`${file} is from a quick run; the README quotes full runs only`);
  const readmePath = `${root}README.md`;
  writeFileSync(readmePath, replaceReadmeBlock(readFileSync(readmePath, 'utf8'), readmeBlock(r, basename(file))));
  log(`README.md benchmark block rewritten from ${file}`);
}

/** The file named after a flag, or the newest committed results file; exits with a message when there is none. */
function resultsFileArg(argv: readonly string[], flag: string): string {
  const given = argv[argv.indexOf(flag) + 1];
  const file = given && !given.startsWith('--') ? given : latestResultsFile(resultsDir);
  if (!file) {
    log(`${flag}: no committed results file in bench/results (run \`npm run bench\` first, or pass a file)`);
    process.exit(1);
  }
  return file;
}

/**
 * The household suite through an orca sim-robot process (real time, so a sample in quick runs and
 * the first seed in full ones), beside in-process `full @ default` on the same tasks and seeds.
 */
async function networkedFigures(opts: ReturnType<typeof parseArgs>, suites: readonly Suite[], records: readonly MissionRecord[]): Promise<BenchResults['networked']> {
  const household = suites.find((s) => s.name === 'household');
  if (opts.networked === 'off' || !household) return undefined;
  const tasks = opts.networked === 'sample' ? quickTasks(household).filter((t) => !t.ambiguous && t.robot === undefined).slice(0, 1) : household.tasks;
  const seeds = opts.seeds.slice(0, 1);
  log(`networked: ${tasks.length} household task(s) through orca sim-robot, seed ${seeds.join(', ')}`);
  const n = await networkedRun({ tasks, seeds, latencySamples: opts.networked === 'sample' ? 100 : 1000, log });
  if (n.latency) log(`  added per policy request: p50 ${fmt(n.latency.addedP50)} ms, p99 ${fmt(n.latency.addedP99)} ms`);
  const same = records.filter((r) => r.suite === 'household' && r.config === 'full' && r.preset === 'default' && seeds.includes(r.seed) && tasks.some((t) => t.id === r.taskId));
  return { ...n, inProcessFull: same.length > 0 ? same.filter((r) => r.score.success).length / same.length : null };
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv.includes('--render') || argv.includes('--update-readme')) {
    // Re-renders from a saved results file (no new measurements).
    if (argv.includes('--render')) {
      const file = resultsFileArg(argv, '--render');
      writeDocs(JSON.parse(readFileSync(file, 'utf8')) as BenchResults, basename(file));
      log(`rendered docs/benchmarks.md from ${file}`);
    }
    if (argv.includes('--update-readme')) updateReadme(resultsFileArg(argv, '--update-readme'));
    return;
  }
  const opts = parseArgs(argv);
  const t0 = performance.now();
  // Wall seconds of each part of the run, so the 20-minute budget can be checked part by part.
  const timings: Record<string, number> = {};
  const timedPart = async <T>(name: string, f: () => Promise<T>): Promise<T> => {
    const t = performance.now();
    try {
      return await f();
    } finally {
      timings[name] = (performance.now() - t) / 1000;
    }
  };
  // The code measured is the code at the start of the run: the run itself writes files.
  const commit = git(['rev-parse', 'HEAD']);
  const dirty = git(['status', '--porcelain']).length > 0;
  const suites = loadSuites(opts.suites);
  const notes: string[] = [];
  const hasOrca = (await findOrchestratorFactory()) !== null;
  if (!hasOrca) notes.push('`createOrchestrator` is not exported by src/app/index.ts yet: no missions were run; only the runtime figures are real.');
  const jobs: Job[] = [];
  if (hasOrca) {
    // Seed-major order: if the budget runs out, every cell still has the same completed seeds.
    for (const seed of opts.seeds)
      for (const s of suites)
        for (const t of opts.quick ? quickTasks(s) : s.tasks)
          for (const c of cells(opts.configs, opts.presets))
            if (suiteRuns(s, c.config, c.preset, seed)) jobs.push({ job: jobs.length, suite: s.name, taskId: t.id, config: c.config, preset: c.preset, seed });
  }
  log(`${opts.quick ? 'quick' : 'full'} run: ${jobs.length} missions on ${opts.workers} workers, seeds ${opts.seeds.join(',')}`);
  const { records, truncated } = jobs.length > 0 ? await timedPart('missions', () => runMissions(jobs, opts.workers, opts.missionBudgetS)) : { records: [], truncated: false };
  // A seed counts as completed only when all of its missions ran.
  const seedsCompleted = opts.seeds.filter((s) => records.filter((r) => r.seed === s).length === jobs.filter((j) => j.seed === s).length && jobs.length > 0);
  // Quick runs (or a full run that completed no seed) keep what ran rather than report nothing.
  const kept = truncated && !opts.quick && seedsCompleted.length > 0 ? records.filter((r) => seedsCompleted.includes(r.seed)) : records;
  if (truncated) notes.push(`The mission budget (${opts.missionBudgetS} s) ran out: ${records.length} of ${jobs.length} missions ran; figures use ${kept.length} missions (completed seeds: ${seedsCompleted.join(', ') || 'none'}; cells may have different task counts).`);

  const micro: BenchResults['micro'] = { overhead: null, stack: null, fleet: null, estopSteps: [], estopUnderLoad: null, traceEventsPerSecond: null };
  if (opts.micro) {
    log('runtime: orchestration overhead');
    micro.overhead = await timedPart('overhead', () => overhead(opts.quick ? [1, 2] : [1, 2, 3], opts.quick ? 1 : 3));
    log(`  overhead p50 ${fmt(micro.overhead.overheadP50, 3)} ms, p99 ${fmt(micro.overhead.overheadP99, 3)} ms`);
    log('runtime: the whole stack (orca serve: LangGraph, machines, verifier, trace, HTTP), with and without one SSE client');
    micro.stack = await timedPart('stack', () => stackOverhead({ instructions: STACK_INSTRUCTIONS.slice(0, opts.quick ? 1 : STACK_INSTRUCTIONS.length), log }));
    log(`  CPU per control step: orca serve ${fmt(micro.stack.serveCpuMsPerStep, 3)} ms, with one SSE client ${fmt(micro.stack.serveWithSseCpuMsPerStep, 3)} ms, bare loop ${fmt(micro.stack.bareCpuMsPerStep, 3)} ms`);
    log('runtime: robots at 20 Hz');
    micro.fleet = await timedPart('fleet', async () => {
      // Compile the driving and manipulation paths before the first size is timed.
      await fleetAt(8, 1);
      return sustainedRobots(opts.quick ? 1 : 3, opts.quick ? 128 : undefined, (r) => log(`  ${r.robots} robots: p99 ${fmt(r.p99)} ms`), opts.quick ? 16 : 4);
    });
    if (opts.quick) notes.push('Quick run: the robot ladder stops at 128 robots (full runs have no cap), bisects to within 16, and runs 1 simulated second per size.');
    log('runtime: e-stop latency');
    await timedPart('estop', async () => {
      for (const seed of opts.quick ? [1, 2, 3] : Array.from({ length: 10 }, (_, i) => i + 1)) micro.estopSteps.push(await estopLatency(seed, 40 + seed * 37));
    });
    log('runtime: e-stop latency over HTTP with 50 missions starting or running (orca serve in its own process)');
    micro.estopUnderLoad = await timedPart('estopUnderLoad', () => estopUnderLoad({ missions: 50, samples: opts.quick ? 15 : 60, gapMs: 700, log }));
    log(`  e-stop p50 ${fmt(micro.estopUnderLoad.estop.p50)} ms, p99 ${fmt(micro.estopUnderLoad.estop.p99)} ms, max ${fmt(micro.estopUnderLoad.estop.max)} ms`);
    log('runtime: trace throughput');
    micro.traceEventsPerSecond = (await timedPart('trace', () => Promise.resolve(traceThroughput(opts.quick ? 0.5 : 2)))).perSecond;
  }

  const language = opts.languageSuites.length > 0 ? await timedPart('language', () => runLanguageSuites(opts.languageSuites, log)) : undefined;
  const networked = await networkedFigures(opts, suites, kept);
  if (opts.networked === 'off') notes.push('The networked configuration was skipped (--networked off).');
  const repeat = opts.repeat && hasOrca ? await runRepeatSuite(opts.seeds, log) : undefined;

  const cellSummaries = summarise(kept);
  const results: BenchResults = {
    meta: {
      date: new Date().toISOString(),
      mode: opts.quick ? 'quick' : 'full',
      commit,
      dirty,
      machine: { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, memGiB: Math.round(totalmem() / 2 ** 30), node: process.version, platform: `${process.platform}/${process.arch}` },
      seeds: opts.seeds,
      seedsCompleted,
      workers: opts.workers,
      wallSeconds: (performance.now() - t0) / 1000,
      orchestrator: hasOrca,
      truncated,
      notes,
      timings: { parts: timings, missionSecondsBySuite: missionSecondsBySuite(kept, opts.workers) },
    },
    suites: Object.fromEntries(
      suites.map((s) => [
        s.name,
        {
          tasks: opts.quick ? quickTasks(s).length : s.tasks.length,
          note: s.note + (opts.quick ? ` (quick subset: ${quickTasks(s).map((t) => t.id).join(', ')})` : ''),
          configs: Object.fromEntries(cellSummaries.filter((c) => c.suite === s.name).map((c) => [c.config === 'oracle' ? 'oracle' : `${c.config}@${c.preset}`, { successRate: c.successRate, tasks: c.tasks, missions: c.missions }])),
        },
      ]),
    ),
    cells: cellSummaries,
    comparisons: compare(cellSummaries),
    micro,
    targets: [],
    missions: kept,
    ...(language ? { language } : {}),
    ...(networked ? { networked } : {}),
    ...(repeat ? { repeat } : {}),
  };
  results.targets = evaluateTargets(results);
  if (kept.some((r) => r.falseCompletions === null) && kept.length > 0)
    notes.push('The orchestrator exposes no injected faults (bench hook `injectedFaults(scene)` on the orchestrator), so false completions caught/missed are not measured.');
  results.meta.wallSeconds = (performance.now() - t0) / 1000;

  mkdirSync(resultsDir, { recursive: true });
  const json = JSON.stringify(results, null, 1);
  let written: string;
  if (opts.tag) writeFileSync((written = `${resultsDir}/${opts.tag.replace(/[^A-Za-z0-9_-]/g, '_')}.json`), json);
  else {
    writeFileSync(`${resultsDir}/latest.json`, json);
    writeFileSync((written = `${resultsDir}/${results.meta.mode}.json`), json);
    if (!opts.quick) writeFileSync((written = `${resultsDir}/${resultsFileName(results.meta)}`), json);
  }
  if (opts.writeDocs && !opts.tag) {
    writeDocs(results, basename(written));
    updateReadme(written);
  }
  for (const c of cellSummaries) log(`${c.suite} ${c.config}@${c.preset}: ${pct(c.successRate)} of ${c.missions}`);
  log(`done in ${fmt(results.meta.wallSeconds, 1)} s → ${written}${opts.writeDocs && !opts.tag ? ', docs/benchmarks.md, README.md' : ' (docs untouched)'}`);
}

await main();
