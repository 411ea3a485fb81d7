import type { TickSource } from '../../domain/clock.js';
import type { Robot } from '../../domain/robot.js';
import type { RetryPolicy } from '../protocols/retry.js';
import type { ExecutorConfig } from '../robot-config.js';
import { RosbridgeClient } from './client.js';
import { RosbridgeSkillExecutor } from './rosbridge-executor.js';

type RosbridgeConfig = Extract<ExecutorConfig, { kind: 'rosbridge' }>;

/** Builds the executor of a `kind: rosbridge` robot; the socket opens on the first goal or health check. */
export function rosbridgeExecutorFromConfig(cfg: RosbridgeConfig, deps: { robot: Robot; ticker: TickSource }): RosbridgeSkillExecutor {
  const r = cfg.retry;
  const retry: Partial<RetryPolicy> = {
    ...(r?.retries !== undefined ? { retries: r.retries } : {}),
    ...(r?.initial_delay_ms !== undefined ? { initialDelayMs: r.initial_delay_ms } : {}),
    ...(r?.max_delay_ms !== undefined ? { maxDelayMs: r.max_delay_ms } : {}),
    ...(r?.factor !== undefined ? { factor: r.factor } : {}),
  };
  return new RosbridgeSkillExecutor({
    robot: deps.robot,
    ticker: deps.ticker,
    client: new RosbridgeClient({ url: cfg.url, retry, ...(cfg.max_message_bytes ? { maxMessageBytes: cfg.max_message_bytes } : {}) }),
    skills: cfg.skills,
    sensors: cfg.sensors,
    timeouts: cfg.timeouts,
    ...(cfg.trained_templates ? { trainedTemplates: cfg.trained_templates } : {}),
  });
}
