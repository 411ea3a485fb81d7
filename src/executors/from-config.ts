import type { ActionLimits } from '../domain/action.js';
import type { Observation } from '../domain/observation.js';
import type { TickSource } from '../domain/clock.js';
import type { Executor } from '../domain/executor.js';
import { OrcaError } from '../domain/failures.js';
import type { Robot } from '../domain/robot.js';
import { LimitedRobot, LimitedSimRobot } from '../robots/limited-robot.js';
import { SimRobot } from '../robots/sim-robot.js';
import { timedHealth } from './health.js';
import type { Health } from './health.js';
import { defaultOpenPiMapper } from './openpi/action-maps.js';
import { OpenPiClient } from './openpi/client.js';
import { alohaLayout, droidLayout, liberoLayout } from './openpi/layouts.js';
import { HOUSEHOLD_ACTION_DIM, householdLayout } from './openpi/household.js';
import type { ObservationBuilder } from './openpi/layouts.js';
import { OpenPiExecutor } from './openpi/openpi-executor.js';
import { jointVector, liberoState } from './openpi/proprio.js';
import { OpenVlaClient } from './openvla/client.js';
import { OpenVlaExecutor, OpenVlaOftExecutor } from './openvla/openvla-executor.js';
import { PolicyError } from './protocols/errors.js';
import type { RetryPolicy } from './protocols/retry.js';
import type { ExecutorConfig, RobotConfig } from './robot-config.js';
import { ros2ExecutorFromConfig } from './ros2/from-config.js';
import type { ModuleImporter } from './ros2/loader.js';
import { rosbridgeExecutorFromConfig } from './rosbridge/from-config.js';
import { SimExecutor } from './sim-executor.js';
import { TRAINED_TEMPLATES } from './sim-policy/language.js';
import { SimVlaPolicy } from './sim-policy/policy.js';

export interface ExecutorDeps {
  /** The robot the executor drives; `kind: sim` needs a `SimRobot` of the running simulation. */
  robot: Robot;
  ticker: TickSource;
  logger?: (message: string) => void;
  /** Where `api_key_env` and `ROS_DISTRO` are read; default `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** Loads rclnodejs (tests inject a fake). */
  rclImporter?: ModuleImporter;
  /** Bound of one `health()` call; default 3 s. */
  healthTimeoutMs?: number;
  now?: () => Date;
}

export interface ExecutorHandle {
  executor: Executor;
  /** Never throws; a hung or failing check reads `ok: false`. */
  health(): Promise<Health>;
  /** Stops a running goal, then releases sockets, ROS nodes and tick subscriptions. */
  close(): Promise<void>;
}

type Of<K extends ExecutorConfig['kind']> = Extract<ExecutorConfig, { kind: K }>;

/** Config `retry` (snake_case) → `RetryPolicy` overrides. */
export function retryFromConfig(r: { retries?: number | undefined; initial_delay_ms?: number | undefined; max_delay_ms?: number | undefined; factor?: number | undefined } | undefined): Partial<RetryPolicy> {
  return {
    ...(r?.retries !== undefined ? { retries: r.retries } : {}),
    ...(r?.initial_delay_ms !== undefined ? { initialDelayMs: r.initial_delay_ms } : {}),
    ...(r?.max_delay_ms !== undefined ? { maxDelayMs: r.max_delay_ms } : {}),
    ...(r?.factor !== undefined ? { factor: r.factor } : {}),
  };
}

/** `timeout_ms` and `max_message_bytes` of a network policy's config, as client options. */
function clientBounds(cfg: { timeout_ms?: number | undefined; max_message_bytes?: number | undefined }): { timeoutMs?: number; maxMessageBytes?: number } {
  return { ...(cfg.timeout_ms ? { timeoutMs: cfg.timeout_ms } : {}), ...(cfg.max_message_bytes ? { maxMessageBytes: cfg.max_message_bytes } : {}) };
}

function onRetry(id: string, logger?: (m: string) => void) {
  return logger ? (attempt: number, delayMs: number, err: unknown) => logger(`${id}: connect attempt ${attempt} failed (${err instanceof Error ? err.message : String(err)}); retrying in ${delayMs} ms`) : undefined;
}

/** `api_key_env` names a variable; a named but unset variable is a config error, not a silent anonymous request. */
export function apiKeyOf(cfg: Of<'openpi'>, env: NodeJS.ProcessEnv): string | undefined {
  if (!cfg.api_key_env) return undefined;
  const key = env[cfg.api_key_env];
  if (!key) throw new OrcaError('invalid_config', `api_key_env names ${cfg.api_key_env}, which is not set`);
  return key;
}

