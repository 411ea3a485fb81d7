import { z } from 'zod';
import { ValidationError } from '../../../domain/failures.js';

/** `builtin_interfaces/msg/Time`. */
export const StampSchema = z.object({ sec: z.number().int(), nanosec: z.number().int().nonnegative() });
export type Stamp = z.infer<typeof StampSchema>;

/** `std_msgs/msg/Header`. */
export const HeaderSchema = z.object({ stamp: StampSchema.optional(), frame_id: z.string().optional() });
export type Header = z.infer<typeof HeaderSchema>;

export const Vector3Schema = z.object({ x: z.number(), y: z.number(), z: z.number() });
export const QuaternionSchema = z.object({ x: z.number(), y: z.number(), z: z.number(), w: z.number() });
export type Quaternion = z.infer<typeof QuaternionSchema>;

export function stampOf(seconds: number): Stamp {
  const sec = Math.floor(seconds);
  return { sec, nanosec: Math.min(999_999_999, Math.round((seconds - sec) * 1e9)) };
}

export function secondsOf(stamp: Stamp | undefined): number | null {
  return stamp ? stamp.sec + stamp.nanosec / 1e9 : null;
}

/** A stamp as a key, so a message and its side channel can be matched exactly. */
export function stampKey(stamp: Stamp | undefined): string {
  return stamp ? `${stamp.sec}.${stamp.nanosec}` : '';
}

export function header(seconds: number, frameId: string): { stamp: Stamp; frame_id: string } {
  return { stamp: stampOf(seconds), frame_id: frameId };
}

/** Heading of a quaternion about z (the planar yaw), radians. */
export function yawOf(q: Quaternion): number {
  return Math.atan2(2 * (q.w * q.z + q.x * q.y), 1 - 2 * (q.y * q.y + q.z * q.z));
}

export function quaternionOfYaw(yaw: number): Quaternion {
  return { x: 0, y: 0, z: Math.sin(yaw / 2), w: Math.cos(yaw / 2) };
}

/** Parses a message with its zod schema; a mismatch is a ValidationError naming the message type and fields. */
export function parseMessage<T>(schema: z.ZodType<T>, msg: unknown, type: string): T {
  const r = schema.safeParse(msg);
  if (r.success) return r.data;
  const issues = r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
  throw new ValidationError(`malformed ${type}: ${issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ')}`, issues);
}

/** Non-finite numbers are refused wherever a message feeds a pose or a command. */
export function requireFinite(values: Record<string, number>, type: string): void {
  for (const [k, v] of Object.entries(values)) {
    if (!Number.isFinite(v)) throw new ValidationError(`${type}: ${k} is not a finite number`);
  }
}
