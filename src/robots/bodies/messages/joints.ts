import { header } from './common.js';

/** `sensor_msgs/msg/JointState`; efforts are left empty (the field is optional per joint). */
export function jointStateMsg(names: readonly string[], positions: readonly number[], seconds: number, velocities: readonly number[] = []): object {
  return { header: header(seconds, ''), name: [...names], position: [...positions], velocity: [...velocities], effort: [] };
}

/** A linear map of one joint's position onto the gripper aperture, 0 closed .. 1 open, clamped. */
export function apertureOf(position: number, openPosition: number, closedPosition: number): number {
  if (openPosition === closedPosition) return position === openPosition ? 1 : 0;
  const t = (position - closedPosition) / (openPosition - closedPosition);
  return Math.min(1, Math.max(0, t));
}

/** The inverse: an aperture as the joint (or command) position. */
export function positionOfAperture(aperture: number, openPosition: number, closedPosition: number): number {
  return closedPosition + Math.min(1, Math.max(0, aperture)) * (openPosition - closedPosition);
}
