import type { TickSource } from '../domain/clock.js';
import type { Capability } from '../domain/entities.js';
import { OrcaError } from '../domain/failures.js';
import { createExecutorFromConfig } from '../executors/from-config.js';
import type { ExecutorHandle } from '../executors/from-config.js';
import type { RobotConfig } from '../executors/robot-config.js';
import type { RobotBody } from '../robots/bodies/body.js';
import type { RobotKind } from '../robots/world-port.js';
import { LIMITS } from '../world/index.js';
import { limitsFromConfig } from '../executors/from-config.js';
import type { BodyConfig } from '../robots/bodies/config.js';
import type { ModuleImporter } from '../executors/ros2/loader.js';
import { ClockedBody } from './clocked-body.js';
import { simRobotOf } from './bodies.js';
import type { BodyOpenDeps, BodyOpener } from './bodies.js';
import type { WallClock } from './control-gate.js';
import { SupervisedExecutor } from './supervised-executor.js';
import type { MemberLinks } from './supervised-executor.js';

/** One configured robot of a fleet, before it is opened. */
export interface FleetRobotSpec {
  id: string;
  /** The planner's kind of robot and what it can do (for bodies that cannot tell). */
  kind: RobotKind;
  capabilities: readonly Capability[];
  body: BodyConfig;
  /** Its executor, limits and capabilities (`id` is the fleet robot's). */
  config: RobotConfig;
  stepDeadlineMs: number;
}

/** One opened robot: its body, its executor (supervised by the runtime) and the handle that closes it. */
export interface FleetMember {
  id: string;
  spec: FleetRobotSpec;
  /** The body as the executors and the verifier see it (observations stamped on the fleet's clock). */
  body: RobotBody;
  executor: SupervisedExecutor;
  handle: ExecutorHandle;
  simulated: boolean;
  staleAfterMs: number;
}

/** A fleet that could not start: names the robot and the part (body or executor) and why. */
export class FleetStartError extends OrcaError {
  constructor(
    readonly robot: string,
    readonly part: string,
    cause: string,
  ) {
    super('fleet_start_failed', `robot ${robot}: ${part}: ${cause}`, { robot, part });
  }
}

export interface OpenMemberDeps {
  openBody: BodyOpener;
  bodyDeps: Omit<BodyOpenDeps, 'robotId' | 'robot'>;
  ticker: TickSource;
  clock: WallClock;
  readyTimeoutMs: number;
  healthTimeoutMs?: number;
  env?: NodeJS.ProcessEnv;
  rclImporter?: ModuleImporter;
  logger?: (message: string) => void;
}

const errText = (err: unknown): string => (err instanceof Error ? err.message : String(err));

export function bodyLabel(body: BodyConfig): string {
  return body.kind === 'rosbridge' ? `body (rosbridge ${body.url})` : `body (${body.kind})`;
}

/** The network links of a robot as its trace names them (see `StepLink`). */
function linksOf(spec: FleetRobotSpec): MemberLinks {
  const e = spec.config.executor;
  const b = spec.body;
  return {
    ...('url' in e ? { policy: `${e.kind} ${e.url}` } : {}),
    ...(b.kind === 'rosbridge' ? { body: `rosbridge ${b.url}` } : b.kind === 'ros2' ? { body: `ros2 ${b.node_name}` } : {}),
  };
}

export function executorLabel(config: RobotConfig): string {
  const e = config.executor;
  return 'url' in e ? `executor (${e.kind} ${e.url})` : `executor (${e.kind})`;
}

/**
 * Resolves with the promise's value, or rejects with `message` after `ms`; a value that arrives
 * late is handed to `late` (to close a body that connected after the caller gave up).
 */
function withDeadline<T>(p: Promise<T>, ms: number, clock: WallClock, message: string, late?: (value: T) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let expired = false;
    const cancel = clock.setTimer(ms, () => {
      expired = true;
      reject(new Error(message));
    });
    p.then(
      (v) => {
        cancel();
        if (expired) late?.(v);
        else resolve(v);
      },
      (err: unknown) => {
        cancel();
        if (!expired) reject(err instanceof Error ? err : new Error(String(err)));
      },
    );
  });
}

