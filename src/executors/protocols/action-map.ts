import type { RobotAction } from '../../domain/action.js';
import type { Tick } from '../../domain/clock.js';

/** Turns one policy action vector into orca's `RobotAction` for one control tick. */
export type ActionMapper = (action: readonly number[], tick: Tick) => RobotAction;

export interface DeltaEeMapping {
  /**
   * Seconds one predicted delta spans (the training data's control period, e.g. 0.2 s for BridgeData
   * at 5 Hz). The xyz delta becomes an ee velocity `delta / deltaPeriod`. Defaults to the tick's dt.
   */
  deltaPeriod?: number;
  /** Policy gripper values meaning fully closed and fully open; mapped linearly onto aperture 0..1. */
  gripperClosed: number;
  gripperOpen: number;
  /** Index of the gripper value in the vector; defaults to the last element. */
  gripperIndex?: number;
}

/**
 * OpenVLA: `[dx, dy, dz, droll, dpitch, dyaw, gripper]` with the gripper in [0, 1], 1 = open
 * (BridgeData convention, which OpenVLA's LIBERO eval re-maps to [-1, 1] and inverts).
 */
export const OPENVLA_MAPPING: DeltaEeMapping = { gripperClosed: 0, gripperOpen: 1 };

/** LIBERO (openpi `pi0*_libero`, OpenVLA-OFT LIBERO): gripper -1 = open, +1 = closed. */
export const LIBERO_MAPPING: DeltaEeMapping = { gripperClosed: 1, gripperOpen: -1 };

/**
 * Maps a 7-DoF end-effector delta action onto `RobotAction`:
 * - xyz delta (metres, world frame) → `ee` velocity = delta / deltaPeriod; the robot's safety filter
 *   clamps it to its ee speed limit.
 * - the rotation deltas are dropped: `RobotAction` carries no end-effector orientation.
 * - gripper → `gripper` aperture target, linear between the mapping's closed and open values, clamped.
 * Non-finite numbers pass through unchanged so the robot's safety filter rejects them (`not_finite`).
 */
export function deltaEeMapper(mapping: DeltaEeMapping): ActionMapper {
  return (a, tick) => {
    const period = mapping.deltaPeriod ?? tick.dt;
    const g = a[mapping.gripperIndex ?? a.length - 1] ?? Number.NaN;
    const t = (g - mapping.gripperClosed) / (mapping.gripperOpen - mapping.gripperClosed);
    return {
      ee: { vx: (a[0] ?? Number.NaN) / period, vy: (a[1] ?? Number.NaN) / period, vz: (a[2] ?? Number.NaN) / period },
      gripper: Number.isFinite(t) ? Math.min(1, Math.max(0, t)) : t,
    };
  };
}
