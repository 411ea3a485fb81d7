import type { Fleet, FleetRunnerOptions } from '../../agents/orchestrator/fleet.js';
import type { RobotView, SceneSummary, WorldObjectView } from '../../agents/orchestrator/types.js';
import type { SiteGeometry } from '../traces/index.js';
import type { Observation } from '../domain/observation.js';
import type { Plan, Subgoal } from '../domain/plan.js';
import type { VerifierFactory } from '../domain/verification.js';
import { delegateSubgoal } from '../execution/index.js';
import type { MissionRunner } from '../execution/index.js';
import { BeliefState } from '../reasoning/belief.js';
import type { PlanningContext, ProposedCall, RobotProfile } from '../reasoning/provider.js';
import { simRobotOf } from '../runtime/index.js';
import type { FleetMember, FleetRuntime } from '../runtime/index.js';
import { createClaimTrustingVerifier } from '../verifier/index.js';
import { World } from '../world/index.js';
import type { ResolvedFleet, ResolvedFleetRobot } from './fleet-load.js';
import { LinkHealth } from './link-health.js';
import { MissionDriver, fastPacer, gatedPacer, pacedPacer } from './mission-driver.js';
import type { Pacer } from './mission-driver.js';
import { worldObjects } from './sim-fleet.js';
import { siteGeometry, siteSvg } from './site-map.js';

export interface ConfiguredFleetOptions {
  fleet: ResolvedFleet;
  runtime: FleetRuntime;
  /** Sim-only fleets: `fast` or paced to the wall clock; fleets with a linked body always run on the wall clock. */
  clock: 'fast' | 'realtime';
  speed: number;
  maxMissionSeconds: number;
  /** The verifier missions use (the runtime's, or one with a second opinion on camera frames). */
  verifier?: VerifierFactory;
}

/**
 * A fleet over configured robots (config/fleets/*.yaml): the belief is built from the bodies'
 * observations exactly as the simulated household's is from its robots', the page's map comes
 * from the site, and missions run on the fleet runtime's clock.
 */
export class ConfiguredFleet implements Fleet {
  readonly scene: SceneSummary;
  private readonly belief: BeliefState;
  private readonly driver: MissionDriver;
  private readonly robotsById: ReadonlyMap<string, ResolvedFleetRobot>;
  private readonly grounded = new Map<string, Subgoal>();
  private readonly links = new LinkHealth();
  private lastSighting = -Infinity;

  constructor(private readonly opts: ConfiguredFleetOptions) {
    const { fleet, runtime } = opts;
    this.robotsById = new Map(fleet.robots.map((r) => [r.id, r]));
    this.scene = {
      name: fleet.scene.name,
      kind: fleet.scene.kind,
      source: 'fleet',
      robots: fleet.robots.map((r) => r.id),
      people: fleet.scene.people.map((p) => p.id),
      description: fleet.description ?? fleet.scene.description ?? null,
    };
    const map = World.fromScene({ ...fleet.scene, robots: [] }, { seed: 0, noise: 'off' }).staticMap();
    this.belief = BeliefState.fromObservations([], map, fleet.scene.people.map((p) => ({ id: p.id, name: p.name, room: p.room, position: p.position })));
    this.perceive();
    this.driver = new MissionDriver({ simTime: () => this.simTime, maxMissionSeconds: opts.maxMissionSeconds, pacer: this.pacer() });
  }

  private pacer(): Pacer {
    const rt = this.opts.runtime;
    const after = (): void => this.foldSightings();
    const periodMs = rt.ticker.dt * 1000;
    if (rt.wallClock) return gatedPacer({ step: () => rt.step(), after, periodMs });
    if (rt.gated) return gatedPacer({ step: () => rt.step(), after, periodMs: this.opts.clock === 'fast' ? null : periodMs / this.opts.speed });
    const advance = (ticks: number): void => rt.advance(ticks);
    if (this.opts.clock === 'fast') return fastPacer(advance, after);
    return pacedPacer({ advance, simTime: () => this.simTime, dt: rt.ticker.dt, speed: this.opts.speed, after });
  }

  get simTime(): number {
    return this.opts.runtime.simTime;
  }

  private members(): FleetMember[] {
    return [...this.opts.runtime.members.values()];
  }

  believed(): BeliefState {
    return this.belief;
  }

  perceive(): BeliefState {
    for (const m of this.members()) this.belief.update(m.body.observe());
    return this.belief;
  }

  /** The newest observation without asking a simulated world for a new one (which would draw from its noise). */
  private latest(m: FleetMember): Observation | null {
    const sim = simRobotOf(m.body);
    return sim ? sim.latest : m.body.observe();
  }

  private profiles(): RobotProfile[] {
    const family: RobotProfile['families'] = this.opts.fleet.scene.kind === 'tabletop' ? ['tabletop'] : ['household'];
    return this.members().map((m) => {
      const r = this.robotsById.get(m.id);
      const pose = this.latest(m)?.pose ?? { x: 0, y: 0 };
      const trained = m.executor.trainedTemplates;
      return {
        id: m.id,
        kind: r?.kind ?? 'mobile_manipulator',
        capabilities: [...(r?.capabilities ?? [])],
        families: family,
        position: { x: pose.x, y: pose.y },
        room: this.belief.robots.get(m.id)?.room ?? null,
        reach: r?.reach ?? 0.9,
        ...(trained.length > 0 ? { trainedTemplates: trained } : {}),
      };
    });
  }