async function openBodyOf(spec: FleetRobotSpec, deps: OpenMemberDeps): Promise<RobotBody> {
  const ms = deps.readyTimeoutMs;
  const part = bodyLabel(spec.body);
  let body: RobotBody;
  try {
    const robot = { kind: spec.kind, capabilities: spec.capabilities, limits: { ...LIMITS, ...limitsFromConfig(spec.config.limits) } };
    body = await withDeadline(deps.openBody(spec.body, { ...deps.bodyDeps, robotId: spec.id, robot }), ms, deps.clock, `not open after ${ms} ms`, (b) => void b.close());
  } catch (err) {
    throw new FleetStartError(spec.id, part, errText(err));
  }
  try {
    // The body's own deadline names its silent topics; ours only guards against a body that never answers.
    await withDeadline(body.ready(ms), ms + 1000, deps.clock, `no answer from ready() within ${ms} ms`);
  } catch (err) {
    await body.close().catch(() => undefined);
    throw new FleetStartError(spec.id, part, errText(err));
  }
  return body;
}

async function openExecutor(spec: FleetRobotSpec, body: RobotBody, deps: OpenMemberDeps): Promise<ExecutorHandle> {
  const part = executorLabel(spec.config);
  let handle: ExecutorHandle;
  try {
    // The simulated policy drives the world's robot itself; every other executor drives the body.
    const robot = spec.config.executor.kind === 'sim' ? (simRobotOf(body) ?? body) : body;
    handle = await createExecutorFromConfig(spec.config, {
      robot,
      ticker: deps.ticker,
      ...(deps.logger ? { logger: deps.logger } : {}),
      ...(deps.env ? { env: deps.env } : {}),
      ...(deps.rclImporter ? { rclImporter: deps.rclImporter } : {}),
      ...(deps.healthTimeoutMs !== undefined ? { healthTimeoutMs: deps.healthTimeoutMs } : {}),
    });
  } catch (err) {
    throw new FleetStartError(spec.id, part, errText(err));
  }
  const health = await handle.health();
  if (!health.ok) {
    await handle.close().catch(() => undefined);
    throw new FleetStartError(spec.id, part, health.detail);
  }
  return handle;
}

/** Opens one robot: its body (ready within the deadline), then its executor (healthy). Closes what it opened when a later part fails. */
export async function openMember(spec: FleetRobotSpec, deps: OpenMemberDeps): Promise<FleetMember> {
  const opened = await openBodyOf(spec, deps);
  const simulated = simRobotOf(opened) !== null;
  const body = simulated ? opened : new ClockedBody(opened, () => deps.ticker.simTime);
  let handle: ExecutorHandle;
  try {
    handle = await openExecutor(spec, body, deps);
  } catch (err) {
    await opened.close().catch(() => undefined);
    throw err;
  }
  const executor = new SupervisedExecutor(handle.executor, body, () => deps.ticker.simTime, linksOf(spec));
  const staleAfterMs = spec.body.kind === 'sim' ? Infinity : spec.body.stale_after_ms;
  return { id: spec.id, spec, body, executor, handle, simulated, staleAfterMs };
}

/** Opens every robot at once; when one fails, closes the others and rethrows the first failure. */
export async function openMembers(specs: readonly FleetRobotSpec[], deps: OpenMemberDeps): Promise<FleetMember[]> {
  const results = await Promise.allSettled(specs.map((s) => openMember(s, deps)));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (!failed) return results.map((r) => (r as PromiseFulfilledResult<FleetMember>).value);
  await Promise.all(results.map((r) => (r.status === 'fulfilled' ? closeMember(r.value) : undefined)));
  throw failed.reason;
}

export async function closeMember(m: FleetMember): Promise<void> {
  await m.handle.close().catch(() => undefined);
  await m.body.close().catch(() => undefined);
}
