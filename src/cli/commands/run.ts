import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { OrchestratorError, TERMINAL_STATUSES } from '../../../agents/orchestrator/types.js';
import type { HumanRequestView, HumanResponse, MissionView, Orchestrator, StartMission } from '../../../agents/orchestrator/types.js';
import { OrchestratorConfigSchema } from '../../app/config.js';
import type { OrchestratorConfigInput } from '../../app/config.js';
import { style } from '../ansi.js';
import { decide } from '../answers.js';
import { busyAdvice, describeHold, holderOf } from '../holders.js';
import { openOrchestrator, parse, parseFaults, parseModel, parseSeed } from '../args.js';
import type { CliDeps } from '../deps.js';
import { EXIT, UsageError, errorMessage } from '../io.js';
import type { CliIo } from '../io.js';
import { chooseDb } from '../db.js';
import { ProgressRenderer } from '../progress.js';
import { movedOn, watchRequest, withdrawnNotice } from '../request-watch.js';
import { buildRunResult, exitCodeOf, summaryLines } from '../run-result.js';
import type { RunStatus } from '../run-result.js';

export const RUN_USAGE = `usage: orca run "<instruction>" [options]

Runs one mission in this process and exits with its outcome: on simulated time, or on the
wall clock when a fleet's robots are reached over a link.

  --scene NAME          built-in or known scene (default: home)
  --scene-file PATH     a scene file (YAML/JSON) to register and use
  --fleet FILE          run on the robots of a fleet file (config/fleets/*.yaml), on its site
  --seed N              seed of faults and noise (default 0)
  --faults LEVEL        off | default | harsh (default: default)
  --step TEXT           a step-by-step direction given with the instruction (repeatable,
                        in order); it may add what the instruction leaves unsaid
  --answer TEXT         an answer to the next question (repeatable, used in order);
                        "done"/"failed" for a task delegated to a person
  --approve-all         approve every dispatch that needs approval
  --model M             builtin | openai:MODEL (default builtin)
  --db PATH|URL         SQLite file or postgres:// URL for the trace
                        (default $ORCA_DATABASE_URL, else ./data/orca.sqlite)
  --force               when a mission left in the db holds the robots, cancel it first (says so)
  --json                print one JSON object on stdout (progress stays on stderr)
  -q, --quiet           no live progress
  -v, --verbose         live progress of everything: dispatches, verdicts, every status change

exit codes: 0 succeeded, 1 failed or cancelled (or the robots are held by another mission:
the message names it; see orca missions), 2 bad input, 3 a question had no answer
`;

