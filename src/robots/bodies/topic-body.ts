import type { ActionLimits, RobotAction } from '../../domain/action.js';
import type { Capability } from '../../domain/entities.js';
import type { SiteLatch } from '../../domain/estop.js';
import type { Vec3 } from '../../domain/geometry.js';
import type { Observation } from '../../domain/observation.js';
import type { ApplyResult } from '../../domain/robot.js';
import { SafetyFilter } from '../safety-filter.js';
import type { Workspace } from '../safety-filter.js';
import type { RobotKind } from '../world-port.js';
import type { RobotBody } from './body.js';
import { CommandPort } from './commands.js';
import type { BodyConfig } from './config.js';
import { BodyNotReadyError } from './errors.js';
import { waitReady } from './readiness.js';
import { SensorState } from './sensors.js';
import { isStillSince } from './stillness.js';
import type { TopicTransport } from './transport.js';

export type TopicBodyConfig = Extract<BodyConfig, { kind: 'rosbridge' | 'ros2' }>;

/** What the fleet file says of the robot itself (a ROS graph does not say what kind of robot it is). */
export interface BodyRobot {
  id: string;
  kind: RobotKind;
  capabilities: readonly Capability[];
  limits: ActionLimits;
}

export interface TopicBodyOptions {
  robot: BodyRobot;
  config: TopicBodyConfig;
  transport: TopicTransport;
  /** The process's e-stop: read on every action, and while it is set the body sends zero commands. */
  siteLatch?: SiteLatch;
  /** Rooms of the site, to name the room an observation is in. */
  rooms?: readonly { id: string; rect: { x: number; y: number; w: number; d: number } }[];
  /** Base bounds for the safety filter. */
  workspace?: Workspace;
  /** Seconds on the runtime's clock (observation times, command stamps); default seconds since the body opened. */
  now?: () => number;
  /** The control period, seconds; default 0.1. */
  periodS?: number;
}

const wallMs = (): number => performance.now();

/**
 * A robot reached over topics (rosbridge or ROS 2): sensor topics decoded into `Observation`s,
 * actions through the safety filter and out as the configured commands, halts as zero commands,
 * an e-stop latch that keeps sending zeros, and a stop confirmed by the robot's own readings.
 */
export class TopicBody implements RobotBody {
  readonly id: string;
  readonly kind: RobotKind;
  readonly capabilities: readonly Capability[];
  readonly limits: ActionLimits;
  readonly sensors: SensorState;
  private readonly filter: SafetyFilter;
  private readonly commands: CommandPort;
  private readonly unsubscribers: (() => void)[];
  private readonly watchdog: ReturnType<typeof setInterval>;
  private readonly now: () => number;
  private readonly periodS: number;
  private latched = false;
  private seq = 0;

  constructor(private readonly opts: TopicBodyOptions) {
    const r = opts.robot;
    this.id = r.id;
    this.kind = r.kind;
    this.capabilities = [...r.capabilities];
    this.limits = { ...r.limits };
    this.periodS = opts.periodS ?? 0.1;
    const t0 = wallMs();
    this.now = opts.now ?? (() => (wallMs() - t0) / 1000);
    this.filter = new SafetyFilter({ kind: r.kind, limits: this.limits, ...(opts.workspace ? { workspace: opts.workspace } : {}) });
    this.sensors = new SensorState(opts.config.topics, (p) => this.baseToMap(p));
    this.commands = new CommandPort(r.id, opts.config.commands, opts.transport);
    this.unsubscribers = this.sensors.subscribe(opts.transport, wallMs);
    // While latched (here or site-wide), zeros go out every period: no stale command keeps a robot moving.
    this.watchdog = setInterval(() => {
      if (this.estopped) this.halt();
    }, this.periodS * 1000);
    this.watchdog.unref?.();
  }

  private baseToMap(p: Vec3): Vec3 {
    const pose = this.sensors.pose?.pose;
    if (!pose) return p;
    const c = Math.cos(pose.theta);
    const s = Math.sin(pose.theta);
    return { x: pose.x + c * p.x - s * p.y, y: pose.y + s * p.x + c * p.y, z: p.z };
  }

  get estopped(): boolean {
    return this.latched || (this.opts.siteLatch?.latched ?? false);
  }

  get observationAgeMs(): number {
    const at = this.sensors.pose?.at;
    return at === undefined ? Infinity : wallMs() - at;
  }

