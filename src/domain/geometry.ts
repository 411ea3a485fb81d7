import { z } from 'zod';

/** A point in the world frame, metres. x to the right (east), y forward (north), z up. */
export const Vec3Schema = z.object({ x: z.number().finite(), y: z.number().finite(), z: z.number().finite() });
export type Vec3 = z.infer<typeof Vec3Schema>;

/** A planar pose: position in metres, heading in radians (0 = +x, counter-clockwise). */
export const Pose2DSchema = z.object({ x: z.number().finite(), y: z.number().finite(), theta: z.number().finite() });
export type Pose2D = z.infer<typeof Pose2DSchema>;

export function distance(a: Vec3, b: Vec3): number {
  return Math.hypot(a.x - b.x, a.y - b.y, a.z - b.z);
}

export function planarDistance(a: { x: number; y: number }, b: { x: number; y: number }): number {
  return Math.hypot(a.x - b.x, a.y - b.y);
}