const OPTIONS = {
  scene: { type: 'string' },
  'scene-file': { type: 'string' },
  fleet: { type: 'string' },
  seed: { type: 'string' },
  faults: { type: 'string' },
  step: { type: 'string', multiple: true },
  answer: { type: 'string', multiple: true },
  'approve-all': { type: 'boolean' },
  model: { type: 'string' },
  db: { type: 'string' },
  force: { type: 'boolean' },
  json: { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
  verbose: { type: 'boolean', short: 'v' },
} as const;

/** `--force` cancels one holder after another; a db with more than this many is not worth guessing about. */
const MAX_FORCED_CANCELS = 20;

/** A mission that keeps asking must not loop forever on a script's answers. */
const MAX_HUMAN_ROUNDS = 50;

export async function runCommand(argv: readonly string[], io: CliIo, deps: CliDeps): Promise<number> {
  const { values, positionals } = parse(argv, OPTIONS, true);
  if (values.help) {
    io.stdout(RUN_USAGE);
    return EXIT.ok;
  }
  const instruction = positionals.join(' ').trim();
  if (!instruction) throw new UsageError('orca run needs an instruction, e.g. orca run "bring me a mug"');
  if (values.scene !== undefined && values['scene-file'] !== undefined) throw new UsageError('give --scene or --scene-file, not both');
  if (values.fleet !== undefined && (values.scene !== undefined || values['scene-file'] !== undefined)) {
    throw new UsageError('give --fleet or a scene, not both (a fleet runs on its own site)');
  }
  const sceneText = values['scene-file'] !== undefined ? readSceneFile(values['scene-file'], io.cwd) : null;
  const input: OrchestratorConfigInput = {
    clock: 'fast',
    // One mission on a fresh scene: a one-shot run is reproducible from its seed.
    persistWorld: false,
    ...(values.fleet !== undefined ? { fleet: resolve(io.cwd, values.fleet) } : {}),
    ...(chooseDb(values.db, io.env) !== undefined ? { db: chooseDb(values.db, io.env) } : {}),
    ...(values.seed !== undefined ? { seed: parseSeed(values.seed) } : {}),
    ...(values.faults !== undefined ? { faults: parseFaults(values.faults) } : {}),
    ...(values.model !== undefined ? { reasoner: parseModel(values.model) } : {}),
  };
  const config = OrchestratorConfigSchema.safeParse(input);
  if (!config.success) throw new UsageError(`bad configuration: ${config.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);

  const started = deps.now();
  const orchestrator = await openOrchestrator(deps, input);
  try {
    const scene = chooseScene(orchestrator, values.scene, sceneText);
    const progress = new ProgressRenderer(style(io.color), { verbose: values.verbose === true });
    const live = io.interactive && !values.quiet;
    let currentId: string | null = null;
    // Missions --force cancels are not this run's: their last events are neither shown nor taken for its own.
    const released = new Set<string>();
    const unsubscribe = orchestrator.subscribe((e) => {
      if ('missionId' in e && released.has(e.missionId)) return;
      if ('missionId' in e && currentId === null) currentId = e.missionId;
      if (live) for (const line of progress.lines(e)) io.stderr(`${line}\n`);
    });
    // The trace carries what the live events only summarise (a reflection's cause and decision).
    const unsubscribeTrace = orchestrator.traces.subscribe((e) => {
      if (!live || released.has(e.missionId) || (currentId !== null && e.missionId !== currentId)) return;
      for (const line of progress.traceLines(e)) io.stderr(`${line}\n`);
    });
    // Ctrl-C on a terminal cancels the mission (recorded in its trace) instead of killing the process mid-write.
    const offSignal = deps.onShutdownSignal(() => {
      if (currentId) void orchestrator.cancel(currentId, 'interrupted from the terminal').catch(() => undefined);
    });
    try {
      const start: StartMission = { instruction, ...(scene !== undefined ? { scene } : {}), ...(values.step?.length ? { steps: [...values.step] } : {}) };
      const first = await startOrRelease(orchestrator, start, { force: values.force === true, db: values.db, io, released });
      if (!first) return EXIT.failed;
      let mission = first;
      currentId = mission.id;
      const shown = (req: HumanRequestView) => live && progress.hasSaid(req.question);
      const outcome = await driveToEnd(orchestrator, mission, io, { answers: values.answer ?? [], approveAll: values['approve-all'] === true, questionShown: shown });
      mission = outcome.mission;
      if (outcome.bad) {
        io.stderr(`orca run: ${outcome.reason}\n`);
        await orchestrator.cancel(mission.id, 'bad answer').catch(() => undefined);
        return EXIT.badInput;
      }
      const result = buildRunResult({
        mission,
        status: outcome.status,
        reason: outcome.reason,
        pending: outcome.status === 'needs_answer' ? orchestrator.pendingRequests(mission.id) : [],
        finalWorld: orchestrator.worldObjects(mission.scene),
        trace: { db: config.data.db, events: orchestrator.traces.count(mission.id) },
        wallMs: Math.max(0, Math.round(deps.now() - started)),
      });
      if (values.json) io.stdout(`${JSON.stringify(result, null, 2)}\n`);
      else io.stdout(`${summaryLines(result).join('\n')}\n`);
      if (outcome.status === 'needs_answer') io.stderr(`orca run: ${outcome.reason}\n`);
      return exitCodeOf(result.status);
    } finally {
      offSignal();
      unsubscribe();
      unsubscribeTrace();
    }
  } finally {
    await orchestrator.close();
  }
}

function readSceneFile(path: string, cwd: string): string {
  try {
    return readFileSync(resolve(cwd, path), 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read scene file ${path}: ${errorMessage(error)}`);
  }
}

function chooseScene(o: Orchestrator, name: string | undefined, sceneText: string | null): string | undefined {
  if (sceneText !== null) {
    try {
      return o.addScene(sceneText).name;
    } catch (error) {
      throw new UsageError(`bad scene file: ${errorMessage(error)}`);
    }
  }
  if (name === undefined) return undefined;
  const known = o.scenes().map((s) => s.name);
  if (!known.includes(name)) throw new UsageError(`unknown scene "${name}" (known: ${known.join(', ')})`);
  return name;
}

