import type { ExecutorHealth } from '../../domain/executor.js';
import type { SkillMap } from './action-config.js';
import type { RclApi } from './rcl-api.js';
import { RclActionPort, serversOf } from './ros2-executor.js';

/**
 * Health of a ROS 2 robot without running its executor: a short-lived node (`<node_name>_health`)
 * asks every mapped action server `waitForServer(timeout)`. rclnodejs is initialised if it is not
 * yet (a second `init()` of a live context throws, which is fine) and never shut down here, because
 * a running executor in the same process shares the context.
 */
export async function probeRos2Health(rcl: RclApi, opts: { nodeName: string; namespace?: string; skills: SkillMap; timeoutMs: number }): Promise<ExecutorHealth> {
  const started = Date.now();
  try {
    await rcl.init();
  } catch {
    // Already initialised by this process.
  }
  let node;
  try {
    node = rcl.createNode(`${opts.nodeName}_health`, opts.namespace);
  } catch (err) {
    return { ok: false, detail: `could not create a ROS 2 node: ${err instanceof Error ? err.message : String(err)}` };
  }
  const port = new RclActionPort(rcl, node, opts.timeoutMs, serversOf(opts.skills));
  try {
    const h = await port.health();
    return { ...h, latencyMs: Date.now() - started };
  } finally {
    port.close();
    node.destroy?.();
  }
}
