import type { Observation } from '../../domain/observation.js';
import type { Robot } from '../../domain/robot.js';
import type { ActionMapper } from '../protocols/action-map.js';
import { deltaEeMapper, LIBERO_MAPPING } from '../protocols/action-map.js';
import { jointEeMapper } from '../protocols/joint-action-map.js';
import { PANDA_FK, VX300S_FK } from '../protocols/kinematics.js';
import type { ForwardKinematics } from '../protocols/kinematics.js';
import { householdActionMapper } from './household.js';

/**
 * DROID's joint velocity unit: the DROID controller turns a velocity in [-1, 1] into at most 0.2 rad
 * per step at 15 Hz, i.e. 3 rad/s. Override with `action_mapping.joint_velocity_scale`.
 */
export const DROID_JOINT_VELOCITY_SCALE = 0.2 * 15;

const clamp01 = (x: number): number => (Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : x);

export interface DroidMappingOptions {
  velocityScale?: number;
  fk?: ForwardKinematics;
  /** The 7 Panda joints in order (the DROID layout's `jointPosition`); default the first 7 of `observation.joints`. */
  positions?: (obs: Observation) => readonly number[];
}

/**
 * DROID (`pi0_fast_droid`, `pi05_droid`): `[7 joint velocities, gripper position]`, gripper 0 open ..
 * 1 closed, binarised at 0.5 like the DROID example client. Needs the 7 Panda joint positions in
 * `observation.joints` (the same ones the DROID layout sends).
 */
export function droidActionMapper(robot: Robot, opts: DroidMappingOptions = {}): ActionMapper {
  return jointEeMapper(robot, {
    fk: opts.fk ?? PANDA_FK,
    jointOffset: 0,
    jointCount: 7,
    gripperIndex: 7,
    mode: 'velocity',
    velocityScale: opts.velocityScale ?? DROID_JOINT_VELOCITY_SCALE,
    gripper: (g) => (Number.isFinite(g) ? (g > 0.5 ? 0 : 1) : g),
    ...(opts.positions ? { positions: opts.positions } : {}),
  });
}

export interface AlohaMappingOptions {
  /** The arm whose end effector `RobotAction.ee` follows; default left. */
  arm?: 'left' | 'right';
  fk?: ForwardKinematics;
  /** Yaw of that arm's base in the robot frame; default 0 (left) and π (right: the arms face each other). */
  mountYaw?: number;
  /** The 14 joints in ALOHA's order (the layout's `state`); default `observation.joints` as it comes. */
  positions?: (obs: Observation) => readonly number[];
}

/**
 * ALOHA (`pi0_aloha_sim`, `pi05_aloha`): 14 absolute joint targets, `[left 6 joints, left gripper,
 * right 6 joints, right gripper]`, grippers normalised 0 closed .. 1 open. `RobotAction` has one end
 * effector, so one arm (`arm`) drives it and the other arm's commands are dropped: a bimanual task
 * needs a robot whose `Robot` accepts two arms, which orca's action contract does not yet have.
 */
export function alohaActionMapper(robot: Robot, opts: AlohaMappingOptions = {}): ActionMapper {
  const right = opts.arm === 'right';
  return jointEeMapper(robot, {
    fk: opts.fk ?? VX300S_FK,
    jointOffset: right ? 7 : 0,
    jointCount: 6,
    gripperIndex: right ? 13 : 6,
    mode: 'position',
    gripper: clamp01,
    mountYaw: opts.mountYaw ?? (right ? Math.PI : 0),
    ...(opts.positions ? { positions: opts.positions } : {}),
  });
}

export interface LayoutMappingOptions {
  arm?: 'left' | 'right';
  jointVelocityScale?: number;
  deltaPeriodS?: number;
  /** The joint vector in the model's order, when the config remaps `observation.joints`. */
  positions?: (obs: Observation) => readonly number[];
}

/** The default action mapping of each openpi layout. */
export function defaultOpenPiMapper(layout: 'libero' | 'droid' | 'aloha' | 'household', robot: Robot, opts: LayoutMappingOptions = {}): ActionMapper {
  switch (layout) {
    case 'household':
      return householdActionMapper();
    case 'libero':
      return deltaEeMapper(opts.deltaPeriodS === undefined ? LIBERO_MAPPING : { ...LIBERO_MAPPING, deltaPeriod: opts.deltaPeriodS });
    case 'droid':
      return droidActionMapper(robot, {
        ...(opts.jointVelocityScale === undefined ? {} : { velocityScale: opts.jointVelocityScale }),
        ...(opts.positions ? { positions: opts.positions } : {}),
      });
    case 'aloha':
      return alohaActionMapper(robot, { ...(opts.arm === undefined ? {} : { arm: opts.arm }), ...(opts.positions ? { positions: opts.positions } : {}) });
  }
}
