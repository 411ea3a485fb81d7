import type { ActionLimits, RobotAction } from './action.js';
import type { Capability } from './entities.js';
import type { Observation } from './observation.js';

/** What the safety filter did with one action. */
export type ApplyResult =
  | { status: 'applied'; clamped: boolean; action: RobotAction }
  | { status: 'rejected'; reason: 'estopped' | 'malformed' | 'not_finite' | 'outside_workspace' | 'not_allowed'; message: string };

/**
 * A robot as orca's reactive tier sees it: observations up, actions down, every action through the
 * safety filter. `estop()` latches: the robot stays halted and rejects every action until
 * `releaseEstop()`.
 */
export interface Robot {
  readonly id: string;
  readonly kind: string;
  readonly capabilities: readonly Capability[];
  readonly limits: ActionLimits;
  /** The latest observation (real robots return their last received one). */
  observe(): Observation;
  apply(action: RobotAction): ApplyResult;
  /** Zero every velocity now; does not latch. */
  halt(): void;
  estop(): void;
  releaseEstop(): void;
  readonly estopped: boolean;
}
