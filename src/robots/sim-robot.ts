import type { ActionLimits, RobotAction } from '../domain/action.js';
import type { Capability } from '../domain/entities.js';
import type { SiteLatch } from '../domain/estop.js';
import type { Observation } from '../domain/observation.js';
import type { ApplyResult, Robot } from '../domain/robot.js';
import { SafetyFilter, workspaceOfRooms, type Workspace } from './safety-filter.js';
import type { CameraFrame, RobotKind, RobotWorld, StaticMap } from './world-port.js';

export interface SimRobotOptions {
  /** Control period used to check where an action would take the robot; default 0.1 s. */
  dt?: number;
  /** Base bounds; default: the map's rooms grown by 0.5 m. */
  workspace?: Workspace;
  /**
   * The site-wide e-stop, read on every action: set from any thread, it stops this robot at once,
   * before the orchestrator has heard of it.
   */
  siteLatch?: SiteLatch;
}

/** A robot of the simulated household: observations from the world, every action through the safety filter. */
export class SimRobot implements Robot {
  readonly id: string;
  readonly kind: RobotKind;
  readonly capabilities: readonly Capability[];
  readonly limits: ActionLimits;
  /** Planar reach of the end effector from the base centre, metres. */
  readonly reach: number;
  readonly filter: SafetyFilter;
  private latched = false;
  private lastObservation: Observation | null = null;
  private readonly dt: number;
  private readonly siteLatch: SiteLatch | null;

  constructor(
    private readonly world: RobotWorld,
    robotId: string,
    options: SimRobotOptions = {},
  ) {
    const info = world.robot(robotId);
    if (!info) throw new Error(`unknown robot "${robotId}"`);
    this.id = info.id;
    this.kind = info.kind;
    this.capabilities = [...info.capabilities];
    this.limits = { ...info.limits };
    this.reach = info.reach;
    this.dt = options.dt ?? 0.1;
    this.siteLatch = options.siteLatch ?? null;
    const workspace = options.workspace ?? workspaceOfRooms(world.staticMap().rooms);
    this.filter = new SafetyFilter({ kind: info.kind, limits: this.limits, ...(workspace ? { workspace } : {}) });
  }

  get estopped(): boolean {
    return this.latched || (this.siteLatch?.latched ?? false);
  }

  observe(): Observation {
    this.lastObservation = this.world.observe(this.id);
    return this.lastObservation;
  }

  /** The observation returned by the last `observe()`, without asking the world again. */
  get latest(): Observation | null {
    return this.lastObservation;
  }

  staticMap(): StaticMap {
    return this.world.staticMap();
  }

  /** The robot's camera frames now (all cameras, or the named ones); empty when the world renders none. */
  cameraFrames(names?: readonly string[]): Record<string, CameraFrame> {
    return this.world.renderCameras?.(this.id, names) ?? {};
  }

  apply(action: RobotAction): ApplyResult {
    if (this.estopped) {
      this.world.haltRobot(this.id);
      return { status: 'rejected', reason: 'estopped', message: `robot ${this.id} is e-stopped` };
    }
    const info = this.world.robot(this.id);
    const state = info ? { pose: info.pose, ee: info.ee, dt: this.dt } : undefined;
    const result = this.filter.check(action, state);
    if (result.status === 'applied') this.world.setCommand(this.id, result.action);
    else this.world.haltRobot(this.id);
    return result;
  }

  halt(): void {
    this.world.haltRobot(this.id);
  }

  estop(): void {
    this.latched = true;
    this.world.haltRobot(this.id);
  }

  releaseEstop(): void {
    this.latched = false;
  }
}
