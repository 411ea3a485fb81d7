import type { Fleet, FleetRunnerOptions } from '../../agents/orchestrator/fleet.js';
import type { RobotView, SceneSummary, WorldObjectView } from '../../agents/orchestrator/types.js';
import type { SiteLatch } from '../domain/estop.js';
import type { SiteGeometry } from '../traces/index.js';
import type { Plan, Subgoal } from '../domain/plan.js';
import { delegateSubgoal } from '../execution/index.js';
import type { MissionRunner } from '../execution/index.js';
import type { FaultConfig, FaultPreset } from '../executors/index.js';
import { BeliefState } from '../reasoning/belief.js';
import type { PlanningContext, ProposedCall, RobotProfile } from '../reasoning/provider.js';
import { SimHousehold } from '../runtime/index.js';
import { createClaimTrustingVerifier } from '../verifier/index.js';
import type { NoisePreset, Scene, WorldSnapshot } from '../world/index.js';
import { MissionDriver, fastPacer, pacedPacer } from './mission-driver.js';

export interface SimFleetOptions {
  scene: Scene;
  source: 'builtin' | 'uploaded';
  seed: number | string;
  faults: FaultPreset | FaultConfig;
  /** Absent: the fault preset decides (`realistic` faults bring realistic perception). */
  noise?: NoisePreset;
  clock: 'realtime' | 'fast';
  speed: number;
  /** Simulated seconds a mission's robots may work before it is cancelled; time spent waiting for people does not count. */
  maxMissionSeconds: number;
  /** Persists the world after each subgoal outcome so a restarted process can rebuild it. */
  save?: (snapshot: WorldSnapshot) => void;
  siteLatch?: SiteLatch;
}

export function sceneSummary(scene: Scene, source: 'builtin' | 'uploaded'): SceneSummary {
  return {
    name: scene.name,
    kind: scene.kind,
    source,
    robots: scene.robots.map((r) => r.id),
    people: scene.people.map((p) => p.id),
    description: scene.description ?? null,
  };
}

/** Every entity of a simulated world's snapshot, where it is and in what state. */
export function worldObjects(snap: WorldSnapshot): WorldObjectView[] {
  return snap.entities.map((e) => ({
    id: e.id,
    type: e.type,
    attributes: Object.fromEntries(Object.entries(e.attributes).map(([k, v]) => [k, String(v)])),
    state: { ...e.state } as Record<string, boolean | number | string>,
    location: e.heldBy ? { relation: 'held_by', target: e.heldBy } : e.placement ? { relation: e.placement.relation, target: e.placement.target } : { relation: 'at', target: e.room },
  }));
}

/**
 * A fleet over the simulated household: one world and clock shared by every mission on the scene.
 * Simulated time runs only while a runner is live — as fast as the machine allows, or paced to the
 * wall clock — so a quiet service costs nothing. It stands still while every live mission only
 * waits for a person's answer: nothing the robots do then depends on it, and a person is never
 * raced by a clock (a mission's budget counts the robots' time, not the people's).
 */
export class SimFleet implements Fleet {
  readonly scene: SceneSummary;
  readonly household: SimHousehold;
  private readonly belief: BeliefState;
  private readonly driver: MissionDriver;
  /** Every subgoal grounded here, so a person's reported work can be acted out in the simulation. */
  private readonly grounded = new Map<string, Subgoal>();
  private lastSighting = -Infinity;

  constructor(private readonly opts: SimFleetOptions) {
    this.scene = sceneSummary(opts.scene, opts.source);
    this.household = new SimHousehold({ scene: opts.scene, seed: opts.seed, faults: opts.faults, ...(opts.noise ? { noise: opts.noise } : {}), ...(opts.siteLatch ? { siteLatch: opts.siteLatch } : {}) });
    const world = this.household.sim.world;
    this.belief = BeliefState.fromObservations([], world.staticMap(), world.people().map((p) => ({ id: p.id, name: p.name, room: p.room, position: p.position })));
    this.perceive();
    const sim = this.household.sim;
    const advance = (ticks: number): void => sim.advance(ticks);
    const after = (): void => this.foldSightings();
    this.driver = new MissionDriver({
      simTime: () => this.simTime,
      maxMissionSeconds: opts.maxMissionSeconds,
      pacer: opts.clock === 'fast' ? fastPacer(advance, after) : pacedPacer({ advance, simTime: () => this.simTime, dt: sim.ticker.dt, speed: opts.speed, after }),
    });
  }

  get simTime(): number {
    return this.household.sim.ticker.simTime;
  }

  believed(): BeliefState {
    return this.belief;
  }

  perceive(): BeliefState {
    for (const robot of this.household.robots.values()) this.belief.update(robot.observe());
    return this.belief;
  }

