import type { Observation } from '../../domain/observation.js';
import { PolicyError } from '../protocols/errors.js';
import { blankImage, chwArray, hwcArray, resizeWithPad, rotate180, toRgb } from '../protocols/image.js';
import type { RgbImage } from '../protocols/image.js';
import type { MsgValue } from '../protocols/msgpack-numpy.js';
import { ndarray } from '../protocols/ndarray.js';

/** Builds the openpi request dict for one observation (PROTOCOLS.md §2.4). */
export type ObservationBuilder = (obs: Observation, prompt: string) => Record<string, MsgValue>;

const SIZE = 224;

function frame(obs: Observation, camera: string | undefined, required: boolean): RgbImage | null {
  const img = camera === undefined ? undefined : obs.images?.[camera];
  if (!img) {
    if (required) throw new PolicyError('malformed', `observation of ${obs.robotId} has no camera image "${camera ?? '?'}"`);
    return null;
  }
  return resizeWithPad(toRgb(img), SIZE, SIZE);
}

function firstCamera(obs: Observation): string | undefined {
  return Object.keys(obs.images ?? {})[0];
}

export interface LiberoLayoutOptions {
  /** `observation.images` key of the agent-view camera; default the first image. */
  camera?: string;
  wristCamera?: string;
  /** The LIBERO example rotates frames 180° because the simulator renders them upside down. */
  rotate180?: boolean;
  /** `[eef pos 3, axis-angle 3, gripper qpos 2]`; default: ee position, zero rotation, fingers from aperture. */
  state?: (obs: Observation) => number[];
}

/** LIBERO finger travel: each finger of the Panda gripper opens 0.04 m. */
const LIBERO_FINGER = 0.04;

export function liberoLayout(opts: LiberoLayoutOptions = {}): ObservationBuilder {
  return (obs, prompt) => {
    const turn = (img: RgbImage): RgbImage => (opts.rotate180 ? rotate180(img) : img);
    const main = frame(obs, opts.camera ?? firstCamera(obs), true) as RgbImage;
    const wrist = frame(obs, opts.wristCamera, false) ?? blankImage(SIZE, SIZE);
    const a = obs.gripper.aperture * LIBERO_FINGER;
    const state = opts.state?.(obs) ?? [obs.ee.x, obs.ee.y, obs.ee.z, 0, 0, 0, a, -a];
    return {
      'observation/image': hwcArray(turn(main)),
      'observation/wrist_image': hwcArray(turn(wrist)),
      'observation/state': ndarray(Float64Array.from(state)),
      prompt,
    };
  };
}

export interface DroidLayoutOptions {
  exteriorCamera?: string;
  wristCamera?: string;
  /** 7 arm joint positions; default the first 7 of `observation.joints`. */
  jointPosition?: (obs: Observation) => number[];
  /** DROID gripper position, 0 open .. 1 closed; default `1 - aperture`. */
  gripperPosition?: (obs: Observation) => number;
}

export function droidLayout(opts: DroidLayoutOptions = {}): ObservationBuilder {
  return (obs, prompt) => {
    const joints = opts.jointPosition?.(obs) ?? obs.joints?.positions.slice(0, 7);
    if (!joints || joints.length !== 7) throw new PolicyError('malformed', 'DROID needs 7 joint positions in observation.joints');
    return {
      'observation/exterior_image_1_left': hwcArray(frame(obs, opts.exteriorCamera ?? firstCamera(obs), true) as RgbImage),
      'observation/wrist_image_left': hwcArray(frame(obs, opts.wristCamera, false) ?? blankImage(SIZE, SIZE)),
      'observation/joint_position': ndarray(Float64Array.from(joints)),
      'observation/gripper_position': ndarray(Float64Array.of(opts.gripperPosition?.(obs) ?? 1 - obs.gripper.aperture)),
      prompt,
    };
  };
}

export const ALOHA_CAMERAS = ['cam_high', 'cam_low', 'cam_left_wrist', 'cam_right_wrist'] as const;
export type AlohaCamera = (typeof ALOHA_CAMERAS)[number];

export interface AlohaLayoutOptions {
  /** ALOHA camera name → `observation.images` key. Missing cameras are left out (the server zero-fills them). */
  cameras: Partial<Record<AlohaCamera, string>>;
  /** 14 joint positions (two arms of 6 + gripper each); default `observation.joints`. */
  state?: (obs: Observation) => number[];
}

export function alohaLayout(opts: AlohaLayoutOptions): ObservationBuilder {
  return (obs, prompt) => {
    const state = opts.state?.(obs) ?? obs.joints?.positions;
    if (!state || state.length !== 14) throw new PolicyError('malformed', 'ALOHA needs 14 joint positions in observation.joints');
    const images: Record<string, MsgValue> = {};
    for (const cam of ALOHA_CAMERAS) {
      const img = frame(obs, opts.cameras[cam], false);
      if (img) images[cam] = chwArray(img);
    }
    return { state: ndarray(Float64Array.from(state)), images, prompt };
  };
}
