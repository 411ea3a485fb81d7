import type { TickSource } from '../../domain/clock.js';
import type { Robot } from '../../domain/robot.js';
import type { ExecutorConfig } from '../robot-config.js';
import { requireRclnodejs } from './loader.js';
import type { ModuleImporter } from './loader.js';
import { Ros2SkillExecutor } from './ros2-executor.js';

type Ros2Config = Extract<ExecutorConfig, { kind: 'ros2' }>;

/** Builds the executor of a `kind: ros2` robot; throws `Ros2UnavailableError` when ROS 2/rclnodejs is missing. */
export async function ros2ExecutorFromConfig(cfg: Ros2Config, deps: { robot: Robot; ticker: TickSource; importer?: ModuleImporter; env?: NodeJS.ProcessEnv }): Promise<Ros2SkillExecutor> {
  const rcl = await requireRclnodejs(deps.importer, deps.env);
  return Ros2SkillExecutor.connect({
    robot: deps.robot,
    ticker: deps.ticker,
    rcl,
    skills: cfg.skills,
    sensors: cfg.sensors,
    nodeName: cfg.node_name,
    ...(cfg.namespace ? { namespace: cfg.namespace } : {}),
    timeouts: cfg.timeouts,
    ...(cfg.trained_templates ? { trainedTemplates: cfg.trained_templates } : {}),
  });
}