  ready(timeoutMs: number): Promise<void> {
    const check = { robotId: this.id, transport: this.opts.transport, inputs: this.sensors.statuses, outputs: this.commands.topics() };
    return waitReady(check, timeoutMs).then(() => this.commands.advertise());
  }

  observe(): Observation {
    const pose = this.sensors.pose?.pose;
    if (!pose) throw new BodyNotReadyError(this.id, `no pose yet from ${this.opts.config.topics.pose.topic}`);
    const detections = this.sensors.detections ?? [];
    const holding = detections.find((d) => d.heldBy === this.id)?.id ?? null;
    const images = Object.fromEntries(this.sensors.images);
    return {
      robotId: this.id,
      seq: ++this.seq,
      simTime: Math.max(0, this.now()),
      pose: { ...pose },
      ee: this.sensors.ee ?? { x: pose.x, y: pose.y, z: 0 },
      gripper: { aperture: this.sensors.aperture ?? 1, contact: holding !== null, holding },
      room: this.roomAt(pose),
      detections,
      ...(this.sensors.images.size > 0 ? { images } : {}),
      ...(this.sensors.joints ? { joints: this.sensors.joints } : {}),
    };
  }

  private roomAt(p: { x: number; y: number }): string | null {
    const room = this.opts.rooms?.find(({ rect: r }) => p.x >= r.x && p.x <= r.x + r.w && p.y >= r.y && p.y <= r.y + r.d);
    return room?.id ?? null;
  }

  apply(action: RobotAction): ApplyResult {
    if (this.estopped) {
      this.halt();
      return { status: 'rejected', reason: 'estopped', message: `robot ${this.id} is e-stopped` };
    }
    const pose = this.sensors.pose?.pose;
    const ee = this.sensors.ee;
    const result = this.filter.check(action, pose && ee ? { pose, ee, dt: this.periodS } : undefined);
    if (result.status === 'rejected') {
      this.halt();
      return result;
    }
    let why: string | null;
    try {
      why = this.commands.send(result.action, { pose: pose ?? null, ee, frames: this.sensors.frames, now: this.now(), periodS: this.periodS });
    } catch {
      // The link is down: nothing was (or can be) sent; the robot's own command timeout stops it.
      return { status: 'rejected', reason: 'not_allowed', message: `robot ${this.id}: ${this.opts.transport.describe} is not connected` };
    }
    if (why) {
      this.halt();
      return { status: 'rejected', reason: 'not_allowed', message: `robot ${this.id}: ${why}` };
    }
    return result;
  }

  halt(): void {
    try {
      this.commands.halt(this.now(), this.sensors.frames);
    } catch {
      // The link is down: nothing can be sent; the robot's own command timeout stops it.
    }
  }

  estop(): void {
    this.latched = true;
    this.halt();
  }

  releaseEstop(): void {
    this.latched = false;
  }

  /** Zero commands until the robot reads still and the trajectory and gripper goals are cancelled, or `stop_timeout_ms` passes. */
  async confirmedStop(): Promise<boolean> {
    const since = wallMs();
    const timeoutMs = this.opts.config.stop_timeout_ms;
    this.halt();
    const [goalsDone, isStill] = await Promise.all([this.commands.cancelGoals(timeoutMs), this.untilStill(since, since + timeoutMs)]);
    return goalsDone && isStill;
  }

  private async untilStill(since: number, deadline: number): Promise<boolean> {
    const hasEe = this.opts.config.topics.ee_pose !== undefined;
    while (!isStillSince(this.sensors, since, hasEe)) {
      if (wallMs() >= deadline) return false;
      await new Promise((r) => setTimeout(r, Math.min(50, this.periodS * 500)));
      this.halt();
    }
    return true;
  }

  async health(): Promise<{ ok: boolean; detail: string }> {
    const link = await this.opts.transport.health(2000);
    if (!link.ok) return link;
    const age = this.observationAgeMs;
    if (age > this.opts.config.stale_after_ms) return { ok: false, detail: `${link.detail}; no pose for ${Number.isFinite(age) ? `${Math.round(age)} ms` : 'ever'}` };
    return { ok: true, detail: `${link.detail}; pose ${Math.round(age)} ms old` };
  }

  async close(): Promise<void> {
    clearInterval(this.watchdog);
    this.halt();
    for (const u of this.unsubscribers.splice(0)) u();
    await this.opts.transport.close();
  }
}
