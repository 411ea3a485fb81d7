import { z } from 'zod';
import type { ActionGoalPort } from '../../../executors/ros2/goal-port.js';
import { RosbridgeClient } from '../../../executors/rosbridge/client.js';
import { RosbridgeStatusError } from '../../../executors/rosbridge/errors.js';
import { rosbridgeHealth } from '../../../executors/rosbridge/health.js';
import { RosbridgeActionPort } from '../../../executors/rosbridge/rosbridge-executor.js';
import { PolicyError } from '../../../executors/protocols/errors.js';
import type { RetryPolicy } from '../../../executors/protocols/retry.js';
import { toRosbridgeJson } from '../messages/wire.js';
import type { TopicTransport } from '../transport.js';

/** rosapi's `Topics` answer: names and types side by side. */
const TopicsAnswer = z.object({ topics: z.array(z.string()), types: z.array(z.string()).optional() });

export interface RosbridgeTransportOptions {
  url: string;
  retry?: Partial<RetryPolicy>;
  maxMessageBytes?: number;
}

/**
 * A body's link over rosbridge: orca's rosbridge client, which re-subscribes and re-advertises after
 * a dropped socket; topic types come from rosapi (`/rosapi/topics`), which rosbridge's launch file
 * starts beside the bridge.
 */
export class RosbridgeTransport implements TopicTransport {
  readonly describe: string;
  readonly goals: ActionGoalPort;
  private readonly client: RosbridgeClient;

  constructor(opts: RosbridgeTransportOptions) {
    this.describe = `rosbridge ${opts.url}`;
    this.client = new RosbridgeClient({ url: opts.url, reconnect: true, ...(opts.retry ? { retry: opts.retry } : {}), ...(opts.maxMessageBytes ? { maxMessageBytes: opts.maxMessageBytes } : {}) });
    this.goals = new RosbridgeActionPort(this.client);
  }

  get connected(): boolean {
    return this.client.connected;
  }

  connect(signal?: AbortSignal): Promise<void> {
    return this.client.connect(signal);
  }

  onConnection(listener: (connected: boolean) => void): () => void {
    return this.client.onConnection(listener);
  }

  subscribe(topic: string, type: string, handler: (msg: unknown) => void): () => void {
    return this.client.subscribe(topic, type, handler);
  }

  advertise(topic: string, type: string): void {
    this.client.advertise(topic, type);
  }

  publish(topic: string, type: string, msg: object): void {
    this.client.advertise(topic, type);
    this.client.publish(topic, toRosbridgeJson(msg));
  }

  async topicTypes(timeoutMs: number): Promise<Map<string, string[]> | null> {
    let answer: unknown;
    try {
      answer = await this.client.callService('/rosapi/topics', {}, timeoutMs);
    } catch (err) {
      // No rosapi (or it did not answer): the graph cannot be read, so readiness waits for messages instead.
      if (err instanceof RosbridgeStatusError || (err instanceof PolicyError && err.kind === 'timeout')) return null;
      throw err;
    }
    const parsed = TopicsAnswer.safeParse(answer);
    if (!parsed.success || !parsed.data.types || parsed.data.types.length !== parsed.data.topics.length) return null;
    const types = parsed.data.types;
    return new Map(parsed.data.topics.map((t, i) => [t, [types[i] ?? '']]));
  }

  health(timeoutMs: number): Promise<{ ok: boolean; detail: string }> {
    return rosbridgeHealth(this.client, timeoutMs);
  }

  close(): void {
    this.client.close();
  }
}