export function openPiLayoutOf(cfg: Of<'openpi'>, robotId = 'robot'): ObservationBuilder {
  const joints = cfg.joints ? jointVector(cfg.joints) : undefined;
  switch (cfg.layout) {
    case 'libero': {
      // The schema guarantees both for libero; a hand-built config that lacks them is refused here too.
      if (!cfg.wrist_camera || !cfg.state) throw new OrcaError('invalid_config', 'the libero layout needs wrist_camera and state');
      const s = cfg.state;
      return liberoLayout({
        ...(cfg.camera ? { camera: cfg.camera } : {}),
        wristCamera: cfg.wrist_camera,
        rotate180: cfg.rotate_180,
        state: liberoState({ eefPosition: s.eef_position, eefQuaternion: s.eef_quaternion, gripperQpos: s.gripper_qpos }),
      });
    }
    case 'droid':
      return droidLayout({
        ...(cfg.camera ? { exteriorCamera: cfg.camera } : {}),
        ...(cfg.wrist_camera ? { wristCamera: cfg.wrist_camera } : {}),
        ...(joints ? { jointPosition: joints } : {}),
      });
    case 'aloha': {
      const { cam_high, ...others } = cfg.cameras ?? {};
      if (!cam_high) throw new OrcaError('invalid_config', "the aloha layout needs cameras.cam_high: openpi's ALOHA policy fails without it");
      return alohaLayout({ cameras: { cam_high, ...others }, ...(joints ? { state: joints } : {}) });
    }
    case 'household':
      return householdLayout({ robot: cfg.robot ?? robotId, ...(cfg.camera ? { camera: cfg.camera } : {}), ...(cfg.image_size ? { imageSize: cfg.image_size } : {}) });
  }
}

/** Action width each openpi layout's models emit (PROTOCOLS.md §2.5). */
export const OPENPI_ACTION_DIMS = { libero: 7, droid: 8, aloha: 14, household: HOUSEHOLD_ACTION_DIM } as const;

/**
 * A household server ends every chunk at rest and plans the next from where the robot really is, so
 * the whole chunk runs (its length is the server's horizon) and the policy's claims bound the attempt.
 */
const HOUSEHOLD_WHOLE_CHUNK = 1024;
const HOUSEHOLD_MAX_STEPS = 100_000;

function jointsProprio(obs: Observation): number[] {
  if (!obs.joints) throw new PolicyError('malformed', `proprio: joints needs observation.joints of ${obs.robotId}`);
  return obs.joints.positions;
}

function templates(t: readonly string[] | undefined): { trainedTemplates?: readonly string[] } {
  return t ? { trainedTemplates: t } : {};
}

/** A config's `limits` (snake_case) as `ActionLimits`; none configured → none. */
export function limitsFromConfig(limits: RobotConfig['limits']): Partial<ActionLimits> {
  if (!limits) return {};
  return { maxBaseSpeed: limits.max_base_speed, maxBaseTurnRate: limits.max_base_turn_rate, maxEeSpeed: limits.max_ee_speed };
}

/**
 * Builds the executor a robot config names, driving `deps.robot` held to the config's `limits`.
 * Throws `Ros2UnavailableError` for `ros2` without ROS 2.
 */
