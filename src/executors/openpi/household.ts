import { z } from 'zod';
import type { RobotAction } from '../../domain/action.js';
import { FailureCodeSchema } from '../../domain/failures.js';
import type { FailureCode } from '../../domain/failures.js';
import type { ActionMapper } from '../protocols/action-map.js';
import { PolicyError } from '../protocols/errors.js';
import { hwcArray, resizeWithPad, toRgb } from '../protocols/image.js';
import type { MsgDecoded } from '../protocols/msgpack-numpy.js';
import { isNdArray, ndarray, toNumbers } from '../protocols/ndarray.js';
import type { ObservationBuilder } from './layouts.js';

/**
 * The `household` layout: orca's simulated household policy behind the openpi protocol (served by
 * `orca sim-robot`), and any server that speaks it. Both sides use this file.
 */
export const HOUSEHOLD_LAYOUT = 'household';
export const HOUSEHOLD_ACTION_DIM = 8;
/** Action columns, world frame: base velocity, end-effector velocity, gripper aperture (0 closed .. 1 open), press (> 0.5 = true). */
export const HOUSEHOLD_COLUMNS = ['base_vx', 'base_vy', 'base_wz', 'ee_vx', 'ee_vy', 'ee_vz', 'gripper', 'press'] as const;
/** `observation/state`: base pose, end effector, aperture. */
export const HOUSEHOLD_STATE = ['x', 'y', 'theta', 'ee_x', 'ee_y', 'ee_z', 'gripper'] as const;

/** The metadata frame a household server sends on connect. */
export const HouseholdMetadataSchema = z
  .object({
    layout: z.literal(HOUSEHOLD_LAYOUT),
    action_dim: z.literal(HOUSEHOLD_ACTION_DIM),
    robots: z.array(z.string()),
    trained_templates: z.array(z.string()),
    /** Rows per answer (the server's open-loop horizon). */
    horizon: z.number().int().positive().optional(),
  })
  .passthrough();
export type HouseholdMetadata = z.infer<typeof HouseholdMetadataSchema>;

export interface HouseholdLayoutOptions {
  /** The robot the server's policy acts for (as the server names it). */
  robot: string;
  /** `observation.images` key of the camera sent; default the first image. */
  camera?: string;
  /** Resize (with padding) to this square side; default: the frame as it is. */
  imageSize?: number;
}

export function householdLayout(opts: HouseholdLayoutOptions): ObservationBuilder {
  return (obs, prompt) => {
    const key = opts.camera ?? Object.keys(obs.images ?? {})[0];
    const img = key === undefined ? undefined : obs.images?.[key];
    if (!img) throw new PolicyError('malformed', `observation of ${obs.robotId} has no camera image "${key ?? '?'}" (a sim body needs cameras: true)`);
    const rgb = toRgb(img);
    const frame = opts.imageSize ? resizeWithPad(rgb, opts.imageSize, opts.imageSize) : rgb;
    const state = [obs.pose.x, obs.pose.y, obs.pose.theta, obs.ee.x, obs.ee.y, obs.ee.z, obs.gripper.aperture];
    return { prompt, robot: opts.robot, 'observation/image': hwcArray(frame), 'observation/state': ndarray(Float32Array.from(state)) };
  };
}

/** A household action row as a `RobotAction` (non-finite values pass on, so the safety filter refuses them). */
export function householdActionMapper(): ActionMapper {
  return (a) => ({
    base: { vx: a[0] ?? Number.NaN, vy: a[1] ?? Number.NaN, wz: a[2] ?? Number.NaN },
    ee: { vx: a[3] ?? Number.NaN, vy: a[4] ?? Number.NaN, vz: a[5] ?? Number.NaN },
    gripper: a[6] ?? Number.NaN,
    press: (a[7] ?? 0) > 0.5,
  });
}

/** A `RobotAction` as a household row; `gripper` is the aperture to hold when the action names none. */
export function householdRow(action: RobotAction, gripper: number): number[] {
  const b = action.base ?? { vx: 0, vy: 0, wz: 0 };
  const e = action.ee ?? { vx: 0, vy: 0, vz: 0 };
  return [b.vx, b.vy, b.wz, e.vx, e.vy, e.vz, action.gripper ?? gripper, action.press ? 1 : 0];
}

// ---- the optional answer extensions ---------------------------------------------------------------

/** What a policy may add to an answer beyond `actions`: a claim of completion, or a failure it noticed. */
export interface PolicyClaims {
  done?: { message: string };
  failure?: { code: FailureCode; message: string };
}

const ClaimsSchema = z.object({
  done: z.object({ message: z.string().max(2000) }).optional(),
  failure: z.object({ code: FailureCodeSchema, message: z.string().max(2000) }).optional(),
});

/**
 * The `done` / `failure` extensions of an openpi answer (real openpi servers never send them). A
 * malformed one is refused: a claim orca cannot read must not pass as no claim.
 */
export function answerClaims(answer: Record<string, MsgDecoded>): PolicyClaims {
  if (answer.done === undefined && answer.failure === undefined) return {};
  const r = ClaimsSchema.safeParse({ done: answer.done, failure: answer.failure });
  if (!r.success) throw new PolicyError('malformed', `openpi answer has a malformed ${String(r.error.issues[0]?.path[0] ?? 'claim')}: ${r.error.issues[0]?.message ?? ''}`);
  return { ...(r.data.done ? { done: r.data.done } : {}), ...(r.data.failure ? { failure: r.data.failure } : {}) };
}

// ---- the server's side ---------------------------------------------------------------------------

/** A household request as the server reads it (after msgpack-numpy decoding). */
export interface HouseholdRequest {
  prompt: string;
  robot: string;
  state: number[];
  image: { height: number; width: number } | null;
  /** `"reset": true` starts a new attempt even with the same prompt. */
  reset: boolean;
}

/** Validates a decoded request; the error says which key is wrong, as the upstream server's KeyError would. */
export function parseHouseholdRequest(value: MsgDecoded): HouseholdRequest {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || value instanceof Uint8Array || isNdArray(value) || 'npgeneric' in value) {
    throw new PolicyError('malformed', 'a household request is a map');
  }
  const req = value as Record<string, MsgDecoded>;
  if (typeof req.prompt !== 'string' || req.prompt.trim() === '') throw new PolicyError('malformed', 'request needs a non-empty "prompt"');
  if (typeof req.robot !== 'string' || req.robot === '') throw new PolicyError('malformed', 'request needs "robot" (the robot the policy acts for)');
  const state = req['observation/state'];
  if (!isNdArray(state) || state.shape.length !== 1 || state.shape[0] !== HOUSEHOLD_STATE.length) {
    throw new PolicyError('malformed', `request needs "observation/state": float [${HOUSEHOLD_STATE.join(', ')}]`);
  }
  const img = req['observation/image'];
  if (img !== undefined && (!isNdArray(img) || img.dtype !== '|u1' || img.shape.length !== 3 || img.shape[2] !== 3)) {
    throw new PolicyError('malformed', '"observation/image" must be uint8 [H, W, 3]');
  }
  return { prompt: req.prompt, robot: req.robot, state: toNumbers(state), image: isNdArray(img) ? { height: img.shape[0] ?? 0, width: img.shape[1] ?? 0 } : null, reset: req.reset === true };
}
