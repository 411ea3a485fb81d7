import { ManualTicker } from '../domain/clock.js';
import type { SiteLatch } from '../domain/estop.js';
import type { Assignee, Plan, Subgoal } from '../domain/plan.js';
import type { VerifierFactory } from '../domain/verification.js';
import { createMissionRunner, defaultReflection } from '../execution/index.js';
import type { MissionRunner, MissionRunnerOptions } from '../execution/index.js';
import type { ModuleImporter } from '../executors/ros2/loader.js';
import { groundSubgoal, loadSkillLibrary } from '../skills/index.js';
import type { SkillLibrary } from '../skills/index.js';
import { createTemporalVerifier } from '../verifier/index.js';
import { Simulation } from '../world/index.js';
import type { NoisePreset, Scene } from '../world/index.js';
import { openFleetBody } from './bodies.js';
import type { BodyOpener } from './bodies.js';
import { ControlGate, systemClock } from './control-gate.js';
import type { WallClock } from './control-gate.js';
import { sceneDescriber } from './describe.js';
import { closeMember, openMembers } from './open-members.js';
import type { FleetMember, FleetRobotSpec } from './open-members.js';
import type { SkillCall } from './sim-household.js';

export interface FleetRuntimeOptions {
  /** The site: names for instructions, and the world of any `sim` body. */
  scene: Scene;
  robots: readonly FleetRobotSpec[];
  controlRateHz: number;
  readyTimeoutMs: number;
  seed: number | string;
  noise: NoisePreset;
  siteLatch?: SiteLatch;
  /** Opens bodies; default: `openBody` of src/robots/bodies (sim, rosbridge and ROS 2). */
  openBody?: BodyOpener;
  clock?: WallClock;
  skills?: SkillLibrary;
  healthTimeoutMs?: number;
  env?: NodeJS.ProcessEnv;
  rclImporter?: ModuleImporter;
  logger?: (message: string) => void;
}

export type FleetRunOptions = Partial<Omit<MissionRunnerOptions, 'plan' | 'executors' | 'ticker'>>;

/**
 * A configured fleet wired end to end: each robot's body and executor, the site's simulated world
 * when some body is `sim`, one control clock, the skills and the temporal verifier. `step()` runs one
 * control period; before it, the control gate waits for every policy answer in flight and for fresh
 * observations from bodies reached over a link, so no step runs past an outstanding request.
 */
export class FleetRuntime {
  readonly skills: SkillLibrary;
  readonly verifier: VerifierFactory = createTemporalVerifier();
  readonly describe: (id: string) => string;
  private readonly gate: ControlGate;
  private closed = false;

  private constructor(
    readonly scene: Scene,
    readonly ticker: ManualTicker,
    readonly sim: Simulation | null,
    readonly members: ReadonlyMap<string, FleetMember>,
    opts: FleetRuntimeOptions,
  ) {
    this.skills = opts.skills ?? loadSkillLibrary();
    this.describe = sceneDescriber(scene);
    this.gate = new ControlGate(
      [...members.values()].map((m) => ({ id: m.id, body: m.body, executor: m.executor, simulated: m.simulated, staleAfterMs: m.staleAfterMs, reconnectGraceMs: opts.readyTimeoutMs, stepDeadlineMs: m.spec.stepDeadlineMs })),
      opts.clock ?? systemClock,
    );
  }

