import type { ActionGoalPort } from '../../executors/ros2/goal-port.js';

/**
 * How a body reaches its robot's ROS graph: rosbridge over a websocket, or an rclnodejs node in this
 * process. Topic names, message types and mappings are the same either way; only this differs.
 */
export interface TopicTransport {
  /** `rosbridge ws://robot:9090`, `ROS 2 node orca_body`: for messages to people. */
  readonly describe: string;
  readonly connected: boolean;
  connect(signal?: AbortSignal): Promise<void>;
  /** Called with true on every (re)connect and false on every drop. */
  onConnection(listener: (connected: boolean) => void): () => void;
  subscribe(topic: string, type: string, handler: (msg: unknown) => void): () => void;
  advertise(topic: string, type: string): void;
  /** Throws when the link is down. */
  publish(topic: string, type: string, msg: object): void;
  /** Topic → message types as the graph knows them now; null when this transport cannot tell. */
  topicTypes(timeoutMs: number): Promise<Map<string, string[]> | null>;
  /** FollowJointTrajectory and GripperCommand goals. */
  readonly goals: ActionGoalPort;
  health(timeoutMs: number): Promise<{ ok: boolean; detail: string }>;
  close(): Promise<void> | void;
}

/** `pkg/msg/Type` and `pkg/Type` name the same type (ROS 1 style names still appear in tools). */
export function sameMessageType(a: string, b: string): boolean {
  const norm = (t: string): string => t.replace('/msg/', '/').replace('/action/', '/');
  return norm(a) === norm(b);
}
