import type { Observation } from '../../domain/observation.js';
import { PolicyError } from '../protocols/errors.js';

/**
 * Proprioception as the openpi layouts send it, read from `observation.joints` by name so that the
 * robot's joint order (whatever its JointState publishes) never has to match the model's.
 */

/**
 * One entry of a state vector: a joint name, or a joint whose raw position is mapped linearly so
 * that `closed` reads 0 and `open` reads 1 (ALOHA's normalised gripper from a raw finger position).
 */
export type JointSource = string | { name: string; closed: number; open: number };

const nameOf = (s: JointSource): string => (typeof s === 'string' ? s : s.name);

/** Reads `sources` from `observation.joints`, in order; a missing or non-finite joint is a typed failure. */
export function jointVector(sources: readonly JointSource[]): (obs: Observation) => number[] {
  return (obs) => {
    const joints = obs.joints;
    if (!joints) throw new PolicyError('malformed', `observation of ${obs.robotId} has no joints (need ${sources.map(nameOf).join(', ')})`);
    const index = new Map(joints.names.map((n, i) => [n, i]));
    return sources.map((s) => {
      const i = index.get(nameOf(s));
      const raw = i === undefined ? undefined : joints.positions[i];
      if (raw === undefined || !Number.isFinite(raw)) {
        throw new PolicyError('malformed', `observation.joints of ${obs.robotId} has no finite "${nameOf(s)}" (has ${joints.names.join(', ') || 'none'})`);
      }
      return typeof s === 'string' ? raw : (raw - s.closed) / (s.open - s.closed);
    });
  };
}

/**
 * Unit quaternion `[x, y, z, w]` → axis-angle `angle · axis`, the conversion the LIBERO example
 * client applies to `robot0_eef_quat` (robosuite's `quat2axisangle`): `w` clipped to [-1, 1], no
 * renormalisation and no sign flip (so `w < 0` gives an angle above π, as in training), and exactly
 * zero rotation when `√(1 − w²)` is 0.
 */
export function quatToAxisAngle(q: readonly [number, number, number, number]): [number, number, number] {
  const [x, y, z] = q;
  const w = Math.min(1, Math.max(-1, q[3]));
  const den = Math.sqrt(1 - w * w);
  if (den === 0) return [0, 0, 0];
  const angle = Math.acos(w);
  return [(x * 2 * angle) / den, (y * 2 * angle) / den, (z * 2 * angle) / den];
}

/** Each Panda finger opens 0.04 m; robosuite reports the two finger joints as `+d, −d`. */
const PANDA_FINGER_TRAVEL = 0.04;

export interface LiberoStateSources {
  /** `ee` = `observation.ee`, or three joint names. */
  eefPosition: 'ee' | readonly [JointSource, JointSource, JointSource];
  /** The end effector's orientation as a quaternion in `x, y, z, w` order (robosuite's). */
  eefQuaternion: readonly [JointSource, JointSource, JointSource, JointSource];
  /** The two finger joint positions, or `aperture`: `±0.04 m × aperture` (the Panda's travel). */
  gripperQpos: 'aperture' | readonly [JointSource, JointSource];
}

/** LIBERO's `observation/state`: eef position (3), axis-angle of the eef quaternion (3), gripper qpos (2). */
export function liberoState(src: LiberoStateSources): (obs: Observation) => number[] {
  const position = src.eefPosition === 'ee' ? null : jointVector(src.eefPosition);
  const quaternion = jointVector(src.eefQuaternion);
  const fingers = src.gripperQpos === 'aperture' ? null : jointVector(src.gripperQpos);
  return (obs) => {
    const pos = position ? position(obs) : [obs.ee.x, obs.ee.y, obs.ee.z];
    const q = quaternion(obs) as [number, number, number, number];
    const d = obs.gripper.aperture * PANDA_FINGER_TRAVEL;
    return [...pos, ...quatToAxisAngle(q), ...(fingers ? fingers(obs) : [d, -d])];
  };
}
