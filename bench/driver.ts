import { z } from 'zod';
import type { MissionView, Orchestrator, WorldObjectView } from '../agents/orchestrator/types.js';
import { TERMINAL_STATUSES } from '../agents/orchestrator/types.js';
import type { OrchestratorConfigInput } from '../src/app/config.js';
import type { InjectedFault } from '../src/executors/index.js';
import type { TraceEvent } from '../src/traces/index.js';
import { PredicateSchema } from '../src/domain/predicates.js';
import type { ConfigName, Preset } from './configs.js';
import { configFor } from './configs.js';
import { evaluatePredicate, scoreGoal, Undecidable } from './evaluate.js';
import type { GoalScore } from './evaluate.js';
import type { BenchTask, SuiteName } from './schema.js';
import { emptyTally, scriptedResponse } from './user.js';
import type { UserTally } from './user.js';
import type { TruthView } from './world-view.js';
import { viewFromSnapshot } from './world-view.js';
import type { WorldSnapshot } from '../src/world/index.js';

export interface RunSpec {
  suite: SuiteName;
  task: BenchTask;
  config: ConfigName;
  preset: Preset | 'off';
  seed: number;
}

/** One mission's measurements; everything scored from the world's truth and the trace. */
export interface MissionRecord {
  suite: SuiteName;
  taskId: string;
  family: string;
  tags: string[];
  ambiguous: boolean;
  config: ConfigName;
  preset: Preset | 'off';
  seed: number;
  status: string;
  reason: string | null;
  score: GoalScore;
  user: UserTally;
  subgoals: number;
  subgoalsSucceeded: number;
  /** Failures that went to reflection, by failure code, and how many of those subgoals still succeeded. */
  recoveries: Record<string, { failures: number; recovered: number }>;
  /** Null when the orchestrator exposes no injected faults (see the report's wiring notes). */
  falseCompletions: FalseCompletionTally | null;
  /**
   * Orca reported the mission succeeded but the goal does not hold in the world's truth: a wrong
   * "success" verdict (the verifier was fooled, or trusted a claim it should not have).
   */
  wrongSuccess: boolean;
  /**
   * Orca reported the mission succeeded but its own reading of the goal (the last step of the mission's
   * goal) does not hold in the world's truth: the verifier was fooled. A wrong "success" without this
   * is a misreading of the instruction, judged correctly.
   */
  verifierFooled: boolean;
  /** Perception faults that began during the mission (realistic noise); null when the world does not say. */
  perceptionFaults: { phantoms: number; occlusions: number } | null;
  simTime: number;
  wallMs: number;
  traceEvents: number;
  error?: string;
}

/** Plays one task end to end. The benchmark needs nothing else from orca. */
export interface MissionDriver {
  run(spec: RunSpec): Promise<MissionRecord>;
  close(): Promise<void>;
}

export type OrchestratorFactory = (config: OrchestratorConfigInput) => Orchestrator | Promise<Orchestrator>;

/** `createOrchestrator` from src/app/index.ts once it exists; null until then. */
export async function findOrchestratorFactory(): Promise<OrchestratorFactory | null> {
  const path = new URL('../src/app/index.ts', import.meta.url);
  try {
    const mod: unknown = await import(path.href);
    const f = (mod as { createOrchestrator?: unknown }).createOrchestrator;
    return typeof f === 'function' ? (f as OrchestratorFactory) : null;
  } catch {
    return null;
  }
}

const MAX_ROUNDS = 12;
/** Wall seconds any one call into the orchestrator may take before the mission is recorded as hung. */
export const HANG_WALL_SECONDS = 60;

/** `p`, or a rejection naming `what` when it has not settled within `seconds` of wall time. */
export async function within<T>(p: Promise<T>, seconds: number, what: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`hung: ${what()} did not return within ${seconds} s of wall time`)), seconds * 1000);
  });
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
/** Simulated seconds before a mission is cancelled: 5× the longest oracle mission of the suites, so timeouts do not dominate wall time. */
export const MAX_MISSION_SECONDS = 300;
/** Suites whose instructions ask for several missions' worth of work get a limit to match (household-hard: up to 8 goals). */
export const SUITE_MISSION_SECONDS: Partial<Record<SuiteName, number>> = { 'household-hard': 900 };

