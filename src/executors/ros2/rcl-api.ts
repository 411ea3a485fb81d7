/**
 * The part of rclnodejs 2.x that orca uses (PROTOCOLS.md §5.3), typed locally: the package's own
 * types reference message typings generated only by a ROS-sourced install, so orca never imports them.
 * Tests inject their own implementation of this surface.
 */

/** `unique_identifier_msgs/msg/UUID`. */
export interface RclUuid {
  uuid: Uint8Array | readonly number[];
}

/** `action_msgs/srv/CancelGoal_Response`. */
export interface RclCancelResponse {
  return_code: number;
  goals_canceling?: readonly unknown[];
}

export interface RclGoalHandle {
  isAccepted(): boolean;
  readonly goalId: RclUuid;
  /** Set by `getResult()` from the GetResult response (§6.5 codes). */
  readonly status: number;
  /** Resolves to the inner Result message once the goal is terminal. */
  getResult(): Promise<unknown>;
  cancelGoal(): Promise<RclCancelResponse>;
}

export interface RclActionClient {
  waitForServer(timeoutMs?: number): Promise<boolean>;
  /** Resolves when the server acks the goal, accepted or not. */
  sendGoal(goal: object, feedbackCallback?: (feedback: unknown) => void, goalUuid?: RclUuid): Promise<RclGoalHandle>;
  destroy(): void;
}

export interface RclSubscriptionOptions {
  qos?: unknown;
  enableTypedArray?: boolean;
}

export interface RclNode {
  createSubscription(typeClass: string, topic: string, options: RclSubscriptionOptions, callback: (msg: unknown) => void): unknown;
  destroySubscription?(subscription: unknown): void;
  destroy?(): void;
}

export type RclActionClientCtor = new (node: RclNode, typeClass: string, actionName: string) => RclActionClient;

export interface RclApi {
  init(): Promise<void>;
  createNode(name: string, namespace?: string): RclNode;
  ActionClient: RclActionClientCtor;
  spin(node: RclNode): void;
  shutdown(): Promise<void> | void;
}

/** `action_msgs/msg/GoalStatus` (current numbering, §6.5). */
export const GoalStatus = {
  UNKNOWN: 0,
  ACCEPTED: 1,
  EXECUTING: 2,
  CANCELING: 3,
  SUCCEEDED: 4,
  CANCELED: 5,
  ABORTED: 6,
} as const;

export function isTerminalStatus(status: number): boolean {
  return status === GoalStatus.SUCCEEDED || status === GoalStatus.CANCELED || status === GoalStatus.ABORTED;
}

/** `action_msgs/srv/CancelGoal` return codes. */
export const CancelReturnCode = {
  ERROR_NONE: 0,
  ERROR_REJECTED: 1,
  ERROR_UNKNOWN_GOAL_ID: 2,
  ERROR_GOAL_TERMINATED: 3,
} as const;
