import type { ActionLimits, RobotAction } from '../../domain/action.js';
import type { Capability } from '../../domain/entities.js';
import type { Observation } from '../../domain/observation.js';
import type { ApplyResult } from '../../domain/robot.js';
import type { RobotBody } from '../../robots/bodies/body.js';

export interface TestBodyOptions {
  /** A new message every this many ms while publishing (a sensor topic). */
  periodMs?: number;
  /** `reject`: ready() names a silent topic after its timeout; `never`: ready() never settles. */
  ready?: 'ok' | 'reject' | 'never';
  /** What confirmedStop() answers. */
  confirmStop?: boolean;
  pose?: { x: number; y: number; theta: number };
}

/**
 * A body for runtime tests only: an in-memory arm whose "topics" publish on a timer, that can fall
 * silent (`silence()`) or lag, and that records what it was told (actions, halts, confirmed stops).
 */
export class TestBody implements RobotBody {
  readonly kind = 'test_arm';
  readonly capabilities: readonly Capability[] = ['manipulate'];
  readonly limits: ActionLimits = { maxBaseSpeed: 0.6, maxBaseTurnRate: 1.5, maxEeSpeed: 0.5 };
  readonly applied: RobotAction[] = [];
  halts = 0;
  confirmedStops = 0;
  closed = false;
  private seq = 0;
  private lastMessageAt = -Infinity;
  private latched = false;
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(
    readonly id: string,
    private readonly opts: TestBodyOptions = {},
  ) {
    this.resume();
  }

  /** The topics stop publishing (a crashed driver, a cut cable). */
  silence(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  resume(): void {
    this.silence();
    this.publish();
    this.timer = setInterval(() => this.publish(), this.opts.periodMs ?? 5);
    this.timer.unref();
  }

  private publish(): void {
    this.seq += 1;
    this.lastMessageAt = performance.now();
  }

  get observationAgeMs(): number {
    return performance.now() - this.lastMessageAt;
  }

  get estopped(): boolean {
    return this.latched;
  }

  observe(): Observation {
    return {
      robotId: this.id,
      seq: this.seq,
      simTime: 1_700_000_000 + this.seq,
      pose: { ...(this.opts.pose ?? { x: 2.5, y: 7, theta: 1.57 }) },
      ee: { x: 2.5, y: 7.3, z: 1.0 },
      gripper: { aperture: 1, contact: false, holding: null },
      room: 'kitchen',
      detections: [{ id: 'mug_red', type: 'Mug', confidence: 0.9, position: { x: 2.5, y: 7.4, z: 0.95 }, attributes: { color: 'red' }, state: {} }],
      images: {
        front: { width: 4, height: 2, encoding: 'rgb8', data: new Uint8Array(24).fill(this.seq % 255) },
        wrist: { width: 4, height: 2, encoding: 'rgb8', data: new Uint8Array(24).fill((this.seq + 1) % 255) },
      },
      // The end effector's orientation as a LIBERO policy wants it (an identity quaternion).
      joints: { names: ['ee_qx', 'ee_qy', 'ee_qz', 'ee_qw'], positions: [0, 0, 0, 1] },
    };
  }

  apply(action: RobotAction): ApplyResult {
    if (this.latched) return { status: 'rejected', reason: 'estopped', message: 'e-stop latched' };
    this.applied.push(action);
    return { status: 'applied', clamped: false, action };
  }

  halt(): void {
    this.halts += 1;
  }

  estop(): void {
    this.latched = true;
  }

  releaseEstop(): void {
    this.latched = false;
  }

  ready(timeoutMs: number): Promise<void> {
    if (this.opts.ready === 'never') return new Promise(() => undefined);
    if (this.opts.ready === 'reject') return new Promise((_r, reject) => setTimeout(() => reject(new Error(`no message on /${this.id}/odom within ${timeoutMs} ms`)), timeoutMs));
    return Promise.resolve();
  }

  confirmedStop(): Promise<boolean> {
    this.confirmedStops += 1;
    this.halts += 1;
    return Promise.resolve(this.opts.confirmStop ?? true);
  }

  health(): Promise<{ ok: boolean; detail: string }> {
    return Promise.resolve(this.timer ? { ok: true, detail: 'test topics publishing' } : { ok: false, detail: 'test topics silent' });
  }

  close(): Promise<void> {
    this.silence();
    this.closed = true;
    return Promise.resolve();
  }
}
