import { z } from 'zod';
import type { ExecutorHealth } from '../../domain/executor.js';
import type { RosbridgeClient } from './client.js';
import { RosbridgeStatusError } from './errors.js';

const TopicsSchema = z.object({ topics: z.array(z.string()) });

/**
 * Connected, and the bridge answers a call: `/rosapi/topics` (rosapi ships with
 * `rosbridge_websocket_launch.xml`). A bridge that answers the call with an error (no rosapi) is up;
 * one that does not answer within `timeoutMs` is not.
 */
export async function rosbridgeHealth(client: RosbridgeClient, timeoutMs: number): Promise<ExecutorHealth> {
  const started = Date.now();
  try {
    await client.connect();
  } catch (err) {
    return { ok: false, detail: `rosbridge unreachable: ${err instanceof Error ? err.message : String(err)}` };
  }
  try {
    const answer = TopicsSchema.safeParse(await client.callService('/rosapi/topics', {}, timeoutMs));
    const latencyMs = Date.now() - started;
    if (!answer.success) return { ok: true, detail: 'rosbridge connected; /rosapi/topics answered an unexpected shape', latencyMs };
    return { ok: true, detail: `rosbridge connected; ${answer.data.topics.length} topic(s) via /rosapi/topics`, latencyMs };
  } catch (err) {
    if (err instanceof RosbridgeStatusError) {
      return { ok: true, detail: `rosbridge connected; /rosapi/topics failed (${err.message}): is rosapi running?`, latencyMs: Date.now() - started };
    }
    return { ok: false, detail: `rosbridge connected but not answering: ${err instanceof Error ? err.message : String(err)}` };
  }
}
