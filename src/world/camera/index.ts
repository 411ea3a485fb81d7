import type { RobotRec, WorldState } from '../state.js';
import { cameraPose, cameraSpecs } from './cameras.js';
import type { CameraSpec } from './cameras.js';
import { floorColour } from './colours.js';
import { renderFrame } from './raster.js';
import type { FloorPatch, RgbFrame } from './raster.js';
import { sceneBoxes } from './scene-boxes.js';

export type { CameraSpec, CameraPose } from './cameras.js';
export type { RgbFrame } from './raster.js';
export { cameraSpecs, cameraPose, DEFAULT_CAMERA_SIDE } from './cameras.js';

function floors(s: WorldState): FloorPatch[] {
  return s.scene.rooms.map(({ id, rect: r }) => ({ x0: r.x, y0: r.y, x1: r.x + r.w, y1: r.y + r.d, colour: floorColour(id) }));
}

/** The cameras a robot carries (its scene entry's, or the defaults). */
export function robotCameras(s: WorldState, robot: RobotRec): CameraSpec[] {
  return cameraSpecs(robot, s.scene.robots.find((r) => r.id === robot.id)?.cameras);
}

/**
 * One frame per named camera of the robot (all of them when `names` is left out), from the world as
 * it is now. Unknown names are an error naming the robot's cameras.
 */
export function renderRobotCameras(s: WorldState, robot: RobotRec, names?: readonly string[]): Record<string, RgbFrame> {
  const specs = robotCameras(s, robot);
  const wanted = names ?? specs.map((c) => c.name);
  const unknown = wanted.filter((n) => !specs.some((c) => c.name === n));
  if (unknown.length > 0) throw new Error(`robot "${robot.id}" has no camera ${unknown.map((n) => `"${n}"`).join(', ')} (cameras: ${specs.map((c) => c.name).join(', ')})`);
  const boxes = sceneBoxes(s, robot);
  const floor = floors(s);
  const out: Record<string, RgbFrame> = {};
  for (const spec of specs) {
    if (wanted.includes(spec.name)) out[spec.name] = renderFrame(boxes, floor, cameraPose(robot, spec), spec);
  }
  return out;
}