  planningContext(speaker: string, onlyRobots?: readonly string[]): PlanningContext {
    return { belief: this.belief, skills: this.opts.runtime.skills, robots: this.profiles(), people: [...this.belief.people.values()], speaker, ...(onlyRobots ? { onlyRobots } : {}) };
  }

  ground(calls: readonly ProposedCall[], planId: string, version: number): Plan {
    const plan = this.opts.runtime.plan(
      calls.map((c) => ({ id: c.id, skill: c.skill, args: c.args, robot: c.assignee.id, dependsOn: c.dependsOn })),
      planId,
    );
    for (const sg of plan.subgoals) this.grounded.set(sg.id, sg);
    return { ...plan, version };
  }

  /** People of a simulated site act out what they report; real people already did it. */
  personReportedDone(subgoalId: string, person: string): void {
    const world = this.opts.fleet.simulated ? this.opts.runtime.sim?.world : undefined;
    const sg = this.grounded.get(subgoalId);
    if (!world || !sg || !world.people().some((p) => p.id === person)) return;
    world.applyPersonWork(person, delegateSubgoal(sg, person).success.all);
  }

  createRunner(opts: FleetRunnerOptions): MissionRunner {
    const verifier = opts.trustExecutorDone ? createClaimTrustingVerifier() : this.opts.verifier;
    const runner = this.opts.runtime.runner(opts.plan, {
      missionId: opts.missionId,
      reflect: opts.reflect,
      humans: opts.humans,
      stepSampleEvery: 10,
      goalSeqStart: opts.goalSeqStart,
      ...(opts.preflight ? { preflight: opts.preflight } : {}),
      ...(verifier ? { verifier } : {}),
    });
    this.driver.track(runner);
    runner.subscribe((e) => {
      if (e.type === 'subgoal_state' && (e.to === 'succeeded' || e.to === 'failed')) this.foldSightings(true);
    });
    return runner;
  }

  drive(runner: MissionRunner): void {
    this.driver.drive(runner);
  }

  /** What the robots saw while they worked, folded into the belief twice a second of fleet time. */
  private foldSightings(force = false): void {
    if (!force && this.simTime - this.lastSighting < 0.5) return;
    this.lastSighting = this.simTime;
    for (const m of this.members()) {
      const seen = this.latest(m);
      if (seen) this.belief.update(seen);
    }
  }

  estop(): void {
    for (const m of this.members()) m.body.estop();
  }

  releaseEstop(): void {
    for (const m of this.members()) m.body.releaseEstop();
  }

  robots(): RobotView[] {
    return this.members().map((m) => {
      const r = this.robotsById.get(m.id);
      const latest = this.latest(m);
      return {
        id: m.id,
        scene: this.scene.name,
        kind: r?.kind ?? m.body.kind,
        capabilities: [...(r?.capabilities ?? [])],
        busyWith: null,
        estopped: m.body.estopped,
        pose: latest ? { x: latest.pose.x, y: latest.pose.y, theta: latest.pose.theta } : { x: 0, y: 0, theta: 0 },
        holding: latest?.gripper.holding ?? null,
        health: this.links.view(m),
        sees: (latest?.detections ?? [])
          .map((d) => ({ id: d.id, type: d.type, confidence: Math.round(d.confidence * 100) / 100 }))
          .sort((a, b) => b.confidence - a.confidence || a.id.localeCompare(b.id)),
      };
    });
  }

  site(): SiteGeometry {
    return this.simulatedWorld()?.siteGeometry() ?? siteGeometry(this.opts.fleet.scene);
  }

  svg(): string {
    const world = this.simulatedWorld();
    if (world) return world.toSVG();
    const robots = this.robots().map((v) => ({ id: v.id, kind: this.robotsById.get(v.id)?.kind ?? 'mobile_manipulator', capabilities: this.robotsById.get(v.id)?.capabilities ?? ['navigate'], pose: v.pose }));
    return siteSvg(this.opts.fleet.scene, robots);
  }

  /** The in-process world, when every robot of the fleet lives in it (then it is the site's truth). */
  private simulatedWorld(): World | null {
    return this.opts.fleet.simulated ? (this.opts.runtime.sim?.world ?? null) : null;
  }

  objects(): WorldObjectView[] | null {
    const world = this.simulatedWorld();
    return world ? worldObjects(world.truth.snapshot()) : null;
  }

  groundTruth(): { snapshot: unknown; injectedFaults: readonly unknown[]; perceptionFaults?: unknown } | null {
    const world = this.simulatedWorld();
    return world ? { snapshot: world.truth.snapshot(), injectedFaults: [] } : null;
  }

  saveState(): unknown {
    return this.simulatedWorld()?.truth.snapshot() ?? null;
  }

  close(): void {
    this.driver.close();
  }
}
