import type { ActionGoalPort } from '../../../executors/ros2/goal-port.js';
import type { RclApi, RclNode } from '../../../executors/ros2/rcl-api.js';
import { RclActionPort } from '../../../executors/ros2/ros2-executor.js';
import type { TopicTransport } from '../transport.js';

/** The parts of an rclnodejs node a body needs beyond what executors use. */
interface RclBodyNode extends RclNode {
  createPublisher(typeClass: string, topic: string): { publish(msg: object): void };
  getTopicNamesAndTypes(): { name: string; types: string[] }[];
}

function isBodyNode(node: RclNode): node is RclBodyNode {
  const n = node as Partial<RclBodyNode>;
  return typeof n.createPublisher === 'function' && typeof n.getTopicNamesAndTypes === 'function';
}

export interface Ros2TransportOptions {
  rcl: RclApi;
  nodeName: string;
  /** How long an action goal waits for its server; default 2 s. */
  serverWaitMs?: number;
}

/**
 * A body's link through an rclnodejs node in this process. There is no socket to lose, so it is
 * always connected once created; topic types come from the node's graph (DDS discovery fills it
 * within a moment of start, so readiness polls it).
 */
export class Ros2Transport implements TopicTransport {
  readonly describe: string;
  readonly goals: ActionGoalPort;
  readonly connected = true;
  private readonly node: RclBodyNode;
  private readonly publishers = new Map<string, { publish(msg: object): void }>();

  private constructor(
    rcl: RclApi,
    node: RclBodyNode,
    name: string,
    serverWaitMs: number,
  ) {
    this.node = node;
    this.describe = `ROS 2 node ${name}`;
    this.goals = new RclActionPort(rcl, node, serverWaitMs);
  }

  static async open(opts: Ros2TransportOptions): Promise<Ros2Transport> {
    await opts.rcl.init();
    const node = opts.rcl.createNode(opts.nodeName);
    if (!isBodyNode(node)) throw new Error('this rclnodejs node has no createPublisher/getTopicNamesAndTypes (rclnodejs 2.x has both)');
    opts.rcl.spin(node);
    return new Ros2Transport(opts.rcl, node, opts.nodeName, opts.serverWaitMs ?? 2000);
  }

  connect(): Promise<void> {
    return Promise.resolve();
  }

  onConnection(): () => void {
    return () => undefined;
  }

  subscribe(topic: string, type: string, handler: (msg: unknown) => void): () => void {
    const sub = this.node.createSubscription(type, topic, { enableTypedArray: true }, handler);
    return () => this.node.destroySubscription?.(sub);
  }

  advertise(topic: string, type: string): void {
    const key = `${type} ${topic}`;
    if (!this.publishers.has(key)) this.publishers.set(key, this.node.createPublisher(type, topic));
  }

  publish(topic: string, type: string, msg: object): void {
    this.advertise(topic, type);
    this.publishers.get(`${type} ${topic}`)?.publish(msg);
  }

  topicTypes(): Promise<Map<string, string[]> | null> {
    return Promise.resolve(new Map(this.node.getTopicNamesAndTypes().map((t) => [t.name, [...t.types]])));
  }

  async health(): Promise<{ ok: boolean; detail: string }> {
    const topics = this.node.getTopicNamesAndTypes().length;
    return { ok: true, detail: `${this.describe} up; ${topics} topic(s) in the graph` };
  }

  close(): void {
    (this.goals as RclActionPort).close();
    this.node.destroy?.();
  }
}
