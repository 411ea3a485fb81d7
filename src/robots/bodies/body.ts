import type { Robot } from '../../domain/robot.js';

/**
 * A robot reached through something that can lag or fail (a ROS graph, a rosbridge socket): the
 * synchronous `Robot` surface the executors drive (latest observation, actions through the safety
 * filter, halt, latch), plus what a wall-clock runtime needs to know about the link.
 */
export interface RobotBody extends Robot {
  /** Resolves once every configured topic has delivered (rejects naming the silent ones after `timeoutMs`). */
  ready(timeoutMs: number): Promise<void>;
  /** Milliseconds since the newest sensor message; `Infinity` before the first. */
  readonly observationAgeMs: number;
  /** Stops the body and resolves once the stop is confirmed (zero velocity seen, goals cancelled) or `false` after the configured timeout. */
  confirmedStop(): Promise<boolean>;
  health(): Promise<{ ok: boolean; detail: string }>;
  close(): Promise<void>;
}
