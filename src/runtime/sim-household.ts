import type { Assignee, Plan, SiteLatch, Subgoal, VerifierFactory } from '../domain/index.js';
import { createMissionRunner, defaultReflection } from '../execution/index.js';
import type { HumanRequest, MissionOutcome, MissionRunner, MissionRunnerOptions, ReflectionHook } from '../execution/index.js';
import { SimExecutor, SimVlaPolicy } from '../executors/index.js';
import type { FaultConfig, FaultPreset, InjectedFault } from '../executors/index.js';
import { SimRobot } from '../robots/index.js';
import { groundSubgoal, loadSkillLibrary } from '../skills/index.js';
import type { SkillLibrary } from '../skills/index.js';
import { createTemporalVerifier } from '../verifier/index.js';
import { loadBuiltinScene, loadScene, Simulation } from '../world/index.js';
import type { NoisePreset, Scene } from '../world/index.js';
import { sceneDescriber } from './describe.js';

export interface SimHouseholdOptions {
  /** A built-in scene name (`home`, `libero/<task>`) or a loaded scene. */
  scene: string | Scene;
  seed?: number | string;
  faults?: FaultPreset | FaultConfig;
  /** Observation noise; by default `realistic` with the `realistic` fault preset, else `default`. */
  noise?: NoisePreset;
  controlRate?: number;
  skills?: SkillLibrary;
  /** The process's e-stop latch: while it is set, no robot of this household moves. */
  siteLatch?: SiteLatch;
}

/** A hand-written or planned call of a skill, before grounding. */
export interface SkillCall {
  id: string;
  skill: string;
  args: Record<string, string>;
  robot: string;
  dependsOn?: string[];
}

export type RunOptions = Partial<Omit<MissionRunnerOptions, 'plan' | 'executors' | 'verifier' | 'ticker'>> & {
  /** Simulated seconds after which the mission is cancelled. */
  maxSeconds?: number;
  /** Answers approval requests (as an operator would); without it, gated skills wait. */
  approve?: (req: Extract<HumanRequest, { kind: 'approval' }>) => boolean;
  /** Replaces the temporal verifier (the benchmark's open-loop baseline trusts the executor's claim). */
  verifier?: VerifierFactory;
};

/**
 * The simulated household wired end to end: world and control clock, one safety-filtered robot and
 * one simulated VLA policy per scene robot, the skill library and the temporal verifier. The
 * composition root the CLI, the server and the tests build missions on.
 */
export class SimHousehold {
  readonly scene: Scene;
  readonly sim: Simulation;
  readonly robots = new Map<string, SimRobot>();
  readonly policies = new Map<string, SimVlaPolicy>();
  readonly executors = new Map<string, SimExecutor>();
  readonly skills: SkillLibrary;
  readonly verifier: VerifierFactory;
  readonly describe: (id: string) => string;
  private readonly injected: InjectedFault[] = [];
  /** For scoring injected faults only: every grounded subgoal, and which subgoal each goal id runs. */
  private readonly grounded = new Map<string, Subgoal>();
  private readonly subgoalOfGoal = new Map<string, string>();

  constructor(opts: SimHouseholdOptions) {
    this.scene = typeof opts.scene === 'string' ? loadBuiltinScene(opts.scene) : opts.scene;
    const seed = opts.seed ?? 0;
    this.sim = Simulation.fromScene(this.scene, { seed, noise: opts.noise ?? (opts.faults === 'realistic' ? 'realistic' : 'default'), controlRate: opts.controlRate ?? 20 });
    this.skills = opts.skills ?? loadSkillLibrary();
    this.verifier = createTemporalVerifier();
    this.describe = sceneDescriber(this.scene);
    const siteLatch = opts.siteLatch;
    if (siteLatch) {
      // First in the control phase, before any policy acts: a robot whose executor sends nothing this
      // tick would otherwise keep integrating its last command.
      this.sim.ticker.onTick(() => {
        if (siteLatch.latched) for (const r of this.robots.values()) r.halt();
      }, 'control');
    }
    for (const id of this.sim.world.robotIds()) {
      const robot = new SimRobot(this.sim.world, id, { dt: this.sim.ticker.dt, ...(siteLatch ? { siteLatch } : {}) });
      const policy = new SimVlaPolicy({ faults: opts.faults ?? 'off', seed: `${String(seed)}/${id}` });
      policy.onFault((f) => this.injected.push(f.falseCompletion ? { ...f, workAlreadyDone: this.criteriaHold(f.goalId) } : f));
      this.robots.set(id, robot);
      this.policies.set(id, policy);
      this.executors.set(id, new SimExecutor(robot, policy, this.sim.ticker));
    }
  }

