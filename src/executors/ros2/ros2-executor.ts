import { createHash } from 'node:crypto';
import type { TickSource } from '../../domain/clock.js';
import type { ExecutorHealth } from '../../domain/executor.js';
import type { Robot } from '../../domain/robot.js';
import { PolicyError } from '../protocols/errors.js';
import { ActionGoalExecutor } from './action-goal-executor.js';
import type { ActionTimeouts, SensorConfig, SkillMap } from './action-config.js';
import type { ActionGoalPort, CancelAck, DispatchedGoal, GoalOutcome } from './goal-port.js';
import type { ResolvedGoal } from './goals.js';
import { SENSOR_MSG_TYPES, SensorCache } from './messages.js';
import { CancelReturnCode } from './rcl-api.js';
import type { RclActionClient, RclApi, RclNode, RclUuid } from './rcl-api.js';

/**
 * A stable goal UUID derived from orca's goalId (sha-256, RFC 9562 version 8 bits), so a goal id in a
 * trace names the same ROS goal on every replay.
 */
export function goalUuidOf(goalId: string): Uint8Array {
  const bytes = new Uint8Array(createHash('sha256').update(goalId).digest().subarray(0, 16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x80;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  return bytes;
}

export function uuidHex(uuid: RclUuid['uuid']): string {
  return Array.from(uuid, (b) => b.toString(16).padStart(2, '0')).join('');
}

const CANCEL_CODES: Record<number, string> = {
  [CancelReturnCode.ERROR_REJECTED]: 'the action server rejected the cancel',
  [CancelReturnCode.ERROR_UNKNOWN_GOAL_ID]: 'the action server does not know this goal id',
};

/** Action goals through an rclnodejs node (PROTOCOLS.md §5.3). One ActionClient per server name. */
export class RclActionPort implements ActionGoalPort {
  private readonly clients = new Map<string, RclActionClient>();
  private readonly ready = new Set<string>();

  constructor(
    private readonly rcl: RclApi,
    private readonly node: RclNode,
    private readonly serverWaitMs: number,
    private readonly servers: readonly { server: string; actionType: string }[] = [],
  ) {}

  private client(goal: { server: string; actionType: string }): RclActionClient {
    const key = `${goal.actionType} ${goal.server}`;
    let c = this.clients.get(key);
    if (!c) {
      c = new this.rcl.ActionClient(this.node, goal.actionType, goal.server);
      this.clients.set(key, c);
    }
    return c;
  }

  async send(goal: ResolvedGoal, goalId: string, onFeedback: (feedback: unknown) => void): Promise<DispatchedGoal> {
    const client = this.client(goal);
    const key = `${goal.actionType} ${goal.server}`;
    if (!this.ready.has(key)) {
      if (!(await client.waitForServer(this.serverWaitMs))) {
        throw new PolicyError('unreachable', `action server ${goal.server} (${goal.actionType}) not available after ${this.serverWaitMs} ms`);
      }
      this.ready.add(key);
    }
    const gh = await client.sendGoal(goal.goal, onFeedback, { uuid: goalUuidOf(goalId) });
    const accepted = gh.isAccepted();
    let result: Promise<GoalOutcome> | null = null;
    return {
      accepted,
      wireId: uuidHex(gh.goalId.uuid),
      // getResult() sends a GetResult request: ask once, lazily, and share the answer.
      get result(): Promise<GoalOutcome> {
        result ??= accepted
          ? gh.getResult().then((r) => ({ status: gh.status, result: r }))
          : Promise.reject(new PolicyError('server_error', 'goal was rejected'));
        return result;
      },
      async cancel(): Promise<CancelAck> {
        const resp = await gh.cancelGoal();
        const code = resp.return_code;
        if (code === CancelReturnCode.ERROR_NONE) return { accepted: true, detail: 'cancel accepted' };
        if (code === CancelReturnCode.ERROR_GOAL_TERMINATED) return { accepted: true, detail: 'goal had already terminated' };
        return { accepted: false, detail: CANCEL_CODES[code] ?? `return_code ${code}` };
      },
    };
  }

  async health(): Promise<ExecutorHealth> {
    const started = Date.now();
    const missing: string[] = [];
    for (const s of this.servers) {
      if (!(await this.client(s).waitForServer(Math.min(this.serverWaitMs, 500)))) missing.push(s.server);
    }
    const latencyMs = Date.now() - started;
    if (missing.length > 0) return { ok: false, detail: `action servers not available: ${missing.join(', ')}`, latencyMs };
    return { ok: true, detail: `ROS 2 node up; ${this.servers.length} action server(s) available`, latencyMs };
  }

  close(): void {
    for (const c of this.clients.values()) c.destroy();
    this.clients.clear();
    this.ready.clear();
  }
}

export interface Ros2SkillExecutorOptions {
  robot: Robot;
  ticker: TickSource;
  /** From `requireRclnodejs()` in production, a fake in tests. */
  rcl: RclApi;
  skills: SkillMap;
  sensors?: readonly SensorConfig[];
  nodeName?: string;
  namespace?: string;
  timeouts?: Partial<ActionTimeouts>;
  trainedTemplates?: readonly string[];
}

/** `{ server, actionType }` of every skill mapping, for health checks. */
export function serversOf(skills: SkillMap): { server: string; actionType: string }[] {
  const types: Record<string, string> = {
    nav2_navigate_to_pose: 'nav2_msgs/action/NavigateToPose',
    follow_joint_trajectory: 'control_msgs/action/FollowJointTrajectory',
    gripper_command: 'control_msgs/action/GripperCommand',
    moveit_move_group: 'moveit_msgs/action/MoveGroup',
  };
  const seen = new Map<string, { server: string; actionType: string }>();
  for (const s of Object.values(skills)) {
    const actionType = s.action === 'generic' ? s.action_type : (types[s.action] ?? s.action);
    seen.set(`${actionType} ${s.server}`, { server: s.server, actionType });
  }
  return [...seen.values()];
}

/**
 * A ROS 2 robot driven through rclnodejs: sensor topics feed observations, each subgoal is an action
 * goal. Create it with `Ros2SkillExecutor.connect()`, which initialises rclnodejs, makes the node,
 * subscribes the sensors and spins.
 */
export class Ros2SkillExecutor extends ActionGoalExecutor {
  private constructor(
    opts: Ros2SkillExecutorOptions,
    readonly sensorCache: SensorCache,
    private readonly rcl: RclApi,
    private readonly node: RclNode,
    private readonly actionPort: RclActionPort,
  ) {
    super({ robot: opts.robot, ticker: opts.ticker, port: actionPort, skills: opts.skills, sensors: sensorCache, timeouts: opts.timeouts ?? {}, trainedTemplates: opts.trainedTemplates ?? ['{instruction}'] });
  }

  static async connect(opts: Ros2SkillExecutorOptions): Promise<Ros2SkillExecutor> {
    const { rcl } = opts;
    await rcl.init();
    const node = rcl.createNode(opts.nodeName ?? 'orca', opts.namespace);
    const cache = new SensorCache();
    for (const s of opts.sensors ?? []) {
      // Camera topics use the sensor-data QoS name (best effort); joint states keep the default.
      const options = s.kind === 'joint_state' ? {} : { qos: 'qos_profile_sensor_data' };
      node.createSubscription(SENSOR_MSG_TYPES[s.kind], s.topic, options, (msg) => cache.accept(s.kind, s.name, msg));
    }
    rcl.spin(node);
    const waitMs = (opts.timeouts?.server_wait_s ?? 5) * 1000;
    const port = new RclActionPort(rcl, node, waitMs, serversOf(opts.skills));
    return new Ros2SkillExecutor(opts, cache, rcl, node, port);
  }

  async close(): Promise<void> {
    this.actionPort.close();
    this.node.destroy?.();
    await this.rcl.shutdown();
  }
}
