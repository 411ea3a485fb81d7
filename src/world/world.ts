import type { ActionLimits, RobotAction } from '../domain/action.js';
import type { Capability } from '../domain/entities.js';
import type { Pose2D, Vec3 } from '../domain/geometry.js';
import type { Observation } from '../domain/observation.js';
import type { Predicate } from '../domain/predicates.js';
import { Random } from '../domain/random.js';
import { renderRobotCameras, robotCameras } from './camera/index.js';
import type { CameraSpec, RgbFrame } from './camera/index.js';
import { eePosition, entityPosition } from './geom.js';
import { NOISE_PRESETS, buildObservation } from './observation.js';
import { ViewCache } from './view-cache.js';
import type { NoisePreset } from './observation.js';
import { PerceptionFaults } from './perception-faults.js';
import type { PerceptionFaultCounts } from './perception-faults.js';
import { stepRobot } from './physics.js';
import { applyPersonWork } from './person.js';
import type { PersonWorkResult } from './person.js';
import { recordReached, stepProcesses } from './processes.js';
import { renderSvg } from './render-svg.js';
import type { SvgOptions } from './render-svg.js';
import type { Scene } from './scene-schema.js';
import { snapshot, staticMap } from './snapshot.js';
import type { EntitySnapshot, StaticMap, WorldSnapshot } from './snapshot.js';
import { LIMITS, buildState, cloneState } from './state.js';
import type { RobotKind, WorldState } from './state.js';
import { evaluate } from './truth.js';

export interface WorldOptions {
  seed: number | string;
  noise?: NoisePreset;
}

export interface RobotInfo {
  id: string;
  kind: RobotKind;
  capabilities: Capability[];
  pose: Pose2D;
  ee: Vec3;
  /** Planar reach of the end effector from the base centre, metres. */
  reach: number;
  limits: ActionLimits;
}

/** Ground truth: for tests and the benchmark only, never for robots or the verifier. */
export interface WorldTruth {
  evaluate(p: Predicate): boolean;
  entity(id: string): EntitySnapshot;
  snapshot(): WorldSnapshot;
}

/** Rooms (south-west corner, extent) and fixtures (centre, footprint, height) of a site. */
export interface SiteGeometryView {
  rooms: { id: string; name: string; x: number; y: number; w: number; d: number }[];
  fixtures: { id: string; name: string; x: number; y: number; w: number; d: number; h: number; color: string | null }[];
}

/** The simulated household: integrates robot commands and processes, and answers noisy observations. */
export class World {
  private readonly state: WorldState;
  private readonly noiseRng = new Map<string, Random>();
  private readonly seqs = new Map<string, number>();
  private readonly noisePreset: NoisePreset;
  private readonly views: ViewCache;
  private readonly perception: PerceptionFaults | null;
  readonly truth: WorldTruth;

  private constructor(
    scene: Scene,
    private readonly opts: WorldOptions,
    state?: WorldState,
  ) {
    this.state = state ?? buildState(scene);
    this.views = new ViewCache(this.state);
    this.noisePreset = opts.noise ?? 'default';
    const root = new Random(opts.seed);
    const persistent = NOISE_PRESETS[this.noisePreset].persistent;
    this.perception = persistent ? new PerceptionFaults(persistent, opts.seed) : null;
    for (const id of this.state.robots.keys()) {
      this.noiseRng.set(id, root.fork(`observe/${id}`));
      this.seqs.set(id, 0);
    }
    this.truth = {
      evaluate: (p) => evaluate(this.state, p),
      entity: (id) => {
        const e = snapshot(this.state).entities.find((x) => x.id === id);
        if (!e) throw new Error(`no entity "${id}"`);
        return e;
      },
      snapshot: () => snapshot(this.state),
    };
  }

  static fromScene(scene: Scene, opts: WorldOptions): World {
    return new World(scene, opts);
  }

  /**
   * An independent copy of the world as it is now, with its own observation noise (seeded from this
   * world's seed): a model to try actions on without touching this world. The simulated policy behind
   * `orca sim-robot` rolls an action chunk ahead on one.
   */
  fork(label = 'fork'): World {
    return new World(this.state.scene, { ...this.opts, seed: `${String(this.opts.seed)}/${label}` }, cloneState(this.state));
  }

  get scene(): Scene {
    return this.state.scene;
  }

  get seed(): number | string {
    return this.opts.seed;
  }

  get simTime(): number {
    return this.state.simTime;
  }

  robotIds(): string[] {
    return [...this.state.robots.keys()];
  }

