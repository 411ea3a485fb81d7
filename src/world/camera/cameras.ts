import type { Vec3 } from '../../domain/geometry.js';
import { eePosition } from '../geom.js';
import type { SceneCamera } from '../scene-schema.js';
import type { RobotRec } from '../state.js';

/** A camera with every field filled in. */
export interface CameraSpec {
  name: string;
  mount: 'base' | 'wrist';
  width: number;
  height: number;
  fovDeg: number;
  forward: number;
  left: number;
  up: number;
  pitchDeg: number;
}

/** Where a camera is and where it looks, in the world frame. */
export interface CameraPose {
  position: Vec3;
  /** Heading, radians (0 = +x, counter-clockwise). */
  yaw: number;
  /** Radians below the horizon. */
  pitch: number;
}

export const DEFAULT_CAMERA_SIDE = 224;

type MountDefaults = Omit<CameraSpec, 'name' | 'mount' | 'width' | 'height'>;

/**
 * Defaults chosen so the view holds what the robot works on: a mobile base's front camera sees a
 * counter top two metres ahead; a fixed arm's looks down at its table; the wrist camera looks down
 * past the fingers.
 */
const BASE_DEFAULTS: Record<RobotRec['kind'], MountDefaults> = {
  mobile_manipulator: { fovDeg: 90, forward: 0.2, left: 0, up: 1.2, pitchDeg: 20 },
  fixed_arm: { fovDeg: 90, forward: -0.1, left: 0, up: 1.5, pitchDeg: 40 },
};
const WRIST_DEFAULTS: MountDefaults = { fovDeg: 80, forward: -0.05, left: 0, up: 0.12, pitchDeg: 55 };

const DEFAULT_CAMERAS: readonly SceneCamera[] = [
  { name: 'front', mount: 'base' },
  { name: 'wrist', mount: 'wrist' },
];

/** A robot's cameras with defaults filled in (the scene's list, or `front` + `wrist`). */
export function cameraSpecs(robot: RobotRec, declared: readonly SceneCamera[] | undefined): CameraSpec[] {
  return (declared ?? DEFAULT_CAMERAS).map((c) => {
    const d = c.mount === 'wrist' ? WRIST_DEFAULTS : BASE_DEFAULTS[robot.kind];
    return {
      name: c.name,
      mount: c.mount,
      width: c.width ?? DEFAULT_CAMERA_SIDE,
      height: c.height ?? DEFAULT_CAMERA_SIDE,
      fovDeg: c.fov_deg ?? d.fovDeg,
      forward: c.forward ?? d.forward,
      left: c.left ?? d.left,
      up: c.up ?? d.up,
      pitchDeg: c.pitch_deg ?? d.pitchDeg,
    };
  });
}

/** The camera's pose now: offsets are in the robot's frame (heading = the base's theta). */
export function cameraPose(robot: RobotRec, spec: CameraSpec): CameraPose {
  const yaw = robot.pose.theta;
  const c = Math.cos(yaw);
  const s = Math.sin(yaw);
  const origin = spec.mount === 'wrist' ? eePosition(robot) : { x: robot.pose.x, y: robot.pose.y, z: 0 };
  return {
    position: {
      x: origin.x + spec.forward * c - spec.left * s,
      y: origin.y + spec.forward * s + spec.left * c,
      z: origin.z + spec.up,
    },
    yaw,
    pitch: (spec.pitchDeg * Math.PI) / 180,
  };
}
