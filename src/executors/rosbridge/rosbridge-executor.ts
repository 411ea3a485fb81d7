import type { TickSource } from '../../domain/clock.js';
import type { ExecutorHealth } from '../../domain/executor.js';
import type { Robot } from '../../domain/robot.js';
import { ActionGoalExecutor } from '../ros2/action-goal-executor.js';
import type { ActionTimeouts, SensorConfig, SkillMap } from '../ros2/action-config.js';
import type { ActionGoalPort, CancelAck, DispatchedGoal, GoalOutcome } from '../ros2/goal-port.js';
import type { ResolvedGoal } from '../ros2/goals.js';
import { SENSOR_MSG_TYPES, SensorCache } from '../ros2/messages.js';
import type { RosbridgeClient } from './client.js';
import { rosbridgeHealth } from './health.js';

/** The `send_action_goal` id of a task's goal; `cancel_action_goal` must reuse it (§7.4). */
export function rosbridgeGoalId(server: string, goalId: string): string {
  return `send_action_goal:${server}:${goalId}`;
}

/**
 * Action goals over rosbridge. rosbridge never reports acceptance (§7.4), so a sent goal counts as
 * accepted and a rejected one shows up only as silence: the executor's feedback timeout catches it.
 * A cancel has no answer either; it is confirmed by the `action_result` that follows it.
 */
export class RosbridgeActionPort implements ActionGoalPort {
  constructor(
    private readonly client: RosbridgeClient,
    private readonly healthTimeoutMs = 2000,
  ) {}

  async send(goal: ResolvedGoal, goalId: string, onFeedback: (feedback: unknown) => void): Promise<DispatchedGoal> {
    await this.client.connect();
    const id = rosbridgeGoalId(goal.server, goalId);
    const result: Promise<GoalOutcome> = this.client
      .sendActionGoal({ id, action: goal.server, actionType: goal.actionType, args: goal.goal }, onFeedback)
      .then((r) => ({ status: r.status, result: r.values }));
    // Observed by the executor; keep an early failure from surfacing as an unhandled rejection.
    result.catch(() => undefined);
    const client = this.client;
    return {
      accepted: true,
      wireId: id,
      result,
      cancel(): Promise<CancelAck> {
        client.cancelActionGoal(id, goal.server);
        return Promise.resolve({ accepted: true, detail: 'cancel_action_goal sent' });
      },
    };
  }

  health(): Promise<ExecutorHealth> {
    return rosbridgeHealth(this.client, this.healthTimeoutMs);
  }

  close(): void {
    this.client.close();
  }
}

export interface RosbridgeSkillExecutorOptions {
  robot: Robot;
  ticker: TickSource;
  client: RosbridgeClient;
  skills: SkillMap;
  sensors?: readonly SensorConfig[];
  timeouts?: Partial<ActionTimeouts>;
  trainedTemplates?: readonly string[];
}

/**
 * A robot whose ROS 2 runs elsewhere, driven through rosbridge: sensor topics are subscribed (and
 * re-subscribed after reconnects) into a `SensorCache`; each subgoal is one action goal with the same
 * dispatch, timeout and cancel semantics as `Ros2SkillExecutor`.
 */
export class RosbridgeSkillExecutor extends ActionGoalExecutor {
  readonly sensorCache: SensorCache;
  private readonly unsubscribers: (() => void)[] = [];

  constructor(private readonly ropts: RosbridgeSkillExecutorOptions) {
    const cache = new SensorCache();
    super({
      robot: ropts.robot,
      ticker: ropts.ticker,
      port: new RosbridgeActionPort(ropts.client),
      skills: ropts.skills,
      sensors: cache,
      timeouts: ropts.timeouts ?? {},
      trainedTemplates: ropts.trainedTemplates ?? ['{instruction}'],
    });
    this.sensorCache = cache;
    for (const s of ropts.sensors ?? []) {
      this.unsubscribers.push(ropts.client.subscribe(s.topic, SENSOR_MSG_TYPES[s.kind], (msg) => cache.accept(s.kind, s.name, msg)));
    }
  }

  close(): void {
    for (const u of this.unsubscribers.splice(0)) u();
    this.ropts.client.close();
  }
}