  robot(id: string): RobotInfo {
    const r = this.requireRobot(id);
    return {
      id: r.id,
      kind: r.kind,
      capabilities: [...r.capabilities],
      pose: { ...r.pose },
      ee: eePosition(r),
      reach: r.reach,
      limits: { ...LIMITS },
    };
  }

  people(): { id: string; name: string; room: string; position: { x: number; y: number } }[] {
    return [...this.state.people.values()].map((p) => ({ id: p.id, name: p.name, room: p.room, position: { ...p.position } }));
  }

  /** The robot follows this command until it is replaced. */
  setCommand(robotId: string, action: RobotAction): void {
    const r = this.requireRobot(robotId);
    r.cmd = {
      ...(action.base ? { base: { ...action.base } } : {}),
      ...(action.ee ? { ee: { ...action.ee } } : {}),
      ...(action.gripper !== undefined ? { gripper: action.gripper } : {}),
      ...(action.press !== undefined ? { press: action.press } : {}),
    };
  }

  /** Zero every velocity now; the gripper keeps its target. */
  haltRobot(robotId: string): void {
    const r = this.requireRobot(robotId);
    r.cmd = { base: { vx: 0, vy: 0, wz: 0 }, ee: { vx: 0, vy: 0, vz: 0 } };
  }

  step(dt: number): void {
    if (!(dt > 0 && Number.isFinite(dt))) throw new Error(`step needs a positive dt, got ${dt}`);
    this.views.invalidate();
    for (const r of this.state.robots.values()) stepRobot(this.state, r, dt);
    stepProcesses(this.state, dt);
    recordReached(this.state);
    this.state.simTime += dt;
    this.views.invalidate();
  }

  /**
   * A person does delegated work: each positive predicate is made physically true as a person would
   * (carrying things, opening and closing what they need, switching, washing, heating, slicing).
   * The verifier still has to see it; this only changes the world.
   */
  applyPersonWork(personId: string, predicates: readonly Predicate[]): PersonWorkResult {
    this.views.invalidate();
    try {
      return applyPersonWork(this.state, personId, predicates);
    } finally {
      this.views.invalidate();
    }
  }

  observe(robotId: string): Observation {
    const r = this.requireRobot(robotId);
    const seq = (this.seqs.get(robotId) ?? 0) + 1;
    this.seqs.set(robotId, seq);
    const noise = NOISE_PRESETS[this.noisePreset];
    const index = this.views.get();
    const obs = buildObservation(this.state, r, seq, this.noiseRng.get(robotId)!, noise, index);
    return this.perception ? this.perception.apply(this.state, r, obs, index, noise.confidence) : obs;
  }

  /** Perception faults that began so far (hallucinations, occlusions): for tests and the benchmark only. */
  perceptionFaults(): PerceptionFaultCounts {
    return this.perception?.tally() ?? { phantoms: 0, occlusions: 0 };
  }

  staticMap(): StaticMap {
    return staticMap(this.state);
  }

  /** The simulated cameras a robot carries. */
  cameras(robotId: string): CameraSpec[] {
    return robotCameras(this.state, this.requireRobot(robotId));
  }

  /**
   * Renders the robot's cameras (all, or the named ones) from the world as it is now. Frames cost a
   * few milliseconds each, so observations leave them out; whoever needs images asks here.
   */
  renderCameras(robotId: string, names?: readonly string[]): Record<string, RgbFrame> {
    return renderRobotCameras(this.state, this.requireRobot(robotId), names);
  }

  /** Rooms and the fixed things with their footprints, for maps drawn outside orca (Foxglove). */
  siteGeometry(): SiteGeometryView {
    const s = this.state;
    return {
      rooms: s.scene.rooms.map((r) => ({ id: r.id, name: r.name ?? r.id, ...r.rect })),
      fixtures: [...s.entities.values()]
        .filter((e) => !e.info.pickupable)
        .map((e) => {
          const p = entityPosition(s, e.id);
          return { id: e.id, name: e.name ?? e.id, x: p.x, y: p.y, w: e.size.w, d: e.size.d, h: Math.max(0.05, e.size.h ?? 0.8), color: e.attributes['color'] ?? null };
        }),
    };
  }

  toSVG(opts: SvgOptions = {}): string {
    return renderSvg(this.state, opts);
  }

  private requireRobot(id: string): WorldState['robots'] extends Map<string, infer R> ? R : never {
    const r = this.state.robots.get(id);
    if (!r) throw new Error(`no robot "${id}" (robots: ${this.robotIds().join(', ')})`);
    return r;
  }
}
