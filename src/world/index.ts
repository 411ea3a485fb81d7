export * from './catalog.js';
export * from './errors.js';
export * from './scene-schema.js';
export { loadScene, loadSceneFile, loadBuiltinScene, listBuiltinScenes, builtinScenesDir } from './scene-loader.js';
export { validateScene } from './scene-validate.js';
export { World } from './world.js';
export type { RobotInfo, SiteGeometryView, WorldOptions, WorldTruth } from './world.js';
export { Simulation } from './simulation.js';
export type { SimulationOptions } from './simulation.js';
export { NOISE_PRESET_NAMES, NOISE_PRESETS } from './observation.js';
export type { PerceptionFaultCounts } from './perception-faults.js';
export type { NoiseModel, NoisePreset, PerceptionFaultModel } from './observation.js';
export type { SvgOptions } from './render-svg.js';
export { escapeXml } from './render-svg.js';
export type { EntitySnapshot, RegionSnapshot, StaticFixture, StaticMap, WorldSnapshot } from './snapshot.js';
export { EE_Z_MAX, LIMITS, REACH, VIEW_RANGE } from './state.js';
export type { RobotKind } from './state.js';
export { OPEN_TRAVEL } from './geom.js';
export {
  GRASP_BELOW,
  GRASP_RADIUS,
  GRIPPER_RATE,
  HANDOVER_RADIUS,
  HOLD_APERTURE,
  PRESS_RADIUS,
  RELEASE_ABOVE,
  SLICE_RADIUS,
} from './physics.js';
export { FRIDGE_SECONDS, MICROWAVE_SECONDS, STOVE_SECONDS, WASH_SECONDS } from './processes.js';
export { LIGHT_RADIUS, PERSON_NEAR } from './truth.js';
export type { PersonWorkResult } from './person.js';
export type { CameraSpec, CameraPose, RgbFrame } from './camera/index.js';
export { DEFAULT_CAMERA_SIDE } from './camera/index.js';