  static fromSceneText(text: string, opts: Omit<SimHouseholdOptions, 'scene'> = {}): SimHousehold {
    return new SimHousehold({ ...opts, scene: loadScene(text) });
  }

  /**
   * Whether the world's truth already meets the success criteria of the subgoal a goal id runs: an
   * early "done" is then a true claim, not a false completion to be caught.
   */
  private criteriaHold(goalId: string): boolean {
    const sg = this.grounded.get(this.subgoalOfGoal.get(goalId) ?? '');
    if (!sg) return false;
    return sg.success.all.every((p) => {
      try {
        return this.sim.world.truth.evaluate(p);
      } catch {
        return false;
      }
    });
  }

  /** Faults the simulated policies injected so far (tests and benchmarks only; orca never reads them). */
  injectedFaults(): readonly InjectedFault[] {
    return this.injected;
  }

  /** Grounds skill calls into a plan, rendering each instruction in the assigned policy's trained phrasing. */
  plan(calls: readonly SkillCall[], id = 'plan-1'): Plan {
    const subgoals: Subgoal[] = calls.map((c) => {
      const assignee: Assignee = this.robots.has(c.robot) ? { kind: 'robot', id: c.robot } : { kind: 'person', id: c.robot };
      const executor = this.executors.get(c.robot);
      return groundSubgoal(this.skills.get(c.skill), {
        id: c.id,
        args: c.args,
        assignee,
        dependsOn: c.dependsOn ?? [],
        describe: this.describe,
        ...(executor ? { trainedTemplates: executor.trainedTemplates } : {}),
      });
    });
    for (const sg of subgoals) this.grounded.set(sg.id, sg);
    return { id, version: 1, subgoals };
  }

  /** A mission runner over this household's robots; the caller drives time with `runUntilDone`. */
  runner(plan: Plan, opts: RunOptions = {}): MissionRunner {
    const reflect: ReflectionHook = opts.reflect ?? defaultReflection;
    const { approve, verifier, ...runnerOpts } = opts;
    let runner: MissionRunner | null = null;
    const humans = approve
      ? {
          request: (req: HumanRequest) => {
            if (req.kind === 'approval') {
              // Answer on the next turn of the event loop, as a person's click would arrive.
              const ok = approve(req);
              queueMicrotask(() => (ok ? runner?.approve(req.subgoalId, 'operator') : runner?.reject(req.subgoalId, 'refused by operator')));
            }
            opts.humans?.request(req);
          },
        }
      : opts.humans;
    runner = createMissionRunner({
      ...runnerOpts,
      ...(humans ? { humans } : {}),
      plan,
      reflect,
      executors: this.executors,
      verifier: verifier ?? this.verifier,
      ticker: this.sim.ticker,
      estopAll: () => this.robots.forEach((r) => r.estop()),
      releaseAll: () => this.robots.forEach((r) => r.releaseEstop()),
      observers: new Map([...this.robots].map(([id, r]) => [id, () => r.observe()] as const)),
    });
    runner.subscribe((e) => {
      if (e.type === 'dispatch_recorded') this.subgoalOfGoal.set(e.goalId, e.subgoalId);
    });
    return runner;
  }

  /**
   * Advances simulated time until the runner reaches an outcome (or `maxSeconds` pass, then cancels).
   * Yields to the event loop between batches of ticks so promise-based listeners keep up.
   */
  async runUntilDone(runner: MissionRunner, maxSeconds = 600): Promise<MissionOutcome> {
    let outcome: MissionOutcome | null = null;
    void runner.done.then((o) => {
      outcome = o;
    });
    const deadline = this.sim.ticker.simTime + maxSeconds;
    let cancelled = false;
    while (outcome === null) {
      if (this.sim.ticker.simTime >= deadline && !cancelled) {
        runner.cancel(`no outcome within ${maxSeconds} simulated seconds`);
        cancelled = true;
      }
      this.sim.advance(10);
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    return outcome;
  }

  /** Grounds, runs and waits: the whole of a hand-written mission. */
  async run(calls: readonly SkillCall[], opts: RunOptions = {}): Promise<{ outcome: MissionOutcome; runner: MissionRunner }> {
    const runner = this.runner(this.plan(calls), opts);
    runner.start();
    const outcome = await this.runUntilDone(runner, opts.maxSeconds);
    runner.dispose();
    return { outcome, runner };
  }
}
