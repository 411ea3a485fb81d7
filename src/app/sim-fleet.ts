import type { Fleet, FleetRunnerOptions } from '../../agents/orchestrator/fleet.js';
import type { RobotView, SceneSummary, WorldObjectView } from '../../agents/orchestrator/types.js';
import type { SiteLatch } from '../domain/estop.js';
import type { Plan, Subgoal } from '../domain/plan.js';
import { HumanWaitMeter, delegateSubgoal } from '../execution/index.js';
import type { MissionRunner } from '../execution/index.js';
import type { FaultConfig, FaultPreset } from '../executors/index.js';
import { BeliefState } from '../reasoning/belief.js';
import type { PlanningContext, ProposedCall, RobotProfile } from '../reasoning/provider.js';
import { SimHousehold } from '../runtime/index.js';
import { createClaimTrustingVerifier } from '../verifier/index.js';
import type { Scene, WorldSnapshot } from '../world/index.js';

export interface SimFleetOptions {
  scene: Scene;
  source: 'builtin' | 'uploaded';
  seed: number | string;
  faults: FaultPreset | FaultConfig;
  noise: 'off' | 'default';
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

/** A runner's budget: when it started to be driven, and how long it has waited for people since. */
interface Budget {
  meter: HumanWaitMeter;
  startedAt: number | null;
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
  private readonly runners = new Map<MissionRunner, Budget>();
  private wakeLoop: (() => void) | null = null;
  /** Every subgoal grounded here, so a person's reported work can be acted out in the simulation. */
  private readonly grounded = new Map<string, Subgoal>();
  private driving = false;
  private closed = false;
  private lastSighting = -Infinity;

  constructor(private readonly opts: SimFleetOptions) {
    this.scene = sceneSummary(opts.scene, opts.source);
    this.household = new SimHousehold({ scene: opts.scene, seed: opts.seed, faults: opts.faults, noise: opts.noise, ...(opts.siteLatch ? { siteLatch: opts.siteLatch } : {}) });
    const world = this.household.sim.world;
    this.belief = BeliefState.fromObservations([], world.staticMap(), world.people().map((p) => ({ id: p.id, name: p.name, room: p.room, position: p.position })));
    this.perceive();
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
    const budget: Budget = { meter: new HumanWaitMeter(), startedAt: null };
    this.runners.set(runner, budget);
    runner.subscribe((e) => {
      budget.meter.observe(e);
      if (e.type === 'subgoal_state' && (e.to === 'succeeded' || e.to === 'failed')) this.foldSightings(true);
      this.wake();
    });
    const save = this.opts.save;
    if (save) {
      runner.subscribe((e) => {
        if (e.type === 'subgoal_state' && (e.to === 'succeeded' || e.to === 'failed')) save(this.household.sim.world.truth.snapshot());
      });
    }
    void runner.done.finally(() => {
      this.runners.delete(runner);
      save?.(this.household.sim.world.truth.snapshot());
      this.wake();
    });
    return runner;
  }

  drive(runner: MissionRunner): void {
    const budget = this.runners.get(runner);
    if (budget && budget.startedAt === null) budget.startedAt = this.simTime;
    if (this.driving) return;
    this.driving = true;
    void this.loop();
  }

  private async loop(): Promise<void> {
    const sim = this.household.sim;
    const dt = sim.ticker.dt;
    let wallStart = performance.now();
    let simStart = this.simTime;
    while (!this.closed && this.runners.size > 0) {
      this.enforceBudgets();
      if (this.onlyPeopleAwaited()) {
        await new Promise<void>((r) => (this.wakeLoop = r));
        // Paced time resumes from now: the wait is not made up for in a burst.
        wallStart = performance.now();
        simStart = this.simTime;
        continue;
      }
      if (this.opts.clock === 'fast') {
        sim.advance(10);
        this.foldSightings();
        await new Promise<void>((r) => setImmediate(r));
      } else {
        const due = simStart + ((performance.now() - wallStart) / 1000) * this.opts.speed;
        const steps = Math.min(50, Math.max(0, Math.floor((due - this.simTime) / dt)));
        if (steps > 0) {
          sim.advance(steps);
          this.foldSightings();
        } else if (due - this.simTime > 1) {
          wallStart = performance.now();
          simStart = this.simTime;
        }
        await new Promise<void>((r) => setTimeout(r, Math.max(5, (dt / this.opts.speed) * 1000)));
      }
    }
    this.driving = false;
  }

  /** Every live mission waits for a person and none has anything under way. */
  private onlyPeopleAwaited(): boolean {
    for (const { meter } of this.runners.values()) if (!meter.waitingForPeople || meter.needsTheClock) return false;
    return true;
  }

  private wake(): void {
    const wake = this.wakeLoop;
    this.wakeLoop = null;
    wake?.();
  }

  /** Cancels a mission whose robots have worked past the budget, not counting its waits for people. */
  private enforceBudgets(): void {
    const max = this.opts.maxMissionSeconds;
    for (const [runner, budget] of this.runners) {
      if (budget.startedAt === null) continue;
      const worked = this.simTime - budget.startedAt - budget.meter.waitedSeconds(this.simTime);
      if (worked <= max) continue;
      budget.startedAt = null;
      runner.cancel(`no outcome within ${max} simulated seconds of work (time spent waiting for people does not count)`);
    }
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

  /** Ground truth of the simulated world (benchmark scoring and the CLI's `finalWorld`; never read by orca's decisions). */
  objects(): WorldObjectView[] {
    const snap = this.household.sim.world.truth.snapshot();
    return snap.entities.map((e) => ({
      id: e.id,
      type: e.type,
      attributes: Object.fromEntries(Object.entries(e.attributes).map(([k, v]) => [k, String(v)])),
      state: { ...e.state } as Record<string, boolean | number | string>,
      location: e.heldBy
        ? { relation: 'held_by', target: e.heldBy }
        : e.placement
          ? { relation: e.placement.relation, target: e.placement.target }
          : { relation: 'at', target: e.room },
    }));
  }

  groundTruth(): { snapshot: unknown; injectedFaults: readonly unknown[] } {
    return { snapshot: this.household.sim.world.truth.snapshot(), injectedFaults: [...this.household.injectedFaults()] };
  }

  saveState(): unknown {
    return this.household.sim.world.truth.snapshot();
  }

  close(): void {
    this.closed = true;
    for (const r of this.runners.keys()) r.dispose();
    this.runners.clear();
    this.wake();
  }
}
