import type { Observation } from '../../domain/observation.js';
import { PolicyError } from '../protocols/errors.js';
import { blankImage, chwArray, hwcArray, resizeWithPad, rotate180, toRgb } from '../protocols/image.js';
import type { RawImage, RgbImage } from '../protocols/image.js';
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

/** A camera frame the layout cannot do without; its absence fails the request, naming what it is for. */
function image(obs: Observation, camera: string | undefined, role: string): RawImage {
  const img = camera === undefined ? undefined : obs.images?.[camera];
  if (!img) throw new PolicyError('malformed', `observation of ${obs.robotId} has no camera image "${camera ?? '?'}" (${role})`);
  return img;
}

function firstCamera(obs: Observation): string | undefined {
  return Object.keys(obs.images ?? {})[0];
}

export interface LiberoLayoutOptions {
  /** `observation.images` key of the agent-view camera; default the first image. */
  camera?: string;
  /** `observation.images` key of the wrist camera (`observation/wrist_image`); every LIBERO model reads it. */
  wristCamera: string;
  /** The LIBERO example rotates frames 180° because the simulator renders them upside down. */
  rotate180?: boolean;
  /** `[eef pos 3, axis-angle 3, gripper qpos 2]`, e.g. `liberoState(...)` from `./proprio.js`. */
  state: (obs: Observation) => number[];
}

const LIBERO_STATE_DIM = 8;

export function liberoLayout(opts: LiberoLayoutOptions): ObservationBuilder {
  // As the LIBERO example: rotate the raw frame, then resize (the order matters when padding is odd).
  const prepare = (img: RawImage): RgbImage => {
    const rgb = toRgb(img);
    return resizeWithPad(opts.rotate180 ? rotate180(rgb) : rgb, SIZE, SIZE);
  };
  return (obs, prompt) => {
    const state = opts.state(obs);
    if (state.length !== LIBERO_STATE_DIM || state.some((v) => !Number.isFinite(v))) {
      throw new PolicyError('malformed', `LIBERO state of ${obs.robotId} must be ${LIBERO_STATE_DIM} finite numbers, got [${state.join(', ')}]`);
    }
    return {
      'observation/image': hwcArray(prepare(image(obs, opts.camera ?? firstCamera(obs), 'the LIBERO agent-view camera'))),
      'observation/wrist_image': hwcArray(prepare(image(obs, opts.wristCamera, 'the LIBERO wrist camera'))),
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
  /**
   * ALOHA camera name → `observation.images` key. `cam_high` is the base image openpi's ALOHA input
   * transform cannot do without (it raises a KeyError); the others, when absent, are zero-filled by
   * the server.
   */
  cameras: { cam_high: string } & Partial<Record<Exclude<AlohaCamera, 'cam_high'>, string>>;
  /**
   * 14 joint positions in ALOHA's order (left 6 + gripper, right 6 + gripper), e.g.
   * `jointVector(names)` from `./proprio.js`; default `observation.joints` as it comes.
   */
  state?: (obs: Observation) => number[];
}

export function alohaLayout(opts: AlohaLayoutOptions): ObservationBuilder {
  return (obs, prompt) => {
    const state = opts.state?.(obs) ?? obs.joints?.positions;
    if (!state || state.length !== 14) throw new PolicyError('malformed', 'ALOHA needs 14 joint positions in observation.joints');
    const high = image(obs, opts.cameras.cam_high, "ALOHA's cam_high, which openpi's ALOHA policy requires");
    const images: Record<string, MsgValue> = { cam_high: chwArray(resizeWithPad(toRgb(high), SIZE, SIZE)) };
    for (const cam of ALOHA_CAMERAS) {
      if (cam === 'cam_high') continue;
      const img = frame(obs, opts.cameras[cam], false);
      if (img) images[cam] = chwArray(img);
    }
    return { state: ndarray(Float64Array.from(state)), images, prompt };
  };
}
