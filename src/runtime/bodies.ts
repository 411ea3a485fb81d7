import type { ActionLimits, RobotAction } from '../domain/action.js';
import type { Capability } from '../domain/entities.js';
import type { SiteLatch } from '../domain/estop.js';
import { OrcaError } from '../domain/failures.js';
import type { Observation } from '../domain/observation.js';
import type { ApplyResult } from '../domain/robot.js';
import type { RobotBody } from '../robots/bodies/body.js';
import type { BodyConfig } from '../robots/bodies/config.js';
import { SimRobot } from '../robots/sim-robot.js';
import type { RobotKind } from '../robots/world-port.js';
import type { World } from '../world/index.js';

/** What opening a body may need: the simulated world for `sim` bodies, the robot and the site for linked ones. */
export interface BodyOpenDeps {
  /** The fleet robot's id; a `sim` body embodies the world's robot of this id (the fleet renames the scene's). */
  robotId: string;
  /** What the fleet file says of the robot, which a ROS graph does not say. */
  robot: { kind: RobotKind; capabilities: readonly Capability[]; limits: ActionLimits };
  /** The in-process simulated world of the fleet's site, when some body is `sim`. */
  world: World | null;
  /** The site's rooms, to name the room of an observation. */
  rooms: readonly { id: string; rect: { x: number; y: number; w: number; d: number } }[];
  /** Seconds on the fleet's control clock. */
  now: () => number;
  /** Control period, seconds. */
  dt: number;
  siteLatch?: SiteLatch;
  logger?: (message: string) => void;
}

/** The simulated robot a body of the in-process world stands for (any sim body exposes it as `robot`); null for a linked body. */
export function simRobotOf(body: RobotBody): SimRobot | null {
  const robot: unknown = (body as { robot?: unknown }).robot;
  return robot instanceof SimRobot ? robot : null;
}

export type BodyOpener = (config: BodyConfig, deps: BodyOpenDeps) => Promise<RobotBody>;

/**
 * A robot of the in-process simulated world as a body: its observations are made on demand at each
 * control step, so they are never late, and a stop is confirmed as soon as its commands are zeroed.
 */
export class SimBody implements RobotBody {
  readonly observationAgeMs = 0;

  constructor(readonly robot: SimRobot) {}

  get id(): string {
    return this.robot.id;
  }

  get kind(): string {
    return this.robot.kind;
  }

  get capabilities(): SimRobot['capabilities'] {
    return this.robot.capabilities;
  }

  get limits(): ActionLimits {
    return this.robot.limits;
  }

  get estopped(): boolean {
    return this.robot.estopped;
  }

  /** The latest observation without asking the world again (which would draw from its noise stream). */
  get latest(): Observation | null {
    return this.robot.latest;
  }

  observe(): Observation {
    return this.robot.observe();
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

  ready(): Promise<void> {
    return Promise.resolve();
  }

  confirmedStop(): Promise<boolean> {
    this.robot.halt();
    return Promise.resolve(true);
  }

  health(): Promise<{ ok: boolean; detail: string }> {
    return Promise.resolve({ ok: true, detail: 'simulated' });
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

/**
 * Opens `sim` bodies over the fleet's simulated world. Bodies reached over ROS 2 or rosbridge are
 * opened by `openBody` of src/robots/bodies; a caller without it passes its own opener.
 */
export const openSimBody: BodyOpener = (config, deps) => {
  if (config.kind !== 'sim') {
    return Promise.reject(new OrcaError('body_unavailable', `${config.kind} bodies are opened by src/robots/bodies (openBody), which this build does not provide`));
  }
  if (!deps.world) return Promise.reject(new OrcaError('invalid_config', 'a sim body needs the simulated world of the fleet site'));
  return Promise.resolve(new SimBody(new SimRobot(deps.world, deps.robotId, { dt: deps.dt, ...(deps.siteLatch ? { siteLatch: deps.siteLatch } : {}) })));
};