/**
 * Starts the mission. Robots held by a mission left in the db refuse it: with `force` the holder is
 * cancelled (and the person told so) and the start tried again; without it the refusal says which
 * mission holds them, what it waits for and how to release them, and null is returned.
 */
async function startOrRelease(
  o: Orchestrator,
  start: StartMission,
  opts: { force: boolean; db: string | undefined; io: CliIo; released: Set<string> },
): Promise<MissionView | null> {
  for (let cancelled = 0; ; cancelled++) {
    try {
      return await o.startMission(start);
    } catch (error) {
      if (error instanceof OrchestratorError && error.code === 'bad_input') throw new UsageError(error.message);
      const holder = holderOf(o, error);
      if (!holder) throw error;
      if (!opts.force || cancelled >= MAX_FORCED_CANCELS) {
        opts.io.stderr(`orca run: ${busyAdvice(holder, opts.db)}\n`);
        return null;
      }
      const was = describeHold(holder);
      opts.released.add(holder.id);
      await o.cancel(holder.id, 'cancelled by orca run --force to free the robots');
      opts.io.stderr(`orca run: --force cancelled mission ${holder.id} ("${holder.instruction}"), which held the robots of ${holder.scene}, ${was}\n`);
    }
  }
}

interface Outcome {
  mission: MissionView;
  status: RunStatus;
  reason: string | null;
  bad: boolean;
}

/** Answers what the mission asks until it ends, or until something has no answer. */
interface AnswerSource {
  answers: readonly string[];
  approveAll: boolean;
  questionShown: (req: HumanRequestView) => boolean;
}

async function driveToEnd(o: Orchestrator, first: MissionView, io: CliIo, source: AnswerSource): Promise<Outcome> {
  const policy = { ...source, answers: [...source.answers], interactive: io.interactive, ask: io.ask, warn: (t: string) => io.stderr(`${t}\n`) };
  let mission = await o.settled(first.id);
  for (let round = 0; round < MAX_HUMAN_ROUNDS; round++) {
    if (TERMINAL_STATUSES.includes(mission.status)) {
      return { mission, status: mission.status as RunStatus, reason: mission.reason, bad: false };
    }
    const pending: HumanRequestView[] = o.pendingRequests(mission.id);
    const req = pending[0];
    if (mission.status !== 'awaiting_human' || !req) {
      // Paused or interrupted with nobody to resume it: an in-process run cannot wait, so it ends here.
      mission = await o.cancel(mission.id, `run ended while the mission was ${mission.status}`);
      return { mission, status: 'cancelled', reason: mission.reason, bad: false };
    }
    const watch = watchRequest(o, req);
    const d = await decide(req, policy, watch.signal).finally(() => watch.stop());
    if ('unanswerable' in d) return { mission, status: 'needs_answer', reason: d.unanswerable, bad: d.bad };
    if ('withdrawn' in d || !(await answerIfStanding(o, req, d.response))) {
      const after = await movedOn(o, req);
      io.stderr(`${withdrawnNotice(req, after)}\n`);
      if (!after) return { mission, status: 'cancelled', reason: 'the mission is gone', bad: false };
      mission = after;
      continue;
    }
    const answer = answerText(d.response, d.text);
    io.stderr(source.questionShown(req) ? `  → ${answer}\n` : `answered ${req.kind} "${req.question}": ${answer}\n`);
    mission = await o.settled(mission.id);
  }
  mission = await o.cancel(mission.id, `more than ${MAX_HUMAN_ROUNDS} rounds of questions`);
  return { mission, status: 'cancelled', reason: mission.reason, bad: false };
}

/** False when the request was closed between the prompt and the answer (the orchestrator says so with a conflict or not-found). */
async function answerIfStanding(o: Orchestrator, req: HumanRequestView, response: HumanResponse): Promise<boolean> {
  try {
    await o.answer(req.missionId, req.id, response);
    return true;
  } catch (error) {
    if (error instanceof OrchestratorError && (error.code === 'conflict' || error.code === 'not_found')) return false;
    throw error;
  }
}

/** What the person chose, in words: the option's text rather than the number typed. */
function answerText(response: HumanResponse, typed: string): string {
  if (response.type === 'respond' || response.type === 'edit') return response.text;
  return typed;
}