export async function createExecutorFromConfig(config: RobotConfig, deps: ExecutorDeps): Promise<ExecutorHandle> {
  const cfg = config.executor;
  const { ticker } = deps;
  const limits = limitsFromConfig(config.limits);
  const robot = new LimitedRobot(deps.robot, limits);
  const retryLog = onRetry(config.id, deps.logger);
  const wrap = (executor: Executor, close: () => Promise<void> | void, stopFirst = true): ExecutorHandle => ({
    executor,
    health: () => timedHealth(() => executor.health(), { ...(deps.healthTimeoutMs !== undefined ? { timeoutMs: deps.healthTimeoutMs } : {}), ...(deps.now ? { now: deps.now } : {}) }),
    close: async () => {
      if (stopFirst && executor.state === 'running') await executor.stop('executor closed');
      await close();
    },
  });
  switch (cfg.kind) {
    case 'sim': {
      if (!(deps.robot instanceof SimRobot)) throw new OrcaError('invalid_config', `robot ${config.id}: kind sim needs a robot of the simulated household`);
      const exec = new SimExecutor(new LimitedSimRobot(deps.robot, limits), new SimVlaPolicy({ faults: cfg.faults, seed: cfg.seed }), ticker);
      // A sim stop confirms on a later control tick, which may never come once the owner is closing.
      return wrap(
        exec,
        () => {
          exec.reset();
          exec.dispose();
        },
        false,
      );
    }
    case 'openvla': {
      const client = new OpenVlaClient({ url: cfg.url, encoded: cfg.encoded, retry: retryFromConfig(cfg.retry), ...clientBounds(cfg), ...(retryLog ? { onRetry: retryLog } : {}) });
      const exec = new OpenVlaExecutor({
        robot,
        ticker,
        client,
        ...(cfg.camera ? { camera: cfg.camera } : {}),
        ...(cfg.unnorm_key ? { unnormKey: cfg.unnorm_key } : {}),
        ...(cfg.image_size ? { imageSize: cfg.image_size } : {}),
        ...(cfg.max_steps ? { maxSteps: cfg.max_steps } : {}),
        ...templates(cfg.trained_templates),
      });
      return wrap(exec, () => exec.reset());
    }
    case 'openvla_oft': {
      const client = new OpenVlaClient({ url: cfg.url, encoded: cfg.encoded, actionDim: cfg.action_dim, retry: retryFromConfig(cfg.retry), ...clientBounds(cfg), ...(retryLog ? { onRetry: retryLog } : {}) });
      // Config maps observation key → wire key; the executor wants wire key → observation key.
      const wristCameras = Object.fromEntries(Object.entries(cfg.wrist_cameras).map(([obsKey, wire]) => [wire, obsKey]));
      const exec = new OpenVlaOftExecutor({
        robot,
        ticker,
        client,
        wristCameras,
        imageSize: cfg.image_size,
        ...(cfg.proprio === 'joints' ? { proprio: jointsProprio } : {}),
        ...(cfg.camera ? { camera: cfg.camera } : {}),
        ...(cfg.open_loop_steps ? { openLoopSteps: cfg.open_loop_steps } : {}),
        ...(cfg.max_steps ? { maxSteps: cfg.max_steps } : {}),
        ...templates(cfg.trained_templates),
      });
      return wrap(exec, () => exec.reset());
    }
    case 'openpi': {
      const apiKey = apiKeyOf(cfg, deps.env ?? process.env);
      const client = new OpenPiClient({ url: cfg.url, retry: retryFromConfig(cfg.retry), ...(apiKey ? { apiKey } : {}), ...clientBounds(cfg), ...(retryLog ? { onRetry: retryLog } : {}) });
      const m = cfg.action_mapping;
      const exec = new OpenPiExecutor({
        robot,
        ticker,
        client,
        layout: openPiLayoutOf(cfg, config.id),
        openLoopSteps: cfg.layout === 'household' ? HOUSEHOLD_WHOLE_CHUNK : cfg.open_loop_steps,
        actionDim: cfg.action_dim ?? OPENPI_ACTION_DIMS[cfg.layout],
        mapAction: defaultOpenPiMapper(cfg.layout, robot, {
          ...(m?.arm ? { arm: m.arm } : {}),
          ...(m?.joint_velocity_scale !== undefined ? { jointVelocityScale: m.joint_velocity_scale } : {}),
          ...(m?.delta_period_s !== undefined ? { deltaPeriodS: m.delta_period_s } : {}),
          ...(cfg.joints ? { positions: jointVector(cfg.joints) } : {}),
        }),
        ...(cfg.max_steps ? { maxSteps: cfg.max_steps } : cfg.layout === 'household' ? { maxSteps: HOUSEHOLD_MAX_STEPS } : {}),
        ...templates(cfg.trained_templates ?? (cfg.layout === 'household' ? TRAINED_TEMPLATES : undefined)),
      });
      return wrap(exec, () => exec.reset());
    }
    case 'ros2': {
      const exec = await ros2ExecutorFromConfig(cfg, { robot, ticker, ...(deps.rclImporter ? { importer: deps.rclImporter } : {}), ...(deps.env ? { env: deps.env } : {}) });
      return wrap(exec, () => exec.close());
    }
    case 'rosbridge': {
      const exec = rosbridgeExecutorFromConfig(cfg, { robot, ticker });
      return wrap(exec, () => exec.close());
    }
  }
}