  /** Opens every body and executor; throws `FleetStartError` naming the robot and the part, having closed what it opened. */
  static async open(opts: FleetRuntimeOptions): Promise<FleetRuntime> {
    const sim = simulatedSite(opts);
    const ticker = sim?.ticker ?? ManualTicker.fromRate(opts.controlRateHz);
    const members = new Map<string, FleetMember>();
    const latch = opts.siteLatch;
    if (latch) {
      // First in the control phase, before any policy acts: a latched site moves nothing.
      ticker.onTick(() => {
        if (latch.latched) for (const m of members.values()) m.body.halt();
      }, 'control');
    }
    const opened = await openMembers(opts.robots, {
      openBody: opts.openBody ?? openFleetBody,
      bodyDeps: {
        world: sim?.world ?? null,
        rooms: opts.scene.rooms,
        now: () => ticker.simTime,
        dt: ticker.dt,
        ...(latch ? { siteLatch: latch } : {}),
        ...(opts.logger ? { logger: opts.logger } : {}),
      },
      ticker,
      clock: opts.clock ?? systemClock,
      readyTimeoutMs: opts.readyTimeoutMs,
      ...(opts.healthTimeoutMs !== undefined ? { healthTimeoutMs: opts.healthTimeoutMs } : {}),
      ...(opts.env ? { env: opts.env } : {}),
      ...(opts.rclImporter ? { rclImporter: opts.rclImporter } : {}),
      ...(opts.logger ? { logger: opts.logger } : {}),
    });
    for (const m of opened) members.set(m.id, m);
    return new FleetRuntime(opts.scene, ticker, sim, members, opts);
  }

  /** Some body is reached over a link: the fleet runs on the wall clock. */
  get wallClock(): boolean {
    return [...this.members.values()].some((m) => !m.simulated);
  }

  /** Some step must wait for something outside the process (a policy answer or a link). */
  get gated(): boolean {
    return this.gate.waitsForTheWorld;
  }

  get simTime(): number {
    return this.ticker.simTime;
  }

  /** One control period, after the gate let it through. */
  async step(): Promise<void> {
    if (this.closed) return;
    await this.gate.beforeTick();
    if (!this.closed) this.ticker.advance(1);
  }

  /** Ticks without the gate: for fleets whose every robot and policy is in this process. */
  advance(ticks: number): void {
    if (!this.closed) this.ticker.advance(ticks);
  }

  /** Grounds skill calls into a plan, rendering each instruction in the phrasing its robot's policy was trained on. */
  plan(calls: readonly SkillCall[], id = 'plan-1'): Plan {
    const subgoals: Subgoal[] = calls.map((c) => {
      const member = this.members.get(c.robot);
      const assignee: Assignee = member ? { kind: 'robot', id: c.robot } : { kind: 'person', id: c.robot };
      return groundSubgoal(this.skills.get(c.skill), {
        id: c.id,
        args: c.args,
        assignee,
        dependsOn: c.dependsOn ?? [],
        describe: this.describe,
        ...(member ? { trainedTemplates: member.executor.trainedTemplates } : {}),
      });
    });
    return { id, version: 1, subgoals };
  }

  runner(plan: Plan, opts: FleetRunOptions = {}): MissionRunner {
    const members = [...this.members.values()];
    return createMissionRunner({
      ...opts,
      plan,
      reflect: opts.reflect ?? defaultReflection,
      verifier: opts.verifier ?? this.verifier,
      executors: new Map(members.map((m) => [m.id, m.executor] as const)),
      ticker: this.ticker,
      estopAll: () => members.forEach((m) => m.body.estop()),
      releaseAll: () => members.forEach((m) => m.body.releaseEstop()),
      observers: new Map(members.map((m) => [m.id, () => m.body.observe()] as const)),
    });
  }

  /** Stops every executor, then closes executors and bodies (sockets, nodes). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.members.values()].map((m) => closeMember(m)));
  }
}

/** The site's world with the robots the fleet embodies as `sim`, under the fleet's ids; null when none is. */
function simulatedSite(opts: FleetRuntimeOptions): Simulation | null {
  const embodied = new Map<string, string>();
  for (const r of opts.robots) if (r.body.kind === 'sim') embodied.set(r.body.robot ?? r.id, r.id);
  if (embodied.size === 0) return null;
  const robots = opts.scene.robots.filter((r) => embodied.has(r.id)).map((r) => ({ ...r, id: embodied.get(r.id) ?? r.id }));
  return Simulation.fromScene({ ...opts.scene, robots }, { seed: opts.seed, noise: opts.noise, controlRate: opts.controlRateHz });
}
