import type { TickSource } from '../../domain/clock.js';
import type { Observation } from '../../domain/observation.js';
import type { Robot } from '../../domain/robot.js';
import { deltaEeMapper, LIBERO_MAPPING, OPENVLA_MAPPING } from '../protocols/action-map.js';
import type { ActionMapper, DeltaEeMapping } from '../protocols/action-map.js';
import { PolicyError } from '../protocols/errors.js';
import { hwcArray, resizeWithPad, toRgb } from '../protocols/image.js';
import { ndarray } from '../protocols/ndarray.js';
import type { NdArray } from '../protocols/ndarray.js';
import { RemotePolicyExecutor } from '../protocols/remote-policy-executor.js';
import type { PolicyBackend } from '../protocols/remote-policy-executor.js';
import type { ActRequest, OpenVlaClient } from './client.js';

interface CommonOptions {
  robot: Robot;
  ticker: TickSource;
  client: OpenVlaClient;
  /** Key of the main camera in `observation.images`; defaults to the first image. */
  camera?: string;
  /** Budget of applied actions; reaching it ends the attempt with `claimed_done`. Default 300. */
  maxSteps?: number;
  /** Overrides the 7-DoF → RobotAction mapping (see `deltaEeMapper`). */
  mapping?: DeltaEeMapping;
  mapAction?: ActionMapper;
  trainedTemplates?: readonly string[];
}

export interface OpenVlaExecutorOptions extends CommonOptions {
  /** Dataset statistics key, e.g. `bridge_orig`; required by `openvla/openvla-7b` (§1.2). */
  unnormKey?: string;
  /** Resize client-side (letterboxed); unset sends the frame as is (the server resizes to 224). */
  imageSize?: number;
}

export interface OpenVlaOftExecutorOptions extends CommonOptions {
  /** `observation.images` keys sent as `<camera>_wrist_image`-style keys; each name must contain "wrist". */
  wristCameras?: Readonly<Record<string, string>>;
  /** Proprio vector sent as `state` (float64); omit when the server runs without `use_proprio`. */
  proprio?: (obs: Observation) => number[];
  /** Client-side resize (OFT resizes client-side, `get_image_resize_size`): default 224. */
  imageSize?: number;
  /** Chunk steps run open-loop before re-querying; default the whole chunk. */
  openLoopSteps?: number;
}

function cameraFrame(obs: Observation, key: string | undefined, size: number | undefined): NdArray {
  const images = obs.images ?? {};
  const name = key ?? Object.keys(images)[0];
  const frame = name === undefined ? undefined : images[name];
  if (!frame) throw new PolicyError('malformed', `observation of ${obs.robotId} has no camera image${key ? ` "${key}"` : ''}`);
  const rgb = toRgb(frame);
  return hwcArray(size ? resizeWithPad(rgb, size, size) : rgb);
}

/**
 * OpenVLA (`vla-scripts/deploy.py`) as an orca executor. One action per request (a chunk of one).
 * OpenVLA has no done signal: the attempt ends with `claimed_done` when `maxSteps` actions have run,
 * and orca's verifier decides whether the subgoal holds.
 */
export class OpenVlaExecutor extends RemotePolicyExecutor {
  constructor(opts: OpenVlaExecutorOptions) {
    const { client } = opts;
    const backend: PolicyBackend = {
      infer: async (obs, instruction, signal, observe) => {
        const request = (late: boolean): ActRequest => {
          const image = cameraFrame(late ? observe() : obs, opts.camera, opts.imageSize);
          return opts.unnormKey === undefined ? { image, instruction } : { image, instruction, unnormKey: opts.unnormKey };
        };
        return [await client.act(request, signal)];
      },
      health: () => client.health(),
    };
    super({
      robot: opts.robot,
      ticker: opts.ticker,
      backend,
      mapAction: opts.mapAction ?? deltaEeMapper(opts.mapping ?? OPENVLA_MAPPING),
      openLoopSteps: 1,
      maxSteps: opts.maxSteps ?? 300,
      trainedTemplates: opts.trainedTemplates ?? ['{instruction}'],
    });
  }
}

/** The flat OFT observation: `full_image`, then wrist images in the given order, then `state`. */
export function oftObservation(obs: Observation, opts: Pick<OpenVlaOftExecutorOptions, 'camera' | 'wristCameras' | 'proprio' | 'imageSize'>): Record<string, NdArray> {
  const size = opts.imageSize ?? 224;
  const out: Record<string, NdArray> = { full_image: cameraFrame(obs, opts.camera, size) };
  for (const [wireKey, camera] of Object.entries(opts.wristCameras ?? {})) {
    // The server picks wrist images by substring match on "wrist" (§1.5).
    if (!wireKey.includes('wrist')) throw new PolicyError('malformed', `OFT wrist image key "${wireKey}" must contain "wrist"`);
    out[wireKey] = cameraFrame(obs, camera, size);
  }
  if (opts.proprio) out.state = ndarray(Float64Array.from(opts.proprio(obs)));
  return out;
}

/** OpenVLA-OFT (`moojink/openvla-oft` deploy.py): action chunks, executed open-loop then re-queried. */
export class OpenVlaOftExecutor extends RemotePolicyExecutor {
  constructor(opts: OpenVlaOftExecutorOptions) {
    const { client } = opts;
    const backend: PolicyBackend = {
      infer: (obs, instruction, signal, observe) => client.actChunk((late) => oftObservation(late ? observe() : obs, opts), instruction, signal),
      health: () => client.health(),
    };
    super({
      robot: opts.robot,
      ticker: opts.ticker,
      backend,
      mapAction: opts.mapAction ?? deltaEeMapper(opts.mapping ?? LIBERO_MAPPING),
      openLoopSteps: opts.openLoopSteps ?? Number.MAX_SAFE_INTEGER,
      maxSteps: opts.maxSteps ?? 300,
      trainedTemplates: opts.trainedTemplates ?? ['{instruction}'],
    });
  }
}
