import type { ActionLimits, RobotAction } from '../../domain/action.js';
import type { Capability } from '../../domain/entities.js';
import type { Observation } from '../../domain/observation.js';
import type { ApplyResult } from '../../domain/robot.js';
import type { SimRobot } from '../sim-robot.js';
import type { RobotKind, StaticMap } from '../world-port.js';
import type { RobotBody } from './body.js';

/**
 * A robot of the built-in simulated world as a body, so a fleet can mix it with robots reached over
 * ROS: everything is the `SimRobot`'s (safety filter, latch, the site latch), the link never lags,
 * and camera frames are attached only when asked for (they cost milliseconds each).
 */
export class SimBody implements RobotBody {
  constructor(
    readonly robot: SimRobot,
    private readonly opts: { cameras?: boolean } = {},
  ) {}

  get id(): string {
    return this.robot.id;
  }
  get kind(): RobotKind {
    return this.robot.kind;
  }
  get capabilities(): readonly Capability[] {
    return this.robot.capabilities;
  }
  get limits(): ActionLimits {
    return this.robot.limits;
  }
  get estopped(): boolean {
    return this.robot.estopped;
  }
  /** Reach and prior map, for the simulated policy. */
  get reach(): number {
    return this.robot.reach;
  }
  staticMap(): StaticMap {
    return this.robot.staticMap();
  }

  /** The observation returned by the last `observe()`, without asking the world again. */
  get latest(): Observation | null {
    return this.robot.latest;
  }

  /** The world answers at once: an observation is never older than the control step that asked. */
  readonly observationAgeMs = 0;

  ready(): Promise<void> {
    return Promise.resolve();
  }

  observe(): Observation {
    const obs = this.robot.observe();
    if (!this.opts.cameras) return obs;
    const images = this.robot.cameraFrames();
    return Object.keys(images).length > 0 ? { ...obs, images } : obs;
  }

  apply(action: RobotAction): ApplyResult {
    return this.robot.apply(action);
  }

  halt(): void {
    this.robot.halt();
  }

  estop(): void {
    this.robot.estop();
  }

  releaseEstop(): void {
    this.robot.releaseEstop();
  }

  /** A halted simulated robot integrates a zero command from the next physics step: the stop holds at once. */
  confirmedStop(): Promise<boolean> {
    this.robot.halt();
    return Promise.resolve(true);
  }

  health(): Promise<{ ok: boolean; detail: string }> {
    return Promise.resolve(this.robot.estopped ? { ok: false, detail: `simulated ${this.id}: e-stopped` } : { ok: true, detail: `simulated ${this.id}` });
  }

  close(): Promise<void> {
    this.robot.halt();
    return Promise.resolve();
  }
}