function recoveriesOf(events: readonly TraceEvent[], mission: MissionView): MissionRecord['recoveries'] {
  const out: MissionRecord['recoveries'] = {};
  const ok = new Set(mission.subgoals.filter((s) => s.status === 'succeeded').map((s) => s.id));
  for (const e of events) {
    if (e.kind !== 'reflection' || e.data['type'] !== 'reflection_requested') continue;
    const code = String(e.data['code'] ?? 'unknown');
    const r = (out[code] ??= { failures: 0, recovered: 0 });
    r.failures++;
    if (e.subgoalId !== undefined && ok.has(e.subgoalId)) r.recovered++;
  }
  return out;
}

/** False completions by outcome: `missed` were accepted as done; `unjudged` ended with the mission before any verdict. */
export interface FalseCompletionTally {
  injected: number;
  caught: number;
  missed: number;
  unjudged: number;
  /** Early claims the world's truth already met (the robot started where the work leaves it): not false, not counted above. */
  trueEarlyClaims: number;
}

/**
 * Scores each injected false completion from the trace: caught when its attempt was judged not done
 * (a `false_completion`/`failed`/`stalled` verdict or a failure event for its goal id), missed when it
 * was judged succeeded first, unjudged when the mission ended before either.
 */
export function falseCompletionsOf(faults: readonly InjectedFault[], events: readonly TraceEvent[]): FalseCompletionTally {
  const claims = faults.filter((f) => f.falseCompletion);
  const real = claims.filter((f) => f.workAlreadyDone !== true);
  const out: FalseCompletionTally = { injected: real.length, caught: 0, missed: 0, unjudged: 0, trueEarlyClaims: claims.length - real.length };
  for (const f of real) {
    const first = events.find(
      (e) => e.goalId === f.goalId && (e.kind === 'error' || (e.kind === 'verdict' && ['false_completion', 'failed', 'stalled', 'succeeded'].includes(String(e.data['kind'])))),
    );
    if (!first) out.unjudged++;
    else if (first.kind === 'verdict' && first.data['kind'] === 'succeeded') out.missed++;
    else out.caught++;
  }
  return out;
}

const PerceptionFaultsSchema = z.object({ phantoms: z.number().int().min(0), occlusions: z.number().int().min(0) });

/** The world's perception-fault counts, when it reports them in the shape expected. */
export function perceptionFaultsOf(raw: unknown): MissionRecord['perceptionFaults'] {
  const parsed = PerceptionFaultsSchema.safeParse(raw);
  return parsed.success ? parsed.data : null;
}

const OwnGoalSchema = z.object({ steps: z.array(z.object({ conjuncts: z.array(PredicateSchema) }).passthrough()).min(1) }).passthrough();

/**
 * Whether the last step of orca's own goal holds in the world's truth; null when the goal is not in
 * that shape or the truth cannot decide one of its predicates.
 */
export function ownGoalHolds(goal: unknown, truth: TruthView): boolean | null {
  const parsed = OwnGoalSchema.safeParse(goal);
  if (!parsed.success) return null;
  try {
    return parsed.data.steps.at(-1)!.conjuncts.every((p) => evaluatePredicate(truth, p));
  } catch (e) {
    if (e instanceof Undecidable) return null;
    throw e;
  }
}

/** Converts the orchestrator's world objects to the evaluator's view (regions/positions when given). */
export function truthFromObjects(objs: readonly WorldObjectView[]): TruthView {
  return { objects: objs.map((o) => ({ ...o })) };
}

/**
 * Drives missions through the Orchestrator API: a fresh orchestrator per mission (its own seed, fault
 * preset and ablation, `:memory:` database, fast clock), the scripted user answering requests.
 */
export class OrchestratorDriver implements MissionDriver {
  constructor(private readonly factory: OrchestratorFactory) {}

