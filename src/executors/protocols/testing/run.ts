import type { ManualTicker } from '../../../domain/clock.js';
import type { ExecutorEvent } from '../../../domain/executor.js';
import type { RemotePolicyExecutor } from '../remote-policy-executor.js';

/** Advances ticks, letting each request settle, until the executor leaves `running` (or `maxTicks`). */
export async function runToEnd(ticker: ManualTicker, exec: RemotePolicyExecutor, maxTicks = 200): Promise<void> {
  for (let i = 0; i < maxTicks && exec.state === 'running'; i++) {
    ticker.advance();
    await exec.settled();
  }
}

export function recordEvents(exec: RemotePolicyExecutor): ExecutorEvent[] {
  const events: ExecutorEvent[] = [];
  exec.subscribe((e) => events.push(e));
  return events;
}

export const TASK = { goalId: 'g1', subgoalId: 's1', skill: 'pick', args: { object: 'mug_1' }, instruction: 'pick up the red mug' };
