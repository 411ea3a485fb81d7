import type { Plan } from '../../src/domain/plan.js';
import type { HumanTaskHook, MissionRunner, Preflight, ReflectionHook } from '../../src/execution/index.js';
import type { BeliefState } from '../../src/reasoning/belief.js';
import type { SiteGeometry } from '../../src/traces/index.js';
import type { PlanningContext, ProposedCall } from '../../src/reasoning/provider.js';
import type { RobotView, SceneSummary, WorldObjectView } from './types.js';

/**
 * What the deliberative tier needs from the robots of one scene, without touching them: beliefs
 * built from their observations, grounding of skill calls into executable subgoals, and mission
 * runners (the executive tier) bound to their executors. The composition root (`src/app/`)
 * implements it over the simulated household or configured robots; the agents never import
 * robots, executors or the world.
 */
export interface Fleet {
  readonly scene: SceneSummary;
  /** Folds the robots' current observations into the fleet's belief and returns it. */
  perceive(): BeliefState;
  /** The belief as last folded, without asking the robots for a new view (which a simulation would have to render). */
  believed(): BeliefState;
  planningContext(speaker: string, onlyRobots?: readonly string[]): PlanningContext;
  /** Grounds calls into a validated plan; throws a ValidationError for calls the skills reject. */
  ground(calls: readonly ProposedCall[], planId: string, version: number): Plan;
  createRunner(opts: FleetRunnerOptions): MissionRunner;
  /** Starts driving simulated time for this runner (real robots: no-op). Resolves nothing; the runner's `done` tells the end. */
  drive(runner: MissionRunner): void;
  /** Latches every robot now, whatever runs. */
  estop(reason: string): void;
  releaseEstop(): void;
  robots(): RobotView[];
  svg(): string | null;
  /** The site's rooms and fixtures for maps drawn outside orca (the Foxglove export); absent when unknown. */
  site?(): SiteGeometry | null;
  objects(): WorldObjectView[] | null;
  readonly simTime: number;
  /**
   * A person reported a task done. A simulated household acts it out (its people really do what
   * they report, so the verifier can check it); real fleets ignore it.
   */
  personReportedDone?(subgoalId: string, person: string): void;
  /** Ground truth of a simulation (tests and the benchmark); null for real robots. */
  groundTruth(): { snapshot: unknown; injectedFaults: readonly unknown[]; perceptionFaults?: unknown } | null;
  /** A JSON snapshot of the simulated world to persist, or null for real robots. */
  saveState(): unknown;
  close(): void;
}

export interface FleetRunnerOptions {
  missionId: string;
  plan: Plan;
  reflect: ReflectionHook;
  humans: HumanTaskHook;
  /** The benchmark's open-loop baseline: trust the executor's "done". */
  trustExecutorDone: boolean;
  /** Goal ids the mission has already used; the runner's continue after them. */
  goalSeqStart: number;
  /** Checked before each robot attempt is dispatched. */
  preflight?: Preflight;
}

export interface FleetProvider {
  /** The fleet for a scene (created on first use); throws OrchestratorError('not_found') for an unknown scene. */
  get(scene: string): Fleet;
  scenes(): SceneSummary[];
  addScene(text: string): SceneSummary;
  /**
   * Simulations only: rebuilds a scene's world (and its robots' belief) as its file describes it and
   * returns the new fleet. The caller makes sure no mission uses the scene. Absent for real robots.
   */
  resetWorld?(scene: string): Fleet;
  /**
   * Simulations only: rebuilds a scene's world from the snapshot saved last (by this process or
   * another), for a mission taken over from a process that stopped. Absent for real robots.
   */
  reloadWorld?(scene: string): Fleet;
  /** Fleets created so far (for e-stop and robot listings). */
  active(): Fleet[];
  /** Releases what the provider opened (robot links, policy connections); awaited when the orchestrator closes. */
  close?(): Promise<void>;
}