  async run(spec: RunSpec): Promise<MissionRecord> {
    const { task } = spec;
    const c = configFor(spec.config, spec.preset === 'off' ? 'default' : spec.preset);
    const t0 = performance.now();
    const orca = await this.factory({ db: ':memory:', seed: worldSeed(spec), faults: c.faults, clock: 'fast', defaultScene: task.sceneText === undefined ? task.scene : 'home', ablation: c.ablation, speaker: 'alex', maxMissionSeconds: SUITE_MISSION_SECONDS[spec.suite] ?? MAX_MISSION_SECONDS });
    const user = emptyTally();
    let missionId = '';
    const bounded = <T>(p: Promise<T>, stage: string): Promise<T> =>
      within(p, HANG_WALL_SECONDS, () => `${stage} (mission ${missionId || 'not started'}, status ${missionId ? (orca.getMission(missionId)?.status ?? '?') : '-'})`);
    try {
      // A task generated with its own scene (alfred-train) uploads it first, as a person would.
      if (task.sceneText !== undefined) orca.addScene(task.sceneText);
      const steps = task.directions && task.directions.length > 0 ? { steps: task.directions } : {};
      let view = await bounded(orca.startMission({ instruction: task.instruction, scene: task.scene, speaker: 'alex', ...steps, ...(task.robot ? { robot: task.robot } : {}) }), 'startMission');
      missionId = view.id;
      for (let round = 0; round < MAX_ROUNDS; round++) {
        view = await bounded(orca.settled(view.id), 'settled');
        if (TERMINAL_STATUSES.includes(view.status)) break;
        const pending = orca.pendingRequests(view.id);
        if (pending.length === 0) break;
        for (const req of pending) view = await bounded(orca.answer(view.id, req.id, scriptedResponse(task, req, user)), `answer ${req.kind}`);
      }
      if (!TERMINAL_STATUSES.includes(view.status)) view = await bounded(orca.cancel(view.id, 'benchmark: mission did not settle'), 'cancel');
      const wallMs = performance.now() - t0;
      const events = orca.traces.events(view.id, { limit: 10_000 });
      const truth = orca.groundTruth(task.scene);
      const view_ = truth ? viewFromSnapshot(truth.snapshot as WorldSnapshot) : truthFromObjects(orca.worldObjects(task.scene) ?? []);
      const score = scoreGoal(task, view_, { delegatedTo: user.delegatedTo, succeeded: view.status === 'succeeded' });
      const faults = truth ? (truth.injectedFaults as readonly InjectedFault[]) : null;
      return {
        ...base(spec),
        status: view.status,
        reason: view.reason,
        score,
        user,
        subgoals: view.subgoals.length,
        subgoalsSucceeded: view.subgoals.filter((s) => s.status === 'succeeded').length,
        recoveries: recoveriesOf(events, view),
        falseCompletions: faults ? falseCompletionsOf(faults, events) : null,
        wrongSuccess: view.status === 'succeeded' && !score.success,
        verifierFooled: view.status === 'succeeded' && ownGoalHolds(view.goal, view_) === false,
        perceptionFaults: perceptionFaultsOf(truth?.perceptionFaults),
        simTime: view.simTime,
        wallMs,
        traceEvents: events.length,
      };
    } catch (e) {
      return errorRecord(spec, e, performance.now() - t0, user);
    } finally {
      await within(orca.close(), HANG_WALL_SECONDS, () => 'close').catch((e: unknown) => console.error(`[bench] ${spec.task.id} ${spec.config}@${spec.preset} seed ${spec.seed}: ${String(e)}`));
    }
  }

  async close(): Promise<void> {}
}

/**
 * The world and policy seed of one mission: the run's seed joined to the task, so tasks draw their
 * faults independently (with the bare seed, every task's n-th attempt shared one fault plan and the
 * suites' outcomes moved together by seed), while every configuration still meets the same draws.
 */
export function worldSeed(spec: Pick<RunSpec, 'task' | 'seed'>): string {
  return `${spec.task.id}#${spec.seed}`;
}

function base(spec: RunSpec): Pick<MissionRecord, 'suite' | 'taskId' | 'family' | 'tags' | 'ambiguous' | 'config' | 'preset' | 'seed'> {
  return { suite: spec.suite, taskId: spec.task.id, family: spec.task.family, tags: spec.task.tags, ambiguous: spec.task.ambiguous, config: spec.config, preset: spec.preset, seed: spec.seed };
}

export function errorRecord(spec: RunSpec, e: unknown, wallMs: number, user: UserTally = emptyTally()): MissionRecord {
  return {
    ...base(spec),
    status: 'error',
    reason: null,
    score: { success: false, clausesMet: 0, clauses: spec.task.goal.length, personReported: 0, undecidable: [] },
    user,
    subgoals: 0,
    subgoalsSucceeded: 0,
    recoveries: {},
    falseCompletions: null,
    wrongSuccess: false,
    verifierFooled: false,
    perceptionFaults: null,
    simTime: 0,
    wallMs,
    traceEvents: 0,
    error: e instanceof Error ? e.message : String(e),
  };
}
