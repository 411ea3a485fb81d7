import type { ExecutorHealth } from '../../domain/executor.js';
import type { ResolvedGoal } from './goals.js';

/** The terminal answer to a goal: GoalStatus code (§6.5) and the action's Result message. */
export interface GoalOutcome {
  status: number;
  result: unknown;
}

export interface CancelAck {
  /** The server took the cancel request (ROS 2 `ERROR_NONE`/`ERROR_GOAL_TERMINATED`; rosbridge: sent). */
  accepted: boolean;
  detail: string;
}

export interface DispatchedGoal {
  accepted: boolean;
  /** The goal's id on the wire: the goal UUID (hex) for ROS 2, the `send_action_goal` id for rosbridge. */
  wireId: string;
  /** Settles once with the terminal status; rejects when the transport loses the goal. */
  readonly result: Promise<GoalOutcome>;
  cancel(): Promise<CancelAck>;
}

/**
 * One way to run ROS 2 action goals (rclnodejs in-process, or rosbridge over a websocket). The
 * executor on top owns timeouts, cancel confirmation and the mapping to orca's events.
 */
export interface ActionGoalPort {
  /** Sends the goal and resolves on the server's acknowledgement (accepted or rejected). */
  send(goal: ResolvedGoal, goalId: string, onFeedback: (feedback: unknown) => void): Promise<DispatchedGoal>;
  health(): Promise<ExecutorHealth>;
  close?(): void | Promise<void>;
}

/** Resolves to `null` if `p` does not settle within `ms` wall-clock milliseconds (rejections pass through). */
export function within<T>(p: Promise<T>, ms: number): Promise<T | null> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => resolve(null), ms);
    timer.unref?.();
    p.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (err: unknown) => {
        clearTimeout(timer);
        reject(err instanceof Error ? err : new Error(String(err)));
      },
    );
  });
}
