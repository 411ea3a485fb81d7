import type { ActionLimits, RobotAction } from '../domain/action.js';
import type { Capability } from '../domain/entities.js';
import type { Pose2D, Vec3 } from '../domain/geometry.js';
import type { Observation } from '../domain/observation.js';

/**
 * The slice of the simulated world that robots and the simulated policy use. `src/world`'s `World`
 * satisfies it structurally; keeping it as a port lets robots be unit-tested against a fake world and
 * keeps the policy honest: nothing here exposes ground truth except through `observe`.
 */
export type RobotKind = 'mobile_manipulator' | 'fixed_arm';

export interface WorldRobotInfo {
  id: string;
  kind: RobotKind;
  capabilities: readonly Capability[];
  pose: Pose2D;
  ee: Vec3;
  reach: number;
  limits: ActionLimits;
}

export interface MapRect {
  x: number;
  y: number;
  w: number;
  d: number;
}

/** The robot's prior map: what a real robot's navigation map knows (rooms, doors, fixed furniture). */
export interface StaticMap {
  rooms: readonly { id: string; rect: MapRect }[];
  doors: readonly { id?: string; between: readonly string[]; position: { x: number; y: number } }[];
  fixtures: readonly {
    id: string;
    type: string;
    position: Vec3;
    room: string | null;
    size?: { w: number; d: number; h: number };
    /** Handle position when closed (openables), as a prior map would know it. */
    handle?: Vec3;
    regions?: readonly { id: string; position: Vec3; size: { w: number; d: number }; openable: boolean }[];
  }[];
}

/** One camera frame, as `Observation.images` carries it. */
export interface CameraFrame {
  width: number;
  height: number;
  encoding: string;
  data: Uint8Array<ArrayBuffer>;
}

export interface RobotWorld {
  robot(id: string): WorldRobotInfo | undefined;
  setCommand(robotId: string, action: RobotAction): void;
  haltRobot(robotId: string): void;
  observe(robotId: string): Observation;
  staticMap(): StaticMap;
  /** The robot's simulated camera frames now (worlds without cameras leave it out). */
  renderCameras?(robotId: string, names?: readonly string[]): Record<string, CameraFrame>;
}
