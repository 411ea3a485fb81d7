import type { SiteLatch } from '../../domain/estop.js';
import type { RetryPolicy } from '../../executors/protocols/retry.js';
import { requireRclnodejs } from '../../executors/ros2/loader.js';
import type { RclApi } from '../../executors/ros2/rcl-api.js';
import type { Workspace } from '../safety-filter.js';
import { SimRobot } from '../sim-robot.js';
import type { RobotWorld } from '../world-port.js';
import type { RobotBody } from './body.js';
import type { BodyConfig } from './config.js';
import { BodyConfigError } from './errors.js';
import { SimBody } from './sim-body.js';
import { TopicBody } from './topic-body.js';
import type { BodyRobot, TopicBodyConfig } from './topic-body.js';
import { RosbridgeTransport } from './transports/rosbridge.js';
import { Ros2Transport } from './transports/ros2.js';
import type { TopicTransport } from './transport.js';

export interface BodyDeps {
  /** The fleet robot's id; a sim body's scene robot unless its config names another. */
  robotId: string;
  /** For rosbridge and ROS 2 bodies: what the fleet file says of the robot (a ROS graph does not say). */
  robot?: Omit<BodyRobot, 'id'>;
  /** For sim bodies: the in-process simulated world (a `SimRobot` is made over it) … */
  world?: RobotWorld | null;
  /** … or the simulated robot of a scene id, when the caller already has one. */
  simRobot?: (sceneRobotId: string) => SimRobot | undefined;
  siteLatch?: SiteLatch;
  /** The site's rooms, to name the room of an observation. */
  rooms?: readonly { id: string; rect: { x: number; y: number; w: number; d: number } }[];
  workspace?: Workspace;
  /** Seconds on the runtime's clock. */
  now?: () => number;
  /** Control period, seconds (default 0.1). */
  dt?: number;
  /** ROS 2 bodies: rclnodejs (default: loaded when first needed; tests pass a fake). */
  rcl?: RclApi | (() => Promise<RclApi>);
  /** rosbridge bodies: connection retry (default orca's), and the largest message taken. */
  retry?: Partial<RetryPolicy>;
  maxMessageBytes?: number;
}

function simRobotFor(sceneId: string, deps: BodyDeps): SimRobot | undefined {
  const given = deps.simRobot?.(sceneId);
  if (given) return given;
  if (!deps.world?.robot(sceneId)) return undefined;
  return new SimRobot(deps.world, sceneId, { ...(deps.dt ? { dt: deps.dt } : {}), ...(deps.siteLatch ? { siteLatch: deps.siteLatch } : {}) });
}

/** The world's `robot(id)` may throw for an unknown id rather than answer undefined. */
function robotOrNull(find: () => SimRobot | undefined): SimRobot | null {
  try {
    return find() ?? null;
  } catch {
    return null;
  }
}

/** Commands that cannot work together or as written are refused before anything connects. */
function checkCommands(id: string, config: TopicBodyConfig): void {
  const c = config.commands;
  if (c.ee && c.joint_trajectory) throw new BodyConfigError(id, 'commands.ee and commands.joint_trajectory both move the end effector; configure one');
  if (c.joint_trajectory && c.joint_trajectory.joints.length !== 3) {
    throw new BodyConfigError(
      id,
      `commands.joint_trajectory.joints must name the three joints that move the end effector along x, y and z (got ${c.joint_trajectory.joints.length}); an articulated arm needs commands.ee (MoveIt Servo) instead`,
    );
  }
}

async function transportOf(config: TopicBodyConfig, deps: BodyDeps): Promise<TopicTransport> {
  if (config.kind === 'rosbridge') {
    return new RosbridgeTransport({ url: config.url, ...(deps.retry ? { retry: deps.retry } : {}), ...(deps.maxMessageBytes ? { maxMessageBytes: deps.maxMessageBytes } : {}) });
  }
  const rcl = typeof deps.rcl === 'function' ? await deps.rcl() : (deps.rcl ?? (await requireRclnodejs()));
  return Ros2Transport.open({ rcl, nodeName: config.node_name });
}

/**
 * The body a fleet file's `body:` describes. Opening does not wait for the robot: call `ready()`
 * (which rejects naming the topics at fault) before driving it.
 */
export async function openBody(config: BodyConfig, deps: BodyDeps): Promise<RobotBody> {
  if (config.kind === 'sim') {
    const sceneId = config.robot ?? deps.robotId;
    const robot = robotOrNull(() => simRobotFor(sceneId, deps));
    if (!robot) throw new BodyConfigError(deps.robotId, `the simulated world has no robot "${sceneId}"`);
    return new SimBody(robot, { ...(config.cameras ? { cameras: true } : {}) });
  }
  if (!deps.robot) throw new BodyConfigError(deps.robotId, `a ${config.kind} body needs the robot's kind, capabilities and limits`);
  checkCommands(deps.robotId, config);
  const transport = await transportOf(config, deps);
  return new TopicBody({
    robot: { id: deps.robotId, ...deps.robot },
    config,
    transport,
    ...(deps.siteLatch ? { siteLatch: deps.siteLatch } : {}),
    ...(deps.rooms ? { rooms: deps.rooms } : {}),
    ...(deps.workspace ? { workspace: deps.workspace } : {}),
    ...(deps.now ? { now: deps.now } : {}),
    ...(deps.dt ? { periodS: deps.dt } : {}),
  });
}