  private profiles(): RobotProfile[] {
    const world = this.household.sim.world;
    const family: RobotProfile['families'] = this.opts.scene.kind === 'tabletop' ? ['tabletop'] : ['household'];
    return world.robotIds().map((id) => {
      const r = world.robot(id);
      const trained = this.household.executors.get(id)?.trainedTemplates;
      return { id, kind: r.kind, capabilities: [...r.capabilities], families: family, position: { x: r.pose.x, y: r.pose.y }, room: this.belief.robots.get(id)?.room ?? null, reach: r.reach, ...(trained ? { trainedTemplates: trained } : {}) };
    });
  }

  planningContext(speaker: string, onlyRobots?: readonly string[]): PlanningContext {
    return {
      belief: this.belief,
      skills: this.household.skills,
      robots: this.profiles(),
      people: [...this.belief.people.values()],
      speaker,
      ...(onlyRobots ? { onlyRobots } : {}),
    };
  }

  ground(calls: readonly ProposedCall[], planId: string, version: number): Plan {
    const plan = this.household.plan(
      calls.map((c) => ({ id: c.id, skill: c.skill, args: c.args, robot: c.assignee.id, dependsOn: c.dependsOn })),
      planId,
    );
    for (const sg of plan.subgoals) this.grounded.set(sg.id, sg);
    return { ...plan, version };
  }

  personReportedDone(subgoalId: string, person: string): void {
    const sg = this.grounded.get(subgoalId);
    if (!sg || !this.household.sim.world.people().some((p) => p.id === person)) return;
    this.household.sim.world.applyPersonWork(person, delegateSubgoal(sg, person).success.all);
  }

  createRunner(opts: FleetRunnerOptions): MissionRunner {
    const runner = this.household.runner(opts.plan, {
      missionId: opts.missionId,
      reflect: opts.reflect,
      humans: opts.humans,
      stepSampleEvery: 10,
      goalSeqStart: opts.goalSeqStart,
      ...(opts.preflight ? { preflight: opts.preflight } : {}),
      ...(opts.trustExecutorDone ? { verifier: createClaimTrustingVerifier() } : {}),
    });
    this.driver.track(runner);
    runner.subscribe((e) => {
      if (e.type === 'subgoal_state' && (e.to === 'succeeded' || e.to === 'failed')) this.foldSightings(true);
    });
    const save = this.opts.save;
    if (save) {
      runner.subscribe((e) => {
        if (e.type === 'subgoal_state' && (e.to === 'succeeded' || e.to === 'failed')) save(this.household.sim.world.truth.snapshot());
      });
    }
    void runner.done.finally(() => save?.(this.household.sim.world.truth.snapshot()));
    return runner;
  }

  drive(runner: MissionRunner): void {
    this.driver.drive(runner);
  }

  /**
   * Folds what the robots saw while they worked into the shared belief, twice a simulated second, so
   * a robot that drove through a room has seen what lies there. Reuses each robot's latest
   * observation: asking the world again would draw from its noise stream.
   */
  private foldSightings(force = false): void {
    if (!force && this.simTime - this.lastSighting < 0.5) return;
    this.lastSighting = this.simTime;
    for (const robot of this.household.robots.values()) {
      const seen = robot.latest;
      if (seen) this.belief.update(seen);
    }
  }

  estop(): void {
    for (const r of this.household.robots.values()) r.estop();
  }

  releaseEstop(): void {
    for (const r of this.household.robots.values()) r.releaseEstop();
  }

  robots(): RobotView[] {
    const world = this.household.sim.world;
    return world.robotIds().map((id) => {
      const info = world.robot(id);
      const robot = this.household.robots.get(id);
      const latest = robot?.latest ?? null;
      return {
        id,
        scene: this.scene.name,
        kind: info.kind,
        capabilities: [...info.capabilities],
        busyWith: null,
        estopped: robot?.estopped ?? false,
        pose: { x: info.pose.x, y: info.pose.y, theta: info.pose.theta },
        holding: latest?.gripper.holding ?? null,
        health: { ok: true, detail: 'simulated' },
        sees: (latest?.detections ?? [])
          .map((d) => ({ id: d.id, type: d.type, confidence: Math.round(d.confidence * 100) / 100 }))
          .sort((a, b) => b.confidence - a.confidence || a.id.localeCompare(b.id)),
      };
    });
  }

  svg(): string {
    return this.household.sim.world.toSVG();
  }

  site(): SiteGeometry {
    return this.household.sim.world.siteGeometry();
  }

  /** Ground truth of the simulated world (benchmark scoring and the CLI's `finalWorld`; never read by orca's decisions). */
  objects(): WorldObjectView[] {
    return worldObjects(this.household.sim.world.truth.snapshot());
  }

  groundTruth(): { snapshot: unknown; injectedFaults: readonly unknown[]; perceptionFaults?: unknown } {
    const world = this.household.sim.world;
    return { snapshot: world.truth.snapshot(), injectedFaults: [...this.household.injectedFaults()], perceptionFaults: world.perceptionFaults() };
  }

  saveState(): unknown {
    return this.household.sim.world.truth.snapshot();
  }

  close(): void {
    this.driver.close();
  }
}
