import { FakeRcl } from '../../../executors/ros2/testing/fake-rcl.js';
import type { RclNode } from '../../../executors/ros2/rcl-api.js';

/**
 * The fake rclnodejs of the executors' tests, with what a body also uses: publishers and the graph's
 * topic list. A test puts topics in `graph`, delivers messages with `deliver` and reads `published`.
 */
export class FakeRclGraph extends FakeRcl {
  readonly graph = new Map<string, string[]>();
  readonly published: { topic: string; type: string; msg: object }[] = [];
  readonly nodes: string[] = [];

  override createNode(name = 'node'): RclNode {
    this.nodes.push(name);
    return {
      createSubscription: (typeClass: string, topic: string, options: object, cb: (msg: unknown) => void) => {
        const sub = { typeClass, topic, options, cb };
        this.subscriptions.push(sub);
        return sub;
      },
      createPublisher: (type: string, topic: string) => ({ publish: (msg: object) => this.published.push({ topic, type, msg }) }),
      getTopicNamesAndTypes: () => [...this.graph].map(([name, types]) => ({ name, types })),
      destroySubscription: (sub: unknown) => {
        const i = this.subscriptions.findIndex((s) => s === sub);
        if (i >= 0) this.subscriptions.splice(i, 1);
      },
      destroy: () => undefined,
    } as RclNode;
  }

  /** Delivers a message to every subscription of a topic, as the executor's spin would. */
  deliver(topic: string, msg: unknown): void {
    for (const s of this.subscriptions.filter((x) => x.topic === topic)) s.cb(msg);
  }
}
