import type { SensorState } from './sensors.js';

/** Odometry slower than this reads as stopped, m/s and rad/s. */
const STILL_SPEED = 0.01;
const STILL_TURN = 0.02;
/** Between two readings a still robot moves less than this (readings carry millimetres of noise). */
const STILL_STEP = 0.01;

function distance(a: { x: number; y: number; z?: number }, b: { x: number; y: number; z?: number }): number {
  return Math.hypot(a.x - b.x, a.y - b.y, (a.z ?? 0) - (b.z ?? 0));
}

/**
 * Whether the robot's own readings since `since` (wall ms) show it still: the newest odometry twist
 * near zero (or, with a TF pose, two readings in the same place), and two end-effector readings in the
 * same place when an ee pose is configured.
 */
export function isStillSince(sensors: SensorState, since: number, hasEe: boolean): boolean {
  const poses = sensors.poses.filter((p) => p.at >= since);
  const last = poses.at(-1);
  if (!last) return false;
  const baseStill = last.twist
    ? Math.hypot(last.twist.vx, last.twist.vy) < STILL_SPEED && Math.abs(last.twist.wz) < STILL_TURN
    : poses.length >= 2 && distance(poses.at(-2)!.pose, last.pose) < STILL_STEP;
  if (!baseStill || !hasEe) return baseStill;
  const ees = sensors.ees.filter((e) => e.at >= since);
  return ees.length >= 2 && distance(ees.at(-2)!.position, ees.at(-1)!.position) < STILL_STEP;
}
