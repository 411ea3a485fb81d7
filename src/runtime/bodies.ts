import type { ActionLimits } from '../domain/action.js';
import type { Capability } from '../domain/entities.js';
import type { SiteLatch } from '../domain/estop.js';
import type { RobotBody } from '../robots/bodies/body.js';
import type { BodyConfig } from '../robots/bodies/config.js';
import { openBody } from '../robots/bodies/open-body.js';
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
 * Opens any body a fleet file describes through `openBody` of src/robots/bodies. A `sim` body is
 * the world's robot of the fleet id, not of the scene id its config names: the fleet's world holds
 * the embodied scene robots under their fleet ids already.
 */
export const openFleetBody: BodyOpener = (config, d) => {
  const latch = d.siteLatch ? { siteLatch: d.siteLatch } : {};
  return openBody(config, {
    robotId: d.robotId,
    robot: d.robot,
    rooms: d.rooms,
    now: d.now,
    dt: d.dt,
    ...latch,
    simRobot: () => (d.world ? new SimRobot(d.world, d.robotId, { dt: d.dt, ...latch }) : undefined),
  });
};
